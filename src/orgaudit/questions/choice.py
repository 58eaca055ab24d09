"""Questions answered by choosing options: yes/no, one option, several options."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..i18n import _, integer, ngettext
from ..model import AnswerValue, Criterion
from .base import Problem, Prompt, QuestionType, SubmissionError, ValueProblem


def shown(value: Any) -> str:
    """A value as a message quotes it: strings in quotes, anything else as Python writes it."""
    return f"'{value}'" if isinstance(value, str) else repr(value)


class SingleChoice(QuestionType):
    name = "single"
    operand = "choice"
    fields = ("options",)

    def lint(self, crit: Mapping[str, Any], points: bool) -> Iterator[Problem]:
        options = crit.get("options", [])
        if options and not points:
            scores = [o.get("score", 0) for o in options]
            if scores != sorted(scores, reverse=True):
                yield ("options",), "options should run from healthiest (highest score) to worst"

    def outline(self, crit: Criterion) -> str:
        return ngettext(
            "{type} ({count} option)", "{type} ({count} options)", len(crit.options)
        ).format(type=self.name, count=integer(len(crit.options)))

    def accepted(self, crit: Criterion) -> str:
        return ", ".join(o.value for o in crit.options)

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or crit.option(value) is None:
            raise ValueProblem(
                _("{value} is not an option of '{id}'").format(value=shown(value), id=crit.id)
            )
        return value

    def template_comment(self, crit: Criterion) -> list[tuple[str, int]]:
        return [(f"{o.value} = {o.label}", 1) for o in crit.options]

    def prompt(self, crit: Criterion) -> Prompt:
        return Prompt(
            choices=tuple(o.label for o in crit.options),
            typed=_("a number from 1 to {count}").format(count=len(crit.options)),
        )

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        raw = text.strip().lower()
        if raw.isdigit() and 1 <= int(raw) <= len(crit.options):
            return crit.options[int(raw) - 1].value
        return None

    def show_typed(self, crit: Criterion, value: AnswerValue) -> str:
        for number, option in enumerate(crit.options, start=1):
            if option.value == value:
                return f"{number} ({option.label})"
        return str(value)

    def answer_words(self, crit: Criterion, value: AnswerValue) -> str:
        option = crit.option(str(value))
        return option.label if option else str(value)

    def bucket_words(self, crit: Criterion, key: str) -> tuple[str, float | None, int]:
        for i, option in enumerate(crit.options):
            if option.value == key:
                return option.label, option.score, i
        return key, None, len(crit.options)

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        option = crit.option(str(value))
        if option is None:
            raise ValueError(f"{value!r} is not an option of {crit.id}")
        return option.score, option.points or 0.0, (option.red_flag,) if option.red_flag else ()

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        return {"type": f"select_one {choices}"}

    def xlsform_choices(self, crit: Criterion) -> list[tuple[str, str]]:
        return [(o.value, o.label) for o in crit.options]

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        value = cell.strip()
        if crit.option(value) is None:
            known = ", ".join(o.value for o in crit.options)
            raise SubmissionError(f"{value!r} is not one of its options ({known})")
        return value

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        return {"kind": "choice", "options": _options(crit)}

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        if not isinstance(value, str):
            raise SubmissionError(f"{value!r} is not one of its options")
        return self.from_submission(crit, value)


def _options(crit: Criterion) -> list[dict[str, Any]]:
    return [
        {"value": o.value, "label": o.label, "exclusive": bool(getattr(o, "exclusive", False))}
        for o in crit.options
    ]


class YesNo(SingleChoice):
    name = "yes_no"
    na_key = "na"

    def lint(self, crit: Mapping[str, Any], points: bool) -> Iterator[Problem]:
        if sorted(o["value"] for o in crit.get("options", [])) != ["no", "yes"]:
            yield ("options",), "a yes_no question needs exactly two options, 'yes' and 'no'"
        yield from super().lint(crit, points)

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, bool):
            value = "yes" if value else "no"
        return super().check(crit, value)

    def prompt(self, crit: Criterion) -> Prompt:
        return Prompt(
            choices=tuple(o.label for o in crit.options),
            typed=_("1-{count} or y/n").format(count=len(crit.options)),
            help=_("Answer 1 or 2, or y or n."),
        )

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        alias = {"y": "yes", "yes": "yes", "n": "no", "no": "no"}.get(text.strip().lower())
        if alias is not None and crit.option(alias) is not None:
            return alias
        return super().parse_typed(crit, text)


def exclusive_clash(crit: Criterion, chosen: list[str] | tuple[str, ...]) -> str | None:
    """Why these options cannot be chosen together (an exclusive option with another), or None."""
    picked = list(chosen)
    if len(picked) < 2:
        return None
    for value in picked:
        option = crit.option(value)
        if option is not None and option.exclusive:
            others = ", ".join(f"'{v}'" for v in picked if v != value)
            return _(
                "'{value}' ({label}) is chosen on its own, not with {others}, in '{id}'"
            ).format(value=value, label=option.label, others=others, id=crit.id)
    return None


class MultiChoice(QuestionType):
    name = "multi"
    operand = "choice"
    multiple = True
    fields = ("options",)

    def points_range(self, crit: Criterion) -> tuple[float, float]:
        """Points add up: the fewest is every negative option, the most every positive one."""
        pts = [o.points or 0.0 for o in crit.options]
        return (sum(p for p in pts if p < 0), sum(p for p in pts if p > 0))

    outline = SingleChoice.outline

    def accepted(self, crit: Criterion) -> str:
        return _("a list of {values}").format(values=", ".join(o.value for o in crit.options))

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ValueProblem(_("'{id}' takes a list of options").format(id=crit.id))
        chosen: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or crit.option(item) is None:
                raise ValueProblem(
                    _("{value} is not an option of '{id}'").format(value=shown(item), id=crit.id),
                    at=i,
                )
            if item in chosen:
                raise ValueProblem(
                    _("'{value}' is listed twice").format(value=item), at=i, show_accepted=False
                )
            chosen.append(item)
            clash = exclusive_clash(crit, chosen)
            if clash is not None:
                raise ValueProblem(clash, at=i)
        return tuple(chosen)

    def template_comment(self, crit: Criterion) -> list[tuple[str, int]]:
        lines = [(_("Choose any of (a list):"), 0)]
        for o in crit.options:
            alone = " " + _("(exclusive: choose it alone)") if o.exclusive else ""
            lines.append((f"{o.value} = {o.label}{alone}", 1))
        return lines

    def prompt(self, crit: Criterion) -> Prompt:
        return Prompt(
            choices=tuple(o.label for o in crit.options),
            note=_("Choose all that apply, e.g. 1,3 (or none)."),
            typed=_("numbers from 1 to {count}, like 1,3 (or none)").format(
                count=len(crit.options)
            ),
        )

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        raw = text.strip().lower()
        if raw in ("none", "0", "-"):
            return ()
        parts = [p for p in re.split(r"[\s,;]+", raw) if p]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= len(crit.options) for p in parts):
            return None
        picked = sorted({int(p) for p in parts})
        return tuple(crit.options[i - 1].value for i in picked)

    def show_typed(self, crit: Criterion, value: AnswerValue) -> str:
        if not isinstance(value, tuple):
            return str(value)
        numbers = [str(i) for i, o in enumerate(crit.options, start=1) if o.value in value]
        return ",".join(numbers) if numbers else "none"

    def answer_words(self, crit: Criterion, value: AnswerValue) -> str:
        chosen = value if isinstance(value, tuple) else (str(value),)
        labels = [o.label for o in crit.options if o.value in chosen]
        return "; ".join(labels) or _("None selected")

    bucket_words = SingleChoice.bucket_words

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        picked = value if isinstance(value, tuple) else (str(value),)
        chosen = [o for o in crit.options if o.value in picked]
        score = min(1.0, max(0.0, sum(o.score for o in chosen)))
        points = sum(o.points or 0.0 for o in chosen)
        return score, points, tuple(o.red_flag for o in chosen if o.red_flag)

    def buckets(self, crit: Criterion, value: AnswerValue) -> list[str]:
        return [str(v) for v in value] if isinstance(value, tuple | list) else [str(value)]

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        row: dict[str, Any] = {"type": f"select_multiple {choices}"}
        exclusive = [o.value for o in crit.options if getattr(o, "exclusive", False)]
        if exclusive:
            alone = " and ".join(
                f"not(selected(., '{v}') and count-selected(.) > 1)" for v in exclusive
            )
            row["constraint"] = alone
            row["constraint_message"] = _("This answer cannot be combined with others.")
        return row

    def xlsform_choices(self, crit: Criterion) -> list[tuple[str, str]]:
        return [(o.value, o.label) for o in crit.options]

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        picked = tuple(part for part in cell.split() if part)
        unknown = [v for v in picked if crit.option(v) is None]
        if unknown:
            raise SubmissionError(f"{', '.join(map(repr, unknown))} not among its options")
        return tuple(o.value for o in crit.options if o.value in picked)

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        return {"kind": "multi", "options": _options(crit)}

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        """A list of option values, kept in the rubric's order; an exclusive option alone."""
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SubmissionError(f"{value!r} is not a list of options")
        picked = self.from_submission(crit, " ".join(value)) if value else ()
        assert isinstance(picked, tuple)
        alone = [o.value for o in crit.options if getattr(o, "exclusive", False)]
        if len(picked) > 1 and any(v in alone for v in picked):
            raise SubmissionError("an exclusive answer cannot be combined with others")
        return picked

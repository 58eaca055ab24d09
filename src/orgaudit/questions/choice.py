"""Questions answered by choosing options: yes/no, one option, several options."""

from __future__ import annotations

from typing import Any

from ..model import AnswerValue, Criterion
from .base import QuestionType, SubmissionError


class SingleChoice(QuestionType):
    name = "single"

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


class MultiChoice(QuestionType):
    name = "multi"

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
            row["constraint_message"] = "This answer cannot be combined with others."
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

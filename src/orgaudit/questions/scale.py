"""Questions answered on a scale of whole numbers (1 to 5, say)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..i18n import _
from ..model import AnswerValue, Criterion
from .base import Problem, Prompt, QuestionType, SubmissionError, ValueProblem
from .choice import shown


class Scale(QuestionType):
    name = "scale"
    operand = "number"
    fields = ("scale",)
    whole_numbers = True

    def lint(self, crit: Mapping[str, Any], points: bool) -> Iterator[Problem]:
        if crit["scale"]["min"] >= crit["scale"]["max"]:
            yield ("scale", "max"), "the scale's max must be greater than its min"

    def bounds(self, crit: Mapping[str, Any]) -> tuple[float | None, float | None]:
        scale = crit.get("scale", {})
        return scale.get("min"), scale.get("max")

    def outline(self, crit: Criterion) -> str:
        return _("scale {low}-{high}").format(low=crit.scale_min, high=crit.scale_max)

    def accepted(self, crit: Criterion) -> str:
        return _("a whole number from {low} to {high}").format(
            low=crit.scale_min, high=crit.scale_max
        )

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueProblem(_("{value} is not a number").format(value=shown(value)))
        if not float(value).is_integer() or not crit.scale_min <= value <= crit.scale_max:
            raise ValueProblem(
                _("{value} is outside the scale {low}-{high}").format(
                    value=value, low=crit.scale_min, high=crit.scale_max
                )
            )
        return int(value)

    def template_comment(self, crit: Criterion) -> list[tuple[str, int]]:
        ends = (
            f" ({crit.scale_min_label} .. {crit.scale_max_label})" if crit.scale_min_label else ""
        )
        return [(self.accepted(crit).capitalize() + ends, 0)]

    def prompt(self, crit: Criterion) -> Prompt:
        low = f"  {crit.scale_min} = {crit.scale_min_label}" if crit.scale_min_label else ""
        high = f"  {crit.scale_max} = {crit.scale_max_label}" if crit.scale_max_label else ""
        return Prompt(
            lines=(
                "  " + self.accepted(crit).capitalize() + ".",
                *(x for x in (low, high) if x),
            ),
            typed=self.accepted(crit),
        )

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        raw = text.strip()
        if not re.fullmatch(r"[+-]?\d{1,9}", raw):
            return None
        number = int(raw)
        return number if crit.scale_min <= number <= crit.scale_max else None

    def answer_words(self, crit: Criterion, value: AnswerValue) -> str:
        ends = ""
        if crit.scale_min_label and crit.scale_max_label:
            ends = (
                f" ({crit.scale_min} = {crit.scale_min_label}; "
                f"{crit.scale_max} = {crit.scale_max_label})"
            )
        return (
            _("{value} on a scale of {low} to {high}").format(
                value=value, low=crit.scale_min, high=crit.scale_max
            )
            + ends
        )

    def bucket_words(self, crit: Criterion, key: str) -> tuple[str, float | None, int]:
        return f"{key} on {crit.scale_min}–{crit.scale_max}", None, len(crit.options)

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        number = float(value)  # type: ignore[arg-type]
        fraction = (number - crit.scale_min) / (crit.scale_max - crit.scale_min)
        fraction = min(1.0, max(0.0, fraction))
        return (1.0 - fraction if crit.scale_reverse else fraction), 0.0, ()

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        return {"type": f"select_one {choices}"}

    def xlsform_choices(self, crit: Criterion) -> list[tuple[str, str]]:
        rows = []
        for point in range(crit.scale_min, crit.scale_max + 1):
            label = str(point)
            if point == crit.scale_min and crit.scale_min_label:
                label += f" ({crit.scale_min_label})"
            if point == crit.scale_max and crit.scale_max_label:
                label += f" ({crit.scale_max_label})"
            rows.append((str(point), label))
        return rows

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        try:
            point = int(cell.strip())
        except ValueError:
            raise SubmissionError(f"{cell!r} is not a whole number") from None
        if not crit.scale_min <= point <= crit.scale_max:
            raise SubmissionError(f"{point} is outside {crit.scale_min} to {crit.scale_max}")
        return point

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        return {
            "kind": "scale",
            "min": crit.scale_min,
            "max": crit.scale_max,
            "minLabel": crit.scale_min_label or "",
            "maxLabel": crit.scale_max_label or "",
        }

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise SubmissionError(f"{value!r} is not a whole number")
        return self.from_submission(crit, str(value))

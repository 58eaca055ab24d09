"""Questions answered on a scale of whole numbers (1 to 5, say)."""

from __future__ import annotations

from typing import Any

from ..model import AnswerValue, Criterion
from .base import QuestionType, SubmissionError


class Scale(QuestionType):
    name = "scale"

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

"""Questions answered with a number, scored by thresholds (months, hours, a share)."""

from __future__ import annotations

import math
from typing import Any

from ..model import AnswerValue, Criterion
from .base import QuestionType, SubmissionError


class Number(QuestionType):
    name = "number"

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        number = float(value)  # type: ignore[arg-type]
        for threshold in crit.thresholds:
            if threshold.up_to is None or number <= threshold.up_to:
                flags = (threshold.red_flag,) if threshold.red_flag else ()
                return threshold.score, threshold.points or 0.0, flags
        raise ValueError(f"{number} is above every threshold of {crit.id}")

    def buckets(self, crit: Criterion, value: AnswerValue) -> list[str]:
        if isinstance(value, int | float):
            for t in crit.thresholds:
                if t.up_to is None or float(value) <= t.up_to:
                    if t.label:
                        return [t.label]
                    return [f"up to {t.up_to:g}" if t.up_to is not None else "more"]
        return [str(value)]

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        row: dict[str, Any] = {"type": "integer" if crit.number_integer else "decimal"}
        bounds = []
        if crit.number_min is not None:
            bounds.append(f". >= {crit.number_min:g}")
        if crit.number_max is not None:
            bounds.append(f". <= {crit.number_max:g}")
        if bounds:
            row["constraint"] = " and ".join(bounds)
            low = "" if crit.number_min is None else f"at least {crit.number_min:g}"
            high = "" if crit.number_max is None else f"at most {crit.number_max:g}"
            row["constraint_message"] = "A number " + " and ".join(x for x in (low, high) if x)
        return row

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        try:
            number = float(cell.strip())
        except ValueError:
            raise SubmissionError(f"{cell!r} is not a number") from None
        if not math.isfinite(number):
            raise SubmissionError(f"{cell!r} is not a number")
        if crit.number_min is not None and number < crit.number_min:
            raise SubmissionError(f"{number:g} is below {crit.number_min:g}")
        if crit.number_max is not None and number > crit.number_max:
            raise SubmissionError(f"{number:g} is above {crit.number_max:g}")
        if crit.number_integer or number.is_integer():
            if not number.is_integer():
                raise SubmissionError(f"{number:g} is not a whole number")
            return int(number)
        return number

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        return {
            "kind": "number",
            "min": crit.number_min,
            "max": crit.number_max,
            "integer": crit.number_integer,
            "unit": crit.unit or "",
        }

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        """The page sends the number as typed (a string) or as a number; whole numbers are
        saved as integers, as `from_submission` does."""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise SubmissionError(f"{value!r} is not a number")
        return self.from_submission(crit, str(value))

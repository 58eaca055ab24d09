"""Questions answered with a share from 0 to 100 %, scored by thresholds.

A member may type `60%`, `60 %` or `60`; answers files hold the number (60). The rubric gives
only `thresholds`, in percent: the limits and the unit are the type's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..i18n import _
from ..model import AnswerValue, Criterion, QuestionSpec
from .base import Problem, SubmissionError
from .number import Limits, Number

#: A percentage in data (answers files, survey exports): Python's notation, an optional "%".
_PERCENT = re.compile(r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%?\s*")


def _strip_percent(text: str) -> str | None:
    match = _PERCENT.fullmatch(text)
    return match.group(1) if match else None


class Percentage(Number):
    name = "percentage"
    fields = ("thresholds",)
    spec_text_fields = ()

    def spec(self, raw: Mapping[str, Any]) -> QuestionSpec:
        return QuestionSpec()  # no limits or unit of the rubric's: they are the type's own

    def limits(self, crit: Criterion) -> Limits:
        return Limits(0.0, 100.0, False, "%")

    def with_unit(self, number: str, unit: str) -> str:
        return f"{number}%"

    def words(self, crit: Criterion) -> str:
        return _("a percentage from 0 to 100 (60 or 60%)")

    def lint(self, crit: Mapping[str, Any], points: bool) -> Iterator[Problem]:
        return iter(())

    def bounds(self, crit: Mapping[str, Any]) -> tuple[float | None, float | None]:
        return 0.0, 100.0

    def outline(self, crit: Criterion) -> str:
        return _("percentage")

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, str) and (number := _strip_percent(value)) is not None:
            value = float(number) if "." in number else int(number)
        return super().check(crit, value)

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        """As typed: the number in the member's notation, then "%" or Persian "٪" at most once."""
        number = re.sub(r"\s*[%\u066a]\s*$", "", text.strip(), count=1)
        return super().parse_typed(crit, number) if number else None

    def show_typed(self, crit: Criterion, value: AnswerValue) -> str:
        return self.answer_words(crit, value)

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        number = _strip_percent(cell)
        if number is None:
            raise SubmissionError(f"{cell!r} is not a percentage")
        return super().from_submission(crit, number)

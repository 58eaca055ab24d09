"""Free-text questions: evidence in the members' own words, never scored."""

from __future__ import annotations

from typing import Any

from ..model import AnswerValue, Criterion
from .base import QuestionType, SubmissionError


class Text(QuestionType):
    name = "text"

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        raise ValueError(f"{crit.id} is free text: not scored")

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        return {"type": "text"}

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        return cell

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        return {"kind": "text"}

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        if not isinstance(value, str):
            raise SubmissionError(f"{value!r} is not text")
        return value

"""Free-text questions: evidence in the members' own words, never scored."""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..model import AnswerValue, Criterion
from .base import Prompt, QuestionType, SubmissionError, ValueProblem


class Text(QuestionType):
    name = "text"
    scored = False

    def outline(self, crit: Criterion) -> str:
        return _("text, not scored")

    def accepted(self, crit: Criterion) -> str:
        return _("text")

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValueProblem(_("'{id}' takes text").format(id=crit.id), show_accepted=False)
        return str(value)

    def template_comment(self, crit: Criterion) -> list[tuple[str, int]]:
        return [(_("Free text (evidence only, not scored)"), 0)]

    def prompt(self, crit: Criterion) -> Prompt:
        return Prompt(
            lines=("  " + _("Type your answer on one line (not scored; Enter to skip)."),),
            typed=_("text"),
        )

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        return text

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

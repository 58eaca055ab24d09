"""The interface every question type implements."""

from __future__ import annotations

from typing import Any

from ..model import AnswerValue, Criterion


class SubmissionError(ValueError):
    """A survey platform's cell that is not an answer to this question (the message says why)."""


class QuestionType:
    """What one kind of question (single choice, number, ...) means to each part of orgaudit."""

    name = ""

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        """Score in [0, 1], points, and the red flags raised, for a valid answer."""
        raise NotImplementedError

    def buckets(self, crit: Criterion, value: AnswerValue) -> list[str]:
        """The keys one answer counts under in a pooled distribution."""
        return [str(value)]

    # --- survey platforms (XLSForm) -------------------------------------------------------

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        """The survey-sheet columns of this question (`type`, `constraint` ...); `choices` is
        the name of its choice list, where it has one."""
        raise NotImplementedError

    def xlsform_choices(self, crit: Criterion) -> list[tuple[str, str]]:
        """(name, label) rows of its choice list; none for types without one."""
        return []

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        """A submission cell (as the platform exported it) as an answer; raises SubmissionError."""
        raise NotImplementedError

    # --- the browser form (`orgaudit form`) ---------------------------------------------

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        """What the page draws for this question, as JSON-friendly data (the page's script
        knows one widget per `kind`: choice, multi, scale, number, text)."""
        raise NotImplementedError

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        """A value as the page's widget gives it (JSON) as the answers-file value; raises
        SubmissionError. The page's script applies the same rules before it saves."""
        raise NotImplementedError

    def xpath_value(self, crit: Criterion, value: str | float) -> str:
        """A condition's value as an XPath literal for `relevant` expressions."""
        if isinstance(value, int | float):
            return f"{value:g}"
        return "'" + str(value).replace("'", "") + "'"

"""The interface every question type implements."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..model import AnswerValue, Criterion, QuestionSpec

#: A lint finding of a type: the path below the criterion (("scale", "max"), ...) and a message.
Problem = tuple[tuple[str | int, ...], str]

#: Where a text of a type's spec is in a rubric's criterion and its translation, below the
#: criterion: ("scale", "min_label"), ("unit",).
TextKey = tuple[str, ...]


class SubmissionError(ValueError):
    """A survey platform's cell that is not an answer to this question (the message says why)."""


class ValueProblem(ValueError):
    """An answers-file value this type does not take.

    `at` is the index in a list answer where the problem is; `show_accepted` says whether the
    accepted answers make a useful hint."""

    def __init__(self, message: str, at: int | None = None, show_accepted: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.at = at
        self.show_accepted = show_accepted


@dataclass(frozen=True)
class Prompt:
    """What the terminal questionnaire shows under a question, in words the type chooses."""

    #: Numbered choices: the member types the number.
    choices: tuple[str, ...] = ()
    #: A line above the choices, shown dimmed ("Choose all that apply ...").
    note: str = ""
    #: Plain lines where there are no numbered choices.
    lines: tuple[str, ...] = ()
    #: What may be typed, for "Not understood: answer with ...".
    typed: str = ""
    #: How to type an answer, shown with the question's help (`?`).
    help: str = ""


class QuestionType:
    """What one kind of question (single choice, number, ...) means to each part of orgaudit."""

    name = ""
    #: What conditions (`when:`) may test on it: options, a number (`at_least`), or nothing.
    operand: Literal["choice", "number", "none"] = "none"
    #: Answers count in scores (free text is evidence only).
    scored = True
    #: Answers are whole numbers (a scale's points).
    whole_numbers = False
    #: Several options may be chosen at once (points add up; `exclusive` applies).
    multiple = False
    #: The rubric keys its questions use besides the common ones ("options", "scale" ...).
    fields: tuple[str, ...] = ()
    #: The key for "not applicable" in the terminal (yes/no keeps `n` for "no").
    na_key = "n"
    #: Survey platforms ask "answered / don't know" before the value (there is no choice list
    #: to hold don't know).
    known_first = False

    #: The texts of the type's spec that a translation replaces, as (key below the criterion,
    #: as rubrics and translation files write it; the spec's field): `spec_texts` and
    #: `with_texts` read it.
    spec_text_fields: tuple[tuple[TextKey, str], ...] = ()

    # --- the rubric -------------------------------------------------------------------------

    def spec(self, raw: Mapping[str, Any]) -> QuestionSpec:
        """The type's own fields of a rubric's criterion (the raw YAML mapping, checked by the
        schema and the lint) as its spec, `Criterion.spec`."""
        return QuestionSpec()

    def spec_texts(self, spec: QuestionSpec) -> Iterator[tuple[TextKey, str]]:
        """The texts of a spec that a translation replaces (a scale's labels, a unit), each
        with its key below the criterion, in the order of `spec_text_fields`."""
        for key, name in self.spec_text_fields:
            text = getattr(spec, name, None)
            if text:
                yield key, text

    def with_texts(
        self, spec: QuestionSpec, text_of: Callable[[TextKey, str], str]
    ) -> QuestionSpec:
        """A copy of `spec` whose texts (`spec_texts`) are `text_of(key, original)`."""
        changes = {
            name: text_of(key, text)
            for key, name in self.spec_text_fields
            if (text := getattr(spec, name, None))
        }
        return dataclasses.replace(spec, **changes) if changes else spec

    def lint(self, crit: Mapping[str, Any], points: bool) -> Iterator[Problem]:
        """Problems of the type's own fields in a rubric's criterion (the raw YAML mapping)."""
        return iter(())

    def bounds(self, crit: Mapping[str, Any]) -> tuple[float | None, float | None]:
        """The lowest and highest number a member may answer (raw YAML), for numeric types."""
        return None, None

    def points_range(self, crit: Criterion) -> tuple[float, float]:
        """The fewest and most points one answer can give."""
        values = [o.points or 0.0 for o in crit.options]
        return (min(values), max(values)) if values else (0.0, 0.0)

    def outline(self, crit: Criterion) -> str:
        """The type in a few words, for `orgaudit rubric show`."""
        return self.name

    # --- answers files ----------------------------------------------------------------------

    def accepted(self, crit: Criterion) -> str:
        """The answers a file may hold, in words (without don't know and not applicable)."""
        raise NotImplementedError

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        """A value read from an answers file as the answer it means; raises ValueProblem."""
        raise NotImplementedError

    def template_comment(self, crit: Criterion) -> list[tuple[str, int]]:
        """Comment lines of a blank answers file: (text, depth), depth 1 for a listed option."""
        raise NotImplementedError

    # --- the terminal questionnaire ---------------------------------------------------------

    def prompt(self, crit: Criterion) -> Prompt:
        raise NotImplementedError

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        """The answer a member typed, or None when it is not one."""
        raise NotImplementedError

    def show_typed(self, crit: Criterion, value: AnswerValue) -> str:
        """An answer as the member would type it again (option numbers, with their label)."""
        return str(value)

    # --- reports ----------------------------------------------------------------------------

    def answer_words(self, crit: Criterion, value: AnswerValue) -> str:
        """An answer in words for a reader: option labels, scale positions, units."""
        return str(value)

    def bucket_words(self, crit: Criterion, key: str) -> tuple[str, float | None, int]:
        """A pooled distribution key (from `buckets`) in words, the score it stands for (None
        when it has none) and its place in the rubric's order."""
        return key, None, len(crit.options)

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

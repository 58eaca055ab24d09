"""Question types, one module each: what a type means wherever orgaudit meets it.

Each module defines one `QuestionType` subclass; `handler(type_name)` returns it. A type owns its
spec (its own fields of a criterion, `Criterion.spec`: `ScaleSpec`, `NumberSpec`), its lint, its
answers in files, at the terminal and in reports, its scoring and pooled distribution, its
XLSForm row, the browser form's widget and how a survey platform's submission becomes an
answer. Adding a type: a module (with its spec, if it has fields of its own), a line in
`_REGISTRY`, the schema's enum (and the `then:` naming its required fields).
`percentage.py` was added that way.
"""

from __future__ import annotations

from .base import Prompt, QuestionType, SubmissionError, ValueProblem
from .choice import MultiChoice, SingleChoice, YesNo
from .number import Number
from .percentage import Percentage
from .scale import Scale
from .text import Text

_REGISTRY: dict[str, QuestionType] = {
    t.name: t
    for t in (
        YesNo(),
        SingleChoice(),
        MultiChoice(),
        Scale(),
        Number(),
        Percentage(),
        Text(),
    )
}


def handler(type_name: str) -> QuestionType:
    """The question type called `type_name` (a rubric's `type:`)."""
    return _REGISTRY[type_name]


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


__all__ = ["Prompt", "QuestionType", "SubmissionError", "ValueProblem", "handler", "names"]

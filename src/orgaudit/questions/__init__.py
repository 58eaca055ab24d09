"""Question types, one module each: what a type means wherever orgaudit meets it.

Each module defines one `QuestionType` subclass; `handler(type_name)` returns it. A type owns its
scoring, the words of its answers in pooled distributions, its XLSForm row and how a survey
platform's submission becomes an answer (and, as the other layers move here, the rest of issue
13's interface). Adding a type: a module, a line in `_REGISTRY`, the schema's enum.
"""

from __future__ import annotations

from .base import QuestionType, SubmissionError
from .choice import MultiChoice, SingleChoice, YesNo
from .number import Number
from .scale import Scale
from .text import Text

_REGISTRY: dict[str, QuestionType] = {
    t.name: t for t in (YesNo(), SingleChoice(), MultiChoice(), Scale(), Number(), Text())
}


def handler(type_name: str) -> QuestionType:
    """The question type called `type_name` (a rubric's `type:`)."""
    return _REGISTRY[type_name]


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


__all__ = ["QuestionType", "SubmissionError", "handler", "names"]

"""Declarative conditions (`when:`): parsed from data, evaluated against answers, never `eval`ed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .i18n import _, digits
from .model import AllOf, AnswerValue, AnyOf, Condition, Leaf, Not

LEAF_OPS = ("equals", "in", "at_least")


def parse_condition(data: Mapping[str, Any]) -> Condition:
    """Build a condition from its YAML form; the rubric lint has already checked its shape."""
    if "all" in data:
        return AllOf(tuple(parse_condition(item) for item in data["all"]))
    if "any" in data:
        return AnyOf(tuple(parse_condition(item) for item in data["any"]))
    if "not" in data:
        return Not(parse_condition(data["not"]))
    op = next(op for op in LEAF_OPS if op in data)
    value = data[op]
    if op == "in":
        value = tuple(str(v) for v in value)
    elif op == "equals":
        value = str(value)
    else:
        value = float(value)
    return Leaf(question=str(data["question"]), op=op, value=value)  # type: ignore[arg-type]


def references(condition: Condition | None) -> Iterator[Leaf]:
    """Every leaf of a condition, in order."""
    if condition is None:
        return
    if isinstance(condition, Leaf):
        yield condition
    elif isinstance(condition, Not):
        yield from references(condition.item)
    else:
        for item in condition.items:
            yield from references(item)


def evaluate(condition: Condition | None, known: Mapping[str, AnswerValue]) -> bool:
    """True when the condition holds. `known` holds only answers that were shown and given.

    A leaf on a question missing from `known` (unanswered, don't know, not applicable, not shown)
    is false, so `not` of it is true.
    """
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return all(evaluate(item, known) for item in condition.items)
    if isinstance(condition, AnyOf):
        return any(evaluate(item, known) for item in condition.items)
    if isinstance(condition, Not):
        return not evaluate(condition.item, known)
    if condition.question not in known:
        return False
    answer = known[condition.question]
    if condition.op == "at_least":
        return isinstance(answer, int | float) and float(answer) >= float(condition.value)  # type: ignore[arg-type]
    wanted = condition.value if condition.op == "in" else (condition.value,)
    chosen = answer if isinstance(answer, tuple) else (answer,)
    return any(str(c) == str(w) for c in chosen for w in wanted)  # type: ignore[union-attr]


def describe(condition: Condition) -> str:
    """Plain words for a condition, for help screens and reports, in the reader's language;
    question ids and option values stay as the rubric writes them."""
    joiners = (_(" and "), _(" or "))
    if isinstance(condition, AllOf):
        return joiners[0].join(_group(describe(i), joiners) for i in condition.items)
    if isinstance(condition, AnyOf):
        return joiners[1].join(_group(describe(i), joiners) for i in condition.items)
    if isinstance(condition, Not):
        return _("not ({condition})").format(condition=describe(condition.item))
    if condition.op == "equals":
        return _("{question} is {value}").format(question=condition.question, value=condition.value)
    if condition.op == "in":
        return _("{question} is one of {values}").format(
            question=condition.question,
            values=", ".join(map(str, condition.value)),  # type: ignore[arg-type]
        )
    return _("{question} is at least {value}").format(
        question=condition.question, value=digits(str(condition.value))
    )


def _group(text: str, joiners: tuple[str, ...]) -> str:
    return f"({text})" if any(joiner in text for joiner in joiners) else text

"""Can a red flag be raised at all? A search over the answers that decide whether a question is shown.

A flag raised only by a question whose `when:` can never hold is a promise the rubric cannot
keep; a flag meant to be raised from what members see (practice) must not wait for an answer
about the written rules. The rubric lint asks this module, on the raw (schema-valid) data.

Conditions test earlier answers only, so a question's visibility depends on finitely many
earlier questions; each gets a small set of representative answers (every option, the subsets of
the options conditions name, the numbers at which `at_least` tests change, or no answer at all),
and every combination is tried. Combinations beyond `LIMIT` are not tried: the flag then counts
as reachable, so the lint never reports a flag it could not prove unreachable.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .conditions import evaluate, parse_condition, references
from .model import AnswerValue, Condition
from .questions import QuestionType, handler

LIMIT = 200_000
_MISSING = object()


@dataclass(frozen=True)
class Raiser:
    """One option or threshold raising a flag, with its criterion and where it stands."""

    criterion: Mapping[str, Any]
    path: tuple[str | int, ...]
    answerable: bool


@dataclass(frozen=True)
class _Question:
    id: str
    kind: str
    data: Mapping[str, Any]
    when: Condition | None
    parsed: bool


class Reach:
    """The questions of a rubric in order, ready to be searched."""

    def __init__(self, criteria: Sequence[tuple[tuple[str | int, ...], Mapping[str, Any]]]) -> None:
        self.criteria = criteria
        self.questions: dict[str, _Question] = {}
        self.order: list[str] = []
        for _, crit in criteria:
            when: Condition | None = None
            parsed = True
            if "when" in crit:
                try:
                    when = parse_condition(crit["when"])
                except (KeyError, StopIteration, TypeError, ValueError):
                    parsed = False  # malformed: the condition lint reports it
            cid = str(crit["id"])
            if cid not in self.questions:
                self.order.append(cid)
                self.questions[cid] = _Question(
                    cid, str(crit.get("kind", "practice")), crit, when, parsed
                )

    def raisers(self, flag: str) -> Iterator[Raiser]:
        for path, crit in self.criteria:
            for key in ("options", "thresholds"):
                items = crit.get(key, [])
                for k, item in enumerate(items):
                    if item.get("red_flag") == flag:
                        ok = key == "options" or _threshold_answerable(crit, items, k)
                        yield Raiser(crit, (*path, key, k), ok)

    def can_show(self, criterion_id: str, practice_only: bool = False) -> bool:
        """Whether some answers to earlier questions (practice ones only, when asked) show it."""
        target = self.questions[criterion_id]
        if not target.parsed:
            return True
        if target.when is None:
            return True
        relevant = self._relevant(target)
        domains = [self._domain(self.questions[q], practice_only) for q in relevant]
        if math.prod(len(d) for d in domains) > LIMIT:
            return True
        for combination in itertools.product(*domains):
            known: dict[str, AnswerValue] = {}
            for qid, value in zip(relevant, combination, strict=True):
                question = self.questions[qid]
                if value is not _MISSING and evaluate(question.when, known):
                    known[qid] = value  # type: ignore[assignment]
            if evaluate(target.when, known):
                return True
        return False

    def _relevant(self, target: _Question) -> list[str]:
        """The earlier questions the target's visibility depends on, in rubric order."""
        position = {q: i for i, q in enumerate(self.order)}
        seen: set[str] = set()
        todo = [target]
        while todo:
            for leaf in references(todo.pop().when):
                q = leaf.question
                if q in seen or q not in self.questions or q == target.id:
                    continue
                if position[q] >= position[target.id]:
                    continue  # a later question is never known when this one is asked
                seen.add(q)
                todo.append(self.questions[q])
        return sorted(seen, key=position.__getitem__)

    def _tested(self, question_id: str) -> list[tuple[str, Any]]:
        """Every (op, value) that some condition applies to this question."""
        tests: list[tuple[str, Any]] = []
        for q in self.questions.values():
            for leaf in references(q.when):
                if leaf.question == question_id:
                    tests.append((leaf.op, leaf.value))
        return tests

    def _domain(self, question: _Question, practice_only: bool) -> list[object]:
        """Representative answers: enough to make each test on the question true or false."""
        data = question.data
        if practice_only and question.kind == "rule":
            return [_MISSING]
        kind = _kind(data)
        values: list[object] = [_MISSING]
        if kind is None:
            return values
        if kind.operand == "choice" and not kind.multiple:
            values += [str(o["value"]) for o in data.get("options", [])]
        elif kind.operand == "choice":
            options = {str(o["value"]): bool(o.get("exclusive")) for o in data.get("options", [])}
            named: list[str] = []
            for op, value in self._tested(question.id):
                for v in value if op == "in" else (value,):
                    if str(v) in options and str(v) not in named:
                        named.append(str(v))
            top = len(named) if len(named) <= 8 else 2
            for size in range(top + 1):
                for subset in itertools.combinations(named, size):
                    if size > 1 and any(options[v] for v in subset):
                        continue  # an exclusive option is never chosen with another
                    values.append(tuple(subset))
        elif kind.operand == "number":
            low, high = kind.bounds(data)
            points = [float(v) for op, v in self._tested(question.id) if op == "at_least"]
            candidates = [*points, *(p - 1 for p in points), low, high, 0.0]
            for c in candidates:
                if c is None:
                    continue
                c = float(math.ceil(c)) if kind.whole_numbers else float(c)
                inside = (low is None or c >= low) and (high is None or c <= high)
                if inside and c not in values:
                    values.append(c)
        return values


def _threshold_answerable(crit: Mapping[str, Any], items: list[Any], k: int) -> bool:
    """A threshold band (previous up_to, up_to] that meets the number's allowed range."""
    kind = _kind(crit)
    low, high = kind.bounds(crit) if kind else (None, None)
    upper = items[k].get("up_to")
    lower = items[k - 1].get("up_to") if k > 0 else None
    if upper is not None and low is not None and upper < low:
        return False
    return not (lower is not None and high is not None and high <= lower)


def _kind(crit: Mapping[str, Any]) -> QuestionType | None:
    """The question type of a raw criterion (None for a name the schema will refuse)."""
    try:
        return handler(str(crit.get("type")))
    except KeyError:
        return None

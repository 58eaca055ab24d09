"""Scripted sessions for the `orgaudit audit` tests: which questions a respondent meets, what to
type for each, and what the answers file should then hold.

The plan is worked out with `conditions.evaluate` directly (not with the questionnaire), so the
tests check the questionnaire against an independent account of which questions apply.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from orgaudit.conditions import evaluate
from orgaudit.model import AnswerValue, Criterion, Rubric
from orgaudit.questions.number import number_of
from orgaudit.questions.scale import scale_of
from orgaudit.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
ORGAUDIT = ROOT / ".venv" / "bin" / "orgaudit"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HEADER = re.compile(r"^(\d+)/(\d+) · ", re.MULTILINE)


@dataclass(frozen=True)
class Step:
    """One question met: what is typed, the value it means, and the lines sent for it."""

    criterion: Criterion
    typed: str
    value: AnswerValue | None

    @property
    def lines(self) -> list[str]:
        # a scored answer is followed by the evidence prompt, left empty
        return [self.typed, ""] if self.criterion.scored else [self.typed]


def first_choice(crit: Criterion) -> tuple[str, AnswerValue]:
    """Answer by option number 1, the top of a scale, or a number inside the limits."""
    if crit.type in ("yes_no", "single"):
        return "1", crit.options[0].value
    if crit.type == "multi":
        return "1", (crit.options[0].value,)
    if crit.type == "scale":
        top = scale_of(crit).max
        return str(top), top
    if crit.type == "number":
        low = number_of(crit).min or 0
        value = int(low) + 1
        return str(value), value
    return "A note in free text", "A note in free text"


def plan(
    rubric: Rubric, choose: Callable[[Criterion], tuple[str, AnswerValue]] = first_choice
) -> list[Step]:
    """The questions met, in order, when every one is answered with `choose`."""
    known: dict[str, AnswerValue] = {}
    steps = []
    for crit in rubric.criteria:
        if not evaluate(crit.when, known):
            continue
        typed, value = choose(crit)
        steps.append(Step(crit, typed, value))
        if crit.scored:
            known[crit.id] = value
    return steps


def script(steps: list[Step]) -> str:
    return "".join(line + "\n" for step in steps for line in step.lines)


def default_rubric() -> Rubric:
    return load_rubric()


def plain_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")
    }
    env.update(extra)
    return env


def test_plan_meets_every_unconditional_question() -> None:
    rubric = default_rubric()
    steps = plan(rubric)
    ids = [s.criterion.id for s in steps]
    unconditional = [c.id for c in rubric.criteria if c.when is None]
    assert set(unconditional) <= set(ids)
    assert len(rubric.criteria) == 53


def acme_args(answers_file: Path, *args: str) -> list[str]:
    """`orgaudit audit` for Acme as a member on a fixed date, so sessions ask no role or date."""
    fixed = ["--role", "member", "--date", "2026-01-01", "--org", "Acme"]
    return ["audit", *fixed, "-o", str(answers_file), *args]

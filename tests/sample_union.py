"""The demo's pooled sample: twelve respondents of a fictional tenants' union (seeds/riverside-
tenants-union/), made from the default rubric so that they always fit it.

Leaders see their union more kindly than members do, members often cannot know about money, and a
few members leave evidence: enough to show what a pooled report holds (role gaps, "don't know"
findings, agreement, intervals). Regenerate after changing the rubric with
`ORGAUDIT_UPDATE_GOLDEN=1 pytest tests/test_demo.py -k pooled_sample`.
"""

from __future__ import annotations

import random
from pathlib import Path

from orgaudit.answers import save_answers
from orgaudit.model import Answer, Answers, AnswerValue, Criterion, Respondent
from orgaudit.questions.number import number_of
from orgaudit.questions.scale import scale_of
from orgaudit.rubric import load_rubric

ORGANIZATION = "Fictional example: Riverside Tenants' Union"
FOLDER = Path(__file__).resolve().parents[1] / "seeds" / "riverside-tenants-union"
ROLES = ["leader"] * 5 + ["member"] * 7
EVIDENCE = (
    "The slate was read out at the annual meeting; nobody else was nominated.",
    "I asked for the accounts twice and was told they were being prepared.",
    "Our building committee meets every week; the union's general meeting once a year.",
    "The newsletter only prints the committee's reports.",
    "We won repairs in two buildings after the rent strike.",
)


def _choose(crit: Criterion, rng: random.Random, leader: bool) -> AnswerValue | None:
    """An answer leaning to the better options for leaders and to the middle for members."""
    lean = 0.25 if leader else 0.55  # the share of the option list to skip from the best end
    if crit.type in ("yes_no", "single"):
        ranked = sorted(crit.options, key=lambda o: -o.score)
        index = min(len(ranked) - 1, int(abs(rng.gauss(lean, 0.25)) * len(ranked)))
        return ranked[index].value
    if crit.type == "multi":
        useful = [o for o in crit.options if o.score > 0]
        share = 0.7 if leader else 0.35
        return tuple(o.value for o in useful if rng.random() < share)
    if crit.type == "scale":
        scale = scale_of(crit)
        span = scale.max - scale.min
        value = scale.max - round(abs(rng.gauss(lean, 0.2)) * span)
        value = max(scale.min, min(scale.max, value))
        return (scale.min + scale.max - value) if scale.reverse else value
    if crit.type == "number":
        limits = [t.up_to for t in crit.thresholds if t.up_to is not None]
        top = (max(limits) if limits else 100.0) * 1.2
        spec = number_of(crit)
        low = spec.min or 0.0
        number = low + rng.random() * (top - low) * (0.4 if leader else 0.8)
        if spec.max is not None:
            number = min(number, spec.max)
        return round(number)
    return None


def make_sample(folder: Path = FOLDER) -> list[Path]:
    rubric = load_rubric()
    rng = random.Random(1917)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, role in enumerate(ROLES, start=1):
        leader = role == "leader"
        entries: dict[str, Answer] = {}
        for crit in rubric.criteria:
            if not crit.scored:
                continue
            opaque = crit.dont_know == "opacity" and not leader and rng.random() < 0.5
            if opaque or rng.random() < 0.06:
                entries[crit.id] = Answer(crit.id, None, "dont_know")
                continue
            value = _choose(crit, rng, leader)
            evidence = ""
            if not leader and rng.random() < 0.04:
                evidence = "Fictional example: " + rng.choice(EVIDENCE)
            entries[crit.id] = Answer(crit.id, value, "answered", evidence)
        answers = Answers(
            ORGANIZATION,
            rubric.id,
            rubric.version,
            entries,
            Respondent(role),
            "2026-09-01",
        )
        path = folder / f"respondent-{i:02d}.yaml"
        save_answers(path, answers, rubric)
        written.append(path)
    return written

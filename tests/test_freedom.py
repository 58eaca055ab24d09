"""The points-based rubric reproduces hand-computed worked examples (tests/data/freedom)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgaudit.answers import load_answers
from orgaudit.rubric import load_rubric
from orgaudit.yamlio import load_yaml

from .conftest import DATA, FREEDOM_RUBRIC

EXAMPLES = DATA / "freedom"
EXPECTED = load_yaml(EXAMPLES / "expected.yaml").data


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_worked_example(name: str) -> None:
    from orgaudit.scoring import score

    rubric = load_rubric(FREEDOM_RUBRIC)
    answers, _ = load_answers(Path(EXAMPLES / name), rubric)
    card = score(rubric, answers)
    want = EXPECTED[name]
    for section in ("political-rights", "civil-liberties"):
        dim = card.dimension(section)
        assert dim.points == want[section]["points"], section
        assert dim.band is not None and dim.band.value == want[section]["rating"], section
    assert card.overall.score == pytest.approx(want["mean_rating"])
    assert card.overall.band is not None and card.overall.band.label == want["status"]
    assert card.overall.higher_is_better is False


def test_subtracting_question_lowers_the_total() -> None:
    """partly-free.yaml: 13 points less 2 for the additional question = 11, rating 6 not 5."""
    from orgaudit.scoring import score

    rubric = load_rubric(FREEDOM_RUBRIC)
    answers, _ = load_answers(EXAMPLES / "partly-free.yaml", rubric)
    card = score(rubric, answers)
    assert card.criterion("add-q").points == -2
    assert card.dimension("political-rights").points == 11


def test_negative_total_is_clamped_to_zero() -> None:
    from orgaudit.scoring import score

    rubric = load_rubric(FREEDOM_RUBRIC)
    answers, _ = load_answers(EXAMPLES / "not-free.yaml", rubric)
    assert score(rubric, answers).dimension("political-rights").points == 0

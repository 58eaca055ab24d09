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
    assert card.overall.total == want["total"]
    assert card.overall.total_range == (-4, 100)


def test_subtracting_question_lowers_the_total() -> None:
    """partly-free.yaml: 13 points less 2 for the additional question = 11, rating 6 not 5."""
    from orgaudit.scoring import score

    rubric = load_rubric(FREEDOM_RUBRIC)
    answers, _ = load_answers(EXAMPLES / "partly-free.yaml", rubric)
    card = score(rubric, answers)
    assert card.criterion("add-q").points == -2
    assert card.dimension("political-rights").points == 11


def test_negative_total_is_kept_as_published() -> None:
    """The method keeps a negative political-rights total (rating 7); no clamp is declared."""
    from orgaudit.scoring import score

    rubric = load_rubric(FREEDOM_RUBRIC)
    answers, _ = load_answers(EXAMPLES / "not-free.yaml", rubric)
    card = score(rubric, answers)
    pr = card.dimension("political-rights")
    assert pr.points == -3
    assert pr.band is not None and pr.band.label == "7"
    assert card.overall.total == 5

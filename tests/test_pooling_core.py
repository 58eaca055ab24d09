"""Pooling's arrays and its summary: the same figures as the plain definitions, to the last bit.

Pooling adds up every criterion at once in numpy arrays (`aggregate._Grid`, `_pool_core`), reads
each respondent of a file only as far as its criteria (`scoring.ScoredAnswers`), and for a row
of `score --format csv` works out only what the row shows (`detail=False`). None of that may
change a figure: these tests hold each against its plain definition.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgaudit import aggregate
from orgaudit.aggregate import aggregate_scorecards
from orgaudit.cli import main
from orgaudit.model import Rubric
from orgaudit.scoring import CriterionResult, Scorecard, ScoredAnswers, score, score_criteria
from orgaudit.textout import csv_line, csv_row

from .conftest import DATA
from .test_properties import RUBRICS, answer_maps, parse

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROLES = st.sampled_from(["member", "leader", "observer"])
UNKNOWN = ("opacity", "dont_know", "unanswered")


def _mean(values: list[float]) -> float | None:
    """The plain definition: added one by one from the first, as Python's sum adds."""
    return sum(values) / len(values) if values else None


def _reference(crit_low: float, crit_high: float, rs: list[CriterionResult]) -> dict[str, Any]:
    """One criterion pooled by its definition (aggregate's module docstring)."""
    counted = [r for r in rs if r.score is not None]
    filled = [r for r in rs if r.score is not None or r.status in UNKNOWN]

    def fill(r: CriterionResult, unknown: float) -> float:
        return unknown if r.status in UNKNOWN else r.score  # type: ignore[return-value]

    def fill_points(r: CriterionResult, unknown: float) -> float:
        return unknown if r.status in UNKNOWN else (r.points or 0.0)

    return {
        "mean": _mean([r.score for r in counted]),  # type: ignore[misc]
        "worst": _mean([fill(r, 0.0) for r in filled]),
        "best": _mean([fill(r, 1.0) for r in filled]),
        "mean_points": _mean([r.points for r in counted if r.points is not None]),
        "worst_points": _mean([fill_points(r, crit_low) for r in filled]),
        "best_points": _mean([fill_points(r, crit_high) for r in filled]),
    }


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
scores = st.one_of(st.none(), st.just(0.0), st.just(-0.0), st.floats(0.0, 1.0), finite)


@st.composite
def results(draw: st.DrawFn, rubric: Rubric) -> list[ScoredAnswers]:
    """Respondents with arbitrary statuses, scores and points (not only what a rubric gives:
    -0.0, tiny and large values, points without a score), to test the arithmetic itself."""
    statuses: st.SearchStrategy[Any] = st.sampled_from(
        ["scored", "opacity", "dont_know", "unanswered", "not_applicable", "text", "not_shown"]
    )
    people = []
    ragged = draw(st.booleans())  # some respondents lack some criteria
    for _ in range(draw(st.integers(1, 9))):
        rs = tuple(
            CriterionResult(
                id=crit.id,
                dimension_id=crit.dimension_id,
                status=draw(statuses),
                kind=crit.kind,
                weight=crit.weight,
                score=draw(scores),
                points=draw(scores),
            )
            for crit in rubric.criteria
            if not ragged or draw(st.booleans())
        )
        people.append(
            ScoredAnswers("Org", None, draw(ROLES), None, rubric.id, "1", "", "", rs, "x.yaml")
        )
    return people


@pytest.mark.parametrize("name", ["default", "freedom"])
@SETTINGS
@given(data=st.data())
def test_pooled_means_are_the_plain_means_to_the_last_bit(name: str, data: st.DataObject) -> None:
    rubric = RUBRICS[name]
    people = data.draw(results(rubric))
    columns, positions = aggregate._columns(rubric, people)
    grid = aggregate._Grid(rubric, people, columns, positions)
    info = aggregate._criteria_info(rubric)
    pooled = aggregate._pool_core(grid, rubric, columns, info)
    for crit, found in zip(rubric.criteria, pooled, strict=True):
        expected = _reference(info[crit.id].low, info[crit.id].high, list(columns[crit.id]))
        if not crit.uses_points:
            expected.update(mean_points=None, worst_points=None, best_points=None)
        for key, value in expected.items():
            got = getattr(found, key)
            assert repr(got) == repr(value), (crit.id, key, got, value)
        assert found.respondents == len(columns[crit.id])
        assert positions is not None or found.respondents == len(people)
        for status in ("scored", "dont_know", "not_shown"):
            assert found.counts[status] == sum(r.status == status for r in columns[crit.id])


def _group(rubric: Rubric, maps: list[dict[str, Any]], roles: list[str]) -> list[Scorecard]:
    cards = []
    for i, (entries, role) in enumerate(zip(maps, roles, strict=True)):
        card = score(rubric, parse(rubric, entries))
        cards.append(dataclasses.replace(card, role=role, source=f"answers/{i}.yaml"))
    return cards


def _scored(card: Scorecard) -> ScoredAnswers:
    """The criteria of a whole scorecard, in the rubric's order (as `score_criteria` gives)."""
    return ScoredAnswers(
        card.organization,
        card.date,
        card.role,
        card.respondent_id,
        card.rubric_id,
        card.rubric_version,
        card.rubric_title,
        card.rubric_hash,
        tuple(r for d in card.dimensions for r in d.criteria),
        card.source,
    )


@pytest.mark.parametrize("name", ["default", "freedom"])
@SETTINGS
@given(data=st.data())
def test_pooling_criteria_alone_gives_the_whole_scorecard(name: str, data: st.DataObject) -> None:
    """Pooled from respondents' criteria (what a file to pool is read as) or from their whole
    scorecards: the same pooled scorecard; and its summary gives the same row of CSV."""
    rubric = RUBRICS[name]
    n = data.draw(st.integers(1, 8))
    maps = [data.draw(answer_maps(rubric)) for _ in range(n)]
    roles = [data.draw(ROLES) for _ in range(n)]
    minimum = data.draw(st.integers(1, 7))
    cards = _group(rubric, maps, roles)
    whole = aggregate_scorecards(rubric, cards, min_group=minimum)
    from_criteria = aggregate_scorecards(rubric, [_scored(c) for c in cards], min_group=minimum)
    assert from_criteria.to_dict() == whole.to_dict()
    summary = aggregate_scorecards(
        rubric, [_scored(c) for c in cards], min_group=minimum, detail=False
    )
    assert csv_row(summary) == csv_row(whole)
    assert summary.red_flags == whole.red_flags
    assert summary.overall == whole.overall and summary.dimensions != ()
    assert [d.score for d in summary.dimensions] == [d.score for d in whole.dimensions]


def test_a_file_read_for_pooling_scores_as_a_whole_scorecard() -> None:
    rubric = RUBRICS["default"]
    answers = parse(rubric, {"committee-election": "competing-slates"})
    assert score_criteria(rubric, answers).scorecard(rubric) == score(rubric, answers)


def test_a_summary_has_no_json_form() -> None:
    rubric = RUBRICS["default"]
    cards = _group(rubric, [{}, {}], ["member", "member"])
    summary = aggregate_scorecards(rubric, cards, detail=False)
    assert summary.pooled is not None and not summary.pooled.detailed
    with pytest.raises(ValueError, match="no JSON form"):
        summary.to_dict()
    assert aggregate_scorecards(rubric, cards).to_dict()["extra"]["criteria"]


MINI = DATA / "respondents" / "mini"
RUBRIC = DATA / "respondents" / "mini-rubric.yaml"


@pytest.mark.parametrize("minimum", ["1", "2", "3", "5", "6"])
def test_score_csv_rows_are_those_of_the_whole_pooled_scorecards(
    tmp_path: Path, minimum: str
) -> None:
    """`score --format csv` pools only what its rows show; the rows are those of the whole
    pooled scorecards (`--format json`), whatever is withheld for the minimum group."""
    folder = tmp_path / "answers"
    folder.mkdir()
    for i in range(3):
        for source in sorted(MINI.glob("*.yaml"))[: 5 - i]:
            text = source.read_text(encoding="utf-8").replace("Mini League", f"League {i}")
            (folder / f"{i}-{source.name}").write_text(text, encoding="utf-8")
    args = [str(folder), "-r", str(RUBRIC), "--min-group", minimum, "--jobs", "1"]
    rows = CliRunner().invoke(main, ["score", "--format", "csv", *args])
    assert rows.exit_code in (0, 1), rows.output
    cards, _ = aggregate.aggregate_files([folder], rubric_path=RUBRIC, min_group=int(minimum))
    body = rows.output.splitlines(keepends=True)[1:]
    assert body == [csv_line(csv_row(card)) for card in cards]
    assert len(body) == 3 and all(c.respondents > 1 for c in cards)


def test_a_column_of_minus_zero_pools_to_zero_as_pythons_sum_makes_it() -> None:
    """A plain sum starts at 0, so a column of -0.0 adds up to 0.0 (shown "0.0"), and so must
    the arrays' sums."""
    rubric = RUBRICS["freedom"]
    rs = tuple(
        CriterionResult(c.id, c.dimension_id, "scored", c.kind, c.weight, score=-0.0, points=-0.0)
        for c in rubric.criteria
    )
    people = [ScoredAnswers("Org", None, "member", None, rubric.id, "1", "", "", rs)] * 3
    columns, positions = aggregate._columns(rubric, people)
    grid = aggregate._Grid(rubric, people, columns, positions)
    pooled = aggregate._pool_core(grid, rubric, columns, aggregate._criteria_info(rubric))
    assert {repr(p.mean) for p in pooled} == {"0.0"}
    assert {repr(p.mean_points) for p in pooled if p.mean_points is not None} == {"0.0"}

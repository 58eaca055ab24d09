"""Scoring invariants, checked with hypothesis on random answers to the default rubric."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgaudit.answers import parse_answers
from orgaudit.conditions import references
from orgaudit.model import Answer, Answers, Criterion, Rubric
from orgaudit.questions.number import number_of
from orgaudit.questions.scale import scale_of
from orgaudit.rubric import load_rubric
from orgaudit.scoring import Scorecard, score
from orgaudit.yamlio import dump_yaml, parse_yaml

from .conftest import DEFAULT_RUBRIC, FREEDOM_RUBRIC

RUBRICS = {"default": load_rubric(DEFAULT_RUBRIC), "freedom": load_rubric(FREEDOM_RUBRIC)}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def value_strategy(crit: Criterion) -> st.SearchStrategy[Any]:
    if crit.type in ("yes_no", "single"):
        return st.sampled_from([o.value for o in crit.options])
    if crit.type == "multi":
        plain = [o.value for o in crit.options if not o.exclusive]
        alone = [[o.value] for o in crit.options if o.exclusive]  # chosen on its own
        together = st.lists(st.sampled_from(plain), unique=True, max_size=4)
        return st.one_of(together, st.sampled_from(alone)) if alone else together
    if crit.type == "scale":
        return st.integers(scale_of(crit).min, scale_of(crit).max)
    if crit.type == "number":
        spec = number_of(crit)
        low = spec.min if spec.min is not None else 0
        high = spec.max if spec.max is not None else 1000
        return st.integers(int(low), int(high))
    return st.text(max_size=20)


def answer_strategy(crit: Criterion) -> st.SearchStrategy[Any]:
    choices = [value_strategy(crit), st.none()]
    if crit.scored:
        choices.append(st.just("dont_know"))
    if crit.not_applicable:
        choices.append(st.just("not_applicable"))
    return st.one_of(*choices)


@st.composite
def answer_maps(draw: st.DrawFn, rubric: Rubric) -> dict[str, Any]:
    entries = {}
    for crit in rubric.criteria:
        if draw(st.booleans()):
            entries[crit.id] = draw(answer_strategy(crit))
    return entries


def parse(rubric: Rubric, entries: dict[str, Any]) -> Answers:
    data = {
        "organization": "Org",
        "rubric": {"id": rubric.id, "version": rubric.version},
        "answers": entries,
    }
    return parse_answers(parse_yaml(dump_yaml(data), "gen.yaml"), rubric)[0]


def check_ranges(card: Scorecard, rubric: Rubric) -> None:
    for dim in card.dimensions:
        if dim.score is not None:
            assert 0.0 <= dim.score <= 100.0
            assert dim.range.worst is not None and dim.range.best is not None
            assert dim.range.worst - 1e-9 <= dim.score <= dim.range.best + 1e-9
        for crit in dim.criteria:
            assert crit.score is None or 0.0 <= crit.score <= 1.0
        if dim.points is not None and dim.points_range is not None:
            assert dim.points_range[0] <= dim.points <= dim.points_range[1]
        assert 0.0 <= dim.coverage <= 1.0
    table = rubric.band_tables[rubric.overall_bands]
    low = min(b.min for b in table.bands)
    high = max(b.max for b in table.bands)
    if card.overall.score is not None:
        assert low - 1e-9 <= card.overall.score <= high + 1e-9


@pytest.mark.slow
@SETTINGS
@given(st.data())
def test_every_score_within_its_range(data: st.DataObject) -> None:
    for rubric in RUBRICS.values():
        card = score(rubric, parse(rubric, data.draw(answer_maps(rubric))))
        check_ranges(card, rubric)


@pytest.mark.slow
@SETTINGS
@given(st.data())
def test_not_applicable_never_lowers_a_score(data: st.DataObject) -> None:
    """Compared with the worst answer, "not applicable" never lowers its dimension's score."""
    rubric = RUBRICS["default"]
    referenced = {leaf.question for c in rubric.criteria for leaf in references(c.when)}
    candidates = [c for c in rubric.criteria if c.not_applicable and c.id not in referenced]
    crit = data.draw(st.sampled_from(candidates))
    entries = data.draw(answer_maps(rubric))
    worst = min(crit.options, key=lambda o: o.score).value
    with_worst = score(rubric, parse(rubric, {**entries, crit.id: worst}))
    with_na = score(rubric, parse(rubric, {**entries, crit.id: "not_applicable"}))
    before = with_worst.dimension(crit.dimension_id).score
    after = with_na.dimension(crit.dimension_id).score
    if before is not None and after is not None:
        assert after >= before - 1e-9
    if with_worst.overall.score is not None and with_na.overall.score is not None:
        assert with_na.overall.score >= with_worst.overall.score - 1e-9


@pytest.mark.slow
@SETTINGS
@given(st.data())
def test_a_red_flag_never_raises_the_band(data: st.DataObject) -> None:
    rubric = RUBRICS["default"]
    entries = data.draw(answer_maps(rubric))
    card = score(rubric, parse(rubric, entries))
    if card.overall.band is None:
        return
    assert card.overall.uncapped_band is not None
    assert card.overall.band.rank >= card.overall.uncapped_band.rank
    # the same answers without caps: exactly the uncapped band, and never a worse one
    without_caps = dataclasses.replace(rubric, caps=())
    plain = score(without_caps, parse(without_caps, entries))
    assert plain.overall.capped_by == ()
    assert plain.overall.band == card.overall.uncapped_band
    assert card.overall.capped_by or card.overall.band == plain.overall.band


@pytest.mark.slow
@SETTINGS
@given(st.data())
def test_answer_order_changes_nothing(data: st.DataObject) -> None:
    rubric = RUBRICS["default"]
    entries = data.draw(answer_maps(rubric))
    shuffled = dict(data.draw(st.permutations(list(entries.items()))))
    first = score(rubric, parse(rubric, entries)).to_dict()
    second = score(rubric, parse(rubric, shuffled)).to_dict()
    assert first == second


@pytest.mark.slow
@SETTINGS
@given(st.data())
def test_fixing_a_criterion_never_lowers_the_overall(data: st.DataObject) -> None:
    """Monotonic: replacing one answer with the healthiest option never lowers the overall."""
    rubric = RUBRICS["default"]
    referenced = {leaf.question for c in rubric.criteria for leaf in references(c.when)}
    choices = [
        c for c in rubric.criteria if c.type in ("single", "yes_no") and c.id not in referenced
    ]
    crit = data.draw(st.sampled_from(choices))
    entries = data.draw(answer_maps(rubric))
    best = max(crit.options, key=lambda o: o.score).value
    before = score(rubric, parse(rubric, entries)).overall
    after = score(rubric, parse(rubric, {**entries, crit.id: best})).overall
    known = entries.get(crit.id) not in (None, "dont_know", "not_applicable")
    if (
        known
        and before.score is not None
        and after.score is not None
        and before.band
        and after.band
    ):
        assert after.score >= before.score - 1e-9
        assert after.band.rank <= before.band.rank


def test_answers_built_directly_match_parsed() -> None:
    rubric = RUBRICS["default"]
    direct = Answers(
        "Org",
        rubric.id,
        rubric.version,
        {"committee-election": Answer("committee-election", "closed-slate")},
    )
    parsed = parse(rubric, {"committee-election": "closed-slate"})
    assert score(rubric, direct).to_dict() == score(rubric, parsed).to_dict()

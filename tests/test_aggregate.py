"""Golden tests of pooling respondents: every number below is computed by hand in the comments.

The data (tests/data/respondents/mini/) are five respondents of "Mini League" answering the
four-criterion rubric tests/data/respondents/mini-rubric.yaml:

    criterion (weight, kind)        leader-1   leader-2     member-1   member-2   member-3
    slate (2, practice)             contested  uncontested  closed     closed     closed
                                    1.0        0.5          0.0 flag   0.0 flag   0.0 flag
    ballot-rule (1, rule)           yes 1      yes 1        no 0       yes 1      dont_know (omit)
    members-count (1, practice,     published  on-request   dont_know  dont_know  secret 0 flag
      dont_know = opacity)          1.0        0.5          opacity 0  opacity 0
    contact-rule (1, rule)          yes 1      yes 1        dont_know  yes 1      no 0

Dimensions: elections (weight 2) = slate + ballot-rule; information (weight 1) = the other two.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orgaudit.aggregate import aggregate_files, aggregate_scorecards
from orgaudit.answers import load_answers
from orgaudit.errors import OrgauditError
from orgaudit.model import Rubric
from orgaudit.rubric import load_rubric
from orgaudit.scoring import Scorecard, score
from orgaudit.textout import pooled_respondents

DATA = Path(__file__).parent / "data" / "respondents"
RUBRIC = DATA / "mini-rubric.yaml"
FILES = ("leader-1", "leader-2", "member-1", "member-2", "member-3")


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(RUBRIC)


@pytest.fixture(scope="module")
def cards(rubric: Rubric) -> list[Scorecard]:
    return [score(rubric, load_answers(DATA / "mini" / f"{f}.yaml", rubric)[0]) for f in FILES]


@pytest.fixture(scope="module")
def pooled(rubric: Rubric, cards: list[Scorecard]) -> Scorecard:
    """The hand-computed arithmetic, with small-group protection off (tests/test_privacy.py)."""
    return aggregate_scorecards(rubric, cards, min_group=1)


def test_criterion_means_and_distributions(pooled: Scorecard) -> None:
    extra = pooled.extra["criteria"]
    # slate: (1 + 0.5 + 0 + 0 + 0) / 5 = 0.3
    assert pooled.criterion("slate").score == pytest.approx(0.3)
    assert extra["slate"]["answers"] == {"closed": 3, "contested": 1, "uncontested": 1}
    # ballot-rule: member-3 does not know (omitted): (1 + 1 + 0 + 1) / 4 = 0.75
    assert pooled.criterion("ballot-rule").score == pytest.approx(0.75)
    assert extra["ballot-rule"]["dont_know"] == 1
    assert extra["ballot-rule"]["answers"] == {"no": 1, "yes": 3}
    # members-count: don't know is opacity (0): (1 + 0.5 + 0 + 0 + 0) / 5 = 0.3
    assert pooled.criterion("members-count").score == pytest.approx(0.3)
    assert extra["members-count"]["dont_know"] == 2
    assert extra["members-count"]["mean_score"] == pytest.approx(0.3)
    # contact-rule: member-1 does not know (omitted): (1 + 1 + 1 + 0) / 4 = 0.75
    assert pooled.criterion("contact-rule").score == pytest.approx(0.75)
    assert extra["contact-rule"]["unanswered"] == 0
    assert extra["contact-rule"]["respondents"] == 5
    # per role: members on slate all 0; leaders (1 + 0.5) / 2 = 0.75
    assert extra["slate"]["by_role"]["leader"]["mean_score"] == pytest.approx(0.75)
    assert extra["slate"]["by_role"]["member"]["mean_score"] == pytest.approx(0.0)
    # the majority answer stands for the group only when a strict majority gave it
    assert pooled.criterion("slate").value == "closed"  # 3 of 5
    assert pooled.criterion("members-count").value is None  # 1 / 1 / 1 among 3 who answered


def test_dimension_and_overall_scores(pooled: Scorecard) -> None:
    elections, information = pooled.dimensions
    # elections: (2 * 0.3 + 1 * 0.75) / 3 = 1.35 / 3 = 0.45 -> 45.0
    assert elections.score == pytest.approx(45.0)
    assert elections.band is not None and elections.band.label == "Oligarchic tendencies"
    # rule = ballot-rule 75, practice = slate 30: rules on paper, gap +45
    assert elections.rule_score == pytest.approx(75.0)
    assert elections.practice_score == pytest.approx(30.0)
    assert elections.gap == pytest.approx(45.0)
    # information: (0.3 + 0.75) / 2 = 52.5
    assert information.score == pytest.approx(52.5)
    # overall: (2 * 45 + 1 * 52.5) / 3 = 47.5 -> Oligarchic tendencies, capped by the
    # closed slate (raised by 3 of 5) to Oligarchic
    assert pooled.overall.score == pytest.approx(47.5)
    assert pooled.overall.uncapped_band is not None
    assert pooled.overall.uncapped_band.label == "Oligarchic tendencies"
    assert pooled.overall.band is not None and pooled.overall.band.label == "Oligarchic"
    assert pooled.overall.capped_by == ("closed-slate",)


def test_certainty_range_fills_each_respondents_unknowns(pooled: Scorecard) -> None:
    elections, information = pooled.dimensions
    # worst: ballot-rule (1+1+0+1+0)/5 = 0.6; elections (2*0.3 + 0.6)/3 = 40.0
    # best:  ballot-rule (1+1+0+1+1)/5 = 0.8; elections (2*0.3 + 0.8)/3 = 46.667
    assert elections.range.worst == pytest.approx(40.0)
    assert elections.range.best == pytest.approx(140 / 3)
    # worst: members-count (1+0.5+0+0+0)/5 = 0.3, contact (1+1+0+1+0)/5 = 0.6 -> 45.0
    # best:  members-count (1+0.5+1+1+0)/5 = 0.7, contact (1+1+1+1+0)/5 = 0.8 -> 75.0
    assert information.range.worst == pytest.approx(45.0)
    assert information.range.best == pytest.approx(75.0)
    # overall worst (2*40 + 45)/3 = 41.667; best (2*46.667 + 75)/3 = 56.111; both capped
    assert pooled.overall.range.worst == pytest.approx(125 / 3)
    assert pooled.overall.range.best == pytest.approx((280 / 3 + 75) / 3)
    assert pooled.overall.range.worst_band == "Oligarchic"
    assert pooled.overall.range.best_band == "Oligarchic"


def test_coverage_counts_respondent_answers(pooled: Scorecard) -> None:
    elections, information = pooled.dimensions
    # 20 applicable (respondent, criterion) pairs; 4 "don't know": 16 / 20
    assert pooled.overall.coverage == pytest.approx(0.8)
    assert elections.coverage == pytest.approx(0.9)  # 9 of 10
    assert information.coverage == pytest.approx(0.7)  # 7 of 10


def test_role_gaps(pooled: Scorecard) -> None:
    dims = pooled.extra["dimensions"]
    # each respondent's own elections score: 100, 66.667 | 0, 33.333, 0
    # leaders (100 + 66.667) / 2 = 83.333; members 33.333 / 3 = 11.111; gap 72.222
    assert dims["elections"]["by_role"]["leader"] == pytest.approx(83.3333, abs=1e-4)
    assert dims["elections"]["by_role"]["member"] == pytest.approx(11.1111, abs=1e-4)
    assert dims["elections"]["leader_member_gap"] == pytest.approx(72.2222, abs=1e-4)
    # information: 100, 75 | 0, 50, 0 -> 87.5 - 16.667 = 70.833
    assert dims["information"]["leader_member_gap"] == pytest.approx(70.8333, abs=1e-4)
    # overall: 100, 69.444 | 0, 38.889, 0 -> 84.722 - 12.963 = 71.759
    overall = pooled.extra["overall"]
    assert overall["by_role"]["leader"] == pytest.approx(84.7222, abs=1e-4)
    assert overall["by_role"]["member"] == pytest.approx(12.963, abs=1e-4)
    assert overall["leader_member_gap"] == pytest.approx(71.7593, abs=1e-4)


def test_dont_know_rates_and_finding(pooled: Scorecard) -> None:
    # leaders: 0 of 8 applicable; members: member-1 x2, member-2 x1, member-3 x1 = 4 of 12
    assert pooled.extra["dont_know"] == {
        "leader": {"dont_know": 0, "applicable": 8, "rate": 0.0},
        "member": {"dont_know": 4, "applicable": 12, "rate": 0.3333},
    }
    # only members-count has at least half the members not knowing (2 of 3) while leaders know
    (finding,) = pooled.extra["dont_know_findings"]
    assert finding["dimension"] == "information"
    assert finding["text"] == (
        "Members cannot know what leaders know about information flow: "
        "2 of 3 members answered don't know to members-count, 0 of 2 leaders."
    )


def test_red_flags_count_by_majority(pooled: Scorecard) -> None:
    records = {r["id"]: r for r in pooled.extra["red_flags"]}
    # closed slate: 3 of the 5 who answered slate -> counts
    assert records["closed-slate"] == {
        "id": "closed-slate",
        "criterion": "slate",
        "raised_by": 3,
        "answered": 5,
        "counted": True,
    }
    # membership secret: 1 of the 3 who answered members-count -> recorded, not counted
    assert records["membership-secret"]["raised_by"] == 1
    assert records["membership-secret"]["answered"] == 3
    assert records["membership-secret"]["counted"] is False
    assert [h.id for h in pooled.red_flags] == ["closed-slate"]


def test_respondents_by_role_and_count_never_ids(pooled: Scorecard, rubric: Rubric) -> None:
    assert pooled.respondents == 5
    assert pooled.role == "mixed"
    assert pooled.respondent_id is None
    assert pooled.extra["respondents"] == {"count": 5, "by_role": {"leader": 2, "member": 3}}
    assert pooled_respondents(pooled) == "5 respondents (2 leaders, 3 members)"
    text = json.dumps(pooled.to_dict())
    for rid in ("lena", "leo", "mia", "max", "mo", "leader-1", "member-1"):
        assert f'"{rid}' not in text and f"/{rid}" not in text
    assert pooled.source.endswith("respondents/mini")


def test_ids_only_when_asked(rubric: Rubric, cards: list[Scorecard]) -> None:
    pooled = aggregate_scorecards(rubric, cards, include_ids=True)
    assert pooled.extra["respondents"]["ids"] == ["lena", "leo", "mia", "max", "mo"]


def test_one_respondent_passes_through(rubric: Rubric, cards: list[Scorecard]) -> None:
    assert aggregate_scorecards(rubric, cards[:1]) is cards[0]


def test_two_identical_respondents_score_as_one(rubric: Rubric, cards: list[Scorecard]) -> None:
    pooled = aggregate_scorecards(rubric, [cards[3], cards[3]])
    assert pooled.overall.score == pytest.approx(cards[3].overall.score)
    assert pooled.overall.range.worst == pytest.approx(cards[3].overall.range.worst)
    assert pooled.overall.range.best == pytest.approx(cards[3].overall.range.best)
    assert [d.score for d in pooled.dimensions] == [d.score for d in cards[3].dimensions]
    assert pooled.overall.band == cards[3].overall.band


def test_refuses_other_organization(rubric: Rubric, cards: list[Scorecard]) -> None:
    import dataclasses

    other = dataclasses.replace(cards[1], organization="Other League")
    with pytest.raises(OrgauditError, match="different organizations"):
        aggregate_scorecards(rubric, [cards[0], other])


def test_aggregate_files_groups_by_organization() -> None:
    cards, warnings = aggregate_files([DATA / "mini"], rubric_path=RUBRIC)
    assert warnings == []
    (card,) = cards
    assert card.respondents == 5
    assert card.overall.score == pytest.approx(47.5)


def test_aggregate_files_no_files(tmp_path: Path) -> None:
    with pytest.raises(OrgauditError, match="no answers files"):
        aggregate_files([tmp_path])

"""Comparisons: golden arithmetic on tests/data/compare/mini, the CLI formats, rubric refusal.

The four audits (mini rubric, tests/data/respondents/mini-rubric.yaml; one respondent each):

    org (date)               slate        ballot-rule  members-count        contact-rule
    Alpha Union (2024-05)    contested 1  yes 1        on-request 0.5       yes 1
    Beta Party (2023-01)     closed 0     yes 1        secret 0             yes 1
    Beta Party (2024-05)     uncontested  yes 1        on-request 0.5       no 0
                             0.5
    Gamma Circle (2024-05)   closed 0     yes 1        dont_know (opacity)  dont_know (omit)

elections = (2 slate + ballot) / 3; information = (members-count + contact) / 2;
overall = (2 elections + information) / 3.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.aggregate import aggregate_files
from orgaudit.cli import main
from orgaudit.compare import Comparison, column_key, compare
from orgaudit.errors import OrgauditError

DATA = Path(__file__).parent / "data"
MINI_RUBRIC = DATA / "respondents" / "mini-rubric.yaml"
MINI = DATA / "compare" / "mini"
DELTA = DATA / "compare" / "delta-org-democracy.yaml"


@pytest.fixture(scope="module")
def comp() -> Comparison:
    cards, _ = aggregate_files([MINI], rubric_path=MINI_RUBRIC)
    return compare(cards)


def test_columns_are_latest_audits(comp: Comparison) -> None:
    assert [e.organization for e in comp.entries] == ["Alpha Union", "Beta Party", "Gamma Circle"]
    assert [e.key for e in comp.entries] == ["A", "B", "C"]
    assert [e.date for e in comp.entries] == ["2024-05-01"] * 3
    assert not comp.is_trend


def test_matrix_arithmetic(comp: Comparison) -> None:
    alpha, beta, gamma = comp.entries
    # Alpha: elections (2*1 + 1)/3 = 100; information (0.5 + 1)/2 = 75; overall (200 + 75)/3
    assert [c.score for c in alpha.dimensions if c] == pytest.approx([100.0, 75.0])
    assert alpha.overall.score == pytest.approx(275 / 3)
    assert alpha.overall.band == "Democratic"
    # Beta 2024: elections (2*0.5 + 1)/3 = 66.667; information (0.5 + 0)/2 = 25
    # overall (133.333 + 25)/3 = 52.778
    assert beta.overall.score == pytest.approx((400 / 3 + 25) / 3)
    # Gamma: elections (0 + 1)/3 = 33.333; information: opacity 0, contact omitted -> 0
    # overall 66.667/3 = 22.222; best case: members-count 1, contact 1 -> info 100,
    # overall (66.667 + 100)/3 = 55.556
    assert gamma.overall.score == pytest.approx(200 / 9)
    assert gamma.overall.worst == pytest.approx(200 / 9)
    assert gamma.overall.best == pytest.approx(500 / 9)
    assert gamma.dimensions[1] is not None and gamma.dimensions[1].range_width == pytest.approx(100)
    # spreads: elections 100 - 33.333; information 75 - 0; overall 91.667 - 22.222
    assert comp.spread(0) == pytest.approx(200 / 3)
    assert comp.spread(1) == pytest.approx(75.0)
    assert comp.overall_spread == pytest.approx(275 / 3 - 200 / 9)


def test_rule_practice_gaps(comp: Comparison) -> None:
    beta = comp.entries[1]
    # Beta elections: rule ballot-rule 100, practice slate 50 -> +50, rules on paper
    elections = beta.dimensions[0]
    assert elections is not None
    assert (elections.rule, elections.practice, elections.gap) == (100.0, 50.0, 50.0)
    assert elections.gap_note == "rules on paper, not in practice"
    # Beta information: rule contact 0, practice members-count 50 -> -50, practice ahead
    information = beta.dimensions[1]
    assert information is not None and information.gap == pytest.approx(-50.0)
    assert information.gap_note == "practice ahead of the rules"
    callouts = [(e.key, title) for e, title, _ in comp.gap_callouts()]
    assert callouts == [
        ("A", "Information flow"),
        ("B", "Leadership elections"),
        ("B", "Information flow"),
        ("C", "Leadership elections"),
    ]


def test_red_flags_per_organization(comp: Comparison) -> None:
    # Beta's closed slate was in 2023; its latest audit raises none
    assert [[f.id for f in e.red_flags] for e in comp.entries] == [[], [], ["closed-slate"]]


def test_differences_largest_spread_first(comp: Comparison) -> None:
    # contact-rule 100 / 0 / unknown -> 100; slate 100 / 50 / 0 -> 100;
    # members-count 50 / 50 / 0 -> 50; ballot-rule 100 everywhere -> left out
    assert [(d.criterion_id, d.spread) for d in comp.differences] == [
        ("contact-rule", 100.0),
        ("slate", 100.0),
        ("members-count", 50.0),
    ]
    assert comp.differences[0].scores == (100.0, 0.0, None)


def test_trend_of_organization_at_two_dates(comp: Comparison) -> None:
    (trend,) = comp.trends
    assert trend.organization == "Beta Party"
    assert [p.date for p in trend.points] == ["2023-01-01", "2024-05-01"]
    # 2023: elections (0 + 1)/3 = 33.333; information (0 + 1)/2 = 50; overall 38.889
    assert trend.points[0].overall.score == pytest.approx((200 / 3 + 50) / 3)
    assert trend.change == pytest.approx((400 / 3 + 25) / 3 - (200 / 3 + 50) / 3)
    assert [f.id for f in trend.points[0].red_flags] == ["closed-slate", "membership-secret"]


def test_one_organization_at_several_dates_is_a_trend() -> None:
    cards, _ = aggregate_files(
        [MINI / "beta-2024.yaml", MINI / "beta-2023.yaml"], rubric_path=MINI_RUBRIC
    )
    comp = compare(cards)
    assert comp.is_trend
    assert [e.date for e in comp.entries] == ["2023-01-01", "2024-05-01"]
    assert len(comp.trends) == 1


def test_needs_two(comp: Comparison) -> None:
    cards, _ = aggregate_files([MINI / "alpha.yaml"], rubric_path=MINI_RUBRIC)
    with pytest.raises(OrgauditError, match="at least two"):
        compare(cards)


def test_refuses_unpooled_duplicates() -> None:
    cards, _ = aggregate_files([MINI / "alpha.yaml"], rubric_path=MINI_RUBRIC)
    with pytest.raises(OrgauditError, match="pool the respondents"):
        compare([cards[0], dataclasses.replace(cards[0])])


def test_refuses_different_rubrics() -> None:
    cards, _ = aggregate_files([MINI / "alpha.yaml", DELTA], rubric_path=MINI_RUBRIC)
    with pytest.raises(OrgauditError) as info:
        compare(cards)
    text = str(info.value)
    assert "compare needs one rubric:" in text
    assert "alpha.yaml uses mini-democracy 1.0.0" in text
    assert "delta-org-democracy.yaml uses org-democracy 1.0.0" in text
    assert "--shared-only" in text


def test_shared_only_keeps_shared_dimensions() -> None:
    cards, _ = aggregate_files([MINI / "alpha.yaml", DELTA], rubric_path=MINI_RUBRIC)
    comp = compare(cards, shared_only=True)
    assert comp.dimension_ids == ("elections", "information")
    alpha, delta = comp.entries
    # the overall is the plain mean of the shared dimensions, without a band
    assert alpha.overall.score == pytest.approx((100 + 75) / 2)
    assert alpha.overall.band is None
    assert delta.overall.band is None
    assert "plain mean" in comp.notes[0]
    assert "finances" in comp.notes[1]


def test_column_keys() -> None:
    assert [column_key(i) for i in (0, 1, 25, 26, 27, 49)] == ["A", "B", "Z", "AA", "AB", "AX"]


# --- the command ----------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["compare", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_table_golden() -> None:
    code, out, err = run(str(MINI), "-r", str(MINI_RUBRIC))
    assert (code, err) == (0, "")
    assert out == (DATA / "compare" / "mini-table.txt").read_text(encoding="utf-8")


def test_cli_json() -> None:
    code, out, _ = run(str(MINI), "-r", str(MINI_RUBRIC), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "orgaudit-comparison/1"
    assert [e["organization"] for e in data["entries"]] == [
        "Alpha Union",
        "Beta Party",
        "Gamma Circle",
    ]
    assert data["entries"][0]["overall"]["score"] == pytest.approx(91.6667)
    assert data["entries"][1]["dimensions"]["elections"]["gap"] == 50.0
    assert data["trends"][0]["change"] == pytest.approx(13.8889)
    assert data["differences"][0]["scores"] == {"A": 100.0, "B": 0.0, "C": None}


def test_cli_csv_has_every_audit() -> None:
    code, out, _ = run(str(MINI), "-r", str(MINI_RUBRIC), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["organization"], r["date"]) for r in rows] == [
        ("Alpha Union", "2024-05-01"),
        ("Beta Party", "2024-05-01"),
        ("Gamma Circle", "2024-05-01"),
        ("Beta Party", "2023-01-01"),
    ]
    assert rows[1]["elections.gap"] == "50.0"
    assert rows[2]["overall_best"] == "55.5556"
    assert rows[3]["red_flags"] == "closed-slate membership-secret"


def test_cli_output_file_by_extension(tmp_path: Path) -> None:
    target = tmp_path / "cmp.json"
    code, out, err = run(str(MINI), "-r", str(MINI_RUBRIC), "-o", str(target))
    assert code == 0 and out == ""
    assert f"Wrote {target}" in err
    assert json.loads(target.read_text(encoding="utf-8"))["shared_only"] is False


def test_cli_refuses_different_rubrics_in_one_line() -> None:
    code, out, err = run(str(MINI / "alpha.yaml"), str(DELTA), "-r", str(MINI_RUBRIC))
    assert code == 2 and out == ""
    assert err.startswith("orgaudit: compare needs one rubric: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_cli_shared_only() -> None:
    code, out, _ = run(
        str(MINI / "alpha.yaml"), str(DELTA), "-r", str(MINI_RUBRIC), "--shared-only"
    )
    assert code == 0
    assert "Left out, not in every rubric: decisions, factions" in out


def test_cli_pools_respondents(tmp_path: Path) -> None:
    code, out, _ = run(
        str(DATA / "respondents" / "mini"),
        str(MINI / "alpha.yaml"),
        "-r",
        str(MINI_RUBRIC),
        "--min-group",
        "1",
    )
    assert code == 0
    assert "Mini League" in out
    assert "Respondents            5             1\n" in out
    # overall: leaders 84.722, members 12.963 (see test_aggregate.py)
    assert "Leaders minus members  +71.8\n" in out
    assert "what members cannot know" in out
    for rid in ("lena", "mia", "member-1"):
        assert rid not in out


def test_cli_bad_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organization: [unclosed\n", encoding="utf-8")
    code, _, err = run(str(bad), str(MINI / "alpha.yaml"), "-r", str(MINI_RUBRIC))
    assert code == 2
    assert "bad.yaml" in err and "Traceback" not in err

"""Pooled audits never expose one respondent: every output is searched for what only the lone
leader (or a member of a too-small group) answered, with groups of 1, 2, 4, 5 and 6."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.cli import main

from .conftest import DATA

RUBRIC = DATA / "respondents" / "mini-rubric.yaml"
SECRET = "Only-the-leader-wrote-this"


def _write(folder: Path, members: int, leaders: int = 1) -> Path:
    """`leaders` leaders who answer 'closed' (a red flag) with a telling evidence text, and
    `members` members who all answer 'contested' without evidence."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(leaders):
        (folder / f"leader-{i}.yaml").write_text(
            "organization: Mini League\nrubric: {id: mini-democracy, version: '1.0.0'}\n"
            f"respondent: {{role: leader, id: lead{i}}}\ndate: '2024-05-01'\nanswers:\n"
            f"  slate: {{answer: closed, evidence: {SECRET} {i}}}\n"
            "  ballot-rule: 'no'\n  members-count: published\n  contact-rule: 'no'\n",
            encoding="utf-8",
        )
    for i in range(members):
        (folder / f"member-{i}.yaml").write_text(
            "organization: Mini League\nrubric: {id: mini-democracy, version: '1.0.0'}\n"
            f"respondent: {{role: member, id: mem{i}}}\ndate: '2024-05-01'\nanswers:\n"
            "  slate: contested\n  ballot-rule: 'yes'\n  members-count: dont_know\n"
            "  contact-rule: 'yes'\n",
            encoding="utf-8",
        )
    return folder


def _outputs(folder: Path, tmp_path: Path) -> dict[str, str]:
    """Every output a pooled audit has, as text."""
    runner = CliRunner()
    out: dict[str, str] = {}
    base = ["-r", str(RUBRIC)]
    for fmt in ("table", "json", "csv"):
        result = runner.invoke(main, ["score", str(folder), "--format", fmt, *base])
        assert result.exit_code == 0, result.output
        out[f"score-{fmt}"] = result.stdout
    for fmt in ("json", "md", "html"):
        target = tmp_path / f"report.{fmt}"
        result = runner.invoke(
            main, ["report", str(folder), "--format", fmt, "-o", str(target), *base]
        )
        assert result.exit_code == 0, result.output
        out[f"report-{fmt}"] = target.read_text(encoding="utf-8")
    other = _write(tmp_path / "other", members=5, leaders=0)
    (other / "member-0.yaml").write_text(
        (other / "member-0.yaml").read_text(encoding="utf-8").replace("Mini League", "Other"),
        encoding="utf-8",
    )
    for fmt in ("table", "json", "csv", "html"):
        target = tmp_path / f"compare.{fmt}"
        args = ["compare", str(folder), str(other / "member-0.yaml"), "--format", fmt, *base]
        result = runner.invoke(main, [*args, "-o", str(target)] if fmt == "html" else args)
        assert result.exit_code == 0, result.output
        out[f"compare-{fmt}"] = (
            target.read_text(encoding="utf-8") if fmt == "html" else result.stdout
        )
    return out


ROLE_WORDS = ("Leaders minus members", "Scores by role", "Leader (1)", '"by_role": {"leader"')
ROLE_GAP = re.compile(r'leader_member_gap": -?[0-9]')


@pytest.mark.slow
@pytest.mark.parametrize("members", [1, 3])
def test_below_the_minimum_nothing_identifies(tmp_path: Path, members: int) -> None:
    """2 and 4 respondents: no distribution, evidence, free text or role breakdown anywhere."""
    folder = _write(tmp_path / "audit", members=members)
    for name, text in _outputs(folder, tmp_path).items():
        assert SECRET not in text, name
        for word in ROLE_WORDS:
            assert word not in text, (name, word)
        assert not ROLE_GAP.search(text), name
        assert "1 × One closed slate" not in text, name
        assert '"raised_by"' not in text, name
        if name.startswith("report") or name == "score-table":
            assert "Answers may be identifiable" in text or "identifiable" in text, name
    data = json.loads(_outputs(folder, tmp_path)["report-json"])
    assert "by_role" not in data["extra"]["criteria"]["slate"]
    assert data["extra"]["privacy"]["identifiable"] is True


@pytest.mark.slow
@pytest.mark.parametrize("members", [4, 5])
def test_a_lone_leader_among_members_is_not_recoverable(tmp_path: Path, members: int) -> None:
    """5 and 6 respondents with one leader: the whole group's distribution may show, but no
    breakdown by role (the leader's answers would follow from it and the members')."""
    folder = _write(tmp_path / "audit", members=members)
    outputs = _outputs(folder, tmp_path)
    for name, text in outputs.items():
        for word in ROLE_WORDS:
            assert word not in text, (name, word)
        assert not ROLE_GAP.search(text), name
        if name.startswith(("report", "score-table", "compare")) and name != "compare-csv":
            assert "breakdowns by role" in text, name
    data = json.loads(outputs["report-json"])
    assert "dimensions" not in data["extra"] and "overall" not in data["extra"]
    assert "by_role" not in data["extra"]["criteria"]["slate"]
    assert data["extra"]["privacy"]["identifiable"] is False


def test_groups_at_the_minimum_show_their_breakdowns(tmp_path: Path) -> None:
    folder = _write(tmp_path / "audit", members=5, leaders=5)
    text = _outputs(folder, tmp_path)["report-html"]
    assert "Scores by role" in text
    assert "breakdowns by role" not in text


def test_one_respondent_is_not_pooled(tmp_path: Path) -> None:
    folder = _write(tmp_path / "audit", members=0)
    result = CliRunner().invoke(main, ["score", str(folder), "-r", str(RUBRIC)])
    assert "Pooled" not in result.stdout


def test_rubric_may_ask_for_a_larger_minimum(tmp_path: Path) -> None:
    from orgaudit.aggregate import effective_min_group
    from orgaudit.rubric import load_rubric

    text = RUBRIC.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nmin_group: 8\n"
    )
    strict = tmp_path / "strict.yaml"
    strict.write_text(text, encoding="utf-8")
    rubric = load_rubric(strict)
    assert effective_min_group(rubric, 3) == 8 and effective_min_group(rubric, 10) == 10


def test_pooled_evidence_does_not_follow_the_files(tmp_path: Path) -> None:
    from orgaudit.aggregate import aggregate_scorecards
    from orgaudit.batch import Batch

    folder = _write(tmp_path / "audit", members=0, leaders=6)
    runner = Batch(RUBRIC)
    cards = [runner.load(p)[1] for p in sorted(folder.glob("*.yaml"))]
    forward = aggregate_scorecards(runner.rubric_for(cards[0]), cards).criterion("slate").evidence
    backward = aggregate_scorecards(runner.rubric_for(cards[0]), cards[::-1]).criterion("slate")
    assert forward == backward.evidence  # deterministic, whatever order the files come in
    order = [line.split()[-1] for line in forward.split("\n\n")]
    assert sorted(order) == [str(i) for i in range(6)]
    assert order != sorted(order)  # and not the files' order

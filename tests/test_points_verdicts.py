"""Points indices as published: no clamp unless declared, an aggregate total, and no rating or
status printed as a fact while an indicator it depends on is unanswered."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.answers import load_answers
from orgaudit.cli import main
from orgaudit.rubric import check_rubric, load_rubric
from orgaudit.scoring import Scorecard, score

from .conftest import DATA, FREEDOM_RUBRIC

EXAMPLES = DATA / "freedom"


def _without(source: Path, target: Path, ids: set[str]) -> Path:
    """A copy of an answers file with the answers to `ids` removed (one-line answers only)."""
    kept = [
        line
        for line in source.read_text(encoding="utf-8").splitlines()
        if line.split(":")[0].strip() not in ids or not line.startswith("  ")
    ]
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def _card(path: Path, rubric_path: Path = FREEDOM_RUBRIC) -> Scorecard:
    rubric = load_rubric(rubric_path)
    answers, _ = load_answers(path, rubric)
    return score(rubric, answers)


def test_declared_clamp_holds_the_total(tmp_path: Path) -> None:
    text = FREEDOM_RUBRIC.read_text(encoding="utf-8").replace(
        "range: {min: -4, max: 40}", "range: {min: 0, max: 40, clamp: true}"
    )
    text = text.replace('{label: "7", min: -4, max: 5', '{label: "7", min: 0, max: 5')
    rubric_path = tmp_path / "clamped.yaml"
    rubric_path.write_text(text, encoding="utf-8")
    card = _card(EXAMPLES / "not-free.yaml", rubric_path)
    assert card.dimension("political-rights").points == 0


def test_declared_range_narrower_than_the_criteria_needs_clamp(tmp_path: Path) -> None:
    text = FREEDOM_RUBRIC.read_text(encoding="utf-8").replace(
        "range: {min: -4, max: 40}", "range: {min: 0, max: 40}"
    )
    text = text.replace('{label: "7", min: -4, max: 5', '{label: "7", min: 0, max: 5')
    rubric_path = tmp_path / "narrow.yaml"
    rubric_path.write_text(text, encoding="utf-8")
    _, findings = check_rubric(rubric_path)
    assert any("outside the declared range 0 to 40" in f.message for f in findings), findings


def test_total_in_every_output(runner: CliRunner, tmp_path: Path) -> None:
    path = str(EXAMPLES / "not-free.yaml")
    table = runner.invoke(main, ["score", "-r", str(FREEDOM_RUBRIC), path])
    assert table.exit_code == 0, table.output
    assert any(line.split()[:2] == ["Total", "5/100"] for line in table.stdout.splitlines())
    data = json.loads(
        runner.invoke(main, ["score", "-r", str(FREEDOM_RUBRIC), "--format", "json", path]).stdout
    )
    assert data[0]["overall"]["total"] == {
        "label": "Total",
        "points": 5,
        "min": -4,
        "max": 100,
        "worst": 5,
        "best": 5,
    }
    rows = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(
                    main, ["score", "-r", str(FREEDOM_RUBRIC), "--format", "csv", path]
                ).stdout
            )
        )
    )
    assert rows[0]["total.points"] == "5.0" and rows[0]["political-rights.points"] == "-3.0"
    assert rows[0]["political-rights.rating"] == "7"
    for fmt, needle in (("md", "Total: 5 of -4 to 100"), ("html", "5 of -4 to 100")):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            main, ["report", "-r", str(FREEDOM_RUBRIC), path, "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert needle in out.read_text(encoding="utf-8")


def test_missing_indicators_leave_rating_and_status_open(tmp_path: Path) -> None:
    """Half of political rights unanswered: no total, no rating, no status as facts."""
    gone = {"a2", "a3", "b1", "b2", "b3", "b4", "c1"}
    path = _without(EXAMPLES / "partly-free.yaml", tmp_path / "half.yaml", gone)
    card = _card(path)
    pr = card.dimension("political-rights")
    assert pr.provisional and set(pr.missing) == gone
    assert pr.points is None and pr.band is None
    # a1 1 + c2 1 + c3 1 + add-q -2 = 1 answered; seven unknowns of 0 to 4 points each.
    assert (pr.range.worst_points, pr.range.best_points) == (1, 29)
    assert (pr.range.worst_band, pr.range.best_band) == ("7", "3")
    # CL is rating 4: the status could be Partly Free or Not Free, so none is given.
    assert card.overall.score is None and card.overall.band is None
    assert (card.overall.range.best_band, card.overall.range.worst_band) == (
        "Partly Free",
        "Not Free",
    )
    assert card.overall.total is None and card.overall.provisional


def test_missing_subtracting_indicator_is_sign_aware(tmp_path: Path) -> None:
    """add-q unanswered: its worst is -4 and its best 0, not "0 points" as a silent fact."""
    path = _without(EXAMPLES / "free.yaml", tmp_path / "no-addq.yaml", {"add-q"})
    card = _card(path)
    pr = card.dimension("political-rights")
    assert (pr.range.worst_points, pr.range.best_points) == (31, 35)
    assert pr.points is None
    # 31 to 35 is rating 2 whatever add-q is: the rating is settled, and so is the status.
    assert pr.band is not None and pr.band.label == "2"
    assert card.overall.band is not None and card.overall.band.label == "Free"


def test_weighted_mean_unknowns_keep_their_range_in_points_only_for_points() -> None:
    card = _card(EXAMPLES / "partly-free.yaml")
    assert card.dimension("political-rights").range.worst_points == 11
    default = DATA.parent.parent / "seeds" / "iso-pham-binh.yaml"
    from .conftest import DEFAULT_RUBRIC

    iso = _card(default, DEFAULT_RUBRIC)
    assert all(d.range.worst_points is None for d in iso.dimensions)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_require_complete(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    path = _without(EXAMPLES / "partly-free.yaml", tmp_path / "half.yaml", {"a2", "b1"})
    args = ["score", "-r", str(FREEDOM_RUBRIC), "--format", fmt, str(path)]
    assert runner.invoke(main, args).exit_code == 0
    result = runner.invoke(main, [*args, "--require-complete"])
    assert result.exit_code == 1
    assert "incomplete: 2 unanswered or don't know: a2, b1" in result.stderr
    complete = runner.invoke(
        main,
        [
            "score",
            "-r",
            str(FREEDOM_RUBRIC),
            "--require-complete",
            str(EXAMPLES / "free.yaml"),
        ],
    )
    assert complete.exit_code == 0, complete.output


def test_incomplete_is_said_in_the_terminal_and_reports(runner: CliRunner, tmp_path: Path) -> None:
    path = _without(EXAMPLES / "partly-free.yaml", tmp_path / "half.yaml", {"a2", "b1", "b2"})
    table = runner.invoke(main, ["score", "-r", str(FREEDOM_RUBRIC), str(path)]).stdout
    pr_row = next(line for line in table.splitlines() if line.startswith("Political Rights"))
    assert "(incomplete)" in pr_row and "?" in pr_row
    assert "Incomplete: 3 applicable questions" in table
    out = tmp_path / "r.md"
    runner.invoke(
        main, ["report", "-r", str(FREEDOM_RUBRIC), str(path), "--format", "md", "-o", str(out)]
    )
    text = out.read_text(encoding="utf-8")
    assert "(incomplete)" in text and "Incomplete: 3 applicable questions" in text


def test_comparison_keeps_points_in_points(runner: CliRunner, tmp_path: Path) -> None:
    """An incomplete section compares as its range in points, never a 0-100 range beside points."""
    half = _without(EXAMPLES / "partly-free.yaml", tmp_path / "half.yaml", {"a2", "b1"})
    result = runner.invoke(
        main, ["compare", "-r", str(FREEDOM_RUBRIC), str(EXAMPLES / "free.yaml"), str(half)]
    )
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("Political"))
    assert row.split()[2:] == ["35/40", "7–15/40?"], row  # 11 less a2 and b1, each 0-4

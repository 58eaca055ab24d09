"""Agreement between respondents and resampled intervals: checked against the published worked
example, reproducible, and in every output of a pooled audit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.agreement import AGREE, TENTATIVE, alpha, reading
from orgaudit.cli import main

from .conftest import DATA

RUBRIC = DATA / "respondents" / "mini-rubric.yaml"
NAN = float("nan")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, values 1-5, missing values. Published results: nominal 0.743, ordinal 0.815,
# interval 0.849. The 12th unit has one value only and is not pairable.
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def test_alpha_matches_the_published_worked_example() -> None:
    import numpy as np

    assert alpha(np.array(PUBLISHED)) == pytest.approx(0.815, abs=0.0005)


def test_alpha_is_undefined_without_pairs_or_variation() -> None:
    import numpy as np

    assert alpha(np.array([[1.0, NAN], [NAN, 1.0]])) is None  # no unit with two values
    assert alpha(np.array([[1.0, 1.0], [1.0, 1.0]])) is None  # one value everywhere
    assert alpha(np.array([[1.0, 0.0]])) is None  # one respondent


def test_readings() -> None:
    assert reading(AGREE) == "respondents largely agree"
    assert reading(TENTATIVE).startswith("respondents partly agree")
    assert reading(0.2) == "respondents disagree: read the spread"


def _pooled_json(folder: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(
        main, ["score", str(folder), "-r", str(RUBRIC), "--format", "json", *extra]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)[0]
    return data


def test_interval_is_seeded_and_holds_the_pooled_score() -> None:
    folder = DATA / "respondents" / "mini"
    first, second = _pooled_json(folder), _pooled_json(folder)
    assert first["extra"]["interval"] == second["extra"]["interval"]  # type: ignore[index]
    low, high = first["extra"]["interval"]["overall"]  # type: ignore[index]
    assert low <= first["overall"]["score"] <= high  # type: ignore[index]
    assert first["extra"]["agreement"]["overall"]["reading"]  # type: ignore[index]


def test_withheld_below_the_minimum(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("leader-1.yaml", "member-1.yaml"):
        (folder / name).write_bytes((DATA / "respondents" / "mini" / name).read_bytes())
    extra = _pooled_json(folder)["extra"]
    assert "interval" not in extra and "agreement" not in extra  # type: ignore[operator]


def test_outputs_say_agreement_and_interval(tmp_path: Path) -> None:
    folder = DATA / "respondents" / "mini"
    table = CliRunner().invoke(main, ["score", str(folder), "-r", str(RUBRIC)]).stdout
    assert "Agreement (Krippendorff's alpha, ordinal)" in table
    assert "95% interval of the overall score" in table
    out = tmp_path / "r.html"
    CliRunner().invoke(
        main, ["report", str(folder), "-r", str(RUBRIC), "-o", str(out), "--format", "html"]
    )
    assert "95% interval" in out.read_text(encoding="utf-8")


def test_comparison_says_when_pooled_audits_cannot_be_told_apart(tmp_path: Path) -> None:
    src = DATA / "respondents" / "mini"
    for i, name in enumerate(sorted(p.name for p in src.glob("*.yaml"))):
        text = (src / name).read_text(encoding="utf-8")
        (tmp_path / f"a{i}.yaml").write_text(text, encoding="utf-8")
        (tmp_path / f"b{i}.yaml").write_text(
            text.replace("Mini League", "Twin League"), encoding="utf-8"
        )
    result = CliRunner().invoke(main, ["compare", str(tmp_path), "-r", str(RUBRIC)])
    assert result.exit_code == 0, result.output
    assert "95% interval" in result.stdout
    assert (
        "Cannot be told apart" in result.stdout and "Mini League and Twin League" in result.stdout
    )


def test_numpy_stays_out_of_start_up() -> None:
    code = "import sys, orgaudit.cli; print('numpy' in sys.modules, 'krippendorff' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_points_sections_get_intervals_in_points() -> None:
    """A points rubric's sections are resampled as point totals (the only rubrics for which the
    points are resampled at all), each interval holding the pooled total."""
    import dataclasses

    from orgaudit.aggregate import aggregate_scorecards
    from orgaudit.answers import load_answers
    from orgaudit.rubric import load_rubric
    from orgaudit.scoring import score

    from .conftest import FREEDOM_RUBRIC

    rubric = load_rubric(FREEDOM_RUBRIC)
    cards = []
    for _copy in range(2):
        for name in ("free.yaml", "partly-free.yaml", "not-free.yaml"):
            answers, _ = load_answers(DATA / "freedom" / name, rubric)
            cards.append(dataclasses.replace(score(rubric, answers), organization="Pooled"))
    intervals = aggregate_scorecards(rubric, cards).extra["interval"]["dimensions"]
    for section in ("political-rights", "civil-liberties"):
        totals = [card.dimension(section).points for card in cards]
        low, high = intervals[section]
        assert min(totals) <= low <= high <= max(totals)  # type: ignore[type-var]
        assert low <= sum(totals) / len(totals) <= high  # type: ignore[arg-type]
        assert high > 1  # points, not a score in [0, 1]

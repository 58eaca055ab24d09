"""The percentage question type, added as one module (`questions/percentage.py`), its line in
the registry and the schema's enum: every part of orgaudit picks it up from there."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from orgaudit import i18n
from orgaudit.answers import load_answers
from orgaudit.cli import main
from orgaudit.questions import handler
from orgaudit.questions.number import number_of
from orgaudit.rubric import load_rubric
from orgaudit.scoring import score
from orgaudit.surveys import submission_rows, xlsform_rows

from .conftest import ROOT

MINI = ROOT / "tests" / "data" / "mini" / "rubric.yaml"
PERCENTAGE = """\
      - id: dues-share
        question: What share of the dues goes to the centre?
        type: percentage
        thresholds:
          - {up_to: 25, score: 1, label: A quarter or less}
          - {up_to: 60, score: 0.5}
          - {score: 0, recommendation: Keep most of the dues with the branches.}
      - id: dues-audited
        question: Is that share audited?
        type: yes_no
        when: {question: dues-share, at_least: 50}
        options:
          - {value: "yes", label: "Yes", score: 1}
          - {value: "no", label: "No", score: 0}
"""
ANSWERS = """\
organization: Share Club
respondent: {role: member}
date: "2024-05-01"
rubric: {id: mini, version: "1.0"}
answers:
  election: contested
  dues-share: %s
  dues-audited: "no"
"""


@pytest.fixture
def rubric_path(tmp_path: Path) -> Path:
    text = MINI.read_text(encoding="utf-8")
    path = tmp_path / "rubric.yaml"
    path.write_text(text.replace("      - id: notes\n", PERCENTAGE + "      - id: notes\n"))
    return path


def _answers(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "club.yaml"
    path.write_text(ANSWERS % value, encoding="utf-8")
    return path


def _criterion(card: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for d in card["dimensions"] for c in d["criteria"] if c["id"] == cid)


def test_a_rubric_with_a_percentage_validates(rubric_path: Path) -> None:
    result = CliRunner().invoke(main, ["rubric", "validate", str(rubric_path)])
    assert result.exit_code == 0, result.output
    outline = CliRunner().invoke(main, ["rubric", "show", str(rubric_path)]).output
    assert "percentage" in outline


def test_a_percentage_needs_thresholds_and_takes_no_number_block(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    bare = PERCENTAGE.split("        thresholds:")[0] + "        number: {min: 0, max: 100}\n"
    path = tmp_path / "rubric.yaml"
    path.write_text(text.replace("      - id: notes\n", bare + "      - id: notes\n"))
    result = CliRunner().invoke(main, ["rubric", "validate", str(path)])
    assert result.exit_code == 1
    assert "thresholds" in result.output


@pytest.mark.parametrize(
    "written,expected_score", [("60", 0.5), ('"60%"', 0.5), ("12.5", 1.0), ("100", 0.0)]
)
def test_answers_files_hold_the_number_or_a_percent_sign(
    rubric_path: Path, tmp_path: Path, written: str, expected_score: float
) -> None:
    path = _answers(tmp_path, written)
    result = CliRunner().invoke(
        main, ["score", str(path), "--rubric", str(rubric_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)[0]
    assert _criterion(card, "dues-share")["score"] == expected_score
    audited = _criterion(card, "dues-audited")
    assert audited["status"] == ("scored" if expected_score < 1 else "not_shown")


@pytest.mark.parametrize("written", ["120", '"-5%"', '"sixty"', "true"])
def test_values_outside_0_to_100_are_refused_with_the_line(
    rubric_path: Path, tmp_path: Path, written: str
) -> None:
    path = _answers(tmp_path, written)
    result = CliRunner().invoke(main, ["score", str(path), "--rubric", str(rubric_path)])
    assert result.exit_code == 2
    assert f"{path}:7:" in result.output
    assert "a percentage from 0 to 100" in result.output


@pytest.mark.parametrize(
    "typed,value",
    [("60%", 60), ("60", 60), (" 60 % ", 60), ("12.5%", 12.5), ("0", 0), ("100%", 100)],
)
def test_a_member_types_60_percent_or_60(rubric_path: Path, typed: str, value: float) -> None:
    crit = load_rubric(rubric_path).criterion("dues-share")
    assert crit is not None
    assert handler("percentage").parse_typed(crit, typed) == value


@pytest.mark.parametrize("typed", ["101", "-1%", "60%%", "%", "sixty", "6 0", "", "12,5"])
def test_what_is_not_a_percentage_is_not_understood(rubric_path: Path, typed: str) -> None:
    crit = load_rubric(rubric_path).criterion("dues-share")
    assert crit is not None
    assert handler("percentage").parse_typed(crit, typed) is None


@pytest.mark.parametrize(
    "lang,typed,value",
    [
        ("es", "12,5 %", 12.5),
        ("es", "12.5%", 12.5),
        ("es", "60", 60),
        ("fa", "۶۰٪", 60),
        ("fa", "۱۲٫۵٪", 12.5),
        ("fa", "12.5%", 12.5),
        ("en", "12.5%", 12.5),
    ],
)
def test_members_type_numbers_as_their_language_writes_them(
    rubric_path: Path, lang: str, typed: str, value: float
) -> None:
    crit = load_rubric(rubric_path).criterion("dues-share")
    assert crit is not None
    with i18n.using(lang):
        assert handler("percentage").parse_typed(crit, typed) == value


@pytest.mark.parametrize(
    "lang,typed,value",
    [
        ("en", "1,200.5", 1200.5),
        ("es", "1.200,5", 1200.5),
        ("es", "1.200", 1200),
        ("fa", "۱٬۲۰۰", 1200),
    ],
)
def test_numbers_with_thousands_separators(lang: str, typed: str, value: float) -> None:
    crit = load_rubric(MINI).criterion("meeting-hours")
    assert crit is not None
    wide = dataclasses.replace(crit, spec=dataclasses.replace(number_of(crit), max=None))
    with i18n.using(lang):
        assert handler("number").parse_typed(wide, typed) == value


@given(st.decimals(min_value=0, max_value=100, places=2).map(float))
def test_typed_and_shown_answers_round_trip(number: float) -> None:
    crit = load_rubric(MINI).criteria[0]  # limits and words are the type's own
    kind = handler("percentage")
    shown = kind.show_typed(crit, number)
    assert shown.endswith("%")
    assert kind.parse_typed(crit, shown) == pytest.approx(float(f"{number:g}"))


def test_report_template_and_questionnaire_words(rubric_path: Path, tmp_path: Path) -> None:
    rubric = load_rubric(rubric_path)
    crit = rubric.criterion("dues-share")
    assert crit is not None
    kind = handler(crit.type)
    assert kind.answer_words(crit, 60) == "60%"
    assert kind.bucket_words(crit, "up to 60") == ("up to 60%", None, 1)
    assert kind.bucket_words(crit, "A quarter or less")[0] == "A quarter or less"
    assert kind.buckets(crit, 70) == ["more"]
    assert crit.recommendation_for(70) == "Keep most of the dues with the branches."
    template = CliRunner().invoke(main, ["template", "-r", str(rubric_path)]).output
    assert "#   A percentage from 0 to 100 (60 or 60%)" in template
    assert "dues-share: ~" in template


def test_the_report_shows_the_percent(rubric_path: Path, tmp_path: Path) -> None:
    path = _answers(tmp_path, "70")
    out = tmp_path / "club.html"
    result = CliRunner().invoke(
        main,
        ["report", str(path), "--rubric", str(rubric_path), "--format", "html", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert ">70%<" in out.read_text(encoding="utf-8")


def test_survey_platforms_and_the_browser_form(rubric_path: Path, tmp_path: Path) -> None:
    rubric = load_rubric(rubric_path)
    survey, _choices, _settings = xlsform_rows(rubric)
    row = next(r for r in survey if r["name"] == "dues-share")
    assert row["type"] == "decimal" and row["constraint"] == ". >= 0 and . <= 100"
    assert any(r["name"] == "dues-share__known" for r in survey)
    crit = rubric.criterion("dues-share")
    assert crit is not None
    kind = handler("percentage")
    assert kind.from_submission(crit, "60%") == 60 and kind.from_submission(crit, "12.5") == 12.5
    assert kind.form_widget(crit)["unit"] == "%" and kind.form_widget(crit)["max"] == 100
    answers = load_answers(_answers(tmp_path, "70"), rubric)[0]
    header, rows = submission_rows(rubric, [answers], platform="odk")
    cell = rows[0][header.index(next(h for h in header if h.endswith("-dues-share")))]
    assert cell == "70"
    assert score(rubric, answers).criterion("dues-share").score == 0.0

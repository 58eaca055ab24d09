"""An exclusive option ("none of these") is chosen alone: rubric, answers checker, questionnaire and
template all hold to it (issue 11.8)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.answers import load_answers
from orgaudit.cli import main
from orgaudit.errors import AnswersError
from orgaudit.model import Answer
from orgaudit.rubric import check_rubric, load_rubric

from .conftest import DEFAULT_RUBRIC
from .test_questionnaire import session

RUBRIC = """\
id: excl
version: "1"
title: Exclusive
language: en
band_tables:
  - id: b
    bands:
      - {{label: Good, min: 50, max: 100}}
      - {{label: Poor, min: 0, max: 50}}
overall: {{method: weighted_mean, bands: b}}
dimensions:
  - id: d
    title: D
    bands: b
    criteria:
      - id: supports
        question: Which supports?
        type: multi
        options:
          - {{value: childcare, label: Childcare, score: 0.5}}
          - {{value: none, label: None of these, score: 0, exclusive: true}}
      - id: kind
        question: Which kind?
        type: {type}
        options:
          - {{value: "yes", label: "Yes", score: 1}}
          - {{value: "no", label: "No", score: 0, exclusive: true}}
"""


def test_the_lint_allows_exclusive_only_on_multi_questions(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(RUBRIC.format(type="yes_no"), encoding="utf-8")
    _, findings = check_rubric(path)
    assert [(f.line, f.path) for f in findings] == [
        (27, "$.dimensions[0].criteria[1].options[1].exclusive")
    ]
    assert "'exclusive' only applies to multi questions" in findings[0].message
    path.write_text(RUBRIC.format(type="multi"), encoding="utf-8")
    rubric, findings = check_rubric(path)
    assert findings == [] and rubric is not None
    option = rubric.criterion("supports").option("none")  # type: ignore[union-attr]
    assert option is not None and option.exclusive


def test_the_default_rubric_marks_none_of_these_exclusive() -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    nones = [
        (c.id, o.exclusive)
        for c in rubric.criteria
        for o in c.options
        if o.label.lower().startswith("none of these")
    ]
    assert nones == [("documents-available", True), ("participation-supports", True)]
    assert all(not o.exclusive for c in rubric.criteria if c.type != "multi" for o in c.options)


ANSWERS = """\
organization: Acme
respondent: {{role: member}}
rubric: {{id: org-democracy, version: 1.0.0}}
answers:
  committee-election: contested
  documents-available:
{items}
"""


def test_the_answers_checker_refuses_none_with_another_option(tmp_path: Path) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    path = tmp_path / "acme.yaml"
    path.write_text(
        ANSWERS.format(items="    - annual-report\n    - none\n    - committee-list"),
        encoding="utf-8",
    )
    with pytest.raises(AnswersError) as caught:
        load_answers(path, rubric)
    error = caught.value
    assert error.line == 8  # the line of "- none"
    assert "'none' (None of these) is chosen on its own, not with 'annual-report'" in str(
        error.message
    )
    path.write_text(ANSWERS.format(items="    - none"), encoding="utf-8")
    answers, _ = load_answers(path, rubric)
    assert answers.answers["documents-available"].value == ("none",)


def test_the_questionnaire_refuses_the_combination_and_asks_again() -> None:
    q, saves = session(["1,6", "2"])
    rubric = q.rubric
    filled = {
        c.id: Answer(c.id, None, "skipped")
        for c in rubric.criteria
        if c.id != "documents-available"
    }
    q.answers = dataclasses.replace(q.answers, answers=filled)
    with pytest.raises(EOFError):  # after the answer, the evidence prompt meets the end of input
        q.run()
    shown = "\n".join(q.io.shown)  # type: ignore[attr-defined]
    assert "'none' (None of these) is chosen on its own" in shown
    assert "choose it alone, or the others without it" in shown
    given = [
        s.answers["documents-available"].value for s in saves if "documents-available" in s.answers
    ]
    assert given and all(v == ("convention-records",) for v in given)


def test_the_template_says_the_option_is_exclusive() -> None:
    result = CliRunner().invoke(main, ["template", "--org", "Acme"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "none = None of these" in line]
    assert len(lines) == 2
    assert all("(exclusive: choose it alone)" in line for line in lines)

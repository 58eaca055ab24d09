"""Every red flag can be raised, and the essay's criticisms from what a member sees (issue 11.5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgaudit.model import Answer, Answers, AnswerValue, Criterion, Respondent
from orgaudit.questions.scale import scale_of
from orgaudit.rubric import check_rubric, load_rubric
from orgaudit.scoring import score
from orgaudit.yamlio import load_yaml

from .conftest import DEFAULT_RUBRIC, ROOT

#: The essay's criticisms: closed slates, no faction rights, opaque finances, vertical information
#: flow, routinism (the meeting treadmill).
CRITICISMS = (
    "closed-slate",
    "factions-forbidden",
    "finances-secret",
    "vertical-information",
    "treadmill",
)

HEAD = """\
id: reach
version: "1"
title: Reach
language: en
red_flags:
{flags}
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
"""

YES_NO = """\
      - id: {id}
        question: {id}?
        kind: {kind}
        type: yes_no
        {when}
        options:
          - {{value: "yes", label: "Yes", score: 1}}
          - {{value: "no", label: "No", score: 0{flag}}}
"""


def write_rubric(tmp_path: Path, flags: str, *questions: str) -> Path:
    path = tmp_path / "reach.yaml"
    path.write_text(HEAD.format(flags=flags) + "".join(questions), encoding="utf-8")
    return path


def question(qid: str, kind: str = "practice", when: str = "", flag: str = "") -> str:
    return YES_NO.format(
        id=qid,
        kind=kind,
        when=f"when: {when}" if when else "",
        flag=f", red_flag: {flag}" if flag else "",
    )


def messages(path: Path) -> list[tuple[int, str]]:
    _rubric, findings = check_rubric(path)
    return [(f.line, f.message) for f in findings]


def test_a_flag_behind_an_impossible_condition_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write_rubric(
        tmp_path,
        "  - {id: hidden, title: Hidden}\n  - {id: shown, title: Shown}",
        question("a"),
        question(
            "b",
            when='{all: [{question: a, equals: "yes"}, {question: a, equals: "no"}]}',
            flag="hidden",
        ),
        question("c", when='{question: a, equals: "no"}', flag="shown"),
    )
    found = messages(path)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == 6  # the red flag's own line
    assert "red flag 'hidden' can never be raised" in message
    assert "'b' (line" in message and "cannot hold" in message


def test_chains_and_negations_are_followed(tmp_path: Path) -> None:
    """'deep' needs b shown (a is no) and a not yes: possible. 'never' waits for b, which is
    never shown, so c never is either: reported, and 'deep' is not."""
    path = write_rubric(
        tmp_path,
        "  - {id: deep, title: Deep}\n  - {id: never, title: Never}",
        question("a"),
        question("b", when='{question: a, equals: "no"}'),
        question(
            "c",
            when='{all: [{question: b, equals: "yes"}, {not: {question: a, equals: "yes"}}]}',
            flag="deep",
        ),
        question("d", when='{all: [{question: a, equals: "yes"}, {question: a, equals: "no"}]}'),
        question("e", when='{question: d, in: ["yes", "no"]}', flag="never"),
    )
    found = messages(path)
    assert len(found) == 1 and "'never' can never be raised" in found[0][1], found


def test_a_threshold_outside_the_numbers_range_raises_nothing(tmp_path: Path) -> None:
    number = """\
      - id: hours
        question: Hours?
        type: number
        number: {min: 0, max: 20}
        thresholds:
          - {up_to: 8, score: 1}
          - {up_to: 30, score: 0.5}
          - {score: 0, red_flag: treadmill}
"""
    path = write_rubric(tmp_path, "  - {id: treadmill, title: Treadmill}", number)
    found = messages(path)
    assert any("'treadmill' can never be raised" in m and "range" in m for _, m in found), found


def test_practice_reachable_refuses_a_practice_question_asked_only_after_a_rule_answer(
    tmp_path: Path,
) -> None:
    flags = "  - {id: factions, title: Factions, practice_reachable: true}"
    behind_rule = write_rubric(
        tmp_path,
        flags,
        question("right", kind="rule"),
        question("expelled", when='{question: right, equals: "yes"}', flag="factions"),
    )
    found = messages(behind_rule)
    assert len(found) == 1 and "practice answers alone" in found[0][1], found
    assert "'expelled' (line" in found[0][1]
    only_rule = write_rubric(tmp_path, flags, question("right", kind="rule", flag="factions"))
    assert "only rule questions raise it" in messages(only_rule)[0][1]
    free = write_rubric(
        tmp_path, flags, question("right", kind="rule"), question("expelled", flag="factions")
    )
    assert messages(free) == []


def test_the_default_rubric_marks_the_essays_criticisms_and_passes() -> None:
    data = load_yaml(DEFAULT_RUBRIC).data
    marked = {f["id"] for f in data["red_flags"] if f.get("practice_reachable")}
    assert marked == set(CRITICISMS)
    rubric, findings = check_rubric(DEFAULT_RUBRIC)
    assert rubric is not None and findings == []


def test_the_old_faction_condition_would_be_caught(tmp_path: Path) -> None:
    """Put back the condition that hid the practice question behind the rules: the lint objects."""
    text = DEFAULT_RUBRIC.read_text(encoding="utf-8")
    anchor = "      - id: faction-treatment\n"
    assert anchor in text
    head, tail = text.split(anchor)
    tail = tail.replace(
        "        not_applicable: true\n",
        "        not_applicable: true\n"
        "        when: {question: faction-right, in: [any-time, pre-convention-only]}\n",
        1,
    )
    essay = "critique-of-trotskyist-organizations.txt"
    (tmp_path / essay).write_bytes((ROOT / "seeds" / essay).read_bytes())
    copy = tmp_path / "org-democracy.yaml"  # a copy's sources stay beside it
    copy.write_text((head + anchor + tail).replace(f"../seeds/{essay}", essay), encoding="utf-8")
    found = messages(copy)
    assert len(found) == 1, found
    assert "'factions-forbidden' must be raisable from practice answers alone" in found[0][1]
    assert "faction-right" in found[0][1]


def answers(values: dict[str, AnswerValue], role: str = "member") -> Answers:
    return Answers(
        organization="Test",
        rubric_id="org-democracy",
        rubric_version="1.0.0",
        answers={k: Answer(k, v) for k, v in values.items()},
        respondent=Respondent(role=role),
    )


def test_rules_say_nothing_and_practice_expulsion_raises_the_faction_flag() -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    card = score(
        rubric, answers({"faction-right": "not-guaranteed", "faction-treatment": "expelled"})
    )
    assert "factions-forbidden" in card.red_flag_kinds
    assert card.criterion("faction-treatment").status == "scored"


def worst(crit: Criterion) -> AnswerValue | None:
    """The worst answer a member can give to a practice question."""
    if crit.type in ("yes_no", "single"):
        return min(crit.options, key=lambda o: o.score).value
    if crit.type == "multi":
        return ()
    if crit.type == "scale":
        scale = scale_of(crit)
        return scale.max if scale.reverse else scale.min
    if crit.type == "number":
        k = min(range(len(crit.thresholds)), key=lambda i: crit.thresholds[i].score)
        up_to = crit.thresholds[k].up_to
        if up_to is not None:
            return up_to
        below = crit.thresholds[k - 1].up_to
        assert below is not None
        return below + 1
    return None


@pytest.mark.parametrize("role", ["member", "observer"])
def test_worst_practice_answers_alone_raise_every_criticisms_flag(role: str) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    given: dict[str, AnswerValue] = {}
    for crit in rubric.criteria:
        value = worst(crit)
        if crit.kind == "practice" and value is not None:
            given[crit.id] = value
    assert not any(rubric.criterion(c).kind == "rule" for c in given)  # type: ignore[union-attr]
    card = score(rubric, answers(given, role))
    missing = [f for f in CRITICISMS if f not in card.red_flag_kinds]
    assert missing == []

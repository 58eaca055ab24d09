"""`orgaudit audit` through click's CliRunner with scripted input: whole sessions on the default
rubric, going back, skipping, don't know, not applicable, bad input, conditions and resuming."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from orgaudit.answers import load_answers, save_answers
from orgaudit.cli import main
from orgaudit.model import Answer, Answers, Leaf
from orgaudit.questionnaire import new_answers
from orgaudit.scoring import criterion_results

from .test_audit_support import ANSI, HEADER, acme_args, default_rubric, plan, script

RUBRIC = default_rubric()


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, *args: str) -> Result:
    """Run in tmp_path as the current folder, for the default file names."""
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(
        main, ["audit", "--role", "member", "--date", "2026-01-01", *args], input=text
    )


def yaml_files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in folder.glob("*.yaml")}


def audit(tmp_path: Path, text: str, *args: str) -> Result:
    """Run with the answers file at tmp_path/acme.yaml."""
    return CliRunner().invoke(
        main,
        acme_args(tmp_path / "acme.yaml", *args),
        input=text,
    )


def loaded(tmp_path: Path) -> Answers:
    answers, warnings = load_answers(tmp_path / "acme.yaml", RUBRIC)
    assert warnings == []
    return answers


def partial(tmp_path: Path, upto: str, **extra: Answer) -> Path:
    """An answers file with every question before `upto` answered by option 1 (or its like)."""
    entries: dict[str, Answer] = {}
    for step in plan(RUBRIC):
        if step.criterion.id == upto:
            break
        entries[step.criterion.id] = Answer(step.criterion.id, step.value)
    entries.update(extra)
    base = new_answers(RUBRIC, "Acme", "member", "2024-05-01")
    path = tmp_path / "acme.yaml"
    save_answers(path, Answers(**{**base.__dict__, "answers": entries}), RUBRIC)
    return path


def questions_asked(output: str) -> list[str]:
    """The question texts shown, in order (the line after each progress header's blank line)."""
    lines = output.splitlines()
    asked = []
    for i, line in enumerate(lines):
        if HEADER.match(line):
            text = []
            for follow in lines[i + 2 :]:
                if not follow.strip():
                    break
                text.append(follow.strip())
            asked.append(" ".join(text))
    return asked


def test_full_run_on_the_default_rubric(tmp_path: Path) -> None:
    steps = plan(RUBRIC)
    result = audit(tmp_path, script(steps))
    assert result.exit_code == 0, result.output
    answers = loaded(tmp_path)
    assert {k: a.value for k, a in answers.answers.items()} == {
        s.criterion.id: s.value for s in steps
    }
    assert all(a.status == "answered" for a in answers.answers.values())
    # the opening screen, the progress headers, the summary and the next command
    out = result.output
    flat = " ".join(out.split())
    # faction-treatment is always asked since issue 11.5: 50 questions, 3 conditional
    assert "50 questions, and up to 3 more if your answers call for them; about" in flat
    assert "Every answer is saved to" in flat
    # first answers open one conditional question (affiliate-control)
    assert f"1/{len(steps) - 1} · Leadership elections and accountability" in out
    assert f"{len(steps)}/{len(steps)} · " in out
    assert "Overall" in out and "Review" not in out
    assert "Render the report with: orgaudit report" in out
    assert "acme.yaml" in out
    assert not ANSI.search(out)
    # every question the independent plan expects, in order, and no other
    assert questions_asked(out) == [" ".join(s.criterion.question.split()) for s in steps]


def test_a_finished_file_runs_straight_to_the_summary(tmp_path: Path) -> None:
    assert audit(tmp_path, script(plan(RUBRIC))).exit_code == 0
    again = audit(tmp_path, "")
    assert again.exit_code == 0, again.output
    assert "every question has an answer" in again.output
    assert "Overall" in again.output
    assert not HEADER.search(again.output)


def test_going_back_changes_the_earlier_answer(tmp_path: Path) -> None:
    # answer 1, then b at question 2, see the answer, change it to 2, evidence, then answer q2
    text = "1\n\nb\n2\nthe 2023 minutes\nhttps://example.org/minutes\ny\n\n"
    result = audit(tmp_path, text)
    assert result.exit_code == 1  # input ended before the end
    assert "Current answer: 1 (Individual candidates" in result.output
    answers = loaded(tmp_path).answers
    first = answers["committee-election"]
    assert first.value == "competing-slates"
    assert first.evidence == "the 2023 minutes"
    assert first.links == ("https://example.org/minutes",)
    assert answers["secret-ballot-rule"].value == "yes"
    assert questions_asked(result.output)[:3] == [
        "How was the current leading committee elected?",
        "Do the written rules require a secret ballot for elections to the leading committee?",
        "How was the current leading committee elected?",
    ]


def test_back_on_the_first_question_says_so(tmp_path: Path) -> None:
    result = audit(tmp_path, "b\n")
    assert "This is the first question." in result.output


def test_skip_dont_know_and_not_applicable(tmp_path: Path) -> None:
    partial(tmp_path, "affiliates-disclosed")
    # affiliates-disclosed allows n/a; affiliate-control then does not apply
    result = audit(tmp_path, "n\nd\ns\n")
    assert result.exit_code == 1
    answers = loaded(tmp_path).answers
    assert answers["affiliates-disclosed"].status == "not_applicable"
    assert "affiliate-control" not in answers
    assert answers["investments-held"].status == "dont_know"
    # investments-contradict applies only to a known investments answer: not asked
    assert "investments-contradict" not in answers
    assert answers["money-questions"].status == "skipped"
    assert "n not applicable" in result.output


def test_not_applicable_is_refused_where_the_rubric_does_not_allow_it(tmp_path: Path) -> None:
    result = audit(tmp_path, "n\n")
    assert "Not understood: answer with a number from 1 to 5; or d, s, b, ?, q." in result.output
    assert "committee-election" not in loaded(tmp_path).answers


def test_yes_no_accepts_y_and_n(tmp_path: Path) -> None:
    result = audit(tmp_path, "1\n\nN\n\n")
    assert result.exit_code == 1
    assert loaded(tmp_path).answers["secret-ballot-rule"].value == "no"


@pytest.mark.parametrize(
    ("upto", "bad", "accepted", "good", "value"),
    [
        (
            "committee-election",
            ["0", "6", "x", "1,2", "1.0"],
            "a number from 1 to 5",
            "3",
            "uncontested",
        ),
        ("secret-ballot-rule", ["3", "maybe"], "1-2 or y/n", "y", "yes"),
        (
            "months-since-contested",
            ["-1", "1201", "ten", "1e3"],
            "a number from 0 to 1200",
            "18",
            18,
        ),
        ("idea-source", ["0", "6", "2.5"], "a whole number from 1 to 5", "4", 4),
    ],
)
def test_invalid_entries_reprompt_with_what_is_accepted(
    tmp_path: Path, upto: str, bad: list[str], accepted: str, good: str, value: object
) -> None:
    partial(tmp_path, upto)
    result = audit(tmp_path, "".join(b + "\n" for b in bad) + good + "\n\n")
    assert result.output.count(f"Not understood: answer with {accepted}") == len(bad)
    assert loaded(tmp_path).answers[upto].value == value


@pytest.mark.parametrize("typed", ["1,3", "1 3", "3, 1", "1;3"])
def test_multi_choice_accepts_lists(tmp_path: Path, typed: str) -> None:
    partial(tmp_path, "documents-available")
    result = audit(tmp_path, typed + "\n\n")
    crit = RUBRIC.criterion("documents-available")
    assert crit is not None
    value = loaded(tmp_path).answers["documents-available"].value
    assert value == (crit.options[0].value, crit.options[2].value), result.output


def test_multi_choice_none(tmp_path: Path) -> None:
    partial(tmp_path, "documents-available")
    audit(tmp_path, "none\n\n")
    assert loaded(tmp_path).answers["documents-available"].value == ()


def test_bad_links_reprompt(tmp_path: Path) -> None:
    result = audit(
        tmp_path, "1\nrules, art. 4\njavascript:alert(1)\nfile:///etc/passwd\nhttps://a.example/x\n"
    )
    assert result.output.count("Not an http(s) address") == 2
    first = loaded(tmp_path).answers["committee-election"]
    assert first.links == ("https://a.example/x",)


#: A question shown only after some answers to an earlier one (practice on practice: since issue
#: 11.5 no practice question waits for a rule answer).
GATE, GATED = "leaders-premeetings", "premeeting-records"


def _opening_values() -> tuple[str, ...]:
    """The GATE answers under which GATED is asked."""
    treatment = RUBRIC.criterion(GATED)
    assert treatment is not None
    assert isinstance(treatment.when, Leaf) and isinstance(treatment.when.value, tuple)
    assert treatment.when.question == GATE
    return tuple(str(v) for v in treatment.when.value)


OPENS = _opening_values()


def _gate_value(index: int) -> str:
    crit = RUBRIC.criterion(GATE)
    assert crit is not None
    return crit.options[index].value


def _after_gated() -> str:
    ids = [c.id for c in RUBRIC.criteria]
    return " ".join(RUBRIC.criteria[ids.index(GATED) + 1].question.split())


def test_conditions_show_and_hide_questions(tmp_path: Path) -> None:
    crit = RUBRIC.criterion(GATE)
    treatment = RUBRIC.criterion(GATED)
    assert crit is not None and treatment is not None
    opens = next(i for i, o in enumerate(crit.options) if o.value in OPENS)
    closes = next(i for i, o in enumerate(crit.options) if o.value not in OPENS)
    partial(tmp_path, GATE)
    # an answer that opens GATED: it is asked next
    result = audit(tmp_path, f"{opens + 1}\n\n2\n\n")
    assert questions_asked(result.output)[1] == treatment.question
    assert loaded(tmp_path).answers[GATED].value == treatment.options[1].value
    # go back twice to GATE and close the condition: GATED is not asked, its answer stays in
    # the file (scored as not shown), and the question after it comes next
    result = audit(tmp_path, f"b\nb\n{closes + 1}\n\n")
    asked = questions_asked(result.output)
    assert asked[:3] == [
        _after_gated(),
        " ".join(treatment.question.split()),
        " ".join(crit.question.split()),
    ]
    assert asked[3] == asked[0]
    answers = loaded(tmp_path)
    assert answers.answers[GATE].value == _gate_value(closes)
    assert answers.answers[GATED].value == treatment.options[1].value
    status = {r.id: r.status for r in criterion_results(RUBRIC, answers.answers)}
    assert status[GATED] == "not_shown"


def test_progress_total_grows_when_a_condition_opens(tmp_path: Path) -> None:
    partial(tmp_path, GATE)
    crit = RUBRIC.criterion(GATE)
    treatment = RUBRIC.criterion(GATED)
    assert crit is not None and treatment is not None
    opens = next(i for i, o in enumerate(crit.options) if o.value in OPENS)
    result = audit(tmp_path, f"{opens + 1}\n\n")
    totals = [int(m.group(2)) for m in HEADER.finditer(result.output)]
    assert totals[1] == totals[0] + 1


def test_resuming_a_partial_file(tmp_path: Path) -> None:
    steps = plan(RUBRIC)
    first = audit(tmp_path, script(steps[:10]) + "q\n")
    assert first.exit_code == 0
    assert "Saved 10 answers" in first.output
    assert "Continue with: orgaudit audit -o" in first.output
    second = audit(tmp_path, script(steps[10:]))
    assert second.exit_code == 0, second.output
    assert "Resuming Acme: 10 of" in second.output
    assert "continuing at question 11." in second.output
    assert questions_asked(second.output)[0] == " ".join(steps[10].criterion.question.split())
    assert len(loaded(tmp_path).answers) == len(steps)


def test_resume_without_org_uses_the_file(tmp_path: Path) -> None:
    audit(tmp_path, "1\n\n")
    result = CliRunner().invoke(
        main,
        ["audit", "--role", "member", "--date", "2026-01-01", "-o", str(tmp_path / "acme.yaml")],
        input="q\n",
    )
    assert result.exit_code == 0
    assert "Resuming Acme: 1 of" in result.output


def test_review_revisits_skipped_and_dont_know(tmp_path: Path) -> None:
    steps = plan(RUBRIC)
    lines = []
    for step in steps:
        if step.criterion.id == "committee-election":
            lines.append("s\n")
        elif step.criterion.id == "secret-ballot-rule":
            lines.append("d\n")
        else:
            lines.extend(line + "\n" for line in step.lines)
    result = audit(tmp_path, "".join(lines) + "y\n2\n\ny\n1\n\n")
    assert result.exit_code == 0, result.output
    out = result.output
    review = out[out.index("Review") :]
    assert "1 question skipped:\n  - How was the current leading committee elected?" in review
    assert "1 question answered don't know:\n  - Do the written rules require a secret" in review
    assert review.count("Go through it now? [y/N]") == 2  # each group offered on its own
    answers = loaded(tmp_path).answers
    assert answers["committee-election"].value == "competing-slates"
    assert answers["secret-ballot-rule"].value == "yes"
    assert "Overall" in out


def test_review_can_be_declined(tmp_path: Path) -> None:
    steps = plan(RUBRIC)
    text = "s\n" + script(steps[1:]) + "\n"
    result = audit(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "Go through it now? [y/N]" in result.output
    assert loaded(tmp_path).answers["committee-election"].status == "skipped"
    assert "Overall" in result.output


def test_quit_saves_and_exits_zero(tmp_path: Path) -> None:
    result = audit(tmp_path, "1\n\nq\n")
    assert result.exit_code == 0
    assert "Saved 1 answer to" in result.output
    assert list(loaded(tmp_path).answers) == ["committee-election"]


def test_end_of_input_saves_without_aborted(tmp_path: Path) -> None:
    result = audit(tmp_path, "1\n\n1\n")
    assert result.exit_code == 1
    assert "Aborted" not in result.output
    assert "Input ended. 2 answers saved to" in result.output
    assert "Continue with: orgaudit audit -o" in result.output
    assert len(loaded(tmp_path).answers) == 2


def test_help_shows_the_help_text_and_the_quote(tmp_path: Path) -> None:
    crit = RUBRIC.criterion("committee-election")
    assert crit is not None and crit.source is not None and crit.source.quote
    result = audit(tmp_path, "?\n1\n\n")
    flat = " ".join(result.output.split())
    assert " ".join(crit.help.split()) in flat
    assert f"“{' '.join(crit.source.quote.split())}”" in flat
    assert loaded(tmp_path).answers["committee-election"].value == crit.options[0].value


def test_help_names_the_condition(tmp_path: Path) -> None:
    partial(tmp_path, GATED, **{GATE: Answer(GATE, OPENS[0])})
    result = audit(tmp_path, "?\n")
    assert f"Asked because: {GATE} is one of" in " ".join(result.output.split())


def test_default_file_name_from_org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "1\n\nq\n", "--org", "Acme Workers' Union (UK)")
    assert result.exit_code == 0, result.output
    files = yaml_files(tmp_path)
    assert list(files) == ["acme-workers-union-uk.yaml"]
    assert "organization: Acme Workers' Union (UK)" in files["acme-workers-union-uk.yaml"]


def test_asks_the_organization_when_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(tmp_path, monkeypatch, "\nBeta Collective\nq\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Organization name:") == 2
    assert list(yaml_files(tmp_path)) == ["beta-collective.yaml"]


def test_ends_quietly_when_input_ends_before_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(tmp_path, monkeypatch, "")
    assert result.exit_code == 1
    assert "nothing was saved" in result.output
    assert yaml_files(tmp_path) == {}


def test_refuses_another_organizations_file(tmp_path: Path) -> None:
    audit(tmp_path, "1\n\nq\n")
    before = (tmp_path / "acme.yaml").read_text()
    result = CliRunner().invoke(
        main,
        [
            "audit",
            "--role",
            "member",
            "--date",
            "2026-01-01",
            "--org",
            "Other",
            "-o",
            str(tmp_path / "acme.yaml"),
        ],
        input="1\n",
    )
    assert result.exit_code == 2
    assert "holds the answers of 'Acme', not 'Other'" in result.output
    assert (tmp_path / "acme.yaml").read_text() == before


def test_refuses_another_role(tmp_path: Path) -> None:
    audit(tmp_path, "1\n\nq\n")
    result = CliRunner().invoke(
        main,
        ["audit", "--date", "2026-01-01", "--role", "leader", "-o", str(tmp_path / "acme.yaml")],
        input="1\n",
    )
    assert result.exit_code == 2
    assert "was answered as member, not leader" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("just: [a, list\n", "YAML syntax error"),
        ("id: some-rubric\nversion: '1'\n", "unknown key 'id'"),
        (
            "organization: Acme\nrubric: {id: other-rubric, version: '1'}\n",
            "written for rubric 'other-rubric'",
        ),
    ],
)
def test_refuses_a_file_that_is_not_an_answers_file_for_this_rubric(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(content)
    result = CliRunner().invoke(
        main, ["audit", "--role", "member", "--date", "2026-01-01", "-o", str(path)], input="1\n"
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "exists and cannot be continued" in result.output
    assert path.read_text() == content


def test_refuses_answers_for_a_changed_rubric(tmp_path: Path) -> None:
    audit(tmp_path, "1\n\nq\n")
    path = tmp_path / "acme.yaml"
    text = path.read_text().replace("version: 1.0.0", "version: 0.9.0")
    text = "\n".join(line for line in text.splitlines() if "hash: sha256" not in line) + "\n"
    path.write_text(text)
    result = CliRunner().invoke(
        main, ["audit", "--role", "member", "--date", "2026-01-01", "-o", str(path)], input="1\n"
    )
    assert result.exit_code == 2
    assert "another version of rubric" in result.output
    assert path.read_text() == text


def test_only_our_stale_temp_files_are_removed(tmp_path: Path) -> None:
    """A dead writer's temporary file goes; the user's own `.acme.yaml.*.tmp` files, and those
    of a writer still running (pid 1 is always alive), stay."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = tmp_path / f".acme.yaml.orgaudit-tmp-{gone.pid}-abc123.tmp"
    users = [tmp_path / ".acme.yaml.abc123.tmp", tmp_path / ".acme.yaml.backup.tmp"]
    running = tmp_path / ".acme.yaml.orgaudit-tmp-1-abc123.tmp"
    for path in (stale, *users, running):
        path.write_text("half a file")
    audit(tmp_path, "q\n")
    assert not stale.exists()
    assert all(p.read_text() == "half a file" for p in (*users, running))
    # and the session's own saves left no temporary file behind
    assert sorted(p.name for p in tmp_path.iterdir() if "orgaudit-tmp" in p.name) == [running.name]


def test_evidence_is_kept_when_the_answer_changes(tmp_path: Path) -> None:
    audit(tmp_path, "1\nminutes\n\nq\n")
    result = audit(tmp_path, "b\n3\n\n")
    assert "Evidence so far: minutes" in result.output
    first = loaded(tmp_path).answers["committee-election"]
    assert first.value == "uncontested"
    assert first.evidence == "minutes"


def test_existing_evidence_can_be_cleared(tmp_path: Path) -> None:
    audit(tmp_path, "1\nminutes\nhttps://a.example/m\nq\n")
    audit(tmp_path, "b\n1\n-\n")
    first = loaded(tmp_path).answers["committee-election"]
    assert (first.evidence, first.links) == ("", ())


def test_text_questions_take_free_text_and_no_evidence(tmp_path: Path) -> None:
    partial(tmp_path, "decision-news")
    result = audit(tmp_path, "From the branch secretary, by e-mail, two weeks later\n1\n\n")
    answers = loaded(tmp_path).answers
    assert answers["decision-news"].value == "From the branch secretary, by e-mail, two weeks later"
    assert answers["assets-known"].value is not None
    # no evidence prompt between the text answer and the next question
    after_text = result.output.split("two weeks later")[1]
    assert after_text.index("Can an ordinary member find out what") < after_text.index("Evidence")


def test_q_at_the_evidence_prompt_quits_keeping_the_answer(tmp_path: Path) -> None:
    result = audit(tmp_path, "2\nq\n")
    assert result.exit_code == 0
    assert "Saved 1 answer to" in result.output
    first = loaded(tmp_path).answers["committee-election"]
    assert (first.value, first.evidence) == ("competing-slates", "")


def test_review_back_goes_back(tmp_path: Path) -> None:
    """In the review, b returns to the previous skipped question instead of skipping ahead."""
    steps = plan(RUBRIC)
    skip = {steps[0].criterion.id, steps[1].criterion.id}
    lines = []
    for step in steps:
        lines.extend(["s\n"] if step.criterion.id in skip else [x + "\n" for x in step.lines])
    first, second = steps[0], steps[1]
    # review: yes; skip the first again; b on the second goes back to the first; answer both
    tail = "y\ns\nb\n" + "".join(x + "\n" for x in first.lines + second.lines)
    result = audit(tmp_path, "".join(lines) + tail)
    assert result.exit_code == 0, result.output
    answers = loaded(tmp_path).answers
    assert answers[first.criterion.id].status == "answered"
    assert answers[second.criterion.id].status == "answered"


def test_enter_alone_is_not_an_answer(tmp_path: Path) -> None:
    result = audit(tmp_path, "\nq\n")
    assert "Not understood" not in result.output
    assert "or s to skip it for now" in result.output


def test_role_and_date_are_asked_and_shown(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["audit", "--org", "Acme", "-o", str(tmp_path / "acme.yaml")],
        input="3\n2025-02-30\n2025-03-01\nq\n",
    )
    assert "Role [1]: " in result.output and "Write a real date as YYYY-MM-DD" in result.output
    assert "Answering as observer, dated 2025-03-01." in result.output
    saved = loaded(tmp_path)
    assert saved.respondent.role == "observer" and saved.date == "2025-03-01"
    again = CliRunner().invoke(main, ["audit", "-o", str(tmp_path / "acme.yaml")], input="q\n")
    assert "Role [1]" not in again.output and "Answering as observer" in again.output


def test_bad_date_option_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["audit", "--org", "Acme", "--date", "2025-13-01", "-o", str(tmp_path / "a.yaml")]
    )
    assert result.exit_code == 2 and "--date" in result.stderr


def test_resume_counts_skipped_and_dont_know_apart(tmp_path: Path) -> None:
    audit(tmp_path, "s\nd\nq\n")
    result = CliRunner().invoke(main, ["audit", "-o", str(tmp_path / "acme.yaml")], input="q\n")
    assert "0 of 50 questions answered (1 skipped, 1 don't know)" in " ".join(result.output.split())

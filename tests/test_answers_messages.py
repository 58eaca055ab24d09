"""Answers files say exactly what is wrong with them (issue 19 items 1-5 and 9).

Every problem of a file at once, sorted by line and capped; "did you mean" across case and
separators; hints that name the rubric actually used; dates that say what is accepted; a rubric
text that changed under the same version noticed; compare's limit of 50 organizations.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.answers import load_answers
from orgaudit.cli import main
from orgaudit.errors import MAX_SHOWN, AnswersError, RubricError
from orgaudit.rubric import find_rubric, load_rubric
from orgaudit.suggest import closest, did_you_mean

from .conftest import DATA, ROOT

VALID = DATA / "bad" / "answers" / "_valid.yaml"


def answers_text(body: str = "", *, head: str = "", date: str = '"2024-05-01"') -> str:
    """The corpus's valid answers file, with `head` before it, another date line and `body`
    appended under answers:."""
    text = VALID.read_text("utf-8").replace('date: "2024-05-01"', f"date: {date}")
    return head + text + body


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def run(*args: str | Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stderr.splitlines(), result.stdout


# --- 1. every problem, sorted by line, capped ------------------------------------------------


MANY_PROBLEMS = """\
organisation: Typo Club
organization: Example League
rubric:
  id: org-democracy
  version: "1.0.0"
respondent: {role: boss}
date: "2024-05-01"
answers:
  committee-election: contested
  secret-ballot-rule: "maybe"
  idea-source: 9
  idea-sorce: 4
  meeting-hours:
    answer: 10
    evidense: two meetings
    links: [ftp://example.org]
"""


def test_every_problem_of_an_answers_file_is_reported_in_line_order(tmp_path: Path) -> None:
    path = write(tmp_path, MANY_PROBLEMS)
    code, err, out = run("score", path)
    assert code == 2
    assert out == ""
    assert [line.split(": ")[1] for line in err] == [
        f"{path}:1",
        f"{path}:6",
        f"{path}:10",
        f"{path}:11",
        f"{path}:12",
        f"{path}:15",
        f"{path}:16",
    ]
    assert all(line.startswith(f"orgaudit: {path}:") for line in err)
    assert "unknown key 'organisation'; did you mean 'organization'?" in err[0]
    assert "'maybe' is not an option of 'secret-ballot-rule'" in err[2]
    assert "unknown criterion 'idea-sorce'; did you mean 'idea-source'?" in err[4]


def test_the_library_error_carries_every_finding(tmp_path: Path) -> None:
    path = write(tmp_path, MANY_PROBLEMS)
    with pytest.raises(AnswersError) as caught:
        load_answers(path, load_rubric())
    error = caught.value
    assert [f.line for f in error.findings] == [1, 6, 10, 11, 12, 15, 16]
    assert error.line == 1
    assert str(error).startswith(f"{path}:1: unknown key 'organisation'")
    assert "(and 6 more problems)" in str(error)
    assert "\n" not in str(error)


def test_report_and_compare_print_every_problem_too(tmp_path: Path) -> None:
    path = write(tmp_path, MANY_PROBLEMS)
    commands: list[list[str | Path]] = [
        ["report", path, "--format", "json", "-o", tmp_path / "r.json"],
        ["compare", path, path],
    ]
    for args in commands:
        code, err, _ = run(*args)
        assert code == 2
        assert len(err) == 7, err


def test_a_file_with_many_problems_is_capped(tmp_path: Path) -> None:
    body = "".join(f"  unknown-{i:03d}: 1\n" for i in range(MAX_SHOWN + 12))
    path = write(tmp_path, answers_text(body))
    code, err, _ = run("score", path)
    assert code == 2
    assert len(err) == MAX_SHOWN + 1
    assert err[-1] == f"orgaudit: {path}: and 12 more problems ({MAX_SHOWN + 12} in all)"
    lines = [int(line.split(":")[2]) for line in err[:-1]]
    assert lines == sorted(lines)


def test_a_clean_file_still_scores(tmp_path: Path) -> None:
    code, err, _ = run("score", write(tmp_path, answers_text()))
    assert (code, err) == (0, [])


# --- 2. did you mean, across case and separators ---------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("A1", "a1"),
        ("IDEA-SOURCE", "idea-source"),
        ("Idea_Source", "idea-source"),
        ("idea source", "idea-source"),
        ("idea.source", "idea-source"),
        ("addq", "add-q"),
        ("idea-sorce", "idea-source"),
    ],
)
def test_suggestions_ignore_case_and_separators(typed: str, meant: str) -> None:
    assert closest(typed, ["a1", "b2", "add-q", "idea-source", "meeting-hours"]) == meant


def test_no_suggestion_for_the_name_itself_or_nothing_close() -> None:
    assert closest("a1", ["a1", "b2"]) is None
    assert did_you_mean("zzzzzz", ["a1", "b2"]) == ""


def test_an_answers_file_gets_a_suggestion_across_case(tmp_path: Path) -> None:
    path = write(tmp_path, answers_text("  FACTION_RIGHT: any-time\n"))
    code, err, _ = run("score", path)
    assert code == 2
    assert "unknown criterion 'FACTION_RIGHT'; did you mean 'faction-right'?" in err[0]


def test_a_rubric_id_gets_a_suggestion_across_case() -> None:
    with pytest.raises(RubricError, match="did you mean 'org-democracy'"):
        find_rubric("ORG-DEMOCRACY")


# --- 3. hints name the rubric actually used --------------------------------------------------


@pytest.fixture
def other_rubric(tmp_path: Path) -> Path:
    """A copy of the default rubric under another name and folder (its sources inside it: a
    rubric may only read sources in its own folder tree)."""
    folder = tmp_path / "checkout" / "my rubrics"
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    text = (ROOT / "rubrics" / "org-democracy.yaml").read_text("utf-8")
    (folder / "copy.yaml").write_text(text.replace("path: ../seeds/", "path: seeds/"), "utf-8")
    return folder / "copy.yaml"


def test_the_hint_names_the_rubric_given(tmp_path: Path, other_rubric: Path) -> None:
    assert load_rubric(other_rubric).id == "org-democracy"
    path = write(tmp_path, answers_text("  no-such-question: 1\n"))
    code, err, _ = run("score", "--rubric", other_rubric, path)
    assert code == 2
    command = f"orgaudit rubric show {shlex.quote(str(other_rubric))}"
    assert f"(`{command}` lists the criteria)" in err[0]
    # ... and the command in the hint runs as printed
    code, _, out = run(*shlex.split(command)[1:])
    assert code == 0
    assert "no-such-question" not in out


def test_the_hint_for_the_default_rubric_needs_no_path(tmp_path: Path) -> None:
    path = write(tmp_path, answers_text("  no-such-question: 1\n"))
    _, err, _ = run("score", path)
    assert "(`orgaudit rubric show` lists the criteria)" in err[0]


def test_the_template_hint_names_the_rubric_given(tmp_path: Path, other_rubric: Path) -> None:
    path = write(tmp_path, answers_text().replace("organization: Example League\n", ""))
    _, err, _ = run("score", "--rubric", other_rubric, path)
    assert f"see `orgaudit template --rubric {shlex.quote(str(other_rubric))}`" in err[0]


# --- 4 and 9. dates say what is accepted; a trailing newline is refused ----------------------


@pytest.mark.parametrize(
    "date", ['"yesterday"', '"2024-13-45"', '"2024-02-30"', '"2024-01-01\\n"', '"2024-1-1"']
)
def test_a_bad_date_says_what_is_accepted(tmp_path: Path, date: str) -> None:
    code, err, _ = run("score", write(tmp_path, answers_text(date=date)))
    assert code == 2
    assert len(err) == 1
    assert "date must be a real calendar date written YYYY-MM-DD" in err[0]
    assert "quotes" not in err[0]


def test_a_date_read_as_a_number_is_told_to_be_quoted(tmp_path: Path) -> None:
    _, err, _ = run("score", write(tmp_path, answers_text(date="20240501")))
    assert 'YAML read it as a number; write it in quotes: "20240501"' in err[0]


@pytest.mark.parametrize("date", ['"2024-05-01"', "2024-05-01", '"2024-05"', '"2024"', '""'])
def test_good_dates_pass(tmp_path: Path, date: str) -> None:
    code, err, _ = run("score", write(tmp_path, answers_text(date=date)))
    assert (code, err) == (0, [])


# --- 5. another text of the same rubric version ----------------------------------------------


def rubric_block(rubric_hash: str, criteria: dict[str, str] | None) -> str:
    rubric = load_rubric()
    text = f'rubric:\n  id: {rubric.id}\n  version: "{rubric.version}"\n  hash: "{rubric_hash}"\n'
    if criteria is not None:
        text += "  criteria:\n" + "".join(f"    {k}: {v}\n" for k, v in criteria.items())
    return text


def with_rubric(block: str) -> str:
    return answers_text().replace('rubric:\n  id: org-democracy\n  version: "1.0.0"\n', block)


def test_another_text_without_question_hashes_is_warned_about(tmp_path: Path) -> None:
    path = write(tmp_path, with_rubric(rubric_block("sha256:" + "0" * 64, None)))
    code, err, out = run("score", path)
    assert code == 0
    assert out
    assert len(err) == 1
    assert err[0].startswith(f"warning: {path}:")
    assert "written for another text of rubric 'org-democracy'" in err[0]
    assert "the questions that changed cannot be named" in err[0]


def test_another_text_with_the_same_questions_is_warned_about(tmp_path: Path) -> None:
    hashes = load_rubric().criterion_hashes
    path = write(tmp_path, with_rubric(rubric_block("sha256:" + "0" * 64, hashes)))
    code, err, _ = run("score", path)
    assert code == 0
    assert len(err) == 1
    assert "every question's hash matches" in err[0]


def test_changed_questions_are_named(tmp_path: Path) -> None:
    hashes = dict(load_rubric().criterion_hashes)
    hashes["idea-source"] = "000000000000"
    path = write(tmp_path, with_rubric(rubric_block("sha256:" + "0" * 64, hashes)))
    code, err, _ = run("score", path)
    assert code == 2
    assert "changed: idea-source" in err[0]
    code, err, _ = run("score", "--allow-rubric-change", path)
    assert code == 0
    assert len(err) == 1
    assert "changed: idea-source" in err[0]


def test_the_same_text_gives_no_warning(tmp_path: Path) -> None:
    rubric = load_rubric()
    path = write(tmp_path, with_rubric(rubric_block(rubric.hash, rubric.criterion_hashes)))
    assert run("score", path)[:2] == (0, [])


# --- 9. compare takes 2 to 50 organizations --------------------------------------------------


def test_compare_refuses_more_than_50_organizations(tmp_path: Path) -> None:
    text = answers_text()
    for i in range(51):
        org = f"organization: Example League {i:02d}\n"
        write(tmp_path, text.replace("organization: Example League\n", org), f"org{i:02d}.yaml")
    code, err, out = run("compare", tmp_path, "--format", "csv", "--jobs", "1")
    assert code == 2
    assert out == ""
    assert err == [
        "orgaudit: compare sets at most 50 organizations side by side, not 51 "
        "(compare them in groups, or score them all: orgaudit score FILES --format csv)"
    ]
    (tmp_path / "org50.yaml").unlink()
    code, _, out = run("compare", tmp_path, "--format", "csv", "--jobs", "1")
    assert code == 0
    assert len(out.splitlines()) == 51

"""`orgaudit score` and `orgaudit template` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from orgaudit.answers import load_answers, save_answers
from orgaudit.cli import main
from orgaudit.rubric import load_rubric

from .conftest import MINI

MINI_RUBRIC = str(MINI / "rubric.yaml")


def test_one_file_gives_the_dimension_table(runner: CliRunner) -> None:
    result = runner.invoke(main, ["score", "-r", MINI_RUBRIC, str(MINI / "opaque.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Opaque League — mini 1.0 — leader, 2024-05-02"
    assert lines[4].split() == ["Elections", "33.3", "Poor", "exact", "100%", "1"]
    assert lines[5].split() == ["Money", "12.5", "Poor", "12.5–37.5", "75%"]
    assert lines[6].split() == ["Overall", "26.4", "Poor", "26.4–34.7", "86%", "1"]
    assert lines[8] == "Red flag: Closed slate (Elections)"  # titles, never internal ids


def test_many_files_one_row_each(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["score", "-r", MINI_RUBRIC, str(MINI / "healthy.yaml"), str(MINI / "capped.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "Healthy Club" in result.stdout and "Capped Union" in result.stdout
    assert "94.4 " in result.stdout and "77.8 " in result.stdout  # one decimal, as everywhere


def test_csv_and_json(runner: CliRunner) -> None:
    files = [str(MINI / f"{n}.yaml") for n in ("healthy", "opaque", "capped")]
    result = runner.invoke(main, ["score", "-r", MINI_RUBRIC, "--format", "csv", *files])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["organization"] for r in rows] == ["Healthy Club", "Opaque League", "Capped Union"]
    assert rows[1]["elections.score"] == "33.3333" and rows[1]["red_flags"] == "closed-slate"
    assert rows[2]["band"] == "Fair"
    result = runner.invoke(main, ["score", "-r", MINI_RUBRIC, "--format", "json", *files])
    cards = json.loads(result.stdout)
    assert [c["overall"]["band"]["label"] for c in cards] == ["Good", "Poor", "Fair"]
    assert all("id" not in c["respondent"] for c in cards)


def test_fail_under_exits_1(runner: CliRunner) -> None:
    files = [str(MINI / "healthy.yaml"), str(MINI / "opaque.yaml")]
    assert (
        runner.invoke(main, ["score", "-r", MINI_RUBRIC, "--fail-under", "50", *files]).exit_code
        == 1
    )
    assert (
        runner.invoke(main, ["score", "-r", MINI_RUBRIC, "--fail-under", "20", *files]).exit_code
        == 0
    )


def test_folder_is_expanded_and_bad_file_reported(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("healthy", "capped"):
        (tmp_path / f"{name}.yaml").write_bytes((MINI / f"{name}.yaml").read_bytes())
    (tmp_path / "broken.yaml").write_text("organization: X\nanswers: [\n", encoding="utf-8")
    args = ["score", "-r", MINI_RUBRIC, "--format", "csv", "--separate", str(tmp_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stdout.count("\n") == 3  # header + two good files, streamed
    assert "broken.yaml:3: YAML syntax error" in result.stderr
    assert "Traceback" not in result.output
    pooled = runner.invoke(main, ["score", "-r", MINI_RUBRIC, str(tmp_path)])
    assert pooled.exit_code == 2 and "broken.yaml:3: YAML syntax error" in pooled.stderr


def test_several_respondents_are_pooled(runner: CliRunner) -> None:
    from .conftest import DATA

    folder = DATA / "respondents"
    result = runner.invoke(
        main, ["score", "-r", str(folder / "mini-rubric.yaml"), str(folder / "mini")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Mini League — mini-democracy 1.0.0 — 5 respondents, 2024-05-01"
    )
    assert "Pooled from 5 respondents (2 leaders, 3 members)." in result.stdout
    assert "leader-1" not in result.stdout  # respondents by role and count, never by file or id
    separate = runner.invoke(
        main, ["score", "--separate", "-r", str(folder / "mini-rubric.yaml"), str(folder / "mini")]
    )
    assert separate.stdout.count("Mini League") == 5


def test_what_if_ranking(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["score", "-r", MINI_RUBRIC, "--what-if", str(MINI / "capped.yaml")]
    )
    assert result.exit_code == 0
    assert "What moves the overall score of Capped Union (now 77.8)" in result.stdout
    assert "+22.2" in result.stdout and "→ Good" in result.stdout and "election" in result.stdout


def test_rubric_found_by_id_for_bundled_rubrics(runner: CliRunner) -> None:
    from .conftest import DATA

    result = runner.invoke(main, ["score", str(DATA / "freedom" / "free.yaml")])
    assert result.exit_code == 0, result.output
    assert "Overall" in result.stdout and "Free" in result.stdout


def test_template_is_valid_once_filled_in(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "org.yaml"
    result = runner.invoke(main, ["template", "-o", str(out)])
    assert result.exit_code == 0
    blank = runner.invoke(main, ["score", str(out)])
    assert blank.exit_code == 2
    assert f"{out}:" in blank.stderr and "organization must be a name, not empty" in blank.stderr
    text = out.read_text(encoding="utf-8").replace("organization: ''", "organization: Filled In", 1)
    text = text.replace("  committee-election: ~", "  committee-election: closed-slate", 1)
    out.write_text(text, encoding="utf-8")
    filled = runner.invoke(main, ["score", str(out)])
    assert filled.exit_code == 0, filled.output
    assert "Filled In — org-democracy 1.0.0" in filled.stdout
    assert (
        "Red flag: Leadership elected by closed slate (Leadership elections and accountability)"
        in filled.stdout
    )
    again = runner.invoke(main, ["template", "-o", str(out)])
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_template_lists_questions_options_and_help(runner: CliRunner) -> None:
    text = runner.invoke(main, ["template"]).stdout
    assert "  # How was the current leading committee elected?" in text
    assert "#     closed-slate = One slate proposed by the outgoing committee" in text
    assert "#   or: dont_know" in text
    assert "  committee-election: ~" in text


def test_changed_rubric_is_named(runner: CliRunner, tmp_path: Path) -> None:
    rubric = load_rubric(MINI / "rubric.yaml")
    answers, _ = load_answers(MINI / "opaque.yaml", rubric)
    saved = tmp_path / "answers.yaml"
    save_answers(saved, answers, rubric)
    changed = tmp_path / "rubric.yaml"
    text = (MINI / "rubric.yaml").read_text(encoding="utf-8")
    text = text.replace("Can members see the budget?", "Can members see the annual budget?")
    text = text.replace('version: "1.0"', 'version: "1.1"')
    changed.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["score", "-r", str(changed), str(saved)])
    assert result.exit_code == 2
    assert (
        f"{saved}:" in result.stderr
        and "written for another version of rubric 'mini' "
        "(rubric 1.0 -> 1.1; changed: budget-known)"
        in result.stderr
    )
    assert "--allow-rubric-change" in result.stderr
    allowed = runner.invoke(
        main, ["score", "-r", str(changed), "--allow-rubric-change", str(saved)]
    )
    assert allowed.exit_code == 0
    assert "warning:" in allowed.stderr and "changed: budget-known" in allowed.stderr


def test_saved_answers_round_trip(tmp_path: Path) -> None:
    rubric = load_rubric(MINI / "rubric.yaml")
    answers, _ = load_answers(MINI / "opaque.yaml", rubric)
    path = tmp_path / "copy.yaml"
    save_answers(path, answers, rubric)
    again, warnings = load_answers(path, rubric)
    assert warnings == []
    assert again.answers.keys() == answers.answers.keys()
    for key, answer in answers.answers.items():
        other = again.answers[key]
        assert (other.value, other.status, other.evidence, other.links) == (
            answer.value,
            answer.status,
            answer.evidence,
            answer.links,
        )
    assert again.respondent == answers.respondent and again.date == answers.date


def test_table_fits_a_narrow_terminal() -> None:
    from orgaudit.answers import load_answers as load
    from orgaudit.scoring import score
    from orgaudit.textout import scorecard_table

    from .conftest import DATA

    rubric = load_rubric()
    answers, _ = load(DATA.parent.parent / "seeds" / "iso-pham-binh.yaml", rubric)
    table = scorecard_table(score(rubric, answers), width=80)
    widths = [len(line) for line in table.splitlines()[2:13]]
    assert max(widths) <= 80
    assert "…" in table  # long dimension titles were shortened


def test_audit_role_choices_match_the_model() -> None:
    from orgaudit.cli import audit
    from orgaudit.model import ROLES

    role = next(p for p in audit.params if p.name == "role")
    assert tuple(role.type.choices) == ROLES


def test_people_read_titles_not_ids(runner: CliRunner) -> None:
    """Capped-by and red flags name the flag's title in the terminal and Markdown; the several-
    files table keeps "(capped)" and one decimal rule."""
    from orgaudit.answers import load_answers
    from orgaudit.render.markdown import render_markdown
    from orgaudit.rubric import load_rubric
    from orgaudit.scoring import score

    capped = MINI / "capped.yaml"
    rubric_path = MINI / "rubric.yaml"
    table = runner.invoke(main, ["score", "-r", str(rubric_path), str(capped)]).stdout
    assert "closed-slate" not in table and "Closed slate" in table
    rubric = load_rubric(rubric_path)
    md = render_markdown(rubric, score(rubric, load_answers(capped, rubric)[0]))
    assert "Band capped by: Closed slate" in md
    rows = runner.invoke(
        main, ["score", "-r", str(rubric_path), str(capped), str(MINI / "healthy.yaml")]
    ).stdout
    row = next(line for line in rows.splitlines() if "capped.yaml" in line)
    assert "(capped)" in row
    assert any(cell.count(".") == 1 and len(cell.split(".")[1]) == 1 for cell in row.split())

"""Hostile text never disguises itself in any output (issue 12 items 13-15).

An organization name, evidence, a free-text answer and rubric texts carrying terminal escapes
(SGR colour, OSC title, erase line and carriage return, a C1 CSI), a bidi override, a formula,
a Jinja expression and a script go through every output: score (table, JSON, CSV), report (md,
html, pdf, json), compare (table, csv, html), `rubric show`, template and error messages. Nothing
may reach a terminal or a text file raw, nothing may reverse the report's own sentences, no CSV
cell may start a formula, and HTML stays escaped. (Fetching and markup in HTML/PDF are covered
by test_render_safety.py; here it is what the text itself can do.)
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orgaudit.answers import answers_to_data
from orgaudit.cli import main
from orgaudit.model import Answer, Answers, Respondent, Rubric
from orgaudit.rubric import build_rubric, check_rubric, default_rubric_path, load_rubric
from orgaudit.safetext import (
    BIDI_CONTROLS,
    json_escape_unsafe,
    safe_csv_cell,
    safe_terminal_text,
)
from orgaudit.scoring import score
from orgaudit.yamlio import dump_yaml, load_yaml

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    "=1+1",
    "\x1b[32m100\x1b[0m",
    "\u202eevil",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "\x9b31m",
    "\x1b]0;title\x07",
    "\x1b[2K\rClosed slate",
    "@SUM(A1)",
    "\u2066isolate\u200f",
]
ORG = "=1+1 \x1b[32m100\x1b[0m \u202eevil {{ 7*7 }} <script>alert(1)</script> \x9b31m"

#: What must never reach a terminal or a text output raw (tab and newline are fine).
RAW_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def assert_inert(text: str, what: str = "") -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, (
        f"{what}: raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40) : found.end() + 40]!r}"
    )


def hostile_answers(rubric: Rubric, organization: str = ORG) -> Answers:
    answers: dict[str, Answer] = {}
    for i, crit in enumerate(rubric.criteria):
        text = HOSTILE[i % len(HOSTILE)]
        if crit.type in ("single", "yes_no"):
            answers[crit.id] = Answer(crit.id, crit.options[0].value, evidence=text)
        elif crit.type == "text":
            answers[crit.id] = Answer(crit.id, "free " + text)
    return Answers(
        organization=organization,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        answers=answers,
        respondent=Respondent(role="member"),
        date="2024-05-01",
    )


def write_answers(path: Path, rubric: Rubric, organization: str = ORG) -> Path:
    data = answers_to_data(hostile_answers(rubric, organization), rubric)
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def _poison(node: Any, counter: Iterator[int], parent: str = "") -> Any:
    """Every title, label (of options), question, help, description and recommendation of a
    rubric, with a hostile text appended."""
    if isinstance(node, dict):
        return {
            k: (
                f"{v} {HOSTILE[next(counter) % len(HOSTILE)]}"
                if isinstance(v, str)
                and (
                    k in ("title", "question", "help", "description", "recommendation")
                    or (k == "label" and parent == "options")
                )
                else _poison(v, counter, k)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_poison(v, counter, parent) for v in node]
    return node


@pytest.fixture(scope="module")
def hostile_rubric() -> Rubric:
    """The bundled rubric with hostile rubric texts (built past the lint, which refuses them)."""
    doc = load_yaml(default_rubric_path())
    counter = iter(range(10**6))
    doc = dataclasses.replace(doc, data=_poison(doc.data, counter))
    return build_rubric(doc)


# --- the one function ---------------------------------------------------------------------


def test_safe_terminal_text_shows_controls_and_bidi() -> None:
    assert safe_terminal_text("\x1b[32m100\x1b[0m") == "␛[32m100␛[0m"
    assert safe_terminal_text("\x9b31m") == "<U+009B>31m"
    assert safe_terminal_text("\x1b]0;title\x07") == "␛]0;title␇"
    assert safe_terminal_text("a\x1b[2K\rb") == "a␛[2K␍b"
    assert safe_terminal_text("\u202eevil") == "<U+202E>evil"
    assert safe_terminal_text("a\tb\nc") == "a\tb\nc"
    assert safe_terminal_text("a\nb", multiline=False) == "a␊b"
    assert safe_terminal_text("\x7f") == "␡"
    for char in BIDI_CONTROLS:
        assert char not in safe_terminal_text(f"x{char}y")
    plain = "Çağ Union — שלום עליכם, 人民 ✓"
    assert safe_terminal_text(plain) == plain  # real scripts are untouched


def test_csv_cells_neutralise_formulas_but_keep_numbers() -> None:
    for text in ("=1+1", "+1+2", "-x", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'):
        assert safe_csv_cell(text).startswith("'"), text
    for value in (-3.0, -3, 2.5, 0, None):
        assert safe_csv_cell(value) == value
    for text in ("-3", "+4.5", "-0.25", "1e3", "ACME", "", "a=b"):
        assert safe_csv_cell(text) == text
    assert safe_csv_cell("\x1b[32m") == "␛[32m"


def test_json_escapes_keep_the_data_exact() -> None:
    data = {"organization": ORG, "evidence": HOSTILE}
    text = json_escape_unsafe(json.dumps(data, ensure_ascii=False))
    assert_inert(text, "json")
    assert json.loads(text) == data


# --- score ----------------------------------------------------------------------------------


def test_score_table_json_csv(rubric: Rubric, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "hostile.yaml", rubric)
    runner = CliRunner()
    table = runner.invoke(main, ["score", str(path)])
    assert table.exit_code == 0, table.output
    assert_inert(table.output, "score table")
    assert "␛[32m100␛[0m" in table.output and "<U+202E>evil" in table.output
    what_if = runner.invoke(main, ["score", str(path), "--what-if"])
    assert what_if.exit_code == 0, what_if.output
    assert_inert(what_if.output, "score --what-if")
    data = runner.invoke(main, ["score", str(path), "--format", "json"])
    assert data.exit_code == 0, data.output
    assert_inert(data.output, "score json")
    assert json.loads(data.output)[0]["organization"] == ORG  # JSON keeps the data exact
    rows = runner.invoke(main, ["score", str(path), "--format", "csv"])
    assert rows.exit_code == 0, rows.output
    assert_inert(rows.output, "score csv")
    header, row = list(csv.reader(io.StringIO(rows.output)))
    cells = dict(zip(header, row, strict=True))
    assert cells["organization"].startswith("'=1+1")
    for name, cell in cells.items():
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), name
        if cell.startswith("-"):
            float(cell)  # a negative number, not text


def test_score_of_several_files_and_pooled(rubric: Rubric, tmp_path: Path) -> None:
    a = write_answers(tmp_path / "a.yaml", rubric)
    b = write_answers(tmp_path / "b.yaml", rubric, "Other \u202eorg\x1b[2K\r")
    for extra in ([], ["--separate"], ["--format", "csv"]):
        result = CliRunner().invoke(main, ["score", str(a), str(b), *extra])
        assert result.exit_code in (0, 1), result.output
        assert_inert(result.output, f"score {extra}")


def test_negative_points_stay_numbers_in_csv() -> None:
    from orgaudit.textout import csv_line

    line = csv_line(["=1+1", -3.0, "-3", -0.5, "ACME"])
    assert line == "'=1+1,-3.0,-3,-0.5,ACME\n"


# --- rubric texts in terminal outputs ---------------------------------------------------------


def test_hostile_rubric_texts_in_tables_and_markdown(hostile_rubric: Rubric) -> None:
    from orgaudit import textout
    from orgaudit.outline import rubric_outline
    from orgaudit.render.markdown import render_markdown
    from orgaudit.scoring import what_if

    card = score(hostile_rubric, hostile_answers(hostile_rubric))
    assert_inert(textout.scorecard_table(card), "scorecard table")
    assert_inert(textout.scorecard_table(card, width=80), "scorecard table, narrow")
    assert_inert(textout.pooled_notes(card), "pooled notes")
    gains = what_if(hostile_rubric, card)
    assert_inert(textout.gains_table(card, gains, hostile_rubric), "gains")
    assert_inert(textout.rows_table([textout.summary_row(card)]), "rows")
    assert_inert(textout.csv_line(textout.csv_row(card)), "csv")
    assert_inert(rubric_outline(hostile_rubric), "rubric show")
    markdown = render_markdown(hostile_rubric, card)
    assert_inert(markdown, "markdown")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown


def test_markdown_report_through_the_cli(rubric: Rubric, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "hostile.yaml", rubric)
    out = tmp_path / "r.md"
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(out), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert_inert(result.output, "report summary line")
    text = out.read_text("utf-8")
    assert_inert(text, "markdown")
    assert "&lt;script&gt;" in text and "<script" not in text
    assert "␛\\[32m100␛\\[0m" in text  # shown, and Markdown-escaped


def test_json_report_keeps_data_exact(rubric: Rubric, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "hostile.yaml", rubric)
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert_inert(text, "json report")
    data = json.loads(text)
    assert data["organization"] == ORG
    evidence = {c.get("evidence") for d in data["dimensions"] for c in d["criteria"]}
    assert set(HOSTILE) <= evidence


def test_questionnaire_prints_hostile_rubric_and_answers_visibly(hostile_rubric: Rubric) -> None:
    from orgaudit.questionnaire import Questionnaire, Style

    class Script:
        def __init__(self, lines: list[str]) -> None:
            self.lines = lines
            self.out: list[str] = []

        def ask(self, prompt: str) -> str:
            self.out.append(prompt)
            if not self.lines:
                raise EOFError
            return self.lines.pop(0)

        def say(self, text: str) -> None:
            self.out.append(text)

    answers = hostile_answers(hostile_rubric)
    answers = dataclasses.replace(answers, answers={})
    for color in (False, True):
        io_ = Script(["?", "1", "evidence", "", "b", "q"])
        session = Questionnaire(
            hostile_rubric,
            answers,
            io_,
            lambda _answers: None,
            style=Style(color=color),
            resume_command="orgaudit audit -o 'x\x1b[2K.yaml'",
        )
        with contextlib.suppress(EOFError):
            session.run()
        shown = "\n".join(io_.out)
        if color:  # our own styling stays, and is the only escape there is
            assert "\x1b[1m" in shown
            shown = re.sub(r"\x1b\[(0|1|2|33|36)m", "", shown)
        assert_inert(shown, f"questionnaire (color={color})")
        assert "␛[32m100␛[0m" in shown or "<U+202E>evil" in shown


def test_console_prints_unsaved_answers_visibly(
    hostile_rubric: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    from orgaudit import audit_console
    from orgaudit.questionnaire import Questionnaire

    answers = hostile_answers(hostile_rubric)
    session = Questionnaire(hostile_rubric, answers, None, lambda _a: None)  # type: ignore[arg-type]
    session.unsaved = lambda: list(answers.answers)  # type: ignore[method-assign]
    audit_console._show_unsaved(session)
    assert_inert(capsys.readouterr().out, "unsaved answers")


# --- rubric lint, rubric show, template, error messages ---------------------------------------


@pytest.fixture
def rubric_tree(tmp_path: Path) -> Path:
    """A copy of the rubrics and the seeds they quote, to edit (the seeds inside their folder:
    a rubric reads sources only in its own folder tree)."""
    shutil.copytree(ROOT / "rubrics", tmp_path / "rubrics")
    shutil.copytree(ROOT / "seeds", tmp_path / "rubrics" / "seeds")
    for copy in (tmp_path / "rubrics").glob("*.yaml"):
        text = copy.read_text("utf-8")
        copy.write_text(text.replace("path: ../seeds/", "path: seeds/"), "utf-8")
    return tmp_path / "rubrics" / default_rubric_path().name


def test_lint_reports_control_and_bidi_characters_with_lines(rubric_tree: Path) -> None:
    text = rubric_tree.read_text("utf-8")
    lines = text.splitlines()
    targets = [i for i, line in enumerate(lines) if re.search(r"\blabel: [A-Z]", line)][:3]
    payloads = ["\\e[32m", "\\u202e", "\\x9b31m"]
    for i, payload in zip(targets, payloads, strict=True):
        key, value = lines[i].split("label: ", 1)
        end = re.search(r"[,}]|$", value)
        assert end is not None
        lines[i] = f'{key}label: "{value[: end.start()]}{payload}"{value[end.start() :]}'
    rubric_tree.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, findings = check_rubric(rubric_tree)
    flagged = [f for f in findings if "control or bidi" in f.message]
    assert [f.line for f in flagged] == [i + 1 for i in targets], findings
    assert "␛ (U+001B)" in flagged[0].message
    result = CliRunner().invoke(main, ["rubric", "validate", str(rubric_tree)])
    assert result.exit_code == 1
    assert_inert(result.output, "rubric validate")
    assert f"{rubric_tree}:{targets[0] + 1}: " in result.output
    for command in (["rubric", "show", str(rubric_tree)], ["template", "-r", str(rubric_tree)]):
        refused = CliRunner().invoke(main, command)
        assert refused.exit_code == 2, refused.output
        assert_inert(refused.output, " ".join(command))


def test_rubric_show_of_a_hostile_rubric(hostile_rubric: Rubric) -> None:
    from orgaudit.outline import rubric_outline

    text = rubric_outline(hostile_rubric)
    assert_inert(text, "rubric show")
    assert "<U+202E>evil" in text and "␛[32m100␛[0m" in text


def test_template_comments_of_a_hostile_rubric(hostile_rubric: Rubric) -> None:
    from orgaudit.answers import template_text

    text = template_text(hostile_rubric, "ACME")
    assert_inert(text, "template")
    doc = load_yaml_text(text)
    assert doc["organization"] == "ACME"


def load_yaml_text(text: str) -> Any:
    import yaml

    return yaml.safe_load(text)


def test_error_messages_show_hostile_text(rubric: Rubric, tmp_path: Path) -> None:
    runner = CliRunner()
    path = write_answers(tmp_path / "hostile.yaml", rubric)
    text = path.read_text("utf-8")
    data = load_yaml_text(text)
    data["answers"]["bogus-\u202eid"] = "x"
    bad = tmp_path / "bad.yaml"
    bad.write_text(dump_yaml(data), encoding="utf-8")
    for args in (
        ["score", str(bad)],
        ["report", str(bad), "-o", str(tmp_path / "x.md"), "--format", "md"],
        ["template", "--org", "\x1b[2KACME"],
        ["audit", "--org", "\x1b]0;pwned\x07ACME", "-o", str(tmp_path / "n.yaml")],
        ["score", str(tmp_path / "missing-\x1b[31m.yaml")],
    ):
        result = runner.invoke(main, args, input="")
        assert result.exit_code != 0, (args, result.output)
        assert_inert(result.output, " ".join(args))


def test_fail_shows_controls() -> None:
    import click

    from orgaudit.cli.common import fail

    @click.command()
    def cmd() -> None:
        fail("bad name '\x1b[2K\rOK' \u202eevil")

    result = CliRunner().invoke(cmd)
    assert result.exit_code == 2
    assert result.output == "orgaudit: bad name '␛[2K␍OK' <U+202E>evil\n"


# --- compare --------------------------------------------------------------------------------


def test_compare_table_and_csv(rubric: Rubric, tmp_path: Path) -> None:
    a = write_answers(tmp_path / "a.yaml", rubric)
    b = write_answers(tmp_path / "b.yaml", rubric, "-2 \u202eOther\x9b31m")
    runner = CliRunner()
    table = runner.invoke(main, ["compare", str(a), str(b)])
    assert table.exit_code == 0, table.output
    assert_inert(table.output, "compare table")
    rows = runner.invoke(main, ["compare", str(a), str(b), "--format", "csv"])
    assert rows.exit_code == 0, rows.output
    assert_inert(rows.output, "compare csv")
    parsed = list(csv.DictReader(io.StringIO(rows.output)))
    names = sorted(r["organization"] for r in parsed)
    assert names == [
        "'-2 <U+202E>Other<U+009B>31m",
        "'=1+1 ␛[32m100␛[0m <U+202E>evil {{ 7*7 }} <script>alert(1)</script> <U+009B>31m",
    ]
    for r in parsed:
        for name, cell in r.items():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
            if cell.startswith("-"):
                float(cell)
    data = runner.invoke(main, ["compare", str(a), str(b), "--format", "json"])
    assert data.exit_code == 0, data.output
    assert_inert(data.output, "compare json")
    assert ORG in {e["organization"] for e in json.loads(data.output)["entries"]}


# --- HTML and PDF: isolated, escaped ----------------------------------------------------------

BDI_ELEMENT = re.compile(r"<bdi( dir=\"(ltr|rtl)\")?>[^<]*</bdi>")


def assert_isolated_html(html: str, what: str) -> None:
    """No raw control anywhere, every bidi character inside a <bdi> of its own, no markup."""
    assert_inert(BDI_ELEMENT.sub("", html), f"{what} outside <bdi>")
    assert_inert("".join(c for c in html if c not in BIDI_CONTROLS), what)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # text, never a template


def test_report_html_isolates_user_and_rubric_text(
    rubric: Rubric, hostile_rubric: Rubric, tmp_path: Path
) -> None:
    from orgaudit.render.html import render_report_html

    for r in (rubric, hostile_rubric):
        html = render_report_html(r, score(r, hostile_answers(r)))
        assert_isolated_html(html, "report html")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None and "&lt;U+202E&gt;evil" in title.group(1)
    path = write_answers(tmp_path / "hostile.yaml", rubric)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert_isolated_html(out.read_text("utf-8"), "report html (cli)")


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    return " ".join(text.replace("\x00", "").split())  # some runs come out as UTF-16


@pytest.mark.slow
def test_report_pdf_keeps_its_own_sentences(rubric: Rubric, tmp_path: Path) -> None:
    from orgaudit.render import write_report

    card = score(rubric, hostile_answers(rubric, "\u202eACME Union"))
    out = tmp_path / "r.pdf"
    write_report(rubric, card, out, "pdf")
    text = pdf_text(out)
    assert "noinU EMCA are its answers and scores. A recommendation is given" in text
    assert "Beside a question, a passage of the rubric's source says why" in text
    assert ".serocs dna srewsna sti era" not in text
    assert "noinU EMCA" in text  # the name itself is shown as written, inside its isolate


def test_compare_html_isolates_names(rubric: Rubric, tmp_path: Path) -> None:
    a = write_answers(tmp_path / "a.yaml", rubric)
    b = write_answers(tmp_path / "b.yaml", rubric, "\u202eOther \u2066org")
    out = tmp_path / "c.html"
    result = CliRunner().invoke(
        main, ["compare", str(a), str(b), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert_inert(result.output, "compare summary")
    assert_isolated_html(out.read_text("utf-8"), "compare html")


def test_audit_session_on_a_hostile_file_shows_everything_visibly(
    rubric: Rubric, tmp_path: Path
) -> None:
    """Resuming names the organization, the help quotes the rubric, and typed text is echoed
    back (input is not a terminal here): none of it may reach the terminal raw."""
    path = write_answers(tmp_path / "hostile.yaml", rubric)
    typed = "?\n1\n\u202eevidence\x1b[2K\n\u2066my evidence\n\nq\n"
    result = CliRunner().invoke(main, ["audit", "-o", str(path)], input=typed)
    assert result.exit_code == 0, result.output
    assert_inert(result.output, "audit session")
    assert "Resuming =1+1 ␛[32m100␛[0m <U+202E>evil" in result.output
    assert "<U+2066>my evidence" in result.output


def test_pooled_respondents_of_a_hostile_organization(rubric: Rubric, tmp_path: Path) -> None:
    """Six respondents of one organization pooled: the table, CSV, Markdown and HTML."""
    for i, role in enumerate(["member"] * 4 + ["leader"] * 2):
        answers = dataclasses.replace(
            hostile_answers(rubric), respondent=Respondent(role=role, id=f"r{i}")
        )
        data = answers_to_data(answers, rubric)
        (tmp_path / f"r{i}.yaml").write_text(dump_yaml(data), encoding="utf-8")
    runner = CliRunner()
    for args in (["score", str(tmp_path)], ["score", str(tmp_path), "--format", "csv"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert_inert(result.output, " ".join(args))
    for fmt in ("md", "html"):
        out = tmp_path / "out" / f"report.{fmt}"
        result = runner.invoke(main, ["report", str(tmp_path), "-o", str(out), "--format", fmt])
        assert result.exit_code == 0, result.output
        text = out.read_text("utf-8")
        if fmt == "md":
            assert_inert(text, "pooled markdown")
        else:
            assert_isolated_html(text, "pooled html")

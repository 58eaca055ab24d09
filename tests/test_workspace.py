"""One place that finds, reads and translates rubrics for every command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from orgaudit import rubric as rubric_module
from orgaudit import workspace as workspace_module
from orgaudit.answers import load_answers
from orgaudit.scoring import score
from orgaudit.workspace import Workspace

from .conftest import DEFAULT_RUBRIC, FREEDOM_RUBRIC, ROOT

ISO = ROOT / "seeds" / "iso-pham-binh.yaml"


def test_each_rubric_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    real = rubric_module.load_rubric

    def counted(path: Path | None = None) -> object:
        reads.append(Path(str(path)))
        return real(path)

    monkeypatch.setattr(workspace_module, "load_rubric", counted)
    ws = Workspace([DEFAULT_RUBRIC, DEFAULT_RUBRIC])
    for _ in range(3):
        assert ws.rubric("org-democracy").id == "org-democracy"
        assert ws.rubric("freedom-in-the-world").id == "freedom-in-the-world"
        assert ws.rubric(None).id == "org-democracy"
    assert len(reads) == 2


def test_a_fixed_rubric_serves_every_id() -> None:
    ws = Workspace(FREEDOM_RUBRIC, fixed=True)
    assert ws.rubric("org-democracy").id == "freedom-in-the-world"
    open_ws = Workspace(FREEDOM_RUBRIC)
    assert open_ws.rubric("org-democracy").id == "org-democracy"


def test_shown_rubric_is_translated_and_scores_the_same() -> None:
    ws = Workspace()
    original = ws.rubric("org-democracy")
    for lang in ("es", "fa"):
        shown = ws.shown(original, lang)
        assert shown.criteria[0].question != original.criteria[0].question
        assert [c.id for c in shown.criteria] == [c.id for c in original.criteria]
        answers = load_answers(ISO, original)[0]
        a, b = score(original, answers), score(shown, answers)
        assert a.overall.score == b.overall.score
        assert [d.score for d in a.dimensions] == [d.score for d in b.dimensions]
        assert ws.shown(original, lang) is shown  # kept
    assert ws.notes == []


def test_a_language_without_a_rubric_translation_is_said_not_hidden() -> None:
    ws = Workspace()
    original = ws.rubric("freedom-in-the-world")
    assert ws.shown(original, "fa") is original
    assert ws.notes and "no translation into 'fa'" in ws.notes[0]


def test_the_questionnaire_asks_in_the_members_language(tmp_path: Path) -> None:
    args = ["audit", "--lang", "es", "--org", "Prueba", "--role", "member", "--date", "2026-01-01"]
    out = subprocess.run(
        [sys.executable, "-m", "orgaudit", *args, "-o", str(tmp_path / "p.yaml")],
        input="1\n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "¿Cómo se eligió el comité de dirección actual?" in out.stdout
    saved = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    assert "  committee-election: contested\n" in saved  # the value, never the label


def test_reports_and_tables_speak_the_readers_language_and_data_does_not(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from orgaudit.cli import main

    runner = CliRunner()
    table = runner.invoke(main, ["score", str(ISO), "--lang", "es"])
    assert table.exit_code == 0, table.output
    assert "Elección de la dirección y rendición de cuentas" in table.stdout
    english = runner.invoke(main, ["score", str(ISO), "--format", "csv"]).stdout
    for lang in ("es", "fa"):
        data = runner.invoke(main, ["score", str(ISO), "--format", "csv", "--lang", lang]).stdout
        assert data == english  # data keeps the rubric's own words
    out = tmp_path / "iso.html"
    report = runner.invoke(
        main, ["report", str(ISO), "--lang", "fa", "--format", "html", "-o", str(out)]
    )
    assert report.exit_code == 0, report.output
    html = out.read_text(encoding="utf-8")
    assert "انتخاب رهبری و پاسخ‌گویی" in html and 'dir="rtl"' in html
    # the essay's quote stays in English, left to right, with its Persian translation beside it
    english = "the previous year’s Steering Committee submits the coming year’s Steering"
    assert re.search(r'<p dir="ltr">“<bdi dir="ltr">' + english, html)
    assert re.search(r'<p class="translation" dir="rtl"><bdi dir="rtl">[^<]*کمیته', html)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_comparisons_in_the_readers_language_on_any_number_of_cores(jobs: str) -> None:
    from click.testing import CliRunner

    from orgaudit.cli import main

    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.yaml"))
    table = CliRunner().invoke(main, ["compare", *seeds, "--lang", "es", "--jobs", jobs])
    assert table.exit_code == 0, table.output
    assert "Democracia interna de las organizaciones" in table.stdout
    assert "Elección de la dirección" in table.stdout
    data = CliRunner().invoke(main, ["compare", *seeds, "--format", "csv", "--lang", "es"])
    assert data.stdout == CliRunner().invoke(main, ["compare", *seeds, "--format", "csv"]).stdout


def test_without_a_language_asked_for_the_rubrics_own_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from orgaudit.cli import main

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    mini = ROOT / "tests" / "data" / "mini"
    spanish = tmp_path / "rubric.yaml"
    spanish.write_text(
        (mini / "rubric.yaml").read_text(encoding="utf-8").replace("language: en", "language: es"),
        encoding="utf-8",
    )
    args = ["score", str(mini / "healthy.yaml"), "--rubric", str(spanish)]
    assert "Puntuación" in CliRunner().invoke(main, args).stdout
    monkeypatch.setenv("LANG", "fa_IR.UTF-8")  # the environment comes first
    assert "Puntuación" not in CliRunner().invoke(main, args).stdout
    assert "Score" in CliRunner().invoke(main, [*args, "--lang", "en"]).stdout

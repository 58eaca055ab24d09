"""Survey platforms: the XLSForm converts cleanly with pyxform, and platform exports of the sample
audits come back as answers files that score exactly like the originals."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orgaudit import i18n
from orgaudit.answers import load_answers
from orgaudit.cli import main
from orgaudit.form import rubric_languages
from orgaudit.model import Answers
from orgaudit.questions import handler
from orgaudit.questions.number import number_of
from orgaudit.rubric import load_rubric
from orgaudit.scoring import score
from orgaudit.surveys import TEXT_COLUMNS, relevant, submission_rows, xlsform_rows
from orgaudit.translation import translated

from .conftest import DEFAULT_RUBRIC, FREEDOM_RUBRIC, ROOT

SAMPLES = sorted((ROOT / "seeds").glob("*.yaml")) + sorted(
    (ROOT / "seeds" / "riverside-tenants-union").glob("*.yaml")
)


@pytest.mark.slow
@pytest.mark.parametrize("rubric_path", [DEFAULT_RUBRIC, FREEDOM_RUBRIC], ids=["default", "points"])
def test_xlsform_converts_without_warnings(rubric_path: Path, tmp_path: Path) -> None:
    from pyxform.xls2xform import convert

    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(main, ["export", "xlsform", "-r", str(rubric_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    warnings: list[str] = []
    # ODK Validate (Java) checks every XPath expression where Java is there
    xform = convert(xlsform=str(out), warnings=warnings, validate=bool(shutil.which("java")))
    assert warnings == []
    assert "<h:title>" in xform.xform


def test_relevant_and_constraint_expressions() -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    survey, choices, settings = xlsform_rows(rubric)
    rows = {r["name"]: r for r in survey}
    conditional = [c for c in rubric.criteria if c.when is not None]
    assert conditional
    for crit in conditional:
        assert rows[crit.id]["relevant"].startswith(relevant(crit.when, rubric)[:10])
    assert rows["respondent_role"]["required"] == "yes" and survey[1]["name"] == "respondent_role"
    assert settings["form_id"] == rubric.id and settings["version"].startswith(rubric.version)
    multi = next(c for c in rubric.criteria if c.type == "multi")
    assert "count-selected(.) > 1" in rows[multi.id]["constraint"]
    number = next(c for c in rubric.criteria if c.type == "number")
    assert rows[number.id + "__known"]["type"].startswith("select_one")
    assert "${" + number.id + "__known} = 'answered'" in rows[number.id]["relevant"]
    assert any(c["name"] == "dont_know" and c["list_name"] == multi.id for c in choices)


def _csv(header: list[str], rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _originals() -> list[Answers]:
    rubric = load_rubric(DEFAULT_RUBRIC)
    return [load_answers(p, rubric)[0] for p in SAMPLES]


@pytest.mark.parametrize(
    "platform,delimiter,bom,fmt",
    [("kobo", ";", False, "csv"), ("odk", ",", True, "csv"), ("kobo", ",", False, "xlsx")],
    ids=["kobo-csv", "odk-csv", "kobo-xlsx"],
)
def test_round_trip_scores_equal(
    tmp_path: Path, platform: str, delimiter: str, bom: bool, fmt: str
) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    originals = _originals()
    header, rows = submission_rows(rubric, originals, platform=platform)
    export = tmp_path / f"export.{fmt}"
    if fmt == "csv":
        export.write_text(_csv(header, rows, delimiter, bom), encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for values in [header, *rows]:
            sheet.append(values)
        book.save(export)
    out = tmp_path / "answers"
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(out)])
    assert result.exit_code == 0, result.output
    imported = sorted(out.glob("*.yaml"))
    assert len(imported) == len(originals)
    for original, path in zip(originals, imported, strict=True):
        text = path.read_text(encoding="utf-8")
        assert "uuid:" not in text and "_uuid" not in text  # no platform ids
        back = load_answers(path, rubric)[0]
        assert back.respondent.role == original.respondent.role and back.date == original.date
        a, b = score(rubric, original).to_dict(), score(rubric, back).to_dict()
        for card in (a, b):
            card.pop("organization") if False else None
        assert a["overall"] == b["overall"], path.name
        assert [d["score"] for d in a["dimensions"]] == [d["score"] for d in b["dimensions"]]
        evidence_a = [c["evidence"] for d in a["dimensions"] for c in d["criteria"]]
        evidence_b = [c["evidence"] for d in b["dimensions"] for c in d["criteria"]]
        assert evidence_a == evidence_b  # any text, quotes and Unicode, exactly


def test_bad_rows_are_named_and_the_rest_imported(tmp_path: Path) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    originals = _originals()[:3]
    header, rows = submission_rows(rubric, originals, platform="odk")
    column = header.index("g_elections-committee-election")
    rows[1][column] = "elected-by-magic"
    rows.append(list(rows[0]))  # a duplicated submission id
    export = tmp_path / "export.csv"
    export.write_text(_csv(header, rows), encoding="utf-8")
    out = tmp_path / "answers"
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(out)])
    assert result.exit_code == 1
    assert (
        "row 3, column committee-election: 'elected-by-magic' is not one of its options"
        in result.stderr
    )
    assert "row 5: a duplicate of an earlier submission" in result.stderr
    assert len(list(out.glob("*.yaml"))) == 2


def test_label_headers_are_refused_and_nothing_written(tmp_path: Path) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    labels = [c.question for c in rubric.criteria[:5]]
    export = tmp_path / "labels.csv"
    export.write_text(_csv(labels, [["x"] * 5]), encoding="utf-8")
    out = tmp_path / "answers"
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(out)])
    assert result.exit_code == 2
    assert "question labels as column headers" in result.stderr
    assert not out.exists()


def test_a_form_of_another_rubric_version_is_named(tmp_path: Path) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    header, rows = submission_rows(rubric, _originals()[:1], platform="kobo")
    rows[0][0] = "org-democracy 0.9.0 sha256:old"
    export = tmp_path / "old.csv"
    export.write_text(_csv(header, rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(tmp_path / "a")])
    assert result.exit_code == 1 and "a submission of another form" in result.stderr


def test_formula_text_stays_text(tmp_path: Path) -> None:
    """A rubric text starting with '=' is a text cell in the XLSForm, not a formula."""
    import dataclasses

    from openpyxl import load_workbook

    from orgaudit.surveys import write_xlsform

    rubric = dataclasses.replace(load_rubric(DEFAULT_RUBRIC), title='=HYPERLINK("http://x")')
    out = tmp_path / "f.xlsx"
    write_xlsform(rubric, out)
    book = load_workbook(out)
    cells = [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("name", ["kobo-export.csv", "odk-central-export.csv"])
def test_platform_fixtures_import_without_their_ids(name: str, tmp_path: Path) -> None:
    export = ROOT / "tests" / "data" / "surveys" / name
    out = tmp_path / "answers"
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 2
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    for leaked in ("Jane Organizer", "collect:abc", "uuid:", "_submission_time", "approved"):
        assert leaked not in text
    report = CliRunner().invoke(main, ["score", str(out), "--separate"])
    assert "International Socialist Organization" in report.stdout


@pytest.mark.slow
def test_a_large_export_streams_in_flat_memory(tmp_path: Path) -> None:
    """Memory does not grow with the rows: 1,200 rows peak within a few MB of 200."""
    import subprocess
    import sys

    rubric = load_rubric(DEFAULT_RUBRIC)
    header, rows = submission_rows(rubric, _originals()[:4], platform="odk")
    peaks = []
    for count in (200, 1200):
        export = tmp_path / f"big-{count}.csv"
        with export.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for n in range(count):
                row = list(rows[n % len(rows)])
                row[-1] = f"uuid:{n}"
                writer.writerow(row)
        code = (
            "import resource, sys; from orgaudit.cli import main\n"
            f"sys.argv = ['orgaudit', 'import', {str(export)!r}, '-o', {str(tmp_path / str(count))!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert len(list((tmp_path / str(count)).glob("*.yaml"))) == count, done.stderr
        peaks.append(int(done.stdout.split()[-1]))
    assert peaks[1] - peaks[0] < 15_000, peaks  # kilobytes


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["import", str(fifo), "-o", str(tmp_path / "a")])
    assert result.exit_code == 2 and "is a named pipe, not a file" in result.stderr


# --- every language in one form ----------------------------------------------------------

LANGUAGE_COLUMNS = ["English (en)", "Español (es)", "فارسی (fa)"]


def _sheets(path: Path) -> dict[str, list[dict[str, Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    out: dict[str, list[dict[str, Any]]] = {}
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        names = [str(name) for name in rows[0]]
        out[sheet.title] = [dict(zip(names, r, strict=True)) for r in rows[1:]]
    return out


def test_every_language_has_its_columns(tmp_path: Path) -> None:
    """`label::Español (es)` and the like, for every text column, in the rubric's order of
    languages; the sheets' other columns as in a one-language form."""
    from openpyxl import load_workbook

    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(main, ["export", "xlsform", "-o", str(out)], env={"LANG": "C"})
    assert result.exit_code == 0, result.output
    assert "English (en), Español (es), فارسی (fa)" in result.output
    book = load_workbook(out)
    header = {s.title: [c.value for c in next(s.iter_rows())] for s in book.worksheets}
    texts = [f"{column}::{lang}" for column in TEXT_COLUMNS for lang in LANGUAGE_COLUMNS]
    assert header["survey"] == [
        "type",
        "name",
        *texts[:6],
        "required",
        "relevant",
        "constraint",
        *texts[6:],
        "default",
        "calculation",
    ]
    assert header["choices"] == ["list_name", "name", *texts[:3]]
    sheets = _sheets(out)
    (settings,) = sheets["settings"]
    assert settings["default_language"] == "English (en)"  # the rubric's own, without --lang
    assert settings["form_title"] == load_rubric(DEFAULT_RUBRIC).title


def test_texts_are_each_languages_and_values_are_the_same() -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    survey, choices, _settings = xlsform_rows(rubric)
    one_language = {
        "en": xlsform_rows(rubric, versions=rubric_languages(rubric)[:1]),
    }
    plain_survey, plain_choices, _ = one_language["en"]
    # names, types, conditions and constraints: as in a one-language form
    for table, plain in ((survey, plain_survey), (choices, plain_choices)):
        assert len(table) == len(plain)
        for row, single in zip(table, plain, strict=True):
            assert {k: v for k, v in row.items() if "::" not in k} == {
                k: v for k, v in single.items() if k not in TEXT_COLUMNS
            }
            for column in TEXT_COLUMNS:
                if single.get(column):
                    assert row[f"{column}::English (en)"] == single[column]
    rows = {r["name"]: r for r in survey if r["type"] != "end_group"}
    for code, lang in (("es", "Español (es)"), ("fa", "فارسی (fa)")):
        shown = translated(rubric, code)
        for crit in shown.criteria:
            assert rows[crit.id][f"label::{lang}"] == crit.question
            if crit.help:
                assert rows[crit.id][f"hint::{lang}"] == crit.help
        for dim in shown.dimensions:
            assert rows["g_" + dim.id.replace("-", "_")][f"label::{lang}"] == dim.title
        labels = {(c["list_name"], c["name"]): c[f"label::{lang}"] for c in choices}
        for crit in shown.criteria:
            for option in crit.options:
                assert labels[(crit.id, option.value)] == option.label
        with i18n.using(code):
            assert labels[("orgaudit_roles", "member")] == i18n.gettext("Member")
    # every row with a text has it in every language
    for row in survey + choices:
        for column in TEXT_COLUMNS:
            given = [row.get(f"{column}::{lang}") for lang in LANGUAGE_COLUMNS]
            assert all(given) or not any(given), row
    number = next(c for c in rubric.criteria if c.type == "number" and number_of(c).min is not None)
    for code, lang in zip(("en", "es", "fa"), LANGUAGE_COLUMNS, strict=True):
        shown_number = translated(rubric, code).criterion(number.id)
        assert shown_number is not None
        with i18n.using(code):  # the question type's words, in each language
            row = handler(number.type).xlsform(shown_number, number.id)
            expected = row["constraint_message"]
        assert rows[number.id][f"constraint_message::{lang}"] == expected


@pytest.mark.parametrize(
    "args,env,expected",
    [
        (["--lang", "fa"], {}, "فارسی (fa)"),
        (
            [],
            {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "es_ES.UTF-8"},
            "Español (es)",
        ),
    ],
    ids=["option", "environment"],
)
def test_default_language_converts_without_warnings(
    tmp_path: Path, args: list[str], env: dict[str, str], expected: str
) -> None:
    """The multilingual form through pyxform (and ODK Validate where Java is): no warnings,
    an itext translation per language, the chosen one the default."""
    from pyxform.xls2xform import convert

    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(main, ["export", "xlsform", *args, "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    (settings,) = _sheets(out)["settings"]
    assert settings["default_language"] == expected
    assert settings["form_title"] == translated(load_rubric(DEFAULT_RUBRIC), expected[-3:-1]).title
    warnings: list[str] = []
    xform = convert(xlsform=str(out), warnings=warnings, validate=bool(shutil.which("java"))).xform
    assert warnings == []
    for lang in LANGUAGE_COLUMNS:
        default = ' default="true()"' if lang == expected else ""
        assert f'<translation lang="{lang}"{default}>' in xform


def test_a_rubric_without_translations_keeps_plain_columns(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(
        main, ["export", "xlsform", "-r", str(FREEDOM_RUBRIC), "--lang", "es", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheets = _sheets(out)
    assert "label" in sheets["survey"][1] and not any("::" in k for k in sheets["survey"][1])
    assert "default_language" not in sheets["settings"][0]


def test_submissions_of_a_form_shown_in_persian_import_alike(tmp_path: Path) -> None:
    """Submissions hold values, not labels: what a member answered in Persian imports as the
    same answers file as in English (round trip of the sample audits, through the fa form)."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    originals = _originals()[:3]
    header, rows = submission_rows(rubric, originals, platform="kobo")
    export = tmp_path / "export.csv"
    export.write_text(_csv(header, rows), encoding="utf-8")
    outs = []
    for lang in ("en", "fa"):
        out = tmp_path / lang
        result = CliRunner().invoke(main, ["import", str(export), "--lang", lang, "-o", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(sorted(p.read_text("utf-8") for p in out.glob("*.yaml")))
    assert outs[0] == outs[1]


def test_labels_as_headers_in_any_language_are_named(tmp_path: Path) -> None:
    shown = translated(load_rubric(DEFAULT_RUBRIC), "fa")
    labels = [c.question for c in shown.criteria[:5]]
    export = tmp_path / "labels.csv"
    export.write_text(_csv(labels, [["x"] * 5]), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(export), "-o", str(tmp_path / "a")])
    assert result.exit_code == 2
    assert "question labels as column headers" in result.stderr

"""The JSON outputs match the shipped JSON Schema, and figures have one type and named units."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from orgaudit.cli import main

from .conftest import DATA, FREEDOM_RUBRIC, ROOT

SCHEMA = json.loads(
    (ROOT / "src" / "orgaudit" / "schemas" / "scorecard.schema.json").read_text(encoding="utf-8")
)
CASES = [
    [str(ROOT / "seeds" / "iso-pham-binh.yaml")],
    [str(ROOT / "seeds" / "riverside-tenants-union")],
    [str(DATA / "respondents" / "mini"), "-r", str(DATA / "respondents" / "mini-rubric.yaml")],
    [str(DATA / "freedom" / "partly-free.yaml"), "-r", str(FREEDOM_RUBRIC)],
]


def _validator() -> jsonschema.Draft202012Validator:
    import referencing

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA, registry=referencing.Registry())


def test_schema_is_what_score_prints(runner: CliRunner) -> None:
    result = runner.invoke(main, ["score", "--format", "json", "--schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA


@pytest.mark.parametrize("args", CASES, ids=["one", "pooled", "mini", "points"])
def test_real_output_matches_the_schema(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    result = runner.invoke(main, ["score", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    validator = _validator()
    for card in json.loads(result.stdout):
        errors = sorted(validator.iter_errors(card), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    out = tmp_path / "r.json"
    runner.invoke(main, ["report", "--format", "json", "-o", str(out), "--redact", *args])
    assert not list(validator.iter_errors(json.loads(out.read_text(encoding="utf-8"))))


def _figures(node: Any, path: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("answer", "applicable", "known", "rank", "of", "count", "extra"):
                out += _figures(value, f"{path}.{key}")
    elif isinstance(node, list):
        for item in node:
            out += _figures(item, path + "[]")
    elif isinstance(node, int | float) and not isinstance(node, bool):
        out.append((path, node))
    return out


def test_each_figure_is_a_float(runner: CliRunner) -> None:
    """`0` and `30.0` never mix for the same figure."""
    result = runner.invoke(main, ["score", "--format", "json", *CASES[3]])
    figures = _figures(json.loads(result.stdout))
    assert figures and all(isinstance(v, float) for _, v in figures), [
        p for p, v in figures if not isinstance(v, float)
    ][:5]


def test_csv_names_its_units(runner: CliRunner) -> None:
    result = runner.invoke(main, ["score", "--format", "csv", *CASES[3]])
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert "political-rights.points" in header and "political-rights.rating" in header
    assert "political-rights.score" not in header  # .score is 0-100 wherever it appears
    iso = runner.invoke(main, ["score", "--format", "csv", *CASES[0]]).stdout
    iso_header = next(csv.reader(io.StringIO(iso)))
    assert "elections.score" in iso_header and "elections.band" in iso_header


def test_one_slug_for_answers_files_and_reports() -> None:
    from orgaudit.questionnaire import slug
    from orgaudit.render import default_name
    from orgaudit.render.html import slugify

    assert slug("Çağ Union") == slugify("Çağ Union") == "cag-union"
    assert slug("האיגוד הדמוקרטי") == "האיגוד-הדמוקרטי"  # not the fallback for every Hebrew name
    assert slug("a/../b") == "a-b" and "/" not in slugify("\u202e../../etc")
    assert default_name.__doc__  # reports are named by the same rule (render.default_name)

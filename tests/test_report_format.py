"""`orgaudit report -o NAME.EXT` writes what the name says, as `compare -o` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.cli import main
from orgaudit.cli.common import format_from_name

from .conftest import ROOT

SEED = ROOT / "seeds" / "iso-pham-binh.yaml"


@pytest.mark.parametrize(
    "name,starts",
    [("r.html", "<!DOCTYPE html>"), ("r.HTM", "<!DOCTYPE html>"), ("r.md", "## "), ("r.json", "{")],
)
def test_the_extension_names_the_format(tmp_path: Path, name: str, starts: str) -> None:
    result = CliRunner().invoke(main, ["report", str(SEED), "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / name).read_text("utf-8")
    assert text.lstrip().startswith(starts), text[:80]


def test_a_format_given_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(SEED), "--format", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    json.loads(target.read_text("utf-8"))


def test_the_guess() -> None:
    formats = ("pdf", "html", "json", "md")
    assert format_from_name(None, "a/r.MD", formats, "pdf") == "md"
    assert format_from_name(None, "r.csv", formats, "pdf") == "pdf"  # not a report format
    assert format_from_name(None, "reports.json/", formats, "pdf") == "pdf"  # a folder
    assert format_from_name(None, None, formats, "pdf") == "pdf"
    assert format_from_name("html", "r.md", formats, "pdf") == "html"
    assert format_from_name(None, "c.csv", ("table", "csv"), "table") == "csv"

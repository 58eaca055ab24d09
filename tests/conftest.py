"""Shared fixtures: paths to the bundled rubrics and test data, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DEFAULT_RUBRIC = ROOT / "rubrics" / "org-democracy.yaml"
FREEDOM_RUBRIC = ROOT / "rubrics" / "freedom-in-the-world.yaml"
MINI = DATA / "mini"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()

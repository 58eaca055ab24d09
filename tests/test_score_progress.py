"""The progress bar of `orgaudit score`: shown on a terminal, never in piped output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pexpect

from .conftest import MINI

ORGAUDIT = [sys.executable, "-m", "orgaudit"]


def copies(folder: Path, count: int) -> Path:
    for i in range(count):
        shutil.copy(MINI / "healthy.yaml", folder / f"a{i:03d}.yaml")
    return folder


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    folder = copies(tmp_path, 30)
    args = ["score", "--separate", "-r", str(MINI / "rubric.yaml"), str(folder)]
    child = pexpect.spawn(ORGAUDIT[0], [*ORGAUDIT[1:], *args], encoding="utf-8", timeout=30)
    child.expect("Scoring")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Healthy Club" in (child.before or "")


def test_no_progress_bar_when_piped(tmp_path: Path) -> None:
    folder = copies(tmp_path, 30)
    args = ["score", "--separate", "--format", "csv", "-r", str(MINI / "rubric.yaml"), str(folder)]
    done = subprocess.run([*ORGAUDIT, *args], capture_output=True, text=True, check=True)
    assert "Scoring" not in done.stderr and "\r" not in done.stdout + done.stderr
    assert done.stdout.count("Healthy Club") == 30

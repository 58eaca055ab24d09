"""The benchmark's own measuring tools (bench/common.py, bench/readme_table.py): a fresh process's
memory is its own, ratios are paired round by round, and a miss is said plainly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import common
import readme_table


@pytest.mark.skipif(not common.TIME, reason="needs /usr/bin/time")
def test_a_child_peak_is_not_inflated_by_the_parent() -> None:
    ballast = bytearray(300 * 2**20)  # this process: over 300 MB resident
    ballast[::4096] = b"x" * len(ballast[::4096])
    run = common.run_child([sys.executable, "-c", "pass"])
    assert run.peak_mb < 100, run
    del ballast


def test_ratios_are_paired_round_by_round() -> None:
    a, b = common.Series("a"), common.Series("b")
    for x, y in [(2.0, 1.0), (4.0, 4.0), (9.0, 3.0)]:  # the machine slows in round 2
        a.runs.append(common.Run(x, 0, 0))
        b.runs.append(common.Run(y, 0, 0))
    assert common.paired_ratio(a, b) == 2.0  # median of 2, 1, 3; unpaired medians give 1.33


def test_the_table_says_a_miss_plainly() -> None:
    results = [
        {"target": "t1", "measured": "1 s | 2 s", "value": 0.5, "limit": 1.2, "unit": "x", "result": "met"},
        {"target": "t2", "measured": "m", "value": 160, "limit": 150, "unit": "MB", "result": "MISSED"},
    ]  # fmt: skip
    machine = {
        "date": "2026-11-27", "cores": 2, "cpu": "cpu", "memory_gib": 24, "system": "Linux",
        "python": "3.11", "peak_memory": "via /usr/bin/time",
    }  # fmt: skip
    text = readme_table.summary(machine, results)
    assert "| t1 (<= 1.2x) | 1 s \\| 2 s | 0.50x | met |" in text
    assert "| t2 (<= 150 MB) | m | 160 MB | **MISSED** |" in text
    assert "Missed: 1 of 2 targets: t2." in text

"""Helpers shared by the benchmarks: timing child processes with their peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run_child(argv: list[str], **kwargs: object) -> tuple[float, int]:
    """Run a command to completion; return (wall seconds, peak resident memory in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with exit code {proc.returncode}")
    return elapsed, usage.ru_maxrss // 1024


def median_time(argv: list[str], repeat: int) -> float:
    return statistics.median(run_child(argv)[0] for _ in range(repeat))


def verdict(ratio: float, target: float) -> str:
    return "meets the target" if ratio <= target else "MISSES the target"

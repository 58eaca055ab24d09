"""Helpers shared by the benchmarks: paired, alternating timing of fresh processes, with memory.

Every command is a fresh process started by `/usr/bin/time`, a small C program: its peak memory is
the largest single process among the command and the children it waited for (`ru_maxrss` from
`wait4`), with no inflation from this benchmark's own, larger process (a child started directly
from Python inherits its parent's peak across `exec`). Wall time is read here, just before the
start and just after the exit, so both sides of a ratio carry the same small launch cost.

The process tree's memory (the command and its worker processes together) is sampled from
/proc every 50 ms while it runs: the largest sum of their resident sets. It is the figure a
target "in total" is checked against; the sum counts pages the workers share with their parent
once per process, so it errs high.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TIME = shutil.which("time", path="/usr/bin:/bin") or ""
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def cores() -> int:
    """The cores this process may use (its affinity mask), as `--jobs` counts them by default."""
    return len(os.sched_getaffinity(0))


@dataclass
class Run:
    wall: float
    peak_mb: float  # the largest single process (exact: wait4's ru_maxrss)
    tree_mb: float  # the largest sum over the process tree (sampled)


def _ppid(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return -1
    return int(stat[stat.rindex(b")") + 2 :].split()[1])


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_MB
    except (OSError, IndexError, ValueError):
        return 0.0


class TreeSampler(threading.Thread):
    """The largest total resident memory of `root`'s descendants (not `root` itself)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0.0
        self.done = threading.Event()

    def descendants(self) -> set[int]:
        parents = {int(p): _ppid(p) for p in os.listdir("/proc") if p.isdigit()}
        found = {self.root}
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in found and pid not in found:
                    found.add(pid)
                    grew = True
        return found - {self.root}

    def run(self) -> None:
        pids: set[int] = set()
        tick = 0
        while not self.done.is_set():
            if tick % 10 == 0:  # the tree is found every 0.5 s; its memory read every 50 ms
                pids = self.descendants()
            self.peak = max(self.peak, sum(_rss_mb(pid) for pid in pids))
            tick += 1
            self.done.wait(0.05)


def run_child(argv: list[str], *, stdin: str | None = None, sample: bool = False) -> Run:
    """Run one command as a fresh process, its output thrown away; its wall time and memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        launcher = [TIME, "-q", "-f", "%M %x", "-o", report.name] if TIME else []
        start = time.perf_counter()
        proc = subprocess.Popen(
            launcher + argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        sampler = TreeSampler(proc.pid) if sample else None
        if sampler:
            sampler.start()
        _, err = proc.communicate(stdin.encode() if stdin is not None else None)
        elapsed = time.perf_counter() - start
        if sampler:
            sampler.done.set()
            sampler.join()
        if TIME:
            fields = report.read().split()
            peak_kb, code = int(fields[-2]), int(fields[-1])
        else:  # inflated by this process's own peak: said in the output
            peak_kb, code = 0, proc.returncode
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {code}:\n{err.decode()[-2000:]}")
    peak = peak_kb / 1024
    return Run(elapsed, peak, max(sampler.peak if sampler else 0.0, peak))


@dataclass
class Series:
    """One command's runs, each paired with the baseline run of the same round."""

    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median_wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def tree_mb(self) -> float:
        return max(r.tree_mb for r in self.runs)


def paired_ratio(a: Series, b: Series) -> float:
    """The median of a's run / b's run, round by round."""
    return statistics.median(x.wall / y.wall for x, y in zip(a.runs, b.runs, strict=True))


def alternate(
    commands: dict[str, Any], rounds: int, *, warmup: int = 1, sample: bool = False
) -> dict[str, Series]:
    """Run the commands in turn, A B C A B C ..., `rounds` times after `warmup` rounds.

    A command is an argv list, or a callable returning a Run (for what needs a terminal).
    """
    series = {name: Series(name) for name in commands}
    for i in range(warmup + rounds):
        for name, command in commands.items():
            run = command() if callable(command) else run_child(command, sample=sample)
            if i >= warmup:
                series[name].runs.append(run)
    return series


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else "MISSED"


RESULTS: list[dict[str, Any]] = []


def report(
    target: str, measured: str, value: float, limit: float, unit: str = "x", **extra: Any
) -> None:
    """Print one target's line and keep it for the README table."""
    result = verdict(value, limit)
    figure = f"{value:.2f}x" if unit == "x" else f"{value:.0f} MB"
    bound = f"{limit}x" if unit == "x" else f"{limit} MB"
    print(f"  {result:6} {target}: {figure} (target <= {bound}); {measured}", flush=True)
    RESULTS.append(
        {
            "target": target,
            "measured": measured,
            "value": round(value, 3),
            "limit": limit,
            "unit": unit,
            "result": result,
            **extra,
        }
    )


def save_results(path: Path) -> None:
    """The results as JSON, with the machine they were measured on, for readme_table.py."""
    import json
    import platform

    machine = {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "cores": cores(),
        "cpu": _cpu_name(),
        "memory_gib": round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30),
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "peak_memory": "via /usr/bin/time" if TIME else "UNRELIABLE: no /usr/bin/time",
    }
    path.write_text(json.dumps({"machine": machine, "results": RESULTS}, indent=1) + "\n")


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "unknown"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"

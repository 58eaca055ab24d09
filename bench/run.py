"""`make bench`: every speed and memory target of issue 18, each a median of paired ratios.

    .venv/bin/python bench/run.py [--full] [--json FILE] [--markdown]

Each target compares a command with a baseline timed in the same run, the two alternating
(A B A B ...), so that a machine busy with something else slows both sides of every pair alike.
Scoring is measured on 10,000 files; --full (or BENCH_FULL=1) adds 100,000 files, which takes
the better part of an hour on two cores. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import help_bench
import pdf_bench
import readme_table
import score_bench


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", default=os.environ.get("BENCH_FULL") == "1")
    parser.add_argument("--json", type=Path, help="write the results to this file too")
    parser.add_argument(
        "--markdown", action="store_true", help="print the README's table at the end"
    )
    args = parser.parse_args()
    print(
        f"machine: {common.cores()} cores usable, {common._cpu_name()}, Python "
        f"{sys.version.split()[0]}; peak memory "
        + ("from /usr/bin/time" if common.TIME else "UNRELIABLE (no /usr/bin/time)"),
        flush=True,
    )
    steps: list[Callable[[], None]] = [help_bench.main, lambda: score_bench.main(10_000, rounds=5)]
    if args.full:
        steps.append(lambda: score_bench.main(100_000, rounds=1))
    steps.append(pdf_bench.main)
    for step in steps:
        step()
        if args.json:  # after every step, so that an interrupted run keeps what it measured
            common.save_results(args.json)
    missed = [r for r in common.RESULTS if r["result"] != "met"]
    print(f"{len(common.RESULTS) - len(missed)} targets met, {len(missed)} MISSED")
    if args.markdown:
        print()
        print(readme_table.table(common.RESULTS))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

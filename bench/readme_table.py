"""The README's benchmark table, from the results that bench/run.py --json saved.

    .venv/bin/python bench/readme_table.py bench/results.json [MORE.json ...] [--write]

Several files are merged (a later file's target replaces an earlier one's of the same name), so a
full 100,000-file run can be kept beside the quicker default. --write replaces the table in
README.md between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| target | measured | median ratio | result |", "| --- | --- | --- | --- |"]
    for r in results:
        bound = f"{r['limit']}x" if r["unit"] == "x" else f"{r['limit']} MB"
        value = f"{r['value']:.2f}x" if r["unit"] == "x" else f"{r['value']:.0f} MB"
        result = "met" if r["result"] == "met" else "**MISSED**"
        measured = r["measured"].replace("|", "\\|")
        lines.append(f"| {r['target']} (<= {bound}) | {measured} | {value} | {result} |")
    return "\n".join(lines)


def summary(machine: dict[str, Any], results: list[dict[str, Any]]) -> str:
    missed = [r["target"] for r in results if r["result"] != "met"]
    head = (
        f"Recorded on {machine['date']} ({machine['cores']} cores, {machine['cpu']}, "
        f"{machine['memory_gib']} GiB, {machine['system']}, Python {machine['python']}; peak "
        f"memory {machine['peak_memory']}):"
    )
    tail = (
        f"Missed: {len(missed)} of {len(results)} targets: " + "; ".join(missed) + "."
        if missed
        else f"All {len(results)} targets met."
    )
    return f"{head}\n\n{table(results)}\n\n{tail}"


def merge(paths: list[Path]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    machine: dict[str, Any] = {}
    merged: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        machine = data["machine"]
        for r in data["results"]:
            merged[r["target"]] = r
    return machine, list(merged.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="replace the table in README.md")
    args = parser.parse_args()
    text = summary(*merge(args.results))
    if not args.write:
        print(text)
        return
    readme = README.read_text(encoding="utf-8")
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    README.write_text(readme[:start] + "\n" + text + "\n" + readme[end:], encoding="utf-8")


if __name__ == "__main__":
    main()

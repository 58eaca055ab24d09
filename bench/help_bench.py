"""Start-up: `--help`, scoring one file and the questionnaire's first question, each against the
import of what it cannot do without, timed alternately (A B A B ...) in this one run."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect
from common import BIN, ROOT, Run, alternate, ms, paired_ratio, report
from score_bench import generate

TARGET = 1.3
ORGAUDIT = str(BIN / "orgaudit")
CLICK = [sys.executable, "-c", "import click"]
YAML = [sys.executable, "-c", "import yaml, jsonschema"]
FIRST_PROMPT = "? help · d don't know"


def in_terminal(argv: list[str], until: str | None, folder: Path) -> Run:
    """Wall time from the start of `argv` in a pseudo-terminal until it prints `until` (or exits)."""
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], cwd=str(folder), encoding="utf-8", timeout=30)
    try:
        child.expect_exact(until if until is not None else pexpect.EOF)
        elapsed = time.perf_counter() - start
    finally:
        child.close(force=True)
    return Run(elapsed, 0.0, 0.0)


def compiled() -> None:
    """Bytecode for every module, as an installed package has. An editable install compiles
    nothing, and where PYTHONDONTWRITEBYTECODE is set every start compiles each module changed
    since the last compile again: that would time the compiler (20-35 ms for five edited
    modules), not the program."""
    command = [sys.executable, "-m", "compileall", "-q", str(ROOT / "src")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main(rounds: int = 21) -> None:
    compiled()
    print(f"start-up ({rounds} alternating pairs each, median of the paired ratios)")
    series = alternate({"click": CLICK, "help": [ORGAUDIT, "--help"]}, rounds)
    click, help_ = series["click"], series["help"]
    report(
        '`orgaudit --help` against `python -c "import click"`',
        f"{ms(help_.median_wall)} against {ms(click.median_wall)}",
        paired_ratio(help_, click),
        TARGET,
    )

    with tempfile.TemporaryDirectory(prefix="orgaudit-bench-") as tmp:
        folder = Path(tmp)
        generate(folder, 1)
        one_file = str(next(folder.glob("*.yaml")))
        series = alternate({"yaml": YAML, "score": [ORGAUDIT, "score", one_file]}, rounds)
        yaml_, one = series["yaml"], series["score"]
        report(
            '`orgaudit score ONE_FILE` against `python -c "import yaml, jsonschema"`',
            f"{ms(one.median_wall)} against {ms(yaml_.median_wall)} (a generated answers file, "
            "the table format)",
            paired_ratio(one, yaml_),
            TARGET,
        )
        count = iter(range(10**6))

        def audit() -> Run:
            argv = [ORGAUDIT, "audit", "--org", "Bench", "--role", "member", "--date", "2025-01-01"]
            return in_terminal([*argv, "-o", f"a{next(count)}.yaml"], FIRST_PROMPT, folder)

        series = alternate(
            {"yaml": lambda: in_terminal(YAML, None, folder), "audit": audit}, rounds // 2 + 1
        )
    yaml_, first = series["yaml"], series["audit"]
    report(
        "first question of `orgaudit audit` against the same import of yaml and jsonschema",
        f"{ms(first.median_wall)} against {ms(yaml_.median_wall)}; both in a pseudo-terminal "
        "(pexpect), the audit until its first question's key line is printed, the import until "
        "it exits",
        paired_ratio(first, yaml_),
        TARGET,
    )


if __name__ == "__main__":
    main()

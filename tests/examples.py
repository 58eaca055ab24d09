"""Run a documented `orgaudit ...` example in-process, as a shell would run it, in a sandbox.

Used by tests/test_help_examples.py (every `Example:` line of every command's help) and
tests/test_readme.py (the commands the README shows). An example is split into words as bash
would split it (shlex: quotes, backslashes); the shell syntax examples use, `A && B` and
`> FILE`, is carried out here; anything else is refused, so that a new kind of example gets
a runner before it is trusted. Running in-process (click's CliRunner) instead of a fresh
`bash -c` spares a Python start-up and WeasyPrint's font set-up per example, which made the
old subprocess version take minutes.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from orgaudit.cli import main
from orgaudit.rubric import project_root

from .conftest import ROOT

OUTPUT_OPTIONS = ("-o", "--output")
REDIRECTIONS = (">", ">>", "2>")
SURVEY_EXPORT = ROOT / "tests" / "data" / "surveys" / "kobo-export.csv"
#: shell syntax no example may use until run_example carries it out
UNSUPPORTED = ("|", ";", "<", "&", "||", "$(", "`", "*", "?", "~")


@dataclass(frozen=True)
class Step:
    """One command of an example: its arguments, and where `>` sends its standard output."""

    args: list[str]
    stdout_to: str | None = None
    append: bool = False
    stderr_to: str | None = None


def steps(example: str) -> list[Step]:
    """The commands of an example (`A && B` runs B only when A succeeds)."""
    found: list[Step] = []
    for part in example.split(" && "):
        words = shlex.split(part)
        assert words and words[0] == "orgaudit", f"not an orgaudit command: {part!r}"
        bad = [w for w in shlex.split(part, posix=False) if w in UNSUPPORTED or w[:2] == "$("]
        assert not bad, f"{example!r} uses shell syntax the runner cannot carry out: {bad}"
        args: list[str] = []
        stdout_to = stderr_to = None
        append = False
        iterator = iter(words[1:])
        for word in iterator:
            if word in (">", ">>"):
                stdout_to, append = next(iterator), word == ">>"
            elif word == "2>":
                stderr_to = next(iterator)
            else:
                args.append(word)
        found.append(Step(args, stdout_to, append, stderr_to))
    return found


def inputs(example: str) -> list[str]:
    """The paths an example reads: its arguments that are not options, option values of
    -o/--output, what follows a shell redirection, or what an earlier command of an `&&` chain
    writes."""
    words = shlex.split(example)
    assert words[0] == "orgaudit", example
    found: list[str] = []
    written: set[str] = set()
    skip = False
    for word in words[1:]:
        if skip:
            written.add(word)
            skip = False
            continue
        if word in OUTPUT_OPTIONS or word in REDIRECTIONS:
            skip = True
            continue
        if word.startswith("-") or word in written:
            continue
        if word.endswith(("/", ".yaml", ".yml", ".csv")):
            found.append(word)
    return found


def sandbox(folder: Path, example: str) -> Path:
    """A folder with rubrics/ and, for each path the example reads, copies of the samples: the
    bundled answers files (seeds/*.yaml), and for a platform's export (.csv) the test fixture
    of a KoboToolbox export."""
    root = project_root()
    shutil.copytree(root / "rubrics", folder / "rubrics", dirs_exist_ok=True)
    seeds = sorted((root / "seeds").glob("*.yaml"))
    assert seeds, "no bundled samples"
    for name in inputs(example):
        target = folder / name
        if target.exists():
            continue
        if name.endswith("/"):
            target.mkdir(parents=True)
            for seed in seeds:
                shutil.copy(seed, target / seed.name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".csv"):
            shutil.copy(SURVEY_EXPORT, target)
        else:
            shutil.copy(seeds[0], target)
    return folder


def run_example(example: str, folder: Path, stdin: str = "") -> list[Result]:
    """Run the example's commands in `folder` as bash would: each in turn while the previous
    one exited 0, standard input empty (a reader's terminal would wait; the examples must not).
    Returns each command's result."""
    results: list[Result] = []
    with contextlib.chdir(folder):
        for step in steps(example):
            result = CliRunner().invoke(main, step.args, input=stdin, prog_name="orgaudit")
            results.append(result)
            if step.stdout_to is not None:
                with open(step.stdout_to, "ab" if step.append else "wb") as handle:
                    handle.write(result.stdout_bytes)
            if step.stderr_to is not None:
                Path(step.stderr_to).write_bytes(result.stderr_bytes)
            if result.exit_code != 0:
                break
    return results


def describe(example: str, result: Result) -> str:
    """What a failing example printed, and its traceback if it raised."""
    import traceback

    text = (
        f"`{example}` exited {result.exit_code}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        text += "\n" + "".join(traceback.format_exception(*result.exc_info))
    return text

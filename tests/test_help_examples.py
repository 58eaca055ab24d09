"""Every `Example:` line of `orgaudit COMMAND --help` runs as printed (issue 19 item 10).

Each example is run by a shell, as a reader would paste it, in a fresh folder that holds what the
example names: the bundled rubrics in rubrics/, and copies of the bundled sample answers
(seeds/*.yaml) in every folder and answers file the example reads. It must exit 0, or 1 where
the command reports findings; never 2 (bad usage or unreadable input).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from orgaudit.cli import main
from orgaudit.rubric import project_root

from .conftest import ROOT

OUTPUT_OPTIONS = ("-o", "--output")
SURVEY_EXPORT = ROOT / "tests" / "data" / "surveys" / "kobo-export.csv"
README = (ROOT / "README.md").read_text("utf-8")


def commands(group: click.Group, prefix: str = "orgaudit") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found.extend(commands(command, full))
    return found


def examples() -> list[tuple[str, str]]:
    """(command, example line) for every `Example:` line in every command's help."""
    found = []
    for name, command in commands(main):
        for line in (command.help or "").splitlines():
            text = line.strip()
            if text.startswith("Example:"):
                found.append((name, text.removeprefix("Example:").strip()))
    return found


EXAMPLES = examples()


def test_every_command_has_a_runnable_example() -> None:
    leaves = [name for name, command in commands(main) if not isinstance(command, click.Group)]
    with_example = {name for name, _ in EXAMPLES}
    assert set(leaves) <= with_example
    assert len(EXAMPLES) >= len(leaves)


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
        if word in OUTPUT_OPTIONS or word in (">", ">>", "2>"):
            skip = True
            continue
        if word.startswith("-") or word in written:
            continue
        if word.endswith(("/", ".yaml", ".yml", ".csv")):
            found.append(word)
    return found


def sandbox(tmp_path: Path, example: str) -> Path:
    """A folder with rubrics/ and, for each path the example reads, copies of the samples: the
    bundled answers files (seeds/*.yaml), and for a platform's export (.csv) the test fixture
    of a KoboToolbox export."""
    root = project_root()
    shutil.copytree(root / "rubrics", tmp_path / "rubrics")
    seeds = sorted((root / "seeds").glob("*.yaml"))
    assert seeds, "no bundled samples"
    for name in inputs(example):
        target = tmp_path / name
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
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_example_runs_as_printed(command: str, example: str, tmp_path: Path) -> None:
    assert example.startswith(command + " ") or example == command, (
        f"the example of `{command}` runs another command: {example}"
    )
    folder = sandbox(tmp_path, example)
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("NO_COLOR", None)
    result = subprocess.run(
        ["bash", "-c", example],
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), (
        f"`{example}` exited {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )
    assert "Traceback" not in result.stderr


def completion_lines() -> list[str]:
    """The README's shell completion lines: `... _ORGAUDIT_COMPLETE=<shell>_source orgaudit ...`."""
    return [line for line in README.splitlines() if "_ORGAUDIT_COMPLETE=" in line]


def test_the_readme_documents_shell_completion() -> None:
    assert "### Shell completion" in README
    shells = {
        line.split("_ORGAUDIT_COMPLETE=")[1].split("_source")[0] for line in completion_lines()
    }
    assert {"bash", "zsh", "fish"} <= shells


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_scripts_are_printed(shell: str) -> None:
    env = dict(os.environ, _ORGAUDIT_COMPLETE=f"{shell}_source")
    orgaudit = str(Path(sys.executable).parent / "orgaudit")
    result = subprocess.run([orgaudit], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "_ORGAUDIT_COMPLETE" in result.stdout
    assert f"{shell}_complete" in result.stdout


def test_bash_completion_completes_a_command() -> None:
    env = dict(
        os.environ, _ORGAUDIT_COMPLETE="bash_complete", COMP_WORDS="orgaudit sc", COMP_CWORD="1"
    )
    orgaudit = str(Path(sys.executable).parent / "orgaudit")
    result = subprocess.run([orgaudit], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "plain,score" in result.stdout.splitlines()

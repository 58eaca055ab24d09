"""Every `Example:` line of `orgaudit COMMAND --help` runs as printed (issue 19 item 10).

Each example runs as a reader would paste it (tests/examples.py: split as bash splits it, `&&`
and `>` carried out, in-process), in a fresh folder that holds what the example names: the
bundled rubrics in rubrics/, and copies of the bundled sample answers (seeds/*.yaml) in every
folder and answers file the example reads. It must exit 0, or 1 where the command reports
findings; never 2 (bad usage or unreadable input), and never with a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import Result

from orgaudit.cli import main

from .conftest import DEMO_EXAMPLE, ROOT
from .examples import describe, run_example, sandbox, steps

README = (ROOT / "README.md").read_text("utf-8")


def commands(group: click.Group, prefix: str = "orgaudit") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    context = click.Context(group)
    for name in group.list_commands(context):  # the commands load lazily
        command = group.get_command(context, name)
        assert command is not None
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


def check_ran(example: str, results: list[Result]) -> None:
    assert results, example
    for result in results:
        assert result.exit_code in (0, 1), describe(example, result)
        assert result.exception is None or isinstance(result.exception, SystemExit), describe(
            example, result
        )
        assert "Traceback" not in result.stderr


def renders_pdf(example: str) -> bool:
    """Whether the example writes a PDF (seconds each): a report in its default format, or
    an output named .pdf."""
    return any(
        (step.args[:1] == ["report"] and "--format" not in step.args)
        or any(arg.endswith(".pdf") for arg in step.args)
        for step in steps(example)
    )


@pytest.mark.parametrize(
    ("command", "example"),
    [
        pytest.param(c, e, marks=[pytest.mark.slow] if renders_pdf(e) else [], id=e)
        for c, e in EXAMPLES
        if e != DEMO_EXAMPLE
    ],
)
def test_example_runs_as_printed(command: str, example: str, tmp_path: Path) -> None:
    assert example.startswith(command + " ") or example == command, (
        f"the example of `{command}` runs another command: {example}"
    )
    check_ran(example, run_example(example, sandbox(tmp_path, example)))


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_demo_example_runs_as_printed(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """The demo renders five PDFs: its example runs once, as printed in an empty folder by the
    package installed from a wheel of this checkout, for this test and tests/test_demo.py's
    and tests/test_install.py's (conftest.py)."""
    assert ("orgaudit demo", DEMO_EXAMPLE) in EXAMPLES, "the demo's example changed"
    _, result = demo_run
    assert result.returncode in (0, 1), f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
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

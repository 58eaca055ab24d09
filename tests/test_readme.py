"""The README's examples come from the real commands (as sqlite-utils checks its docs with cog).

- A block that shows `$ orgaudit ...` and what it prints is run in-process from the checkout and
  must print exactly that; `ORGAUDIT_UPDATE_GOLDEN=1` rewrites the block from the real output.
- The questionnaire session (`$ orgaudit audit ...`, typed answers, `...` where lines are left
  out, `^C`) is replayed in a pseudo-terminal of 80 columns with `TERM=dumb`: the answers the
  README shows are typed, Ctrl-C is pressed where it shows `^C`, and every run of lines between
  two `...` must appear, in order, in what the terminal showed (dates aside: the README's are
  the day it was recorded). It is checked, not rewritten: fix the README by hand from the
  transcript the failure prints.
- Every complete command the prose names in backticks (`orgaudit report iso.yaml`) runs as
  printed (tests/examples.py), unless a --help example already runs the same command.
- The library example (```python) runs, on a sample answers file named as it names it.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from orgaudit.cli import main
from orgaudit.rubric import project_root

from .conftest import ROOT
from .examples import describe, run_example, sandbox
from .test_help_examples import EXAMPLES, renders_pdf

README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
UPDATE = os.environ.get("ORGAUDIT_UPDATE_GOLDEN") == "1"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Shown:
    """A block of the README showing a command and what it prints."""

    text: str  # the block as it stands in the README, indentation and fences included
    indent: str
    command: str
    output: list[str]


def shown_blocks(readme: str) -> list[Shown]:
    """Indented blocks and ```text blocks whose first line is `$ orgaudit ...`."""
    found = []
    lines = readme.split("\n")
    at = 0
    while at < len(lines):
        line = lines[at]
        if line == "```text" and lines[at + 1].startswith("$ orgaudit "):
            end = lines.index("```", at + 1)
            body, indent = lines[at + 1 : end], ""
        elif line.startswith("    $ orgaudit ") and (at == 0 or not lines[at - 1].strip()):
            end = at
            while end < len(lines) and (lines[end].startswith("    ") or not lines[end]):
                end += 1
            while not lines[end - 1]:
                end -= 1
            body, indent = lines[at:end], "    "
        else:
            at += 1
            continue
        output = [text.removeprefix(indent) for text in body]
        found.append(Shown("\n".join(body), indent, output[0].removeprefix("$ "), output[1:]))
        at = end
    return found


BLOCKS = shown_blocks(README)
SESSIONS = [b for b in BLOCKS if b.command.startswith("orgaudit audit")]
EXACT = [b for b in BLOCKS if b not in SESSIONS]


def test_the_readme_shows_commands_with_their_output() -> None:
    assert len(EXACT) >= 1 and len(SESSIONS) == 1, [b.command for b in BLOCKS]
    assert any(b.command.startswith("orgaudit score ") for b in EXACT)


@pytest.mark.parametrize("block", EXACT, ids=[b.command for b in EXACT])
def test_shown_output_is_what_the_command_prints(
    block: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the README's paths are the checkout's
    result = CliRunner().invoke(main, shlex.split(block.command)[1:], prog_name="orgaudit")
    assert result.exit_code in (0, 1), describe(block.command, result)
    printed = [line.rstrip() for line in result.stdout.rstrip("\n").split("\n")]
    if UPDATE and printed != block.output:
        text = "\n".join(
            (block.indent + line).rstrip() for line in [f"$ {block.command}", *printed]
        )
        current = README_PATH.read_text(encoding="utf-8")
        assert block.text in current, "the README changed while the tests ran"
        README_PATH.write_text(current.replace(block.text, text, 1), encoding="utf-8")
        return
    assert printed == block.output, (
        f"README.md shows other output for `{block.command}`; if the change is deliberate, "
        "rerun with ORGAUDIT_UPDATE_GOLDEN=1 and review the diff"
    )


# The questionnaire session, replayed in a pseudo-terminal.

#: a line where the member types: a prompt ending in ": " or "> ", then what was typed
TYPED = re.compile(r"^(?P<prompt>> |.*?\]: ?|.*?Enter to skip\)?: ?)(?P<typed>.*)$")


def session_steps(lines: list[str]) -> list[tuple[str, str]]:
    """(prompt, typed) for each line where the README's session shows an answer typed."""
    steps = []
    for line in lines:
        match = TYPED.match(line)
        if match and not line.startswith(("Stop ", "Keys:", "? help")):
            steps.append((match["prompt"].rstrip(), match["typed"]))
    return steps


def chunks(lines: list[str]) -> list[list[str]]:
    """The runs of lines between `...` lines (the lines the README leaves out)."""
    found: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == "...":
            found.append([])
        else:
            found[-1].append(line)
    return [c for c in found if c]


def normalized(text: str) -> list[str]:
    return [DATE.sub("YYYY-MM-DD", line.rstrip()) for line in text.split("\n")]


def contains_in_order(haystack: list[str], pieces: list[list[str]]) -> list[str] | None:
    """None if each piece is a run of consecutive lines of `haystack`, in order; else the
    first piece that is not."""
    start = 0
    for piece in pieces:
        for at in range(start, len(haystack) - len(piece) + 1):
            if haystack[at : at + len(piece)] == piece:
                start = at + len(piece)
                break
        else:
            return piece
    return None


@pytest.mark.slow
@pytest.mark.parametrize("block", SESSIONS, ids=[b.command for b in SESSIONS])
def test_the_shown_session_is_what_the_questionnaire_does(block: Shown, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    orgaudit = shutil.which("orgaudit", path=str(Path(sys.executable).parent))
    assert orgaudit is not None
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="dumb", COLUMNS="80", LINES="24")
    words = shlex.split(block.command)
    shutil.copytree(project_root() / "rubrics", tmp_path / "rubrics")
    log = io.BytesIO()
    child = pexpect.spawn(
        orgaudit,
        words[1:],
        cwd=str(tmp_path),
        env=env,
        dimensions=(24, 80),
        timeout=60,
        # Ctrl-C must reach the child even when pytest runs with SIGINT ignored (nohup)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    child.logfile_read = log
    try:
        for prompt, typed in session_steps(block.output):
            child.expect(re.escape(DATE.sub("@", prompt)).replace("@", r"\d{4}-\d{2}-\d{2}"))
            if typed == "^C":
                child.sendintr()
            else:
                child.sendline(typed)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    transcript = log.getvalue().decode("utf-8", "replace").replace("\r\n", "\n")
    missing = contains_in_order(
        normalized(transcript), [normalized("\n".join(c)) for c in chunks(block.output)]
    )
    assert missing is None, (
        "README.md's questionnaire session is not what `orgaudit audit` shows; these lines "
        "are not in the real session:\n"
        + "\n".join(missing or [])
        + "\n\nThe real session:\n"
        + transcript
    )


# Commands named in the prose.

#: words that mark a command's syntax, not a command to run: FILES, ONE_FILE, [RUBRIC], pdf|html
PLACEHOLDER = re.compile(r"(?<![\w-])[A-Z][A-Z_]+(?!\w)|\[|\||\.\.\.")


def is_fragment(words: list[str]) -> bool:
    """True for a mention of a command's options without the arguments it needs, as in "exits
    1 with `orgaudit score --require-complete`"."""
    command: click.Command = main
    rest = words[1:]
    while isinstance(command, click.Group) and rest:
        sub = command.get_command(click.Context(command), rest[0])  # commands load lazily
        if sub is None:
            break
        command, rest = sub, rest[1:]
    if isinstance(command, click.Group):
        return True
    context = command.make_context("orgaudit", list(rest), resilient_parsing=True)
    return any(
        isinstance(param, click.Argument) and param.required and not context.params.get(param.name)
        for param in command.params
        if param.name is not None
    )


def prose_commands(readme: str) -> list[str]:
    """Every `orgaudit SUBCOMMAND ARG ...` in backticks, a span broken over lines joined."""
    found = []
    for span in re.findall(r"`(orgaudit [^`]+)`", readme):
        command = " ".join(span.split())
        if PLACEHOLDER.search(command) or "_ORGAUDIT_COMPLETE" in command:
            continue
        words = shlex.split(command.split(" > ")[0])
        if len(words) < 3 or is_fragment(words):
            continue
        if command not in found:
            found.append(command)
    return found


def same_command(example: str) -> tuple[str, ...]:
    """An example's words without its output options: `report answers/` and `report answers/
    -o reports/` run the same command."""
    words = shlex.split(example)
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in ("-o", "--output"):
            skip = True
        else:
            kept.append(word)
    return tuple(kept)


HELP_EXAMPLES = {same_command(part) for _, e in EXAMPLES for part in e.split(" && ")}
PROSE = [c for c in prose_commands(README) if same_command(c) not in HELP_EXAMPLES]


def test_the_prose_names_commands_to_run() -> None:
    named = prose_commands(README)
    assert len(named) >= 5, named
    assert any(" report " in c for c in named), named  # the parser still finds them


@pytest.mark.parametrize(
    "example",
    [pytest.param(c, marks=[pytest.mark.slow] if renders_pdf(c) else []) for c in PROSE],
)
def test_a_command_the_prose_names_runs_as_printed(example: str, tmp_path: Path) -> None:
    results = run_example(example, sandbox(tmp_path, example))
    for result in results:
        assert result.exit_code in (0, 1), describe(example, result)
        assert result.exception is None or isinstance(result.exception, SystemExit), describe(
            example, result
        )


# The library example.


def python_blocks(readme: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", readme, re.M | re.S)


def test_the_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = python_blocks(README)
    names = set(re.findall(r'"([\w.-]+\.yaml)"', code))
    assert names, code
    seed = project_root() / "seeds" / "iso-pham-binh.yaml"
    for name in names:  # answers files get a sample, rubric files the default rubric
        source = project_root() / "rubrics" / "org-democracy.yaml" if "rubric" in name else seed
        shutil.copy(source, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})  # our own README's example

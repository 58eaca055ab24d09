"""`orgaudit audit` in a real pseudo-terminal (pexpect): a whole session, going back, Ctrl-C and
resuming, signals, bad input, and colour only where it belongs."""

from __future__ import annotations

import signal
from pathlib import Path

import pexpect
import pytest

from orgaudit.answers import load_answers

from .test_audit_support import ANSI, ORGAUDIT, Step, acme_args, default_rubric, plain_env, plan

RUBRIC = default_rubric()
STEPS = plan(RUBRIC)


def spawn(tmp_path: Path, *args: str, **env: str) -> pexpect.spawn:
    child = pexpect.spawn(
        str(ORGAUDIT),
        acme_args(tmp_path / "acme.yaml", *args),
        env=plain_env(**{"TERM": "xterm-256color", **env}),
        # Ctrl-C must reach the child even when pytest itself runs with SIGINT ignored (nohup,
        # some CI runners): a child inherits an ignored SIGINT otherwise.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 80),
    )
    return child


def answer(child: pexpect.spawn, number: int, step: Step) -> None:
    """Wait for question `number`, type the step's answer, and skip the evidence prompt."""
    child.expect(rf"{number}/\d+ · ")
    child.expect_exact("> ")
    child.sendline(step.typed)
    if step.criterion.scored:
        child.expect_exact("Evidence (")
        child.sendline("")


def saved(tmp_path: Path) -> dict[str, object]:
    answers, _ = load_answers(tmp_path / "acme.yaml", RUBRIC)
    return {k: a.value for k, a in answers.answers.items()}


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return int(child.exitstatus)


@pytest.mark.slow
def test_full_session_in_a_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Every answer is saved")
    transcript = [child.before]
    for number, step in enumerate(STEPS, start=1):
        answer(child, number, step)
        transcript.append(child.before)
    child.expect_exact("Render the report with: orgaudit report")
    transcript.append(child.before)
    assert finish(child) == 0
    assert saved(tmp_path) == {s.criterion.id: s.value for s in STEPS}
    # colour on a capable terminal (so the NO_COLOR tests below can fail)
    assert ANSI.search("".join(transcript))


def test_ctrl_c_saves_exits_130_and_resumes(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    for number, step in enumerate(STEPS[:3], start=1):
        answer(child, number, step)
    child.expect(r"4/\d+ · ")
    child.expect_exact("> ")
    child.send("\x03")
    child.expect_exact("Interrupted. 3 answers saved to")
    child.expect_exact("Continue with: orgaudit audit -o")
    assert finish(child) == 130
    assert saved(tmp_path) == {s.criterion.id: s.value for s in STEPS[:3]}

    # resume: it says where it continues; go back to question 3 and change it
    child = spawn(tmp_path)
    child.expect_exact("Resuming Acme: 3 of")
    child.expect_exact("continuing at question 4.")
    child.expect(r"4/\d+ · ")
    child.expect_exact("> ")
    child.sendline("b")
    child.expect(r"3/\d+ · ")
    child.expect_exact("Current answer:")
    child.expect_exact("> ")
    crit = STEPS[2].criterion
    child.sendline("2")
    child.expect_exact("Evidence (")
    child.sendline("seen at the 2023 congress")
    child.expect_exact("Links")
    child.send("\x03")  # Ctrl-C at the links prompt: the answer and evidence are kept
    child.expect_exact("Interrupted.")
    assert finish(child) == 130
    answers, _ = load_answers(tmp_path / "acme.yaml", RUBRIC)
    third = answers.answers[crit.id]
    assert third.value == crit.options[1].value
    assert third.evidence == "seen at the 2023 congress"
    assert len(answers.answers) == 3


def test_invalid_entries_reprompt_in_a_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect(r"1/\d+ · ")
    for bad in ("9", "yes please", "1 2"):
        child.expect_exact("> ")
        child.sendline(bad)
        child.expect_exact("Not understood: answer with a number from 1 to 5; or d, s, b, ?, q.")
    child.expect_exact("> ")
    child.sendline("2")
    child.expect_exact("Evidence (")
    child.sendline("")
    child.expect(r"2/\d+ · ")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect_exact("Saved 1 answer to")
    assert finish(child) == 0
    assert saved(tmp_path) == {"committee-election": STEPS[0].criterion.options[1].value}


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["TERM", "HUP"]
)
def test_signals_save_and_exit(tmp_path: Path, signum: int, code: int) -> None:
    child = spawn(tmp_path)
    for number, step in enumerate(STEPS[:2], start=1):
        answer(child, number, step)
    child.expect(r"3/\d+ · ")
    child.expect_exact("> ")
    child.kill(signum)
    child.expect_exact(f"Stopped by {signal.Signals(signum).name}. 2 answers saved to")
    assert finish(child) == code
    assert saved(tmp_path) == {s.criterion.id: s.value for s in STEPS[:2]}


@pytest.mark.parametrize(
    "env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "dumb-terminal"]
)
def test_no_escape_codes_without_colour(tmp_path: Path, env: dict[str, str]) -> None:
    child = spawn(tmp_path, **env)
    out = []
    for number, step in enumerate(STEPS[:4], start=1):
        answer(child, number, step)
        out.append(child.before)
    child.expect_exact("> ")
    child.sendline("?")
    child.expect_exact("> ")
    out.append(child.before)
    child.sendline("q")
    child.expect(pexpect.EOF)
    out.append(child.before)
    text = "".join(out)
    assert "Saved 4 answers" in text
    assert "“" in text  # the help screen was shown
    assert "\x1b" not in text


def test_wraps_at_a_narrow_terminal(tmp_path: Path) -> None:
    child = pexpect.spawn(
        str(ORGAUDIT),
        acme_args(tmp_path / "acme.yaml"),
        env=plain_env(TERM="dumb"),
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 50),
    )
    child.expect(r"1/\d+ · ")
    child.expect_exact("> ")
    screen = child.before
    child.sendline("q")
    finish(child)
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines and max(len(line) for line in lines) <= 50
    assert any(line.startswith("     ") for line in lines)  # option labels wrap under themselves

"""`orgaudit audit` keeps answers safe from its own kind: two sessions on one file (a real lock
between real processes), a killed session, a full disk or a file-size limit (real faults), and
bytes that are not UTF-8 typed at a prompt (a real pseudo-terminal)."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pexpect

from orgaudit.answers import load_answers

from .test_audit_support import ORGAUDIT, default_rubric, plain_env, plan

RUBRIC = default_rubric()
STEPS = plan(RUBRIC)


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        str(ORGAUDIT),
        ["audit", "--org", "Acme", "-o", str(tmp_path / "acme.yaml"), *args],
        env=plain_env(TERM="dumb", NO_COLOR="1"),
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 100),
    )


def run(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A scripted session in another process, its output and exit code."""
    return subprocess.run(
        [str(ORGAUDIT), "audit", "-o", str(tmp_path / "acme.yaml"), *args],
        input=text,
        capture_output=True,
        text=True,
        env=plain_env(TERM="dumb"),
        cwd=tmp_path,
        timeout=30,
    )


def saved(tmp_path: Path) -> dict[str, object]:
    answers, _ = load_answers(tmp_path / "acme.yaml", RUBRIC)
    return {k: a.value for k, a in answers.answers.items()}


def end(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return int(child.exitstatus)


# --- 1. one session per answers file -----------------------------------------------------------


def test_a_second_session_on_the_same_file_is_refused_at_once(tmp_path: Path) -> None:
    first = spawn(tmp_path)
    first.expect_exact("> ")
    first.sendline(STEPS[0].typed)
    first.expect_exact("Evidence (")
    first.sendline("")
    first.expect_exact("> ")  # the first answer is saved; the session is still running

    second = run(tmp_path, "2\n\nq\n")
    assert second.returncode == 2
    lines = second.stderr.splitlines()
    assert len(lines) == 1, second.stderr
    assert str(tmp_path / "acme.yaml") in lines[0]
    assert "another `orgaudit audit` session" in lines[0]
    assert "Traceback" not in second.stderr + second.stdout
    assert "1/" not in second.stdout  # refused before any question

    first.sendline("q")
    first.expect_exact("Saved 1 answer to")
    assert end(first) == 0
    assert saved(tmp_path) == {STEPS[0].criterion.id: STEPS[0].value}
    assert not (tmp_path / ".acme.yaml.lock").exists()

    # once the first session is over, the file can be continued
    again = run(tmp_path, "q\n")
    assert again.returncode == 0, again.stderr
    assert "Resuming Acme: 1 of" in again.stdout


def test_a_killed_session_does_not_block_the_next(tmp_path: Path) -> None:
    first = spawn(tmp_path)
    first.expect_exact("> ")
    first.sendline(STEPS[0].typed)
    first.expect_exact("Evidence (")
    first.sendline("")
    first.expect_exact("> ")
    first.kill(signal.SIGKILL)
    first.expect(pexpect.EOF)
    first.close()
    assert first.signalstatus == signal.SIGKILL
    assert (tmp_path / ".acme.yaml.lock").exists()  # left behind, but no longer locked

    second = run(tmp_path, "q\n")
    assert second.returncode == 0, second.stderr
    assert "Resuming Acme: 1 of" in second.stdout
    assert saved(tmp_path) == {STEPS[0].criterion.id: STEPS[0].value}

"""SIGKILL at random moments of a scripted `orgaudit audit`: the answers file always loads, and
every answer whose save had completed before the kill is in it.

The whole script is on standard input from the start, so the process spends its time answering
and saving, which is where a kill can hurt. A progress header ("12/49 · ...") is printed, and
flushed, only after the previous answer's save returned: the headers in the output captured up
to the kill say which answers were confirmed.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from orgaudit.answers import load_answers

from .test_audit_support import HEADER, ORGAUDIT, acme_args, default_rubric, plain_env, plan, script

RUBRIC = default_rubric()
STEPS = plan(RUBRIC)
KILLS = 60


def start(folder: Path) -> subprocess.Popen[bytes]:
    (folder / "input.txt").write_text(script(STEPS))
    with (folder / "input.txt").open("rb") as stdin, (folder / "output.txt").open("wb") as out:
        return subprocess.Popen(
            [str(ORGAUDIT), *acme_args(folder / "acme.yaml")],
            stdin=stdin,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=plain_env(TERM="dumb"),
            cwd=folder,
        )


def wait_for_first_question(folder: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and process.poll() is None:
        if HEADER.search((folder / "output.txt").read_text()):
            return
        time.sleep(0.002)


def session_seconds(folder: Path) -> float:
    """How long a whole scripted session takes once its first question is up."""
    process = start(folder)
    wait_for_first_question(folder, process)
    began = time.monotonic()
    assert process.wait(timeout=30) == 0, (folder / "output.txt").read_text()
    return time.monotonic() - began


def confirmed(output: str) -> int:
    """How many scripted answers had been saved when the output stopped."""
    if "Render the report with" in output:
        return len(STEPS)
    headers = len(HEADER.findall(output))
    return max(0, headers - 1)


def kill_once(folder: Path, delay: float, early: bool) -> tuple[int, int]:
    """Kill `delay` seconds after the first question is up (after the start when `early`);
    returns (answers confirmed, answers in the file)."""
    folder.mkdir()
    process = start(folder)
    if not early:
        wait_for_first_question(folder, process)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    output = (folder / "output.txt").read_text()
    done = confirmed(output)
    path = folder / "acme.yaml"
    if not path.exists():
        assert done == 0, output
        return 0, 0
    answers, warnings = load_answers(path, RUBRIC)  # raises if the file were damaged
    assert warnings == []
    values = {k: a.value for k, a in answers.answers.items()}
    for step in STEPS[:done]:
        assert values.get(step.criterion.id) == step.value, (step.criterion.id, output[-500:])
    expected = {s.criterion.id: s.value for s in STEPS}
    assert all(expected[k] == v for k, v in values.items())
    return done, len(values)


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_a_confirmed_answer(tmp_path: Path) -> None:
    (tmp_path / "reference").mkdir()
    seconds = session_seconds(tmp_path / "reference")
    rng = random.Random(1917)  # seeded: a failure can be replayed
    # a few kills while the program starts, the rest anywhere in the session (run in parallel,
    # so sessions are slower than the reference: the spread reaches past its end)
    trials = [(i, rng.uniform(0.0, 0.4), True) for i in range(KILLS // 10)]
    trials += [(i, rng.uniform(0.0, seconds * 1.1), False) for i in range(KILLS // 10, KILLS)]
    results: list[tuple[int, int]] = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        results += pool.map(lambda t: kill_once(tmp_path / f"kill-{t[0]}", t[1], t[2]), trials)
        # the kills must land in the middle of sessions for the test to mean anything: when the
        # machine's speed made too many land after the end, aim more within the session
        extra = len(trials)
        while sum(1 for r in results if 0 < r[0] < len(STEPS)) < KILLS // 3 and extra < 3 * KILLS:
            batch = [(extra + i, rng.uniform(0.0, seconds * 0.8), False) for i in range(10)]
            extra += len(batch)
            results += pool.map(lambda t: kill_once(tmp_path / f"kill-{t[0]}", t[1], t[2]), batch)
    assert len(results) >= KILLS
    middle = [r for r in results if 0 < r[0] < len(STEPS)]
    assert len(middle) >= KILLS // 3, results
    # saving is ahead of the output: the file may hold one answer more than was confirmed
    assert all(done <= held <= done + 1 for done, held in results), results

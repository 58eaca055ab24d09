"""Scoring on several cores: the same bytes as one core, errors in their place, Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from orgaudit import aggregate
from orgaudit.batch import CHUNK, Batch, usable_cores
from orgaudit.cli import main
from orgaudit.errors import OrgauditError
from orgaudit.scoring import Scorecard

from .conftest import DATA

MINI = DATA / "respondents" / "mini"
RUBRIC = DATA / "respondents" / "mini-rubric.yaml"


def _corpus(folder: Path, copies: int, bad: bool = True) -> Path:
    """Enough files for several worker chunks: seven organizations, five respondents each."""
    folder.mkdir()
    for i in range(copies):
        for source in sorted(MINI.glob("*.yaml")):
            text = source.read_text(encoding="utf-8").replace("Mini League", f"League {i % 7}")
            (folder / f"{i:03d}-{source.name}").write_text(text, encoding="utf-8")
    if bad:
        (folder / "050-broken.yaml").write_text("organization: [unclosed\n", encoding="utf-8")
    return folder


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "-r", str(RUBRIC)])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _corpus(tmp_path_factory.mktemp("jobs") / "answers", copies=30)
    assert len(list(folder.glob("*.yaml"))) > 2 * CHUNK  # the workers do get used
    return folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("jobs") / "clean", copies=30, bad=False)


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--format", "csv"],
        ["score", "--format", "csv", "--separate"],
        ["score", "--format", "json", "--separate"],
        ["score", "--format", "json"],
        ["compare", "--format", "csv"],
        ["score", "--separate", "--format", "csv", "--require-complete", "--fail-under", "60"],
        ["score", "--format", "json", "--require-complete", "--fail-under", "60"],
        ["score", "--separate", "--require-complete", "--fail-under", "60"],
    ],
    ids=[
        "pooled-csv",
        "separate-csv",
        "separate-json",
        "pooled-json",
        "compare",
        "separate-checks",
        "pooled-checks",
        "table-checks",
    ],
)
def test_same_bytes_on_one_and_several_cores(corpus: Path, clean: Path, args: list[str]) -> None:
    folder = clean if args[0] == "compare" else corpus  # compare stops at a bad file
    one, two = _run(*args, str(folder), "-j", "1"), _run(*args, str(folder), "-j", "2")
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr
    assert one.exit_code == two.exit_code


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_pooled_groups_split_over_the_workers_give_the_same_bytes(
    corpus: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Groups larger than one worker takes whole are scored in chunks on every core and pooled
    in the main process: the same bytes as one core, and as groups pooled in the workers."""
    whole = _run("score", "--format", fmt, str(corpus), "-j", "2")
    monkeypatch.setattr(aggregate, "WHOLE_GROUP", 4)
    one, two = (
        _run("score", "--format", fmt, str(corpus), "-j", "1"),
        _run("score", "--format", fmt, str(corpus), "-j", "2"),
    )
    assert one.stdout == two.stdout == whole.stdout and one.stdout
    assert one.stderr == two.stderr == whole.stderr
    assert one.exit_code == two.exit_code == whole.exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_grouping_hints_read_on_every_core_group_as_on_one(
    corpus: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files' grouping hints are read in chunks on every core: the same groups, in the
    same order, as one core (the broken file's error in its place)."""
    one = _run("score", "--format", fmt, str(corpus), "-j", "1")
    calls: list[str] = []
    run_tasks = Batch.map_tasks

    def counted(self: Batch, task: object, items: object) -> object:
        calls.append(getattr(task, "__name__", ""))
        return run_tasks(self, task, items)  # type: ignore[arg-type]

    monkeypatch.setattr(aggregate, "HINT_CHUNK", 16)
    monkeypatch.setattr(Batch, "map_tasks", counted)
    two = _run("score", "--format", fmt, str(corpus), "-j", "2")
    assert calls == ["_hint_task", "_pool_task"]  # the hints did go to the workers
    assert one.stdout == two.stdout and one.stdout.count("League") >= 7
    assert one.stderr == two.stderr and one.exit_code == two.exit_code == 2


def test_pooled_one_group_on_several_cores(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    for i in range(80):
        for source in sorted(MINI.glob("*.yaml")):
            (folder / f"{i:03d}-{source.name}").write_bytes(source.read_bytes())
    one, two = (
        _run("score", "--format", "json", str(folder), "-j", "1"),
        _run("score", "--format", "json", str(folder), "-j", "2"),
    )
    assert one.stdout == two.stdout and '"count": 400' in one.stdout
    assert one.exit_code == two.exit_code == 0


def test_pooling_stops_at_the_first_bad_file_without_keep_going(corpus: Path) -> None:
    """`aggregate_files` (compare) stops at a bad file with its error, on one core or several."""
    from orgaudit.aggregate import aggregate_files

    for jobs in (1, 2):
        with pytest.raises(OrgauditError) as caught:
            aggregate_files([corpus], rubric_path=RUBRIC, jobs=jobs)
        assert "050-broken.yaml" in str(caught.value.lines())


def test_a_bad_file_is_reported_in_its_place(corpus: Path) -> None:
    result = _run("score", "--format", "csv", "--separate", str(corpus), "-j", "2")
    assert result.exit_code == 2
    assert "050-broken.yaml" in result.stderr and result.stderr.count("orgaudit:") == 1
    assert len(result.stdout.splitlines()) == 1 + len(list(corpus.glob("*.yaml"))) - 1


def test_workers_use_rubrics_given_on_the_command_line(corpus: Path) -> None:
    batch = Batch(RUBRIC, jobs=2)
    cards = list(batch.iter_scores(sorted(corpus.glob("0[0-2]*.yaml"))))
    assert len(cards) == 150 and {c.rubric_id for c in cards} == {"mini-democracy"}


def _where_scored(card: Scorecard) -> tuple[int, str]:
    return os.getpid(), card.source


def test_then_runs_where_each_file_is_scored(corpus: Path) -> None:
    """`iter_scores(files, then=f)`: f(card) made in the worker, in input order, bad files
    recorded as errors, as without `then`."""
    files = sorted(corpus.glob("*.yaml"))
    one, two = Batch(RUBRIC, jobs=1), Batch(RUBRIC, jobs=2)
    here = list(one.iter_scores(files, then=_where_scored))
    there = list(two.iter_scores(files, then=_where_scored))
    assert [source for _, source in there] == [source for _, source in here]
    assert [c.source for c in Batch(RUBRIC, jobs=2).iter_scores(files)] == [s for _, s in here]
    assert {pid for pid, _ in here} == {os.getpid()}
    assert os.getpid() not in {pid for pid, _ in there}
    assert one.errors == two.errors and "050-broken.yaml" in two.errors[0]


def test_usable_cores_follow_the_affinity_mask() -> None:
    assert usable_cores() == len(os.sched_getaffinity(0))


@pytest.mark.slow
@pytest.mark.parametrize("layout", [["--separate"], []], ids=["separate", "pooled"])
def test_ctrl_c_stops_every_worker_and_exits_130(tmp_path: Path, layout: list[str]) -> None:
    folder = _corpus(tmp_path / "many", copies=400, bad=False)
    script = "import sys; from orgaudit.cli import main; sys.exit(main())"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            "score",
            *layout,
            "--format",
            "csv",
            "-j",
            "2",
            "-r",
            str(RUBRIC),
            str(folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # the header: scoring has begun
    proc.stdout.readline()
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: to the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    leftover = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""

"""Outputs never destroy inputs or other files (issue 12 items 5-8): same-file refusal, only
regular targets, one atomic writer with sensible modes, clean interruption, honest exit codes."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit import fileout
from orgaudit.cli import main
from orgaudit.errors import OrgauditError
from orgaudit.yamlio import atomic_write_text

from .conftest import MINI, ROOT


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("rubric.yaml", "healthy.yaml", "opaque.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def one_line_error(code: int, output: str) -> str:
    assert code == 2, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.startswith("orgaudit: ")]
    assert len(lines) == 1, output
    return lines[0]


# --- item 5: an output that is an input ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "html", "json", "md"])
@pytest.mark.parametrize("name", ["healthy.yaml", "./healthy.yaml", "hard-link.yaml"])
def test_report_refuses_to_write_over_its_input(mini: Path, fmt: str, name: str) -> None:
    os.link(mini / "healthy.yaml", mini / "hard-link.yaml")
    before = (mini / "healthy.yaml").read_bytes()
    code, out = run("report", "healthy.yaml", "-r", "rubric.yaml", "-o", name, "--format", fmt)
    assert "is also an input" in one_line_error(code, out)
    assert (mini / "healthy.yaml").read_bytes() == before


def test_report_refuses_to_write_over_its_rubric(mini: Path) -> None:
    before = (mini / "rubric.yaml").read_bytes()
    code, out = run("report", "healthy.yaml", "-r", "rubric.yaml", "-o", "rubric.yaml")
    assert "is also an input" in one_line_error(code, out)
    assert (mini / "rubric.yaml").read_bytes() == before


@pytest.mark.parametrize("fmt", ["pdf", "html", "json", "csv"])
def test_compare_refuses_to_write_over_an_input(mini: Path, fmt: str) -> None:
    before = (mini / "opaque.yaml").read_bytes()
    code, out = run(
        "compare", "healthy.yaml", "opaque.yaml", "-r", "rubric.yaml", "-o", "opaque.yaml",
        "--format", fmt,
    )  # fmt: skip
    assert "is also an input" in one_line_error(code, out)
    assert (mini / "opaque.yaml").read_bytes() == before


# --- item 6: only regular files are replaced -------------------------------------------------


def test_a_device_node_is_refused_not_replaced(mini: Path) -> None:
    code, out = run(
        "report", "healthy.yaml", "-r", "rubric.yaml", "-o", os.devnull, "--format", "json"
    )
    assert "is a character device, not a file" in one_line_error(code, out)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_named_pipe_as_output_is_refused_at_once(mini: Path) -> None:
    os.mkfifo(mini / "pipe")
    code, out = run("report", "healthy.yaml", "-r", "rubric.yaml", "-o", "pipe", "--format", "json")
    assert "is a named pipe, not a file" in one_line_error(code, out)


def test_a_symlink_is_followed_and_stays_a_link(mini: Path) -> None:
    (mini / "real.json").write_text("old")
    (mini / "link.json").symlink_to("real.json")
    code, out = run(
        "report", "healthy.yaml", "-r", "rubric.yaml", "-o", "link.json", "--format", "json"
    )
    assert code == 0, out
    assert (mini / "link.json").is_symlink()
    assert (mini / "real.json").read_text().startswith("{")


def test_a_dangling_symlink_is_refused(mini: Path) -> None:
    (mini / "link.json").symlink_to("/nonexistent/elsewhere.json")
    code, out = run(
        "report", "healthy.yaml", "-r", "rubric.yaml", "-o", "link.json", "--format", "json"
    )
    assert "symbolic link to nothing" in one_line_error(code, out)
    assert (mini / "link.json").is_symlink()


def test_a_folder_where_the_report_goes_is_one_line(mini: Path) -> None:
    (mini / "out" / "healthy-club.json").mkdir(parents=True)
    code, out = run("report", "healthy.yaml", "-r", "rubric.yaml", "-o", "out", "--format", "json")
    assert "is a folder, not a file" in one_line_error(code, out)


def test_a_file_where_the_folder_goes_is_one_line(mini: Path) -> None:
    (mini / "afile").write_text("keep me")
    code, out = run(
        "report", "healthy.yaml", "-r", "rubric.yaml", "-o", "afile/x.json", "--format", "json"
    )
    one_line_error(code, out)
    assert (mini / "afile").read_text() == "keep me"


def test_an_existing_file_as_the_output_of_several_reports(mini: Path) -> None:
    (mini / "one.txt").write_text("keep me")
    code, out = run(
        "report", "healthy.yaml", "opaque.yaml", "-r", "rubric.yaml", "--separate",
        "-o", "one.txt", "--format", "json",
    )  # fmt: skip
    assert "need a folder" in one_line_error(code, out)
    assert (mini / "one.txt").read_text() == "keep me"


def test_a_trailing_slash_means_a_folder(mini: Path) -> None:
    code, out = run(
        "report", "healthy.yaml", "-r", "rubric.yaml", "-o", "reports/", "--format", "json"
    )
    assert code == 0, out
    assert (mini / "reports").is_dir()
    assert [p.suffix for p in (mini / "reports").iterdir()] == [".json"]


def test_a_write_failure_is_an_orgaudit_error(tmp_path: Path) -> None:
    with pytest.raises(OrgauditError, match="does not exist"):
        fileout.write_text(tmp_path / "missing" / "x.txt", "x")
    with pytest.raises(OrgauditError, match="not a file"):
        fileout.write_text(f"{tmp_path}/dir/", "x")


# --- item 7: one writer, sensible modes ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "html", "pdf"])
def test_new_reports_follow_the_umask(mini: Path, fmt: str) -> None:
    old = os.umask(0o027)
    try:
        code, out = run(
            "report", "healthy.yaml", "-r", "rubric.yaml", "-o", f"r.{fmt}", "--format", fmt
        )
    finally:
        os.umask(old)
    assert code == 0, out
    assert stat.S_IMODE(os.stat(mini / f"r.{fmt}").st_mode) == 0o640


def test_writing_over_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("a: 1\n")
    os.chmod(target, 0o640)
    atomic_write_text(target, "a: 2\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "a: 2\n"
    fileout.write_text(target, "a: 3\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_answers_file_stays_private(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "new.yaml", "a: 1\n")
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o600


# --- item 8: interruptions and broken pipes ---------------------------------------------------

_SLOW_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from orgaudit import fileout
    real_fsync = os.fsync
    def slow_fsync(fd):
        print("writing", flush=True)
        time.sleep(30)
    os.fsync = slow_fsync
    fileout.write_bytes(sys.argv[1], b"x" * 100000)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, -15), (signal.SIGINT, -2)])
def test_a_signal_while_writing_leaves_no_temporary_file(
    tmp_path: Path, signum: int, code: int
) -> None:
    target = tmp_path / "report.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        # SIGINT must reach the child even when pytest runs with it ignored (a background job,
        # nohup, some CI runners): a child inherits an ignored SIGINT otherwise.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"writing\n"
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    proc.send_signal(signum)
    assert proc.wait(timeout=20) == code
    proc.stdout.close()
    assert list(tmp_path.iterdir()) == []


def test_a_broken_pipe_keeps_the_findings_exit_code(tmp_path: Path) -> None:
    rubric = tmp_path / "bad.yaml"
    text = (MINI / "rubric.yaml").read_text()
    rubric.write_text(text + "sources:\n  - {id: s, title: S, path: missing.txt}\n")
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "orgaudit", "rubric", "validate", str(rubric)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # `| head -0`
    assert proc.wait(timeout=60) == 1
    assert proc.stderr.read() == b""
    proc.stderr.close()
    assert time.monotonic() - start < 60


# --- real read-only and full filesystems (where the machine lets us mount a small tmpfs) -------


@pytest.fixture
def small_mount(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount a tiny tmpfs with the given options (root only; skipped elsewhere)."""
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(point)
        return point

    try:
        yield mount
    finally:
        for point in mounted:
            subprocess.run(["umount", str(point)], check=False)


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root")
def test_a_read_only_folder_is_one_line(mini: Path, small_mount: Callable[[str], Path]) -> None:
    point = small_mount("size=64k,ro")
    for target in (point / "x.json", point / "sub" / "x.json"):
        code, out = run(
            "report", "healthy.yaml", "-r", "rubric.yaml", "-o", str(target), "--format", "json"
        )
        assert "Read-only file system" in one_line_error(code, out)


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root")
def test_a_full_disk_is_one_line_and_leaves_nothing(
    mini: Path, small_mount: Callable[[str], Path]
) -> None:
    point = small_mount("size=16k")
    code, out = run("report", "healthy.yaml", "-r", "rubric.yaml", "-o", str(point / "x.pdf"))
    assert "No space left on device" in one_line_error(code, out)
    assert list(point.iterdir()) == []


@pytest.mark.slow
def test_sigterm_during_a_pdf_report_leaves_no_temporary_file(mini: Path) -> None:
    """The PDF is rendered in memory and written in one step: killed at any moment, the folder
    holds the whole report or nothing (it used to keep a partial `.NAME.*.tmp`)."""
    out = mini / "out"
    out.mkdir()

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "orgaudit", "report", "healthy.yaml", "-r", "rubric.yaml",
             "-o", str(out / "r.pdf")],
            cwd=mini,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip

    began = time.monotonic()
    assert start().wait(timeout=120) == 0
    whole = time.monotonic() - began
    (out / "r.pdf").unlink()
    for fraction in (0.6, 0.75, 0.9):  # while WeasyPrint renders
        proc = start()
        time.sleep(whole * fraction)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
        assert [p.name for p in out.iterdir() if p.name != "r.pdf"] == []

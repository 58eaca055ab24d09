"""The bad-input corpus: every broken rubric and answers file gives its exact message, never a crash.

Cases live in tests/data/bad/{rubrics,answers}/: `<case>.yaml` (or other bytes) beside
`<case>.expect`, a small YAML file saying what the command must print and how it must exit. A new
case is a new pair of files. Keys of an `.expect` file:

    exit: 2                       # the exit code
    line: 5                       # the line named in the first message (null: the file as a
                                  # whole; absent: the message names no file, as for a folder)
    stderr: "orgaudit: {file}:5: ..."   # standard error, exactly (one line for exit 2)
    stdout: |                     # standard output, exactly (the findings, for exit 1)
      {file}:5: $.path: message
    args: [--allow-rubric-change] # extra command-line arguments
    setup: directory              # the case file is made at test time: directory, missing,
                                  # unreadable, too-large, rubric-changed
    max_seconds: 2                # must be answered this fast (alias bombs, huge files)
    marker: /tmp/name             # a file the input tries to create; it must not exist afterwards
    xfail: "why"                  # a known bug in a module this corpus does not own

Placeholders: {file} the path given to the command, {version} the default rubric's version,
{bundled} the bundled rubric ids, {default_rubric} the default rubric's path.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from orgaudit.cli import main
from orgaudit.rubric import bundled_rubrics, default_rubric_path, load_rubric

BAD = Path(__file__).resolve().parent / "data" / "bad"
BIG_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    kind: str  # "rubrics" or "answers"
    name: str
    expect: dict[str, Any]
    data: Path | None  # None when `setup` makes the file

    def __str__(self) -> str:
        return f"{self.kind}/{self.name}"


def discover(kind: str) -> list[Any]:
    """One pytest param per `<case>.expect`; a case with `xfail` is a strict expected failure."""
    params = []
    for expect_path in sorted((BAD / kind).glob("*.expect")):
        name = expect_path.stem
        expect = yaml.safe_load(expect_path.read_text("utf-8"))
        assert isinstance(expect, dict), f"{expect_path}: not a mapping"
        siblings = [p for p in expect_path.parent.glob(f"{name}.*") if p.suffix != ".expect"]
        data = siblings[0] if len(siblings) == 1 else None
        if data is None:
            assert "setup" in expect, f"{expect_path}: no case file and no setup"
        case = Case(kind, name, expect, data)
        marks = []
        if "xfail" in expect:
            marks.append(pytest.mark.xfail(strict=True, reason=str(expect["xfail"])))
        params.append(pytest.param(case, id=name, marks=marks))
    return params


RUBRIC_CASES = discover("rubrics")
ANSWERS_CASES = discover("answers")


def test_corpus_is_large_enough() -> None:
    assert len(RUBRIC_CASES) >= 25
    assert len(ANSWERS_CASES) >= 25


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def _readable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return True
    except PermissionError:
        return False


def prepare(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The path to hand to the command, making the file first when the case says how."""
    setup = case.expect.get("setup")
    if setup is None:
        assert case.data is not None
        return case.data
    target = tmp_path / f"{case.name}.yaml"
    valid = BAD / case.kind / "_valid.yaml"
    if setup == "directory":
        target.mkdir()
    elif setup == "missing":
        pass
    elif setup == "too-large":
        chunk = b"# " + b"x" * (1024 * 1024 - 3) + b"\n"
        with target.open("wb") as handle:
            for _ in range(BIG_BYTES // len(chunk)):
                handle.write(chunk)
            handle.write(b"#" * (BIG_BYTES % len(chunk)))
        assert target.stat().st_size == BIG_BYTES
    elif setup == "unreadable":
        shutil.copyfile(valid, target)
        target.chmod(0)
        if _readable(target):
            # Running as root (CAP_DAC_OVERRIDE): mode 000 does not stop reading. Make the
            # kernel's answer happen anyway, for this one path, where orgaudit opens it.
            original = Path.open

            def refusing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
                if self == target:
                    raise PermissionError(13, "Permission denied", str(self))
                return original(self, *args, **kwargs)

            monkeypatch.setattr(Path, "open", refusing_open)
            os_open = os.open

            def refusing_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
                if Path(path) == target:
                    raise PermissionError(13, "Permission denied", str(path))
                return os_open(path, *args, **kwargs)

            monkeypatch.setattr(os, "open", refusing_os_open)
            assert not _readable(target)
    elif setup == "rubric-changed":
        rubric = load_rubric()
        hashes = dict(rubric.criterion_hashes)
        hashes["committee-election"] = "000000000000"
        text = valid.read_text("utf-8").replace(
            '  version: "1.0.0"\n',
            f'  version: "{rubric.version}"\n  hash: "sha256:{"0" * 64}"\n  criteria:\n'
            + "".join(f"    {cid}: {h}\n" for cid, h in hashes.items()),
        )
        target.write_text(text, "utf-8")
    else:
        raise AssertionError(f"{case}: unknown setup {setup!r}")
    return target


@functools.cache
def default_version() -> str:
    return load_rubric().version


def fill(text: str, path: Path) -> str:
    return (
        text.replace("{file}", str(path))
        .replace("{version}", default_version())
        .replace("{bundled}", ", ".join(sorted(bundled_rubrics())))
        .replace("{default_rubric}", str(default_rubric_path()))
    )


def lines(text: str) -> list[str]:
    return text.splitlines()


def run_case(case: Case, command: list[str], path: Path, cli: CliRunner) -> Result:
    expect = case.expect
    marker = Path(expect["marker"]) if "marker" in expect else None
    if marker is not None:
        marker.unlink(missing_ok=True)
    args = [*command, str(path), *(fill(a, path) for a in expect.get("args", []))]
    started = time.perf_counter()
    result = cli.invoke(main, args, catch_exceptions=True)
    elapsed = time.perf_counter() - started

    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if "max_seconds" in expect:
        assert elapsed < expect["max_seconds"], f"took {elapsed:.2f} s"
    if marker is not None:
        assert not marker.exists(), "the input ran a command"
    assert (result.exit_code, lines(result.stderr)) == (
        expect["exit"],
        lines(fill(expect.get("stderr", ""), path)),
    )
    if "stdout" in expect:
        assert lines(result.stdout) == lines(fill(expect["stdout"], path))
    elif expect["exit"] != 0:
        assert result.stdout == ""
    if "line" in expect:
        first = (result.stdout if expect["exit"] == 1 else result.stderr).splitlines()[0]
        line = expect["line"]
        where = f"{path}:{line}: " if line is not None else f"{path}: "
        assert where in first, f"{where!r} not in {first!r}"
    return result


@pytest.mark.parametrize("case", RUBRIC_CASES)
def test_bad_rubric(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: CliRunner
) -> None:
    """`orgaudit rubric validate`: exit 2 when unreadable, 1 with findings, each at its line."""
    path = prepare(case, tmp_path, monkeypatch)
    run_case(case, ["rubric", "validate"], path, cli)


@pytest.mark.parametrize("case", ANSWERS_CASES)
def test_bad_answers(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: CliRunner
) -> None:
    """`orgaudit score`: exit 2 and one line naming file and line, against the default rubric."""
    path = prepare(case, tmp_path, monkeypatch)
    run_case(case, ["score"], path, cli)


@pytest.mark.parametrize("kind", ["rubrics", "answers"])
def test_valid_base_is_valid(kind: str, cli: CliRunner) -> None:
    """The cases are small edits of `_valid.yaml`; it must pass, so each case fails for its edit."""
    valid = BAD / kind / "_valid.yaml"
    command = ["rubric", "validate"] if kind == "rubrics" else ["score"]
    result = cli.invoke(main, [*command, str(valid)])
    assert result.exit_code == 0, result.output


def _rubric_case_paths() -> Iterator[Any]:
    for param in RUBRIC_CASES:
        case: Case = param.values[0]
        if case.data is not None and not case.expect.get("xfail"):
            yield pytest.param(case.data, id=case.name)


@pytest.mark.parametrize("rubric_path", list(_rubric_case_paths()))
def test_template_with_bad_rubric_writes_nothing(
    rubric_path: Path, tmp_path: Path, cli: CliRunner
) -> None:
    """`orgaudit template --rubric BAD -o FILE` fails before touching FILE, new or existing."""
    new = tmp_path / "new.yaml"
    result = cli.invoke(main, ["template", "--rubric", str(rubric_path), "-o", str(new)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"orgaudit: {rubric_path}")
    assert not new.exists()
    existing = tmp_path / "existing.yaml"
    existing.write_bytes(b"organization: Mine\n")
    result = cli.invoke(main, ["template", "--rubric", str(rubric_path), "-o", str(existing)])
    assert result.exit_code == 2
    assert existing.read_bytes() == b"organization: Mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.yaml"]


def test_template_refuses_to_overwrite(tmp_path: Path, cli: CliRunner) -> None:
    existing = tmp_path / "mine.yaml"
    content = b"organization: Mine\nanswers:\n  idea-source: 4\n"
    existing.write_bytes(content)
    before = existing.stat()
    result = cli.invoke(main, ["template", "-o", str(existing)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"orgaudit: {existing}: already exists; choose another name or delete it first\n"
    )
    assert existing.read_bytes() == content
    assert existing.stat().st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]


def test_template_into_missing_folder_is_one_line(tmp_path: Path, cli: CliRunner) -> None:
    """A folder that does not exist: one line and exit 2, no traceback, nothing created."""
    target = tmp_path / "no-such-folder" / "out.yaml"
    result = cli.invoke(main, ["template", "-o", str(target)])
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert not target.parent.exists()


def test_unreadable_really_is_unreadable_when_not_root(tmp_path: Path) -> None:
    """Without root, mode 000 alone must make orgaudit say "permission denied"."""
    if os.geteuid() == 0:
        pytest.skip("running as root: mode 000 does not stop root from reading")
    target = tmp_path / "locked.yaml"
    target.write_text("organization: x\n")
    target.chmod(0)
    try:
        result = CliRunner().invoke(main, ["score", str(target)])
        assert result.exit_code == 2
        assert result.stderr == (
            f"orgaudit: {target}: permission denied (check the file's permissions)\n"
        )
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)

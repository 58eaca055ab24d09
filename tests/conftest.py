"""Shared fixtures: paths to the bundled rubrics and test data, a CLI runner, and the expensive
artifacts several test files read: a wheel built from this checkout, its install with --target,
and `orgaudit demo` (five PDFs) run from that install. Tests using the last three are marked
`xdist_group("demo")`, so that under `make test` (--dist loadgroup) one worker makes each once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DEFAULT_RUBRIC = ROOT / "rubrics" / "org-democracy.yaml"
FREEDOM_RUBRIC = ROOT / "rubrics" / "freedom-in-the-world.yaml"
MINI = DATA / "mini"

#: the demo's example in its --help, run by `demo_run`
DEMO_EXAMPLE = "orgaudit demo -o reports"
#: `orgaudit ARGS` in a fresh Python that imports orgaudit from wherever sys.path finds it
CLI = "import sys; from orgaudit.cli import main; sys.argv = ['orgaudit', *{args!r}]; main()"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_python(
    python: str, code: str, cwd: Path, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `code` away from the checkout, with only `path` (if any) added to sys.path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if path is not None:
        env["PYTHONPATH"] = str(path)
    return subprocess.run(
        [python, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def run_installed(target: Path, args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`orgaudit ARGS` from the package installed into `target`, nothing of the checkout."""
    return run_python(sys.executable, CLI.format(args=list(args)), cwd, target)


#: what a wheel is not built from
NOT_SOURCES = (".git", ".venv", "build", "reports", "tests", "docs", "bench", ".*", "__pycache__")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built by pip from a copy of this checkout's sources (pip builds in the source
    folder: a copy keeps build/ out of the checkout, and two runs from racing there)."""
    source = tmp_path_factory.mktemp("source") / "orgaudit"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES, "*.egg-info"))
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = out.glob("orgaudit-*.whl")
    return wheel


@pytest.fixture(scope="session")
def target_install(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed with `pip install --target`: a folder to put on sys.path."""
    target = tmp_path_factory.mktemp("target") / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
    done = subprocess.run(
        [*pip, "--target", str(target), str(wheel)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return target


@pytest.fixture(scope="session")
def demo_run(
    target_install: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`orgaudit demo -o reports` (the demo's --help example) run as printed in an empty folder
    outside the checkout, by the package installed from the wheel: the folder (its reports in
    `reports/`) and the finished process. One run serves the demo's tests, its example's and
    the install's."""
    folder = tmp_path_factory.mktemp("demo")
    words = DEMO_EXAMPLE.split()
    return folder, run_installed(target_install, words[1:], folder)


def _rank(items: list[pytest.Item]) -> int:
    """0 for a module sharing the demo's run, 1 for one with slow or browser tests, else 2."""
    if any(m.args == ("demo",) for i in items for m in i.iter_markers("xdist_group")):
        return 0
    slow = any(i.get_closest_marker("slow") or i.get_closest_marker("browser") for i in items)
    return 1 if slow else 2


#: a module caching one render per case for the tests of that case
CACHED_PER_CASE = {"tests/test_report_stress.py": ("rendered", "name")}


def _shared_group(item: pytest.Item, module: str) -> str | None:
    """The xdist group a test joins so that what it shares is made once, on one worker: its
    module's name when it uses a module-scoped fixture, its case in CACHED_PER_CASE."""
    if module in CACHED_PER_CASE:
        params = getattr(getattr(item, "callspec", None), "params", {})
        case = next((params[p] for p in CACHED_PER_CASE[module] if p in params), None)
        return None if case is None else f"{module}:{case}"
    info = getattr(item, "_fixtureinfo", None)
    defs = getattr(info, "name2fixturedefs", {})
    shared = any(d.scope in ("module", "class", "package") for ds in defs.values() for d in ds)
    return module if shared else None


def _name_groups(items: list[pytest.Item]) -> None:
    """What `--dist loadgroup` does: a test's xdist_group names become a `@name` suffix of its
    node id, which the scheduler reads. pytest-xdist 3.8 writes them to `item._nodeid`, which
    pytest 9.2 no longer reads (a node's id is `item._id`), so the groups were silently split
    across workers; this writes the id pytest reads."""
    from _pytest.nodeid import NodeId

    for item in items:
        names = {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
        if names and "@" not in item.nodeid.rpartition("]")[2]:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(names))}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long tests first, so that under xdist they start at once instead of ending the run
    alone. Whole modules move, in their own order, so that a module's fixtures are still
    made once in a run on one core; under xdist, the tests sharing a module's fixture, or
    a cached render, go to one worker (_shared_group)."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        modules.setdefault(module, []).append(item)
        group = _shared_group(item, module)
        if group is not None and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))
    ordered = sorted(modules.values(), key=_rank)  # stable: collection order within a rank
    items[:] = [item for module in ordered for item in module]
    if getattr(config.option, "loadgroup", False) and hasattr(items[0] if items else None, "_id"):
        _name_groups(items)


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    """Each test starts in the language the one before it started in: a command run with
    `--lang fa` in this process must not leave Persian on for the next test on this worker."""
    from orgaudit import i18n

    saved = i18n._language, i18n._chosen_by
    yield
    i18n._language, i18n._chosen_by = saved

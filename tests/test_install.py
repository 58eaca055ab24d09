"""A built wheel carries the bundled rubrics and samples and runs outside any checkout:
installed with --target, into a fresh virtual environment, and from a zip."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("orgaudit-*.whl")
    return built


def _run(
    python: str, code: str, cwd: Path, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `code` away from the checkout, with only `path` (if any) added to sys.path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if path is not None:
        env["PYTHONPATH"] = str(path)
    return subprocess.run(
        [python, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


CLI = "import sys; from orgaudit.cli import main; sys.argv = ['orgaudit', *{args!r}]; main()"


def test_target_install_runs_the_demo(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    assert (target / "orgaudit" / "bundled" / "rubrics" / "org-democracy.yaml").is_file()
    out = tmp_path / "reports"
    result = _run(sys.executable, CLI.format(args=["demo", "-o", str(out)]), tmp_path, target)
    assert result.returncode == 0, result.stderr
    assert (
        str(target)
        in _run(
            sys.executable, "import orgaudit.rubric as r; print(r.project_root())", tmp_path, target
        ).stdout
    )
    assert len(list(out.glob("*.pdf"))) == 5  # four audits and their comparison


def test_fresh_venv_install(wheel: Path, tmp_path: Path) -> None:
    """A new venv outside the checkout; its dependencies come from this one's site-packages."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    purelib = _run(python, "import sysconfig; print(sysconfig.get_path('purelib'))", tmp_path)
    site = Path(purelib.stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # what pip does for a pure-Python wheel
    seeds = site / "orgaudit" / "bundled" / "seeds" / "iso-pham-binh.yaml"
    result = _run(python, CLI.format(args=["score", str(seeds)]), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "International Socialist Organization" in result.stdout
    validate = _run(python, CLI.format(args=["rubric", "validate"]), tmp_path)
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_zipped_install_finds_the_bundled_rubrics(wheel: Path, tmp_path: Path) -> None:
    zipped = tmp_path / "orgaudit.zip"
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(zipped, "w") as target:
        for item in source.infolist():
            if item.filename.startswith("orgaudit/"):
                target.writestr(item, source.read(item))
    code = (
        "import orgaudit.rubric as r; assert 'orgaudit.zip' in r.__file__, r.__file__; "
        "print(r.load_rubric().id, r.find_rubric('freedom-in-the-world').name)"
    )
    result = _run(sys.executable, code, tmp_path, zipped)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["org-democracy", "freedom-in-the-world.yaml"]

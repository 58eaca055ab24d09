"""A built wheel carries the bundled rubrics and samples and runs outside any checkout:
installed with --target, into a fresh virtual environment, and from a zip.

The wheel, its --target install and the demo run from it are session fixtures (conftest.py)
shared with the demo's tests; `xdist_group("demo")` keeps them on one worker."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import CLI, run_python

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]


def test_target_install_runs_the_demo(
    target_install: Path, demo_run: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    assert (target_install / "orgaudit" / "bundled" / "rubrics" / "org-democracy.yaml").is_file()
    folder, result = demo_run
    assert result.returncode == 0, result.stderr
    root = run_python(
        sys.executable,
        "import orgaudit.rubric as r; print(r.project_root())",
        folder,
        target_install,
    )
    assert str(target_install) in root.stdout
    assert len(list((folder / "reports").glob("*.pdf"))) == 5  # four audits and their comparison


def test_fresh_venv_install(wheel: Path, tmp_path: Path) -> None:
    """A new venv outside the checkout; its dependencies come from this one's site-packages."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    purelib = run_python(python, "import sysconfig; print(sysconfig.get_path('purelib'))", tmp_path)
    site = Path(purelib.stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # what pip does for a pure-Python wheel
    seeds = site / "orgaudit" / "bundled" / "seeds" / "iso-pham-binh.yaml"
    result = run_python(python, CLI.format(args=["score", str(seeds)]), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "International Socialist Organization" in result.stdout
    validate = run_python(python, CLI.format(args=["rubric", "validate"]), tmp_path)
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
    result = run_python(sys.executable, code, tmp_path, zipped)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["org-democracy", "freedom-in-the-world.yaml"]

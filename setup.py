"""Build hook: the bundled rubrics and sample audits go into the package.

`rubrics/` and `seeds/` stay at the top of the checkout (the layout the project is known by); a
built package carries copies as `orgaudit/bundled/`, which `rubric.project_root` reads with
importlib.resources, so that an install with --target, into any venv or from a zip finds them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("rubrics", "seeds")
SUFFIXES = (".yaml", ".txt")


class BuildWithBundled(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "orgaudit" / "bundled"
        for folder in BUNDLED:
            for source in sorted((HERE / folder).rglob("*")):
                if source.is_file() and source.suffix in SUFFIXES:
                    copy = target / source.relative_to(HERE)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, copy)


setup(cmdclass={"build_py": BuildWithBundled})

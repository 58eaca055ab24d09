"""`orgaudit demo`: the main job on the bundled rubric and the sample audits in seeds/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .rubric import check_rubric, default_rubric_path, project_root


def sample_audits() -> list[Path]:
    return sorted((project_root() / "seeds").glob("*.yaml"))


def run_demo(out_dir: Path) -> Iterator[str]:
    from .batch import Batch
    from .textout import scorecard_table

    rubric, findings = check_rubric(default_rubric_path())
    if rubric is None:
        yield from (str(f) for f in findings)
        return
    yield f"Rubric {rubric.id} {rubric.version}: valid, {len(rubric.dimensions)} dimensions, {len(rubric.criteria)} criteria"
    runner = Batch()
    for path in sample_audits():
        yield ""
        yield scorecard_table(runner.score_file(path))

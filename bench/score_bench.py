"""Scoring 10,000 answers files against merely loading them with PyYAML's C loader.

Targets: within 2x the time, peak memory under 200 MB. Both run as fresh processes over the same
files on disk, measured in this one run.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from common import BIN, ROOT, run_child, verdict

sys.path.insert(0, str(ROOT / "src"))

from orgaudit.answers import save_answers
from orgaudit.model import Answer, Answers, Respondent
from orgaudit.rubric import load_rubric

TARGET = 2.0
MEMORY_LIMIT_MB = 200
LOADER = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):
    with open(path, 'rb') as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def generate(folder: Path, count: int, seed: int = 7) -> None:
    """Random but valid answers to the default rubric, with some evidence, as users write them."""
    rng = random.Random(seed)
    rubric = load_rubric()
    for i in range(count):
        entries = {}
        for crit in rubric.criteria:
            roll = rng.random()
            if roll < 0.1 and crit.scored:
                entries[crit.id] = Answer(crit.id, None, "dont_know")
                continue
            if crit.type in ("yes_no", "single"):
                value: object = rng.choice(crit.options).value
            elif crit.type == "multi":
                value = tuple(o.value for o in crit.options if rng.random() < 0.4)
            elif crit.type == "scale":
                value = rng.randint(crit.scale_min, crit.scale_max)
            elif crit.type == "number":
                value = rng.randint(int(crit.number_min or 0), int(crit.number_max or 100))
            else:
                value = "Free text answer."
            evidence = "Seen at the last branch meeting; minutes on file." if roll > 0.8 else ""
            entries[crit.id] = Answer(crit.id, value, "answered", evidence)  # type: ignore[arg-type]
        answers = Answers(
            f"Organization {i % 500}",
            rubric.id,
            rubric.version,
            entries,
            Respondent(rng.choice(["member", "leader", "observer"])),
            "2025-01-01",
        )
        save_answers(folder / f"answers-{i:05d}.yaml", answers, rubric)


def main(count: int = 10_000) -> float:
    with tempfile.TemporaryDirectory(prefix="orgaudit-bench-") as tmp:
        folder = Path(tmp)
        generate(folder, count)
        python = sys.executable
        run_child([python, "-c", LOADER, str(folder)])  # warm the file cache
        load_time, load_mem = run_child([python, "-c", LOADER, str(folder)])
        score_time, score_mem = run_child(
            [str(BIN / "orgaudit"), "score", "--separate", "--format", "csv", str(folder)]
        )
        pooled_time, pooled_mem = run_child(
            [str(BIN / "orgaudit"), "score", "--format", "csv", str(folder)]
        )
    ratio = score_time / load_time
    print(
        f"score: {count:,} files scored in {score_time:.1f} s (peak {score_mem} MB), "
        f"loaded with yaml.CSafeLoader in {load_time:.1f} s (peak {load_mem} MB) -> {ratio:.2f}x; "
        f"target {TARGET}x: {verdict(ratio, TARGET)}; memory target {MEMORY_LIMIT_MB} MB: "
        f"{'met' if score_mem < MEMORY_LIMIT_MB else 'MISSED'}"
    )
    print(
        f"       pooling respondents (the default, files grouped by organization): {pooled_time:.1f} s, "
        f"peak {pooled_mem} MB: memory target {'met' if pooled_mem < MEMORY_LIMIT_MB else 'MISSED'}"
    )
    return ratio


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

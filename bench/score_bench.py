"""Scoring many answers files against merely loading them with PyYAML's C loader in one process.

    .venv/bin/python bench/score_bench.py [COUNT] [--rounds N]

Each round runs, one after the other as fresh processes over the same files (A B C D E A B ...):
the loader, then `orgaudit score --separate --format csv` and `orgaudit score --format csv`
(pooled), each with `--jobs 1` and with every usable core. A ratio is taken within its round and
the median over the rounds is reported. Targets: every core <= 0.75x of the load time, `--jobs 1`
<= 1.2x, pooled within 1.1x of separate, peak memory under 150 MB in total (the largest sum of the
resident memory of the command and its workers, sampled; see common.py).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
from pathlib import Path

from common import (
    BIN,
    ROOT,
    Series,
    alternate,
    cores,
    paired_ratio,
    report,
    run_child,
    save_results,
)

sys.path.insert(0, str(ROOT / "src"))

from orgaudit.answers import answers_to_data, save_answers
from orgaudit.model import Answer, Answers, Respondent
from orgaudit.questions.number import number_of
from orgaudit.questions.scale import scale_of
from orgaudit.rubric import load_rubric
from orgaudit.yamlio import dump_yaml

ALL_CORES = 0.75
ONE_CORE = 1.2
POOLED = 1.1
MEMORY_MB = 150
RESPONDENTS = 20  # per organization, so that pooled groups are of a realistic size
LOADER = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):
    with open(path, 'rb') as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def generate(folder: Path, count: int, seed: int = 7) -> None:
    """Random but valid answers to the default rubric, with some evidence, as users write them;
    count / 20 organizations, so about 20 respondents each."""
    rng = random.Random(seed)
    rubric = load_rubric()
    organizations = max(1, count // RESPONDENTS)
    header = ""
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
                value = tuple(
                    o.value for o in crit.options if not o.exclusive and rng.random() < 0.4
                )
            elif crit.type == "scale":
                scale = scale_of(crit)
                value = rng.randint(scale.min, scale.max)
            elif crit.type == "number":
                spec = number_of(crit)
                value = rng.randint(int(spec.min or 0), int(spec.max or 100))
            else:
                value = "Free text answer."
            evidence = "Seen at the last branch meeting; minutes on file." if roll > 0.8 else ""
            entries[crit.id] = Answer(crit.id, value, "answered", evidence)  # type: ignore[arg-type]
        answers = Answers(
            f"Organization {i % organizations}",
            rubric.id,
            rubric.version,
            entries,
            Respondent(rng.choice(["member", "leader", "observer"])),
            "2025-01-01",
        )
        path = folder / f"answers-{i:06d}.yaml"
        body = dump_yaml(answers_to_data(answers, rubric))
        if not header:  # the first file as the program saves it; the rest alike without fsync
            save_answers(path, answers, rubric)
            text = path.read_text(encoding="utf-8")
            header = text[: len(text) - len(body)]
            assert text == header + body, "save_answers writes more than a header and the body"
        else:
            path.write_text(header + body, encoding="utf-8")


def _files_in(folder: Path, count: int) -> Path:
    """`folder`, with `count` files generated into it unless it holds them from an earlier run
    (the same seed makes the same files: 100,000 take half an hour to write)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".generated"
    if marker.exists() and marker.read_text() == str(count):
        print(f"reusing the {count:,} files generated into {folder}", flush=True)
        return folder
    for old in folder.glob("answers-*.yaml"):
        old.unlink()
    generate(folder, count)
    marker.write_text(str(count))
    return folder


def main(
    count: int = 10_000, rounds: int = 5, *, one_core: bool = True, keep: Path | None = None
) -> None:
    jobs = cores()
    variants = sorted({1, jobs}) if one_core else [jobs]
    orgaudit = str(BIN / "orgaudit")
    with tempfile.TemporaryDirectory(prefix="orgaudit-bench-") as tmp:
        if keep is None:
            folder = Path(tmp)
            generate(folder, count)
        else:
            folder = _files_in(keep, count)
        size = statistics.mean(
            p.stat().st_size for p in itertools.islice(folder.glob("*.yaml"), 1000)
        )
        loader = [sys.executable, "-c", LOADER, str(folder)]
        run_child(loader)  # warm the file cache
        commands: dict[str, list[str]] = {"load": loader}
        for layout, flags in (("separate", ["--separate"]), ("pooled", [])):
            for n in variants:
                commands[f"{layout} {n}"] = [
                    orgaudit, "score", *flags, "--format", "csv", "--jobs", str(n), str(folder),
                ]  # fmt: skip
        print(
            f"scoring {count:,} files ({size / 1000:.1f} kB each, {max(1, count // RESPONDENTS):,} "
            f"organizations), {rounds} rounds of {', '.join(commands)}; {jobs} cores usable",
            flush=True,
        )
        series = alternate(commands, rounds, warmup=0, sample=True)
    load = series["load"]

    def seconds(s: Series) -> str:
        return f"{s.median_wall:.1f} s"

    paired = f"; {rounds} paired round{'s' if rounds != 1 else ''}"

    for layout, how in (("separate", "--separate --format csv"), ("pooled", "--format csv")):
        for n in variants:
            s = series[f"{layout} {n}"]
            report(
                f"scoring {count:,} files, {layout} (`{how}`), --jobs {n}, against loading them",
                f"{seconds(s)} against {seconds(load)}{paired}",
                paired_ratio(s, load),
                ONE_CORE if n == 1 else ALL_CORES,
                count=count,
            )
    for n in variants:
        pooled, separate = series[f"pooled {n}"], series[f"separate {n}"]
        report(
            f"scoring {count:,} files, pooled against separate, --jobs {n}",
            f"{seconds(pooled)} against {seconds(separate)}{paired}",
            paired_ratio(pooled, separate),
            POOLED,
            count=count,
        )
    scored = [s for name, s in series.items() if name != "load"]
    worst = max(scored, key=lambda s: s.tree_mb)
    details = ", ".join(
        f"{s.name.replace(' ', ' --jobs ')}: {s.tree_mb:.0f} MB in total, {s.peak_mb:.0f} MB "
        "in its largest process"
        for s in scored
    )
    report(
        f"peak memory scoring {count:,} files",
        f"{details}; the loader alone: {load.peak_mb:.0f} MB",
        worst.tree_mb,
        MEMORY_MB,
        unit="MB",
        count=count,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--all-cores-only", action="store_true", help="leave out the --jobs 1 runs (to save time)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--keep", type=Path, metavar="FOLDER", help="generate the files into FOLDER and keep them "
        "there; a later run with the same count reuses them"
    )  # fmt: skip
    args = parser.parse_args()
    main(args.count, args.rounds, one_core=not args.all_cores_only, keep=args.keep)
    if args.json:
        save_results(args.json)

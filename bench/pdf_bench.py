"""One audit PDF: `orgaudit report` against WeasyPrint alone on the very same HTML.

    .venv/bin/python bench/pdf_bench.py [--rounds N]

Both sides are fresh processes, timed alternately (A B A B ...), and the median of the paired
ratios is reported (target: 1.3x). A is the whole command a user runs: start-up, loading the
rubric and the answers, scoring, the HTML, the PDF (PDF/UA-1) through the safe fetcher, the atomic
write. B starts Python, imports WeasyPrint and writes the same HTML, against the same base URL,
with the same variant: the part of the work no PDF could be made without.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from common import BIN, ROOT, alternate, paired_ratio, report, save_results

sys.path.insert(0, str(ROOT / "src"))

TARGET = 1.3
WEASYPRINT = """
import json, sys, warnings
warnings.simplefilter("ignore")
from weasyprint import HTML
with open(sys.argv[1], encoding="utf-8") as handle:
    html = handle.read()
HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3], **json.loads(sys.argv[4]))
"""


def main(rounds: int = 5) -> None:
    from score_bench import generate

    from orgaudit.batch import Batch
    from orgaudit.render.html import render_report_html
    from orgaudit.render.pdf import DEFAULT_VARIANT, VARIANTS, assets_base_url

    with tempfile.TemporaryDirectory(prefix="orgaudit-bench-") as tmp:
        folder = Path(tmp)
        generate(folder, 1)
        answers = next(folder.glob("*.yaml"))
        rubric, card = Batch().load(answers)
        html = folder / "report.html"
        html.write_text(render_report_html(rubric, card), encoding="utf-8")
        ours = [str(BIN / "orgaudit"), "report", str(answers), "-o", str(folder / "ours.pdf")]
        theirs = [
            sys.executable, "-c", WEASYPRINT, str(html), assets_base_url(),
            str(folder / "theirs.pdf"), json.dumps(VARIANTS[DEFAULT_VARIANT]),
        ]  # fmt: skip
        print(f"one audit PDF ({rounds} alternating pairs, median of the paired ratios)")
        series = alternate({"weasyprint": theirs, "orgaudit": ours}, rounds)
        sizes = [(folder / name).stat().st_size // 1024 for name in ("ours.pdf", "theirs.pdf")]
    a, b = series["orgaudit"], series["weasyprint"]
    report(
        "one audit PDF (`orgaudit report`) against WeasyPrint alone on the same HTML",
        f"{a.median_wall:.2f} s against {b.median_wall:.2f} s, both fresh processes "
        f"({sizes[0]} and {sizes[1]} KiB)",
        paired_ratio(a, b),
        TARGET,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    main(args.rounds)
    if args.json:
        save_results(args.json)

"""One audit PDF: orgaudit's whole pipeline against WeasyPrint alone on the same HTML.

    .venv/bin/python bench/pdf_bench.py [ANSWERS] [--repeat N]

The pipeline is what `orgaudit report` does: load the rubric and the answers, score, render the
HTML, write the PDF through the safe fetcher (PDF/UA-1, tagged). WeasyPrint's own time is
`HTML(string=html).write_pdf()` on that very HTML with the same variant. Both are measured in
this one run, alternating, and the best of N repetitions of each is compared (target: 1.3x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pipeline(answers: Path, out: Path) -> None:
    from orgaudit.answers import load_answers
    from orgaudit.render import write_report
    from orgaudit.rubric import load_rubric
    from orgaudit.scoring import score

    rubric = load_rubric()
    loaded, _ = load_answers(answers, rubric)
    card = score(rubric, loaded)
    write_report(rubric, card, out, "pdf")


def report_html(answers: Path) -> str:
    from orgaudit.batch import Batch
    from orgaudit.render.html import render_report_html

    rubric, card = Batch().load(answers)
    return render_report_html(rubric, card)


def weasyprint_alone(html: str, out: Path) -> None:
    from weasyprint import HTML

    HTML(string=html).write_pdf(out, pdf_variant="pdf/ua-1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="?", type=Path, default=ROOT / "seeds/iso-pham-binh.yaml")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint  # noqa: F401  (import cost is not what we measure)

    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.pdf"
        pipeline(args.answers, out)  # warm-up: imports, font discovery
        html = report_html(args.answers)
        weasyprint_alone(html, out)
        for _ in range(args.repeat):
            start = time.perf_counter()
            pipeline(args.answers, out)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            weasyprint_alone(html, out)
            theirs.append(time.perf_counter() - start)
        size = out.stat().st_size
    best_ours, best_theirs = min(ours), min(theirs)
    ratio = best_ours / best_theirs
    print(
        f"answers: {args.answers.relative_to(ROOT) if args.answers.is_relative_to(ROOT) else args.answers}"
    )
    print(f"PDF: {size / 1024:.0f} KiB, {args.repeat} repetitions each, alternating")
    print(f"orgaudit pipeline : best {best_ours:.3f} s, median {statistics.median(ours):.3f} s")
    print(f"WeasyPrint alone  : best {best_theirs:.3f} s, median {statistics.median(theirs):.3f} s")
    verdict = "ok" if ratio <= 1.3 else "OVER TARGET"
    print(f"ratio (best/best) : {ratio:.2f}x  (target 1.3x or better: {verdict})")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())

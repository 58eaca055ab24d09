"""`make bench`: every speed and memory target of DESIGN.md, each measured in one run."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import help_bench
import score_bench


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    help_bench.main()
    score_bench.main()
    pdf = Path(__file__).resolve().parent / "pdf_bench.py"
    if pdf.exists():
        import pdf_bench

        pdf_bench.main()


if __name__ == "__main__":
    main()

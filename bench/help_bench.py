"""`orgaudit --help` against `python -c "import click"`: target within 1.5x."""

from __future__ import annotations

import sys

from common import BIN, median_time, verdict

TARGET = 1.5


def main(repeat: int = 15) -> float:
    python = sys.executable
    median_time([python, "-c", "import click"], 3)  # warm the file cache
    click_time = median_time([python, "-c", "import click"], repeat)
    help_time = median_time([str(BIN / "orgaudit"), "--help"], repeat)
    ratio = help_time / click_time
    print(
        f"help:  orgaudit --help {help_time * 1000:.0f} ms, import click {click_time * 1000:.0f} ms "
        f"(median of {repeat}) -> {ratio:.2f}x; target {TARGET}x: {verdict(ratio, TARGET)}"
    )
    return ratio


if __name__ == "__main__":
    main()

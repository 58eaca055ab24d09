"""An automated look at a PDF's pages: no two text lines drawn over each other, no near-empty page.

Used on every report and comparison the tests render (`assert_layout(path)`). Text is read back
with pdfplumber, glyph by glyph with its box; glyphs drawn one after another on one baseline make
a line. Two lines overlap when their boxes share more than a sliver both ways (kerning and tight
line heights touch, they do not overlap). A page counts its body lines, leaving out the running
head and foot in the margins; a page but the last with fewer than `MIN_LINES` is an orphan page
(a table's last rows, one heading), and the last page needs `MIN_LAST_LINES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Fewer body lines than this on a page that is not the last: a near-empty page.
MIN_LINES = 6
#: The last page may be short, but not a stray row or two.
MIN_LAST_LINES = 3
#: Overlap tolerated, in points: glyph boxes of neighbouring lines and letters may touch.
TOLERANCE = 1.0
#: Running heads and feet sit in the page margins, within this many points of the edge.
MARGIN = 50.0


@dataclass
class Line:
    """A run of glyphs on one baseline, drawn one after another."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars).strip()

    def overlap(self, other: Line) -> bool:
        """Do the two boxes share more than a sliver horizontally and a fair part vertically?"""
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        smaller = min(self.bottom - self.top, other.bottom - other.top)
        return width > TOLERANCE and height > max(TOLERANCE, 0.25 * smaller)


@dataclass
class PageText:
    number: int  # 1-based
    height: float
    lines: list[Line]

    def body_lines(self) -> list[Line]:
        """Lines outside the margins' running head and foot, counted once per baseline."""
        return [
            line
            for line in self.lines
            if line.top > MARGIN and line.bottom < self.height - MARGIN and line.text
        ]

    def baselines(self) -> int:
        return len({round(line.bottom / 2) for line in self.body_lines()})


def _lines(number: int, chars: list[dict[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    current: Line | None = None
    for ch in chars:
        text, size = str(ch["text"]), float(ch["size"])
        x0, x1, top, bottom = (float(ch[k]) for k in ("x0", "x1", "top", "bottom"))
        same = (
            current is not None
            and abs(bottom - current.bottom) < 0.5
            and abs(size - current.size) < 0.5
            # kerning pulls a letter back under its neighbour ("T" "o"), by up to a third of an em
            and current.x1 - 0.35 * size <= x0 <= current.x1 + 1.5 * size
        )
        if current is not None and same:
            current.x1 = max(current.x1, x1)
            current.top = min(current.top, top)
            current.chars.append(text)
            continue
        if current is not None:
            lines.append(current)
        current = Line(number, x0, x1, top, bottom, size, [text])
    if current is not None:
        lines.append(current)
    # a space box alone overlaps nothing worth reporting
    return [line for line in lines if line.text]


def read_pages(path: Path) -> list[PageText]:
    """Every page's text lines with their boxes (points, top-left origin)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [
            PageText(i, float(page.height), _lines(i, list(page.chars)))
            for i, page in enumerate(pdf.pages, start=1)
        ]


def overlaps(page: PageText) -> list[tuple[Line, Line]]:
    """Pairs of lines on the page drawn over each other."""
    found = []
    lines = sorted(page.lines, key=lambda line: line.top)
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if b.top >= a.bottom:
                break
            if a.overlap(b):
                found.append((a, b))
    return found


def layout_problems(path: Path) -> list[str]:
    """What a reader would see as broken: overlapping lines, near-empty pages."""
    pages = read_pages(path)
    problems = []
    for page in pages:
        for a, b in overlaps(page):
            problems.append(
                f"{path.name} page {page.number}: {a.text[:50]!r} overlaps {b.text[:50]!r} "
                f"(at y {a.top:.0f}-{a.bottom:.0f} and {b.top:.0f}-{b.bottom:.0f})"
            )
        last = page.number == len(pages)
        need = MIN_LAST_LINES if last else MIN_LINES
        count = page.baselines()
        if count < need:
            shown = " / ".join(line.text[:30] for line in page.body_lines()[:4])
            problems.append(
                f"{path.name} page {page.number}{' (last)' if last else ''}: near-empty, "
                f"{count} lines: {shown!r}"
            )
    return problems


def assert_layout(path: Path) -> None:
    problems = layout_problems(path)
    assert not problems, "\n".join(problems)

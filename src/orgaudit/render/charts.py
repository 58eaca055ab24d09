"""The dimension chart: a horizontal bar per dimension, drawn as plain SVG.

Hand-built rather than drawn by a plotting library on purpose: the chart is a dozen `<rect>` and
`<text>` elements with fixed geometry, which is shorter than configuring matplotlib, adds no
heavy dependency or start-up time, keeps fonts and colours identical to the rest of the report,
and produces text WeasyPrint can tag. Every label is escaped; colours and widths come from
numbers and an enum of band classes, never from user text. The chart carries a text alternative
(role="img", aria-label and <title>); the report repeats its numbers in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import _, integer
from ..safetext import svg_text as escape

#: Fill colours per band class (0 best ... 4 worst), matching assets/palette.css.
BAND_FILLS = ("#1b7f4b", "#6a9f2a", "#c99a06", "#d9661f", "#b3261e")
NO_SCORE_FILL = "#9aa0a6"


@dataclass(frozen=True)
class Bar:
    """One row of the chart. Scores are 0-100; `band_class` is 0 (best) to 4 (worst)."""

    label: str
    score: float | None
    worst: float | None = None
    best: float | None = None
    band_class: int | None = None
    value_text: str = ""
    #: False when no question of the dimension was answered with knowledge: drawn as an empty,
    #: dashed row, so a range from unknowns never looks like a long bar.
    answered: bool = True


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _digits(text: str) -> str:
    from ..i18n import digits

    return digits(text)


def _clamp(value: float) -> float:
    return min(100.0, max(0.0, value))


def wrap_words(text: str, chars: int) -> list[str]:
    """Words in lines of at most `chars` characters; a longer word is broken, never cut off."""
    lines: list[str] = []
    for word in text.split():
        while len(word) > chars:
            lines.append(word[:chars])
            word = word[chars:]
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _label_lines(label: str, mid: float) -> list[tuple[float, float, str]]:
    """(baseline, font size, text) of a row's label: one line at 12 px where it fits the 240 px
    left of the bars, else two at 10.5 px, else three at 8.5 px; wrapped, never cut, except a
    title too long even for three lines, whose end is left out."""
    if len(label) <= 40:
        return [(mid + 4, 12.0, label)]
    for size, chars, count in ((10.5, 44, 2), (8.5, 54, 3)):
        lines = wrap_words(label, chars)
        if len(lines) <= count or count == 3:
            if len(lines) > count:
                lines = [*lines[: count - 1], lines[count - 1][: chars - 1] + "…"]
            step = size + 0.5
            first = mid + size / 3 - step * (len(lines) - 1) / 2
            return [(first + step * j, size, line) for j, line in enumerate(lines)]
    return []  # not reached: the three-line case always returns


def bar_chart(bars: Sequence[Bar], *, title: str, description: str, direction: str = "ltr") -> str:
    """An SVG horizontal bar chart, scores 0-100 with the certainty range as a lighter band.

    With `direction="rtl"` the chart is mirrored for a right-to-left language: labels on the
    right, bars growing from right to left, values on the left (text itself is not mirrored).
    """
    label_w, plot_w, value_w = 250.0, 330.0, 90.0
    row_h, top, bottom = 26.0, 12.0, 24.0
    width = label_w + plot_w + value_w
    height = top + row_h * len(bars) + bottom
    rtl = direction == "rtl"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" font-family="DejaVu Sans, sans-serif" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" aria-label="{escape(description)}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]
    x0 = label_w
    for tick in (0, 20, 40, 60, 80, 100):
        x = x0 + plot_w * tick / 100
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(top - 4)}" x2="{_num(x)}" '
            f'y2="{_num(top + row_h * len(bars))}" stroke="#dfe3e8" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_num(x)}" y="{_num(top + row_h * len(bars) + 16)}" '
            f'font-size="10" fill="#5f6368" text-anchor="middle">{integer(tick)}</text>'
        )
    for i, bar in enumerate(bars):
        y = top + row_h * i
        mid = y + row_h / 2
        for line_y, size, line in _label_lines(bar.label, mid):
            out.append(
                f'<text x="{_num(label_w - 10)}" y="{_num(line_y)}" font-size="{_num(size)}" '
                f'fill="#1f2328" text-anchor="end">{escape(line)}</text>'
            )
        if not bar.answered:
            out.append(
                f'<rect x="{_num(x0)}" y="{_num(y + 7)}" width="{_num(plot_w)}" '
                f'height="{_num(row_h - 14)}" fill="#ffffff" stroke="#9aa0a6" '
                f'stroke-width="1" stroke-dasharray="4 3"/>'
            )
            out.append(
                f'<text x="{_num(x0 + plot_w + 10)}" y="{_num(mid + 4)}" font-size="11" '
                f'font-style="italic" fill="#5f6368">{escape(bar.value_text or _("no answer"))}</text>'
            )
            continue
        out.append(
            f'<rect x="{_num(x0)}" y="{_num(y + 7)}" width="{_num(plot_w)}" '
            f'height="{_num(row_h - 14)}" fill="#f1f3f5"/>'
        )
        fill = NO_SCORE_FILL if bar.band_class is None else BAND_FILLS[bar.band_class % 5]
        if bar.worst is not None and bar.best is not None:
            low, high = sorted((_clamp(bar.worst), _clamp(bar.best)))
            if high - low >= 0.5:
                out.append(
                    f'<rect x="{_num(x0 + plot_w * low / 100)}" y="{_num(y + 7)}" '
                    f'width="{_num(plot_w * (high - low) / 100)}" height="{_num(row_h - 14)}" '
                    f'fill="{fill}" fill-opacity="0.25" />'
                )
                for edge in (low, high):
                    ex = x0 + plot_w * edge / 100
                    out.append(
                        f'<line x1="{_num(ex)}" y1="{_num(y + 5)}" x2="{_num(ex)}" '
                        f'y2="{_num(y + row_h - 5)}" stroke="{fill}" stroke-width="1.5"/>'
                    )
        if bar.score is not None:
            w = max(plot_w * _clamp(bar.score) / 100, 1.5)
            out.append(
                f'<rect x="{_num(x0)}" y="{_num(y + 9)}" width="{_num(w)}" '
                f'height="{_num(row_h - 18)}" fill="{fill}" />'
            )
        text = bar.value_text or (_("no score") if bar.score is None else _digits(_num(bar.score)))
        out.append(
            f'<text x="{_num(x0 + plot_w + 10)}" y="{_num(mid + 4)}" font-size="12" font-weight="bold" fill="#1f2328">'
            f"{escape(text)}</text>"
        )
    out.append("</svg>")
    if rtl:
        out = [_mirror(line, width) for line in out]
    return "\n".join(out)


_ANCHORS = {"start": "end", "end": "start"}


def _mirror(element: str, width: float) -> str:
    """One chart element reflected about the chart's vertical middle, for right-to-left reading:
    every x becomes width - x (a rect's right edge becomes its left; rotations, circles and
    polylines follow), and text anchored at its start is anchored at its end (the text itself
    still reads in its own direction)."""
    import re

    def flip(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{_num(width - float(match.group(2)))}"'

    if element.startswith("<rect"):
        x = float(re.search(r' x="([-\d.]+)"', element).group(1))  # type: ignore[union-attr]
        w = float(re.search(r' width="([-\d.]+)"', element).group(1))  # type: ignore[union-attr]
        element = element.replace(f' x="{_num(x)}"', f' x="{_num(width - x - w)}"', 1)
        return re.sub(
            r"rotate\(([-\d.]+) ([-\d.]+) ",
            lambda m: f"rotate({m.group(1)} {_num(width - float(m.group(2)))} ",
            element,
        )
    if element.startswith(("<line", "<circle")):
        return re.sub(r'\b(x1|x2|cx)="([-\d.]+)"', flip, element)
    if element.startswith("<polyline"):
        return re.sub(
            r"([-\d.]+),([-\d.]+)",
            lambda m: f"{_num(width - float(m.group(1)))},{m.group(2)}",
            element,
        )
    if element.startswith("<text"):
        element = re.sub(r'\b(x)="([-\d.]+)"', flip, element, count=1)
        anchor = re.search(r' text-anchor="(\w+)"', element)
        if anchor is None:
            return element.replace("<text", '<text text-anchor="end"', 1)
        if anchor.group(1) in _ANCHORS:
            return element.replace(
                anchor.group(0), f' text-anchor="{_ANCHORS[anchor.group(1)]}"', 1
            )
    return element


def mirror(svg_lines: list[str], width: float) -> list[str]:
    """A whole chart (one element a line, as the chart functions build it) mirrored for RTL."""
    return [_mirror(line, width) for line in svg_lines]

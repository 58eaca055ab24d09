"""Comparison charts: the overlaid dimension chart and the trend chart (the view is compare_view).

Charts are plain SVG (`<rect>`, `<circle>`, `<line>`, `<polyline>`, `<text>`), like the audit
report's bar chart, for the same reasons: no plotting library, fonts shared with the page, text
WeasyPrint can tag. Every label is escaped; colours, shapes and positions come from numbers and
indexes, never from user text. Each chart has role="img", a <title> and a <desc> with its numbers,
and the report repeats the numbers in tables.

Up to `MAX_MARKERS` organizations each get a colour and a shape (colour-blind-safe palette, shapes
so that colour is not the only cue) and a legend. Beyond that, one colour per organization
cannot be told apart, so each row becomes a strip: every organization a small dot, the range from
lowest to highest, the median, and the lowest and highest named in text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from .. import i18n
from ..i18n import _, integer, number
from ..safetext import svg_text as escape
from .charts import mirror, wrap_words

#: Okabe-Ito colours (without the yellow, too pale on white), then two more dark ones.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#222222", "#8C564B")
SHAPES = ("circle", "square", "diamond")
MAX_MARKERS = 8
#: Above this many organizations the matrix puts organizations in rows.
MAX_MATRIX_COLUMNS = 10


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _clamp(value: float) -> float:
    return min(100.0, max(0.0, value))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _marker(shape_index: int, x: float, y: float, colour: str, size: float = 5.0) -> str:
    shape = SHAPES[shape_index % len(SHAPES)]
    if shape == "circle":
        return (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{colour}" '
            f'stroke="#ffffff" stroke-width="1"/>'
        )
    side = size * 1.7
    rotate = f' transform="rotate(45 {_n(x)} {_n(y)})"' if shape == "diamond" else ""
    return (
        f'<rect x="{_n(x - side / 2)}" y="{_n(y - side / 2)}" width="{_n(side)}" '
        f'height="{_n(side)}" fill="{colour}" stroke="#ffffff" stroke-width="1"{rotate}/>'
    )


@dataclass(frozen=True)
class ChartRow:
    label: str
    values: tuple[float | None, ...]
    emphasis: bool = False


def _svg_open(width: float, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'font-family="DejaVu Sans, sans-serif" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]


def _axis(out: list[str], x0: float, plot_w: float, top: float, bottom: float) -> None:
    for tick in (0, 20, 40, 60, 80, 100):
        x = x0 + plot_w * tick / 100
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" '
            f'stroke="#dfe3e8" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_n(x)}" y="{_n(bottom + 13)}" font-size="10" fill="#5f6368" '
            f'text-anchor="middle">{integer(tick)}</text>'
        )


#: Average width of a DejaVu Sans character, in em: how many characters fit a label's room.
CHAR_EM = 0.62


def _dodge(
    points: Sequence[tuple[float, int]], lane: float, room: float
) -> dict[int, tuple[float, float]]:
    """Each marker's (x, dy): markers closer than `lane` share a cluster and take lanes one above
    the other, and columns side by side when they do not fit `room` in height, so every marker
    stays visible (the numbers are in the table)."""
    per_column = max(1, int(room // lane))
    clusters: list[list[tuple[float, int]]] = []
    for x, k in sorted(points):
        if clusters and x - clusters[-1][-1][0] < lane:
            clusters[-1].append((x, k))
        else:
            clusters.append([(x, k)])
    placed: dict[int, tuple[float, float]] = {}
    for cluster in clusters:
        members = sorted(cluster, key=lambda p: p[1])  # each organization's place by its order
        count = len(members)
        if count <= per_column:
            for j, (x, k) in enumerate(members):
                placed[k] = (x, (j - (count - 1) / 2) * lane)
            continue
        columns = -(-count // per_column)
        rows = -(-count // columns)
        centre = sum(x for x, _ in members) / count
        for j, (_x, k) in enumerate(members):
            column, row = divmod(j, rows)
            placed[k] = (
                centre + (column - (columns - 1) / 2) * lane,
                (row - (rows - 1) / 2) * lane,
            )
    return placed


def overlay_chart(
    rows: Sequence[ChartRow],
    names: Sequence[str],
    *,
    title: str,
    description: str,
    keys: Sequence[str] = (),
) -> str:
    """One row per dimension, a marker per organization (or a strip when there are many).

    Labels and legend entries wrap instead of being cut; markers at nearly the same score are
    set one above the other (`_dodge`), each with a white outline.
    """
    many = len(names) > MAX_MARKERS
    label_w, plot_w = 250.0, 560.0
    note_w = 230.0 if many else 20.0
    width = label_w + plot_w + note_w
    label_size, line_h = 11.0, 13.0
    label_chars = int((label_w - 16) / (label_size * CHAR_EM))
    labels = [wrap_words(row.label, label_chars) for row in rows]
    radius = 4.5
    lane = 2 * radius + 1.5
    base_h = 30.0 if many else 32.0
    heights = [max(base_h, line_h * len(lines) + 8) for lines in labels]
    top = 10.0
    body_h = sum(heights)
    legend: list[tuple[float, float, int, list[str]]] = []  # x, y of the first line, index, lines
    legend_h = 0.0
    if not many:
        longest = max((len(n) for n in names), default=0)
        columns = 3 if longest <= 34 else 2 if longest <= 56 else 1
        column_w = (width - 20) / columns
        legend_chars = int((column_w - 24) / (11 * CHAR_EM))
        y = top + body_h + 30
        for start in range(0, len(names), columns):
            tallest = 1
            for c, k in enumerate(range(start, min(start + columns, len(names)))):
                lines = wrap_words(names[k], legend_chars)
                tallest = max(tallest, len(lines))
                legend.append((20 + c * column_w, y, k, lines))
            y += 14 * tallest + 4
        legend_h = y - (top + body_h + 30) + 6
    height = top + body_h + 26 + legend_h
    out = _svg_open(width, height, title, description)
    x0 = label_w
    _axis(out, x0, plot_w, top, top + body_h)
    y = top
    for i, row in enumerate(rows):
        row_h = heights[i]
        mid = y + row_h / 2
        if i % 2 == 0:
            out.append(
                f'<rect x="0" y="{_n(y)}" width="{_n(label_w + plot_w)}" height="{_n(row_h)}" '
                f'fill="#f6f7f9" fill-opacity="0.8"/>'
            )
        weight = ' font-weight="bold"' if row.emphasis else ""
        first = mid + 4 - line_h * (len(labels[i]) - 1) / 2
        for j, line in enumerate(labels[i]):
            out.append(
                f'<text x="{_n(label_w - 14)}" y="{_n(first + line_h * j)}" '
                f'font-size="{_n(label_size)}" fill="#1f2328" text-anchor="end"{weight}>'
                f"{escape(line)}</text>"
            )
        y += row_h
        present = [(v, k) for k, v in enumerate(row.values) if v is not None]
        if not present:
            continue
        if many:
            values = [v for v, _ in present]
            low, high = min(values), max(values)
            out.append(
                f'<line x1="{_n(x0 + plot_w * _clamp(low) / 100)}" y1="{_n(mid)}" '
                f'x2="{_n(x0 + plot_w * _clamp(high) / 100)}" y2="{_n(mid)}" '
                f'stroke="#9aa0a6" stroke-width="2"/>'
            )
            for j, (v, _k) in enumerate(present):
                jitter = ((j * 7) % 5 - 2) * 2.2
                out.append(
                    f'<circle cx="{_n(x0 + plot_w * _clamp(v) / 100)}" cy="{_n(mid + jitter)}" '
                    f'r="3" fill="#1a4f8b" fill-opacity="0.55"/>'
                )
            med = median(values)
            mx = x0 + plot_w * _clamp(med) / 100
            out.append(
                f'<rect x="{_n(mx - 1.5)}" y="{_n(mid - row_h / 2 + 5)}" width="3" '
                f'height="{_n(row_h - 10)}" fill="#1f2328"/>'
            )
            lo = min(present)
            hi = max(present)
            note = (
                f"{_fit(names[lo[1]], 14)} {number(lo[0], 0)} – "
                f"{_fit(names[hi[1]], 14)} {number(hi[0], 0)}"
            )
            out.append(
                f'<text x="{_n(x0 + plot_w + 10)}" y="{_n(mid + 4)}" font-size="10" '
                f'fill="#5f6368">{escape(note)}</text>'
            )
        else:
            spots = _dodge(
                [(x0 + plot_w * _clamp(v) / 100, k) for v, k in present], lane, row_h - 4
            )
            for k, (x, dy) in sorted(spots.items()):
                out.append(
                    _marker(k // len(PALETTE) + k, x, mid + dy, PALETTE[k % len(PALETTE)], radius)
                )
    if many:
        ly = top + body_h + 24
        out.append(
            f'<text x="{_n(x0)}" y="{_n(ly)}" font-size="10" fill="#5f6368">'
            + escape(
                _(
                    "Each dot is one organization; grey line: lowest to highest; black bar: "
                    "median. Beside: the lowest and highest (# in the table)."
                )
                if i18n.direction() == "rtl"
                else _(
                    "Each dot is one organization; grey line: lowest to highest; black bar: "
                    "median. Right: the lowest and highest (# in the table)."
                )
            )
            + "</text>"
        )
    else:
        for lx, ly, k, lines in legend:
            out.append(_marker(k // len(PALETTE) + k, lx + 5, ly - 4, PALETTE[k % len(PALETTE)]))
            for j, line in enumerate(lines):
                out.append(
                    f'<text x="{_n(lx + 15)}" y="{_n(ly + 14 * j)}" font-size="11" '
                    f'fill="#1f2328">{escape(line)}</text>'
                )
    out.append("</svg>")
    if i18n.direction() == "rtl":
        out = mirror(out, width)
    return "\n".join(out)


def trend_chart(
    dates: Sequence[str], rows: Sequence[ChartRow], *, title: str, description: str
) -> str:
    """Scores (0-100) over dates: the overall as a thick line, dimensions as thin ones."""
    left, plot_w, right = 40.0, 520.0, 240.0
    top, plot_h = 12.0, 200.0
    width, height = left + plot_w + right, top + plot_h + 34
    out = _svg_open(width, height, title, description)
    for tick in (0, 20, 40, 60, 80, 100):
        y = top + plot_h * (1 - tick / 100)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + plot_w)}" y2="{_n(y)}" '
            f'stroke="#dfe3e8" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_n(left - 6)}" y="{_n(y + 4)}" font-size="10" fill="#5f6368" '
            f'text-anchor="end">{integer(tick)}</text>'
        )
    count = len(dates)

    def x_of(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    for i, date in enumerate(dates):
        out.append(
            f'<text x="{_n(x_of(i))}" y="{_n(top + plot_h + 16)}" font-size="10" '
            f'fill="#1f2328" text-anchor="middle">{escape(date)}</text>'
        )
    ends: list[tuple[float, str, str, bool]] = []
    for r, row in enumerate(rows):
        colour = "#1f2328" if row.emphasis else PALETTE[r % len(PALETTE)]
        stroke = 3.0 if row.emphasis else 1.4
        points = [
            (x_of(i), top + plot_h * (1 - _clamp(v) / 100))
            for i, v in enumerate(row.values)
            if v is not None
        ]
        if len(points) >= 2:
            coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="{_n(stroke)}" stroke-opacity="{1 if row.emphasis else 0.75}"/>'
            )
        for x, y in points:
            out.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{3.5 if row.emphasis else 2.2}" '
                f'fill="{colour}"/>'
            )
        if points:
            ends.append((points[-1][1], row.label, colour, row.emphasis))
    # labels at the right end, pushed apart so they do not overlap
    ends.sort()
    last_y = -1e9
    for y, label, colour, emphasis in ends:
        y = max(y + 4, last_y + 12)
        last_y = y
        weight = ' font-weight="bold"' if emphasis else ""
        out.append(
            f'<text x="{_n(left + plot_w + 8)}" y="{_n(y)}" font-size="10" '
            f'fill="{colour}"{weight}>{escape(_fit(label, 44))}</text>'
        )
    out.append("</svg>")
    if i18n.direction() == "rtl":
        out = mirror(out, width)
    return "\n".join(out)


# --- the HTML view ------------------------------------------------------------------------

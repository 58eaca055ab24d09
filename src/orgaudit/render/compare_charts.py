"""Comparison reports: the overlaid dimension chart, the trend chart, and the HTML view.

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
from typing import Any

from .. import i18n, present
from ..compare import Cell, Comparison, Entry, range_text
from ..i18n import _, integer, ngettext, number
from ..model import Rubric
from ..safetext import svg_text as escape

#: Okabe-Ito colours (without the yellow, too pale on white), then two more dark ones.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#222222", "#8C564B")
SHAPES = ("circle", "square", "diamond", "triangle-ish")
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
    shape = SHAPES[shape_index % 3]
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


def _wrap(text: str, chars: int) -> list[str]:
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
    labels = [_wrap(row.label, label_chars) for row in rows]
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
                lines = _wrap(names[k], legend_chars)
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
        from .charts import mirror

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
        from .charts import mirror

        out = mirror(out, width)
    return "\n".join(out)


# --- the HTML view ------------------------------------------------------------------------


def _cell_view(cell: Cell | None) -> dict[str, Any]:
    from .html import band_class

    if cell is None:
        return {"missing": True, "text": _("n/a"), "band": "", "cls": "none"}
    cls = band_class(cell.band_rank, cell.band_of)
    gap = cell.gap
    return {
        "missing": False,
        "text": cell.text,
        "band": cell.band or "",
        "cls": "none" if cls is None else str(cls),
        "range": range_text(cell),
        "wide": cell.range_width >= 20,
        "rule": number(cell.rule, 0),
        "practice": number(cell.practice, 0),
        "gap": number(gap, 0, sign=True, none=""),
        "gap_note": present.gap_note(cell.gap_note),
        "gap_dir": "" if not cell.gap_note else ("paper" if (gap or 0) > 0 else "practice"),
        "coverage": "—" if cell.coverage is None else i18n.percent(cell.coverage),
    }


def _entry_view(comp: Comparison, e: Entry) -> dict[str, Any]:
    from ..textout import respondents_text, role_count

    who = respondents_text(e.respondents) if e.respondents > 1 else role_count(1, e.role)
    return {
        "key": e.key,
        "name": e.organization,
        "label": i18n.date(e.date) if comp.is_trend else e.organization,
        "date": i18n.date(e.date),
        "respondents": who,
        "multi": e.respondents > 1,
        "overall": _cell_view(e.overall),
        "capped": bool(e.capped_by),
        "dims": [_cell_view(c) for c in e.dimensions],
        "flags": {f.id: f.count for f in e.red_flags},
        "flag_count": len(e.red_flags),
        "flag_count_text": integer(len(e.red_flags)),
        "findings": list(e.findings),
        "leader_gap": None
        if e.leader_member_gap is None
        else number(e.leader_member_gap, sign=True),
        "interval": e.interval_text,
    }


def _score(cell: Cell | None) -> float | None:
    return None if cell is None else cell.score


def _question(rubrics: Sequence[Rubric], criterion_id: str) -> str:
    for rubric in rubrics:
        crit = rubric.criterion(criterion_id)
        if crit is not None:
            return crit.question
    return criterion_id


def comparison_context(comp: Comparison, rubrics: Sequence[Rubric]) -> dict[str, Any]:
    """Everything compare.html.j2 shows, as text, numbers and enums."""
    from markupsafe import Markup

    n = len(comp.entries)
    entries = [_entry_view(comp, e) for e in comp.entries]
    names = [v["label"] for v in entries]
    dims: list[dict[str, Any]] = [
        {"id": i, "title": t, "short": f"D{k + 1}", "spread": comp.spread(k)}
        for k, (i, t) in enumerate(zip(comp.dimension_ids, comp.dimension_titles, strict=True))
    ]
    rows = [
        ChartRow(
            d["title"],
            tuple(c.score if c else None for c in (e.dimensions[k] for e in comp.entries)),
        )
        for k, d in enumerate(dims)
    ]
    rows.append(ChartRow(_("Overall"), tuple(e.overall.score for e in comp.entries), emphasis=True))
    description = "; ".join(
        f"{r.label}: "
        + ", ".join(
            f"{name} {number(v)}" if v is not None else f"{name} {_('no score')}"
            for name, v in zip(names, r.values, strict=True)
        )
        for r in rows
    )
    subject = (
        ngettext("{organization} over {count} date", "{organization} over {count} dates", n).format(
            organization=comp.entries[0].organization, count=integer(n)
        )
        if comp.is_trend
        else ngettext("{count} organization", "{count} organizations", n).format(count=integer(n))
    )
    chart = Markup(
        overlay_chart(
            rows,
            names,
            keys=[e.key for e in comp.entries],
            title=_("Dimension scores of {subject}").format(subject=subject),
            description=description,
        )
    )
    titles: dict[str, str] = {}
    for e in comp.entries:
        for f in e.red_flags:
            titles.setdefault(f.id, f.title)
    flag_columns = [{"id": fid, "title": title} for fid, title in titles.items()]
    differences = []
    for d in comp.differences:
        pairs = [(s, v["label"]) for s, v in zip(d.scores, entries, strict=True) if s is not None]
        low, high = min(pairs), max(pairs)
        dim_title = dict(zip(comp.dimension_ids, comp.dimension_titles, strict=True)).get(
            d.dimension_id, d.dimension_id
        )
        differences.append(
            {
                "id": d.criterion_id,
                "question": _question(rubrics, d.criterion_id),
                "dimension": dim_title,
                "spread": number(d.spread, 0),
                "low": f"{low[1]} {number(low[0], 0)}",
                "high": f"{high[1]} {number(high[0], 0)}",
                "scores": [number(s, 0) for s in d.scores],
            }
        )
    trends = []
    for t in comp.trends:
        dates = [i18n.date(p.date) for p in t.points]
        trend_rows = [
            ChartRow(title, tuple(_score(p.dimensions[k]) for p in t.points))
            for k, title in enumerate(comp.dimension_titles)
        ]
        trend_rows.append(ChartRow(_("Overall"), tuple(p.overall.score for p in t.points), True))
        desc = "; ".join(
            f"{r.label}: "
            + ", ".join(
                f"{d} {number(v)}" for d, v in zip(dates, r.values, strict=True) if v is not None
            )
            for r in trend_rows
        )
        trends.append(
            {
                "organization": t.organization,
                "change": None if t.change is None else number(t.change, sign=True),
                "chart": Markup(
                    trend_chart(
                        dates,
                        trend_rows,
                        title=_("Trend of {organization}").format(organization=t.organization),
                        description=desc,
                    )
                ),
                "points": [_entry_view(comp, p) for p in t.points],
            }
        )
    scored = [
        (e.overall.score, v)
        for e, v in zip(comp.entries, entries, strict=True)
        if e.overall.score is not None
    ]
    highlights: list[str] = []
    if scored and not comp.is_trend:
        best = max(scored, key=lambda p: p[0])
        worst = min(scored, key=lambda p: p[0])
        no_band = _("no band")
        highlights.append(
            _(
                "Highest overall: {best} ({best_score}, {best_band}); lowest: {worst} "
                "({worst_score}, {worst_band})."
            ).format(
                best=best[1]["name"],
                best_score=best[1]["overall"]["text"],
                best_band=best[1]["overall"]["band"] or no_band,
                worst=worst[1]["name"],
                worst_score=worst[1]["overall"]["text"],
                worst_band=worst[1]["overall"]["band"] or no_band,
            )
        )
    if comp.is_trend and comp.trends and comp.trends[0].change is not None:
        first, last = comp.trends[0].points[0], comp.trends[0].points[-1]
        highlights.append(
            _(
                "Overall score from {first} ({first_date}) to {last} ({last_date}): {change} points."
            ).format(
                first=first.overall.text,
                first_date=i18n.date(first.date),
                last=last.overall.text,
                last_date=i18n.date(last.date),
                change=number(comp.trends[0].change, sign=True),
            )
        )
    spread_dims = [d for d in dims if d["spread"] is not None]
    if spread_dims:
        widest = max(spread_dims, key=lambda d: d["spread"])
        highlights.append(
            _("They differ most on {dimension} (a spread of {spread} points).").format(
                dimension=widest["title"], spread=number(widest["spread"], 0)
            )
        )
    flagged = sum(1 for e in comp.entries if e.red_flags)
    if flagged:
        highlights.append(
            (
                ngettext(
                    "{count} of {total} audit raises at least one red flag.",
                    "{count} of {total} audits raise at least one red flag.",
                    n,
                )
                if comp.is_trend
                else ngettext(
                    "{count} of {total} organization raises at least one red flag.",
                    "{count} of {total} organizations raise at least one red flag.",
                    n,
                )
            ).format(count=integer(flagged), total=integer(n))
        )
    else:
        highlights.append(_("No red flags were raised."))
    wide = [v["label"] for v in entries if v["overall"].get("wide")]
    if wide:
        highlights.append(
            _(
                "{count} with a wide certainty range (20 points or more): their scores rest on "
                "many unknown answers — {names}."
            ).format(
                count=integer(len(wide)),
                names=", ".join(wide[:8]) + (" …" if len(wide) > 8 else ""),
            )
        )
    callouts = comp.gap_callouts()
    paper = sum(1 for _e, _t, c in callouts if (c.gap or 0) > 0)
    if callouts:
        highlights.append(
            _(
                "Rules on paper, not in practice: {paper} dimension scores; practice ahead of the "
                "rules: {ahead} (gaps of 25 points or more, on enough answers)."
            ).format(paper=integer(paper), ahead=integer(len(callouts) - paper))
        )
    pooled = [v for v, e in zip(entries, comp.entries, strict=True) if e.respondents > 1]
    rubric_text = ", ".join(f"{t} ({i} {v})" for i, v, t in comp.rubrics)
    return {
        "language": i18n.current_language(),
        "direction": i18n.direction(),
        "ci95": i18n.percent(0.95),
        "page_counter": ", persian" if i18n.current_language() == "fa" else "",
        "title": _("Comparison of {subject}").format(subject=subject),
        "subject": subject,
        "rubric_text": rubric_text,
        "comp": comp,
        "entries": entries,
        "dims": dims,
        "transposed": n > MAX_MATRIX_COLUMNS,
        "chart": chart,
        "flag_columns": flag_columns,
        "differences": differences,
        "trends": trends,
        "highlights": highlights,
        "callouts": [
            {
                "who": _entry_view(comp, e)["label"],
                "dimension": title,
                "rule": number(c.rule, 0),
                "practice": number(c.practice, 0),
                "gap": number(c.gap, 0, sign=True),
                "note": present.gap_note(c.gap_note),
                "dir": "paper" if (c.gap or 0) > 0 else "practice",
            }
            for e, title, c in callouts
            if c.rule is not None and c.practice is not None and c.gap is not None
        ],
        "pooled": pooled,
        "notes": list(comp.notes),
        "is_trend": comp.is_trend,
        "any_capped": any(v["capped"] for v in entries),
        "any_leader_gap": any(v["leader_gap"] for v in entries),
        "apart": [
            _("{a} and {b}").format(
                a=a.organization if not comp.is_trend else i18n.date(a.date),
                b=b.organization if not comp.is_trend else i18n.date(b.date),
            )
            for a, b in comp.indistinguishable()
        ],
    }


def render_comparison_html(comp: Comparison, rubrics: Sequence[Rubric] = ()) -> str:
    """The comparison report as one self-contained HTML document (styles inline).

    `rubrics` supply the question texts and the language; respondent ids never appear.
    """
    from .html import environment

    template = environment().get_template("compare.html.j2")
    return template.render(**comparison_context(comp, rubrics))

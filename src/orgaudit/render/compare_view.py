"""The comparison report's view: a `Comparison` as the plain texts and numbers the template
places, with the charts of `compare_charts`, rendered to HTML (the PDF is `pdf.html_to_pdf`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import i18n, present
from ..compare import Cell, Comparison, Entry, range_text
from ..i18n import _, integer, ngettext, number
from ..model import Rubric
from .compare_charts import MAX_MATRIX_COLUMNS, ChartRow, overlay_chart, trend_chart
from .html import band_class, environment


def _cell_view(cell: Cell | None) -> dict[str, Any]:

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

    template = environment().get_template("compare.html.j2")
    return template.render(**comparison_context(comp, rubrics))

"""Scorecards as terminal tables, CSV rows and JSON, for `orgaudit score` and friends."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from . import present
from .i18n import _, digits, integer, ngettext, number, percent
from .model import Rubric
from .safetext import json_escape_unsafe, safe_csv_cell, safe_line, safe_terminal_text
from .scoring import DimensionResult, Gain, Scorecard


def fmt_score(value: float | None, places: int = 1) -> str:
    return number(value, places)


def fmt_pct(value: float) -> str:
    return percent(value)


def _count(items: Any) -> str:
    """A count for a table cell, blank for none."""
    return integer(len(items)) if items else ""


def dimension_score_text(dim: DimensionResult) -> str:
    return present.dimension_score(dim)[0]


def range_text(worst: float | None, best: float | None, current: float | None) -> str:
    if worst is None or best is None or current is None:
        return ""
    low, high = sorted((worst, best))
    if high - low < 0.05:
        return _("exact")
    return f"{number(low)}–{number(high)}"


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    rows = [[safe_line(str(cell)) for cell in row] for row in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*header).rstrip(), "  ".join("─" * w for w in widths)]
    out += [line.format(*r).rstrip() for r in rows]
    return "\n".join(out)


def _shorten(text: str, size: int) -> str:
    return text if len(text) <= size else text[: max(1, size - 1)].rstrip() + "…"


def scorecard_table(card: Scorecard, width: int | None = None) -> str:
    """The one-file view: a row per dimension, the overall result, then the red flags raised.

    With `width` (the terminal's), dimension titles are shortened so that rows fit.
    """
    o = card.overall
    band = present.overall_band(o)
    capped = " " + _("(capped)")
    if o.capped_by:
        band += capped
    rows = [
        [
            d.title,
            dimension_score_text(d),
            present.dimension_band(d),
            present.dimension_range(d),
            fmt_pct(d.coverage),
            _count({f for c in d.criteria for f in c.red_flags}),
        ]
        for d in card.dimensions
    ]
    if o.total_range is not None:
        rows.append(
            [card_total_label(card), present.total_short(o), "", present.total_range(o), "", ""]
        )
    rows.append(
        [
            _("Overall"),
            present.overall_score(o),
            band,
            present.score_range(o.range.worst, o.range.best, present.overall_digits(o)),
            fmt_pct(o.coverage),
            integer(len(card.red_flag_kinds)) if card.red_flag_kinds else "",
        ]
    )
    # Short headers keep a row within 80 columns: Range (if every unknown were answered worst or
    # best), Known (the coverage: share of applicable questions answered), Flags (red flags).
    header = (_("Dimension"), _("Score"), _("Band"), _("Range"), _("Known"), _("Flags"))
    mark = ""
    if width is not None:

        def others() -> int:
            return sum(
                max(len(r[i]) for r in [list(header), *rows]) + 2 for i in range(1, len(header))
            )

        if width - others() < 16 and o.capped_by:
            mark = "*"  # the "*Capped:" line below says by what
            rows[-1][2] = band.removesuffix(capped) + mark
        room = max(16, width - others())
        for row in rows:
            row[0] = _shorten(row[0], room)
    head = f"{card.organization} — {card.rubric_id} {card.rubric_version}"
    who = respondents_text(card.respondents) if card.respondents > 1 else role_text(card.role)
    head += f" — {who}" + (f", {format_date(card.date)}" if card.date else "")
    out = [safe_line(head), "", _table(rows, header)]
    if card.red_flags:
        out.append("")
        out += red_flag_lines(card)
    if o.capped_by:
        uncapped = o.uncapped_band.label if o.uncapped_band else "—"
        titles = {h.id: h.title for h in card.red_flags}
        flags = ", ".join(titles.get(f, f) for f in o.capped_by)
        out.append(
            mark
            + _("Capped: the score alone would be {uncapped}; {flags} limits it to {band}.").format(
                uncapped=uncapped, flags=flags, band=band.removesuffix(capped).removesuffix(mark)
            )
        )
    opaque = [f"{d.title} ({integer(len(d.opacity))})" for d in card.dimensions if d.opacity]
    if opaque:
        out += [
            "",
            _("Members cannot know (don't know, scored as worst): {dimensions}.").format(
                dimensions="; ".join(opaque)
            ),
        ]
    if o.missing and o.provisional:
        out += [
            "",
            ngettext(
                "Incomplete: {count} applicable question unanswered or don't know ({ids}); "
                "ratings shown as ranges are not results.",
                "Incomplete: {count} applicable questions unanswered or don't know ({ids}); "
                "ratings shown as ranges are not results.",
                len(o.missing),
            ).format(
                count=integer(len(o.missing)),
                ids=", ".join(o.missing[:8]) + (", …" if len(o.missing) > 8 else ""),
            ),
        ]
    if present.range_is_wide(o) and o.method == "weighted_mean":
        low, high = sorted((o.range.worst or 0.0, o.range.best or 0.0))
        out += [
            "",
            _(
                "Uncertain: the unknown answers could put the overall anywhere from {low} to {high}."
            ).format(low=number(low), high=number(high)),
        ]
    return safe_terminal_text("\n".join(out))


def red_flag_lines(card: Scorecard) -> list[str]:
    """Each red-flag kind once, with the dimensions whose answers raised it (titles, not ids)."""
    dim_of = {c.id: d.title for d in card.dimensions for c in d.criteria}
    where: dict[str, dict[str, int]] = {}
    titles: dict[str, str] = {}
    for hit in card.red_flags:
        titles.setdefault(hit.id, hit.title)
        dims = where.setdefault(hit.id, {})
        dim = dim_of.get(hit.criterion_id, "")
        dims[dim] = dims.get(dim, 0) + 1
    lines = []
    for flag_id, dims in where.items():
        places = ", ".join(f"{d} ×{integer(k)}" if k > 1 else d for d, k in dims.items())
        lines.append(
            safe_line(
                _("Red flag: {title} ({places})").format(title=titles[flag_id], places=places)
            )
        )
    return lines


def card_total_label(card: Scorecard) -> str:
    return card.overall.total_label


def privacy_lines(card: Scorecard) -> list[str]:
    """What pooling withheld to protect small groups, and, below the minimum, the warning."""
    if card.pooled is None:
        return []
    privacy = card.pooled.privacy
    lines = [w.text() for w in privacy.withheld]
    if privacy.identifiable:
        lines.insert(0, identifiable_warning(card))
    return lines


def identifiable_warning(card: Scorecard) -> str:
    minimum = card.pooled.privacy.min_group if card.pooled else 0
    return _(
        "Answers may be identifiable: only {count} respondents, fewer than the minimum group "
        "of {minimum}. Share this report only with care; --separate gives each respondent their "
        "own report, and --redact leaves out evidence."
    ).format(count=integer(card.respondents), minimum=digits(str(minimum)))


def agreement_lines(card: Scorecard) -> list[str]:
    """Agreement between respondents and the resampled interval of the overall score, in words."""
    trust = card.pooled.trust if card.pooled else None
    if trust is None:
        return []
    lines = [
        _("Agreement (Krippendorff's alpha, ordinal): {alpha} overall: {reading}.").format(
            alpha=number(trust.overall.alpha, 2), reading=present.words(trust.overall.reading)
        )
    ]
    if trust.interval:
        low, high = trust.interval
        places = present.overall_digits(card.overall)
        lines.append(
            _(
                "{share} interval of the overall score, resampling respondents: {low}–{high}."
            ).format(share=percent(0.95), low=number(low, places), high=number(high, places))
            + f" {present.words(trust.note)}"
        )
    return lines


def pooled_notes(card: Scorecard) -> str:
    """For an audit pooled from several respondents: who answered, role gaps, don't-know findings."""
    pooled = card.pooled
    if pooled is None:
        return ""
    out = ["", _("Pooled from {respondents}.").format(respondents=pooled_respondents(card))]
    out += privacy_lines(card)
    out += agreement_lines(card)
    overall_gap = pooled.overall_roles.leader_member_gap if pooled.overall_roles else None
    if overall_gap is not None:
        out.append(
            (
                _("Leaders score the organization {points} points higher than members do overall.")
                if overall_gap > 0
                else _(
                    "Leaders score the organization {points} points lower than members do overall."
                )
            ).format(points=number(abs(overall_gap)))
        )
    for dim in card.dimensions:
        roles = (pooled.dimension_roles or {}).get(dim.id)
        gap = roles.leader_member_gap if roles else None
        if gap is not None and abs(gap) >= 15:
            out.append(
                "  "
                + _("{dimension}: leaders {gap} points against members").format(
                    dimension=dim.title, gap=number(gap, sign=True)
                )
            )
    for finding in pooled.findings:
        out.append(_("Finding: {text}").format(text=finding.text()))
    return safe_terminal_text("\n".join(out)) + "\n"


#: The columns of the many-files table (a terminal table, translated where shown; the CSV
#: header, a data interface, is `csv_header` and stays English).
ROW_HEADER = ("file", "organization", "role", "date", "overall", "band", "coverage", "red_flags")


def row_header() -> tuple[str, ...]:
    return (
        _("file"),
        _("organization"),
        _("role"),
        _("date"),
        _("overall"),
        _("band"),
        _("coverage"),
        _("red_flags"),
    )


def role_text(role: str) -> str:
    """A respondent's role in words (the value itself, `member`, is data and stays as it is)."""
    return {"member": _("member"), "leader": _("leader"), "observer": _("observer")}.get(role, role)


def respondents_text(count: int) -> str:
    return ngettext("{count} respondent", "{count} respondents", count).format(count=integer(count))


def role_count(count: int, role: str) -> str:
    """ "2 leaders", "1 member": respondents of one role."""
    if role == "leader":
        text = ngettext("{count} leader", "{count} leaders", count)
    elif role == "member":
        text = ngettext("{count} member", "{count} members", count)
    elif role == "observer":
        text = ngettext("{count} observer", "{count} observers", count)
    else:
        return f"{integer(count)} {role}"
    return text.format(count=integer(count))


def pooled_respondents(card: Scorecard) -> str:
    """ "7 respondents (2 leaders, 5 members)": who answered a pooled audit, by role and count."""
    if card.pooled is None:
        return role_text(card.role)
    roles = ", ".join(role_count(k, r) for r, k in card.pooled.by_role.items())
    return f"{respondents_text(card.pooled.respondents)} ({roles})"


def format_date(iso: str | None) -> str:
    from .i18n import date

    return date(iso)


def summary_row(card: Scorecard) -> tuple[str, ...]:
    o = card.overall
    return (
        card.source,
        card.organization,
        role_text(card.role),
        format_date(card.date) if card.date else "",
        present.overall_score(o),
        present.overall_band(o, none="") + (" " + _("(capped)") if o.capped_by else ""),
        fmt_pct(o.coverage),
        integer(len(card.red_flag_kinds)),
    )


def rows_table(rows: Sequence[Sequence[str]]) -> str:
    return _table(rows, row_header())


def csv_header(rubric: Rubric) -> list[str]:
    cols = [
        "file",
        "organization",
        "role",
        "date",
        "rubric",
        "rubric_version",
        "overall",
        "band",
        "overall_worst",
        "overall_best",
        "coverage",
        "complete",
        "red_flags",
        "respondents",
        "alpha",
        "interval_low",
        "interval_high",
        "withheld",
    ]
    if rubric.points_total:
        cols += ["total.points", "total.points_worst", "total.points_best"]
    for d in rubric.dimensions:
        if d.scoring == "points":
            cols += [f"{d.id}.points", f"{d.id}.points_worst", f"{d.id}.points_best"]
            cols += [f"{d.id}.rating"]
        else:
            cols += [f"{d.id}.score", f"{d.id}.band"]
    return cols


def csv_row(card: Scorecard) -> list[Any]:
    o = card.overall
    row: list[Any] = [
        card.source,
        card.organization,
        card.role,
        card.date or "",
        card.rubric_id,
        card.rubric_version,
        _num(o.score),
        o.band.label if o.band else "",
        _num(o.range.worst),
        _num(o.range.best),
        round(o.coverage, 4),
        "yes" if o.complete else "no",
        " ".join(card.red_flag_kinds),
        card.respondents,
        *_pooled_columns(card),
    ]
    if o.total_range is not None:
        row += [_num(o.total), _num(o.range.worst_points), _num(o.range.best_points)]
    for d in card.dimensions:
        if d.scoring == "points":
            row += [_num(d.points), _num(d.range.worst_points), _num(d.range.best_points)]
        else:
            row += [_num(d.score)]
        row += [d.band.label if d.band else ""]
    return row


def _pooled_columns(card: Scorecard) -> list[Any]:
    """alpha, interval_low, interval_high, withheld: empty for one respondent."""
    trust = card.pooled.trust if card.pooled else None
    alpha = trust.overall.alpha if trust else None
    low, high = (trust.interval if trust else None) or (None, None)
    return [_num(alpha), _num(low), _num(high), " ".join(privacy_lines(card))]


def _num(value: float | None) -> Any:
    return "" if value is None else float(round(value, 4))


def csv_line(values: Sequence[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([safe_csv_cell(v) for v in values])
    return buffer.getvalue()


def to_json(data: Any) -> str:
    return json_escape_unsafe(json.dumps(data, ensure_ascii=False, indent=2))


def gains_table(
    card: Scorecard, gains: Sequence[Gain], rubric: Rubric, limit: int | None = None
) -> str:
    rows = []
    for rank, g in enumerate(gains[:limit] if limit else gains, start=1):
        crit = rubric.criterion(g.criterion_id)
        question = crit.question if crit else g.criterion_id
        if len(question) > 60:
            question = question[:59] + "…"
        band = f"→ {g.band_after}" if g.band_changes else ""
        rows.append((integer(rank), number(g.gain, sign=True), band, g.criterion_id, question))
    if not rows:
        return _("Nothing to gain: every applicable criterion already scores full marks.")
    head = safe_line(
        _("What moves the overall score of {organization} (now {score}):").format(
            organization=card.organization, score=fmt_score(card.overall.score)
        )
    )
    header = ("#", _("Gain"), _("Band"), _("Criterion"), _("Question"))
    return head + "\n\n" + _table(rows, header)

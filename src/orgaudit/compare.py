"""Pure comparison: scorecards in, a `Comparison` out (organizations side by side, or a trend).

`compare(cards)` expects one scorecard per organization and date (pool several respondents first
with `aggregate.group_scorecards`). With several organizations the matrix shows each one's latest
audit and every organization audited at several dates also gets a `Trend`; with one organization
at several dates the matrix columns are its dates. Scorecards of different rubrics are refused
unless `shared_only`, which keeps the dimensions (and criteria) every rubric has by id and
replaces the overall score by the plain mean of those dimensions, without a band.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import pstdev
from typing import Any

from . import present
from .errors import OrgauditError
from .i18n import _, integer, ngettext, number, percent
from .i18n import date as format_date
from .scoring import DimensionResult, Scorecard

COMPARISON_FORMAT = "orgaudit-comparison/1"
#: How many criteria "where they differ most" lists.
TOP_DIFFERENCES = 10


@dataclass(frozen=True)
class Cell:
    """One score in the matrix: 0-100, its band and the range the unknown answers leave."""

    score: float | None
    text: str
    band: str | None = None
    band_rank: int | None = None
    band_of: int | None = None
    worst: float | None = None
    best: float | None = None
    worst_band: str | None = None
    best_band: str | None = None
    rule: float | None = None
    practice: float | None = None
    coverage: float | None = None
    #: The scorecard's rule/practice call-out (scoring.PAPER, PRACTICE_AHEAD or "").
    gap_finding: str = ""
    #: The certainty range in the cell's own unit (points for a points dimension), "" when
    #: exact; None to show `worst`-`best` on the 0-100 scale.
    unit_range: str | None = None

    @property
    def gap(self) -> float | None:
        """Rule minus practice: positive when the rules are better than what happens."""
        if self.rule is None or self.practice is None:
            return None
        return self.rule - self.practice

    @property
    def range_width(self) -> float:
        if self.worst is None or self.best is None:
            return 0.0
        return abs(self.best - self.worst)

    @property
    def gap_note(self) -> str:
        return self.gap_finding

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": _r(self.score),
            "text": self.text,
            "band": self.band,
            "band_rank": self.band_rank,
            "range": {
                "worst": _r(self.worst),
                "best": _r(self.best),
                "worst_band": self.worst_band,
                "best_band": self.best_band,
            },
            "rule_score": _r(self.rule),
            "practice_score": _r(self.practice),
            "gap": _r(self.gap),
            "coverage": _r(self.coverage),
        }


@dataclass(frozen=True)
class FlagCount:
    id: str
    title: str
    count: int


@dataclass(frozen=True)
class Entry:
    """One audit as compared: an organization (at a date), with a short key for narrow tables."""

    key: str
    organization: str
    date: str | None
    respondents: int
    role: str
    source: str
    rubric_id: str
    rubric_version: str
    overall: Cell
    dimensions: tuple[Cell | None, ...]
    red_flags: tuple[FlagCount, ...]
    capped_by: tuple[str, ...]
    findings: tuple[str, ...] = ()
    leader_member_gap: float | None = None
    #: Pooled audits: the 95% interval of the overall score from resampling respondents.
    interval: tuple[float, float] | None = None
    #: Decimals of the overall figure (two for a mean rating).
    digits: int = 1

    @property
    def interval_text(self) -> str:
        if self.interval is None:
            return ""
        return f"{number(self.interval[0], self.digits)}–{number(self.interval[1], self.digits)}"

    @property
    def label(self) -> str:
        return self.organization + (f" ({format_date(self.date)})" if self.date else "")

    def to_dict(self, dimension_ids: Sequence[str]) -> dict[str, Any]:
        return {
            "key": self.key,
            "organization": self.organization,
            "date": self.date,
            "respondents": {"count": self.respondents, "role": self.role},
            "rubric": {"id": self.rubric_id, "version": self.rubric_version},
            "overall": self.overall.to_dict(),
            "capped_by": list(self.capped_by),
            "dimensions": {
                did: (cell.to_dict() if cell else None)
                for did, cell in zip(dimension_ids, self.dimensions, strict=True)
            },
            "red_flags": [{"id": f.id, "title": f.title, "count": f.count} for f in self.red_flags],
            "findings": list(self.findings),
            "leader_member_gap": _r(self.leader_member_gap),
            "interval": list(self.interval) if self.interval else None,
        }


@dataclass(frozen=True)
class Difference:
    """A criterion on which the organizations' scores (0-100) lie furthest apart.

    `spread` is highest minus lowest; `stdev` (population standard deviation) ranks ties.
    """

    criterion_id: str
    dimension_id: str
    scores: tuple[float | None, ...]
    spread: float
    stdev: float = 0.0

    def to_dict(self, keys: Sequence[str]) -> dict[str, Any]:
        return {
            "criterion": self.criterion_id,
            "dimension": self.dimension_id,
            "spread": _r(self.spread),
            "stdev": _r(self.stdev),
            "scores": {k: _r(s) for k, s in zip(keys, self.scores, strict=True)},
        }


@dataclass(frozen=True)
class TrendPoint:
    """One date of an organization's history, as reports show it."""

    date: str | None
    respondents: int
    overall: float | None
    band: str | None
    dimensions: Mapping[str, float | None]


@dataclass(frozen=True)
class History:
    """An organization's audits over time, carried by its latest scorecard (`with_trends`)."""

    organization: str
    change: float | None
    points: tuple[TrendPoint, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> History:
        return cls(
            organization=data["organization"],
            change=data["change"],
            points=tuple(
                TrendPoint(
                    p["date"], p["respondents"], p["overall"], p["band"], dict(p["dimensions"])
                )
                for p in data["points"]
            ),
        )


def with_trends(cards: Sequence[Scorecard]) -> list[Scorecard]:
    """One scorecard per organization and rubric version: its latest audit, carrying the trend.

    `cards` are pooled per organization and date (`aggregate.group_scorecards`). Where an
    organization has several dates, the latest scorecard gets its `History` (`trend`; and its
    JSON form in `extra["trend"]`: date, respondents, overall, band and dimension scores per
    date) and the earlier ones are dropped: their numbers live on in the trend. Order: first
    appearance.
    """
    groups: dict[tuple[str, str, str], list[Scorecard]] = {}
    for card in cards:
        key = (card.organization.casefold(), card.rubric_id, card.rubric_version)
        groups.setdefault(key, []).append(card)
    out = []
    for group in groups.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        comparison = compare(group)
        trend = comparison.trends[0]
        latest = max(group, key=lambda c: (c.date is not None, c.date or ""))
        data = trend.to_dict(comparison.dimension_ids)
        out.append(
            dataclasses.replace(
                latest, extra={**latest.extra, "trend": data}, trend=History.from_dict(data)
            )
        )
    return out


@dataclass(frozen=True)
class Trend:
    """One organization's audits ordered by date (undated ones first)."""

    organization: str
    points: tuple[Entry, ...]

    @property
    def change(self) -> float | None:
        first, last = self.points[0].overall.score, self.points[-1].overall.score
        return None if first is None or last is None else last - first

    def to_dict(self, dimension_ids: Sequence[str]) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "change": _r(self.change),
            "points": [
                {
                    "date": p.date,
                    "respondents": p.respondents,
                    "overall": _r(p.overall.score),
                    "band": p.overall.band,
                    "dimensions": {
                        did: (_r(c.score) if c else None)
                        for did, c in zip(dimension_ids, p.dimensions, strict=True)
                    },
                }
                for p in self.points
            ],
        }


@dataclass(frozen=True)
class Comparison:
    rubrics: tuple[tuple[str, str, str], ...]  # (id, version, title), one unless shared_only
    shared_only: bool
    dimension_ids: tuple[str, ...]
    dimension_titles: tuple[str, ...]
    entries: tuple[Entry, ...]
    differences: tuple[Difference, ...]
    trends: tuple[Trend, ...]
    is_trend: bool
    notes: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.rubrics[0][2] if len(self.rubrics) == 1 else _("shared dimensions")

    def spread(self, index: int) -> float | None:
        """Highest minus lowest score of dimension `index` across the entries."""
        cells = [e.dimensions[index] for e in self.entries]
        return _spread(c.score for c in cells if c is not None)

    @property
    def overall_spread(self) -> float | None:
        return _spread(e.overall.score for e in self.entries)

    def indistinguishable(self) -> list[tuple[Entry, Entry]]:
        """Pairs of pooled audits whose resampled 95% intervals overlap: which of the two scores
        higher may be down to who answered."""
        pooled = [e for e in self.entries if e.interval is not None]
        pairs = []
        for i, a in enumerate(pooled):
            for b in pooled[i + 1 :]:
                assert a.interval is not None and b.interval is not None
                if a.interval[0] <= b.interval[1] and b.interval[0] <= a.interval[1]:
                    pairs.append((a, b))
        return pairs

    def gap_callouts(self) -> list[tuple[Entry, str, Cell]]:
        """(entry, dimension title, cell) where rule and practice differ by GAP_CALLOUT or more."""
        out = []
        for e in self.entries:
            for title, cell in zip(self.dimension_titles, e.dimensions, strict=True):
                if cell is not None and cell.gap_note:
                    out.append((e, title, cell))
        return out

    def to_dict(self) -> dict[str, Any]:
        keys = [e.key for e in self.entries]
        return {
            "format": COMPARISON_FORMAT,
            "rubrics": [{"id": i, "version": v, "title": t} for i, v, t in self.rubrics],
            "shared_only": self.shared_only,
            "kind": "trend" if self.is_trend else "organizations",
            "dimensions": [
                {"id": i, "title": t, "spread": _r(self.spread(n))}
                for n, (i, t) in enumerate(
                    zip(self.dimension_ids, self.dimension_titles, strict=True)
                )
            ],
            "overall_spread": _r(self.overall_spread),
            "entries": [e.to_dict(self.dimension_ids) for e in self.entries],
            "differences": [d.to_dict(keys) for d in self.differences],
            "trends": [t.to_dict(self.dimension_ids) for t in self.trends],
            "notes": list(self.notes),
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _spread(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) - min(present) if len(present) >= 2 else None


def column_key(index: int) -> str:
    """A, B, ..., Z, AA, AB, ...: short names for narrow tables (with a legend)."""
    key = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        key = chr(ord("A") + rest) + key
    return key


# --- building ----------------------------------------------------------------------------


def check_rubrics(cards: Sequence[Scorecard], *, shared_only: bool) -> None:
    """Refuse scorecards of different rubrics unless asked to compare what they share."""
    seen: dict[tuple[str, str], Scorecard] = {}
    for card in cards:
        seen.setdefault((card.rubric_id, card.rubric_version), card)
    if len(seen) > 1 and not shared_only:
        uses = ", ".join(
            _("{file} uses {rubric} {version}").format(
                file=card.source or card.organization, rubric=rid, version=version
            )
            for (rid, version), card in seen.items()
        )
        raise OrgauditError(
            _("compare needs one rubric: {uses}").format(uses=uses),
            hint=_("pass --shared-only to compare only the criteria and dimensions they share"),
        )


def _dim_cell(dim: DimensionResult) -> Cell:
    text = present.dimension_score(dim)[0]
    unit_range = None
    if dim.scoring == "points":
        worst, best = dim.range.worst_points, dim.range.best_points
        unit_range = "" if worst is None or best is None else present.span(worst, best)
        if worst == best or dim.provisional:  # an incomplete total is shown as its range
            unit_range = ""
    return Cell(
        score=dim.score,
        text=text,
        band=dim.band.label if dim.band else None,
        band_rank=dim.band.rank if dim.band else None,
        band_of=dim.band.of if dim.band else None,
        worst=dim.range.worst,
        best=dim.range.best,
        worst_band=dim.range.worst_band,
        best_band=dim.range.best_band,
        rule=dim.rule_score,
        practice=dim.practice_score,
        coverage=dim.coverage,
        gap_finding=dim.gap_note,
        unit_range=unit_range,
    )


def _overall_cell(card: Scorecard, dims: Sequence[str] | None) -> Cell:
    """The card's own overall, or (shared_only across rubrics) the mean of the shared dimensions."""
    o = card.overall
    if dims is not None:
        scores = [card.dimension(d).score for d in dims]
        given = [s for s in scores if s is not None]
        mean = sum(given) / len(given) if given else None
        worst = [card.dimension(d).range.worst for d in dims]
        best = [card.dimension(d).range.best for d in dims]
        w = [s for s in worst if s is not None]
        b = [s for s in best if s is not None]
        known = sum(card.dimension(d).known for d in dims)
        applicable = sum(card.dimension(d).applicable for d in dims)
        return Cell(
            score=mean,
            text=number(mean),
            worst=sum(w) / len(w) if w else None,
            best=sum(b) / len(b) if b else None,
            coverage=known / applicable if applicable else 1.0,
        )
    # Ranges in the matrix are whole points on the 0-100 scale, as the dimensions' are; a mean
    # rating keeps its two decimals (4.50-5.00 would read "5-5" rounded).
    digits = 0 if o.method == "weighted_mean" else present.overall_digits(o)
    exact = present.score_range(o.range.worst, o.range.best, digits)
    return Cell(
        score=o.score,
        text=present.overall_score(o),
        unit_range="" if exact in ("", "exact") else exact,
        band=o.band.label if o.band else None,
        band_rank=o.band.rank if o.band else None,
        band_of=o.band.of if o.band else None,
        worst=o.range.worst,
        best=o.range.best,
        worst_band=o.range.worst_band,
        best_band=o.range.best_band,
        coverage=o.coverage,
    )


def _entry(key: str, card: Scorecard, dim_ids: Sequence[str], mixed: bool) -> Entry:
    own = {d.id: d for d in card.dimensions}
    counts: dict[str, FlagCount] = {}
    for hit in card.red_flags:
        prev = counts.get(hit.id)
        counts[hit.id] = FlagCount(hit.id, hit.title, (prev.count if prev else 0) + 1)
    from .textout import privacy_lines

    pooled = card.pooled
    findings = (*privacy_lines(card), *(f.text() for f in (pooled.findings if pooled else ())))
    gap = pooled.overall_roles.leader_member_gap if pooled and pooled.overall_roles else None
    span = pooled.trust.interval if pooled and pooled.trust else None
    return Entry(
        key=key,
        organization=card.organization,
        date=card.date,
        respondents=card.respondents,
        role=card.role,
        source=card.source,
        rubric_id=card.rubric_id,
        rubric_version=card.rubric_version,
        overall=_overall_cell(card, dim_ids if mixed else None),
        dimensions=tuple(_dim_cell(own[d]) if d in own else None for d in dim_ids),
        red_flags=tuple(counts.values()),
        capped_by=() if mixed else card.overall.capped_by,
        findings=findings,
        leader_member_gap=gap,
        interval=(span[0], span[1]) if span else None,
        digits=present.overall_digits(card.overall),
    )


def _date_key(card: Scorecard) -> tuple[int, str]:
    return (0, "") if card.date is None else (1, card.date)


#: The most organizations (or dates of one) a comparison sets side by side.
MAX_ENTRIES = 50


def compare(
    cards: Sequence[Scorecard],
    *,
    shared_only: bool = False,
    top: int = TOP_DIFFERENCES,
) -> Comparison:
    """Compare scorecards: one per organization and date (see the module docstring)."""
    cards = list(cards)
    check_rubrics(cards, shared_only=shared_only)
    by_org: dict[str, list[Scorecard]] = {}
    for card in cards:
        by_org.setdefault(card.organization.casefold(), []).append(card)
    for group in by_org.values():
        dates = [c.date for c in group]
        for date in set(dates):
            if dates.count(date) > 1:
                raise OrgauditError(
                    _("'{organization}' has {count} scorecards dated {date}").format(
                        organization=group[0].organization,
                        count=dates.count(date),
                        date=date or _("(undated)"),
                    ),
                    hint=_(
                        "pool the respondents of one organization and date first "
                        "(orgaudit.aggregate.group_scorecards)"
                    ),
                )
        group.sort(key=_date_key)
    is_trend = len(by_org) == 1
    shown = list(next(iter(by_org.values()))) if is_trend else [g[-1] for g in by_org.values()]
    if len(shown) < 2:
        raise OrgauditError(
            _("compare needs at least two organizations, or one organization at two dates"),
            hint=_("give more answers files or folders"),
        )
    if len(shown) > MAX_ENTRIES:  # the README's limit: the PDF's columns stay readable
        raise OrgauditError(
            (
                _("compare shows at most {limit} dates of one organization, not {count}")
                if is_trend
                else _("compare sets at most {limit} organizations side by side, not {count}")
            ).format(limit=MAX_ENTRIES, count=len(shown)),
            hint=_("compare them in groups, or score them all: orgaudit score FILES --format csv"),
        )
    rubric_keys = list(
        dict.fromkeys((c.rubric_id, c.rubric_version, c.rubric_title) for c in cards)
    )
    mixed = len({(i, v) for i, v, _t in rubric_keys}) > 1
    first = cards[0]
    dim_ids = [d.id for d in first.dimensions]
    titles = {d.id: d.title for d in first.dimensions}
    notes: list[str] = []
    if mixed:
        common = set(dim_ids)
        for card in cards[1:]:
            common &= {d.id for d in card.dimensions}
        dropped = sorted({d.id for c in cards for d in c.dimensions} - common)
        dim_ids = [d for d in dim_ids if d in common]
        if not dim_ids:
            raise OrgauditError(
                _("these rubrics share no dimension: {rubrics}").format(
                    rubrics=", ".join(f"{i} {v}" for i, v, _t in rubric_keys)
                ),
                hint=_("compare audits made with the same rubric"),
            )
        notes.append(
            _(
                "Different rubrics: only the dimensions they share are compared ({ids}); the "
                "overall score is the plain mean of those dimensions, without a band."
            ).format(ids=", ".join(dim_ids))
        )
        if dropped:
            notes.append(_("Left out, not in every rubric: {ids}.").format(ids=", ".join(dropped)))
    entries = tuple(_entry(column_key(i), card, dim_ids, mixed) for i, card in enumerate(shown))
    trends = []
    for group in by_org.values():
        if len(group) >= 2:
            trends.append(
                Trend(
                    organization=group[-1].organization,
                    points=tuple(
                        _entry(column_key(i), c, dim_ids, mixed) for i, c in enumerate(group)
                    ),
                )
            )
    return Comparison(
        rubrics=tuple(rubric_keys),
        shared_only=mixed,
        dimension_ids=tuple(dim_ids),
        dimension_titles=tuple(titles[d] for d in dim_ids),
        entries=entries,
        differences=tuple(differences(shown, dim_ids, top=top)),
        trends=tuple(trends),
        is_trend=is_trend,
        notes=tuple(notes),
    )


def differences(
    cards: Sequence[Scorecard], dim_ids: Sequence[str], *, top: int = TOP_DIFFERENCES
) -> list[Difference]:
    """The criteria (of the given dimensions, present in every card) with the widest spread."""
    wanted = set(dim_ids)
    per_card = [
        {c.id: c for d in card.dimensions if d.id in wanted for c in d.criteria} for card in cards
    ]
    common = [cid for cid in per_card[0] if all(cid in m for m in per_card[1:])]
    out = []
    for cid in common:
        scores = tuple(
            None if m[cid].score is None else 100.0 * m[cid].score  # type: ignore[operator]
            for m in per_card
        )
        spread = _spread(scores)
        if spread is not None and spread > 1e-9:
            present = [s for s in scores if s is not None]
            stdev = pstdev(present)
            out.append(Difference(cid, per_card[0][cid].dimension_id, scores, spread, stdev))
    # with many organizations most spreads reach 100: the standard deviation breaks ties
    out.sort(key=lambda d: (-round(d.spread, 6), -round(d.stdev, 6), d.criterion_id))
    return out[:top]


# --- text forms ---------------------------------------------------------------------------

#: Above this many entries (or this width) the terminal table turns organizations into rows.
MAX_COLUMNS = 6
MAX_WIDTH = 120
LIST_LIMIT = 20


def range_text(cell: Cell) -> str:
    if cell.unit_range is not None:
        return cell.unit_range
    if cell.worst is None or cell.best is None or cell.score is None:
        return ""
    low, high = sorted((cell.worst, cell.best))
    if high - low < 0.05:
        return ""
    return f"{number(low, 0)}–{number(high, 0)}"


def _cell_text(cell: Cell | None) -> str:
    if cell is None:
        return _("n/a")
    rng = range_text(cell)
    return cell.text + (f" ({rng})" if rng else "")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _grid(rows: Sequence[Sequence[str]], header: Sequence[str], right: set[int]) -> list[str]:
    from .safetext import safe_line

    rows = [[safe_line(c) for c in r] for r in rows]
    header = [safe_line(c) for c in header]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(header), "  ".join("─" * w for w in widths), *(line(r) for r in rows)]


def _flags_text(entry: Entry) -> str:
    return integer(len(entry.red_flags))


def _band_text(cell: Cell, capped: bool) -> str:
    return (cell.band or "—") + (" *" if capped else "")


def comparison_table(comp: Comparison) -> str:
    """The comparison for a terminal: a matrix, then gaps, red flags, differences and trends."""
    n = len(comp.entries)
    rubric = ", ".join(f"{i} {v}" for i, v, _t in comp.rubrics)
    if comp.is_trend:
        head = [
            ngettext(
                "{organization} at {count} date — {title} ({rubric})",
                "{organization} at {count} dates — {title} ({rubric})",
                n,
            ).format(
                organization=comp.entries[0].organization,
                count=integer(n),
                title=comp.title,
                rubric=rubric,
            )
        ]
    else:
        head = [
            ngettext(
                "Comparison of {count} organization — {title} ({rubric})",
                "Comparison of {count} organizations — {title} ({rubric})",
                n,
            ).format(count=integer(n), title=comp.title, rubric=rubric)
        ]
    names = (
        [format_date(e.date) for e in comp.entries]
        if comp.is_trend
        else [e.organization for e in comp.entries]
    )
    use_keys = any(len(name) > 16 for name in names)
    legend: list[str] = []
    if use_keys and not comp.is_trend:
        legend = [f"  {e.key} = {e.organization}" for e in comp.entries]
    labels = [
        e.key if use_keys and not comp.is_trend else name
        for e, name in zip(comp.entries, names, strict=True)
    ]
    wide = n > MAX_COLUMNS or 34 + n * 16 > MAX_WIDTH
    out = [*head, ""]
    if not wide:
        rows = [
            [_fit(t, 34), *(_cell_text(e.dimensions[i]) for e in comp.entries)]
            for i, t in enumerate(comp.dimension_titles)
        ]
        rows.append([_("Overall"), *(_cell_text(e.overall) for e in comp.entries)])
        rows.append([_("Band"), *(_band_text(e.overall, bool(e.capped_by)) for e in comp.entries)])
        rows.append([_("Red flags"), *(_flags_text(e) for e in comp.entries)])
        rows.append([_("Coverage"), *(percent(e.overall.coverage or 0) for e in comp.entries)])
        rows.append([_("Respondents"), *(integer(e.respondents) for e in comp.entries)])
        if any(e.interval for e in comp.entries):
            rows.append(
                [
                    _("{share} interval").format(share=percent(0.95)),
                    *(e.interval_text for e in comp.entries),
                ]
            )
        if any(e.leader_member_gap is not None for e in comp.entries):
            rows.append(
                [
                    _("Leaders minus members"),
                    *(number(e.leader_member_gap, sign=True, none="") for e in comp.entries),
                ]
            )
        out += _grid(rows, ["", *labels], set())
        out += [
            "",
            _(
                "Scores out of 100; (low–high): the range if every unknown answer were worst or "
                "best."
            ),
        ]
    else:
        dims = [f"D{i + 1}" for i in range(len(comp.dimension_ids))]
        rows = []
        for e, label in zip(comp.entries, labels, strict=True):
            rows.append(
                [
                    e.key,
                    _fit(label if comp.is_trend else e.organization, 28),
                    e.overall.text,
                    range_text(e.overall),
                    _band_text(e.overall, bool(e.capped_by)),
                    _flags_text(e),
                    *(c.text if c else _("n/a") for c in e.dimensions),
                ]
            )
        header = [
            "#",
            _("Date") if comp.is_trend else _("Organization"),
            _("Overall"),
            _("Range"),
            _("Band"),
            _("Flags"),
            *dims,
        ]
        right = {2, 3, 5, *range(6, 6 + len(dims))}
        out += _grid(rows, header, right)
        out += [
            "",
            _("Dimensions: {list}").format(
                list="; ".join(f"{d} {t}" for d, t in zip(dims, comp.dimension_titles, strict=True))
            ),
        ]
        out += [_("Range: the overall score if every unknown answer were worst or best.")]
        legend = []
    if any(e.capped_by for e in comp.entries):
        out.append(_("* band capped by a red flag."))
    if legend:
        out += ["", _("Keys:"), *legend]
    callouts = comp.gap_callouts()
    if callouts:
        out += ["", _("Rule and practice apart (gap of 25 points or more):")]
        for e, title, cell in callouts[:LIST_LIMIT]:
            out.append(
                "  "
                + _(
                    "{who} — {dimension}: rules {rule}, practice {practice} ({gap}: {note})"
                ).format(
                    who=_who(comp, e),
                    dimension=title,
                    rule=number(cell.rule, 0),
                    practice=number(cell.practice, 0),
                    gap=number(cell.gap, 0, sign=True),
                    note=present.gap_note(cell.gap_note),
                )
            )
        out += _more(len(callouts))
    flagged = [e for e in comp.entries if e.red_flags]
    out += ["", _("Red flags:") if flagged else _("Red flags: none.")]
    for e in flagged[:LIST_LIMIT]:
        out.append(
            f"  {_who(comp, e)}: "
            + "; ".join(
                f.title + (f" (×{integer(f.count)})" if f.count > 1 else "") for f in e.red_flags
            )
        )
    out += _more(len(flagged))
    if comp.differences:
        out += ["", _("Where they differ most (criterion scores, 0-100):")]
        for d in comp.differences:
            pairs = [(s, e) for s, e in zip(d.scores, comp.entries, strict=True) if s is not None]
            low = min(pairs, key=lambda p: p[0])
            high = max(pairs, key=lambda p: p[0])
            out.append(
                "  "
                + _(
                    "{criterion} ({dimension}): spread {spread} — lowest {low_who} {low}, "
                    "highest {high_who} {high}"
                ).format(
                    criterion=d.criterion_id,
                    dimension=d.dimension_id,
                    spread=number(d.spread, 0),
                    low_who=_who(comp, low[1]),
                    low=number(low[0], 0),
                    high_who=_who(comp, high[1]),
                    high=number(high[0], 0),
                )
            )
    for t in comp.trends:
        series = " → ".join(f"{format_date(p.date)} {p.overall.text}" for p in t.points)
        change = f" ({number(t.change, sign=True)})" if t.change is not None else ""
        out += [
            "",
            _("Trend of {organization}: {series}").format(
                organization=t.organization, series=series
            )
            + change,
        ]
    apart = comp.indistinguishable()
    if apart:
        out += [
            "",
            _(
                "Cannot be told apart (their {share} intervals from resampling respondents overlap):"
            ).format(share=percent(0.95)),
        ]
        out += [
            "  " + _("{a} and {b}").format(a=_who(comp, a), b=_who(comp, b))
            for a, b in apart[:LIST_LIMIT]
        ]
        out += _more(len(apart))
    findings = [(e, f) for e in comp.entries for f in e.findings]
    if findings:
        out += ["", _("Pooled respondents: what members cannot know, and what was withheld:")]
        out += [f"  {_who(comp, e)}: {f}" for e, f in findings[:LIST_LIMIT]]
        out += _more(len(findings))
    if comp.notes:
        out += ["", *comp.notes]
    from .safetext import safe_terminal_text

    return safe_terminal_text("\n".join(out))


def _who(comp: Comparison, entry: Entry) -> str:
    """How list lines name an entry: its date in a trend, its key when names are long."""
    if comp.is_trend:
        return format_date(entry.date)
    if any(len(e.organization) > 16 for e in comp.entries):
        return entry.key
    return entry.organization


def _more(count: int) -> list[str]:
    if count <= LIST_LIMIT:
        return []
    return [
        "  " + _("… and {count} more (see --format json)").format(count=integer(count - LIST_LIMIT))
    ]


def csv_rows(comp: Comparison) -> list[list[Any]]:
    """One row per audit (organization and date), trends' earlier dates included; header first."""
    header: list[Any] = [
        "key",
        "organization",
        "date",
        "respondents",
        "rubric",
        "rubric_version",
        "overall",
        "band",
        "overall_worst",
        "overall_best",
        "coverage",
        "red_flags",
        "interval_low",
        "interval_high",
    ]
    for did in comp.dimension_ids:
        header += [
            f"{did}.{x}" for x in ("score", "band", "worst", "best", "rule", "practice", "gap")
        ]
    rows: list[list[Any]] = [header]
    seen: set[tuple[str, str | None]] = set()
    entries = list(comp.entries)
    for t in comp.trends:
        entries += t.points
    for e in entries:
        ident = (e.organization.casefold(), e.date)
        if ident in seen:
            continue
        seen.add(ident)
        row: list[Any] = [
            e.key,
            e.organization,
            e.date or "",
            e.respondents,
            e.rubric_id,
            e.rubric_version,
            _csv(e.overall.score),
            e.overall.band or "",
            _csv(e.overall.worst),
            _csv(e.overall.best),
            _csv(e.overall.coverage),
            " ".join(f.id for f in e.red_flags),
            _csv(e.interval[0] if e.interval else None),
            _csv(e.interval[1] if e.interval else None),
        ]
        for cell in e.dimensions:
            if cell is None:
                row += [""] * 7
            else:
                row += [
                    _csv(cell.score),
                    cell.band or "",
                    _csv(cell.worst),
                    _csv(cell.best),
                    _csv(cell.rule),
                    _csv(cell.practice),
                    _csv(cell.gap),
                ]
        rows.append(row)
    return rows


def _csv(value: float | None) -> Any:
    return "" if value is None else round(value, 4)

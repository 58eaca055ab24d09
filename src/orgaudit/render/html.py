"""Audit reports as HTML: a Jinja2 environment and the view of a scorecard the templates read.

The templates only place text: every value that reaches them is escaped (`autoescape=True`, not
`select_autoescape`, which leaves `*.j2` templates unescaped), user text lands in text nodes only,
and whatever goes into an attribute (a CSS class, a bar width) is computed here from numbers and
enums. `environment()` and the filters are shared with comparison reports.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n, present
from ..i18n import N_, _, integer, ngettext, number
from ..model import Criterion, Dimension, Rubric
from ..pooled import RoleScores
from ..questions import handler
from ..scoring import (
    CALLOUT_MIN_COVERAGE,
    GAP_CALLOUT,
    CriterionResult,
    DimensionResult,
    Gain,
    Scorecard,
    what_if,
)
from . import charts
from .compare_charts import ChartRow, trend_chart

if TYPE_CHECKING:
    import jinja2

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"

#: Evidence longer than this (characters), or more links than `LONG_LINKS`, lets a criterion
#: break across pages instead of jumping whole to the next one and leaving a gap.
LONG_EVIDENCE = 1200
LONG_LINKS = 8
#: Recommendations shown in the summary.
TOP_RECOMMENDATIONS = 5


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment for every report template: autoescaped, strict, with our filters.

    Shared with comparison reports: templates live in `render/templates/`, and `styles(name)`
    returns a stylesheet from `render/assets/` ready to inline in a `<style>` element.
    """
    import jinja2

    from ..safetext import isolate_html, safe_line

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Messages in the language in force when a template renders (the callables read it then):
    # newstyle gettext escapes its %(name)s values and checks them against the message.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.filters["num"] = fmt_num
    env.filters["pct"] = fmt_pct
    env.filters["dir"] = text_dir
    env.filters["n"] = integer
    env.filters["date"] = i18n.date
    env.filters["digits"] = i18n.digits
    # User and rubric text: `bdi` in text nodes (isolated, escaped), `plain` where no element
    # can stand (<title>, attributes): controls and bidi characters shown (safetext).
    env.filters["bdi"] = isolate_html
    env.filters["plain"] = safe_line
    env.globals["styles"] = styles
    return env


@functools.cache
def _stylesheet(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def styles(name: str = "report.css") -> Any:
    """A stylesheet of ours, marked safe for a `<style>` element (it is not user text)."""
    from markupsafe import Markup

    if "/" in name or "\\" in name or not name.endswith(".css"):
        raise ValueError(f"not a stylesheet name: {name!r}")
    return Markup(_stylesheet(name))


def fmt_num(value: float | None, digits: int = 1, sign: bool = False) -> str:
    """A number for a report, in the reader's digits ("72.5", "72,5", "۷۲٫۵"); "—" for none."""
    return number(value, digits, sign=sign)


def fmt_pct(value: float) -> str:
    return i18n.percent(value)


def text_dir(text: str | None) -> str:
    """ "rtl" or "ltr" from the first strong character, as HTML's dir="auto" decides.

    WeasyPrint ignores dir="auto", so the direction is computed here and written out; text with
    no strong character (digits, emoji only) stays "auto". Always one of three constants.
    """
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def band_class(rank: int | None, of: int | None) -> int | None:
    """Spread a band's rank (0 best) over the five colour classes 0..4 of the stylesheet."""
    if rank is None or of is None:
        return None
    if of <= 1:
        return 0
    return round(4 * rank / (of - 1))


def score_class(score: float | None) -> str:
    """A criterion's colour class from its 0-1 score (an enum, never user text)."""
    if score is None:
        return "none"
    if score >= 0.8:
        return "good"
    if score >= 0.5:
        return "fair"
    return "poor"


def slugify(text: str, fallback: str = "report") -> str:
    """A report's file name from an organization's name (`present.slugify`)."""
    return present.slugify(text, fallback)


# --- the view ------------------------------------------------------------------------------


STATUS_TEXT = {
    "scored": "",
    "opacity": N_("Don't know — scored as opacity (0)"),
    "dont_know": N_("Don't know — left out of the score"),
    "not_applicable": N_("Not applicable"),
    "not_shown": N_("Not asked — its condition was not met"),
    "unanswered": N_("No answer — left out of the score"),
    "text": N_("Free text, not scored"),
}
#: A criterion's kind (model.Criterion.kind, data) in words.
KIND_TEXT = {"rule": N_("Rule"), "practice": N_("Practice")}


def answer_label(crit: Criterion, result: CriterionResult) -> str:
    """The answer in words: option labels, scale positions, numbers with their unit."""
    if result.status != "scored":
        return STATUS_TEXT[result.status] or "—"
    return handler(crit.type).answer_words(crit, result.value)  # type: ignore[arg-type]


@dataclass
class CriterionView:
    id: str
    number: str
    question: str
    kind: str
    status: str
    answer: str
    score: float | None
    score_pct: int | None
    score_class: str
    points_text: str
    weight: float
    red_flags: list[str]
    evidence: str
    evidence_redacted: bool
    links: list[str]
    quote: str
    citation: str
    recommendation: str
    #: The quote in the reader's language, beside the original (from a rubric translation).
    quote_translation: str = ""
    #: Pooled audits only: how the respondents answered, and red flags raised by a minority.
    distribution: list[Share] = field(default_factory=list)
    distribution_text: str = ""
    flag_notes: list[str] = field(default_factory=list)
    evidence_items: list[str] = field(default_factory=list)
    #: Long evidence or many links: the criterion may break across pages (a CSS class switch).
    long: bool = False
    #: A free-text answer in the respondent's words ("" when none, or the report is redacted).
    free_text: str = ""


@dataclass(frozen=True)
class Share:
    """One segment of a pooled criterion's answers: "3 × One closed slate"."""

    label: str
    count: int
    width: float  # percent of the respondents, for the inline bar (a number, never user text)
    css: str  # good | fair | poor | none | dk | na: an enum


@dataclass
class DimensionView:
    id: str
    number: int
    title: str
    description: str
    score_text: str
    score_long: str
    band: str
    band_class: int | None
    range_text: str
    coverage: str
    known: int
    applicable: int
    rule: float | None
    practice: float | None
    gap: float | None
    gap_note: str
    red_flags: list[str]
    criteria: list[CriterionView] = field(default_factory=list)
    #: Pooled audits only: "leaders 75.0 · members 30.0 · gap +45.0".
    roles_text: str = ""


def _citation(rubric: Rubric, crit: Criterion) -> tuple[str, str]:
    if crit.source is None:
        return "", ""
    source = rubric.source(crit.source.ref)
    title = source.title if source else crit.source.ref
    if source and source.author:
        title = f"{source.author}, {title}"
    if crit.source.page:
        title += f", {crit.source.page}"
    return crit.source.quote or "", title


def _range_text(worst: float | None, best: float | None, digits: int = 1) -> str:
    if worst is None or best is None:
        return ""
    low, high = sorted((worst, best))
    if high - low < 0.05:
        return _("exact")
    return f"{number(low, digits)}–{number(high, digits)}"


def _dimension_score(dim: DimensionResult) -> tuple[str, str]:
    """(short, long) score texts: "72.5" / "72.5 of 100", or "35/40" / "35/40 points, rating 2"."""
    return present.dimension_score(dim)


def _gap_note(dim: DimensionResult) -> str:
    note = present.gap_note(dim.gap_note)
    return note[:1].upper() + note[1:]


def _criterion_view(
    rubric: Rubric, dim: Dimension, index: int, result: CriterionResult, redact: bool
) -> CriterionView:
    crit = rubric.criterion(result.id)
    assert crit is not None
    quote, citation = _citation(rubric, crit)
    points = ""
    if crit.uses_points and result.points is not None:
        points = _("{points} of {top} points").format(
            points=i18n.general(result.points), top=i18n.general(crit.points_range[1])
        )
    low = result.score is not None and result.score < 0.5
    free_text, answer = _free_text(result, redact)
    if not answer and result.status != "scored":
        answer = _(STATUS_TEXT[result.status]) or "—"
    return CriterionView(
        id=crit.id,
        number=f"{index}",
        question=crit.question,
        kind=_(KIND_TEXT.get(crit.kind, crit.kind)),
        status=result.status,
        answer=answer or answer_label(crit, result),
        score=result.score,
        score_pct=None if result.score is None else round(100 * result.score),
        score_class=score_class(result.score),
        points_text=points,
        weight=crit.weight,
        red_flags=[_flag_title(rubric, f) for f in result.red_flags],
        evidence="" if redact else result.evidence,
        evidence_redacted=redact and bool(result.evidence or result.links),
        links=[] if redact else list(result.links),
        quote=quote,
        quote_translation=(crit.source.quote_translation or "") if crit.source else "",
        citation=citation,
        recommendation=crit.recommendation_for(result.value) if low else "",
        long=len(result.evidence) + len(free_text) > LONG_EVIDENCE
        or len(result.links) > LONG_LINKS,
        free_text=free_text,
    )


#: How much of a free-text answer the appendix table quotes (the criterion shows it whole).
FREE_TEXT_EXCERPT = 160
FREE_TEXT_WITHHELD = N_("A free-text answer was given; its words are withheld (report redacted)")


def _free_text(result: CriterionResult, redact: bool) -> tuple[str, str]:
    """(the answer's words, its label) for a free-text criterion; ("", "") for any other.

    Redacted, the report says that an answer was given, not what it says.
    """
    if result.status != "text":
        return "", ""
    text = result.value.strip() if isinstance(result.value, str) else ""
    if not text:
        return "", _("No free-text answer given")
    if redact:
        return "", _(FREE_TEXT_WITHHELD)
    excerpt = " ".join(text.split())
    if len(excerpt) > FREE_TEXT_EXCERPT:
        excerpt = excerpt[: FREE_TEXT_EXCERPT - 1].rstrip() + "…"
    return text, f"“{excerpt}”"


def _flag_title(rubric: Rubric, flag_id: str) -> str:
    flag = rubric.red_flag(flag_id)
    return flag.title if flag else flag_id


def _dimension_view(
    rubric: Rubric, number: int, dim: Dimension, result: DimensionResult, redact: bool
) -> DimensionView:
    short, long = _dimension_score(result)
    shown = [c for c in result.criteria if c.status != "not_shown"]
    view = DimensionView(
        id=dim.id,
        number=number,
        title=dim.title,
        description=dim.description,
        score_text=short,
        score_long=long,
        band=present.dimension_band(result, none=_("No score")),
        band_class=band_class(result.band.rank, result.band.of) if result.band else None,
        range_text=present.dimension_range(result),
        coverage=fmt_pct(result.coverage),
        known=result.known,
        applicable=result.applicable,
        rule=result.rule_score,
        practice=result.practice_score,
        gap=result.gap,
        gap_note=_gap_note(result),
        red_flags=sorted({_flag_title(rubric, f) for c in result.criteria for f in c.red_flags}),
    )
    view.criteria = [
        _criterion_view(rubric, dim, i, c, redact) for i, c in enumerate(shown, start=1)
    ]
    return view


# --- several respondents and several dates ---------------------------------------------------

#: A leaders-versus-members gap (score points) this large is a finding in the summary.
ROLE_GAP_CALLOUT = 15.0
ROLE_NAMES = {"leader": N_("Leaders"), "member": N_("Members"), "observer": N_("Observers")}
_STATUS_SHARES = (
    ("dont_know", N_("Don't know"), "dk"),
    ("not_applicable", N_("Not applicable"), "na"),
    ("unanswered", N_("No answer"), "na"),
    ("not_shown", N_("Not asked"), "na"),
)


def _role_name(role: str) -> str:
    return _(ROLE_NAMES[role]) if role in ROLE_NAMES else role.capitalize() + "s"


def _role_text(role: str) -> str:
    from ..textout import role_text

    return role_text(role)


def is_pooled(card: Scorecard) -> bool:
    """Whether the scorecard pools several respondents (it carries their distributions)."""
    return card.pooled is not None


def _bucket(crit: Criterion, key: str) -> tuple[str, str, int]:
    """A distribution key in words, its colour class, and its place in the rubric's order."""
    label, score, order = handler(crit.type).bucket_words(crit, key)
    return label, "none" if score is None else score_class(score), order


def distribution(crit: Criterion, info: Mapping[str, Any]) -> list[Share]:
    """A pooled criterion's answers, in the rubric's option order, then the unknowns."""
    parts: list[tuple[int, str, str, int]] = []
    for key, count in info.get("answers", {}).items():
        label, css, order = _bucket(crit, str(key))
        parts.append((order, label, css, int(count)))
    parts.sort(key=lambda p: (p[0], p[1]))
    for status, label, css in _STATUS_SHARES:
        count = int(info.get(status) or 0)
        if count:
            parts.append((0, _(label), css, count))
    total = sum(p[3] for p in parts) or 1
    return [
        Share(label, count, round(100 * count / total, 2), css) for _, label, css, count in parts
    ]


def distribution_text(shares: Sequence[Share]) -> str:
    """ "3 × One closed slate, 1 × Don't know"."""
    return ", ".join(f"{integer(s.count)} × {s.label}" for s in shares) or _("No answers")


def _pool_criterion_view(rubric: Rubric, card: Scorecard, view: CriterionView) -> None:
    """Fill a criterion's view with the respondents' distribution (pooled audits only)."""
    crit = rubric.criterion(view.id)
    info = card.pooled.criterion(view.id) if card.pooled else None
    if crit is None or not info:
        return
    if info.get("withheld"):
        view.answer = _("Withheld: too few respondents to show their answers")
        view.distribution, view.distribution_text = [], ""
    else:
        view.distribution = distribution(crit, info)
        view.distribution_text = distribution_text(view.distribution)
        view.answer = view.distribution_text
    for record in card.pooled.red_flags if card.pooled else ():
        if record.get("criterion") != view.id:
            continue
        counted = (
            _("counted: a majority") if record["counted"] else _("not counted: not a majority")
        )
        if "raised_by" not in record:
            view.flag_notes.append(f"{_flag_title(rubric, record['id'])}: {counted}")
            continue
        view.flag_notes.append(
            _("{flag}: raised by {raised} of {answered} who answered ({counted})").format(
                flag=_flag_title(rubric, record["id"]),
                raised=integer(record["raised_by"]),
                answered=integer(record["answered"]),
                counted=counted,
            )
        )
    if view.evidence:
        view.evidence_items = [t for t in view.evidence.split("\n\n") if t.strip()]


def _roles_text(by_role: Mapping[str, float | None], gap: float | None) -> str:
    parts = [f"{_role_name(r).lower()} {fmt_num(v)}" for r, v in by_role.items()]
    if gap is not None:
        parts.append(_("gap {gap}").format(gap=fmt_num(gap, sign=True)))
    return " · ".join(parts)


def pooled_view(rubric: Rubric, card: Scorecard) -> dict[str, Any] | None:
    """Who answered, leaders against members per dimension, "don't know" rates and findings.

    Respondents appear by role and count only; ids and file names never reach the report.
    """
    pooled = card.pooled
    if pooled is None:
        return None
    from ..textout import pooled_respondents

    roles = list(pooled.by_role)
    has_gap = "leader" in roles and "member" in roles
    dims = pooled.dimension_roles or {}
    rows = [_gap_row(dim.title, dims.get(dim.id), roles) for dim in rubric.dimensions]
    overall = pooled.overall_roles or RoleScores()
    dk_rates = [
        {
            "role": _role_name(role),
            "count": integer(rate.dont_know),
            "applicable": integer(rate.applicable),
            "rate": "—" if rate.rate is None else fmt_pct(rate.rate),
        }
        for role, rate in (pooled.dont_know_by_role or {}).items()
    ]
    findings = [f.text() for f in pooled.findings]
    gap = overall.leader_member_gap
    if gap is not None and abs(gap) >= ROLE_GAP_CALLOUT:
        findings.insert(
            0,
            (
                _(
                    "Leaders and members see different organizations: leaders score it {points} "
                    "points higher than members do overall."
                )
                if gap > 0
                else _(
                    "Leaders and members see different organizations: leaders score it {points} "
                    "points lower than members do overall."
                )
            ).format(points=fmt_num(abs(gap))),
        )
    from ..textout import identifiable_warning

    privacy = pooled.privacy
    return {
        "trust": _trust_rows(rubric, card),
        "roles_shown": pooled.roles_shown,
        "trust_note": present.words(pooled.trust.note) if pooled.trust else "",
        "text": pooled_respondents(card),
        "withheld": [w.text() for w in privacy.withheld],
        "identifiable": identifiable_warning(card) if privacy.identifiable else "",
        "count": integer(pooled.respondents),
        "roles": [{"name": _role_name(r), "count": integer(pooled.by_role[r])} for r in roles],
        "has_gap": has_gap,
        "gap_rows": rows,
        "gap_overall": _gap_row(_("Overall"), overall, roles),
        "dont_know": dk_rates,
        "findings": findings,
        "dates": list(pooled.dates),
    }


def _trust_rows(rubric: Rubric, card: Scorecard) -> list[dict[str, str]]:
    """Per dimension and overall: the resampled 95% interval and the agreement, in words."""
    from ..pooled import Agreement

    trust = card.pooled.trust if card.pooled else None
    if trust is None:
        return []
    digits = present.overall_digits(card.overall)

    def row(
        title: str, span: tuple[float, float] | None, agree: Agreement | None, d: int
    ) -> dict[str, str]:
        return {
            "title": title,
            "interval": "—" if not span else f"{number(span[0], d)}–{number(span[1], d)}",
            "alpha": number(agree.alpha if agree else None, 2),
            "reading": present.words(agree.reading if agree else ""),
        }

    rows = [
        row(
            d.title,
            trust.dimension_intervals.get(d.id),
            trust.dimensions.get(d.id),
            0 if d.scoring == "points" else 1,
        )
        for d in rubric.dimensions
    ]
    rows.append(row(_("Overall"), trust.interval, trust.overall, digits))
    return rows


def _gap_row(title: str, entry: RoleScores | None, roles: Sequence[str]) -> dict[str, Any]:
    by_role = entry.by_role if entry else {}
    gap = entry.leader_member_gap if entry else None
    return {
        "title": title,
        "scores": [fmt_num(by_role.get(r)) for r in roles],
        "gap": fmt_num(gap, sign=True),
        "callout": gap is not None and abs(gap) >= ROLE_GAP_CALLOUT,
    }


def _pooled_counts(rubric: Rubric, card: Scorecard) -> dict[str, int]:
    """Coverage counts over (respondent, question) pairs, as the pooled coverage is computed."""
    totals = card.pooled.totals if card.pooled else {}
    return {
        "answered": sum(d.known for d in card.dimensions),
        "applicable": sum(d.applicable for d in card.dimensions),
        **{
            key: int(totals.get(key) or 0)
            for key in ("dont_know", "not_applicable", "unanswered", "not_shown", "opacity")
        },
    }


def trend_view(rubric: Rubric, card: Scorecard, points_style: bool) -> dict[str, Any] | None:
    """The trend table (rows: overall and dimensions; columns: dates) and its chart."""
    if card.trend is None or len(card.trend.points) < 2:
        return None
    from markupsafe import Markup

    points = card.trend.points
    dates = [i18n.date(p.date) for p in points]
    digits = 2 if points_style else 1
    titles = {d.id: d.title for d in rubric.dimensions}

    def row(title: str, values: list[float | None], strong: bool = False) -> dict[str, Any]:
        first, last = values[0], values[-1]
        change = None if first is None or last is None else last - first
        return {
            "title": title,
            "cells": [fmt_num(v, digits if strong else 1) for v in values],
            "change": fmt_num(change, digits if strong else 1, sign=True),
            "strong": strong,
        }

    overall = [p.overall for p in points]
    dim_ids = list(points[-1].dimensions)
    dim_values = {d: [p.dimensions.get(d) for p in points] for d in dim_ids}
    rows = [row(_("Overall"), overall, strong=True)]
    rows += [row(titles.get(d, d), dim_values[d]) for d in dim_ids]
    chart_rows = [] if points_style else [ChartRow(_("Overall"), tuple(overall), emphasis=True)]
    chart_rows += [ChartRow(titles.get(d, d), tuple(dim_values[d])) for d in dim_ids]
    description = _("Scores out of 100 of {organization} by date ({dates}): {scores}").format(
        organization=card.organization,
        dates=", ".join(dates),
        scores="; ".join(f"{r['title']} {', '.join(r['cells'])}" for r in rows),
    )
    chart = trend_chart(
        dates,
        chart_rows,
        title=_("Trend of {organization}").format(organization=card.organization),
        description=description,
    )
    return {
        "dates": dates,
        "respondents": [integer(p.respondents) for p in points],
        "bands": [p.band or "—" for p in points],
        "rows": rows,
        "chart": Markup(chart),
        "first": dates[0],
        "last": dates[-1],
    }


def _overall_view(card: Scorecard) -> dict[str, Any]:
    o = card.overall
    points_style = o.method == "mean_of_band_values"
    digits = present.overall_digits(o)
    worst, best = o.range.worst, o.range.best
    width = o.range.width
    score_text = present.overall_score(o)
    unit = present.overall_unit(o)
    wide = present.range_is_wide(o)
    words = ""
    if worst is not None and best is not None and width >= 0.05:
        low, high = sorted((worst, best))
        words = _(
            "If every unknown answer were the worst possible, the score would be {worst} "
            "({worst_band}); if every one were the best, {best} ({best_band})."
        ).format(
            worst=number(worst, digits),
            worst_band=o.range.worst_band or "—",
            best=number(best, digits),
            best_band=o.range.best_band or "—",
        )
        if wide:
            words = (
                _(
                    "A thinly answered audit: the unknown answers leave a wide range, from {low} "
                    "to {high}."
                ).format(low=number(low, digits), high=number(high, digits))
                + " "
                + words
                + " "
                + _("Treat the score as provisional until more questions are answered.")
            )
    elif worst is not None:
        words = _("Every applicable question was answered: the score is exact.")
    if o.provisional:
        words = (
            ngettext(
                "Incomplete: {count} applicable question is unanswered, so the totals and "
                "ratings that depend on it are given as the ranges they could take, not as "
                "results.",
                "Incomplete: {count} applicable questions are unanswered, so the totals and "
                "ratings that depend on them are given as the ranges they could take, not as "
                "results.",
                len(o.missing),
            ).format(count=integer(len(o.missing)))
            + " "
            + words
        )
    total = present.total_text(o)
    return {
        "score_text": score_text,
        "unit": unit,
        "provisional": o.provisional,
        "missing_count": len(o.missing),
        "total_short": present.total_short(o),
        "total_range": present.total_range(o),
        "total_label": o.total_label,
        "total_text": total or "",
        "band": present.overall_band(o, none=_("No score")),
        "band_class": band_class(o.band.rank, o.band.of) if o.band else None,
        "uncapped_band": o.uncapped_band.label if o.uncapped_band else "",
        "capped": bool(o.capped_by),
        "range_text": present.score_range(worst, best, digits),
        "range_words": words,
        "range_wide": wide,
        "range_worst_band": o.range.worst_band or "",
        "range_best_band": o.range.best_band or "",
        "coverage": fmt_pct(o.coverage),
        "higher_is_better": o.higher_is_better,
        "points_style": points_style,
    }


def _recommendations(
    rubric: Rubric, card: Scorecard, gains: list[Gain], digits: int
) -> list[dict[str, Any]]:
    out = []
    titles = {d.id: d.title for d in rubric.dimensions}
    for gain in gains[:TOP_RECOMMENDATIONS]:
        crit = rubric.criterion(gain.criterion_id)
        assert crit is not None
        out.append(
            {
                "id": crit.id,
                "question": crit.question,
                "dimension": titles.get(crit.dimension_id, crit.dimension_id),
                "recommendation": crit.recommendation_for(card.criterion(crit.id).value),
                "gain": fmt_num(gain.gain, digits),
                "score_after": fmt_num(gain.score_after, digits),
                "band_after": gain.band_after or "",
                "band_changes": gain.band_changes,
            }
        )
    return out


def report_context(rubric: Rubric, card: Scorecard, *, redact: bool = False) -> dict[str, Any]:
    """Everything the report template shows, as plain text, numbers and enums."""
    dims_by_id = {d.id: d for d in rubric.dimensions}
    dimensions = [
        _dimension_view(rubric, i, dims_by_id[d.id], d, redact)
        for i, d in enumerate(card.dimensions, start=1)
    ]
    overall = _overall_view(card)
    digits = 2 if overall["points_style"] else 1
    weakest = weakest_dimensions(card)
    dim_view = {d.id: d for d in dimensions}
    crit_dim = {c.id: c.dimension_id for c in rubric.criteria}
    red_flags: list[dict[str, Any]] = []
    by_flag: dict[str, dict[str, Any]] = {}
    for hit in card.red_flags:
        flag = rubric.red_flag(hit.id)
        crit = rubric.criterion(hit.criterion_id)
        if hit.id not in by_flag:
            by_flag[hit.id] = {
                "title": hit.title,
                "description": flag.description if flag else "",
                "questions": [],
                "caps": any(cap.red_flag == hit.id for cap in rubric.caps),
            }
            red_flags.append(by_flag[hit.id])
        dim_title = (
            dim_view[crit_dim[hit.criterion_id]].title if hit.criterion_id in crit_dim else ""
        )
        by_flag[hit.id]["questions"].append(
            {"dimension": dim_title, "question": crit.question if crit else hit.criterion_id}
        )
    capped_titles = [_flag_title(rubric, f) for f in card.overall.capped_by]
    results = [c for d in card.dimensions for c in d.criteria]
    counts = {
        "answered": sum(1 for c in results if c.status == "scored"),
        "dont_know": sum(1 for c in results if c.status in ("dont_know", "opacity")),
        "opacity": sum(1 for c in results if c.status == "opacity"),
        "not_applicable": sum(1 for c in results if c.status == "not_applicable"),
        "unanswered": sum(1 for c in results if c.status == "unanswered"),
        "not_shown": sum(1 for c in results if c.status == "not_shown"),
        "applicable": sum(1 for c in results if c.applicable),
        "evidence": sum(1 for c in results if c.evidence),
        "links": sum(len(c.links) for c in results),
        "criteria": len(results),
    }
    if is_pooled(card):
        counts.update(_pooled_counts(rubric, card))
    bars = [
        charts.Bar(
            label=d.title,
            score=r.score,
            worst=r.range.worst,
            best=r.range.best,
            band_class=d.band_class,
            value_text=(
                (_("don't know") if r.opacity or r.missing else _("no answer"))
                if r.known == 0
                else d.score_text
                if r.scoring == "points"
                else ""
            ),
            answered=r.known > 0,
        )
        for d, r in zip(dimensions, card.dimensions, strict=True)
    ]
    description = _("Dimension scores out of 100: {scores}").format(
        scores="; ".join(
            f"{d.title} {d.score_long}, {d.band}"
            + (
                ", " + _("range {range}").format(range=d.range_text)
                if d.range_text not in ("", _("exact"))
                else ""
            )
            for d in dimensions
        )
    )
    from markupsafe import Markup

    chart = Markup(
        charts.bar_chart(
            bars,
            title=_("Dimension scores of {organization}").format(organization=card.organization),
            description=description,
            direction=i18n.direction(),
        )
    )
    pooled = pooled_view(rubric, card)
    if pooled is not None and card.pooled is not None:
        roles_by_dim = card.pooled.dimension_roles or {}
        for view in dimensions:
            entry = roles_by_dim.get(view.id)
            view.roles_text = _roles_text(
                entry.by_role if entry else {}, entry.leader_member_gap if entry else None
            )
            for crit_view in view.criteria:
                _pool_criterion_view(rubric, card, crit_view)
    gains = what_if(rubric, card)
    band_table = rubric.band_tables[rubric.overall_bands]
    return {
        "rubric": rubric,
        "card": card,
        "language": i18n.current_language(),
        "direction": i18n.direction(),
        "ci95": i18n.percent(0.95),
        "page_counter": ", persian" if i18n.current_language() == "fa" else "",
        "organization": card.organization,
        "date": i18n.date(card.date),
        "respondent": (
            pooled["text"]
            if pooled is not None
            else ngettext("{count} respondent", "{count} respondents", card.respondents).format(
                count=integer(card.respondents)
            )
            if card.respondents > 1
            else _("one respondent ({role})").format(role=_role_text(card.role))
        ),
        "pooled": pooled,
        "trend": trend_view(rubric, card, overall["points_style"]),
        "overall": overall,
        "capped_titles": capped_titles,
        "red_flags": red_flags,
        "red_flag_hits": len(card.red_flags),
        "weakest": [
            {"view": dim_view[d.id], "informed": fmt_num(d.informed_score)} for d in weakest
        ],
        "cannot_know": cannot_know(rubric, card),
        "recommendations": _recommendations(rubric, card, gains, digits),
        "gain_count": len(gains),
        "dimensions": dimensions,
        "chart": chart,
        "counts": counts,
        "redact": redact,
        "bands": [
            {
                "label": b.label,
                "range": f"{i18n.general(b.min)}–{i18n.general(b.max)}",
                "class": band_class(i, len(band_table.bands)),
            }
            for i, b in enumerate(band_table.bands)
        ],
        "caps": [{"flag": _flag_title(rubric, c.red_flag), "band": c.band} for c in rubric.caps],
        "opacity_questions": sum(1 for c in rubric.criteria if c.dont_know == "opacity"),
        "points_rubric": any(d.scoring == "points" for d in rubric.dimensions),
        "gap_callout": integer(int(GAP_CALLOUT)),
        "callout_coverage": fmt_pct(CALLOUT_MIN_COVERAGE),
    }


def weakest_dimensions(card: Scorecard, count: int = 3) -> list[DimensionResult]:
    """The dimensions that fare worst on what respondents answered with knowledge.

    A "don't know" scored as opacity is a finding of its own (`cannot_know`), not a verdict on
    practice: ranking by it would put dimensions nobody could answer above the one the
    respondent actually knew to be bad.
    """
    informed = [d for d in card.dimensions if d.informed_score is not None]
    return sorted(informed, key=lambda d: (d.informed_score or 0.0, d.id))[:count]


def cannot_know(rubric: Rubric, card: Scorecard) -> list[dict[str, Any]]:
    """Per dimension, the questions whose "don't know" counts as opacity: members cannot know."""
    out = []
    for dim in card.dimensions:
        questions = [rubric.criterion(c) for c in dim.opacity]
        if questions:
            out.append({"dimension": dim.title, "questions": [q.question for q in questions if q]})
    return out


def render_report_html(rubric: Rubric, card: Scorecard, *, redact: bool = False) -> str:
    """The audit report as one self-contained HTML document (styles inline, nothing to fetch).

    Respondent ids never appear; with `redact`, evidence text and links are left out too and
    only their counts remain.
    """
    template = environment().get_template("report.html.j2")
    return template.render(**report_context(rubric, card, redact=redact))

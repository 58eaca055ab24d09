"""A compact Markdown report for pasting into a forum or an issue: summary, table, flags, fixes.

User text (organization, evidence) is not put in Markdown here except the organization name and
free-text answers, whose Markdown and HTML specials are escaped so a forum does not render them
as markup; redacted, a free-text answer is said to have been given, its words left out. Every
text passes `safetext.safe_terminal_text` too: controls and bidi characters are shown, not obeyed.
"""

from __future__ import annotations

import re

from .. import i18n, present
from ..i18n import _, integer, ngettext, number
from ..model import Rubric
from ..safetext import safe_line, safe_terminal_text
from ..scoring import Scorecard, what_if
from .html import TOP_RECOMMENDATIONS, _dimension_score, _gap_note, _range_text

_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_escape(text: str) -> str:
    """Escape Markdown and HTML specials, fold newlines and show controls, so text stays text."""
    text = (
        safe_line(" ".join(text.split()))
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    return _SPECIAL.sub(r"\\\1", text)


def _pooled_lines(card: Scorecard) -> list[str]:
    """Who answered (by role and count), role gaps and findings; the trend over dates."""
    from ..textout import pooled_respondents

    lines: list[str] = []
    if card.pooled is not None:
        pooled = card.pooled
        lines.append(
            _("Pooled from {respondents}.").format(respondents=md_escape(pooled_respondents(card)))
        )
        from ..textout import privacy_lines

        lines += [f"- {md_escape(line)}" for line in privacy_lines(card)]
        from ..textout import agreement_lines

        lines += [f"- {md_escape(line)}" for line in agreement_lines(card)]
        gap = pooled.overall_roles.leader_member_gap if pooled.overall_roles else None
        if gap is not None:
            lines.append(
                _("Leaders minus members, overall: {gap} points.").format(
                    gap=number(gap, sign=True)
                )
            )
        lines += [f"- {md_escape(f.text())}" for f in pooled.findings]
        lines.append("")
    points = card.trend.points if card.trend else ()
    if len(points) >= 2:
        series = ", ".join(f"{md_escape(i18n.date(p.date))} {number(p.overall)}" for p in points)
        lines += [_("Trend of the overall score: {series}.").format(series=series), ""]
    return lines


def _free_text_lines(rubric: Rubric, card: Scorecard, redact: bool) -> list[str]:
    """Each free-text answer given, after its question; redacted, only that one was given."""
    from .html import FREE_TEXT_WITHHELD

    lines = []
    for result in (c for d in card.dimensions for c in d.criteria):
        crit = rubric.criterion(result.id)
        text = result.value.strip() if isinstance(result.value, str) else ""
        if crit is None or result.status != "text" or not text:
            continue
        withheld = _(FREE_TEXT_WITHHELD)
        words = withheld[:1].lower() + withheld[1:] if redact else text
        lines.append(f"- *{md_escape(crit.question)}*  \n  {md_escape(words)}")
    return ["", "**" + _("Free-text answers") + "**", "", *lines] if lines else []


def render_markdown(rubric: Rubric, card: Scorecard, *, redact: bool = False) -> str:
    o = card.overall
    digits = present.overall_digits(o)
    score = present.overall_score(o)
    unit = present.overall_unit(o)
    band = present.overall_band(o, _("no score"))
    lines = [
        f"## {md_escape(card.organization)}: {md_escape(band)} ({score} {unit})",
        "",
        f"*{md_escape(rubric.title)}* {md_escape(rubric.version)} · "
        f"{md_escape(i18n.date(card.date))} · "
        + _("coverage {coverage}").format(coverage=i18n.percent(o.coverage))
        + (
            " · "
            + _("range if unknowns {range}").format(
                range=_range_text(o.range.worst, o.range.best, digits)
            )
            if o.range.width >= 0.05
            else ""
        ),
        "",
    ]
    total = present.total_text(o)
    if total:
        lines += [f"{md_escape(o.total_label)}: {total}.", ""]
    if o.provisional:
        lines += [
            ngettext(
                "Incomplete: {count} applicable question unanswered; ratings that depend on it "
                "are shown as ranges, not results.",
                "Incomplete: {count} applicable questions unanswered; ratings that depend on them "
                "are shown as ranges, not results.",
                len(o.missing),
            ).format(count=integer(len(o.missing))),
            "",
        ]
    lines += _pooled_lines(card)
    if o.capped_by:
        titles = [rubric.red_flag(f).title if rubric.red_flag(f) else f for f in o.capped_by]  # type: ignore[union-attr]
        lines += [_("Band capped by: {flags}.").format(flags=md_escape(", ".join(titles))), ""]
    if card.red_flags:
        from ..present import red_flags_text

        flags = red_flags_text(card)
        lines += [f"**{flags[:1].upper() + flags[1:]}**", ""]
        seen: set[str] = set()
        for hit in card.red_flags:
            if hit.id not in seen:
                seen.add(hit.id)
                lines.append(f"- {md_escape(hit.title)}")
        lines.append("")
    opaque = [
        f"{md_escape(d.title)} ({integer(len(d.opacity))})" for d in card.dimensions if d.opacity
    ]
    if opaque:
        lines += [
            _(
                '**Members cannot know** ("don\'t know" where not knowing is the finding, scored '
                "as worst): {dimensions}."
            ).format(dimensions="; ".join(opaque)),
            "",
        ]
    header = (_("Dimension"), _("Score"), _("Band"), _("Range"), _("Coverage"), _("Rules"))
    lines += [
        "| " + " | ".join((*header, _("Practice"))) + " |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for d in card.dimensions:
        short, _long = _dimension_score(d)
        note = _gap_note(d)
        lines.append(
            "| "
            + " | ".join(
                [
                    md_escape(d.title) + (f" ({note.lower()})" if note else ""),
                    short,
                    md_escape(present.dimension_band(d)),
                    present.dimension_range(d) or "—",
                    i18n.percent(d.coverage),
                    number(d.rule_score, 0),
                    number(d.practice_score, 0),
                ]
            )
            + " |"
        )
    gains = what_if(rubric, card)[:TOP_RECOMMENDATIONS]
    if gains:
        lines += ["", "**" + _("What would move the score most") + "**", ""]
        for i, g in enumerate(gains, start=1):
            crit = rubric.criterion(g.criterion_id)
            advice = crit.recommendation_for(card.criterion(crit.id).value) if crit else ""
            text = advice or g.criterion_id
            band_after = (
                ", " + _("to {band}").format(band=md_escape(g.band_after))
                if g.band_changes and g.band_after
                else ""
            )
            lines.append(
                f"{integer(i)}. **{number(g.gain, digits, sign=True)}**{band_after}: "
                f"{md_escape(text)}"
            )
    lines += _free_text_lines(rubric, card, redact)
    lines += [
        "",
        "<sub>orgaudit · "
        + _("rubric {rubric} {version}").format(
            rubric=md_escape(rubric.id), version=md_escape(rubric.version)
        )
        + f" · {card.rubric_hash}</sub>",
        "",
    ]
    return safe_terminal_text("\n".join(lines))

"""A compact Markdown report for pasting into a forum or an issue: summary, table, flags, fixes.

User text (organization, evidence) is not put in Markdown here except the organization name and
free-text answers, whose Markdown and HTML specials are escaped so a forum does not render them
as markup; redacted, a free-text answer is said to have been given, its words left out. Every
text passes `safetext.safe_terminal_text` too: controls and bidi characters are shown, not obeyed.
"""

from __future__ import annotations

import re

from .. import present
from ..model import Rubric
from ..safetext import safe_line, safe_terminal_text
from ..scoring import Scorecard, what_if
from .html import TOP_RECOMMENDATIONS, _dimension_score, _gap_note, _range_text, is_pooled

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
    from ..aggregate import respondents_text

    extra = card.extra or {}
    lines: list[str] = []
    if is_pooled(card):
        lines.append(f"Pooled from {md_escape(respondents_text(card))}.")
        from ..textout import privacy_lines

        lines += [f"- {md_escape(line)}" for line in privacy_lines(card)]
        from ..textout import agreement_lines

        lines += [f"- {md_escape(line)}" for line in agreement_lines(card)]
        gap = (extra.get("overall") or {}).get("leader_member_gap")
        if gap is not None:
            lines.append(f"Leaders minus members, overall: {gap:+.1f} points.")
        lines += [f"- {md_escape(f['text'])}" for f in extra.get("dont_know_findings", ())]
        lines.append("")
    points = (extra.get("trend") or {}).get("points", ())
    if len(points) >= 2:
        series = ", ".join(
            f"{md_escape(p['date'] or 'undated')} "
            + ("—" if p["overall"] is None else f"{p['overall']:.1f}")
            for p in points
        )
        lines += [f"Trend of the overall score: {series}.", ""]
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
        words = FREE_TEXT_WITHHELD[0].lower() + FREE_TEXT_WITHHELD[1:] if redact else text
        lines.append(f"- *{md_escape(crit.question)}*  \n  {md_escape(words)}")
    return ["", "**Free-text answers**", "", *lines] if lines else []


def render_markdown(rubric: Rubric, card: Scorecard, *, redact: bool = False) -> str:
    o = card.overall
    digits = present.overall_digits(o)
    score = present.overall_score(o)
    unit = present.overall_unit(o)
    band = present.overall_band(o, "no score")
    lines = [
        f"## {md_escape(card.organization)}: {md_escape(band)} ({score} {unit})",
        "",
        f"*{md_escape(rubric.title)}* {md_escape(rubric.version)} · "
        f"{md_escape(card.date or 'undated')} · coverage {100 * o.coverage:.0f}%"
        + (
            f" · range if unknowns {_range_text(o.range.worst, o.range.best, digits)}"
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
            f"Incomplete: {len(o.missing)} applicable questions unanswered; ratings that depend "
            "on them are shown as ranges, not results.",
            "",
        ]
    lines += _pooled_lines(card)
    if o.capped_by:
        titles = [rubric.red_flag(f).title if rubric.red_flag(f) else f for f in o.capped_by]  # type: ignore[union-attr]
        lines += [f"Band capped by: {md_escape(', '.join(titles))}.", ""]
    if card.red_flags:
        from ..present import red_flags_text

        lines += [f"**{red_flags_text(card).capitalize()}**", ""]
        seen: set[str] = set()
        for hit in card.red_flags:
            if hit.id not in seen:
                seen.add(hit.id)
                lines.append(f"- {md_escape(hit.title)}")
        lines.append("")
    opaque = [f"{md_escape(d.title)} ({len(d.opacity)})" for d in card.dimensions if d.opacity]
    if opaque:
        lines += [
            '**Members cannot know** ("don\'t know" where not knowing is the finding, scored '
            "as worst): " + "; ".join(opaque) + ".",
            "",
        ]
    lines += [
        "| Dimension | Score | Band | Range | Coverage | Rules | Practice |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for d in card.dimensions:
        short, _ = _dimension_score(d)
        note = _gap_note(d)
        lines.append(
            "| "
            + " | ".join(
                [
                    md_escape(d.title) + (f" ({note.lower()})" if note else ""),
                    short,
                    md_escape(present.dimension_band(d)),
                    present.dimension_range(d) or "—",
                    f"{100 * d.coverage:.0f}%",
                    "—" if d.rule_score is None else f"{d.rule_score:.0f}",
                    "—" if d.practice_score is None else f"{d.practice_score:.0f}",
                ]
            )
            + " |"
        )
    gains = what_if(rubric, card)[:TOP_RECOMMENDATIONS]
    if gains:
        lines += ["", "**What would move the score most**", ""]
        for i, g in enumerate(gains, start=1):
            crit = rubric.criterion(g.criterion_id)
            advice = crit.recommendation_for(card.criterion(crit.id).value) if crit else ""
            text = advice or g.criterion_id
            band_after = (
                f", to {md_escape(g.band_after)}" if g.band_changes and g.band_after else ""
            )
            lines.append(f"{i}. **+{g.gain:.{digits}f}**{band_after}: {md_escape(text)}")
    lines += _free_text_lines(rubric, card, redact)
    lines += [
        "",
        f"<sub>orgaudit · rubric {md_escape(rubric.id)} {md_escape(rubric.version)} · "
        f"{card.rubric_hash}</sub>",
        "",
    ]
    return safe_terminal_text("\n".join(lines))

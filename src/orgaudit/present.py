"""The words and numbers for scores, ranges and bands that every output shares.

Terminal, CSV, Markdown, HTML and PDF call these, so that a figure reads the same everywhere and
an incomplete result is never printed as a fact. Points are shown in points, scores out of 100.
"""

from __future__ import annotations

# the shared words of ranges live beside the methods that use them; outputs take them from here
from .i18n import N_, _, digits, general, ngettext, number, percent
from .methods import dimension_method, overall_method
from .methods import span as _span
from .scoring import DimensionResult, Overall, Scorecard

#: Marked for translation here, shown through `_()`: the shared words of incomplete results.
INCOMPLETE = N_("incomplete")
#: The words `methods.py` gives an overall figure and an unscored dimension, translated where
#: they are shown (methods.py itself keeps English, for the data formats).
METHOD_WORDS = (
    N_("out of 100"),
    N_("mean rating"),
    N_("mean rating (lower is better)"),
    N_("no score"),
)
#: scoring.PAPER and scoring.PRACTICE_AHEAD, the rule/practice call-outs, for translation.
GAP_NOTES = (N_("rules on paper, not in practice"), N_("practice ahead of the rules"))


#: Other library modules' English words that reports show (agreement.reading, its interval note),
#: marked here for the catalog; a test checks they still match the library's texts.
LIBRARY_WORDS = (
    N_("too few comparable answers to measure agreement"),
    N_("respondents largely agree"),
    N_("respondents partly agree: read the spread with care"),
    N_("respondents disagree: read the spread"),
    N_(
        "The certainty range is what the unknown answers could change; the {share} interval is "
        "how much the score depends on which respondents answered (resampling them)."
    ),
)
#: agreement.INTERVAL_NOTE as the library writes it (English, with a fixed "95%"): shown through
#: the message above, whose percentage is written for the reader's locale.
INTERVAL_NOTE = (
    "The certainty range is what the unknown answers could change; the 95% interval is how much "
    "the score depends on which respondents answered (resampling them)."
)


def words(text: str) -> str:
    """A library text of `METHOD_WORDS`, `GAP_NOTES` or `LIBRARY_WORDS` in the reader's words
    (any other text is returned as it is)."""
    if text == INTERVAL_NOTE:
        return _(LIBRARY_WORDS[-1]).format(share=percent(0.95))
    return _(text) if text else ""


def gap_note(text: str) -> str:
    """A dimension's rule/practice call-out (`DimensionResult.gap_note`) in the reader's words."""
    return _(text) if text else ""


def span(low: float, high: float, fmt: str = "g") -> str:
    """ "4–7": a range of two figures in the language's digits."""
    return digits(_span(low, high, fmt))


def band_span(worst: str | None, best: str | None) -> str:
    """The bands a result could take, best first ("4 to 7", "Partly Free to Not Free")."""
    if worst is None or best is None:
        return "—"
    return worst if worst == best else _("{best} to {worst}").format(best=best, worst=worst)


def score_range(worst: float | None, best: float | None, places: int = 1) -> str:
    """The certainty range of a 0-100 score: "40.0–60.0", "exact", or "" when unknown."""
    from .methods import score_range as plain

    text = plain(worst, best, places)
    return _(text) if text == "exact" else digits(text)


def range_is_wide(overall: Overall) -> bool:
    """A thinly answered audit: its method says how wide a certainty range is wide."""
    return overall.range.width >= overall_method(overall.method).wide


def slugify(text: str, fallback: str) -> str:
    """A file name from an organization's name, the same for answers files and reports:
    `Çağ Union (UK)` -> `cag-union-uk`. Accents are dropped from letters that have a plain
    form; letters of other scripts are kept (a Hebrew or Persian name stays readable, and two
    such names do not both become the fallback)."""
    import unicodedata

    kept = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(char):
            continue
        kept.append(char if char.isalnum() else "-")
    slug = "-".join(part for part in "".join(kept).split("-") if part)
    return slug[:60].rstrip("-") or fallback


def dimension_score(dim: DimensionResult) -> tuple[str, str]:
    """(short, long): "72.5" / "72.5 of 100"; "35/40" / "35/40 points, rating 2"; or the range
    a provisional points dimension could take, marked as such (its method words it)."""
    short, long = dimension_method(dim.scoring).texts(dim)
    if dim.scoring != "points" and dim.score is not None:
        figure = number(dim.score)
        return figure, _("{score} of 100").format(score=figure)
    return digits(short), _(long) if long in METHOD_WORDS else digits(long)


def dimension_band(dim: DimensionResult, none: str = "—") -> str:
    """The band, or for an incomplete points dimension whose band is open, the bands it could be."""
    if dim.band is not None:
        return dim.band.label
    if dim.provisional:
        return f"{band_span(dim.range.worst_band, dim.range.best_band)} ({_(INCOMPLETE)})"
    return none


def dimension_range(dim: DimensionResult) -> str:
    """The certainty range in the dimension's own unit: points for points, 0-100 otherwise."""
    text = dimension_method(dim.scoring).range_text(dim)
    return _(text) if text == "exact" else digits(text)


def overall_unit(overall: Overall) -> str:
    """ "out of 100", or "mean rating (lower is better)": what the overall figure counts."""
    return _(overall_method(overall.method).unit(overall.higher_is_better))


def overall_digits(overall: Overall) -> int:
    return overall_method(overall.method).digits


def overall_score(overall: Overall) -> str:
    """The overall figure, or the span an incomplete one could take."""
    digits = overall_digits(overall)
    if overall.score is not None:
        return number(overall.score, digits)
    if overall.provisional and overall.range.worst is not None and overall.range.best is not None:
        return span(overall.range.worst, overall.range.best, f".{digits}f") + "?"
    return "—"


def overall_band(overall: Overall, none: str = "—") -> str:
    if overall.band is not None:
        return overall.band.label
    if overall.provisional:
        return f"{band_span(overall.range.worst_band, overall.range.best_band)} ({_(INCOMPLETE)})"
    return none


def total_text(overall: Overall) -> str | None:
    """A points rubric's aggregate with its range ("Total 78 of -4 to 100"); None for others."""
    if overall.total_range is None:
        return None
    low, high = overall.total_range
    of = _("of {low} to {high}").format(low=general(low), high=general(high))
    if overall.total is not None:
        return f"{general(overall.total)} {of}"
    worst, best = overall.range.worst_points, overall.range.best_points
    if worst is None or best is None:
        return f"— {of}"
    return f"{_(INCOMPLETE)}: {span(worst, best)} {of}"


def total_short(overall: Overall) -> str:
    """The aggregate for a table cell: "78/100", or "29–49/100?" while incomplete."""
    if overall.total_range is None:
        return ""
    top = overall.total_range[1]
    if overall.total is not None:
        return f"{general(overall.total)}/{general(top)}"
    worst, best = overall.range.worst_points, overall.range.best_points
    if worst is None or best is None:
        return "—"
    return f"{span(worst, best)}/{general(top)}?"


def total_range(overall: Overall) -> str:
    """The aggregate's certainty range, in points."""
    worst, best = overall.range.worst_points, overall.range.best_points
    if overall.total_range is None or worst is None or best is None:
        return ""
    if abs(worst - best) < 1e-9:
        return _("exact")
    return _("{range} points").format(range=span(worst, best))


def red_flags_text(card: Scorecard) -> str:
    """The one red-flag count: kinds raised, with the answers that raised them where they differ."""
    kinds, answers = len(card.red_flag_kinds), len(card.red_flags)
    text = ngettext("{count} red flag", "{count} red flags", kinds).format(count=digits(str(kinds)))
    if answers != kinds:
        text += " " + ngettext(
            "(raised by {count} answer)", "(raised by {count} answers)", answers
        ).format(count=digits(str(answers)))
    return text

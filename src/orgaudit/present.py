"""The words and numbers for scores, ranges and bands that every output shares.

Terminal, CSV, Markdown, HTML and PDF call these, so that a figure reads the same everywhere and
an incomplete result is never printed as a fact. Points are shown in points, scores out of 100.
"""

from __future__ import annotations

# the shared words of ranges live beside the methods that use them; outputs take them from here
from .methods import band_span as band_span
from .methods import dimension_method, overall_method
from .methods import score_range as score_range
from .methods import span as span
from .scoring import DimensionResult, Overall, Scorecard

INCOMPLETE = "incomplete"


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
    return dimension_method(dim.scoring).texts(dim)


def dimension_band(dim: DimensionResult, none: str = "—") -> str:
    """The band, or for an incomplete points dimension whose band is open, the bands it could be."""
    if dim.band is not None:
        return dim.band.label
    if dim.provisional:
        return f"{band_span(dim.range.worst_band, dim.range.best_band)} ({INCOMPLETE})"
    return none


def dimension_range(dim: DimensionResult) -> str:
    """The certainty range in the dimension's own unit: points for points, 0-100 otherwise."""
    return dimension_method(dim.scoring).range_text(dim)


def overall_unit(overall: Overall) -> str:
    """ "out of 100", or "mean rating (lower is better)": what the overall figure counts."""
    return overall_method(overall.method).unit(overall.higher_is_better)


def overall_digits(overall: Overall) -> int:
    return overall_method(overall.method).digits


def overall_score(overall: Overall) -> str:
    """The overall figure, or the span an incomplete one could take."""
    digits = overall_digits(overall)
    if overall.score is not None:
        return f"{overall.score:.{digits}f}"
    if overall.provisional and overall.range.worst is not None and overall.range.best is not None:
        return span(overall.range.worst, overall.range.best, f".{digits}f") + "?"
    return "—"


def overall_band(overall: Overall, none: str = "—") -> str:
    if overall.band is not None:
        return overall.band.label
    if overall.provisional:
        return f"{band_span(overall.range.worst_band, overall.range.best_band)} ({INCOMPLETE})"
    return none


def total_text(overall: Overall) -> str | None:
    """A points rubric's aggregate with its range ("Total 78 of -4 to 100"); None for others."""
    if overall.total_range is None:
        return None
    low, high = overall.total_range
    of = f"of {low:g} to {high:g}"
    if overall.total is not None:
        return f"{overall.total:g} {of}"
    worst, best = overall.range.worst_points, overall.range.best_points
    if worst is None or best is None:
        return f"— {of}"
    return f"{INCOMPLETE}: {span(worst, best)} {of}"


def total_short(overall: Overall) -> str:
    """The aggregate for a table cell: "78/100", or "29–49/100?" while incomplete."""
    if overall.total_range is None:
        return ""
    top = overall.total_range[1]
    if overall.total is not None:
        return f"{overall.total:g}/{top:g}"
    worst, best = overall.range.worst_points, overall.range.best_points
    if worst is None or best is None:
        return "—"
    return f"{span(worst, best)}/{top:g}?"


def total_range(overall: Overall) -> str:
    """The aggregate's certainty range, in points."""
    worst, best = overall.range.worst_points, overall.range.best_points
    if overall.total_range is None or worst is None or best is None:
        return ""
    return "exact" if abs(worst - best) < 1e-9 else f"{span(worst, best)} points"


def red_flags_text(card: Scorecard) -> str:
    """The one red-flag count: kinds raised, with the answers that raised them where they differ."""
    kinds, answers = len(card.red_flag_kinds), len(card.red_flags)
    text = f"{kinds} red flag{'s' if kinds != 1 else ''}"
    if answers != kinds:
        text += f" (raised by {answers} answers)"
    return text

"""The words and numbers for scores, ranges and bands that every output shares.

Terminal, CSV, Markdown, HTML and PDF call these, so that a figure reads the same everywhere and
an incomplete result is never printed as a fact. Points are shown in points, scores out of 100.
"""

from __future__ import annotations

from .scoring import DimensionResult, Overall, Scorecard

INCOMPLETE = "incomplete"
#: A certainty range this wide is called out as a thinly answered audit: 20 points of a 0-100
#: score, or 1.5 of a mean rating.
WIDE_RANGE = 20.0
WIDE_RATING_RANGE = 1.5


def range_is_wide(overall: Overall) -> bool:
    limit = WIDE_RANGE if overall.method == "weighted_mean" else WIDE_RATING_RANGE
    return overall.range.width >= limit


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


def span(low: float, high: float, fmt: str = "g") -> str:
    """`low–high`, or the one number when they meet."""
    low, high = sorted((low, high))
    if abs(high - low) < 1e-9:
        return format(low, fmt)
    return f"{format(low, fmt)}–{format(high, fmt)}"


def band_span(worst: str | None, best: str | None) -> str:
    """The bands a result could take, best first ("4 to 7", "Partly Free to Not Free")."""
    if worst is None or best is None:
        return "—"
    return worst if worst == best else f"{best} to {worst}"


def dimension_score(dim: DimensionResult) -> tuple[str, str]:
    """(short, long): "72.5" / "72.5 of 100"; "35/40" / "35/40 points, rating 2"; or the range
    an incomplete points dimension could take, marked as such."""
    if dim.scoring == "points" and dim.points_range is not None:
        top = dim.points_range[1]
        if dim.provisional:
            rng = _points_span(dim)
            rating = band_span(dim.range.worst_band, dim.range.best_band)
            unanswered = len(dim.missing)
            return (
                f"{rng}/{top:g}?",
                f"{INCOMPLETE}: {rng} of {top:g} points, rating {rating} ({unanswered} unanswered)",
            )
        if dim.points is None:
            return "—", "no score"
        short = f"{dim.points:g}/{top:g}"
        rating = f", rating {dim.band.label}" if dim.band else ""
        return short, f"{short} points{rating}"
    if dim.score is None:
        return "—", "no score"
    return f"{dim.score:.1f}", f"{dim.score:.1f} of 100"


def dimension_band(dim: DimensionResult, none: str = "—") -> str:
    """The band, or for an incomplete points dimension whose band is open, the bands it could be."""
    if dim.band is not None:
        return dim.band.label
    if dim.provisional:
        return f"{band_span(dim.range.worst_band, dim.range.best_band)} ({INCOMPLETE})"
    return none


def dimension_range(dim: DimensionResult) -> str:
    """The certainty range in the dimension's own unit: points for points, 0-100 otherwise."""
    if dim.scoring == "points":
        if dim.range.worst_points is None or dim.range.best_points is None:
            return ""
        if abs(dim.range.worst_points - dim.range.best_points) < 1e-9:
            return "exact"
        return _points_span(dim) + " points"
    return score_range(dim.range.worst, dim.range.best)


def score_range(worst: float | None, best: float | None, digits: int = 1) -> str:
    if worst is None or best is None:
        return ""
    low, high = sorted((worst, best))
    if high - low < 0.05:
        return "exact"
    return f"{low:.{digits}f}–{high:.{digits}f}"


def overall_digits(overall: Overall) -> int:
    return 2 if overall.method == "mean_of_band_values" else 1


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


def _points_span(dim: DimensionResult) -> str:
    worst, best = dim.range.worst_points, dim.range.best_points
    assert worst is not None and best is not None
    return span(worst, best)

"""Scoring methods, one class each: how a dimension's criteria make its score, how the
dimensions make the overall result, and the words and decimals each is shown in.

A rubric names them (`scoring:` per dimension, `overall.method`); `scoring` computes with them and
`present` words them, so a new method is one class here, one registry line and the schema's enum.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .model import Dimension, Rubric

if TYPE_CHECKING:
    from .scoring import DimensionResult


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


def score_range(worst: float | None, best: float | None, digits: int = 1) -> str:
    if worst is None or best is None:
        return ""
    low, high = sorted((worst, best))
    if high - low < 0.05:
        return "exact"
    return f"{low:.{digits}f}–{high:.{digits}f}"


# --- dimensions -----------------------------------------------------------------------------


class DimensionMethod:
    """How a dimension's counted criteria make its score (0-100) and, where it has them, points."""

    name = ""

    def total(
        self, dim: Dimension, weight_sum: float, weighted: float, points: float
    ) -> tuple[float, float | None]:
        """(score 0-100, points) from the counted criteria's sums (weights, weighted scores,
        points)."""
        raise NotImplementedError

    def band_input(self, score: float | None, points: float | None) -> float | None:
        """What the dimension's band table is looked up with."""
        return score

    def texts(self, result: DimensionResult) -> tuple[str, str]:
        """(short, long) texts of its score, as every output shows them."""
        if result.score is None:
            return "—", "no score"
        return f"{result.score:.1f}", f"{result.score:.1f} of 100"

    def range_text(self, result: DimensionResult) -> str:
        """Its certainty range, in its own unit."""
        return score_range(result.range.worst, result.range.best)


class WeightedMean(DimensionMethod):
    name = "weighted_mean"

    def total(
        self, dim: Dimension, weight_sum: float, weighted: float, points: float
    ) -> tuple[float, float | None]:
        return 100.0 * weighted / weight_sum, None


class Points(DimensionMethod):
    """Points summed as the criteria give them (a published index may go below zero), held
    within the declared range only where the rubric says `clamp`; the 0-100 score is the
    total's place in its range, held within 0-100."""

    name = "points"

    def total(
        self, dim: Dimension, weight_sum: float, weighted: float, points: float
    ) -> tuple[float, float | None]:
        low, high = dim.points_range
        if dim.clamp:
            points = min(high, max(low, points))
        position = 100.0 * (points - low) / (high - low) if high > low else 100.0
        return min(100.0, max(0.0, position)), points

    def band_input(self, score: float | None, points: float | None) -> float | None:
        return points

    def texts(self, result: DimensionResult) -> tuple[str, str]:
        if result.points_range is None:
            return "—", "no score"
        top = result.points_range[1]
        if result.provisional:
            worst, best = result.range.worst_points, result.range.best_points
            assert worst is not None and best is not None
            rng = span(worst, best)
            rating = band_span(result.range.worst_band, result.range.best_band)
            return (
                f"{rng}/{top:g}?",
                f"incomplete: {rng} of {top:g} points, rating {rating} "
                f"({len(result.missing)} unanswered)",
            )
        if result.points is None:
            return "—", "no score"
        short = f"{result.points:g}/{top:g}"
        rating = f", rating {result.band.label}" if result.band else ""
        return short, f"{short} points{rating}"

    def range_text(self, result: DimensionResult) -> str:
        worst, best = result.range.worst_points, result.range.best_points
        if worst is None or best is None:
            return ""
        if abs(worst - best) < 1e-9:
            return "exact"
        return span(worst, best) + " points"


# --- overall --------------------------------------------------------------------------------


class OverallMethod:
    """How the dimensions make the overall result, and how it reads."""

    name = ""
    digits = 1
    #: a certainty range this wide is called out as a thinly answered audit
    wide = 20.0

    def score(
        self, rubric: Rubric, dims: Sequence[DimensionResult], pick: str = "score"
    ) -> float | None:
        """The overall figure from each dimension's score, or its worst or best case (`pick`)."""
        raise NotImplementedError

    def unit(self, higher_is_better: bool) -> str:
        return "out of 100"


class WeightedMeanOverall(OverallMethod):
    name = "weighted_mean"

    def score(
        self, rubric: Rubric, dims: Sequence[DimensionResult], pick: str = "score"
    ) -> float | None:
        pairs = [(d.weight, _pick(d, pick)) for d in dims]
        counted = [(w, s) for w, s in pairs if s is not None]
        weight = sum(w for w, _ in counted)
        return sum(w * s for w, s in counted) / weight if weight else None


class MeanOfBandValues(OverallMethod):
    """The mean of the dimensions' band values (a published index's mean rating); a result from
    some of the ratings is not the method's result, so any missing rating leaves it open."""

    name = "mean_of_band_values"
    digits = 2
    wide = 1.5

    def score(
        self, rubric: Rubric, dims: Sequence[DimensionResult], pick: str = "score"
    ) -> float | None:
        values = [_band_value(rubric, d, pick) for d in dims]
        if not values or any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None) / len(values)

    def unit(self, higher_is_better: bool) -> str:
        return "mean rating" + ("" if higher_is_better else " (lower is better)")


def _pick(dim: DimensionResult, pick: str) -> float | None:
    return {"score": dim.score, "worst": dim.range.worst, "best": dim.range.best}[pick]


def _band_value(rubric: Rubric, dim: DimensionResult, pick: str) -> float | None:
    if pick == "score":
        return dim.band.value if dim.band else None
    label = dim.range.worst_band if pick == "worst" else dim.range.best_band
    table = rubric.band_tables[next(d.bands for d in rubric.dimensions if d.id == dim.id)]
    rank = table.rank_of(label) if label else None
    return table.bands[rank].value if rank is not None else None


_DIMENSION: dict[str, DimensionMethod] = {m.name: m for m in (WeightedMean(), Points())}
_OVERALL: dict[str, OverallMethod] = {
    m.name: m for m in (WeightedMeanOverall(), MeanOfBandValues())
}


def dimension_method(name: str) -> DimensionMethod:
    return _DIMENSION[name]


def overall_method(name: str) -> OverallMethod:
    return _OVERALL[name]

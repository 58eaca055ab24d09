"""How far pooled respondents agree, and how sure their pooled score is.

Two numbers a researcher asks of several raters, both computed from the respondents' own
scorecards (numpy and `krippendorff` are imported here only, so start-up never pays for them):

- Krippendorff's alpha, per dimension and overall: the respondents are the raters, the criteria
  the units, each answer's score in [0, 1] the value, at the ordinal level (scores order the
  options from worst to best). Criteria a respondent did not answer are missing values.
- A 95% interval for each pooled score by resampling respondents with replacement (a seeded
  bootstrap, so reports are reproducible). It answers "would other respondents of this kind give
  another score?", where the certainty range answers "what could the unknown answers change?".
"""

from __future__ import annotations

from typing import Any

from .model import Rubric

RESAMPLES = 1000
SEED = 20261127
#: Krippendorff's own conventions: data are reliable from 0.8, tentatively from 0.667.
AGREE, TENTATIVE = 0.8, 0.667
INTERVAL_NOTE = (
    "The certainty range is what the unknown answers could change; the 95% interval is how much "
    "the score depends on which respondents answered (resampling them)."
)


def reading(alpha: float | None) -> str:
    """Alpha in plain words."""
    if alpha is None:
        return "too few comparable answers to measure agreement"
    if alpha >= AGREE:
        return "respondents largely agree"
    if alpha >= TENTATIVE:
        return "respondents partly agree: read the spread with care"
    return "respondents disagree: read the spread"


_DRAWS: dict[int, Any] = {}


def _draws(n: int) -> Any:
    """How often each of 1000 resamples draws each of n respondents (seeded, so the same for
    every audit of n respondents: made once)."""
    import numpy as np

    if n not in _DRAWS:
        if len(_DRAWS) > 64:
            _DRAWS.clear()
        rng = np.random.default_rng(SEED)
        draws = rng.multinomial(n, np.full(n, 1.0 / n), size=RESAMPLES).astype(float)
        draws.flags.writeable = False
        _DRAWS[n] = draws
    return _DRAWS[n]


def alpha(values: Any) -> float | None:
    """Ordinal Krippendorff's alpha of a raters x units array, None where it is undefined."""
    import numpy as np

    paired = np.sum(~np.isnan(values), axis=0) >= 2
    if values.shape[0] < 2 or not paired.any():
        return None
    data = values[:, paired]
    if len(np.unique(data[~np.isnan(data)])) < 2:
        return None  # every answer the same: agreement is total but alpha is undefined
    import krippendorff

    try:
        result = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))
    except (ValueError, ZeroDivisionError):
        return None
    return None if np.isnan(result) else result


def _bootstrap(rubric: Rubric, scores: Any, points: Any, ids: list[str]) -> dict[str, Any]:
    """Per dimension and overall, the 2.5th and 97.5th percentiles of resampled pooled scores."""
    import warnings

    import numpy as np

    # How often each resample draws each respondent; a resample's criterion means are then two
    # matrix products (weighted sums over the respondents who count, and their weights).
    draws = _draws(scores.shape[0])

    def resampled_means(values: Any) -> Any:
        known = ~np.isnan(values)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (draws @ np.where(known, values, 0.0)) / (draws @ known.astype(float))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        means = resampled_means(scores)  # resamples x criteria; NaN where nobody drawn counts
        # points only where a dimension totals them (a third of the time of resampling)
        if any(dim.scoring == "points" for dim in rubric.dimensions):
            mean_points = resampled_means(points)
    column = {cid: j for j, cid in enumerate(ids)}
    dim_values = []
    out: dict[str, Any] = {"dimensions": {}}
    for dim in rubric.dimensions:
        cols = [column[c.id] for c in dim.criteria if c.id in column]
        if dim.scoring == "points":
            counted = ~np.isnan(mean_points[:, cols])
            total = np.where(counted, mean_points[:, cols], 0.0).sum(axis=1)
            low, high = dim.points_range
            if dim.clamp:
                total = np.clip(total, low, high)
            value = np.where(counted.any(axis=1), total, np.nan)
            band_input = value
        else:
            weights = np.array([c.weight for c in dim.criteria if c.id in column])
            m = means[:, cols]
            counted = ~np.isnan(m)
            weight = (counted * weights).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                value = 100.0 * np.where(counted, m, 0.0) @ weights / weight
            band_input = value
        dim_values.append((dim, value, band_input))
    if rubric.overall_method == "weighted_mean":
        stacked = np.stack([v for _, v, _ in dim_values], axis=1)
        weights = np.array([d.weight for d, _, _ in dim_values])
        counted = ~np.isnan(stacked)
        with np.errstate(invalid="ignore", divide="ignore"):
            overall = (np.where(counted, stacked, 0.0) @ weights) / (counted * weights).sum(axis=1)
    else:
        rows = []
        for b in range(RESAMPLES):
            values = []
            for dim, _, band_input in dim_values:
                x = band_input[b]
                values.append(
                    None if np.isnan(x) else rubric.band_tables[dim.bands].lookup(float(x))[1].value
                )
            present = [v for v in values if v is not None]
            rows.append(sum(present) / len(present) if len(present) == len(values) else np.nan)
        overall = np.array(rows)
    found = _intervals([v for _, v, _ in dim_values] + [overall])
    for (dim, _, _), interval in zip(dim_values, found, strict=False):
        out["dimensions"][dim.id] = interval
    out["overall"] = found[-1]
    return out


def _intervals(columns: list[Any]) -> list[list[float] | None]:
    """`_interval` of each array; where none has a NaN, in one call (the same percentiles:
    each column's are taken on its own)."""
    import numpy as np

    stacked = np.stack(columns, axis=1)
    if np.isnan(stacked).any():
        return [_interval(c) for c in columns]
    lows, highs = np.percentile(stacked, [2.5, 97.5], axis=0)
    return [[round(float(lo), 4), round(float(hi), 4)] for lo, hi in zip(lows, highs, strict=True)]


def _interval(values: Any) -> list[float] | None:
    import numpy as np

    finite = values[~np.isnan(values)]
    if len(finite) < RESAMPLES // 2:
        return None
    low, high = np.percentile(finite, [2.5, 97.5])
    return [round(float(low), 4), round(float(high), 4)]


#: What numpy's BLAS reads, once, for how many threads to start.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _import_numpy() -> None:
    """numpy, with its BLAS on one thread unless the user chose otherwise: the products here are
    small, and BLAS threads (one per core) spin between them, taking the cores other processes
    score on. The environment is left as it was (what BLAS reads it reads at import)."""
    import os
    import sys

    if "numpy" in sys.modules:
        return
    unset = [name for name in _BLAS_THREADS if name not in os.environ]
    for name in unset:
        os.environ[name] = "1"
    try:
        import numpy  # noqa: F401
    finally:
        for name in unset:
            os.environ.pop(name, None)


def pooled_statistics(
    rubric: Rubric, scores: Any, points: Any, ids: list[str], *, detail: bool = True
) -> dict[str, Any]:
    """Agreement and resampled intervals for respondents pooled into one audit (JSON-friendly).
    `scores` and `points`: respondents x scored criteria `ids` (NaN where nothing counts), as
    `aggregate._Grid.scored` gives them. Without `detail`, agreement overall only."""
    _import_numpy()
    column = {cid: j for j, cid in enumerate(ids)}
    agreement: dict[str, Any] = {"level": "ordinal"}
    if detail:
        agreement["dimensions"] = {}
        for dim in rubric.dimensions:
            cols = [column[c.id] for c in dim.criteria if c.id in column]
            value = alpha(scores[:, cols])
            agreement["dimensions"][dim.id] = {
                "alpha": None if value is None else round(value, 4),
                "reading": reading(value),
            }
    overall = alpha(scores)
    agreement["overall"] = {
        "alpha": None if overall is None else round(overall, 4),
        "reading": reading(overall),
    }
    interval = _bootstrap(rubric, scores, points, ids)
    interval.update(resamples=RESAMPLES, seed=SEED, level=0.95, note=INTERVAL_NOTE)
    return {"agreement": agreement, "interval": interval}

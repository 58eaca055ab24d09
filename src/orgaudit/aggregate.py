"""Several respondents of one organization -> one audit, with the spread of their answers.

Pure: scorecards in, a scorecard out (`aggregate_scorecards`); only `aggregate_files` at the end
reads files, for the `score`, `report` and `compare` commands. A file read to be pooled is
scored criterion by criterion only (`scoring.ScoredAnswers`): each respondent's own dimensions
are added up only for the breakdowns by role.

How the aggregate is built, so that bands, caps and ranges stay those of the scoring engine:

- Each criterion's score is the mean of the respondents' scores that count (answered, or "don't
  know" where the rubric scores it as opacity); points likewise. `scoring.aggregate` then turns
  these mean criterion scores into dimension and overall scores, bands and caps, as for one person.
- The certainty range is the same aggregation run with every respondent's unknown answer set to the
  worst (then the best) score, criterion by criterion.
- A red flag counts when strictly more than half of the respondents who answered the criterion
  raised it (ties do not count); `extra["red_flags"]` records how many did, counted or not.
- Coverage is over (respondent, criterion) pairs: answered pairs / applicable pairs.
- Every criterion is pooled at once, in respondents x criteria arrays (`_Grid`); each mean is
  still the plain one to the last bit (tests/test_pooling_core.py).
- `value` of an aggregated criterion is the answer a strict majority of those who answered gave,
  else None; the whole distribution is in `extra`. Evidence texts are joined without names.
- `role` is the respondents' common role, or "mixed"; `date` their common date, else the latest.

`Scorecard.extra` (JSON-friendly; respondents appear by role and count, never by id unless
`include_ids=True`)::

    format: "orgaudit-aggregate/1"
    respondents: {count: 7, by_role: {leader: 2, member: 5}}         (+ ids: [...] if asked)
    dates: ["2024-05-01", ...]                                         the distinct dates
    criteria: {criterion id: {
        answers: {option value or bucket: count}, dont_know, not_applicable, unanswered,
        not_shown, respondents, mean_score, by_role: {role: {respondents, dont_know, mean_score}}}}
    dimensions: {dimension id: {by_role: {role: mean score}, leader_member_gap}}
    overall: {by_role: {role: mean score}, leader_member_gap}
    dont_know: {role: {dont_know, applicable, rate}}
    dont_know_findings: [{dimension, title, text, criteria: [{criterion, members_dont_know,
        members, leaders_dont_know, leaders}]}]
    red_flags: [{id, criterion, raised_by, answered, counted}]

Role means are means of each respondent's own dimension (overall) score; the gap is leader mean
minus member mean, so a positive gap means leaders see the organization as more democratic.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .errors import OrgauditError, PassedOnError
from .i18n import neutral
from .model import Criterion, Rubric
from .pooled import Withheld, from_json
from .scoring import (
    UNKNOWN,
    CriterionResult,
    DimensionResult,
    Range,
    Scorecard,
    ScoredAnswers,
    aggregate,
    red_flag_hits,
)

#: What pooling reads of each respondent: a scorecard, or (read from a file to be pooled) the
#: answers scored criterion by criterion, whose dimensions are added up only where shown.
Respondent = Scorecard | ScoredAnswers

AGGREGATE_FORMAT = "orgaudit-aggregate/1"
DK_STATUSES = ("dont_know", "opacity")
#: The fewest respondents a group may have for anything about it to be shown: its answer
#: distribution, free text, and its breakdowns by role. A rubric may ask for more.
MIN_GROUP = 5


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def answer_bucket(crit: Criterion | None, value: Any) -> list[str]:
    """The distribution keys one answer falls under: its options, scale point or number band."""
    if crit is None:
        return [str(v) for v in value] if isinstance(value, tuple | list) else [str(value)]
    from .questions import handler

    return handler(crit.type).buckets(crit, value)


def check_same_audit(cards: Sequence[Respondent]) -> None:
    """Respondents can be pooled only for one organization under one rubric."""
    if not cards:
        raise OrgauditError("no scorecards to aggregate")
    first = cards[0]
    for card in cards[1:]:
        if card.organization != first.organization:
            raise OrgauditError(
                f"cannot pool respondents of different organizations: "
                f"'{first.organization}' and '{card.organization}'",
                file=card.source or None,
                hint="aggregate one organization at a time",
            )
        if (card.rubric_id, card.rubric_version, card.rubric_hash) != (
            first.rubric_id,
            first.rubric_version,
            first.rubric_hash,
        ):
            raise OrgauditError(
                f"respondents of '{first.organization}' answered different rubrics: "
                f"{first.rubric_id} {first.rubric_version} and "
                f"{card.rubric_id} {card.rubric_version}",
                file=card.source or None,
                hint="score every respondent against the same rubric version",
            )


def effective_min_group(rubric: Rubric, min_group: int | None) -> int:
    """The minimum group size in force: the option's, or the rubric's where it is stricter."""
    return max(MIN_GROUP if min_group is None else min_group, rubric.min_group or 0)


def aggregate_scorecards(
    rubric: Rubric,
    cards: Sequence[Respondent],
    *,
    include_ids: bool = False,
    min_group: int | None = None,
    detail: bool = True,
) -> Scorecard:
    """Pool several respondents' scorecards of one organization into one (see module doc).

    Nothing about a group smaller than the minimum group size is kept (`_protect`): every output
    reads the pooled scorecard, so none can show what the library has withheld. Without
    `detail`, only what a row of `score --format csv` shows is worked out (the scores, ranges,
    red flags, what was withheld, overall agreement and interval): a summary, which has no JSON
    form (`Pooled.detailed`).
    """
    check_same_audit(cards)
    if len(cards) == 1 and not include_ids:
        return _whole(rubric, cards[0])
    minimum = effective_min_group(rubric, min_group)
    n = len(cards)
    info_of = _criteria_info(rubric)
    roles = [c.role for c in cards]
    role_groups = _role_groups(roles)
    columns, positions = _columns(rubric, cards)
    grid = _Grid(rubric, cards, columns, positions)
    core = _pool_core(grid, rubric, columns, info_of)
    results: list[CriterionResult] = []
    worst: list[CriterionResult] = []
    best: list[CriterionResult] = []
    crit_extra: dict[str, Any] = {}
    flag_records: list[dict[str, Any]] = []
    pairs: dict[str, tuple[int, int]] = {}  # criterion id: (applicable, known) pairs
    for crit, pooled in zip(rubric.criteria, core, strict=True):
        base = info_of[crit.id].base
        counts, flag_counts = pooled.counts, pooled.flag_counts
        n_answered = counts["scored"]
        flags = tuple(f for f, k in sorted(flag_counts.items()) if 2 * k > n_answered)
        status = _pooled_status(counts)
        pairs[crit.id] = (sum(counts[s] for s in _APPLICABLE), n_answered)
        value: Any = None
        evidence: str = ""
        links: tuple[str, ...] = ()
        if detail:
            groups = role_groups
            if positions is not None and len(positions[crit.id]) != n:
                groups = _role_groups([roles[i] for i in positions[crit.id]])
            extra, value, evidence, links = _criterion_detail(
                crit, columns[crit.id], groups, info_of[crit.id], pooled
            )
            flag_records.extend(
                {
                    "id": f,
                    "criterion": crit.id,
                    "raised_by": k,
                    "answered": n_answered,
                    "counted": f in flags,
                }
                for f, k in sorted(flag_counts.items())
            )
        else:  # what `_protect` reads to withhold follow-ups asked of too few
            extra = {"not_shown": counts["not_shown"], "respondents": pooled.respondents}
        if n < minimum:  # free text and evidence could name their writer
            value, evidence, links = None, "", ()
        results.append(
            CriterionResult(
                status=status,
                value=value,
                score=pooled.mean,
                points=pooled.mean_points,
                red_flags=flags,
                evidence=evidence,
                links=links,
                **base,
            )
        )
        for fill, fill_points, out in (
            (pooled.worst, pooled.worst_points, worst),
            (pooled.best, pooled.best_points, best),
        ):
            out.append(
                CriterionResult(
                    status="scored" if fill is not None else status,
                    score=fill,
                    points=fill_points,
                    red_flags=flags,
                    **base,
                )
            )
        crit_extra[crit.id] = extra

    dims, overall = aggregate(rubric, results)
    dims_w, overall_w = aggregate(rubric, worst)
    dims_b, overall_b = aggregate(rubric, best)
    applicable_pairs = known_pairs = 0
    new_dims = []
    for d, dw, db in zip(dims, dims_w, dims_b, strict=True):
        applicable = known = 0
        for c in d.criteria:
            a, k = pairs.get(c.id, (0, 0))
            applicable += a
            known += k
        applicable_pairs += applicable
        known_pairs += known
        new_dims.append(
            dataclasses.replace(
                d,
                coverage=known / applicable if applicable else 1.0,
                applicable=applicable,
                known=known,
                range=_range(dw, db),
            )
        )
    new_overall = dataclasses.replace(
        overall,
        coverage=known_pairs / applicable_pairs if applicable_pairs else 1.0,
        range=Range(
            overall_w.score,
            overall_b.score,
            overall_w.band.label if overall_w.band else None,
            overall_b.band.label if overall_b.band else None,
        ),
    )
    roles = sorted({c.role for c in cards})
    dates = sorted({c.date for c in cards if c.date})
    info: dict[str, Any] = {
        "format": AGGREGATE_FORMAT,
        "respondents": {
            "count": n,
            "by_role": dict(sorted(Counter(c.role for c in cards).items())),
        },
        "dates": dates,
        "criteria": crit_extra,
    }
    if detail:
        info.update(
            **role_gaps(rubric, cards),
            dont_know=_dont_know_rates(rubric, cards, crit_extra, roles),
            dont_know_findings=dont_know_findings(rubric, crit_extra, minimum),
            red_flags=flag_records,
            totals=_totals(rubric, crit_extra),
        )
    withheld = _protect(info, n, minimum)
    if not detail:
        del info["criteria"]  # counts `_protect` read, not the criteria's distributions
    with neutral():  # the JSON form holds the sentences in English
        texts = [w.text() for w in withheld]
    info["privacy"] = {"min_group": minimum, "identifiable": n < minimum, "withheld": texts}
    if n >= minimum:  # resampling two or three people shows each one's score at its extremes
        from .agreement import pooled_statistics

        info.update(pooled_statistics(rubric, *grid.scored(rubric), detail=detail))
    if include_ids:
        info["respondents"]["ids"] = [c.respondent_id for c in cards]
    return Scorecard(
        organization=cards[0].organization,
        date=dates[-1] if dates else None,
        role=roles[0] if len(roles) == 1 else "mixed",
        respondent_id=None,
        rubric_id=cards[0].rubric_id,
        rubric_version=cards[0].rubric_version,
        rubric_title=cards[0].rubric_title,
        rubric_hash=cards[0].rubric_hash,
        overall=new_overall,
        dimensions=tuple(new_dims),
        red_flags=red_flag_hits(rubric, results),
        source=_common_source([c.source for c in cards]),
        respondents=n,
        extra=info,
        pooled=from_json(info, withheld, detailed=detail),
    )


def _whole(rubric: Rubric, card: Respondent) -> Scorecard:
    return card.scorecard(rubric) if isinstance(card, ScoredAnswers) else card


def _results_of(card: Respondent) -> Sequence[CriterionResult]:
    if isinstance(card, ScoredAnswers):
        return card.results
    return [r for d in card.dimensions for r in d.criteria]


def _totals(rubric: Rubric, crit_extra: dict[str, Any]) -> dict[str, int]:
    """Counts over all (respondent, question) pairs: safe to show for any group size."""
    totals = {
        key: sum(int(e.get(key) or 0) for e in crit_extra.values())
        for key in ("dont_know", "not_applicable", "unanswered", "not_shown")
    }
    totals["opacity"] = sum(
        crit_extra[c.id]["by_role"].get(role, {}).get("dont_know", 0)
        for c in rubric.criteria
        if c.dont_know == "opacity" and c.id in crit_extra
        for role in ("leader", "member")
    )
    return totals


_ROLE_KEYS = ("dimensions", "overall", "dont_know", "dont_know_findings")


def _protect(info: dict[str, Any], n: int, minimum: int) -> list[Withheld]:
    """Withhold, in place, whatever could expose a respondent of a group below `minimum`.

    Below the minimum in all: answer distributions, red-flag counts, free text and every
    breakdown by role. Above it, but with a role below it (one leader among six members): every
    breakdown by role, since the small group's answers follow from the whole and the rest.
    Returns what was withheld and why (every output puts it into words).
    """
    by_role: dict[str, int] = info["respondents"]["by_role"]
    small = {role: k for role, k in by_role.items() if k < minimum}
    withheld: list[Withheld] = []
    if n < minimum:
        for entry in info["criteria"].values():
            for key in ("answers", "dont_know", "not_applicable", "unanswered", "by_role"):
                entry.pop(key, None)
            entry["withheld"] = True
        if "red_flags" in info:
            info["red_flags"] = [
                {k: v for k, v in r.items() if k not in ("raised_by", "answered")}
                for r in info["red_flags"]
            ]
        withheld.append(Withheld("all", minimum, respondents=n))
    elif small:
        for entry in info["criteria"].values():
            entry.pop("by_role", None)
        groups = tuple((k, role) for role, k in small.items())
        withheld.append(Withheld("roles", minimum, groups=groups))
    followups = 0
    for entry in info["criteria"].values():
        shown = entry["respondents"] - entry.get("not_shown", 0)
        if not entry.get("withheld") and 0 < shown < minimum:
            for key in ("answers", "dont_know", "not_applicable", "unanswered", "by_role"):
                entry.pop(key, None)
            entry["withheld"] = True
            followups += 1
    if followups:  # follow-up questions that only a few respondents were asked
        withheld.append(Withheld("followups", minimum, followups=followups))
    if n < minimum or small:
        for key in _ROLE_KEYS:
            info.pop(key, None)
    return withheld


def _range(worst: DimensionResult, best: DimensionResult) -> Range:
    return Range(
        worst.score,
        best.score,
        worst.band.label if worst.band else None,
        best.band.label if best.band else None,
    )


def _common_source(sources: Sequence[str]) -> str:
    """The folder the respondents' files share: file names may name people, so never listed."""
    parents = [os.path.dirname(s) or "." for s in sources if s]
    if not parents:
        return ""
    try:
        return os.path.commonpath(parents)
    except ValueError:
        return ""


class _CritInfo:
    """What pooling needs of one criterion, worked out once per rubric."""

    __slots__ = ("base", "buckets", "high", "low", "memo", "uses_points")

    def __init__(self, crit: Criterion) -> None:
        from .questions import handler

        self.base: dict[str, Any] = {
            "id": crit.id,
            "dimension_id": crit.dimension_id,
            "kind": crit.kind,
            "weight": crit.weight,
        }
        self.low, self.high = crit.points_range
        self.uses_points = crit.uses_points
        self.buckets = handler(crit.type).buckets
        self.memo: dict[tuple[type, Any], list[str]] = {}  # answer: its distribution keys


_INFO: dict[int, tuple[Rubric, dict[str, _CritInfo]]] = {}


def _criteria_info(rubric: Rubric) -> dict[str, _CritInfo]:
    entry = _INFO.get(id(rubric))
    if entry is None or entry[0] is not rubric:
        if len(_INFO) > 16:
            _INFO.clear()
        entry = _INFO[id(rubric)] = (rubric, {c.id: _CritInfo(c) for c in rubric.criteria})
    return entry[1]


def _role_groups(roles: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Each role (sorted) with the positions of its respondents."""
    groups: dict[str, list[int]] = {}
    for i, role in enumerate(roles):
        groups.setdefault(role, []).append(i)
    return sorted(groups.items())


def _columns(
    rubric: Rubric, cards: Sequence[Respondent]
) -> tuple[dict[str, Sequence[CriterionResult]], dict[str, list[int]] | None]:
    """Each criterion's results, one per respondent who has it, in the respondents' order; and
    where some respondents lack a criterion, which respondents each criterion's results are of."""
    flat = [_results_of(card) for card in cards]
    ids = [r.id for r in flat[0]]
    wanted = [c.id for c in rubric.criteria]
    same = len(set(ids)) == len(ids) and set(wanted) <= set(ids)
    if same and all([r.id for r in f] == ids for f in flat[1:]):  # scorecards of one rubric
        return dict(zip(ids, zip(*flat, strict=True), strict=True)), None
    per_crit = [{r.id: r for r in f} for f in flat]
    columns: dict[str, Sequence[CriterionResult]] = {}
    positions: dict[str, list[int]] = {}
    for cid in wanted:
        positions[cid] = [i for i, m in enumerate(per_crit) if cid in m]
        columns[cid] = [per_crit[i][cid] for i in positions[cid]]
    return columns, positions


_APPLICABLE = ("scored", "opacity", "dont_know", "unanswered")

#: Every status, the most informative first (`_pooled_status`); each one's place is its code in
#: `_Grid.codes`.
_CODED: tuple[str, ...] = (
    "scored", "opacity", "dont_know", "unanswered", "not_applicable", "text", "not_shown",
)  # fmt: skip
_CODE = {status: i for i, status in enumerate(_CODED)}
_UNKNOWN_CODES = sorted(_CODE[status] for status in UNKNOWN)


class _Grid:
    """The respondents' results as respondents x criteria arrays, criteria in the rubric's order:
    status codes (-1 where a respondent lacks the criterion), scores and points (NaN where there
    are none). Made once per pooled audit; the means, ranges and agreement all read it.

    Arrays are C-ordered, so that sums down a column add the respondents in their order, as a
    loop would (numpy adds an axis that is not the last one row by row): every pooled figure is
    the same to the last bit as the plain mean of its respondents' values.
    """

    __slots__ = ("codes", "points", "scores")

    def __init__(
        self,
        rubric: Rubric,
        cards: Sequence[Respondent],
        columns: dict[str, Sequence[CriterionResult]],
        positions: dict[str, list[int]] | None,
    ) -> None:
        from .agreement import _import_numpy

        _import_numpy()
        import numpy as np

        crits, n, code = rubric.criteria, len(cards), _CODE
        shape = (len(crits), n)  # built criterion by criterion, then turned
        with_points = any(c.uses_points for c in crits)
        if positions is None:
            nan = np.nan  # a list of floats converts faster than one holding None
            flat = [r for crit in crits for r in columns[crit.id]]
            codes = np.array([code[r.status] for r in flat], dtype=np.int8).reshape(shape)
            scores = np.array([nan if (x := r.score) is None else x for r in flat])
            scores = scores.reshape(shape)
            if with_points:
                points = np.array([nan if (x := r.points) is None else x for r in flat])
                points = points.reshape(shape)
            else:
                points = np.full(shape, nan)
        else:  # respondents who lack some criteria
            codes = np.full(shape, -1, dtype=np.int8)
            scores, points = np.full(shape, np.nan), np.full(shape, np.nan)
            for j, crit in enumerate(crits):
                rows, rs = positions[crit.id], columns[crit.id]
                codes[j, rows] = [code[r.status] for r in rs]
                scores[j, rows] = np.array([r.score for r in rs], dtype=float)
                points[j, rows] = np.array([r.points for r in rs], dtype=float)
        self.codes = np.ascontiguousarray(codes.T)
        self.scores = np.ascontiguousarray(scores.T)
        self.points = np.ascontiguousarray(points.T)

    def scored(self, rubric: Rubric) -> tuple[Any, Any, list[str]]:
        """The scored criteria's columns, with points only where the score counts: what
        agreement and the resampled intervals read (`agreement.pooled_statistics`)."""
        import numpy as np

        where = [j for j, crit in enumerate(rubric.criteria) if crit.scored]
        scores = np.ascontiguousarray(self.scores[:, where])
        points = np.where(np.isnan(scores), np.nan, self.points[:, where])
        return scores, np.ascontiguousarray(points), [rubric.criteria[j].id for j in where]


class _Pooled(NamedTuple):
    """One criterion pooled: its status counts, (worst, best) means and red flags raised."""

    counts: dict[str, int]
    respondents: int
    mean: float | None
    worst: float | None
    best: float | None
    mean_points: float | None
    worst_points: float | None
    best_points: float | None
    flag_counts: Counter[str]


def _pool_core(
    grid: _Grid,
    rubric: Rubric,
    columns: dict[str, Sequence[CriterionResult]],
    info_of: dict[str, _CritInfo],
) -> list[_Pooled]:
    """Every criterion's counts and means at once: the mean of the scores that count; its
    certainty range with every unknown answer at 0 (then 1) and its points at the criterion's
    lowest (highest); points likewise. A mean of no values is None."""
    import numpy as np

    codes, scores, points = grid.codes, grid.scores, grid.points
    crits = rubric.criteria
    counts = (codes[:, :, np.newaxis] == np.arange(len(_CODED))).sum(axis=0).tolist()
    unknown = np.isin(codes, _UNKNOWN_CODES)
    counted = ~np.isnan(scores)
    filled = counted | unknown  # the respondents in the certainty range
    known = np.where(counted, scores, 0.0)
    n_counted, n_filled = counted.sum(axis=0), filled.sum(axis=0)

    def means(values: Any, how_many: Any) -> list[float | None]:
        with np.errstate(invalid="ignore", divide="ignore"):
            found = (values.sum(axis=0) / how_many).tolist()
        return [None if x != x else x for x in found]

    mean = means(known, n_counted)
    worst = means(np.where(unknown, 0.0, known), n_filled)
    best = means(np.where(unknown, 1.0, known), n_filled)
    nothing: list[float | None] = [None] * len(crits)
    mean_pts = worst_pts = best_pts = nothing
    uses_points = [info_of[c.id].uses_points for c in crits]
    if any(uses_points):
        has_points = counted & ~np.isnan(points)
        given = np.where(counted, np.where(np.isnan(points), 0.0, points), 0.0)  # `p or 0.0`
        low = np.array([info_of[c.id].low for c in crits], dtype=float)
        high = np.array([info_of[c.id].high for c in crits], dtype=float)
        mean_pts = means(np.where(has_points, points, 0.0), has_points.sum(axis=0))
        worst_pts = means(np.where(unknown, low, given), n_filled)
        best_pts = means(np.where(unknown, high, given), n_filled)
    present = (codes >= 0).sum(axis=0).tolist()
    pooled = []
    for j, crit in enumerate(crits):
        flagged = [r.red_flags for r in columns[crit.id] if r.red_flags and r.status == "scored"]
        points_too = uses_points[j]
        pooled.append(
            _Pooled(
                counts=dict(zip(_CODED, counts[j], strict=True)),
                respondents=present[j],
                mean=mean[j],
                worst=worst[j],
                best=best[j],
                mean_points=mean_pts[j] if points_too else None,
                worst_points=worst_pts[j] if points_too else None,
                best_points=best_pts[j] if points_too else None,
                flag_counts=Counter(f for fs in flagged for f in set(fs)),
            )
        )
    return pooled


def _criterion_detail(
    crit: Criterion,
    rs: Sequence[CriterionResult],
    role_groups: Sequence[tuple[str, list[int]]],
    info: _CritInfo,
    pooled: _Pooled,
) -> tuple[dict[str, Any], Any, str, tuple[str, ...]]:
    """What the whole pooled audit shows of one criterion beyond its means: the distribution of
    answers and by role (its JSON form), the answer of a strict majority, evidence and links."""
    counts = pooled.counts
    statuses: list[str] = [r.status for r in rs]
    answered = [r for r in rs if r.status == "scored"] if counts["scored"] else []
    values = [v for r in answered if (v := r.value) is not None]
    tally: Counter[Any] = Counter(values)
    answers: dict[str, int] = {}
    memo, buckets = info.memo, info.buckets
    if all(v.__class__ is str or v.__class__ is tuple for v in tally):
        # str (and tuples of str) are equal only when they are the same answer
        for value, k in tally.items():
            keys = memo.get((str, value))
            if keys is None:
                keys = buckets(crit, value)
                if len(memo) < 4096:
                    memo[(str, value)] = keys
            for key in keys:
                answers[key] = answers.get(key, 0) + k
    else:  # 1, 1.0 and True are equal but fall under different keys
        for value in values:
            for key in buckets(crit, value):
                answers[key] = answers.get(key, 0) + 1
    majority = None
    if values:
        value, k = tally.most_common(1)[0]
        majority = value if 2 * k > len(values) else None
    # Pooled texts carry no role and do not follow the files' order (which may follow names):
    # sorted by a hash of their text, so reports stay reproducible.
    evidence = "\n\n".join(sorted({r.evidence for r in rs if r.evidence}, key=_shuffle_key))
    links = tuple(sorted({link for r in rs if r.links for link in r.links}, key=_shuffle_key))
    all_scores = [r.score for r in rs]
    by_role: dict[str, Any] = {}
    for role, where in role_groups:
        mine = [statuses[i] for i in where]
        dont_know = mine.count("dont_know") + mine.count("opacity")
        answered_here = mine.count("scored")
        by_role[role] = {
            "respondents": len(where),
            "dont_know": dont_know,
            "answered": answered_here,
            "applicable": answered_here + dont_know + mine.count("unanswered"),
            "mean_score": _round(_mean([x for i in where if (x := all_scores[i]) is not None])),
        }
    extra = {
        "answers": dict(sorted(answers.items())),
        "dont_know": counts["dont_know"] + counts["opacity"],
        "not_applicable": counts["not_applicable"],
        "unanswered": counts["unanswered"],
        "not_shown": counts["not_shown"],
        "respondents": len(rs),
        "mean_score": _round(pooled.mean),
        "by_role": by_role,
    }
    return extra, majority, evidence, links


def _shuffle_key(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _pooled_status(counts: Mapping[str, int]) -> Any:
    """One status standing for all respondents: the most informative one present."""
    return next((status for status in _CODED if counts[status]), "not_shown")


def role_gaps(rubric: Rubric, cards: Sequence[Respondent]) -> dict[str, Any]:
    """Per dimension and overall: each role's mean score and leader mean minus member mean."""
    whole = [_whole(rubric, c) for c in cards]  # each respondent's own dimensions
    return {
        "dimensions": {
            d.id: _role_means(cards, [c.dimension(d.id).score for c in whole])
            for d in rubric.dimensions
        },
        "overall": _role_means(cards, [c.overall.score for c in whole]),
    }


def _role_means(cards: Sequence[Respondent], scores: Sequence[float | None]) -> dict[str, Any]:
    means: dict[str, float | None] = {}
    for role in sorted({c.role for c in cards}):
        mine = [s for c, s in zip(cards, scores, strict=True) if c.role == role and s is not None]
        means[role] = _round(_mean(mine))
    leader, member = means.get("leader"), means.get("member")
    gap = _round(leader - member) if leader is not None and member is not None else None
    return {"by_role": means, "leader_member_gap": gap}


def dont_know_rates(cards: Sequence[Respondent]) -> dict[str, Any]:
    """Share of applicable questions each role answered "don't know"."""
    out: dict[str, Any] = {}
    for role in sorted({c.role for c in cards}):
        pairs = [r for c in cards if c.role == role for r in _results_of(c)]
        applicable = sum(1 for r in pairs if r.applicable)
        dk = sum(1 for r in pairs if r.status in DK_STATUSES)
        out[role] = {
            "dont_know": dk,
            "applicable": applicable,
            "rate": _round(dk / applicable) if applicable else None,
        }
    return out


def _dont_know_rates(
    rubric: Rubric, cards: Sequence[Respondent], crit_extra: dict[str, Any], roles: Sequence[str]
) -> dict[str, Any]:
    """`dont_know_rates`, from the counts already made per criterion and role where every
    respondent has every criterion of the rubric (and only those)."""
    ids = {c.id for c in rubric.criteria}
    if any(len(_results_of(card)) != len(ids) for card in cards):
        return dont_know_rates(cards)
    out: dict[str, Any] = {}
    for role in sorted(set(roles)):
        dk = applicable = 0
        for entry in crit_extra.values():
            mine = entry["by_role"][role]
            dk += mine["dont_know"]
            applicable += mine["applicable"]
        out[role] = {
            "dont_know": dk,
            "applicable": applicable,
            "rate": _round(dk / applicable) if applicable else None,
        }
    return out


def dont_know_findings(
    rubric: Rubric, crit_extra: dict[str, Any], minimum: int = 1
) -> list[dict[str, Any]]:
    """Criteria most members could not answer but leaders did: what members are kept from knowing.

    A criterion counts when at least half of the members it applied to answered "don't know",
    at least one leader answered it, and leaders answered "don't know" less often than members;
    and only where it applied to at least `minimum` members and `minimum` leaders (a count of
    one or two points at a person).
    """
    findings = []
    for dim in rubric.dimensions:
        items = []
        for crit in dim.criteria:
            roles = crit_extra[crit.id]["by_role"]
            member, leader = roles.get("member"), roles.get("leader")
            if not member or not leader or not member["applicable"] or not leader["answered"]:
                continue
            if min(member["applicable"], leader["applicable"]) < minimum:
                continue
            m_rate = member["dont_know"] / member["applicable"]
            l_rate = leader["dont_know"] / leader["applicable"] if leader["applicable"] else 0.0
            if 2 * member["dont_know"] >= member["applicable"] and l_rate < m_rate:
                items.append(
                    {
                        "criterion": crit.id,
                        "members_dont_know": member["dont_know"],
                        "members": member["applicable"],
                        "leaders_dont_know": leader["dont_know"],
                        "leaders": leader["applicable"],
                    }
                )
        if items:
            parts = [
                f"{i['members_dont_know']} of {i['members']} members answered don't know to "
                f"{i['criterion']}, {i['leaders_dont_know']} of {i['leaders']} leaders"
                for i in items
            ]
            findings.append(
                {
                    "dimension": dim.id,
                    "title": dim.title,
                    "text": f"Members cannot know what leaders know about "
                    f"{dim.title[0].lower() + dim.title[1:]}: " + "; ".join(parts) + ".",
                    "criteria": items,
                }
            )
    return findings


# --- grouping and files ----------------------------------------------------------------------


def group_key(card: Respondent, *, by_date: bool = True) -> tuple[str, str, str, str]:
    return (
        card.organization.casefold(),
        card.rubric_id,
        card.rubric_version,
        (card.date or "") if by_date else "",
    )


def group_scorecards(
    cards: Iterable[Respondent],
    rubric_for: Callable[[Respondent], Rubric],
    *,
    by_date: bool = True,
    include_ids: bool = False,
    min_group: int | None = None,
    detail: bool = True,
) -> list[Scorecard]:
    """Pool the respondents of each organization (and date, unless `by_date` is False).

    Order follows the first appearance of each group; one-respondent groups pass through unchanged.
    `detail`: as `aggregate_scorecards`.
    """
    groups: dict[tuple[str, str, str, str], list[Respondent]] = {}
    for card in cards:
        groups.setdefault(group_key(card, by_date=by_date), []).append(card)
    out = []
    for members in groups.values():
        out.append(
            aggregate_scorecards(
                rubric_for(members[0]),
                members,
                include_ids=include_ids,
                min_group=min_group,
                detail=detail,
            )
        )
    return out


#: A top-level key starts a line: after the newline the text is given with in front, a literal
#: the scan jumps to line by line (a pattern starting with `^` is tried at every character).
_TOP_KEY = re.compile(rb"\n(organization|date)[ \t]*:[ \t]*(\S.*?)[ \t]*$", re.M)


def _header_key(
    path: Path, *, by_date: bool, memo: dict[bytes, Any] | None = None
) -> tuple[str, ...]:
    """A grouping hint read from a file's top-level `organization:` and `date:` lines, without
    parsing the file: each line alone is read as YAML, so quoting and escapes mean what they
    mean in the file.

    A hint may be coarser than `group_key` (groups are split again after scoring) but must never
    part one organization: where either line is missing, continued on the next line, or not a
    plain one-line value, the file's whole header is parsed instead. `memo` keeps each line's
    value read (respondents of one organization share their lines).
    """
    import yaml

    from .yamlio import read_regular

    try:
        # what reading an answers file refuses (a pipe, a device, a file too large for a
        # hint) is left to the full parse, which says so in its turn
        head = read_regular(path, max_bytes=HINT_BYTES - 1)
    except OrgauditError:
        return _parsed_key(path, by_date=by_date)
    found: dict[str, Any] = {}
    head = b"\n" + head
    for match in _TOP_KEY.finditer(head):
        key, raw = match.group(1).decode(), match.group(2)
        following = head[match.end() + 1 : match.end() + 2]
        if (
            key in found
            or raw[:1] in (b"|", b">", b"&", b"*", b"!", b"[", b"{")
            or following in (b" ", b"\t")  # a value continued on the next line
        ):
            return _parsed_key(path, by_date=by_date)
        if memo is not None and raw in memo:
            found[key] = memo[raw]
            continue
        try:
            value = yaml.load(raw, Loader=_line_loader())
        except (yaml.YAMLError, ValueError):
            return _parsed_key(path, by_date=by_date)
        if (
            memo is not None
            and len(memo) < 65536
            and len(raw) <= 256  # a long line is rarely shared, and the memo must stay small
            and isinstance(value, _IMMUTABLE)
        ):
            memo[raw] = value
        found[key] = value
    organization = found.get("organization")
    if not isinstance(organization, str) or "date" not in found:
        return _parsed_key(path, by_date=by_date)
    date = found["date"] if by_date else None
    return (organization.strip().casefold(), str(date or ""))


_IMMUTABLE = (str, int, float, datetime.date, type(None))
#: Answers files of this size or more are grouped by a full parse, not by a hint.
HINT_BYTES = 1 << 20


def _line_loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parsed_key(path: Path, *, by_date: bool) -> tuple[str, ...]:
    """The grouping key from the parsed file; a file that cannot be read gets a key of its own,
    so that scoring reports its error in its turn."""
    from .yamlio import load_yaml

    try:
        data = load_yaml(path).data
    except OrgauditError:
        return ("", str(path))
    if not isinstance(data, dict) or not isinstance(data.get("organization"), str):
        return ("", str(path))
    date = data.get("date") if by_date else None
    return (data["organization"].strip().casefold(), str(date or ""))


#: A group of more files than this is scored on every core, chunk by chunk, and pooled in the
#: main process; smaller groups are scored and pooled in one worker, whole.
WHOLE_GROUP = 256


def iter_pooled(
    files: Iterable[Path],
    runner: Any,
    *,
    by_date: bool = True,
    include_ids: bool = False,
    keep_going: bool = False,
    min_group: int | None = None,
    detail: bool = True,
) -> Iterator[Scorecard]:
    """Pooled scorecards, one group in memory at a time, in the order groups first appear.

    Files are grouped by a hint from their first lines (`_header_key`), then every file is
    parsed and scored once, group after group, on `runner.jobs` processes: each group is
    scored and pooled in one worker, which sends back only the pooled scorecard (a group too
    large for one worker is scored chunk by chunk on all of them and pooled here). `runner` is a
    `batch.Batch`. With `keep_going`, a file that fails is recorded in `runner.errors` and left
    out of its group; otherwise its error propagates. `detail`: as `aggregate_scorecards`.
    """
    from array import array

    from .batch import FileList

    if not isinstance(files, FileList):
        files = FileList([str(path) for path in files])
    # Each group holds its files' places in the list, not their names: the main process keeps
    # the groups while it scores, and the workers forked from it count them again.
    groups: dict[tuple[str, ...], array[int]] = {}
    for index, key in enumerate(_hints(files, runner, by_date)):
        found = groups.get(key)
        if found is None:
            found = groups[key] = array("Q")
        found.append(index)
    options = (by_date, include_ids, keep_going, min_group, detail)
    whole = runner.jobs == 1 or len(groups) > 1

    def tasks() -> Iterator[tuple[list[str], Any]]:
        for places in groups.values():
            paths = [files.name(i) for i in places]
            if whole and len(paths) <= WHOLE_GROUP:
                yield paths, options
            else:
                for i in range(0, len(paths), _CHUNK):
                    yield paths[i : i + _CHUNK], None

    results = runner.map_tasks(_pool_task, tasks())
    for places in groups.values():
        parts = 1 if whole and len(places) <= WHOLE_GROUP else -(-len(places) // _CHUNK)
        cards: list[Respondent] = []
        pooled: list[Scorecard] | None = None
        for outcomes, found, done in itertools.islice(results, parts):
            for kind, value, warnings in outcomes:
                runner.warnings.extend(warnings)
                if kind == "error":
                    runner.failures += 1
                    runner.errors.append(value)
                    if not keep_going:
                        raise PassedOnError(value)
            if done:
                pooled = found
            else:
                cards.extend(found)
        if pooled is None:  # scored in parts, or the worker left pooling (and its error) here
            pooled = (
                group_scorecards(
                    cards,
                    runner.rubric_for,
                    by_date=by_date,
                    include_ids=include_ids,
                    min_group=min_group,
                    detail=detail,
                )
                if cards
                else []
            )
        yield from pooled


_CHUNK = 32
#: Files whose grouping hints one task reads, on every core, where there are several such tasks.
HINT_CHUNK = 512


def _hints(files: Any, runner: Any, by_date: bool) -> Iterator[tuple[str, ...]]:
    """Each file's grouping hint (`_header_key`), in order. With several jobs the hints are read
    on all of them, a chunk of files a task: nothing can be pooled until every file is grouped,
    so this pass would otherwise keep the other cores waiting."""
    if runner.jobs == 1 or len(files) <= HINT_CHUNK:
        memo: dict[bytes, Any] = {}  # respondents of one organization share their header lines
        for name in files.names():  # one name at a time: 100,000 names take 11 MB
            yield _header_key(Path(name), by_date=by_date, memo=memo)
        return
    chunks = (
        ([files.name(i) for i in range(start, min(start + HINT_CHUNK, len(files)))], by_date)
        for start in range(0, len(files), HINT_CHUNK)
    )
    for keys in runner.map_tasks(_hint_task, chunks):
        yield from keys


def _hint_task(runner: Any, task: tuple[list[str], bool]) -> list[tuple[str, ...]]:
    names, by_date = task
    memo: dict[bytes, Any] = {}
    return [_header_key(Path(name), by_date=by_date, memo=memo) for name in names]


def _pool_task(
    runner: Any, task: tuple[list[str], Any]
) -> tuple[list[tuple[str, Any, list[str]]], list[Any], bool]:
    """Score one group's files (in a worker, or here with one job) and, given options, pool
    them. Returns each file's outcome (its scorecard left out when pooled), the scorecards (pooled
    or not), and whether they are pooled. Pooling that fails (respondents of one group who
    cannot be pooled) is left to the main process, to raise its error there in its turn."""
    paths, options = task
    outcomes: list[tuple[str, Any, list[str]]] = []
    cards: list[Respondent] = []
    for path in paths:
        kind, value, warnings = runner._score_one(Path(path), whole=False)
        if kind == "error":
            outcomes.append((kind, value, warnings))
            if options is not None and not options[2]:  # the first error ends the group
                return outcomes, [], True
            continue
        outcomes.append((kind, None, warnings))
        cards.append(value)
    if options is None or not cards:
        return outcomes, cards, options is not None
    by_date, include_ids, _, min_group, detail = options
    try:
        pooled = group_scorecards(
            cards,
            runner.rubric_for,
            by_date=by_date,
            include_ids=include_ids,
            min_group=min_group,
            detail=detail,
        )
    except OrgauditError:
        return outcomes, cards, False
    return outcomes, pooled, True


def aggregate_files(
    paths: Iterable[Path],
    *,
    rubric_path: Path | Sequence[Path] | None = None,
    allow_rubric_change: bool = False,
    by_date: bool = True,
    include_ids: bool = False,
    min_group: int | None = None,
    jobs: int = 1,
    shown: bool = False,
) -> tuple[list[Scorecard], list[str]]:
    """Score answers files (or folders) and pool the respondents of each organization.

    `rubric_path`: a rubric file, or several, each used for the answers that name its id (others
    use the bundled rubric they name). `shown`: score with the rubrics in the reader's language
    (for what people read; the numbers are the same). Returns the scorecards (one per
    organization, and per date when `by_date`), in the order first seen, and the warnings (with
    the workspace's notes). The only function here that reads files; errors propagate as
    `OrgauditError`.
    """
    from .batch import Batch, answers_files
    from .workspace import Workspace

    files = answers_files(paths)
    runner = Batch(
        allow_rubric_change=allow_rubric_change,
        jobs=jobs,
        shown=shown,
        workspace=Workspace(rubric_path),
    )
    grouped = list(
        iter_pooled(files, runner, by_date=by_date, include_ids=include_ids, min_group=min_group)
    )
    return grouped, [*runner.workspace.notes, *runner.warnings]

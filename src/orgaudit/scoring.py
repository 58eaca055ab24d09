"""Pure scoring: a rubric and one respondent's answers in, a `Scorecard` out. No I/O here.

Two stages. `criterion_results` walks the criteria in order, applying conditions as a respondent
meets them, and scores each one in [0, 1] (and in points). `aggregate` turns those results into
dimension and overall scores, bands, caps and certainty ranges; what-if analysis re-runs only it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .conditions import evaluate
from .methods import dimension_method, overall_method
from .model import Answer, Answers, AnswerValue, BandTable, Criterion, Dimension, Rubric
from .questions import handler
from .records import fast_init

if TYPE_CHECKING:
    from .compare import History
    from .pooled import Pooled

Status = Literal[
    "scored", "opacity", "dont_know", "not_applicable", "not_shown", "unanswered", "text"
]

SCORECARD_FORMAT = "orgaudit-scorecard/1"

#: A gap between rule and practice scores (0-100) this large may be called out.
GAP_CALLOUT = 25.0
#: Below this share of applicable questions answered, no rule/practice call-out is made.
CALLOUT_MIN_COVERAGE = 0.5
PAPER = "rules on paper, not in practice"
PRACTICE_AHEAD = "practice ahead of the rules"


@fast_init
@dataclass(frozen=True)
class CriterionResult:
    """How one criterion fared. `score` is None when it does not count towards the score."""

    id: str
    dimension_id: str
    status: Status
    kind: str
    weight: float
    value: AnswerValue | None = None
    score: float | None = None
    points: float | None = None
    red_flags: tuple[str, ...] = ()
    evidence: str = ""
    links: tuple[str, ...] = ()

    @property
    def counted(self) -> bool:
        return self.score is not None

    @property
    def unknown(self) -> bool:
        """Applicable but not known: don't know (either way it is scored) or not answered."""
        return self.status in ("opacity", "dont_know", "unanswered")

    @property
    def applicable(self) -> bool:
        return self.status in ("scored", "opacity", "dont_know", "unanswered")


@fast_init
@dataclass(frozen=True)
class BandResult:
    label: str
    rank: int
    value: float | None
    of: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "rank": self.rank, "value": self.value, "of": self.of}


@fast_init
@dataclass(frozen=True)
class Range:
    """The score (and band) if every unknown answer were the worst or the best option.

    `worst`/`best` are on the 0-100 scale of `score`; for a points dimension (or a points
    rubric's total) `worst_points`/`best_points` give the same range in points.
    """

    worst: float | None
    best: float | None
    worst_band: str | None = None
    best_band: str | None = None
    worst_points: float | None = None
    best_points: float | None = None

    @property
    def settled(self) -> bool:
        """Whether the unknowns cannot change the band."""
        return self.worst_band == self.best_band

    @property
    def width(self) -> float:
        if self.worst is None or self.best is None:
            return 0.0
        return abs(self.best - self.worst)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@fast_init
@dataclass(frozen=True)
class DimensionResult:
    id: str
    title: str
    weight: float
    scoring: str
    score: float | None
    points: float | None
    points_range: tuple[float, float] | None
    band: BandResult | None
    coverage: float
    applicable: int
    known: int
    range: Range
    rule_score: float | None
    practice_score: float | None
    criteria: tuple[CriterionResult, ...]
    missing: tuple[str, ...] = ()
    #: PAPER, PRACTICE_AHEAD or "": see `_gap_note`.
    gap_note: str = ""

    @property
    def complete(self) -> bool:
        """Every applicable criterion answered (an opacity "don't know" counts: it is scored)."""
        return not self.missing

    @property
    def provisional(self) -> bool:
        """A points dimension with unanswered criteria: no total or rating is given as a fact."""
        return self.scoring == "points" and bool(self.missing)

    @property
    def informed_score(self) -> float | None:
        """The score from answers given with knowledge alone (no opacity "don't know" zeros):
        what ranks a dimension as weak, so that not knowing never passes for a bad practice."""
        if self.scoring == "points":
            return self.score
        known = [(r.weight, r.score) for r in self.criteria if r.status == "scored"]
        weight = sum(w for w, _ in known)
        return 100.0 * sum(w * (s or 0.0) for w, s in known) / weight if weight else None

    @property
    def opacity(self) -> tuple[str, ...]:
        """Criteria answered "don't know" where not knowing is itself the finding."""
        return tuple(r.id for r in self.criteria if r.status == "opacity")

    @property
    def gap(self) -> float | None:
        """Rule minus practice: positive when the rules are better than what happens."""
        if self.rule_score is None or self.practice_score is None:
            return None
        return self.rule_score - self.practice_score


@fast_init
@dataclass(frozen=True)
class RedFlagHit:
    id: str
    title: str
    criterion_id: str


@fast_init
@dataclass(frozen=True)
class Overall:
    method: str
    score: float | None
    band: BandResult | None
    uncapped_band: BandResult | None
    capped_by: tuple[str, ...]
    coverage: float
    range: Range
    higher_is_better: bool
    missing: tuple[str, ...] = ()
    provisional: bool = False
    total: float | None = None
    total_range: tuple[float, float] | None = None
    total_label: str = "Total"

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Gain:
    """What fixing one criterion would do to the overall result."""

    criterion_id: str
    dimension_id: str
    gain: float
    score_after: float
    band_after: str | None
    band_changes: bool


@fast_init
@dataclass(frozen=True)
class Scorecard:
    """The one result structure that the CLI, reports and comparisons read."""

    organization: str
    date: str | None
    role: str
    respondent_id: str | None
    rubric_id: str
    rubric_version: str
    rubric_title: str
    rubric_hash: str
    overall: Overall
    dimensions: tuple[DimensionResult, ...]
    red_flags: tuple[RedFlagHit, ...]
    source: str = ""
    respondents: int = 1
    #: The JSON form of what pooling and trends add (`extra` in --format json; a data
    #: interface): outputs read the typed `pooled` and `trend` instead.
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: Several respondents pooled (`aggregate.aggregate_scorecards`).
    pooled: Pooled | None = None
    #: The organization's earlier audits, for its latest one (`compare.with_trends`).
    trend: History | None = None

    def dimension(self, dimension_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dimension_id)

    @property
    def red_flag_kinds(self) -> tuple[str, ...]:
        """The red flags raised, each once, in the order first raised: "the red-flag count" in
        every output is the number of these; `red_flags` holds every answer that raised one."""
        return tuple(dict.fromkeys(h.id for h in self.red_flags))

    def criterion(self, criterion_id: str) -> CriterionResult:
        return next(c for d in self.dimensions for c in d.criteria if c.id == criterion_id)

    def to_dict(
        self, *, include_respondent_id: bool = False, redact_evidence: bool = False
    ) -> dict[str, Any]:
        """The documented JSON form (see README, "The scorecard")."""
        return scorecard_to_dict(
            self, include_respondent_id=include_respondent_id, redact_evidence=redact_evidence
        )


# --- stage 1: criteria ----------------------------------------------------------------------


INSIDERS = ("member", "leader")


def criterion_results(
    rubric: Rubric, answers: Mapping[str, Answer], role: str = "member"
) -> list[CriterionResult]:
    """Score every criterion in rubric order, showing a criterion only when its condition holds.

    "Don't know" scores as opacity only from insiders (members, leaders): a member who cannot
    find out is the finding, an outside observer who was not told is not.
    """
    known: dict[str, AnswerValue] = {}
    results = []
    insider = role in INSIDERS
    for crit in rubric.criteria:
        answer = answers.get(crit.id)
        result = _criterion_result(crit, answer, evaluate(crit.when, known), insider)
        if result.status == "scored" and result.value is not None:
            known[crit.id] = result.value
        results.append(result)
    return results


def _criterion_result(
    crit: Criterion, answer: Answer | None, shown: bool, insider: bool = True
) -> CriterionResult:
    links: tuple[str, ...] = ()
    if answer is None:
        value, evidence, status = None, "", "unanswered"
    else:
        status = answer.status
        value = answer.value if status == "answered" else None
        evidence, links = answer.evidence, answer.links
    score: float | None = None
    points: float | None = None
    flags: tuple[str, ...] = ()
    outcome: Status
    if not shown:
        outcome = "not_shown"
    elif not crit.scored:
        outcome = "text"
    elif status in ("unanswered", "skipped") or (status == "answered" and value is None):
        outcome = "unanswered"
    elif status == "not_applicable":
        outcome = "not_applicable"
    elif status == "dont_know":
        outcome = "dont_know"
        if crit.dont_know == "opacity" and insider:
            outcome, score = "opacity", 0.0
            points = crit.points_range[0] if crit.uses_points else None
    else:
        assert value is not None
        outcome = "scored"
        score, scored_points, flags = handler(crit.type).score(crit, value)
        points = scored_points if crit.uses_points else None
    return CriterionResult(
        crit.id, crit.dimension_id, outcome, crit.kind, crit.weight, value, score, points,
        flags, evidence, links,
    )  # fmt: skip


def score_value(crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
    """Score in [0, 1], points, and red flags raised, for a valid answer to `crit` (its question
    type decides: `questions`)."""
    return handler(crit.type).score(crit, value)


# --- stage 2: dimensions and overall ---------------------------------------------------------


def aggregate(
    rubric: Rubric, results: Sequence[CriterionResult]
) -> tuple[tuple[DimensionResult, ...], Overall]:
    by_dim: dict[str, list[CriterionResult]] = {d.id: [] for d in rubric.dimensions}
    for result in results:
        by_dim[result.dimension_id].append(result)
    dims = tuple(_dimension(rubric, d, by_dim[d.id]) for d in rubric.dimensions)
    flags = {f for r in results for f in r.red_flags}
    return dims, _overall(rubric, dims, flags, results)


Value = tuple[float | None, float | None]
UNKNOWN = frozenset(("opacity", "dont_know", "unanswered"))


class _Tally:
    """What one pass over a dimension's results adds up: its (score, points) as answered and
    with every unknown at its worst and at its best, the applicable, known and missing answers,
    and the rule and practice scores (each sum adds in the order separate passes would)."""

    __slots__ = (
        "answered",
        "applicable",
        "best",
        "kinds_known",
        "known",
        "missing",
        "practice",
        "rule",
        "worst",
    )  # fmt: skip

    def __init__(self, dim: Dimension, results: Iterable[CriterionResult]) -> None:
        span: dict[str, tuple[float, float]] | None = None  # made for the first unknown
        weight = total = points = 0.0  # as answered
        w_weight = w_total = w_points = 0.0  # unknowns at their worst
        b_weight = b_total = b_points = 0.0  # unknowns at their best
        counted = w_counted = b_counted = False
        kind_weight = {"rule": 0.0, "practice": 0.0}
        kind_total = {"rule": 0.0, "practice": 0.0}
        applicable = known = 0
        missing: list[str] = []
        kinds_known: set[str] = set()
        for r in results:
            score, pts, rw, status = r.score, r.points, r.weight, r.status
            if status in UNKNOWN:
                applicable += 1
                if status != "opacity":
                    missing.append(r.id)
                if span is None:
                    span = {c.id: c.points_range for c in dim.criteria}
                low, high = span[r.id]
                w_counted = b_counted = True
                w_weight += rw
                w_total += rw * 0.0
                w_points += low or 0.0
                b_weight += rw
                b_total += rw * 1.0
                b_points += high or 0.0
            elif score is not None:
                w_counted = b_counted = True
                w_weight += rw
                w_total += rw * score
                w_points += pts or 0.0
                b_weight += rw
                b_total += rw * score
                b_points += pts or 0.0
            if status == "scored":
                applicable += 1
                known += 1
                kinds_known.add(r.kind)
            if score is None:
                continue
            counted = True
            weight += rw
            total += rw * score
            points += pts or 0.0
            if r.kind in kind_weight:
                kind_weight[r.kind] += rw
                kind_total[r.kind] += rw * score
        method = dimension_method(dim.scoring)
        none: Value = (None, None)
        self.answered = method.total(dim, weight, total, points) if counted else none
        self.worst = method.total(dim, w_weight, w_total, w_points) if w_counted else none
        self.best = method.total(dim, b_weight, b_total, b_points) if b_counted else none
        self.applicable, self.known, self.missing = applicable, known, tuple(missing)
        self.kinds_known = kinds_known
        self.rule = _kind_score(kind_weight["rule"], kind_total["rule"])
        self.practice = _kind_score(kind_weight["practice"], kind_total["practice"])


def _band(table: BandTable, score: float | None) -> BandResult | None:
    if score is None:
        return None
    rank, band = table.lookup(score)
    return BandResult(label=band.label, rank=rank, value=band.value, of=len(table.bands))


def _dimension(rubric: Rubric, dim: Dimension, results: list[CriterionResult]) -> DimensionResult:
    table = rubric.band_tables[dim.bands]
    tally = _Tally(dim, results)
    (score, points), (worst, worst_pts), (best, best_pts) = tally.answered, tally.worst, tally.best
    band_score = dimension_method(dim.scoring).band_input(score, points)
    if dim.scoring == "points":
        worst_band, best_band = _band(table, worst_pts), _band(table, best_pts)
    else:
        worst_band, best_band = _band(table, worst), _band(table, best)
    missing = tally.missing
    rule, practice = tally.rule, tally.practice
    band = _band(table, band_score)
    if dim.scoring == "points" and missing:
        # A total with unanswered indicators counts them as 0 points: not a fact to print. The
        # rating stands only where every possible answer leads to the same one.
        score = points = None
        settled = worst_band is not None and worst_band.label == (best_band and best_band.label)
        band = worst_band if settled else None
    coverage = tally.known / tally.applicable if tally.applicable else None
    return DimensionResult(
        id=dim.id,
        title=dim.title,
        weight=dim.weight,
        scoring=dim.scoring,
        score=score,
        points=points,
        points_range=dim.points_range if dim.scoring == "points" else None,
        band=band,
        coverage=1.0 if coverage is None else coverage,
        applicable=tally.applicable,
        known=tally.known,
        range=Range(
            worst,
            best,
            worst_band.label if worst_band else None,
            best_band.label if best_band else None,
            worst_pts if dim.scoring == "points" else None,
            best_pts if dim.scoring == "points" else None,
        ),
        rule_score=rule,
        practice_score=practice,
        criteria=tuple(results),
        missing=missing,
        gap_note=_gap_note(dim, table, tally.kinds_known, coverage or 0, rule, practice),
    )


def _gap_note(
    dim: Dimension,
    table: BandTable,
    kinds_known: set[str],
    coverage: float,
    rule: float | None,
    practice: float | None,
) -> str:
    """Call out rules and practice far apart only where a member would agree.

    Not on thin coverage, not without a known answer of each kind, and "rules on paper" never
    when the practice itself is in the dimension's top two bands (rules 100, practice 73 is a
    good organization with fine rules, not a sham).
    """
    if rule is None or practice is None or coverage < CALLOUT_MIN_COVERAGE:
        return ""
    if not {"rule", "practice"} <= kinds_known:
        return ""
    gap = rule - practice
    if gap >= GAP_CALLOUT:
        if dim.scoring == "weighted_mean" and table.lookup(practice)[0] <= 1:
            return ""
        return PAPER
    if -gap >= GAP_CALLOUT:
        return PRACTICE_AHEAD
    return ""


def _kind_score(weight: float, total: float) -> float | None:
    return 100.0 * total / weight if weight else None


def _higher_is_better(table: BandTable) -> bool:
    return table.bands[0].min >= table.bands[-1].min


def _overall_score(
    rubric: Rubric, dims: Sequence[DimensionResult], pick: str = "score"
) -> float | None:
    return overall_method(rubric.overall_method).score(rubric, dims, pick)


def _overall(
    rubric: Rubric,
    dims: Sequence[DimensionResult],
    flags: set[str],
    results: Sequence[CriterionResult],
) -> Overall:
    table = rubric.band_tables[rubric.overall_bands]
    score = _overall_score(rubric, dims)
    uncapped = _band(table, score)
    band, capped_by = _apply_caps(rubric, table, uncapped, flags)
    worst, best = _overall_score(rubric, dims, "worst"), _overall_score(rubric, dims, "best")
    worst_band, _ = _apply_caps(rubric, table, _band(table, worst), flags)
    best_flags = flags - {f for r in results if r.unknown for f in r.red_flags}
    best_band, _ = _apply_caps(rubric, table, _band(table, best), best_flags)
    provisional = any(d.provisional for d in dims)
    settled = worst_band is not None and best_band is not None and worst_band == best_band
    if score is None and provisional and settled:  # the same whatever the unknowns are
        band = uncapped = worst_band
    applicable = [r for r in results if r.applicable]
    known = [r for r in applicable if r.status == "scored"]
    total: float | None = None
    total_range: tuple[float, float] | None = None
    total_worst = total_best = None
    if rubric.points_total:
        pts = [d.points for d in dims]
        total = None if any(p is None for p in pts) else sum(p for p in pts if p is not None)
        total_range = (
            sum(d.points_range[0] for d in dims if d.points_range),
            sum(d.points_range[1] for d in dims if d.points_range),
        )
        total_worst = sum(d.range.worst_points or 0.0 for d in dims)
        total_best = sum(d.range.best_points or 0.0 for d in dims)
    return Overall(
        method=rubric.overall_method,
        score=score,
        band=band,
        uncapped_band=uncapped,
        capped_by=capped_by,
        coverage=len(known) / len(applicable) if applicable else 1.0,
        range=Range(
            worst,
            best,
            worst_band.label if worst_band else None,
            best_band.label if best_band else None,
            total_worst,
            total_best,
        ),
        higher_is_better=_higher_is_better(table),
        missing=tuple(r.id for r in applicable if r.status in ("dont_know", "unanswered")),
        provisional=provisional,
        total=total,
        total_range=total_range,
        total_label=rubric.total_label,
    )


def _apply_caps(
    rubric: Rubric, table: BandTable, band: BandResult | None, flags: set[str]
) -> tuple[BandResult | None, tuple[str, ...]]:
    """Lower the band to the worst cap a raised red flag imposes; never raise it."""
    if band is None:
        return None, ()
    rank, capped_by = band.rank, []
    for cap in rubric.caps:
        cap_rank = table.rank_of(cap.band)
        if cap.red_flag in flags and cap_rank is not None and cap_rank > band.rank:
            capped_by.append(cap.red_flag)
            rank = max(rank, cap_rank)
    if rank == band.rank:
        return band, ()
    capped = table.bands[rank]
    return BandResult(label=capped.label, rank=rank, value=capped.value, of=band.of), tuple(
        capped_by
    )


# --- the whole scorecard --------------------------------------------------------------------


@dataclass(frozen=True)
class ScoredAnswers:
    """One respondent's answers scored criterion by criterion, before dimensions and overall are
    added up (`scorecard` does that). Pooling reads no more of each respondent: a pooled audit's
    dimensions are added up from its pooled criteria, and one respondent's own dimension scores
    are shown only in breakdowns by role."""

    organization: str
    date: str | None
    role: str
    respondent_id: str | None
    rubric_id: str
    rubric_version: str
    rubric_title: str
    rubric_hash: str
    #: Every criterion's result, in the rubric's order.
    results: tuple[CriterionResult, ...]
    source: str = ""

    def scorecard(self, rubric: Rubric) -> Scorecard:
        """The whole scorecard, as `score` gives it."""
        dims, overall = aggregate(rubric, self.results)
        return Scorecard(
            organization=self.organization,
            date=self.date,
            role=self.role,
            respondent_id=self.respondent_id,
            rubric_id=self.rubric_id,
            rubric_version=self.rubric_version,
            rubric_title=self.rubric_title,
            rubric_hash=self.rubric_hash,
            overall=overall,
            dimensions=dims,
            red_flags=red_flag_hits(rubric, self.results),
            source=self.source,
        )


def score_criteria(rubric: Rubric, answers: Answers) -> ScoredAnswers:
    """Score one respondent's answers criterion by criterion (see `ScoredAnswers`)."""
    return ScoredAnswers(
        organization=answers.organization,
        date=answers.date,
        role=answers.respondent.role,
        respondent_id=answers.respondent.id,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        rubric_title=rubric.title,
        rubric_hash=rubric.hash,
        results=tuple(criterion_results(rubric, answers.answers, answers.respondent.role)),
        source=answers.path,
    )


def score(rubric: Rubric, answers: Answers) -> Scorecard:
    """Score one respondent's answers against a rubric."""
    return score_criteria(rubric, answers).scorecard(rubric)


def red_flag_hits(rubric: Rubric, results: Iterable[CriterionResult]) -> tuple[RedFlagHit, ...]:
    hits = []
    for r in results:
        for flag_id in r.red_flags:
            flag = rubric.red_flag(flag_id)
            hits.append(
                RedFlagHit(id=flag_id, title=flag.title if flag else flag_id, criterion_id=r.id)
            )
    return tuple(hits)


def what_if(rubric: Rubric, card: Scorecard) -> list[Gain]:
    """For each scored criterion below full marks, the overall gain if it were fixed; largest first."""
    results = [c for d in card.dimensions for c in d.criteria]
    base = card.overall.score
    if base is None:
        return []
    sign = 1.0 if card.overall.higher_is_better else -1.0
    gains = []
    for i, r in enumerate(results):
        # Only what was scored can be fixed: an unknown left out of the score is a question to
        # answer, not a recommendation (an opacity "don't know" does count, at 0).
        if r.score is None or (r.score >= 1.0 and not r.red_flags):
            continue
        crit = rubric.criterion(r.id)
        assert crit is not None
        fixed = dataclasses.replace(
            r,
            status="scored",
            score=1.0,
            red_flags=(),
            points=crit.points_range[1] if crit.uses_points else None,
        )
        _, overall = aggregate(rubric, [*results[:i], fixed, *results[i + 1 :]])
        after = overall.score if overall.score is not None else base
        gain = sign * (after - base)
        band_after = overall.band.label if overall.band else None
        changes = band_after != (card.overall.band.label if card.overall.band else None)
        if gain > 1e-9 or changes:
            gains.append(Gain(r.id, r.dimension_id, gain, after, band_after, changes))
    gains.sort(key=lambda g: (-g.gain, not g.band_changes, g.criterion_id))
    return gains


def scorecard_to_dict(
    card: Scorecard, *, include_respondent_id: bool = False, redact_evidence: bool = False
) -> dict[str, Any]:
    if card.pooled is not None and not card.pooled.detailed:
        raise ValueError("a summary of pooled respondents has no JSON form: pool with detail")

    def band(b: BandResult | None) -> dict[str, Any] | None:
        return {**b.to_dict(), "value": _f(b.value)} if b else None

    def crit(c: CriterionResult) -> dict[str, Any]:
        value: Any = list(c.value) if isinstance(c.value, tuple) else c.value
        out: dict[str, Any] = {
            "id": c.id,
            "status": c.status,
            "kind": c.kind,
            "weight": _f(c.weight),
            "answer": value,
            "score": _f(c.score),
            "points": _f(c.points),
            "red_flags": list(c.red_flags),
        }
        if redact_evidence:
            out["evidence"], out["links"] = None, len(c.links)
            if c.status == "text" and value is not None:
                out["answer"] = "withheld"  # free text is evidence in the respondent's words
        else:
            out["evidence"], out["links"] = c.evidence or None, list(c.links)
        return out

    respondent: dict[str, Any] = {"role": card.role, "count": card.respondents}
    if include_respondent_id and card.respondent_id:
        respondent["id"] = card.respondent_id
    return {
        "format": SCORECARD_FORMAT,
        "organization": card.organization,
        "date": card.date,
        "respondent": respondent,
        "rubric": {
            "id": card.rubric_id,
            "version": card.rubric_version,
            "title": card.rubric_title,
            "hash": card.rubric_hash,
        },
        "overall": {
            "method": card.overall.method,
            "score": _f(card.overall.score),
            "band": band(card.overall.band),
            "uncapped_band": band(card.overall.uncapped_band),
            "capped_by": list(card.overall.capped_by),
            "coverage": _f(card.overall.coverage),
            "range": _range_dict(card.overall.range),
            "higher_is_better": card.overall.higher_is_better,
            "complete": card.overall.complete,
            "provisional": card.overall.provisional,
            "missing": list(card.overall.missing),
            **(
                {
                    "total": {
                        "label": card.overall.total_label,
                        "points": _f(card.overall.total),
                        "min": _f(card.overall.total_range[0]),
                        "max": _f(card.overall.total_range[1]),
                        "worst": _f(card.overall.range.worst_points),
                        "best": _f(card.overall.range.best_points),
                    }
                }
                if card.overall.total_range is not None
                else {}
            ),
        },
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "weight": _f(d.weight),
                "scoring": d.scoring,
                "score": _f(d.score),
                "points": _f(d.points),
                "points_range": [_f(x) for x in d.points_range] if d.points_range else None,
                "band": band(d.band),
                "coverage": _f(d.coverage),
                "applicable": d.applicable,
                "known": d.known,
                "range": _range_dict(d.range),
                "complete": d.complete,
                "provisional": d.provisional,
                "missing": list(d.missing),
                "rule_score": _f(d.rule_score),
                "practice_score": _f(d.practice_score),
                "gap": _f(d.gap),
                "criteria": [crit(c) for c in d.criteria],
            }
            for d in card.dimensions
        ],
        "red_flags": [
            {"id": h.id, "title": h.title, "criterion": h.criterion_id} for h in card.red_flags
        ],
        **({"extra": dict(card.extra)} if card.extra else {}),
    }


def _f(value: float | None) -> float | None:
    """Every figure of the JSON form is a float (or null): `0` and `30.0` never mix."""
    return None if value is None else float(value)


def _range_dict(rng: Range) -> dict[str, Any]:
    return {
        "worst": _f(rng.worst),
        "best": _f(rng.best),
        "worst_band": rng.worst_band,
        "best_band": rng.best_band,
        "worst_points": _f(rng.worst_points),
        "best_points": _f(rng.best_points),
    }

"""The rubric and answers as frozen data: what every other module reads, none of them writes."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Literal

from .records import fast_init

Kind = Literal["rule", "practice"]
Role = Literal["member", "leader", "observer"]
ROLES: tuple[str, ...] = ("member", "leader", "observer")

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
SKIPPED = "skipped"
RESERVED_VALUES = (DONT_KNOW, NOT_APPLICABLE, SKIPPED)

AnswerValue = str | int | float | tuple[str, ...]


# --- conditions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """`{question: id, equals|in|at_least: ...}`: a test on one earlier answer."""

    question: str
    op: Literal["equals", "in", "at_least"]
    value: str | float | tuple[str | float, ...]


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Leaf | AllOf | AnyOf | Not


# --- rubric ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    score: float
    points: float | None = None
    red_flag: str | None = None
    #: Said when this option is chosen, instead of the criterion's recommendation ("" for none).
    recommendation: str | None = None
    #: Chosen only on its own, in a multi question ("none of these").
    exclusive: bool = False


@dataclass(frozen=True)
class Threshold:
    up_to: float | None
    score: float
    points: float | None = None
    red_flag: str | None = None
    label: str | None = None
    recommendation: str | None = None


@dataclass(frozen=True)
class Citation:
    ref: str
    quote: str | None = None
    page: str | None = None
    #: The quote in the reader's language, shown beside the original (from a rubric translation).
    quote_translation: str | None = None


@dataclass(frozen=True)
class QuestionSpec:
    """What a question type adds to a criterion beyond the common fields: a scale's ends and
    labels (`questions.scale.ScaleSpec`), a number's limits and unit
    (`questions.number.NumberSpec`). Each type in `questions/` defines its own subclass, builds
    it from the rubric (`QuestionType.spec`) and is the only one to read it; this base, with no
    fields, is the spec of a type with nothing of its own."""


@dataclass(frozen=True)
class Criterion:
    """One question of a rubric.

    `spec` holds what only its question type reads (`QuestionSpec`). `options` and
    `thresholds` stay here for every type: they are the generic answer-to-score tables that
    conditions, recommendations, red flags, translations and the outline read whatever the
    type (choice questions have options; numbers and percentages, thresholds)."""

    id: str
    dimension_id: str
    question: str
    #: A question type's name (`orgaudit.questions.names()`), which owns what it means.
    type: str
    kind: Kind = "practice"
    help: str = ""
    weight: float = 1.0
    dont_know: Literal["omit", "opacity"] = "omit"
    not_applicable: bool = False
    options: tuple[Option, ...] = ()
    #: The question type's own fields (`questions.handler(type).spec`).
    spec: QuestionSpec = QuestionSpec()
    thresholds: tuple[Threshold, ...] = ()
    when: Condition | None = None
    recommendation: str = ""
    source: Citation | None = None
    uses_points: bool = False
    #: The fewest and most points one answer can give (`QuestionType.points_range`).
    points_span: tuple[float, float] = (0.0, 0.0)
    hash: str = ""
    #: Its answers count in scores (`QuestionType.scored`: free text is evidence only).
    scored: bool = True

    def recommendation_for(self, value: AnswerValue | None) -> str:
        """The recommendation that addresses this answer: the chosen options' (or the number's
        threshold's) own where the rubric gives one, else the criterion's."""
        own: list[str | None] = []
        if value is not None and self.options:
            chosen = value if isinstance(value, tuple) else (str(value),)
            own = [o.recommendation for o in self.options if o.value in chosen]
        elif isinstance(value, int | float) and self.thresholds:
            hit = next((t for t in self.thresholds if t.up_to is None or value <= t.up_to), None)
            own = [hit.recommendation] if hit else []
        given = [r for r in own if r is not None]
        if given:
            return " ".join(r for r in given if r)
        return self.recommendation

    def option(self, value: str) -> Option | None:
        return self._options_by_value.get(value)

    @functools.cached_property
    def _options_by_value(self) -> dict[str, Option]:
        return {o.value: o for o in self.options}

    @property
    def points_range(self) -> tuple[float, float]:
        """The fewest and most points this criterion can give (its question type decided them
        when the rubric was read)."""
        return self.points_span


@dataclass(frozen=True)
class Band:
    label: str
    min: float
    max: float
    value: float | None = None
    description: str = ""


@dataclass(frozen=True)
class BandTable:
    """Bands listed best first; `rank` 0 is the best band."""

    id: str
    bands: tuple[Band, ...]
    step: float | None = None

    def lookup(self, score: float) -> tuple[int, Band]:
        """The band holding `score`: the one with the highest `min` not above it (the first of
        bands with the same `min`); below every band, the lowest-scoring band."""
        mins, ranks, lowest = self._by_min
        at = bisect.bisect_right(mins, score + 1e-9)
        rank = ranks[at - 1] if at else lowest
        return rank, self.bands[rank]

    @functools.cached_property
    def _by_min(self) -> tuple[list[float], list[int], int]:
        """The bands' mins in ascending order and their ranks (of equal mins, the first band
        last, where `lookup` lands), and the rank of the first band with the lowest min."""
        order = sorted(range(len(self.bands)), key=lambda r: (self.bands[r].min, -r))
        lowest = min(range(len(self.bands)), key=lambda r: self.bands[r].min)
        return [self.bands[r].min for r in order], order, lowest

    def rank_of(self, label: str) -> int | None:
        for rank, band in enumerate(self.bands):
            if band.label == label:
                return rank
        return None


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    bands: str
    criteria: tuple[Criterion, ...]
    description: str = ""
    weight: float = 1.0
    scoring: Literal["weighted_mean", "points"] = "weighted_mean"
    range_min: float | None = None
    range_max: float | None = None
    clamp: bool = False

    @property
    def points_range(self) -> tuple[float, float]:
        """The total's range: declared, or the sum of every criterion's extremes."""
        low = sum(c.points_range[0] for c in self.criteria if c.scored)
        high = sum(c.points_range[1] for c in self.criteria if c.scored)
        return (
            self.range_min if self.range_min is not None else low,
            self.range_max if self.range_max is not None else high,
        )


@dataclass(frozen=True)
class RedFlag:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Cap:
    red_flag: str
    band: str


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str | None = None
    path: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Rubric:
    id: str
    version: str
    title: str
    language: str
    dimensions: tuple[Dimension, ...]
    band_tables: dict[str, BandTable]
    overall_method: Literal["weighted_mean", "mean_of_band_values"]
    overall_bands: str
    description: str = ""
    sources: tuple[Source, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    caps: tuple[Cap, ...] = ()
    total_label: str = "Total"
    min_group: int | None = None
    path: str = ""
    hash: str = ""
    criteria: tuple[Criterion, ...] = field(default=())

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self._by_id().get(criterion_id)

    @property
    def points_total(self) -> bool:
        """A points rubric (every dimension sums points) also reports the sum of its dimensions."""
        return all(d.scoring == "points" for d in self.dimensions)

    def _by_id(self) -> dict[str, Criterion]:
        cached: dict[str, Criterion] | None = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {c.id: c for c in self.criteria}
            object.__setattr__(self, "_by_id_cache", cached)
        return cached

    def red_flag(self, flag_id: str) -> RedFlag | None:
        return next((f for f in self.red_flags if f.id == flag_id), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def criterion_hashes(self) -> dict[str, str]:
        return {c.id: c.hash for c in self.criteria}


# --- answers --------------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True)
class Answer:
    """One criterion's answer: a value, or don't know / not applicable / skipped."""

    criterion_id: str
    value: AnswerValue | None
    status: Literal["answered", "dont_know", "not_applicable", "skipped"] = "answered"
    evidence: str = ""
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Respondent:
    role: str = "member"
    id: str | None = None


@dataclass(frozen=True)
class Answers:
    organization: str
    rubric_id: str
    rubric_version: str
    answers: dict[str, Answer]
    respondent: Respondent = Respondent()
    date: str | None = None
    path: str = ""

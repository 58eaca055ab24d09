"""Typed results of pooling several respondents into one scorecard.

`aggregate.aggregate_scorecards` computes them; every output (terminal, CSV, Markdown, HTML,
PDF, comparisons) reads them through `Scorecard.pooled` instead of walking nested dicts. The
JSON form (`Scorecard.extra`, the `extra` of `--format json`, a data interface kept in neutral
English) is built from the same computation and is unchanged. Sentences (what was withheld and
why, what members cannot know) are kept as their parts and put into words when shown, in the
reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .i18n import _, integer, ngettext


@dataclass(frozen=True)
class Withheld:
    """Something left out of every output so that no respondent can be recognised."""

    #: "all": the whole group is below the minimum; "roles": one role is; "followups": some
    #: follow-up questions were asked of too few.
    what: Literal["all", "roles", "followups"]
    minimum: int
    respondents: int = 0
    #: (count, role) of each role below the minimum.
    groups: tuple[tuple[int, str], ...] = ()
    followups: int = 0

    def text(self) -> str:
        """The sentence every output prints (in the language in force)."""
        from .textout import role_count

        if self.what == "all":
            return _(
                "Withheld to protect respondents: answer distributions, free text, evidence, "
                "breakdowns by role, agreement and resampled intervals ({count} respondents, "
                "fewer than the minimum group of {minimum}, could be recognised from them)."
            ).format(count=integer(self.respondents), minimum=integer(self.minimum))
        if self.what == "roles":
            groups = ", ".join(role_count(k, role) for k, role in self.groups)
            return _(
                "Withheld to protect respondents: breakdowns by role ({groups}, fewer than the "
                "minimum group of {minimum}; their answers could be worked out from the rest)."
            ).format(groups=groups, minimum=integer(self.minimum))
        return ngettext(
            "Withheld to protect respondents: the answers to {count} follow-up question that "
            "fewer than {minimum} respondents were asked.",
            "Withheld to protect respondents: the answers to {count} follow-up questions that "
            "fewer than {minimum} respondents were asked.",
            self.followups,
        ).format(count=integer(self.followups), minimum=integer(self.minimum))


@dataclass(frozen=True)
class Privacy:
    min_group: int
    #: Fewer respondents than the minimum in all: their answers may be recognised.
    identifiable: bool
    withheld: tuple[Withheld, ...] = ()


@dataclass(frozen=True)
class KeptFromMembers:
    """One criterion where most members answered don't know and leaders did not."""

    criterion: str
    members_dont_know: int
    members: int
    leaders_dont_know: int
    leaders: int


@dataclass(frozen=True)
class DontKnowFinding:
    """A dimension whose questions members cannot answer but leaders can."""

    dimension: str
    title: str
    criteria: tuple[KeptFromMembers, ...]

    def text(self) -> str:
        parts = [
            _(
                "{members_dont_know} of {members} members answered don't know to {criterion}, "
                "{leaders_dont_know} of {leaders} leaders"
            ).format(
                members_dont_know=integer(i.members_dont_know),
                members=integer(i.members),
                criterion=i.criterion,
                leaders_dont_know=integer(i.leaders_dont_know),
                leaders=integer(i.leaders),
            )
            for i in self.criteria
        ]
        return _("Members cannot know what leaders know about {dimension}: {parts}.").format(
            dimension=self.title[:1].lower() + self.title[1:], parts="; ".join(parts)
        )


@dataclass(frozen=True)
class RoleScores:
    """Each role's mean score, and leaders' mean minus members' (None without both roles)."""

    by_role: Mapping[str, float | None] = field(default_factory=dict)
    leader_member_gap: float | None = None


@dataclass(frozen=True)
class Agreement:
    """Krippendorff's alpha between respondents, and its reading in words (English, the key
    `present.words` translates)."""

    alpha: float | None
    reading: str


@dataclass(frozen=True)
class Trust:
    """How far respondents agree and how sure the pooled score is (groups at the minimum)."""

    overall: Agreement
    dimensions: Mapping[str, Agreement]
    interval: tuple[float, float] | None
    dimension_intervals: Mapping[str, tuple[float, float] | None]
    #: Why the resampled interval and the certainty range differ (English, translated shown).
    note: str


@dataclass(frozen=True)
class RoleDontKnow:
    dont_know: int
    applicable: int
    rate: float | None


@dataclass(frozen=True)
class Pooled:
    """What pooling adds to a scorecard. Criteria distributions stay in their JSON form
    (`criteria`: answers by key, don't know, not applicable, by role, `withheld`)."""

    respondents: int
    by_role: Mapping[str, int]
    dates: tuple[str, ...]
    criteria: Mapping[str, Mapping[str, Any]]
    red_flags: tuple[Mapping[str, Any], ...]
    totals: Mapping[str, int]
    privacy: Privacy
    #: Role breakdowns: None where a role is below the minimum group (withheld).
    overall_roles: RoleScores | None = None
    dimension_roles: Mapping[str, RoleScores] | None = None
    dont_know_by_role: Mapping[str, RoleDontKnow] | None = None
    findings: tuple[DontKnowFinding, ...] = ()
    trust: Trust | None = None
    ids: tuple[str, ...] = ()
    #: False for a summary (`aggregate_scorecards(detail=False)`): the scores, what was
    #: withheld and overall trust only, for a row of CSV; it has no JSON form.
    detailed: bool = True

    @property
    def roles_shown(self) -> bool:
        return self.dimension_roles is not None

    def criterion(self, criterion_id: str) -> Mapping[str, Any] | None:
        return self.criteria.get(criterion_id)


def from_json(
    info: Mapping[str, Any], withheld: Sequence[Withheld] = (), *, detailed: bool = True
) -> Pooled:
    """The typed results of a pooled scorecard's JSON form (`withheld`: the reasons as parts;
    the JSON holds their English sentences)."""
    privacy = info.get("privacy") or {}
    trust = None
    agreement, interval = info.get("agreement"), info.get("interval")
    if agreement and interval:
        trust = Trust(
            overall=Agreement(agreement["overall"]["alpha"], agreement["overall"]["reading"]),
            dimensions={
                k: Agreement(v.get("alpha"), v.get("reading", ""))
                for k, v in agreement.get("dimensions", {}).items()
            },
            interval=_span(interval.get("overall")),
            dimension_intervals={k: _span(v) for k, v in interval["dimensions"].items()},
            note=interval.get("note", ""),
        )
    dims = info.get("dimensions")
    return Pooled(
        respondents=info["respondents"]["count"],
        by_role=dict(info["respondents"]["by_role"]),
        ids=tuple(info["respondents"].get("ids", ())),
        dates=tuple(info.get("dates", ())),
        criteria=info.get("criteria", {}),
        red_flags=tuple(info.get("red_flags", ())),
        totals=info.get("totals") or {},
        privacy=Privacy(
            min_group=privacy.get("min_group", 0),
            identifiable=bool(privacy.get("identifiable")),
            withheld=tuple(withheld),
        ),
        overall_roles=_roles(info["overall"]) if "overall" in info else None,
        dimension_roles={k: _roles(v) for k, v in dims.items()} if dims is not None else None,
        dont_know_by_role={
            role: RoleDontKnow(r["dont_know"], r["applicable"], r.get("rate"))
            for role, r in info["dont_know"].items()
        }
        if "dont_know" in info
        else None,
        findings=tuple(
            DontKnowFinding(
                f["dimension"],
                f["title"],
                tuple(KeptFromMembers(**item) for item in f["criteria"]),
            )
            for f in info.get("dont_know_findings", ())
        ),
        trust=trust,
        detailed=detailed,
    )


def _span(value: Sequence[float] | None) -> tuple[float, float] | None:
    return (value[0], value[1]) if value else None


def _roles(entry: Mapping[str, Any] | None) -> RoleScores:
    entry = entry or {}
    return RoleScores(dict(entry.get("by_role") or {}), entry.get("leader_member_gap"))

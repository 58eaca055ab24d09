"""Answers files: load and check them against a rubric, save them, and write blank templates.

An answers file names the organization, the rubric it was written for (id, version, content hash
and a short hash per criterion, so a changed rubric is noticed and named), the respondent and the
date, and gives per criterion id either a bare value or {answer, evidence, links}.
"""

from __future__ import annotations

import datetime
import re
import shlex
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AnswersError, Finding, RubricChangedError, grouped
from .i18n import N_, _, integer, ngettext
from .model import (
    DONT_KNOW,
    NOT_APPLICABLE,
    ROLES,
    SKIPPED,
    Answer,
    Answers,
    AnswerValue,
    Criterion,
    Respondent,
    Rubric,
)
from .questions import ValueProblem, handler
from .suggest import did_you_mean
from .yamlio import MAX_BYTES, Document, atomic_write_text, dump_yaml, load_yaml

TOP_KEYS = ("organization", "rubric", "respondent", "date", "answers")
ANSWER_KEYS = ("answer", "evidence", "links")
#: YYYY-MM-DD, YYYY-MM or YYYY; matched whole (`fullmatch`), so that no trailing newline slips by.
DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: Shown in the reader's language: `_(DATE_ACCEPTED)`.
DATE_ACCEPTED = N_("a real calendar date written YYYY-MM-DD (or YYYY-MM, or YYYY)")
LINK_RE = re.compile(r"^https?://[^\s<>\"']+$")
MAX_EVIDENCE = 20_000
MAX_LINKS = 100
#: The longest organization name a file may hold; `orgaudit audit` and `template` check it where
#: the name is typed, so that no command writes a file that the loader then refuses.
MAX_ORGANIZATION = 300


@dataclass(frozen=True)
class RubricChange:
    """What differs between the rubric an answers file was written for and the one given."""

    changed: tuple[str, ...]
    removed: tuple[str, ...]
    added: tuple[str, ...]
    old_version: str
    new_version: str

    def describe(self) -> str:
        parts = []
        for what, ids in (
            (N_("changed: {ids}"), self.changed),
            (N_("removed: {ids}"), self.removed),
            (N_("new: {ids}"), self.added),
        ):
            if ids:
                parts.append(_(what).format(ids=", ".join(ids)))
        detail = "; ".join(parts) if parts else _("its content hash differs")
        return _("rubric {old} -> {new}; {detail}").format(
            old=self.old_version, new=self.new_version, detail=detail
        )


def load_answers(
    path: str | Path, rubric: Rubric, *, allow_rubric_change: bool = False
) -> tuple[Answers, list[str]]:
    """Load an answers file and check it against `rubric`; returns the answers and warnings.

    Raises `AnswersError` (file, line, hint) for anything that cannot be scored as written.
    """
    doc = load_yaml(path)
    return parse_answers(doc, rubric, allow_rubric_change=allow_rubric_change)


def parse_answers(
    doc: Document, rubric: Rubric, *, allow_rubric_change: bool = False
) -> tuple[Answers, list[str]]:
    """Check a loaded answers file against `rubric`; returns the answers and warnings.

    Every problem in the file is found before anything is raised: the `AnswersError` names the
    first and carries them all, sorted by line, in `findings`.
    """
    check = _Checker(doc, rubric)
    data = check.top()
    warnings: list[str] = []
    ref = check.rubric_ref(data["rubric"]) if "rubric" in data else None
    change = None
    if ref is not None:
        _id, version, rubric_hash, hashes = ref
        change = rubric_change(rubric, version, rubric_hash, hashes)
        if change is not None and not allow_rubric_change:
            check.changed = True
            check.note(
                RubricChangedError(
                    _("written for another version of rubric '{rubric}' ({change})").format(
                        rubric=rubric.id, change=change.describe()
                    ),
                    file=doc.path,
                    line=doc.line_of(("rubric",)),
                    hint=_(
                        "update the answers to the changed questions, or pass --allow-rubric-change"
                    ),
                )
            )
        elif change is not None:
            warnings.append(
                _(
                    "{file}: answers written for {change}; "
                    "changed criteria are scored with the current rubric"
                ).format(file=doc.path, change=change.describe())
            )
        else:
            other = other_text(rubric, version, rubric_hash, hashes)
            if other is not None:
                warnings.append(f"{doc.path}:{doc.line_of(('rubric', 'hash'))}: {other}")
    answers: dict[str, Answer] = {}
    if check.fits and not check.changed:
        answers = check.answers(
            data.get("answers"), ignore_unknown=set(change.removed) if change else set()
        )
    respondent = check.respondent(data.get("respondent"))
    date = check.date(data.get("date"))
    check.finish()
    assert ref is not None  # a missing or unusable rubric reference is a problem noted above
    rubric_id, version, _hash, _hashes = ref
    return Answers(
        organization=data["organization"].strip(),
        rubric_id=rubric_id,
        rubric_version=version,
        respondent=respondent,
        date=date,
        answers=answers,
        path=doc.path,
    ), warnings


def _real_date(text: str) -> bool:
    """`2024-13-45` has the shape of a date but is none; `2024` and `2024-05` are fine."""
    year, month, day = ([int(part) for part in text.split("-")] + [1, 1])[:3]
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def other_text(
    rubric: Rubric, version: str, rubric_hash: str | None, hashes: Mapping[str, str] | None
) -> str | None:
    """A warning when the answers name this rubric version but another text of it (its hash
    differs) and the per-question hashes show no changed question, or are absent; else None."""
    if rubric_hash is None or rubric_hash == rubric.hash or version != rubric.version:
        return None
    if hashes is None:
        return _(
            "written for another text of rubric '{rubric}' {version} (its hash differs); the "
            "file has no per-question hashes, so the questions that changed cannot be named; "
            "scored with the rubric as it is now"
        ).format(rubric=rubric.id, version=version)
    return _(
        "written for another text of rubric '{rubric}' {version} (its hash differs); every "
        "question's hash matches, so the change is outside the questions' wording and scoring "
        "(titles, help, bands or caps); scored with the rubric as it is now"
    ).format(rubric=rubric.id, version=version)


def rubric_change(
    rubric: Rubric, version: str, rubric_hash: str | None, hashes: Mapping[str, str] | None
) -> RubricChange | None:
    """None when the answers were written for this very rubric."""
    if rubric_hash is not None and rubric_hash == rubric.hash:
        return None
    if rubric_hash is None and version == rubric.version and hashes is None:
        return None
    current = rubric.criterion_hashes
    if hashes is None:
        if version == rubric.version:
            return None
        return RubricChange((), (), (), version, rubric.version)
    changed = tuple(i for i, h in hashes.items() if i in current and current[i] != h)
    removed = tuple(i for i in hashes if i not in current)
    added = tuple(i for i in current if i not in hashes)
    if not (changed or removed or added) and version == rubric.version:
        return None
    return RubricChange(changed, removed, added, version, rubric.version)


class _Checker:
    """Checks one answers file, noting every problem (`note`) and raising them together
    (`finish`); only a file that is not an answers mapping at all stops it at once."""

    def __init__(self, doc: Document, rubric: Rubric) -> None:
        self.doc = doc
        self.rubric = rubric
        self.problems: list[AnswersError] = []
        self.fits = True  # False when the file names another rubric: its answers go unchecked
        self.changed = False  # written for another version of the rubric (not allowed)

    def note(self, error: AnswersError) -> None:
        self.problems.append(error)

    def finish(self) -> None:
        """Raise one error carrying every problem noted, sorted by line; nothing when clean."""
        if not self.problems:
            return
        problems = sorted(self.problems, key=lambda e: e.line or 0)
        findings = [
            Finding(
                e.file or self.doc.path,
                e.line or 0,
                "",
                f"{e.message} ({e.hint})" if e.hint else e.message,
            )
            for e in problems
        ]
        first, more = problems[0], len(problems) - 1
        message = first.message
        if more:
            message = ngettext(
                "{message} (and {count} more problem)",
                "{message} (and {count} more problems)",
                more,
            ).format(message=message, count=integer(more))
        kind = RubricChangedError if self.changed else AnswersError
        raise kind(message, file=first.file, line=first.line, hint=first.hint, findings=findings)

    def show_rubric(self) -> str:
        """The command that lists the criteria of the rubric actually used."""
        return f"orgaudit rubric show{self.rubric_words()}"

    def rubric_option(self) -> str:
        """ " --rubric PATH" for a hint's command line, "" for the default rubric."""
        words = self.rubric_words()
        return f" --rubric{words}" if words else ""

    def rubric_words(self) -> str:
        from .rubric import default_rubric_path

        path = self.rubric.path
        if not path:
            return ""
        try:
            if Path(path).resolve() == default_rubric_path().resolve():
                return ""
        except OSError:
            pass
        return " " + shlex.quote(path)

    def error(
        self,
        path: tuple[str | int, ...],
        message: str,
        hint: str | None = None,
        *,
        key: bool = False,
    ) -> AnswersError:
        line = self.doc.key_line_of(path) if key else self.doc.line_of(path)
        return AnswersError(message, file=self.doc.path, line=line, hint=hint)

    def top(self) -> dict[str, Any]:
        data = self.doc.data
        if data is None:
            raise AnswersError(
                _("the answers file is empty"),
                file=self.doc.path,
                line=1,
                hint=_("run `{command}` for a blank one").format(
                    command=f"orgaudit template{self.rubric_option()} -o FILE"
                ),
            )
        if not isinstance(data, dict):
            raise AnswersError(
                _("an answers file is a mapping (organization, rubric, answers ...)"),
                file=self.doc.path,
                line=1,
            )
        if "dimensions" in data and "organization" not in data:
            raise AnswersError(
                _("this is a rubric, not an answers file"),
                file=self.doc.path,
                line=1,
                hint=_("pass rubrics with --rubric"),
            )
        for key in data:
            if key not in TOP_KEYS:
                self.note(
                    self.error(
                        (key,),
                        _unknown_key(key, TOP_KEYS),
                        _allowed(TOP_KEYS),
                        key=True,
                    )
                )
        for key in ("organization", "rubric"):
            if key not in data:
                self.note(
                    AnswersError(
                        _("missing '{key}'").format(key=key),
                        file=self.doc.path,
                        line=1,
                        hint=_("see `{command}` for the layout").format(
                            command=f"orgaudit template{self.rubric_option()}"
                        ),
                    )
                )
        org = data.get("organization", "-")
        if not isinstance(org, str) or not org.strip():
            self.note(
                self.error(
                    ("organization",),
                    _("organization must be a name, not empty"),
                    _("write the organization's name"),
                )
            )
        elif len(org) > MAX_ORGANIZATION:
            self.note(
                self.error(
                    ("organization",),
                    _("organization name is too long (at most {count} characters)").format(
                        count=integer(MAX_ORGANIZATION)
                    ),
                )
            )
        return data

    def rubric_ref(self, ref: Any) -> tuple[str, str, str | None, dict[str, str] | None] | None:
        """The file's rubric reference; None (the problem noted) when it is unusable."""
        if not isinstance(ref, dict) or "id" not in ref or "version" not in ref:
            self.note(
                self.error(
                    ("rubric",),
                    _("rubric must give its id and version"),
                    f'rubric: {{id: {self.rubric.id}, version: "{self.rubric.version}"}}',
                )
            )
            return None
        usable = True
        for key in ref:
            if key not in ("id", "version", "hash", "criteria"):
                self.note(
                    self.error(
                        ("rubric", key),
                        _("unknown key '{key}' under {parent}{suggestion}").format(
                            key=key,
                            parent="rubric",
                            suggestion=did_you_mean(key, ("id", "version", "hash", "criteria")),
                        ),
                        key=True,
                    )
                )
                usable = False
        version = ref["version"]
        if not isinstance(version, str):
            written = self.doc.raw_of(("rubric", "version")) or repr(version)
            self.note(
                self.error(
                    ("rubric", "version"),
                    _("version must be text, not {value}").format(value=written),
                    _in_quotes(written),
                )
            )
            usable = False
        if ref["id"] != self.rubric.id:
            self.note(
                self.error(
                    ("rubric", "id"),
                    _("written for rubric '{id}', not '{expected}'").format(
                        id=ref["id"], expected=self.rubric.id
                    ),
                    _("pass the right rubric with --rubric"),
                )
            )
            self.fits = False
            return None
        rubric_hash = ref.get("hash")
        if rubric_hash is not None and not isinstance(rubric_hash, str):
            self.note(self.error(("rubric", "hash"), _("hash must be text")))
            usable = False
        hashes = ref.get("criteria")
        if hashes is not None and (
            not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values())
        ):
            self.note(
                self.error(
                    ("rubric", "criteria"), _("criteria must map criterion ids to their hashes")
                )
            )
            usable = False
        if not usable:
            return None
        return ref["id"], version, rubric_hash, hashes

    def respondent(self, data: Any) -> Respondent:
        if data is None:
            return Respondent()
        if not isinstance(data, dict):
            self.note(
                self.error(
                    ("respondent",),
                    _("respondent must be a mapping: {example}").format(
                        example="{role: member, id: ...}"
                    ),
                )
            )
            return Respondent()
        for key in data:
            if key not in ("role", "id"):
                self.note(
                    self.error(
                        ("respondent", key),
                        _("unknown key '{key}' under {parent}{suggestion}").format(
                            key=key,
                            parent="respondent",
                            suggestion=did_you_mean(key, ("role", "id")),
                        ),
                        _allowed(("role", "id")),
                        key=True,
                    )
                )
        role = data.get("role", "member")
        if role not in ROLES:
            self.note(self.error(("respondent", "role"), _role_problem(role)))
            role = "member"
        rid = data.get("id")
        if rid is not None and not isinstance(rid, str | int):
            self.note(self.error(("respondent", "id"), _("respondent id must be text")))
            rid = None
        return Respondent(role=role, id=None if rid is None else str(rid))

    def date(self, value: Any) -> str | None:
        """YYYY-MM-DD (or YYYY-MM, YYYY) naming a real day, written whole: no trailing newline."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and DATE_RE.fullmatch(value) and _real_date(value):
            return value
        hint = _("for example {date}").format(date="2024-05-01")
        if isinstance(value, int | float) and not isinstance(value, bool):
            written = self.doc.raw_of(("date",)) or repr(value)
            hint = _("YAML read it as a number; write it in quotes: {quoted}").format(
                quoted=f'"{written}"'
            )
        message = _("date must be {accepted}, not {value}").format(
            accepted=_(DATE_ACCEPTED), value=repr(value)
        )
        self.note(self.error(("date",), message, hint))
        return None

    def answers(self, data: Any, *, ignore_unknown: set[str]) -> dict[str, Answer]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.note(
                self.error(("answers",), _("answers must be a mapping of criterion id to answer"))
            )
            return {}
        result = {}
        ids = [c.id for c in self.rubric.criteria]
        for cid, entry in data.items():
            crit = self.rubric.criterion(cid)
            if crit is None:
                if cid in ignore_unknown:
                    continue
                self.note(
                    self.error(
                        ("answers", cid),
                        _("unknown criterion '{id}'{suggestion}").format(
                            id=cid, suggestion=did_you_mean(cid, ids)
                        ),
                        _("`{command}` lists the criteria").format(command=self.show_rubric()),
                        key=True,
                    )
                )
                continue
            try:
                result[cid] = self.answer(crit, entry, ("answers", cid))
            except AnswersError as exc:
                self.note(exc)
        return result

    def answer(self, crit: Criterion, entry: Any, path: tuple[str | int, ...]) -> Answer:
        evidence, links = "", tuple[str, ...]()
        value_path = path
        if isinstance(entry, dict):
            for key in entry:
                if key not in ANSWER_KEYS:
                    self.note(
                        self.error(
                            (*path, key),
                            _unknown_key(key, ANSWER_KEYS),
                            _allowed(ANSWER_KEYS),
                            key=True,
                        )
                    )
            evidence = entry.get("evidence") or ""
            if not isinstance(evidence, str):
                self.note(
                    self.error(
                        (*path, "evidence"), _("evidence must be text"), _("write it in quotes")
                    )
                )
                evidence = ""
            if len(evidence) > MAX_EVIDENCE:
                self.note(
                    self.error(
                        (*path, "evidence"),
                        _("evidence is too long ({count} characters; at most {limit})").format(
                            count=grouped(len(evidence)), limit=grouped(MAX_EVIDENCE)
                        ),
                    )
                )
            try:
                links = self.links(entry.get("links"), (*path, "links"))
            except AnswersError as exc:
                self.note(exc)
            value_path = (*path, "answer")
            entry = entry.get("answer")
        if entry is None:
            return Answer(crit.id, None, "skipped", evidence, links)
        if entry == DONT_KNOW:
            if not crit.scored:
                raise self.error(
                    value_path,
                    _("'{id}' is a text question; write text or leave it empty").format(id=crit.id),
                )
            return Answer(crit.id, None, "dont_know", evidence, links)
        if entry == NOT_APPLICABLE:
            if not crit.not_applicable:
                raise self.error(
                    value_path,
                    _("'{id}' cannot be answered {keyword}").format(
                        id=crit.id, keyword=NOT_APPLICABLE
                    ),
                    _accepted_hint(self.accepted(crit)),
                )
            return Answer(crit.id, None, "not_applicable", evidence, links)
        if entry == SKIPPED:
            return Answer(crit.id, None, "skipped", evidence, links)
        return Answer(crit.id, self.value(crit, entry, value_path), "answered", evidence, links)

    def links(self, data: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
        if data is None:
            return ()
        if isinstance(data, str):
            data = [data]
        if not isinstance(data, list):
            raise self.error(path, _("links must be a list of http(s) addresses"))
        if len(data) > MAX_LINKS:
            raise self.error(
                path,
                _("too many links ({count}; at most {limit})").format(
                    count=integer(len(data)), limit=integer(MAX_LINKS)
                ),
            )
        for i, link in enumerate(data):
            if not isinstance(link, str) or not LINK_RE.fullmatch(link):
                self.note(
                    self.error(
                        (*path, i),
                        _("{link} is not an http(s) address").format(link=repr(link)),
                        _("links start with http:// or https://"),
                    )
                )
        return tuple(data)

    def accepted(self, crit: Criterion) -> str:
        if not crit.scored:
            return handler(crit.type).accepted(crit)
        special = [DONT_KNOW] + ([NOT_APPLICABLE] if crit.not_applicable else [])
        return _("{accepted}; or {keywords}").format(
            accepted=handler(crit.type).accepted(crit), keywords=", ".join(special)
        )

    def value(self, crit: Criterion, value: Any, path: tuple[str | int, ...]) -> AnswerValue:
        try:
            return handler(crit.type).check(crit, value)
        except ValueProblem as problem:
            where = path if problem.at is None else (*path, problem.at)
            hint = _accepted_hint(self.accepted(crit)) if problem.show_accepted else None
            raise self.error(where, problem.message, hint) from None


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    return _("unknown key '{key}'{suggestion}").format(
        key=key, suggestion=did_you_mean(key, allowed)
    )


def _allowed(keys: tuple[str, ...]) -> str:
    return _("allowed: {keys}").format(keys=", ".join(keys))


def _accepted_hint(accepted: str) -> str:
    return _("accepted: {answers}").format(answers=accepted)


def _in_quotes(written: str) -> str:
    return _("write it in quotes: {quoted}").format(quoted=f'"{written}"')


def _role_problem(role: Any) -> str:
    return _("role must be one of {roles}, not {value}").format(
        roles=", ".join(ROLES), value=repr(role)
    )


# --- saving ---------------------------------------------------------------------------------


def answers_to_data(answers: Answers, rubric: Rubric) -> dict[str, Any]:
    """The YAML form of answers, in rubric order, stamped with the rubric's hashes."""
    entries: dict[str, Any] = {}
    order = [c.id for c in rubric.criteria if c.id in answers.answers]
    order += [cid for cid in answers.answers if cid not in order]
    for cid in order:
        answer = answers.answers[cid]
        value: Any = {
            "answered": answer.value,
            "dont_know": DONT_KNOW,
            "not_applicable": NOT_APPLICABLE,
            "skipped": SKIPPED,
        }[answer.status]
        if isinstance(value, tuple):
            value = list(value)
        if answer.evidence or answer.links:
            entry: dict[str, Any] = {"answer": value}
            if answer.evidence:
                entry["evidence"] = answer.evidence
            if answer.links:
                entry["links"] = list(answer.links)
            entries[cid] = entry
        else:
            entries[cid] = value
    respondent: dict[str, Any] = {"role": answers.respondent.role}
    if answers.respondent.id:
        respondent["id"] = answers.respondent.id
    data: dict[str, Any] = {"organization": answers.organization, "respondent": respondent}
    if answers.date:
        data["date"] = answers.date
    data["answers"] = entries
    data["rubric"] = {
        "id": rubric.id,
        "version": rubric.version,
        "hash": rubric.hash,
        "criteria": rubric.criterion_hashes,
    }
    return data


def save_answers(path: str | Path, answers: Answers, rubric: Rubric) -> None:
    """Write answers atomically: a crash leaves the previous file or the new one, never half."""
    header = "# orgaudit answers file: edit freely; `orgaudit score` checks it.\n"
    text = header + dump_yaml(answers_to_data(answers, rubric))
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:  # the loader's limit: never write a file that no command can read
        raise AnswersError(
            _(
                "the answers would make a file of {size} bytes, over the {limit} that "
                "orgaudit reads"
            ).format(size=grouped(size), limit=grouped(MAX_BYTES)),
            file=str(path),
            hint=_("shorten some evidence or text answers; the file was not changed"),
        )
    atomic_write_text(path, text)


# --- templates ------------------------------------------------------------------------------


def organization_problem(name: str) -> str | None:
    """Why `name`, as typed, cannot be saved as an organization's name; None when it can."""
    name = name.strip()
    if not name:
        return _("the organization's name is empty")
    if len(name) > MAX_ORGANIZATION:
        return _(
            "the organization's name is too long ({count} characters; at most {limit})"
        ).format(count=grouped(len(name)), limit=integer(MAX_ORGANIZATION))
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
        return _("the organization's name holds a control character (a line break, an escape)")
    return None


def template_text(rubric: Rubric, organization: str = "", role: str = "member") -> str:
    """A blank answers file: every question, its options and help as comments, answers empty."""
    if organization:
        problem = organization_problem(organization)
        if problem is not None:
            raise AnswersError(problem, hint=_("give the name as it should be saved"))
        organization = organization.strip()
    if role not in ROLES:
        raise AnswersError(_role_problem(role))
    # The comments are in the reader's language (as the question types' lines are); keys,
    # values, keywords and commands stay as the file and the command line take them.
    out = [
        "# "
        + _safe(
            _('Answers for the rubric "{title}" ({id} {version}).').format(
                title=rubric.title, id=rubric.id, version=rubric.version
            )
        ),
        "# "
        + _safe(
            _("Fill in the organization and each answer, then run: {command}").format(
                command="orgaudit score THIS-FILE"
            )
        ),
        "# "
        + _safe(
            _(
                "Every scored question also accepts {dont_know}; some accept {not_applicable}."
            ).format(dont_know=DONT_KNOW, not_applicable=NOT_APPLICABLE)
        ),
        "# "
        + _safe(
            _("An answer can be a bare value, or {example}.").format(
                example='{answer: ..., evidence: "...", links: [https://...]}'
            )
        ),
        "# "
        + _safe(
            _(
                "Leave an answer empty ({empty}) to skip it: skipped answers lower the coverage."
            ).format(empty="~")
        ),
        "",
        dump_yaml({"organization": organization}).rstrip(),
        f"respondent:\n  role: {role}          # "
        + _safe(_("{choices} or {last}").format(choices=", ".join(ROLES[:-1]), last=ROLES[-1])),
        "  # id: " + _safe(_("optional, kept out of reports unless asked")),
        'date: ""                 # ' + _safe(_("YYYY-MM-DD, in quotes")),
        "answers:",
    ]
    for dim in rubric.dimensions:
        out.append("")
        title = _safe(dim.title)
        out.append(f"  # ==== {title} " + "=" * max(4, 70 - len(title)))
        for crit in dim.criteria:
            out.extend(_template_entry(crit))
    out += [
        "",
        *_comment(
            _(
                "The rubric these answers are for, with a hash per question so that a changed "
                "rubric is noticed and the changed questions named. Leave it as it is."
            ),
            "# ",
            width=80,
        ),
        dump_yaml(
            {"rubric": {"id": rubric.id, "version": rubric.version, "hash": rubric.hash}}
        ).rstrip(),
        "  criteria:",
    ]
    out += [f"    {c.id}: {c.hash}" for c in rubric.criteria]
    return "\n".join(out) + "\n"


#: What may not stand in a comment line: YAML line breaks (NEL, U+2028/9) and characters YAML
#: refuses anywhere in a file (C0 and C1 controls, DEL, lone surrogates, U+FFFE/U+FFFF), and
#: bidi controls, which would reorder the comment's own words (safetext.BIDI_CONTROLS).
_NOT_IN_COMMENT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)


def _safe(text: str) -> str:
    """Rubric text fit for one comment line: runs of whitespace (line breaks included) become one
    space, and anything YAML would read as a line break or refuse is written as a visible escape,
    so that a template stays a file orgaudit reads whatever the rubric's texts hold."""
    return _NOT_IN_COMMENT.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        " ".join(text.split()),
    )


def _comment(
    text: str, indent: str = "  # ", rest: str | None = None, *, width: int = 96
) -> list[str]:
    return textwrap.wrap(
        _safe(text), width, initial_indent=indent, subsequent_indent=rest or indent
    )


def _template_entry(crit: Criterion) -> list[str]:
    lines = ["", *_comment(crit.question)]
    if crit.help:
        lines += _comment(crit.help, "  #   ")
    if crit.when is not None:
        from .conditions import describe

        lines += _comment(
            _("Only when: {condition}").format(condition=describe(crit.when)), "  #   "
        )
    for text, depth in handler(crit.type).template_comment(crit):
        if depth:
            lines += _comment(text, "  #     ", "  #         ")
        else:
            lines += _comment(text, "  #   ")
    special = [DONT_KNOW] + ([NOT_APPLICABLE] if crit.not_applicable else [])
    if crit.scored:
        lines.append("  #   " + _safe(_("or: {keywords}").format(keywords=", ".join(special))))
    lines.append(f"  {crit.id}: ~")
    return lines

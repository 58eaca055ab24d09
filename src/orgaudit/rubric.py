"""Load a rubric: strict YAML, then the JSON Schema, then semantic lint, then the frozen model.

Every problem is collected as a `Finding` (file, line, path, plain-words message) and reported
together, sorted by position, so one run of `orgaudit rubric validate` shows all there is to fix.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import conditions
from .errors import Finding, OrgauditError, RubricError
from .i18n import N_, _, integer, ngettext
from .model import (
    RESERVED_VALUES,
    Band,
    BandTable,
    Cap,
    Citation,
    Criterion,
    Dimension,
    Option,
    RedFlag,
    Rubric,
    Source,
    Threshold,
)
from .questions import handler
from .suggest import did_you_mean
from .yamlio import Document, load_yaml, read_text

DEFAULT_RUBRIC_NAME = "org-democracy.yaml"


@cache
def project_root() -> Path:
    """The folder holding rubrics/ and seeds/: the checkout (or an editable install of it), else
    the copy an installed package carries as `orgaudit/bundled` (see setup.py), read with
    importlib.resources; from a zipped install it is extracted once to a temporary folder."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "rubrics" / DEFAULT_RUBRIC_NAME).is_file():
        return checkout
    bundled = resources.files("orgaudit").joinpath("bundled")
    if isinstance(bundled, Path):
        return bundled
    return _extracted(bundled)


def _extracted(tree: Any) -> Path:
    """A real folder with the contents of a Traversable (a zip's), removed at exit."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="orgaudit-bundled-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)

    def copy(node: Any, target: Path) -> None:
        for child in node.iterdir():
            if child.is_dir():
                (target / child.name).mkdir()
                copy(child, target / child.name)
            else:
                (target / child.name).write_bytes(child.read_bytes())

    copy(tree, folder)
    return folder


def default_rubric_path() -> Path:
    return project_root() / "rubrics" / DEFAULT_RUBRIC_NAME


@cache
def rubric_schema() -> dict[str, Any]:
    text = resources.files("orgaudit").joinpath("schemas/rubric.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


VALIDATED = "schemas/validated-rubrics.json"


def _schema_digest() -> str:
    text = resources.files("orgaudit").joinpath("schemas/rubric.schema.json").read_bytes()
    return "sha256:" + hashlib.sha256(text).hexdigest()


@cache
def validated_bundled() -> frozenset[str]:
    """Content hashes of the bundled rubrics as the test suite validated them (schema and lint),
    for this very schema; see `load_rubric`. Unreadable or stale: nothing is taken as validated."""
    try:
        data = json.loads(resources.files("orgaudit").joinpath(VALIDATED).read_text("utf-8"))
        if data.get("schema") != _schema_digest():
            return frozenset()
        return frozenset(str(h) for h in data["rubrics"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return frozenset()


def _is_bundled_and_validated(path: Path, data: Any) -> bool:
    """A bundled rubric, unchanged since the tests validated it, needs no schema or lint run at
    start-up: only files in the bundled rubrics folder qualify, matched by content hash."""
    try:
        bundled = path.resolve().parent == (project_root() / "rubrics").resolve()
    except OSError:
        return False
    return bundled and isinstance(data, dict) and content_hash(data) in validated_bundled()


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and check a rubric, raising `RubricError` (with every finding) when it is not usable.

    A bundled rubric that the test suite validated (same content) is built without re-running
    the schema and the lint: that check took most of every command's start-up.
    """
    resolved = Path(path) if path is not None else default_rubric_path()
    doc = load_yaml(resolved)
    if _is_bundled_and_validated(resolved, doc.data):
        return build_rubric(doc)
    rubric, findings = check_document(doc)
    if rubric is None or findings:
        first = findings[0]
        more = len(findings) - 1
        raise RubricError(
            first.message
            if not more
            else ngettext(
                "{message} (and {count} more)", "{message} (and {count} more)", more
            ).format(message=first.message, count=integer(more)),
            file=first.file,
            line=first.line,
            hint=_("run `{command}` to see every problem").format(
                command="orgaudit rubric validate"
            ),
            findings=findings,
        )
    return rubric


def check_rubric(path: str | Path | None = None) -> tuple[Rubric | None, list[Finding]]:
    """Validate a rubric file; returns the rubric (when clean) and the sorted findings.

    Raises `OrgauditError` only when the file cannot be read or parsed as YAML at all.
    """
    return check_document(load_yaml(Path(path) if path is not None else default_rubric_path()))


def check_document(doc: Document) -> tuple[Rubric | None, list[Finding]]:
    """`check_rubric` for a rubric file already read (each file is read once)."""
    if not isinstance(doc.data, dict):
        message = (
            _("the rubric is empty")
            if doc.data is None
            else _("the rubric is a {type}, not a mapping").format(type=type(doc.data).__name__)
        )
        raise RubricError(
            message,
            file=doc.path,
            line=1,
            hint=_("a rubric is a mapping with id, version, title, dimensions ..."),
        )
    findings = schema_findings(doc)
    if not findings:
        findings = list(_Lint(doc).run())
    findings.sort()
    if findings:
        return None, findings
    return build_rubric(doc), []


# --- schema ---------------------------------------------------------------------------------


def schema_findings(doc: Document) -> list[Finding]:
    from jsonschema import Draft202012Validator
    from referencing import Registry

    # The schema itself is checked against its metaschema by the tests, not on every run.
    validator = Draft202012Validator(rubric_schema(), registry=Registry())
    findings = []
    for error in validator.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        message, path = _plain_message(error, path, doc.raw_of(path))
        line = doc.key_line_of(path)
        findings.append(Finding(doc.path, line, json_path(path), message))
    return findings


def _plain_message(
    error: Any, path: tuple[str | int, ...], raw: str | None = None
) -> tuple[str, tuple[str | int, ...]]:
    """jsonschema's error in plain words, and the path that best locates it."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [k for k in value if k not in instance]
        return _("missing required key '{key}'").format(key=missing[0]), path
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        key = extra[0]
        hint = did_you_mean(key, allowed) or _("; allowed keys: {keys}").format(
            keys=", ".join(allowed)
        )
        return _("unknown key '{key}'{suggestion}").format(key=key, suggestion=hint), (*path, key)
    if kind == "type":
        wanted = value if isinstance(value, str) else " or ".join(value)
        found = _type_name(instance)
        tip = ""
        if wanted == "string" and isinstance(instance, int | float | bool):
            quoted = f'"{raw or _yaml_repr(instance)}"'
            tip = " (" + _("write it in quotes: {quoted}").format(quoted=quoted) + ")"
        return _("must be {wanted}, not {found}{tip}").format(
            wanted=_article(wanted), found=found, tip=tip
        ), path
    if kind == "enum":
        return _("must be one of {values} (found '{value}')").format(
            values=", ".join(map(str, value)), value=instance
        ), path
    if kind == "const":
        return _("must be '{value}'").format(value=value), path
    if kind == "pattern":
        if "[a-z0-9-]" in value:
            return _("'{value}' is not a valid id: use lowercase letters, digits and '-'").format(
                value=instance
            ), path
        if value.startswith("^https?"):
            return _("'{value}' is not an http(s) address").format(value=instance), path
        return _("'{value}' is not in the expected form").format(value=instance), path
    if kind in _BOUNDS:
        return _(_BOUNDS[kind]).format(limit=f"{value:g}", value=instance), path
    if kind == "minItems":
        return ngettext(
            "must have at least {count} item", "must have at least {count} items", value
        ).format(count=integer(value)), path
    if kind in ("minLength", "minProperties"):
        return _("must not be empty"), path
    if kind == "maxLength":
        return _("is too long ({count} characters; at most {limit})").format(
            count=integer(len(instance)), limit=integer(value)
        ), path
    return str(error.message), path


#: A number's bound, as the schema's keyword says it.
_BOUNDS = {
    "minimum": N_("must be at least {limit} (found {value})"),
    "exclusiveMinimum": N_("must be more than {limit} (found {value})"),
    "maximum": N_("must be at most {limit} (found {value})"),
    "exclusiveMaximum": N_("must be less than {limit} (found {value})"),
}

#: What a YAML value is, in words (translated where shown).
_TYPE_NAMES = {
    bool: N_("true/false"),
    int: N_("a number"),
    float: N_("a number"),
    str: N_("text"),
    list: N_("a list"),
    dict: N_("a mapping"),
    type(None): N_("empty"),
}

#: What a schema type asks for, in words (translated where shown).
_WANTED = {
    "string": N_("text"),
    "object": N_("a mapping"),
    "array": N_("a list"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
}


def _type_name(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value))
    return _(name) if name is not None else type(value).__name__


def _article(wanted: str) -> str:
    words = _WANTED.get(wanted)
    return _(words) if words is not None else wanted


def _yaml_repr(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def json_path(path: Iterable[str | int]) -> str:
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


# --- semantic lint --------------------------------------------------------------------------

#: Control and bidi characters a rubric text may not hold (tab and YAML's line breaks aside).
_LINT_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)


class _Lint:
    """Checks the schema cannot express; each message says what to do."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data

    def finding(self, path: tuple[str | int, ...], message: str) -> Finding:
        return Finding(self.doc.path, self.doc.line_of(path), json_path(path), message)

    def run(self) -> Iterator[Finding]:
        yield from self.unique_ids()
        yield from self.band_tables()
        yield from self.references()
        yield from self.criteria()
        yield from self.ranges()
        yield from self.quotes()
        yield from self.red_flag_reach()
        yield from self.exclusive_options()
        yield from self.control_characters()

    def control_characters(self) -> Iterator[Finding]:
        """Text that would rewrite a terminal (escapes, C1 controls) or reverse the sentence
        around it (bidi controls) in every output that quotes it: each string, with its line.
        What YAML reads as a line break (CR, NEL) is allowed like a newline: outputs show it."""
        from .safetext import visible

        def has_unsafe(text: str) -> bool:
            return _LINT_UNSAFE.search(text) is not None

        def walk(node: Any, path: tuple[str | int, ...]) -> Iterator[Finding]:
            if isinstance(node, dict):
                for key, value in node.items():
                    yield from walk(value, (*path, key))
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    yield from walk(value, (*path, i))
            elif isinstance(node, str) and has_unsafe(node):
                chars = sorted({c for c in node if has_unsafe(c)})
                shown = ", ".join(f"{visible(c)} (U+{ord(c):04X})" for c in chars)
                yield self.finding(
                    path,
                    _(
                        "holds control or bidi characters that would disguise text when shown: "
                        "{characters}; remove them (tabs and line breaks are fine)"
                    ).format(characters=shown),
                )

        yield from walk(self.data, ())

    def items(self, key: str) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
        for i, item in enumerate(self.data.get(key, [])):
            yield (key, i), item

    def all_criteria(
        self,
    ) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any], dict[str, Any]]]:
        for dpath, dim in self.items("dimensions"):
            for j, crit in enumerate(dim["criteria"]):
                yield (*dpath, "criteria", j), crit, dim

    def unique_ids(self) -> Iterator[Finding]:
        groups: list[tuple[str, list[tuple[tuple[str | int, ...], Any]]]] = [
            (
                N_("duplicate dimension '{value}' (first on line {line})"),
                [((*p, "id"), d["id"]) for p, d in self.items("dimensions")],
            ),
            (
                N_("duplicate criterion '{value}' (first on line {line})"),
                [((*p, "id"), c["id"]) for p, c, _dim in self.all_criteria()],
            ),
            (
                N_("duplicate red flag '{value}' (first on line {line})"),
                [((*p, "id"), f["id"]) for p, f in self.items("red_flags")],
            ),
            (
                N_("duplicate band table '{value}' (first on line {line})"),
                [((*p, "id"), t["id"]) for p, t in self.items("band_tables")],
            ),
            (
                N_("duplicate source '{value}' (first on line {line})"),
                [((*p, "id"), s["id"]) for p, s in self.items("sources")],
            ),
        ]
        for p, crit, _dim in self.all_criteria():
            groups.append(
                (
                    N_("duplicate option '{value}' (first on line {line})"),
                    [
                        ((*p, "options", k, "value"), o["value"])
                        for k, o in enumerate(crit.get("options", []))
                    ],
                )
            )
        for p, table in self.items("band_tables"):
            groups.append(
                (
                    N_("duplicate band label '{value}' (first on line {line})"),
                    [((*p, "bands", k, "label"), b["label"]) for k, b in enumerate(table["bands"])],
                )
            )
        for what, entries in groups:
            first_seen: dict[Any, tuple[str | int, ...]] = {}
            for path, value in entries:
                if value in first_seen:
                    line = self.doc.line_of(first_seen[value])
                    yield self.finding(path, _(what).format(value=value, line=integer(line)))
                else:
                    first_seen[value] = path

    def band_tables(self) -> Iterator[Finding]:
        for path, table in self.items("band_tables"):
            step = table.get("step")
            bands = [(k, b) for k, b in enumerate(table["bands"])]
            for k, band in bands:
                if band["min"] > band["max"] or (step is None and band["min"] == band["max"]):
                    yield self.finding(
                        (*path, "bands", k, "max"),
                        _("band '{label}' ends ({max}) before it starts ({min})").format(
                            label=band["label"], max=f"{band['max']:g}", min=f"{band['min']:g}"
                        ),
                    )
            ordered = sorted(bands, key=lambda kb: (kb[1]["min"], kb[1]["max"]))
            for (_k, low), (k, high) in itertools.pairwise(ordered):
                expected = low["max"] + (step or 0)
                if abs(high["min"] - expected) < 1e-9:
                    continue
                message = (
                    N_(
                        "gap between band '{low}' and band '{high}' ({end} and {start}): "
                        "'{high}' should start at {expected}{step}"
                    )
                    if high["min"] > expected
                    else N_(
                        "overlap between band '{low}' and band '{high}' ({end} and {start}): "
                        "'{high}' should start at {expected}{step}"
                    )
                )
                one_step = (
                    _(" (one step of {step} above {end})").format(
                        step=f"{step:g}", end=f"{low['max']:g}"
                    )
                    if step
                    else ""
                )
                yield self.finding(
                    (*path, "bands", k, "min"),
                    _(message).format(
                        low=low["label"],
                        high=high["label"],
                        end=f"{low['max']:g}",
                        start=f"{high['min']:g}",
                        expected=f"{expected:g}",
                        step=one_step,
                    ),
                )

    def table_ids(self) -> dict[str, dict[str, Any]]:
        return {t["id"]: t for t in self.data["band_tables"]}

    def references(self) -> Iterator[Finding]:
        tables = self.table_ids()
        flags = {f["id"] for f in self.data.get("red_flags", [])}
        sources = {s["id"]: s for s in self.data.get("sources", [])}
        used_flags: set[str] = set()

        def table_ref(path: tuple[str | int, ...], name: str) -> Iterator[Finding]:
            if name not in tables:
                yield self.finding(
                    path,
                    _("unknown band table '{id}'{suggestion}").format(
                        id=name, suggestion=_did_you_mean(name, tables)
                    ),
                )

        yield from table_ref(("overall", "bands"), self.data["overall"]["bands"])
        for p, dim in self.items("dimensions"):
            yield from table_ref((*p, "bands"), dim["bands"])
        for p, crit, _dim in self.all_criteria():
            for key in ("options", "thresholds"):
                for k, item in enumerate(crit.get(key, [])):
                    flag = item.get("red_flag")
                    if flag is None:
                        continue
                    used_flags.add(flag)
                    if flag not in flags:
                        yield self.finding(
                            (*p, key, k, "red_flag"),
                            _(
                                "unknown red flag '{id}'{suggestion} (define it under red_flags)"
                            ).format(id=flag, suggestion=_did_you_mean(flag, flags)),
                        )
            ref = crit.get("source", {}).get("ref")
            if ref is not None and ref not in sources:
                yield self.finding(
                    (*p, "source", "ref"),
                    _("unknown source '{id}'{suggestion}").format(
                        id=ref, suggestion=_did_you_mean(ref, sources)
                    ),
                )
        for p, flag in self.items("red_flags"):
            if flag["id"] not in used_flags:
                yield self.finding(
                    (*p, "id"),
                    _("red flag '{id}' is never raised by any option or threshold").format(
                        id=flag["id"]
                    ),
                )
        overall_table = tables.get(self.data["overall"]["bands"])
        labels = [b["label"] for b in overall_table["bands"]] if overall_table else []
        for p, cap in self.items("caps"):
            if cap["red_flag"] not in flags:
                yield self.finding(
                    (*p, "red_flag"),
                    _("unknown red flag '{id}'{suggestion}").format(
                        id=cap["red_flag"], suggestion=_did_you_mean(cap["red_flag"], flags)
                    ),
                )
            if overall_table and cap["band"] not in labels:
                yield self.finding(
                    (*p, "band"),
                    _("unknown band '{band}' in the overall table '{table}'{suggestion}").format(
                        band=cap["band"],
                        table=overall_table["id"],
                        suggestion=_did_you_mean(cap["band"], labels),
                    ),
                )

    def exclusive_options(self) -> Iterator[Finding]:
        """`exclusive` says an option is chosen alone: only a multi question has several."""
        for p, crit, _dim in self.all_criteria():
            if handler(crit["type"]).multiple:
                continue
            for k, option in enumerate(crit.get("options", [])):
                if "exclusive" in option:
                    yield self.finding(
                        (*p, "options", k, "exclusive"),
                        _(
                            "'exclusive' only applies to multi questions ('{id}' is {type}, "
                            "where every option is chosen alone); remove it"
                        ).format(id=crit["id"], type=crit["type"]),
                    )

    def red_flag_reach(self) -> Iterator[Finding]:
        """Every red flag can be raised by answers whose conditions can hold; a flag marked
        `practice_reachable` by a practice question shown without any rule answer."""
        from .conditions import describe
        from .reach import Reach

        if next(self.criteria(), None) is not None:
            return  # a broken condition is reported by criteria(); reach needs sound ones
        criteria = [(p, c) for p, c, _dim in self.all_criteria()]
        reach = Reach(criteria)
        for p, flag in self.items("red_flags"):
            raisers = list(reach.raisers(flag["id"]))
            if not raisers:
                continue  # reported by references()
            why = []
            for r in raisers:
                where = {"id": r.criterion["id"], "line": integer(self.doc.line_of(r.path))}
                if not r.answerable:
                    why.append(
                        _(
                            "'{id}' (line {line}): its threshold lies outside the number's range"
                        ).format(**where)
                    )
                elif not reach.can_show(r.criterion["id"]):
                    cond = conditions.parse_condition(r.criterion["when"])
                    why.append(
                        _(
                            "'{id}' (line {line}) is only asked when {condition}, which cannot hold"
                        ).format(condition=describe(cond), **where)
                    )
            if len(why) == len(raisers):
                yield self.finding(
                    (*p, "id"),
                    _("red flag '{id}' can never be raised: {reasons}").format(
                        id=flag["id"], reasons="; ".join(why)
                    ),
                )
                continue
            if not flag.get("practice_reachable"):
                continue
            practice = [r for r in raisers if r.criterion.get("kind", "practice") == "practice"]
            if any(r.answerable and reach.can_show(r.criterion["id"], True) for r in practice):
                continue
            if not practice:
                names = ", ".join(f"'{r.criterion['id']}'" for r in raisers)
                reason = _("only rule questions raise it ({ids}); add a practice question").format(
                    ids=names
                )
            else:
                reason = "; ".join(
                    _(
                        "'{id}' (line {line}) is only asked when {condition}, which needs a "
                        "rule answer; ask it whatever the rules say"
                    ).format(
                        id=r.criterion["id"],
                        line=integer(self.doc.line_of(r.path)),
                        condition=describe(conditions.parse_condition(when)),
                    )
                    if r.answerable and (when := r.criterion.get("when"))
                    else _(
                        "'{id}' (line {line}) cannot raise it (its threshold lies outside the "
                        "number's range)"
                    ).format(id=r.criterion["id"], line=integer(self.doc.line_of(r.path)))
                    for r in practice
                )
            yield self.finding(
                (*p, "practice_reachable"),
                _("red flag '{id}' must be raisable from practice answers alone: {reason}").format(
                    id=flag["id"], reason=reason
                ),
            )

    def criteria(self) -> Iterator[Finding]:
        earlier: dict[str, dict[str, Any]] = {}
        positions = {c["id"]: p for p, c, _dim in self.all_criteria()}
        for p, crit, dim in self.all_criteria():
            yield from self.criterion_shape(p, crit, dim)
            if "when" in crit:
                yield from self.condition(
                    (*p, "when"), crit["when"], crit["id"], earlier, positions
                )
            earlier[crit["id"]] = crit

    def criterion_shape(
        self, p: tuple[str | int, ...], crit: dict[str, Any], dim: dict[str, Any]
    ) -> Iterator[Finding]:
        kind = handler(crit["type"])
        points = dim.get("scoring") == "points"
        for key in ("options", "scale", "number", "thresholds"):
            if key in crit and key not in kind.fields:
                yield self.finding(
                    (*p, key),
                    _("'{key}' is not used by a question of type {type}; remove it").format(
                        key=key, type=kind.name
                    ),
                )
        if not kind.scored:
            for key in ("dont_know", "not_applicable"):
                if key in crit:
                    yield self.finding(
                        (*p, key),
                        _("'{key}' has no effect on a text question; remove it").format(key=key),
                    )
        for k, option in enumerate(crit.get("options", [])):
            if option["value"] in RESERVED_VALUES:
                yield self.finding(
                    (*p, "options", k, "value"),
                    _("'{value}' is reserved for answers; choose another value").format(
                        value=option["value"]
                    ),
                )
            if points and "points" not in option:
                yield self.finding((*p, "options", k), _missing_points())
            if not points and "score" not in option:
                yield self.finding((*p, "options", k), _("missing 'score' (a number from 0 to 1)"))
        for below, message in kind.lint(crit, points):
            yield self.finding((*p, *below), message)
        if "thresholds" in kind.fields:
            yield from self.thresholds(p, crit, points)

    def thresholds(
        self, p: tuple[str | int, ...], crit: dict[str, Any], points: bool
    ) -> Iterator[Finding]:
        items = crit["thresholds"]
        previous = None
        for k, item in enumerate(items):
            last = k == len(items) - 1
            if last and "up_to" in item:
                yield self.finding(
                    (*p, "thresholds", k),
                    _("the last threshold must have no 'up_to': it catches every larger answer"),
                )
            if not last and "up_to" not in item:
                yield self.finding(
                    (*p, "thresholds", k), _("missing 'up_to' (only the last threshold has none)")
                )
            if "up_to" in item:
                if previous is not None and item["up_to"] <= previous:
                    yield self.finding(
                        (*p, "thresholds", k, "up_to"),
                        _("thresholds must ascend: {value} is not above {previous}").format(
                            value=f"{item['up_to']:g}", previous=f"{previous:g}"
                        ),
                    )
                previous = item["up_to"]
            if points and "points" not in item:
                yield self.finding((*p, "thresholds", k), _missing_points())

    def condition(
        self,
        path: tuple[str | int, ...],
        cond: dict[str, Any],
        owner: str,
        earlier: dict[str, dict[str, Any]],
        positions: dict[str, tuple[str | int, ...]],
    ) -> Iterator[Finding]:
        groups = [k for k in ("all", "any", "not") if k in cond]
        ops = [k for k in conditions.LEAF_OPS if k in cond]
        if groups:
            if len(groups) > 1 or "question" in cond or ops:
                yield self.finding(
                    path, _("a condition is one of all / any / not / a question test, not several")
                )
                return
            key = groups[0]
            children = (
                [(i, c) for i, c in enumerate(cond[key])] if key != "not" else [(None, cond[key])]
            )
            for i, child in children:
                child_path = (*path, key) if i is None else (*path, key, i)
                yield from self.condition(child_path, child, owner, earlier, positions)
            return
        if "question" not in cond:
            yield self.finding(path, _("a condition needs 'question' (or all / any / not)"))
            return
        if len(ops) != 1:
            yield self.finding(path, _("a question test needs exactly one of equals, in, at_least"))
            return
        target = cond["question"]
        qpath = (*path, "question")
        if target == owner:
            yield self.finding(
                qpath, _("the condition of '{id}' refers to itself").format(id=owner)
            )
            return
        if target not in earlier:
            if target in positions:
                line = self.doc.line_of(positions[target])
                yield self.finding(
                    qpath,
                    _(
                        "'{id}' comes later (line {line}); "
                        "conditions may only refer to earlier questions"
                    ).format(id=target, line=integer(line)),
                )
            else:
                yield self.finding(
                    qpath,
                    _("unknown question '{id}'{suggestion}").format(
                        id=target, suggestion=_did_you_mean(target, positions)
                    ),
                )
            return
        ref = earlier[target]
        op = ops[0]
        operand = handler(ref["type"]).operand
        if operand == "none":
            yield self.finding(
                qpath,
                _("'{id}' is a {type} question; conditions cannot test it").format(
                    id=target, type=ref["type"]
                ),
            )
        elif op == "at_least":
            if operand != "number":
                yield self.finding(
                    (*path, op),
                    _("{op} needs a number or scale question; '{id}' is {type}").format(
                        op="at_least", id=target, type=ref["type"]
                    ),
                )
        elif operand == "choice":
            values = [o["value"] for o in ref["options"]]
            wanted = cond[op] if op == "in" else [cond[op]]
            for w in wanted:
                if str(w) not in values:
                    yield self.finding(
                        (*path, op),
                        _("'{id}' has no option '{value}'; its options are {values}").format(
                            id=target, value=w, values=", ".join(values)
                        ),
                    )
        else:
            yield self.finding(
                (*path, op),
                _("{op} needs a choice question; use {other} for '{id}'").format(
                    op=op, other="at_least", id=target
                ),
            )

    def ranges(self) -> Iterator[Finding]:
        tables = self.table_ids()
        for p, dim in self.items("dimensions"):
            table = tables.get(dim["bands"])
            if table is None:
                continue
            if dim.get("scoring") == "points":
                if "range" in dim and dim["range"]["min"] >= dim["range"]["max"]:
                    yield self.finding(
                        (*p, "range"), _("the range's max must be greater than its min")
                    )
                    continue
                low, high = self.points_range(dim)
                given = self.criteria_points_range(dim)
                if (
                    "range" in dim
                    and not dim["range"].get("clamp")
                    and (given[0] < low - 1e-9 or given[1] > high + 1e-9)
                ):
                    yield self.finding(
                        (*p, "range"),
                        _(
                            "the criteria can total {fewest} to {most} points, outside the "
                            "declared range {min} to {max}; widen the range, or add 'clamp: true' "
                            "if the method holds totals within it"
                        ).format(
                            fewest=f"{given[0]:g}",
                            most=f"{given[1]:g}",
                            min=f"{low:g}",
                            max=f"{high:g}",
                        ),
                    )
            else:
                if "range" in dim:
                    yield self.finding(
                        (*p, "range"), _("'range' is only used with scoring: points")
                    )
                low, high = 0.0, 100.0
            yield from self.covers(
                table, low, high, (*p, "bands"), _("dimension '{id}'").format(id=dim["id"])
            )
        overall = self.data["overall"]
        table = tables.get(overall["bands"])
        if table is None:
            return
        if overall["method"] == "weighted_mean":
            yield from self.covers(table, 0.0, 100.0, ("overall", "bands"), _("the overall score"))
            return
        values: list[float] = []
        for p, dim in self.items("dimensions"):
            dim_table = tables.get(dim["bands"])
            for band in dim_table["bands"] if dim_table else []:
                if "value" not in band:
                    yield self.finding(
                        (*p, "bands"),
                        _("band '{label}' of table '{table}' needs a 'value' for {method}").format(
                            label=band["label"],
                            table=dim_table["id"],  # type: ignore[index]
                            method="mean_of_band_values",
                        ),
                    )
                else:
                    values.append(band["value"])
        if values:
            yield from self.covers(
                table, min(values), max(values), ("overall", "bands"), _("the mean of band values")
            )

    def points_range(self, dim: dict[str, Any]) -> tuple[float, float]:
        if "range" in dim:
            return dim["range"]["min"], dim["range"]["max"]
        return self.criteria_points_range(dim)

    def criteria_points_range(self, dim: dict[str, Any]) -> tuple[float, float]:
        """The fewest and most points the dimension's criteria can add up to."""
        low = high = 0.0
        for crit in dim["criteria"]:
            pts = [o.get("points", 0) for o in crit.get("options", crit.get("thresholds", []))]
            if not pts:
                continue
            if handler(crit["type"]).multiple:
                low += sum(x for x in pts if x < 0)
                high += sum(x for x in pts if x > 0)
            else:
                low += min(pts)
                high += max(pts)
        return low, high

    def covers(
        self, table: dict[str, Any], low: float, high: float, path: tuple[str | int, ...], what: str
    ) -> Iterator[Finding]:
        bottom = min(b["min"] for b in table["bands"])
        top = max(b["max"] for b in table["bands"])
        if bottom > low + 1e-9 or top < high - 1e-9:
            yield self.finding(
                path,
                _(
                    "band table '{table}' covers {bottom} to {top}, but {what} ranges from {low} to {high}"
                ).format(
                    table=table["id"],
                    bottom=f"{bottom:g}",
                    top=f"{top:g}",
                    what=what,
                    low=f"{low:g}",
                    high=f"{high:g}",
                ),
            )

    def quotes(self) -> Iterator[Finding]:
        """Each quote is verbatim in its source; a source is a regular file inside the rubric's
        own folder tree (or, for a bundled rubric, the bundled seeds/), so a rubric cannot read
        or quote any other file on the machine."""
        texts: dict[str, str | None] = {}
        for p, source in self.items("sources"):
            if "path" not in source:
                continue
            try:
                path = source_path(Path(self.doc.path), source["path"])
                texts[source["id"]] = normalise_space(read_text(path))
            except OrgauditError as exc:
                texts[source["id"]] = None
                yield self.finding(
                    (*p, "path"),
                    _("cannot read the source '{path}': {reason}").format(
                        path=source["path"], reason=exc.message
                    ),
                )
        for p, crit, _dim in self.all_criteria():
            cite = crit.get("source")
            if not cite or "quote" not in cite or texts.get(cite["ref"]) is None:
                continue
            text = texts[cite["ref"]]
            quote = normalise_space(cite["quote"])
            if quote not in text:  # type: ignore[operator]
                near = nearest_excerpt(quote, text)  # type: ignore[arg-type]
                tip = _('; did you mean "{text}"?').format(text=near) if near else ""
                yield self.finding(
                    (*p, "source", "quote"),
                    _("the quote is not verbatim in source '{id}'{suggestion}").format(
                        id=cite["ref"], suggestion=tip
                    ),
                )


def source_path(rubric_path: Path, given: str) -> Path:
    """The file a rubric's source `given` names, if it may be read: resolved (symlinks and `..`
    followed) inside the rubric's own folder tree, or the bundled seeds/ for a bundled rubric."""
    base = rubric_path.resolve().parent
    roots = [base]
    bundled = project_root().resolve()
    if base == bundled / "rubrics":
        roots.append(bundled / "seeds")
    resolved = (base / given).resolve()
    if not any(resolved.is_relative_to(root) for root in roots):
        raise OrgauditError(
            _("it lies outside the rubric's folder; keep sources in that folder or below it"),
            file=given,
        )
    return resolved


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


#: How many candidate passages `nearest_excerpt` compares in full, and how many rare words of
#: the quote anchor them.
_CANDIDATES = 8
_ANCHORS = 12


def nearest_excerpt(quote: str, text: str, cutoff: float = 0.75) -> str | None:
    """The passage of `text` most like `quote`, when one is close enough to be a typo's source.

    Near-linear: the quote's rarest words (in the source) vote for where a passage would start,
    and only the few best-voted passages are compared character by character. Comparing every
    window took minutes for a long quote against a long source.
    """
    words = text.split(" ")
    quoted = quote.split(" ")
    size = max(1, len(quoted))
    if not text:
        return None
    folded = _fold(text).split(" ")  # as many words as `words`: folding keeps the spaces
    wanted_words = _fold(quote).split(" ")
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(folded):
        positions.setdefault(word, []).append(index)
    anchors = sorted(
        {(len(positions[w]), offset, w) for offset, w in enumerate(wanted_words) if w in positions}
    )[:_ANCHORS]
    last = max(0, len(words) - size)
    votes: dict[int, int] = {}
    for _count, offset, word in anchors:
        for at in positions[word][:1000]:
            start = min(max(0, at - offset), last)
            votes[start] = votes.get(start, 0) + 1
    if not votes:
        return None
    # Rank the candidates by the words they share with the quote (linear), then compare the
    # best few character by character.
    wanted = Counter(wanted_words)
    ranked = sorted(votes, key=lambda start: (-votes[start], start))[:_CANDIDATES]
    scored = set()
    for start in ranked:
        for shifted in (max(0, start - 1), start, min(start + 1, last)):
            window = Counter(folded[shifted : shifted + size])
            scored.add((sum((window & wanted).values()), -shifted))
    best, best_ratio = None, cutoff
    top = max(scored)[0]
    if top < 0.4 * size:
        return None  # too few of the quote's words: not a typo of any passage
    for shared, minus_start in sorted(scored, reverse=True)[:2]:
        if shared < top:
            break
        candidate = " ".join(words[-minus_start : -minus_start + size])
        matcher = difflib.SequenceMatcher(None, candidate, quote, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _fold(text: str) -> str:
    """Text as the hint's index sees it: no case, no punctuation (spaces stay where they are)."""
    return text.casefold().translate(_NO_PUNCTUATION)


_NO_PUNCTUATION = str.maketrans("", "", ".,;:!?\"'()[]{}«»“”‘’—–-…")


def _did_you_mean(name: str, choices: Iterable[str]) -> str:
    return did_you_mean(name, choices)


def _missing_points() -> str:
    return _("missing 'points' (this dimension sums points)")


# --- building the model ---------------------------------------------------------------------


def content_hash(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_SCORING_KEYS = (
    "question",
    "type",
    "weight",
    "dont_know",
    "not_applicable",
    "options",
    "scale",
    "number",
    "thresholds",
    "when",
)


def criterion_hash(crit: Mapping[str, Any]) -> str:
    """A short hash of what scoring depends on: wording, options, scores, condition.

    An option's or threshold's own recommendation is advice, not scoring: left out, so adding
    one does not make answers files look written for another rubric.
    """
    kept = {k: crit[k] for k in _SCORING_KEYS if k in crit}
    for key in ("options", "thresholds"):
        if key in kept:
            kept[key] = [
                {k: v for k, v in item.items() if k != "recommendation"} for item in kept[key]
            ]
    return content_hash(kept)[7:19]


def build_rubric(doc: Document) -> Rubric:
    data = doc.data
    tables = {
        t["id"]: BandTable(
            id=t["id"],
            step=t.get("step"),
            bands=tuple(
                Band(
                    label=b["label"],
                    min=b["min"],
                    max=b["max"],
                    value=b.get("value"),
                    description=b.get("description", ""),
                )
                for b in t["bands"]
            ),
        )
        for t in data["band_tables"]
    }
    dimensions = []
    all_criteria: list[Criterion] = []
    for i, dim in enumerate(data["dimensions"]):
        points = dim.get("scoring") == "points"
        criteria = tuple(
            _criterion(doc, ("dimensions", i, "criteria", j), c, dim["id"], points)
            for j, c in enumerate(dim["criteria"])
        )
        all_criteria.extend(criteria)
        rng = dim.get("range", {})
        dimensions.append(
            Dimension(
                id=dim["id"],
                title=dim["title"],
                description=dim.get("description", ""),
                weight=float(dim.get("weight", 1)),
                scoring=dim.get("scoring", "weighted_mean"),
                bands=dim["bands"],
                criteria=criteria,
                range_min=rng.get("min"),
                range_max=rng.get("max"),
                clamp=bool(rng.get("clamp", False)),
            )
        )
    return Rubric(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        language=data["language"],
        description=data.get("description", ""),
        dimensions=tuple(dimensions),
        band_tables=tables,
        overall_method=data["overall"]["method"],
        overall_bands=data["overall"]["bands"],
        total_label=data["overall"].get("total_label", "Total"),
        min_group=data.get("min_group"),
        sources=tuple(
            Source(
                id=s["id"],
                title=s["title"],
                author=s.get("author"),
                path=s.get("path"),
                url=s.get("url"),
            )
            for s in data.get("sources", [])
        ),
        red_flags=tuple(
            RedFlag(id=f["id"], title=f["title"], description=f.get("description", ""))
            for f in data.get("red_flags", [])
        ),
        caps=tuple(Cap(red_flag=c["red_flag"], band=c["band"]) for c in data.get("caps", [])),
        path=doc.path,
        hash=content_hash(data),
        criteria=tuple(all_criteria),
    )


def _criterion(
    doc: Document, path: tuple[str | int, ...], c: dict[str, Any], dimension_id: str, points: bool
) -> Criterion:
    def score_of(item: Mapping[str, Any], low: float, high: float) -> float:
        if points:
            return 1.0 if high == low else (item.get("points", 0) - low) / (high - low)
        return float(item.get("score", 0.0))

    raw_options = c.get("options", [])
    pts = [o.get("points", 0) for o in raw_options] or [0]
    low, high = min(pts), max(pts)
    kind = handler(c["type"])
    if points and kind.multiple:
        low, high = 0, max(1, sum(p for p in pts if p > 0))
    options = tuple(
        Option(
            value=o["value"],
            label=o["label"],
            score=score_of(o, low, high),
            points=o.get("points"),
            red_flag=o.get("red_flag"),
            recommendation=o.get("recommendation"),
            exclusive=bool(o.get("exclusive", False)),
        )
        for o in raw_options
    )
    raw_thresholds = c.get("thresholds", [])
    tpts = [t.get("points", 0) for t in raw_thresholds] or [0]
    thresholds = tuple(
        Threshold(
            up_to=t.get("up_to"),
            score=score_of(t, min(tpts), max(tpts)),
            points=t.get("points"),
            red_flag=t.get("red_flag"),
            label=t.get("label"),
            recommendation=t.get("recommendation"),
        )
        for t in raw_thresholds
    )
    source = c.get("source")
    crit = Criterion(
        id=c["id"],
        dimension_id=dimension_id,
        question=c["question"],
        type=c["type"],
        kind=c.get("kind", "practice"),
        help=c.get("help", ""),
        weight=float(c.get("weight", 1)),
        dont_know=c.get("dont_know", "omit"),
        not_applicable=bool(c.get("not_applicable", False)),
        options=options,
        spec=kind.spec(c),
        thresholds=thresholds,
        when=conditions.parse_condition(c["when"]) if "when" in c else None,
        recommendation=c.get("recommendation", ""),
        source=Citation(ref=source["ref"], quote=source.get("quote"), page=source.get("page"))
        if source
        else None,
        uses_points=points,
        hash=criterion_hash(c),
        scored=kind.scored,
    )
    return dataclasses.replace(crit, points_span=kind.points_range(crit))


def bundled_rubrics() -> dict[str, Path]:
    """Rubric id -> file, for the rubrics shipped in rubrics/."""
    found: dict[str, Path] = {}
    folder = project_root() / "rubrics"
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = load_yaml(path).data
        except OrgauditError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.setdefault(data["id"], path)
    return found


_TOP_LEVEL_ID = re.compile(r"""^id:[ \t]*["']?([a-z0-9][a-z0-9-]*)["']?[ \t]*(?:#.*)?$""", re.M)


def find_rubric(rubric_id: str | None) -> Path:
    """The bundled rubric with this id; the default rubric when no id is given."""
    if rubric_id is None:
        return default_rubric_path()
    named = project_root() / "rubrics" / f"{rubric_id}.yaml"
    if named.is_file():  # the usual case: a bundled rubric is named after its id
        try:
            text = read_text(named)
        except OrgauditError:
            text = ""
        # its top-level `id:` line, without parsing the whole file a second time (the caller
        # loads it, and a file that is not what this line says fails that load's checks)
        found = _TOP_LEVEL_ID.search(text)
        if found is not None and found.group(1) == rubric_id:
            return named
    bundled = bundled_rubrics()
    if rubric_id in bundled:
        return bundled[rubric_id]
    raise RubricError(
        _("no bundled rubric has the id '{id}'{suggestion}").format(
            id=rubric_id, suggestion=_did_you_mean(rubric_id, bundled)
        ),
        hint=_("pass it with {option} (bundled: {ids})").format(
            option="--rubric FILE", ids=", ".join(sorted(bundled)) or _("none")
        ),
    )

"""Rubric translations: the texts of a rubric in another language, in a file beside it.

`rubrics/org-democracy.es.yaml` holds, keyed by the rubric's ids, every text a respondent or a
reader sees (titles, questions, help, option labels, recommendations, band labels, red flags),
and names the rubric hash it was made for. Criterion entries also carry the criterion's hash
(`hash`, the one answers files record) and a hash of its other texts (`text_hash`), so a changed
criterion makes exactly its own entry stale. See docs/translations.md.

Translation is presentation only: `translate` returns a copy of the rubric with its texts
replaced and every value, id, score, point, weight, condition and band boundary as it was, so
an answers file (which records option values, never labels) scores the same in every language.
Band labels are the one text that is also a key (a cap names its band by label, and
`BandTable.rank_of` looks labels up): they are translated together with the caps that name
them, and left in the original language whenever the translated labels of a table would not be
distinct.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .errors import Finding, OrgauditError, RubricError
from .model import Band, BandTable, Cap, Criterion, Rubric
from .questions import handler
from .rubric import _LINT_UNSAFE, _plain_message, content_hash, json_path
from .suggest import did_you_mean
from .yamlio import Document, load_yaml

#: A BCP 47 language tag, as the rubric schema takes it (`es`, `fa`, `pt-BR`).
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")

Direction = Literal["ltr", "rtl"]
#: A path into a translation file; a threshold is named `("thresholds", up_to)`.
Key = tuple[str | float | None, ...]
_HEADER = ("rubric", "rubric_hash", "language", "machine_assisted", "note")


@dataclass(frozen=True)
class Language:
    code: str
    #: The language's own name: "Español", "فارسی".
    name: str
    direction: Direction = "ltr"


@dataclass(frozen=True)
class Translation:
    """One translation file, read and checked against its schema (not yet against a rubric)."""

    rubric_id: str
    rubric_hash: str
    language: Language
    machine_assisted: bool
    data: dict[str, Any]
    path: str = ""
    note: str = ""
    doc: Document | None = dataclasses.field(default=None, repr=False, compare=False)

    def text(self, key: Key) -> str | None:
        """The translated text at `key`, or None where the file has none."""
        node = _node(self.data, key)
        return node if isinstance(node, str) else None

    def criterion_entry(self, criterion_id: str) -> dict[str, Any] | None:
        entry = self.data.get("criteria", {}).get(criterion_id)
        return entry if isinstance(entry, dict) else None


# --- files ----------------------------------------------------------------------------------


def translation_path(rubric_path: str | Path, lang: str) -> Path:
    """The translation of the rubric at `rubric_path` into `lang`: `<stem>.<lang>.yaml` beside it.

    `lang` must be a language tag (so it can never name a file elsewhere)."""
    if not LANGUAGE_TAG.fullmatch(lang):
        raise OrgauditError(
            f"'{lang}' is not a language tag",
            hint="use a BCP 47 tag such as es, fa or pt-BR",
        )
    path = Path(rubric_path)
    return path.with_name(f"{path.stem}.{lang}{path.suffix or '.yaml'}")


def available_languages(rubric_path: str | Path) -> list[str]:
    """The languages the rubric at `rubric_path` has a translation file for, sorted (the
    rubric's own language is not among them)."""
    path = Path(rubric_path)
    if not path.stem:
        return []
    found = set()
    for candidate in path.parent.glob(f"{_glob_escape(path.stem)}.*{path.suffix or '.yaml'}"):
        middle = candidate.name[len(path.stem) + 1 : len(candidate.name) - len(candidate.suffix)]
        if LANGUAGE_TAG.fullmatch(middle) and candidate.is_file():
            found.add(middle)
    return sorted(found)


def _glob_escape(text: str) -> str:
    from glob import escape

    return escape(text)


@cache
def translation_schema() -> dict[str, Any]:
    text = (
        resources.files("orgaudit").joinpath("schemas/translation.schema.json").read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _schema_findings(doc: Document) -> list[Finding]:
    from jsonschema import Draft202012Validator
    from referencing import Registry

    validator = Draft202012Validator(translation_schema(), registry=Registry())
    findings = []
    for error in validator.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        message, path = _plain_message(error, path, doc.raw_of(path))
        if "propertyNames" in error.absolute_schema_path:
            # jsonschema points at the mapping: name the key that is wrong
            path = (*path, str(error.instance))
        findings.append(Finding(doc.path, doc.key_line_of(path), json_path(path), message))
    return sorted(findings)


def _read(path: str | Path) -> tuple[Document, list[Finding]]:
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}, not a mapping"
        return doc, [Finding(doc.path, 1, "", f"the translation is {what}")]
    return doc, _schema_findings(doc)


def load_translation(path: str | Path) -> Translation:
    """Read a translation file and check it against the translation schema.

    Raises `YamlError` when the file is not YAML orgaudit reads, and `RubricError` (with every
    finding) when it does not have a translation's shape. Whether it fits a rubric, and is
    complete and current, is `check_translation`'s job: `translate` falls back to the original
    text for whatever is missing."""
    doc, findings = _read(path)
    if findings:
        first = findings[0]
        raise RubricError(
            first.message
            if len(findings) == 1
            else f"{first.message} (and {len(findings) - 1} more)",
            file=first.file,
            line=first.line,
            hint="run `orgaudit rubric validate` on the rubric to see every problem",
            findings=findings,
        )
    data: dict[str, Any] = doc.data
    lang = data["language"]
    return Translation(
        rubric_id=data["rubric"],
        rubric_hash=data["rubric_hash"],
        language=Language(code=lang["code"], name=lang["name"], direction=lang["direction"]),
        machine_assisted=data["machine_assisted"],
        data=data,
        path=doc.path,
        note=data.get("note", ""),
        doc=doc,
    )


def translated(rubric: Rubric, lang: str | None, *, use_stale: bool = False) -> Rubric:
    """`rubric` in `lang`: itself for its own language (or no language), else its translation
    from the file beside it (`es-MX` falls back to `es`). Raises `OrgauditError` naming the
    languages there are when there is no translation into `lang`."""
    if not lang or _primary(lang) == _primary(rubric.language):
        return rubric
    if not rubric.path:
        raise OrgauditError(f"the rubric '{rubric.id}' has no file, so no translations")
    for tag in dict.fromkeys((lang, _primary(lang))):
        path = translation_path(rubric.path, tag)
        if path.is_file():
            return translate(rubric, load_translation(path), use_stale=use_stale)
    there = available_languages(rubric.path)
    raise OrgauditError(
        f"the rubric '{rubric.id}' has no translation into '{lang}'",
        file=rubric.path,
        hint=f"available: {', '.join([rubric.language, *there])}",
    )


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


# --- what a rubric asks to be translated -----------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    key: Key
    original: str
    #: Reported as missing when absent (quotes and source titles are optional).
    required: bool = True


#: Texts of question types' specs that `text_hash` hashes where they were when every criterion
#: had them as fields (a scale's two labels as one list, a number's unit), so that the hashes
#: stored in translation files stay valid. Other spec texts go under "spec".
_HASHED_SCALE: tuple[tuple[str, ...], ...] = (("scale", "min_label"), ("scale", "max_label"))
_HASHED_UNIT: tuple[str, ...] = ("unit",)


def text_hash(crit: Criterion) -> str:
    """A short hash of every text of a criterion (question, help, recommendations, option and
    threshold labels, its type's texts such as scale labels or a unit, quote): a translation
    entry made from other texts is stale."""
    spec_texts = dict(handler(crit.type).spec_texts(crit.spec))
    data: dict[str, Any] = {
        "question": crit.question,
        "help": crit.help,
        "recommendation": crit.recommendation,
        "options": [[o.value, o.label, o.recommendation] for o in crit.options],
        "thresholds": [[t.up_to, t.label, t.recommendation] for t in crit.thresholds],
        "scale": [spec_texts.pop(key, None) for key in _HASHED_SCALE],
        "unit": spec_texts.pop(_HASHED_UNIT, None),
        "quote": crit.source.quote if crit.source else None,
    }
    if spec_texts:
        data["spec"] = [[list(key), text] for key, text in spec_texts.items()]
    return content_hash(data)[7:19]


def _slots(rubric: Rubric) -> Iterator[_Slot]:
    yield _Slot(("title",), rubric.title)
    if rubric.description:
        yield _Slot(("description",), rubric.description)
    yield _Slot(("total_label",), rubric.total_label, required=rubric.points_total)
    for source in rubric.sources:
        yield _Slot(("sources", source.id, "title"), source.title, required=False)
    for flag in rubric.red_flags:
        yield _Slot(("red_flags", flag.id, "title"), flag.title)
        if flag.description:
            yield _Slot(("red_flags", flag.id, "description"), flag.description)
    for table in rubric.band_tables.values():
        for band in table.bands:
            yield _Slot(("band_tables", table.id, band.label, "label"), band.label)
            if band.description:
                yield _Slot(("band_tables", table.id, band.label, "description"), band.description)
    for dim in rubric.dimensions:
        yield _Slot(("dimensions", dim.id, "title"), dim.title)
        if dim.description:
            yield _Slot(("dimensions", dim.id, "description"), dim.description)
    for crit in rubric.criteria:
        yield from _criterion_slots(crit)


def _criterion_slots(crit: Criterion) -> Iterator[_Slot]:
    base: Key = ("criteria", crit.id)
    yield _Slot((*base, "question"), crit.question)
    if crit.help:
        yield _Slot((*base, "help"), crit.help)
    if crit.recommendation:
        yield _Slot((*base, "recommendation"), crit.recommendation)
    for option in crit.options:
        yield _Slot((*base, "options", option.value, "label"), option.label)
        if option.recommendation:
            yield _Slot((*base, "options", option.value, "recommendation"), option.recommendation)
    for t in crit.thresholds:
        if t.label:
            yield _Slot((*base, "thresholds", t.up_to, "label"), t.label)
        if t.recommendation:
            yield _Slot((*base, "thresholds", t.up_to, "recommendation"), t.recommendation)
    for key, original in handler(crit.type).spec_texts(crit.spec):
        yield _Slot((*base, *key), original)
    if crit.source and crit.source.quote:
        yield _Slot((*base, "quote"), crit.source.quote, required=False)


def _node(data: Any, key: Key) -> Any:
    """The value at `key` in a translation's data (thresholds found by their `up_to`)."""
    node = data
    parts = list(key)
    while parts:
        part = parts.pop(0)
        if isinstance(node, list):  # thresholds: the item with this up_to
            node = next(
                (t for t in node if isinstance(t, dict) and _same_up_to(t.get("up_to"), part)),
                None,
            )
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
        if node is None:
            return None
    return node


def _same_up_to(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return isinstance(a, int | float) and isinstance(b, int | float) and float(a) == float(b)


def _file_path(data: Any, key: Key) -> tuple[str | int, ...]:
    """`key` as a path in the file (a threshold's up_to becomes its index in the list), as far
    as the file has it."""
    out: list[str | int] = []
    node = data
    for part in key:
        if isinstance(node, list):
            index = next(
                (
                    i
                    for i, t in enumerate(node)
                    if isinstance(t, dict) and _same_up_to(t.get("up_to"), part)
                ),
                None,
            )
            if index is None:
                break
            out.append(index)
            node = node[index]
        elif isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        else:
            break
    return tuple(out)


def _shown(key: Key) -> str:
    text = "$"
    for part in key:
        if part is None:
            text += "[last]"
        elif isinstance(part, float | int):
            text += f"[up_to {part:g}]"
        else:
            text += f".{part}"
    return text


def _short(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


# --- checking a translation against its rubric -----------------------------------------------


def check_translation(rubric: Rubric, path: str | Path) -> list[Finding]:
    """Every problem of the translation at `path` for `rubric`, sorted by line: the schema's,
    then another rubric's id, a language that is not the file name's, texts missing for the
    rubric's ids, extra texts (unknown ids, or texts the rubric does not have), stale entries
    (a criterion changed since its entry was made; the whole file made for another rubric
    hash), control or bidi characters, and band labels no longer distinct.

    Raises `YamlError` only when the file cannot be read as YAML at all."""
    doc, findings = _read(path)
    if findings:
        return findings
    return sorted(_Check(rubric, doc).run())


class _Check:
    def __init__(self, rubric: Rubric, doc: Document) -> None:
        self.rubric = rubric
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.slots = list(_slots(rubric))

    def at(self, key: Key, message: str) -> Finding:
        """A finding at `key`, or at the key of the nearest entry the file has on the way."""
        path = _file_path(self.data, key)
        line = self.doc.key_line_of(path)
        return Finding(self.doc.path, line, _shown(key), message)

    def run(self) -> Iterator[Finding]:
        if self.data["rubric"] != self.rubric.id:
            yield self.at(
                ("rubric",),
                f"a translation of the rubric '{self.data['rubric']}', not of "
                f"'{self.rubric.id}'{did_you_mean(self.data['rubric'], [self.rubric.id])}",
            )
            return
        yield from self.header()
        yield from self.missing()
        yield from self.extra()
        yield from self.stale()
        yield from self.unsafe()
        yield from self.band_labels()

    def header(self) -> Iterator[Finding]:
        code = self.data["language"]["code"]
        stem = Path(self.rubric.path).stem if self.rubric.path else None
        name = Path(self.doc.path).name
        if stem and name.startswith(stem + "."):
            middle = name[len(stem) + 1 :].rsplit(".", 1)[0]
            if middle != code:
                yield self.at(
                    ("language", "code"),
                    f"the language is '{code}' but the file is named for '{middle}': "
                    f"name it {stem}.{code}.yaml",
                )
        if _primary(code) == _primary(self.rubric.language):
            yield self.at(
                ("language", "code"),
                f"'{code}' is the rubric's own language: a translation is into another one",
            )
        if self.data["rubric_hash"] != self.rubric.hash:
            yield self.at(
                ("rubric_hash",),
                f"stale: made for another version of the rubric (its hash is now "
                f"{self.rubric.hash}); update the entries reported stale and compare the titles, "
                f"descriptions and labels with the rubric, then set rubric_hash to that hash",
            )

    def missing(self) -> Iterator[Finding]:
        for slot in self.slots:
            if slot.required and _node(self.data, slot.key) is None:
                yield self.at(
                    slot.key,
                    f'missing: no translation of "{_short(slot.original)}"',
                )

    def extra(self) -> Iterator[Finding]:
        """Ids the rubric does not have, and texts for what it does not have."""
        wanted = {slot.key for slot in self.slots}
        known: dict[Key, list[str]] = {}
        for key in wanted:  # every prefix that leads to a text, and the names under it
            for i in range(1, len(key)):
                part = key[i]
                names = known.setdefault(key[:i], [])
                if isinstance(part, str) and part not in names:
                    names.append(part)
        criterion_keys = {"hash", "text_hash"}

        def walk(node: Any, key: Key) -> Iterator[Finding]:
            if key in wanted:
                return
            if isinstance(node, list):  # thresholds
                for item in node:
                    up_to = item.get("up_to")
                    here = (*key, up_to)
                    if here not in known:
                        limit = "the last threshold" if up_to is None else f"up_to {up_to:g}"
                        yield self.at(
                            here, f"extra: the rubric has no label or recommendation at {limit}"
                        )
                        continue
                    for name, value in item.items():
                        if name != "up_to":
                            yield from walk(value, (*here, name))
                return
            if not isinstance(node, dict) or key not in known:
                what = _what(key)
                yield self.at(key, f"extra: {what}")
                return
            for name, value in node.items():
                if len(key) == 2 and key[0] == "criteria" and name in criterion_keys:
                    continue
                yield from walk(value, (*key, name))

        for name, value in self.data.items():
            if name not in _HEADER:
                yield from walk(value, (name,))

    def stale(self) -> Iterator[Finding]:
        for crit in self.rubric.criteria:
            entry = _node(self.data, ("criteria", crit.id))
            if not isinstance(entry, dict):
                continue
            now = text_hash(crit)
            if entry["hash"] != crit.hash:
                also = f" and text_hash to {now}" if entry["text_hash"] != now else ""
                yield self.at(
                    ("criteria", crit.id, "hash"),
                    f"stale: the criterion '{crit.id}' changed since this entry was made "
                    f"(its question, options, scores or condition), so its original texts are "
                    f"shown; update the translation, then set hash to {crit.hash}{also}",
                )
            elif entry["text_hash"] != now:
                yield self.at(
                    ("criteria", crit.id, "text_hash"),
                    f"stale: the texts of the criterion '{crit.id}' changed since this entry was "
                    f"made (help, recommendations, labels or quote); update the translation, then "
                    f"set text_hash to {now}",
                )

    def unsafe(self) -> Iterator[Finding]:
        from .safetext import visible

        def walk(node: Any, path: tuple[str | int, ...]) -> Iterator[Finding]:
            if isinstance(node, dict):
                for name, value in node.items():
                    yield from walk(value, (*path, name))
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    yield from walk(value, (*path, i))
            elif isinstance(node, str) and _LINT_UNSAFE.search(node):
                chars = sorted({c for c in node if _LINT_UNSAFE.search(c)})
                shown = ", ".join(f"{visible(c)} (U+{ord(c):04X})" for c in chars)
                yield Finding(
                    self.doc.path,
                    self.doc.line_of(path),
                    json_path(path),
                    f"holds control or bidi characters that would disguise text when shown: "
                    f"{shown}; remove them (the original text is used instead)",
                )

        yield from walk(self.data, ())

    def band_labels(self) -> Iterator[Finding]:
        for table in self.rubric.band_tables.values():
            seen: dict[str, str] = {}
            for band in table.bands:
                shown = _band_label(self.data, table.id, band)
                if shown in seen:
                    yield self.at(
                        ("band_tables", table.id, band.label, "label"),
                        f"'{shown}' is also the translation of the band '{seen[shown]}': band "
                        f"labels must differ within a table (caps name their band by label); "
                        f"until they do, the table keeps its original labels",
                    )
                seen.setdefault(shown, band.label)


def _what(key: Key) -> str:
    names = {
        "sources": "source",
        "red_flags": "red flag",
        "band_tables": "band table",
        "dimensions": "dimension",
        "criteria": "criterion",
    }
    if len(key) == 1:
        return f"unknown key '{key[0]}'"
    if len(key) == 2 and key[0] in names:
        return f"the rubric has no {names[str(key[0])]} '{key[1]}'"
    if len(key) == 3 and key[0] == "band_tables":
        return f"the band table '{key[1]}' has no band labelled '{key[2]}'"
    if len(key) == 4 and key[2] == "options":
        return f"the criterion '{key[1]}' has no option '{key[3]}'"
    return f"the rubric has no text to translate at {_shown(key)}"


def _band_label(data: Any, table_id: str, band: Band) -> str:
    text = _node(data, ("band_tables", table_id, band.label, "label"))
    return text if isinstance(text, str) and _usable(text) else band.label


def _usable(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip()) and not _LINT_UNSAFE.search(text)


# --- translating ----------------------------------------------------------------------------


def translate(rubric: Rubric, translation: Translation, *, use_stale: bool = False) -> Rubric:
    """A copy of `rubric` whose texts are `translation`'s, for showing: option values, ids,
    scores, points, weights, conditions, band boundaries, hashes and the path are unchanged.

    A text the translation lacks (or holds control or bidi characters in) stays the original.
    A criterion whose entry is stale (its question, options or condition changed since) keeps
    its original texts unless `use_stale`: a respondent must not answer an old question. Band
    labels change together with the caps that name them, and only where the table's translated
    labels are distinct. The essay's quote stays as written; its translation goes in
    `Citation.quote_translation`."""
    if translation.rubric_id != rubric.id:
        raise RubricError(
            f"a translation of the rubric '{translation.rubric_id}', not of '{rubric.id}'",
            file=translation.path or None,
            line=translation.doc.key_line_of(("rubric",)) if translation.doc else None,
        )

    def text(key: Key, original: str) -> str:
        given = translation.text(key)
        return given if _usable(given) else original  # type: ignore[return-value]

    def optional(key: Key, original: str | None) -> str | None:
        return original if original is None else text(key, original)

    tables: dict[str, BandTable] = {}
    renamed: dict[str, dict[str, str]] = {}
    for table_id, table in rubric.band_tables.items():
        labels = {b.label: _band_label(translation.data, table_id, b) for b in table.bands}
        if len(set(labels.values())) != len(labels):
            labels = {b.label: b.label for b in table.bands}
        renamed[table_id] = labels
        tables[table_id] = dataclasses.replace(
            table,
            bands=tuple(
                dataclasses.replace(
                    b,
                    label=labels[b.label],
                    description=text(
                        ("band_tables", table_id, b.label, "description"), b.description
                    )
                    if b.description
                    else b.description,
                )
                for b in table.bands
            ),
        )
    overall_labels = renamed.get(rubric.overall_bands, {})
    caps = tuple(
        Cap(red_flag=c.red_flag, band=overall_labels.get(c.band, c.band)) for c in rubric.caps
    )

    def criterion(crit: Criterion) -> Criterion:
        entry = translation.criterion_entry(crit.id)
        if entry is None or (entry.get("hash") != crit.hash and not use_stale):
            return crit
        return _translate_criterion(crit, text, optional)

    dimensions = []
    for dim in rubric.dimensions:
        dimensions.append(
            dataclasses.replace(
                dim,
                title=text(("dimensions", dim.id, "title"), dim.title),
                description=text(("dimensions", dim.id, "description"), dim.description)
                if dim.description
                else dim.description,
                criteria=tuple(criterion(c) for c in dim.criteria),
            )
        )
    return dataclasses.replace(
        rubric,
        title=text(("title",), rubric.title),
        description=text(("description",), rubric.description)
        if rubric.description
        else rubric.description,
        language=translation.language.code,
        total_label=text(("total_label",), rubric.total_label),
        sources=tuple(
            dataclasses.replace(s, title=text(("sources", s.id, "title"), s.title))
            for s in rubric.sources
        ),
        red_flags=tuple(
            dataclasses.replace(
                f,
                title=text(("red_flags", f.id, "title"), f.title),
                description=text(("red_flags", f.id, "description"), f.description)
                if f.description
                else f.description,
            )
            for f in rubric.red_flags
        ),
        band_tables=tables,
        caps=caps,
        dimensions=tuple(dimensions),
        criteria=tuple(c for d in dimensions for c in d.criteria),
    )


def _translate_criterion(
    crit: Criterion,
    text: Callable[[Key, str], str],
    optional: Callable[[Key, str | None], str | None],
) -> Criterion:
    base: Key = ("criteria", crit.id)
    options = tuple(
        dataclasses.replace(
            o,
            label=text((*base, "options", o.value, "label"), o.label),
            recommendation=optional((*base, "options", o.value, "recommendation"), o.recommendation)
            if o.recommendation
            else o.recommendation,
        )
        for o in crit.options
    )
    thresholds = tuple(
        dataclasses.replace(
            t,
            label=optional((*base, "thresholds", t.up_to, "label"), t.label),
            recommendation=optional(
                (*base, "thresholds", t.up_to, "recommendation"), t.recommendation
            )
            if t.recommendation
            else t.recommendation,
        )
        for t in crit.thresholds
    )
    source = crit.source
    if source is not None and source.quote:
        quote = text((*base, "quote"), "")  # "" where the translation has none it can show
        source = dataclasses.replace(source, quote_translation=quote or source.quote_translation)
    return dataclasses.replace(
        crit,
        question=text((*base, "question"), crit.question),
        help=text((*base, "help"), crit.help) if crit.help else crit.help,
        recommendation=text((*base, "recommendation"), crit.recommendation)
        if crit.recommendation
        else crit.recommendation,
        options=options,
        thresholds=thresholds,
        spec=handler(crit.type).with_texts(
            crit.spec, lambda key, original: text((*base, *key), original)
        ),
        source=source,
    )


# --- a template to start a translation from ---------------------------------------------------


def skeleton(rubric: Rubric, language: Language) -> dict[str, Any]:
    """A complete translation of `rubric` into `language` holding the original texts, with every
    hash filled in: what a translator starts from (save it as `translation_path(...)`, replace
    the texts, keep the keys)."""
    out: dict[str, Any] = {
        "rubric": rubric.id,
        "rubric_hash": rubric.hash,
        "language": {
            "code": language.code,
            "name": language.name,
            "direction": language.direction,
        },
        "machine_assisted": True,
    }
    hashes = {c.id: {"hash": c.hash, "text_hash": text_hash(c)} for c in rubric.criteria}
    for slot in _slots(rubric):
        if not slot.required and slot.key[0] in ("total_label", "sources"):
            continue
        if slot.key[0] == "criteria":
            out.setdefault("criteria", {}).setdefault(slot.key[1], hashes[str(slot.key[1])])
        _put(out, slot.key, slot.original)
    return out


def _put(out: dict[str, Any], key: Key, value: str) -> None:
    node: Any = out
    parts = list(key)
    while len(parts) > 1:
        part = parts.pop(0)
        if part == "thresholds":
            up_to = parts.pop(0)
            items = node.setdefault("thresholds", [])
            item = next((t for t in items if _same_up_to(t["up_to"], up_to)), None)
            if item is None:
                item = {"up_to": up_to}
                items.append(item)
            node = item
            continue
        node = node.setdefault(part, {})
    node[parts[0]] = value


def dump(data: Mapping[str, Any]) -> str:
    """A translation's data as YAML text (keys in the rubric's order, Unicode as written)."""
    import yaml

    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=100)


__all__ = [
    "Language",
    "Translation",
    "available_languages",
    "check_translation",
    "dump",
    "load_translation",
    "skeleton",
    "text_hash",
    "translate",
    "translated",
    "translation_path",
    "translation_schema",
]

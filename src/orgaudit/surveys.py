"""Survey platforms at both ends: the rubric as an XLSForm, their submission exports as answers.

ODK Central, KoboToolbox, Ona, SurveyCTO, Enketo and ODK Collect all take XLSForm. orgaudit runs no
survey server: it writes the form (`xlsform_rows`, `write_xlsform`) and reads back what those
platforms export, CSV or XLSX (`import_submissions`), one answers file per submission. Each
question type's row and its reading of a cell live in its module (`questions`).

Form layout, which the import relies on:
- a group per dimension, named `g_<dimension id>`; questions named by criterion id;
- `respondent_role` and `audit_date` first; `organization` (a fixed value when the form was made
  for one organization, else a question);
- a choice `dont_know` (and `not_applicable` where the rubric allows it) in every choice list;
  for numbers a select `<id>__known` before the number (answered / don't know / not applicable);
- `<id>__evidence`, an optional text, after every scored question;
- a calculate field `orgaudit_rubric` holding "id version hash", so a submission of another
  rubric or version is recognised.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import i18n
from .errors import OrgauditError
from .form import Shown, pick_language, rubric_languages
from .i18n import _
from .model import (
    DONT_KNOW,
    NOT_APPLICABLE,
    ROLES,
    AllOf,
    Answer,
    Answers,
    AnyOf,
    Condition,
    Criterion,
    Leaf,
    Not,
    Respondent,
    Rubric,
)
from .questions import SubmissionError, handler

ROLE_FIELD, DATE_FIELD, ORG_FIELD, RUBRIC_FIELD = (
    "respondent_role",
    "audit_date",
    "organization",
    "orgaudit_rubric",
)
KNOWN_SUFFIX, EVIDENCE_SUFFIX = "__known", "__evidence"
ROLE_LIST, KNOWN_LIST = "orgaudit_roles", "orgaudit_known"
SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "default",
    "calculation",
)
#: Platform columns that carry ids, names or devices: never copied into an answers file.
PLATFORM_COLUMNS = re.compile(
    r"^(_.*|KEY|SubmissionDate|SubmitterID|SubmitterName|AttachmentsPresent|AttachmentsExpected"
    r"|Status|ReviewState|DeviceID|Edits|FormVersion|meta[-/].*|start|end|today|deviceid|__version__"
    r"|instanceID)$"
)


def group_name(dimension_id: str) -> str:
    return "g_" + dimension_id.replace("-", "_")


def rubric_stamp(rubric: Rubric) -> str:
    return f"{rubric.id} {rubric.version} {rubric.hash}"


# --- export ---------------------------------------------------------------------------------


def relevant(condition: Condition | None, rubric: Rubric) -> str:
    """A rubric condition as an XLSForm `relevant` expression, with the engine's meaning: a test
    on an unanswered, don't-know or hidden question is false."""
    if condition is None:
        return ""
    if isinstance(condition, AllOf):
        return " and ".join(f"({relevant(c, rubric)})" for c in condition.items)
    if isinstance(condition, AnyOf):
        return " or ".join(f"({relevant(c, rubric)})" for c in condition.items)
    if isinstance(condition, Not):
        return f"not({relevant(condition.item, rubric)})"
    assert isinstance(condition, Leaf)
    crit = rubric.criterion(condition.question)
    assert crit is not None
    ref = "${" + crit.id + "}"
    kind = handler(crit.type)
    if condition.op == "at_least":
        # a number's field is empty unless answered; a scale's choice may be dont_know
        return f"string-length({ref}) > 0 and number({ref}) >= {float(condition.value):g}"  # type: ignore[arg-type]
    values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
    if kind.multiple:
        return " or ".join(f"selected({ref}, {kind.xpath_value(crit, v)})" for v in values)
    return " or ".join(f"{ref} = {kind.xpath_value(crit, v)}" for v in values)


def _and(*parts: str) -> str:
    kept = [p for p in parts if p]
    return " and ".join(f"({p})" for p in kept) if len(kept) > 1 else (kept[0] if kept else "")


#: The survey and choices columns that hold text a respondent reads: one column per language
#: in a multilingual form (`label::Español (es)`).
TEXT_COLUMNS = ("label", "hint", "constraint_message")
CHOICE_COLUMNS = ("list_name", "name", "label")


def xlsform_rows(
    rubric: Rubric,
    organization: str | None = None,
    *,
    language: str | None = None,
    versions: list[Shown] | None = None,
    notes: list[str] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """(survey, choices, settings) rows of the XLSForm for `rubric`.

    A rubric with translation files gives a multilingual form: every text column once per
    language (`label::English (en)`, `label::Español (es)`, `label::فارسی (fa)`; the rubric's
    own language first), and `default_language` in the settings: `language` where the rubric
    has it, else the rubric's own. Names, choices' values, `relevant` and `constraint` are the
    same in every language, so submissions read back the same whatever language was shown.
    A rubric without translations gives plain `label` columns, as before. A translation that
    cannot be read is left out, with a note in `notes` (`versions`: the languages, where the
    caller has them already)."""
    versions = versions or rubric_languages(rubric, notes)
    default = pick_language(versions, language)
    built = []
    for version in versions:
        with i18n.using(version.code):
            built.append(_one_language(version.rubric, organization))
    survey, choices, settings = built[0]
    settings = {**settings, "form_title": default.rubric.title}
    if len(versions) == 1:
        return survey, choices, settings
    survey = _merge([b[0] for b in built], versions)
    choices = _merge([b[1] for b in built], versions)
    settings["default_language"] = default.column
    return survey, choices, settings


def _merge(tables: list[list[dict[str, Any]]], versions: list[Shown]) -> list[dict[str, Any]]:
    """One table from the same rows built in each language: the text columns once per
    language (a text missing in one language is the original's), the rest as they are."""
    merged = []
    for rows in zip(*tables, strict=True):
        first = rows[0]
        row = {k: v for k, v in first.items() if k not in TEXT_COLUMNS}
        for other in rows[1:]:  # a translation changes words, never names or expressions
            assert {k: v for k, v in other.items() if k not in TEXT_COLUMNS} == row, other
        for column in TEXT_COLUMNS:
            if not any(r.get(column) for r in rows):
                continue
            for version, shown in zip(versions, rows, strict=True):
                row[f"{column}::{version.column}"] = shown.get(column) or first.get(column) or ""
        merged.append(row)
    return merged


def _one_language(
    rubric: Rubric, organization: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The rows with plain text columns, in the rubric's texts and the messages in force."""
    survey: list[dict[str, Any]] = [
        {
            "type": "calculate",
            "name": RUBRIC_FIELD,
            "calculation": _xpath_string(rubric_stamp(rubric)),
        },
        {
            "type": f"select_one {ROLE_LIST}",
            "name": ROLE_FIELD,
            "label": _("Your place in the organization"),
            "hint": _(
                "A member's or leader's \"don't know\" about finances or figures counts as "
                "opacity; an outside observer's does not."
            ),
            "required": "yes",
        },
        {
            "type": "date",
            "name": DATE_FIELD,
            "label": _("Date of this audit"),
            "required": "yes",
            "default": "today()",
        },
    ]
    if organization:
        survey.append(
            {"type": "calculate", "name": ORG_FIELD, "calculation": _xpath_string(organization)}
        )
    else:
        survey.append(
            {
                "type": "text",
                "name": ORG_FIELD,
                "label": _("The organization's name"),
                "required": "yes",
            }
        )
    roles = {"member": _("Member"), "leader": _("Leader"), "observer": _("Observer")}
    choices: list[dict[str, Any]] = [
        {"list_name": ROLE_LIST, "name": role, "label": roles[role]} for role in ROLES
    ]
    for dim in rubric.dimensions:
        survey.append({"type": "begin_group", "name": group_name(dim.id), "label": dim.title})
        for crit in dim.criteria:
            survey += _criterion_rows(rubric, crit, choices)
        survey.append({"type": "end_group", "name": group_name(dim.id)})
    settings = {
        "form_title": rubric.title,
        "form_id": rubric.id,
        "version": f"{rubric.version}+{rubric.hash.removeprefix('sha256:')[:10]}",
    }
    return survey, choices, settings


def _criterion_rows(
    rubric: Rubric, crit: Criterion, choices: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    kind = handler(crit.type)
    shown = relevant(crit.when, rubric)
    row: dict[str, Any] = {"name": crit.id, "label": crit.question, "hint": crit.help}
    row.update(kind.xlsform(crit, crit.id))
    rows: list[dict[str, Any]] = []
    own = kind.xlsform_choices(crit)
    if own:
        extra = [(DONT_KNOW, _("Don't know"))] if crit.scored else []
        if crit.not_applicable:
            extra.append((NOT_APPLICABLE, _("Not applicable")))
        choices += [
            {"list_name": crit.id, "name": name, "label": label} for name, label in own + extra
        ]
        if kind.multiple and extra:  # don't know / not applicable stand alone
            alone = " and ".join(
                f"not(selected(., '{name}') and count-selected(.) > 1)" for name, _ in extra
            )
            row["constraint"] = _and(row.get("constraint", ""), alone)
            row.setdefault("constraint_message", _("This answer cannot be combined with others."))
    elif crit.scored:  # a number: answered, don't know or not applicable first
        known = {
            "type": f"select_one {KNOWN_LIST}" + ("_na" if crit.not_applicable else ""),
            "name": crit.id + KNOWN_SUFFIX,
            "label": crit.question,
            "hint": _("Can you give the number?"),
            "required": "yes",
            "relevant": shown,
        }
        rows.append(known)
        _known_list(choices, crit.not_applicable)
        shown = _and(shown, "${" + crit.id + KNOWN_SUFFIX + "} = 'answered'")
    if crit.scored:
        row["required"] = "yes"
    row["relevant"] = shown
    rows.append(row)
    rows.append(
        {
            "type": "text",
            "name": crit.id + EVIDENCE_SUFFIX,
            "label": _("Evidence (optional): what you saw, heard or read"),
            "relevant": relevant(crit.when, rubric),
        }
    )
    return rows


def _known_list(choices: list[dict[str, Any]], with_na: bool) -> None:
    name = KNOWN_LIST + ("_na" if with_na else "")
    if any(c["list_name"] == name for c in choices):
        return
    rows = [("answered", _("I can give the number")), (DONT_KNOW, _("Don't know"))]
    if with_na:
        rows.append((NOT_APPLICABLE, _("Not applicable")))
    choices += [{"list_name": name, "name": n, "label": label} for n, label in rows]


def _xpath_string(text: str) -> str:
    """A constant text as an XPath literal (XPath 1.0 has no escapes: concat() for both quotes)."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


def write_xlsform(
    rubric: Rubric,
    target: Path,
    organization: str | None = None,
    *,
    language: str | None = None,
    versions: list[Shown] | None = None,
    notes: list[str] | None = None,
) -> None:
    """Write the XLSForm workbook (survey, choices, settings) with openpyxl: every language
    the rubric has (see `xlsform_rows`)."""
    from openpyxl import Workbook

    survey, choices, settings = xlsform_rows(
        rubric, organization, language=language, versions=versions, notes=notes
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    columns = _columns_of(SURVEY_COLUMNS, survey)
    _append(sheet, columns)
    for row in survey:
        _append(sheet, [row.get(column, "") for column in columns])
    sheet = book.create_sheet("choices")
    columns = _columns_of(CHOICE_COLUMNS, choices)
    _append(sheet, columns)
    for row in choices:
        _append(sheet, [row.get(column, "") for column in columns])
    sheet = book.create_sheet("settings")
    _append(sheet, list(settings))
    _append(sheet, list(settings.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    from .fileout import write_bytes

    write_bytes(target, buffer.getvalue(), inputs=[rubric.path] if rubric.path else [])


def _columns_of(base: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The sheet's columns in `base`'s order, each text column followed by its languages'."""
    found: dict[str, list[str]] = {column: [] for column in base}
    for row in rows:
        for key in row:
            column = key.split("::", 1)[0]
            if column in found and key != column and key not in found[column]:
                found[column].append(key)
    return [key for column in base for key in (found[column] or [column])]


def _append(sheet: Any, values: Sequence[Any]) -> None:
    """A row of text cells: rubric text that starts with '=' is stored as text, never a formula."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value if value != "" else None)
        if isinstance(value, str) and value:
            cell.data_type = "s"


# --- import ---------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: files written, and the rows left out with the reason."""

    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duplicates: int = 0


def _regular_file(path: Path) -> None:
    """Only a regular file is read: a named pipe would hang the import, a device never end."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError as exc:
        raise OrgauditError("no such file", file=str(path), hint="check the path") from exc
    except OSError as exc:
        raise OrgauditError(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe"
            if stat.S_ISFIFO(mode)
            else "a folder"
            if stat.S_ISDIR(mode)
            else "a device or socket"
        )
        raise OrgauditError(f"is {kind}, not a file", file=str(path), hint="name the export file")


def count_rows(path: Path) -> int:
    """Rows below the header, counted cheaply, for a progress bar."""
    _regular_file(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return max(0, (book.worksheets[0].max_row or 1) - 1)
        finally:
            book.close()
    lines = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return max(0, lines - 1)


def read_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """Header and rows of a CSV (comma, semicolon or tab; a BOM is fine) or XLSX export,
    streamed so that large exports never sit in memory together."""
    _regular_file(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError as exc:
            raise OrgauditError(
                "is not UTF-8 text",
                file=str(path),
                hint="export the submissions as UTF-8 CSV or XLSX",
            ) from exc
    delimiter = max((",", ";", "\t"), key=first.count)
    header = next(csv.reader([first], delimiter=delimiter), None)
    if not header:
        raise OrgauditError("holds no header row", file=str(path), hint="is it an export?")

    def rows() -> Iterator[list[str]]:
        with open(path, encoding="utf-8-sig", newline="") as source:
            reader = csv.reader(source, delimiter=delimiter)
            next(reader, None)
            try:
                yield from reader
            except UnicodeDecodeError as exc:
                raise OrgauditError("is not UTF-8 text", file=str(path)) from exc

    return header, rows()


def _xlsx_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise OrgauditError(
            f"cannot be read as XLSX: {exc}", file=str(path), hint="export again, or as CSV"
        ) from exc

    def rows() -> Iterator[list[str]]:
        try:
            for row in book.worksheets[0].iter_rows(values_only=True):
                yield ["" if v is None else _text(v) for v in row]
        finally:
            book.close()

    stream = rows()
    header = next(stream, [])  # started: closing the stream now closes the workbook too
    return header, stream


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)


@dataclass(frozen=True)
class _Columns:
    """Where each field of the form is in the export, found by its name after any group path."""

    by_field: Mapping[str, int]
    options: Mapping[str, Mapping[str, int]]  # multi: option -> column, where split out
    id_column: int | None


def _columns(header: Sequence[str], rubric: Rubric, path: Path) -> _Columns:
    groups = {group_name(d.id) for d in rubric.dimensions}
    fields: dict[str, int] = {}
    options: dict[str, dict[str, int]] = {}
    id_column = None
    multi = {c.id for c in rubric.criteria if handler(c.type).multiple}
    for index, raw in enumerate(header):
        name = raw.strip()
        if name in ("_uuid", "meta-instanceID", "meta/instanceID", "KEY", "instanceID"):
            id_column = index if id_column is None else id_column
        if PLATFORM_COLUMNS.match(name):
            continue
        for group in groups:  # Kobo: group/name; ODK Central: group-name
            for sep in ("/", "-"):
                if name.startswith(group + sep):
                    name = name[len(group) + 1 :]
        if "/" in name and name.split("/", 1)[0] in multi:
            question, option = name.split("/", 1)
            options.setdefault(question, {})[option] = index
            continue
        fields.setdefault(name, index)
    names = {c.id for c in rubric.criteria}
    if not names & set(fields) and not options:
        labels = {c.question for v in rubric_languages(rubric) for c in v.rubric.criteria}
        if any(h.strip() in labels or h.split("/")[-1].strip() in labels for h in header):
            raise OrgauditError(
                "has question labels as column headers, not their names",
                file=str(path),
                hint="export again with XML values and headers (Kobo: 'XML values and headers'; "
                "ODK Central exports names)",
            )
        raise OrgauditError(
            "has no column of this rubric's questions",
            file=str(path),
            hint=f"is it a submission export of the {rubric.id} form?",
        )
    return _Columns(fields, options, id_column)


def import_submissions(
    path: Path,
    rubric: Rubric,
    out_dir: Path,
    *,
    organization: str | None = None,
    on_row: Any = None,
) -> ImportReport:
    """Write one answers file per submission of `path` into `out_dir` (submission-00001.yaml ...).

    Role and date come from the submission; no platform id, submitter or device reaches the
    files. A row with a bad value is left out with a message naming its row and column; the
    others are written. Raises `OrgauditError`, writing nothing, when the export itself is not a
    submission export of this rubric's form.
    """
    from .answers import save_answers

    header, rows = read_rows(path)
    try:
        columns = _columns(header, rubric, path)
    except OrgauditError:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
        raise
    stamp_col = columns.by_field.get(RUBRIC_FIELD)
    report = ImportReport()
    seen: set[str] = set()
    number = 0
    for line, row in enumerate(rows, start=2):
        if on_row is not None:
            on_row()
        if not any(cell.strip() for cell in row):
            continue
        cells = [*row, *[""] * max(0, len(header) - len(row))]
        if stamp_col is not None and cells[stamp_col] and cells[stamp_col] != rubric_stamp(rubric):
            report.problems.append(
                f"{path}: row {line}: a submission of another form ({cells[stamp_col]!r}), "
                f"not {rubric_stamp(rubric)}"
            )
            continue
        if columns.id_column is not None and cells[columns.id_column]:
            key = cells[columns.id_column]
            if key in seen:
                report.duplicates += 1
                report.problems.append(f"{path}: row {line}: a duplicate of an earlier submission")
                continue
            seen.add(key)
        try:
            answers = _submission(cells, header, columns, rubric, organization)
        except _RowError as exc:
            report.problems.append(f"{path}: row {line}, column {exc.column}: {exc}")
            continue
        number += 1
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"submission-{number:05d}.yaml"
        save_answers(target, answers, rubric)
        report.written.append(target)
    return report


class _RowError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _submission(
    cells: Sequence[str],
    header: Sequence[str],
    columns: _Columns,
    rubric: Rubric,
    organization: str | None,
) -> Answers:
    def cell(name: str) -> str:
        index = columns.by_field.get(name)
        return cells[index].strip() if index is not None else ""

    role = cell(ROLE_FIELD) or "member"
    if role not in ("member", "leader", "observer"):
        raise _RowError(ROLE_FIELD, f"{role!r} is not member, leader or observer")
    date = cell(DATE_FIELD)[:10] or None
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise _RowError(DATE_FIELD, f"{date!r} is not a date (YYYY-MM-DD)")
    org = organization or cell(ORG_FIELD)
    if not org:
        raise _RowError(ORG_FIELD, "no organization: pass --org NAME")
    entries: dict[str, Answer] = {}
    for crit in rubric.criteria:
        answer = _answer(crit, cell, cells, columns)
        if answer is not None:
            entries[crit.id] = answer
    return Answers(
        organization=org.strip(),
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        answers=entries,
        respondent=Respondent(role=role),
        date=date,
    )


def _answer(crit: Criterion, cell: Any, cells: Sequence[str], columns: _Columns) -> Answer | None:
    evidence = cell(crit.id + EVIDENCE_SUFFIX)
    raw = cell(crit.id)
    if handler(crit.type).multiple and not raw and crit.id in columns.options:
        picked = [
            o
            for o, i in columns.options[crit.id].items()
            if cells[i].strip() in ("1", "True", "true")
        ]
        raw = " ".join(picked)
    if handler(crit.type).known_first and crit.scored:
        known = cell(crit.id + KNOWN_SUFFIX)
        if known in (DONT_KNOW, NOT_APPLICABLE):
            return Answer(
                crit.id, None, "dont_know" if known == DONT_KNOW else "not_applicable", evidence
            )
    if not raw:
        return Answer(crit.id, None, "skipped", evidence) if evidence else None
    if raw in (DONT_KNOW, NOT_APPLICABLE) and crit.scored:
        return Answer(
            crit.id, None, "dont_know" if raw == DONT_KNOW else "not_applicable", evidence
        )
    try:
        value = handler(crit.type).from_submission(crit, raw)
    except SubmissionError as exc:
        raise _RowError(crit.id, str(exc)) from exc
    return Answer(crit.id, value, "answered", evidence)


def submission_rows(
    rubric: Rubric, answers: Iterable[Answers], *, platform: str
) -> tuple[list[str], list[list[str]]]:
    """Submissions as a platform would export them (for tests and demonstrations): `kobo`
    (group/name headers, multiple choice as a summary column and one column per option, _uuid)
    or `odk` (group-name headers, meta-instanceID)."""
    sep = "/" if platform == "kobo" else "-"
    header = [RUBRIC_FIELD, ROLE_FIELD, DATE_FIELD, ORG_FIELD]
    names: list[tuple[str, str]] = []  # (header, field)
    for dim in rubric.dimensions:
        for crit in dim.criteria:
            fields = [crit.id]
            if handler(crit.type).known_first and crit.scored:
                fields.insert(0, crit.id + KNOWN_SUFFIX)
            fields.append(crit.id + EVIDENCE_SUFFIX)
            for f in fields:
                names.append((group_name(dim.id) + sep + f, f))
            if handler(crit.type).multiple and platform == "kobo":
                for option in crit.options:
                    names.append(
                        (
                            f"{group_name(dim.id)}/{crit.id}/{option.value}",
                            f"{crit.id}/{option.value}",
                        )
                    )
    header += [h for h, _ in names]
    header.append("_uuid" if platform == "kobo" else "meta-instanceID")
    rows = []
    for n, ans in enumerate(answers, start=1):
        values: dict[str, str] = {
            RUBRIC_FIELD: rubric_stamp(rubric),
            ROLE_FIELD: ans.respondent.role,
            DATE_FIELD: ans.date or "",
            ORG_FIELD: ans.organization,
        }
        for crit in rubric.criteria:
            given = ans.answers.get(crit.id)
            if given is None:
                continue
            if given.evidence:
                values[crit.id + EVIDENCE_SUFFIX] = given.evidence
            status = given.status
            if handler(crit.type).known_first and crit.scored:
                values[crit.id + KNOWN_SUFFIX] = {
                    "answered": "answered",
                    "dont_know": DONT_KNOW,
                    "not_applicable": NOT_APPLICABLE,
                }.get(status, "")
                if status == "answered":
                    values[crit.id] = (
                        f"{given.value:g}" if isinstance(given.value, float) else str(given.value)
                    )
                continue
            if status in ("dont_know", "not_applicable"):
                values[crit.id] = DONT_KNOW if status == "dont_know" else NOT_APPLICABLE
            elif status == "answered":
                value = given.value
                if isinstance(value, tuple):
                    values[crit.id] = " ".join(value)
                    for option in crit.options:
                        values[f"{crit.id}/{option.value}"] = "1" if option.value in value else "0"
                else:
                    values[crit.id] = str(value)
        row = [values.get(f, "") for f in (RUBRIC_FIELD, ROLE_FIELD, DATE_FIELD, ORG_FIELD)]
        row += [values.get(f, "") for _, f in names]
        row.append(f"uuid:{n:08d}-0000-4000-8000-000000000000")
        rows.append(row)
    return header, rows

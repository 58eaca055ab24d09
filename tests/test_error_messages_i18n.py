"""Errors and warnings met when files are read or checked, in Spanish and Persian (issue 17).

Bad answers files from the corpus (tests/data/bad/answers) are loaded in each language: the
message must be translated, yet keep the file and line, the ids, option values, keys and
keywords the member wrote or must write, exactly as in English.

New messages' translations are written to i18n-pending/errors.json until they are merged into the
catalogs (src/orgaudit/locale/), which then drop them from that file; a message the compiled
catalog does not translate yet is looked up there, so these tests hold before and after a merge.
"""

from __future__ import annotations

import gettext
import json
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orgaudit import i18n
from orgaudit.answers import load_answers, organization_problem, template_text
from orgaudit.conditions import describe, parse_condition
from orgaudit.errors import AnswersError, Finding, OrgauditError
from orgaudit.fileout import write_text
from orgaudit.model import Rubric
from orgaudit.rubric import check_rubric, load_rubric
from orgaudit.yamlio import load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad" / "answers"
PENDING = ROOT / "i18n-pending" / "errors.json"
#: The modules whose messages i18n-pending/errors.json carries.
MODULES = ("answers", "yamlio", "fileout", "locking", "conditions", "suggest", "errors", "rubric")
LANGUAGES = ("es", "fa")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
#: The compiled catalogs, before the fixture below adds the pending translations.
COMPILED = i18n.translations


def _pending() -> dict[str, dict[str, Any]]:
    if not PENDING.exists():
        return {}
    return {entry["msgid"]: entry for entry in json.loads(PENDING.read_text("utf-8"))}


class _WithPending(gettext.NullTranslations):
    """The compiled catalog, and i18n-pending/errors.json for what it does not translate yet."""

    def __init__(self, real: gettext.NullTranslations, code: str) -> None:
        super().__init__()
        self.real = real
        self.code = code
        self.pending = _pending()

    def gettext(self, message: str) -> str:
        text = self.real.gettext(message)
        entry = self.pending.get(message)
        if text != message or entry is None or "msgid_plural" in entry:
            return text
        return str(entry[self.code])

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        text = self.real.ngettext(msgid1, msgid2, n)
        entry = self.pending.get(msgid1)
        if text not in (msgid1, msgid2) or entry is None or "msgid_plural" not in entry:
            return text
        one = n == 1 if self.code == "es" else n <= 1  # Persian: one for 0 and 1 (CLDR)
        return str(entry[self.code][0 if one else 1])

    def pgettext(self, context: str, message: str) -> str:
        return self.real.pgettext(context, message)


@pytest.fixture(autouse=True)
def catalogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def translations(code: str) -> gettext.NullTranslations:
        real = COMPILED(code)
        return real if code == i18n.SOURCE_LANGUAGE else _WithPending(real, code)

    monkeypatch.setattr(i18n, "translations", translations)
    yield


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def failure(path: Path, rubric: Rubric, code: str) -> OrgauditError:
    """The error loading `path` raises in language `code` (a YamlError or an AnswersError)."""
    with i18n.using(code), pytest.raises(OrgauditError) as caught:
        load_answers(path, rubric)
    return caught.value


def in_language(code: str, call: Any) -> OrgauditError:
    with i18n.using(code), pytest.raises(OrgauditError) as caught:
        call()
    return caught.value


# Cases: the bad answers file, and what every language's message must keep as written: ids,
# keys, option values, keywords and commands (quotation marks may follow the language).
CASES = {
    "unknown-criterion": ("idea-sorce", "idea-source", "`orgaudit rubric show`"),
    "unknown-top-level-key": (
        "organisation",
        "organization",
        "rubric",
        "respondent",
        "answers",
    ),
    "duplicate-key": ("committee-election",),
    "bom": ("BOM", "UTF-8"),
    "date-impossible": ("2024-13-45", "2024-05-01"),
    "respondent-bad-role": ("member", "leader", "observer", "boss"),
    "rubric-version-unquoted": ('"1.10"',),
    "not-applicable-not-allowed": ("committee-election", "not_applicable", "dont_know"),
    "bad-link-javascript": ("javascript:",),
    "empty": ("`orgaudit template -o FILE`",),
    "evidence-not-text": (),
    "tab-indentation": (),
}


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_answers_message_is_translated(case: str, code: str, rubric: Rubric) -> None:
    path = BAD / f"{case}.yaml"
    english = failure(path, rubric, "en")
    shown = failure(path, rubric, code)
    assert (shown.file, shown.line) == (english.file, english.line)
    assert shown.message != english.message
    if english.hint:
        assert shown.hint and shown.hint != english.hint
    text = str(shown)
    assert text.startswith(f"{english.location()}: ")
    assert "\n" not in text
    for kept in CASES[case]:
        assert kept in str(english), kept
        assert kept in text, (kept, text)
    if code == "fa":
        assert ARABIC_LETTER.search(shown.message), shown.message
    assert not BIDI_CONTROLS.search(text)


@pytest.mark.parametrize("code", LANGUAGES)
def test_several_problems_each_at_its_line(code: str, rubric: Rubric) -> None:
    path = BAD / "several-problems.yaml"
    english = failure(path, rubric, "en")
    shown = failure(path, rubric, code)
    assert isinstance(english, AnswersError) and isinstance(shown, AnswersError)
    assert [f.line for f in shown.findings] == [f.line for f in english.findings]
    assert len(shown.findings) == 4
    # "(and 3 more problems)" in the language, with its digits
    assert "more problem" not in shown.message
    assert i18n.digits("3", code) in shown.message
    lines = shown.lines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        line.split(": ", 1)[0] for line in english.lines()
    ]
    role, criterion = shown.findings[0].message, shown.findings[1].message
    assert all(word in role for word in ("boss", "member", "leader", "observer"))
    assert "Committee_Election" in criterion and "committee-election" in criterion
    assert role != english.findings[0].message
    assert criterion != english.findings[1].message
    # The accepted answers: option values and keywords as written, the words around translated.
    scale = shown.findings[3].message
    assert "dont_know" in scale and "accepted:" not in scale


@pytest.mark.parametrize("code", LANGUAGES)
def test_more_problems_than_shown(code: str) -> None:
    findings = [Finding("a.yaml", n, "", "x") for n in range(1, 53)]
    error = AnswersError("x", file="a.yaml", line=1, findings=findings)
    with i18n.using("en"):
        assert error.lines()[-1] == "a.yaml: and 2 more problems (52 in all)"
    with i18n.using(code):
        last = error.lines()[-1]
    assert last.startswith("a.yaml: ") and "more problems" not in last
    assert i18n.digits("52", code) in last


@pytest.mark.parametrize("code", LANGUAGES)
def test_file_errors(code: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    for call in (
        lambda: load_yaml(missing),
        lambda: load_yaml(tmp_path),
        lambda: parse_yaml("a: 1\na: 2\n", "dup.yaml"),
        lambda: parse_yaml("a: &x 1\nb: *x\n", "alias.yaml"),
        lambda: write_text(tmp_path, "x"),
        lambda: write_text(tmp_path / "no-folder" / "out.yaml", "x"),
    ):
        english, shown = in_language("en", call), in_language(code, call)
        assert (shown.file, shown.line) == (english.file, english.line)
        assert shown.message != english.message, english.message
        assert str(shown).startswith(f"{english.location()}: ")


@pytest.mark.parametrize("code", LANGUAGES)
def test_organization_problems(code: str, rubric: Rubric) -> None:
    for name in ("", "x" * 400, "a\x1bb"):
        with i18n.using("en"):
            english = organization_problem(name)
        with i18n.using(code):
            shown = organization_problem(name)
        assert english and shown and shown != english
    with i18n.using(code), pytest.raises(AnswersError) as caught:
        template_text(rubric, role="boss")
    assert all(word in caught.value.message for word in ("boss", "member", "leader", "observer"))


def test_conditions_in_words() -> None:
    condition = parse_condition(
        {
            "any": [
                {"all": [{"question": "a1", "equals": "yes"}, {"question": "b2", "at_least": 3}]},
                {"not": {"question": "c3", "in": ["x", "y"]}},
            ]
        }
    )
    with i18n.using("en"):
        assert (
            describe(condition) == "(a1 is yes and b2 is at least 3.0) or not (c3 is one of x, y)"
        )
    with i18n.using("es"):
        assert describe(condition) == "(a1 es yes y b2 es al menos 3,0) o no (c3 es uno de x, y)"
    with i18n.using("fa"):
        shown = describe(condition)
    for kept in ("a1", "yes", "b2", "c3", "x, y", "۳٫۰"):
        assert kept in shown
    assert " یا " in shown and " و " in shown and shown.startswith("(")


# Bad rubrics: the lint and schema findings rubric authors read, with what each keeps
# (quotation marks may follow the language).
RUBRIC_CASES = {
    "bands-gap": ("Bad", "Good", "40", "50"),
    "condition-on-later-question": ("dissent",),
    "unknown-key-did-you-mean": ("recommendaton", "recommendation"),
    "missing-required-key": ("title",),
    "red-flag-undefined": ("closed-slate", "closed-slates", "red_flags"),
    "thresholds-not-ascending": ("5", "8"),
    "score-out-of-range": ("1", "1.5"),
    "condition-unknown-option": ("has-committee", "maybe", "yes, no"),
    "cap-missing-band": ("Baad", "pct", "Bad"),
    "duplicate-criterion-id": ("meeting-hours",),
    "version-unquoted": ('"1.10"',),
}


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("case", sorted(RUBRIC_CASES))
def test_rubric_findings_are_translated(case: str, code: str) -> None:
    path = ROOT / "tests" / "data" / "bad" / "rubrics" / f"{case}.yaml"
    with i18n.using("en"):
        _rubric, english = check_rubric(path)
    with i18n.using(code):
        _rubric, shown = check_rubric(path)
    assert english and len(shown) == len(english)
    for before, after in zip(english, shown, strict=True):
        assert (after.file, after.line, after.path) == (before.file, before.line, before.path)
        assert after.message != before.message
        if code == "fa":
            assert ARABIC_LETTER.search(after.message), after.message
    text = " ".join(f.message for f in shown)
    for kept in RUBRIC_CASES[case]:
        assert kept in text, (kept, text)


# --- the pending translations themselves ---------------------------------------------------


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@pytest.mark.skipif(not PENDING.exists(), reason="every pending translation is merged")
def test_pending_translations_are_well_formed() -> None:
    entries = json.loads(PENDING.read_text("utf-8"))
    assert len({e["msgid"] for e in entries}) == len(entries)
    for entry in entries:
        plural = "msgid_plural" in entry
        source = entry.get("msgid_plural", entry["msgid"])
        for code in LANGUAGES:
            forms = entry[code] if plural else [entry[code]]
            assert isinstance(forms, list) and len(forms) == (2 if plural else 1), entry
            for form in forms:
                assert form and _fields(form) == _fields(source), (entry["msgid"], code, form)
                assert not BIDI_CONTROLS.search(form), (entry["msgid"], code)
                if code == "fa":  # Persian script, beside the placeholders and commands
                    assert ARABIC_LETTER.search(form), (entry["msgid"], form)


def test_every_message_of_these_modules_is_translated() -> None:
    """Each message the modules mark (`_`, `ngettext`, `N_`) has its Spanish and Persian."""
    from babel.messages.extract import extract_from_file

    pending = _pending()
    untranslated = []
    for module in MODULES:
        path = ROOT / "src" / "orgaudit" / f"{module}.py"
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "ngettext": (1, 2), "N_": None}
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            for code in LANGUAGES:
                if msgid not in pending and COMPILED(code).gettext(msgid) == msgid:
                    untranslated.append((module, code, msgid))
    assert not untranslated


@pytest.mark.parametrize("code", LANGUAGES)
def test_template_comments_in_the_language(code: str, rubric: Rubric) -> None:
    """A blank answers file's own comments are translated; its data is the same in every
    language, and it stays a file orgaudit reads."""
    with i18n.using("en"):
        english = template_text(rubric, "Acme", "leader")
    with i18n.using(code):
        shown = template_text(rubric, "Acme", "leader")
    assert shown != english
    assert parse_yaml(shown, "t.yaml").data == parse_yaml(english, "t.yaml").data
    assert "Only when:" in english and "Only when:" not in shown
    assert "Fill in the organization" not in shown and "orgaudit score THIS-FILE" in shown
    data = [line.split(" #", 1)[0] for line in english.splitlines()]
    for line in shown.splitlines():
        assert not BIDI_CONTROLS.search(line)
        if line.lstrip().startswith("#"):
            continue
        assert line.split(" #", 1)[0] in data, line  # keys and values as in English

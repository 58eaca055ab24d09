"""`orgaudit form`: one self-contained page, nothing it could fetch, data that cannot break out."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orgaudit import i18n
from orgaudit.answers import answers_to_data, load_answers
from orgaudit.cli import main
from orgaudit.conditions import evaluate, parse_condition
from orgaudit.form import (
    SIZE_BUDGET,
    form_data,
    render_form,
    rubric_languages,
    ui_texts,
    when_words,
)
from orgaudit.model import Criterion, Option, Rubric
from orgaudit.questions import SubmissionError, handler
from orgaudit.questions.number import NumberSpec, number_of
from orgaudit.rubric import load_rubric
from orgaudit.scoring import score
from orgaudit.translation import translated

from .conftest import DATA, DEFAULT_RUBRIC, FREEDOM_RUBRIC, ROOT

CASES = json.loads((DATA / "conditions-cases.json").read_text(encoding="utf-8"))["cases"]
HOSTILE = "</script><script>alert(1)</script><!-- \u2028\u2029 & {{ 7*7 }} שלום ✊🏽 \"q\" 'q'"


def page_data(page: str) -> Any:
    match = re.search(r'<script type="application/json" id="form-data">(.*?)</script>', page, re.S)
    assert match, "no data element"
    return json.loads(match.group(1))


def csp_of(page: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert match, "no Content-Security-Policy meta"
    return html.unescape(match.group(1))


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def default_page() -> str:
    return render_form(load_rubric(DEFAULT_RUBRIC))


def test_csp_forbids_every_request_and_allows_only_the_inline_code(default_page: str) -> None:
    csp = csp_of(default_page)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    (script,) = re.findall(r"<script>(.*?)</script>", default_page, re.S)
    (style,) = re.findall(r"<style>(.*?)</style>", default_page, re.S)
    assert directives["script-src"] == sha(script)
    assert directives["style-src"] == sha(style)
    assert "unsafe" not in csp and "http" not in csp
    # the CSP comes before anything that could load or run
    assert default_page.index("Content-Security-Policy") < default_page.index("<style>")


def test_nothing_external(default_page: str) -> None:
    lowered = default_page.lower()
    assert "http://" not in lowered and "https://" not in lowered
    for pattern in (r"\ssrc=", r"\shref=", r"<link", r"<img", r"<iframe", r"<object", r"<embed"):
        assert not re.search(pattern, lowered), pattern
    (style,) = re.findall(r"<style>(.*?)</style>", lowered, re.S)
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "innerhtml" not in lowered and "eval(" not in lowered


@pytest.mark.parametrize("rubric_path", [DEFAULT_RUBRIC, FREEDOM_RUBRIC], ids=["default", "points"])
def test_size_budget(rubric_path: Path) -> None:
    size = len(render_form(load_rubric(rubric_path)).encode("utf-8"))
    assert size < SIZE_BUDGET, size


def hostile_rubric() -> Rubric:
    rubric = load_rubric(DEFAULT_RUBRIC)

    def spoil(crit: Criterion) -> Criterion:
        options = tuple(dataclasses.replace(o, label=o.label + HOSTILE) for o in crit.options)
        return dataclasses.replace(crit, question=HOSTILE + crit.question, options=options)

    dims = tuple(
        dataclasses.replace(d, title=HOSTILE, criteria=tuple(spoil(c) for c in d.criteria))
        for d in rubric.dimensions
    )
    return dataclasses.replace(rubric, title=HOSTILE, dimensions=dims)


def test_rubric_text_cannot_break_out_of_the_data() -> None:
    rubric = hostile_rubric()
    page = render_form(rubric, organization=HOSTILE.replace("\u2028", "").replace("\u2029", ""))
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<!--" not in page and "49" not in page.split("<script")[0]
    raw = page.split('id="form-data">')[1].split("</script>")[0]
    assert not set(raw) & set("<>&\u2028\u2029")
    data = page_data(page)
    english = data["texts"]["en"]
    assert english["title"] == HOSTILE
    assert english["dimensions"][data["dimensions"][0]["id"]] == HOSTILE
    first = english["questions"][data["dimensions"][0]["questions"][0]["id"]]
    assert first["question"].startswith(HOSTILE)
    assert first["options"][0].endswith(HOSTILE)
    assert data == json.loads(json.dumps(form_data(rubric, data["organization"])))


def test_the_page_carries_every_question_with_its_widget(default_page: str) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    data = page_data(default_page)
    questions = [q for d in data["dimensions"] for q in d["questions"]]
    assert [q["id"] for q in questions] == [c.id for c in rubric.criteria]
    assert data["rubric"]["hash"] == rubric.hash
    kinds = {q["type"]: q["widget"]["kind"] for q in questions}
    assert kinds == {
        "yes_no": "choice",
        "single": "choice",
        "multi": "multi",
        "scale": "scale",
        "number": "number",
        "text": "text",
    }
    conditional = [q for q in questions if q["when"]]
    for texts in data["texts"].values():
        assert conditional and all(texts["questions"][q["id"]]["whenText"] for q in conditional)


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_condition_cases_python(case: dict[str, Any]) -> None:
    known = {k: tuple(v) if isinstance(v, list) else v for k, v in case["answers"].items()}
    assert evaluate(parse_condition(case["condition"]), known) is case["expected"]


def test_condition_cases_hold_no_ambiguous_numbers() -> None:
    """A whole number written 3.0 is 3.0 to Python and 3 to a browser: the table avoids it."""
    text = (DATA / "conditions-cases.json").read_text(encoding="utf-8")
    assert not re.search(r"[:\[,]\s*-?\d+\.0\b", text)


def crit_of(kind: str, **extra: Any) -> Criterion:
    return Criterion(id="q", dimension_id="d", question="?", type=kind, **extra)


def test_from_form_gives_answers_file_values() -> None:
    opts = (
        Option("a", "A", 1.0),
        Option("b", "B", 0.5),
        dataclasses.replace(Option("none", "None of these", 0.0)),
    )
    multi = crit_of("multi", options=opts)
    assert handler("multi").from_form(multi, ["b", "a"]) == ("a", "b")
    assert handler("single").from_form(crit_of("single", options=opts), "b") == "b"
    number = crit_of("number", spec=NumberSpec(min=0, max=100))
    assert handler("number").from_form(number, "12") == 12
    assert isinstance(handler("number").from_form(number, 12.0), int)
    assert handler("number").from_form(number, 2.5) == 2.5
    assert handler("scale").from_form(crit_of("scale"), 4) == 4
    text = "  x\n<script> {{ 7*7 }} \u2028 ✊🏽 "
    assert handler("text").from_form(crit_of("text"), text) == text
    for kind, crit, bad in (
        ("single", crit_of("single", options=opts), "c"),
        ("multi", multi, "a"),
        ("number", number, "101"),
        ("number", number, True),
        ("scale", crit_of("scale"), 9),
        ("text", crit_of("text"), 3),
    ):
        with pytest.raises(SubmissionError):
            handler(kind).from_form(crit, bad)


def test_exclusive_option_stands_alone() -> None:
    """`Option.exclusive` is being added to the model; the form reads it where it exists."""
    alone = Option("none", "None", 0.0)
    object.__setattr__(alone, "exclusive", True)
    multi = crit_of("multi", options=(Option("a", "A", 1.0), alone))
    widget = handler("multi").form_widget(multi)
    assert [o["exclusive"] for o in widget["options"]] == [False, True]
    with pytest.raises(SubmissionError):
        handler("multi").from_form(multi, ["a", "none"])
    assert handler("multi").from_form(multi, ["none"]) == ("none",)


def test_json_answers_file_reads_as_yaml(tmp_path: Path) -> None:
    """The page saves JSON (a subset of YAML): orgaudit reads it, rubric hashes and all."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    original, _ = load_answers(ROOT / "seeds" / "iso-pham-binh.yaml", rubric)
    data = answers_to_data(original, rubric)
    data["answers"]["committee-election"] = {"answer": "closed-slate", "evidence": HOSTILE}
    path = tmp_path / "a.yaml"
    body = json.dumps(data, ensure_ascii=False, indent=2)
    # as the page writes it: characters YAML folds or refuses as \u escapes
    safe = re.sub("[\u007f-\u009f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m[0]):04x}", body)
    path.write_text("# orgaudit answers file, saved by the browser form\n" + safe, "utf-8")
    back, warnings = load_answers(path, rubric)
    assert warnings == []
    assert back.answers["committee-election"].evidence == HOSTILE
    assert (
        score(rubric, back).to_dict()
        == score(rubric, dataclasses.replace(back, path=original.path)).to_dict()
    )
    assert answers_to_data(back, rubric) == data
    # why the page escapes them: raw, YAML reads a line separator as a line break and folds it
    path.write_text(body, "utf-8")
    assert load_answers(path, rubric)[0].answers["committee-election"].evidence != HOSTILE


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "form.html"
    result = CliRunner().invoke(
        main, ["form", "--org", "Çağ Union", "--role", "leader", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "53 questions" in result.output
    data = page_data(out.read_text("utf-8"))
    assert (data["organization"], data["role"]) == ("Çağ Union", "leader")


def test_cli_refuses_a_bad_organization(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["form", "--org", "a\nb", "-o", str(tmp_path / "f.html")])
    assert result.exit_code == 2
    assert "--org" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "f.html").exists()


def test_conditions_in_the_members_words() -> None:
    """The page says which earlier question (and answers) opened a question: words, not ids."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    crit = rubric.criterion("premeeting-records")
    assert crit is not None and crit.when is not None
    words = when_words(rubric, crit.when)
    asked = rubric.criterion("leaders-premeetings")
    assert asked is not None
    assert words.startswith(f"“{asked.question}” (answered “")
    assert "settled-in-advance" not in words
    assert all(o.label in words for o in asked.options if o.value != "no-premeetings")
    number = next(c for c in rubric.criteria if c.type == "number")
    condition = parse_condition(
        {
            "all": [
                {"question": number.id, "at_least": 12},
                {"not": {"any": [{"question": asked.id, "equals": "nothing-such"}]}},
            ]
        }
    )
    assert when_words(rubric, condition) == (
        f"(“{number.question}” (answered at least 12)) and "
        f"(not ((“{asked.question}” (answered “nothing-such”))))"
    )


# --- every language on one page ------------------------------------------------------------


def html_attributes(page: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', page)
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


def test_the_page_carries_every_language(default_page: str) -> None:
    """The rubric's texts in each of its translations, the structure once: the questions, their
    types, conditions and option values do not depend on the language."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    data = page_data(default_page)
    assert data["languages"] == [
        {"code": "en", "name": "English", "dir": "ltr"},
        {"code": "es", "name": "Español", "dir": "ltr"},
        {"code": "fa", "name": "فارسی", "dir": "rtl"},
    ]
    assert data["language"] == "en" and html_attributes(default_page) == ("en", "ltr")
    assert set(data["texts"]) == {"en", "es", "fa"}
    for code in ("en", "es", "fa"):
        shown = translated(rubric, code)
        texts = data["texts"][code]
        assert texts["title"] == shown.title
        assert texts["dimensions"] == {d.id: d.title for d in shown.dimensions}
        for crit in shown.criteria:
            own = texts["questions"][crit.id]
            assert own["question"] == crit.question
            assert own.get("help", "") == crit.help
            if crit.options:
                assert own["options"] == [o.label for o in crit.options]
            if unit := number_of(crit).unit:
                assert own["unit"] == unit
    spanish, persian = data["texts"]["es"], data["texts"]["fa"]
    assert spanish["title"] != data["texts"]["en"]["title"] != persian["title"]
    # the structure carries values, never labels
    for question in (q for d in data["dimensions"] for q in d["questions"]):
        assert "question" not in question
        for option in question["widget"].get("options", []):
            assert set(option) == {"value", "exclusive"}
    fa_first = form_data(rubric, language="fa")
    assert fa_first["language"] == "fa"
    assert fa_first["dimensions"] == data["dimensions"] and fa_first["texts"] == data["texts"]


def test_quotes_stay_as_written_with_their_translation_beside(default_page: str) -> None:
    data = page_data(default_page)
    quoted = [q for d in data["dimensions"] for q in d["questions"] if q["quote"]]
    assert quoted
    rubric = load_rubric(DEFAULT_RUBRIC)
    for question in quoted:
        crit = rubric.criterion(question["id"])
        assert crit is not None and crit.source is not None
        assert question["quote"]["text"] == crit.source.quote  # the essay's words, once
        assert "quoteTranslation" not in data["texts"]["en"]["questions"][question["id"]]
    for code in ("es", "fa"):
        shown = translated(rubric, code)
        for question in quoted:
            crit = shown.criterion(question["id"])
            assert crit is not None and crit.source is not None
            own = data["texts"][code]["questions"][question["id"]]
            assert own.get("quoteTranslation") == crit.source.quote_translation
            assert own["where"] == shown.source(crit.source.ref).title  # type: ignore[union-attr]


def test_conditions_in_each_language() -> None:
    """The "asked because" words are in the page's language: its question and option texts,
    its own joining words, its digits."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    data = form_data(rubric)
    crit = rubric.criterion("premeeting-records")
    assert crit is not None and crit.when is not None
    for code in ("es", "fa"):
        shown = translated(rubric, code)
        asked = shown.criterion("leaders-premeetings")
        assert asked is not None
        words = data["texts"][code]["questions"]["premeeting-records"]["whenText"]
        assert asked.question in words
        assert any(o.label in words for o in asked.options)
        with i18n.using(code):
            assert words == when_words(shown, crit.when)
    number = next(c for c in rubric.criteria if c.type == "number")
    condition = parse_condition({"question": number.id, "at_least": 12})
    with i18n.using("fa"):
        assert "۱۲" in when_words(translated(rubric, "fa"), condition)


def test_the_pages_own_words_in_every_language(default_page: str) -> None:
    """Buttons, statuses and messages come from the catalogs (the English source strings
    through gettext) and are embedded for each language; the script and the template use
    only keys the page carries, and hold no English sentences of their own."""
    data = page_data(default_page)
    for code in ("en", "es", "fa"):
        with i18n.using(code):
            assert data["texts"][code]["ui"] == ui_texts()
    keys = set(ui_texts())
    script = (ROOT / "src" / "orgaudit" / "render" / "assets" / "form.js").read_text("utf-8")
    template = (ROOT / "src" / "orgaudit" / "render" / "templates" / "form.html.j2").read_text(
        "utf-8"
    )
    used = set(re.findall(r'\bt(?:Nodes)?\("(\w+)"', script)) - {"role_"}
    used |= set(re.findall(r'data-ui="(\w+)"', template)) | set(
        re.findall(r"ui\[\"(\w+)\"\]", template)
    )
    used |= {"role_" + r for r in ("member", "leader", "observer")}  # roleWords()
    used |= {"dont_know", "not_applicable", "skipped"}  # statusWords()
    used |= {"storage"}  # the problem kept in `storageProblem`
    used |= {
        kind + limit for kind in ("number", "whole") for limit in ("", "Range", "AtLeast", "AtMost")
    }  # the number widget's words, chosen by its limits
    assert used <= keys, used - keys
    assert keys <= used, keys - used
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    sentences = [
        s
        for s in re.findall(r'"((?:[^"\\\n]|\\.)*)"', code)
        if re.search(r"[A-Z][a-z]* [a-z]{2,}", s) and not s.startswith("# orgaudit answers")
    ]
    assert sentences == []
    text_in_template = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]*>", "", template)
    assert not re.search(r"[A-Za-z]{3,}", text_in_template)


def test_plural_messages_give_both_forms() -> None:
    for code in ("en", "es", "fa"):
        with i18n.using(code):
            texts = ui_texts()
        plurals = {k: v for k, v in texts.items() if isinstance(v, dict)}
        assert "questions" in plurals and "progressLeft" in plurals
        assert all(set(v) == {"one", "other"} for v in plurals.values())
    with i18n.using("en"):
        assert ui_texts()["questions"] == {"one": "{count} question", "other": "{count} questions"}


def test_html_lang_and_dir_follow_the_language_shown() -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    persian = render_form(rubric, language="fa")
    assert html_attributes(persian) == ("fa", "rtl")
    assert page_data(persian)["language"] == "fa"
    title = re.search(r"<title>(.*?)</title>", persian)
    assert title and translated(rubric, "fa").title in html.unescape(title.group(1))
    assert '<option value="fa" lang="fa" dir="rtl" selected>فارسی</option>' in persian
    assert html_attributes(render_form(rubric, language="es-MX")) == ("es", "ltr")
    # a language the rubric has no translation into: its own
    assert html_attributes(render_form(rubric, language="de")) == ("en", "ltr")


def test_css_mirrors_for_right_to_left() -> None:
    """Logical properties only: nothing fixed to the left or the right."""
    style = (ROOT / "src" / "orgaudit" / "render" / "assets" / "form.css").read_text("utf-8")
    rules = re.sub(r"/\*.*?\*/", "", style, flags=re.S)
    assert not re.search(r"\b(left|right)\b", rules)
    assert "inline-start" in rules


@pytest.mark.parametrize(
    "args,env,expected",
    [
        (["--lang", "fa"], {}, ("fa", "rtl")),
        (["--lang", "es"], {"LANG": "fa_IR.UTF-8"}, ("es", "ltr")),
        (
            [],
            {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fa_IR.UTF-8"},
            ("fa", "rtl"),
        ),
        ([], {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"}, ("en", "ltr")),
    ],
    ids=["option", "option-over-environment", "environment", "rubric"],
)
def test_cli_opens_the_page_in_the_chosen_language(
    tmp_path: Path, args: list[str], env: dict[str, str], expected: tuple[str, str]
) -> None:
    out = tmp_path / "form.html"
    result = CliRunner().invoke(main, ["form", *args, "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert html_attributes(page) == expected
    assert set(page_data(page)["texts"]) == {"en", "es", "fa"}
    assert "fa" in result.output  # which languages the page carries


def test_a_rubric_without_translations_has_no_switcher(tmp_path: Path) -> None:
    out = tmp_path / "form.html"
    result = CliRunner().invoke(
        main, ["form", "-r", str(FREEDOM_RUBRIC), "--lang", "fa", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert html_attributes(page) == ("en", "ltr")
    assert '<select id="language">' not in page
    assert list(page_data(page)["texts"]) == ["en"]


def moved_rubric(tmp_path: Path) -> Rubric:
    """The default rubric as if its file were in `tmp_path`, with its Spanish and Persian
    translations beside it: a place to add a translation file."""
    import shutil

    for code in ("es", "fa"):
        shutil.copy(DEFAULT_RUBRIC.with_suffix(f".{code}.yaml"), tmp_path)
    path = tmp_path / DEFAULT_RUBRIC.name
    return dataclasses.replace(load_rubric(DEFAULT_RUBRIC), path=str(path))


def test_hostile_translation_text_cannot_break_out(tmp_path: Path) -> None:
    """A translation's text is data like the rubric's: escaped in the JSON, text on the page."""
    from orgaudit.translation import Language, dump, skeleton, translation_path

    rubric = moved_rubric(tmp_path)
    path = Path(rubric.path)
    data = skeleton(rubric, Language("de", "Deutsch</script><!--", "ltr"))
    safe = HOSTILE.replace("\u2028", " ").replace("\u2029", " ")
    data["title"] = safe
    first = rubric.criteria[0]
    data["criteria"][first.id]["question"] = safe
    translation_path(path, "de").write_text(dump(data), "utf-8")
    page = render_form(rubric, language="de")
    assert page.count("<script") == 2 and page.count("</script>") == 2 and "<!--" not in page
    assert html_attributes(page) == ("de", "ltr")
    texts = page_data(page)["texts"]["de"]
    assert texts["title"] == safe and texts["questions"][first.id]["question"] == safe
    assert "Deutsch&lt;/script&gt;&lt;!--" in page  # the switcher's option, escaped


def test_a_broken_translation_is_left_out_with_a_note(tmp_path: Path) -> None:
    rubric = moved_rubric(tmp_path)
    (tmp_path / "org-democracy.de.yaml").write_text("rubric: [not, a, translation\n", "utf-8")
    notes: list[str] = []
    page = render_form(rubric, language="de", notes=notes)
    assert len(notes) == 1 and "org-democracy.de.yaml" in notes[0] and "left out" in notes[0]
    assert list(page_data(page)["texts"]) == ["en", "es", "fa"]
    assert html_attributes(page) == ("en", "ltr")


def test_size_budget_with_every_language() -> None:
    """Three languages of the default rubric stay well within the budget (the structure and
    the essay's quotes are carried once)."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    one = len(render_form(rubric, versions=rubric_languages(rubric)[:1]).encode("utf-8"))
    three = len(render_form(rubric).encode("utf-8"))
    assert three < SIZE_BUDGET and three < 2.5 * one, (one, three)


def test_the_page_words_are_the_texts_not_python_objects() -> None:
    """`ui.clear` in a template is the dict's method, not the text: the page names its texts by
    key (a button once read "<built-in method clear of dict object at 0x...>")."""
    page = render_form(load_rubric(DEFAULT_RUBRIC))
    head = page.split("<script")[0]
    assert " object at 0x" not in head and "built-in method" not in head
    assert '<button type="button" id="clear" class="quiet" data-ui="clear">Clear my answers' in head

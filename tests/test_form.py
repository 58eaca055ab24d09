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

from orgaudit.answers import answers_to_data, load_answers
from orgaudit.cli import main
from orgaudit.conditions import evaluate, parse_condition
from orgaudit.form import SIZE_BUDGET, form_data, render_form, when_words
from orgaudit.model import Criterion, Option, Rubric
from orgaudit.questions import SubmissionError, handler
from orgaudit.rubric import load_rubric
from orgaudit.scoring import score

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
    assert data["dimensions"][0]["title"] == HOSTILE
    first = data["dimensions"][0]["questions"][0]
    assert first["question"].startswith(HOSTILE)
    assert first["widget"]["options"][0]["label"].endswith(HOSTILE)
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
    assert conditional and all(q["whenText"] for q in conditional)


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
    number = crit_of("number", number_min=0, number_max=100)
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

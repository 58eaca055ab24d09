"""The form page in a real browser (Debian's chromium through Selenium): a member answers the
whole default rubric, the saved file scores like the same answers saved by orgaudit, the page's
conditions agree with the Python engine, nothing leaves the page, and axe finds no serious issue.

Skipped when chromium is missing, unless CI is set: then missing chromium is a failure.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner

from orgaudit import i18n
from orgaudit.answers import load_answers, save_answers
from orgaudit.cli import main
from orgaudit.form import render_form, ui_texts
from orgaudit.model import Answer, Answers, Respondent
from orgaudit.questions.number import number_of
from orgaudit.questions.scale import scale_of
from orgaudit.rubric import load_rubric
from orgaudit.scoring import score
from orgaudit.translation import translated

from .conftest import DATA, DEFAULT_RUBRIC, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
AXE = [
    ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js",
    ROOT / "tests" / ".axe" / "node_modules" / "axe-core" / "axe.min.js",
]
CASES = json.loads((DATA / "conditions-cases.json").read_text(encoding="utf-8"))["cases"]
HOSTILE = (
    "<script>alert(1)</script> {{ 7*7 }} \"double\" 'single' שלום עולם مرحبا ✊🏽👩‍👩‍👧 "
    "\u2028sep\nsecond line\n\tindented  "
)
ORG = "Çağ Union שלום <b>"


def _need(what: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing and CI is set: install it (see `make test`)")
    pytest.skip(f"{what} is missing (apt-get install -y chromium chromium-driver)")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("form") / "form.html"
    path.write_text(render_form(load_rubric(DEFAULT_RUBRIC)), encoding="utf-8")
    return path


Browser = Any


@pytest.fixture
def browser() -> Iterator[Callable[..., Browser]]:
    """Start headless Chromium with a fresh profile (and a download folder, when given)."""
    if not CHROMIUM or not DRIVER:
        _need("chromium or chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _need("selenium")
    started: list[Any] = []

    def start(downloads: Path | None = None, width: int = 390, height: int = 844) -> Browser:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for arg in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--window-size={width},{height}",
            "--user-data-dir=" + tempfile.mkdtemp(prefix="orgaudit-chromium-"),
        ):
            options.add_argument(arg)
        if downloads is not None:
            downloads.mkdir(parents=True, exist_ok=True)
            options.add_experimental_option(
                "prefs",
                {
                    "download.default_directory": str(downloads),
                    "download.prompt_for_download": False,
                },
            )
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver: Browser = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
        started.append(driver)
        if downloads is not None:
            driver.execute_cdp_cmd(
                "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
            )
        driver.get("about:blank")
        driver.get_log("performance")  # the browser's own start (its new-tab page) is not ours
        return driver

    yield start
    for driver in started:
        driver.quit()


def requests_made(driver: Browser) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            urls.append(params.get("request", {}).get("url") or params.get("url", ""))
    return urls


def assert_nothing_left(driver: Browser, page: Path) -> None:
    """Only the page itself, the saved file's blob and data: URLs (Chromium draws the date
    field's calendar icon from one): no request of any other kind."""
    urls = requests_made(driver)
    assert page.as_uri() in urls, "the performance log recorded nothing"
    local = (page.as_uri(), "blob:file://", "data:")
    others = [u for u in urls if not u.startswith(local)]
    assert others == []
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def by_id(driver: Browser, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def css(driver: Browser, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def current_question(driver: Browser) -> str | None:
    forms = css(driver, "form#question")
    return forms[0].get_attribute("data-question") if forms else None


def type_text(driver: Browser, element: Any, text: str) -> None:
    """Type like a member (characters outside the BMP, too, which send_keys cannot)."""
    element.click()
    driver.execute_cdp_cmd("Input.insertText", {"text": text})


def test_condition_cases_in_the_page(browser: Callable[..., Browser], page: Path) -> None:
    driver = browser()
    driver.get(page.as_uri())
    for case in CASES:
        got = driver.execute_script(
            "return window.orgauditForm.evaluate(JSON.parse(arguments[0]), JSON.parse(arguments[1]))",
            json.dumps(case["condition"]),
            json.dumps(case["answers"]),
        )
        assert got is case["expected"], case
    assert_nothing_left(driver, page)


def wait_for_file(folder: Path) -> Path:
    for _ in range(100):
        done = [p for p in folder.glob("*.yaml") if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"nothing downloaded into {folder}: {list(folder.iterdir())}")


@pytest.mark.slow
def test_a_member_answers_everything(
    browser: Callable[..., Browser], page: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    rubric = load_rubric(DEFAULT_RUBRIC)
    downloads = tmp_path / "downloads"
    driver = browser(downloads)
    driver.get(page.as_uri())

    # who answers, and when (the date defaults to today)
    type_text(driver, by_id(driver, "organization"), ORG)
    css(driver, "label[for=role-member]")[0].click()
    date = by_id(driver, "date").get_attribute("value")
    assert date == time.strftime("%Y-%m-%d")
    by_id(driver, "begin").click()

    expected: dict[str, Answer] = {}
    seen: list[str] = []
    links = ("https://example.org/minutes?id=1&x=2", "http://example.net/a")
    went_back = reloaded = False
    while (qid := current_question(driver)) is not None:
        assert qid not in seen or qid in (seen[-1], seen[-2] if len(seen) > 1 else ""), qid
        if qid not in seen:
            seen.append(qid)
        step = len(seen) - 1
        crit = rubric.criterion(qid)
        assert crit is not None
        progress = by_id(driver, "progress").text
        assert progress.startswith(f"{step + 1} of "), progress
        assert "minute" in progress or "every question" in progress
        labels = css(driver, "form#question .choice label")
        if step == 1:
            by_id(driver, "dont-know").click()
            expected[qid] = Answer(qid, None, "dont_know")
            continue
        if step == 2:
            by_id(driver, "skip").click()
            expected[qid] = Answer(qid, None, "skipped")
            continue
        if step == 4 and not went_back:  # back: the answer and its evidence are still there
            went_back = True
            by_id(driver, "back").click()
            assert current_question(driver) == seen[3]
            assert by_id(driver, "evidence").get_attribute("value") == HOSTILE
            by_id(driver, "next").click()
            continue
        if step == 20 and not reloaded:  # closing the tab keeps everything
            reloaded = True
            driver.refresh()
            assert current_question(driver) == qid
            continue
        if qid == "affiliates-disclosed":
            by_id(driver, "not-applicable").click()
            expected[qid] = Answer(qid, None, "not_applicable")
            continue
        evidence = ""
        given_links: tuple[str, ...] = ()
        if step == 3:
            css(driver, "form#question summary")[0].click()
            type_text(driver, by_id(driver, "evidence"), HOSTILE)
            type_text(driver, by_id(driver, "links"), "  ".join(links))
            evidence, given_links = HOSTILE, links
        value: Any
        if step == 0:  # keys only: Space picks the first option, the arrow the next, Enter
            radios = css(driver, "form#question input[type=radio]")
            radios[0].send_keys(Keys.SPACE)
            radios[0].send_keys(Keys.ARROW_DOWN)
            value = crit.options[1].value
            css(driver, "form#question input:checked")[0].send_keys(Keys.ENTER)
        elif qid == "leaders-premeetings":
            value = "settled-in-advance"
            css(driver, f"input[value={value}] + label")[0].click()
            by_id(driver, "next").click()
            assert current_question(driver) == "premeeting-records"  # the follow-up opened
        elif qid == "investments-held":
            value = "none-held"
            css(driver, f"input[value={value}] + label")[0].click()
            by_id(driver, "next").click()
        elif crit.type in ("yes_no", "single"):
            index = step % len(crit.options)
            labels[index].click()
            value = crit.options[index].value
            by_id(driver, "next").click()
        elif crit.type == "scale":
            labels[3].click()
            value = scale_of(crit).min + 3
            by_id(driver, "next").click()
        elif crit.type == "multi":
            boxes = {o.value: labels[i] for i, o in enumerate(crit.options)}
            first, second = crit.options[0].value, crit.options[1].value
            for pick in (first, crit.options[3].value, "none"):
                boxes[pick].click()
            assert [b.get_attribute("value") for b in css(driver, "input:checked")] == ["none"]
            boxes[first].click()
            boxes[second].click()
            value = (first, second)
            by_id(driver, "next").click()
        elif crit.type == "number":
            box = by_id(driver, "answer-number")
            box.send_keys("twelve", Keys.ENTER)
            assert "not a number" in by_id(driver, "alert").text
            box.clear()
            box.send_keys("-5", Keys.ENTER)
            assert f"from {number_of(crit).min:g} to" in by_id(driver, "alert").text
            box.clear()
            value = 12 if step % 2 else 2.5
            box.send_keys(str(value), Keys.ENTER)
        else:
            type_text(driver, by_id(driver, "answer-text"), HOSTILE)
            value = HOSTILE
            by_id(driver, "next").click()
        expected[qid] = Answer(qid, value, "answered", evidence, given_links)

    assert went_back and reloaded
    assert "premeeting-records" in seen
    assert "affiliate-control" not in seen and "investments-contradict" not in seen
    assert {c.type for c in rubric.criteria if c.id in seen} == {
        "yes_no",
        "single",
        "multi",
        "scale",
        "number",
        "text",
    }

    # the review offers the skipped and the don't-know answers apart
    assert css(driver, "h1")[0].text == "Before you finish"
    assert by_id(driver, "review-skipped").text == "Skipped (1)"
    assert by_id(driver, "review-dont_know").text == "Don't know (1)"
    assert not css(driver, "#review-open")
    assert "Nothing has been sent anywhere" in css(driver, "section.save")[0].text
    by_id(driver, "save").click()
    saved = wait_for_file(downloads)
    assert "was sent" in by_id(driver, "saved").text

    # the file scores exactly like the same answers saved by orgaudit itself
    got, warnings = load_answers(saved, rubric)
    assert warnings == []
    reference = tmp_path / "reference.yaml"
    ours = Answers(
        organization=ORG,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        answers=expected,
        respondent=Respondent("member"),
        date=date,
    )
    save_answers(reference, ours, rubric)
    ref, _ = load_answers(reference, rubric)

    def plain(a: Answers) -> dict[str, Any]:
        return {k: (v.status, v.value, v.evidence, v.links) for k, v in a.answers.items()}

    assert plain(got) == plain(ref)
    assert got.answers[seen[3]].evidence == HOSTILE
    assert (got.organization, got.respondent, got.date) == (ORG, ref.respondent, date)
    assert (
        score(rubric, got).to_dict()
        == score(rubric, dataclasses.replace(ref, path=got.path)).to_dict()
    )
    result = CliRunner().invoke(main, ["score", str(saved), "--format", "json"])
    assert result.exit_code in (0, 1), result.output

    # cleared from this browser, then the file opened again gives every answer back
    by_id(driver, "clear").click()
    assert "removed" in by_id(driver, "cleared").text
    assert driver.execute_script("return window.localStorage.length") == 0
    by_id(driver, "open-file").send_keys(str(saved))
    for _ in range(50):
        if "Opened" in by_id(driver, "alert").text:
            break
        time.sleep(0.1)
    reopened = driver.execute_script("return window.orgauditForm.answersData()")
    text = saved.read_text("utf-8")
    assert reopened == json.loads(text.split("\n", 1)[1])
    assert_nothing_left(driver, page)


def axe_violations(driver: Browser, source: str) -> list[dict[str, Any]]:
    driver.execute_script(source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.slow
@pytest.mark.parametrize(
    "width,lang", [(390, "en"), (1280, "en"), (390, "fa")], ids=["390", "1280", "390-fa"]
)
def test_accessibility(browser: Callable[..., Browser], page: Path, width: int, lang: str) -> None:
    axe = next((p for p in AXE if p.exists()), None)
    if axe is None:
        _need("axe-core (npm install axe-core --prefix .venv/axe)")
    source = axe.read_text("utf-8")
    driver = browser(width=width, height=900)
    driver.get(page.as_uri())
    if lang != "en":
        choose_language(driver, lang)
    problems = {"start": axe_violations(driver, source)}
    type_text(driver, by_id(driver, "organization"), ORG)
    css(driver, "label[for=role-leader]")[0].click()
    by_id(driver, "begin").click()
    rubric = load_rubric(DEFAULT_RUBRIC)
    kinds_seen: set[str] = set()
    while (qid := current_question(driver)) is not None:
        crit = rubric.criterion(qid)
        assert crit is not None
        if crit.type not in kinds_seen or crit.not_applicable:
            kinds_seen.add(crit.type)
            problems[qid] = axe_violations(driver, source)
        by_id(driver, "skip").click()
    problems["review"] = axe_violations(driver, source)
    assert {k: [(v["id"], v["help"]) for v in vs] for k, vs in problems.items() if vs} == {}
    assert_nothing_left(driver, page)


def test_hostile_rubric_text_shows_as_text(browser: Callable[..., Browser], tmp_path: Path) -> None:
    """Rubric text with markup, a closing script tag and template braces is shown, never run."""
    from .test_form import HOSTILE as RUBRIC_HOSTILE
    from .test_form import hostile_rubric

    path = tmp_path / "hostile.html"
    path.write_text(render_form(hostile_rubric(), organization=ORG), encoding="utf-8")
    driver = browser()
    driver.get(path.as_uri())
    assert driver.execute_script("return document.scripts.length") == 2
    title = driver.execute_script("return document.querySelector('h1').textContent")
    assert title == RUBRIC_HOSTILE
    css(driver, "label[for=role-observer]")[0].click()
    by_id(driver, "begin").click()
    question = driver.execute_script("return document.getElementById('question-text').textContent")
    assert question.startswith(RUBRIC_HOSTILE)
    assert not css(driver, "main script, main b, main img")
    assert_nothing_left(driver, path)


@pytest.mark.slow
def test_keyboard_alone(browser: Callable[..., Browser], page: Path) -> None:
    """Start, answer, skip, go back and reach the review with keys only (Tab, arrows, Enter)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver = browser()
    driver.get(page.as_uri())

    def keys(*sequence: str) -> None:
        ActionChains(driver).send_keys(*sequence).perform()

    def active() -> str:
        return str(driver.execute_script("return document.activeElement.id"))

    def tab_to(element_id: str) -> None:
        for _ in range(60):
            if active() == element_id:
                return
            keys(Keys.TAB)
        raise AssertionError(f"Tab never reaches #{element_id}")

    tab_to("organization")
    keys("Keyboard Union")
    keys(Keys.TAB, Keys.SPACE)  # the first role
    assert active() == "role-member"
    keys(Keys.SHIFT, Keys.TAB, Keys.SHIFT, Keys.ENTER)  # Enter in a text field submits
    first = current_question(driver)
    assert first is not None
    assert driver.execute_script("return document.activeElement.tagName") == "H2"
    keys(Keys.TAB, Keys.SPACE, Keys.ARROW_DOWN, Keys.ENTER)
    second = current_question(driver)
    assert second not in (None, first)
    tab_to("skip")
    keys(Keys.ENTER)
    assert current_question(driver) not in (first, second)
    tab_to("back")
    keys(Keys.ENTER)
    assert current_question(driver) == second
    tab_to("to-review")
    keys(Keys.ENTER)
    assert by_id(driver, "review-skipped").text == "Skipped (1)"
    data = driver.execute_script("return window.orgauditForm.answersData()")
    rubric = load_rubric(DEFAULT_RUBRIC)
    crit = rubric.criterion(first)
    assert crit is not None
    assert data["answers"] == {first: crit.options[1].value, second: "skipped"}
    assert data["organization"] == "Keyboard Union"


# --- languages -------------------------------------------------------------------------------


def choose_language(driver: Browser, code: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(by_id(driver, "language")).select_by_value(code)


def html_lang(driver: Browser) -> list[str]:
    return list(
        driver.execute_script(
            "return [document.documentElement.lang, document.documentElement.dir,"
            " getComputedStyle(document.getElementById('main')).direction]"
        )
    )


def text_of(driver: Browser, selector: str) -> str:
    return str(
        driver.execute_script(f"return document.querySelector({json.dumps(selector)}).textContent")
    )


def words(code: str) -> dict[str, Any]:
    with i18n.using(code):
        return ui_texts()


@pytest.mark.slow
def test_switching_language_shows_each_language(
    browser: Callable[..., Browser], page: Path
) -> None:
    """The member switches language at any time: the rubric's texts and the page's own words
    change, <html lang dir> with them (Persian right to left, the layout mirrored), and what
    was chosen stays chosen."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    shown = {code: translated(rubric, code) for code in ("en", "es", "fa")}
    driver = browser(width=1024, height=900)
    driver.get(page.as_uri())
    assert text_of(driver, "h1") == shown["en"].title
    assert html_lang(driver) == ["en", "ltr", "ltr"]

    choose_language(driver, "es")
    assert html_lang(driver) == ["es", "ltr", "ltr"]
    assert text_of(driver, "h1") == shown["es"].title
    assert shown["es"].title in driver.title
    spanish = words("es")
    assert text_of(driver, "label[for=role-member]") == spanish["role_member"]
    assert by_id(driver, "begin").text == spanish["start"]
    assert text_of(driver, "#clear") == spanish["clear"]
    type_text(driver, by_id(driver, "organization"), ORG)
    css(driver, "label[for=role-leader]")[0].click()

    choose_language(driver, "fa")  # what was typed and chosen on the first screen stays
    assert html_lang(driver) == ["fa", "rtl", "rtl"]
    assert by_id(driver, "organization").get_attribute("value") == ORG
    assert by_id(driver, "role-leader").is_selected()
    by_id(driver, "begin").click()
    first = rubric.criteria[0]
    assert current_question(driver) == first.id
    fa_first = shown["fa"].criterion(first.id)
    assert fa_first is not None
    assert text_of(driver, "#question-text") == fa_first.question
    labels = [label.text for label in css(driver, "form#question .choice label")]
    assert labels == [o.label for o in fa_first.options]
    assert fa_first.question != first.question and labels[0] != first.options[0].label
    persian = words("fa")
    assert by_id(driver, "next").text == persian["next"]
    # right to left: Next (the primary action) at the left end, Back at the right
    assert by_id(driver, "next").rect["x"] < by_id(driver, "back").rect["x"]
    assert (
        driver.execute_script(
            "return getComputedStyle(document.querySelector('.choice')).direction"
        )
        == "rtl"
    )

    css(driver, "form#question .choice label")[2].click()  # chosen, not yet confirmed
    choose_language(driver, "es")
    es_first = shown["es"].criterion(first.id)
    assert es_first is not None
    assert text_of(driver, "#question-text") == es_first.question
    assert html_lang(driver) == ["es", "ltr", "ltr"]
    assert by_id(driver, "answer-2").is_selected()
    assert by_id(driver, "next").rect["x"] > by_id(driver, "back").rect["x"]
    by_id(driver, "next").click()

    choose_language(driver, "fa")
    driver.refresh()  # the language is kept with the answers in this browser
    assert html_lang(driver) == ["fa", "rtl", "rtl"]
    second = current_question(driver)
    assert second is not None and second != first.id
    crit = shown["fa"].criterion(second)
    assert crit is not None
    assert text_of(driver, "#question-text") == crit.question
    data = driver.execute_script("return window.orgauditForm.answersData()")
    assert data["answers"] == {first.id: first.options[2].value}  # a value, not a label
    assert data["organization"] == ORG and data["respondent"] == {"role": "leader"}
    assert_nothing_left(driver, page)


def answer_everything(driver: Browser, lang: str) -> None:
    """Answer every question the same way whatever the language (by position, never by
    label), the numbers typed in the language's digits."""
    from selenium.webdriver.common.keys import Keys

    rubric = load_rubric(DEFAULT_RUBRIC)
    shown = translated(rubric, lang)
    step = 0
    while (qid := current_question(driver)) is not None:
        crit = shown.criterion(qid)
        assert crit is not None
        assert text_of(driver, "#question-text") == crit.question
        labels = css(driver, "form#question .choice label")
        if crit.type in ("yes_no", "single"):
            assert [label.text for label in labels] == [o.label for o in crit.options]
            labels[step % len(crit.options)].click()
        elif crit.type == "scale":
            labels[2].click()
        elif crit.type == "multi":
            labels[0].click()
            labels[1].click()
        elif crit.type == "number":
            box = by_id(driver, "answer-number")
            box.send_keys("۱۲" if lang == "fa" else "12", Keys.ENTER)
            step += 1
            continue
        elif crit.type == "text":
            type_text(driver, by_id(driver, "answer-text"), HOSTILE)
        if step == 3:
            css(driver, "form#question summary")[0].click()
            type_text(driver, by_id(driver, "evidence"), HOSTILE)
        by_id(driver, "next").click()
        step += 1
    assert step > 40


@pytest.mark.slow
def test_a_file_saved_in_persian_scores_like_one_saved_in_english(
    browser: Callable[..., Browser], page: Path, tmp_path: Path
) -> None:
    rubric = load_rubric(DEFAULT_RUBRIC)
    saved: dict[str, Path] = {}
    for lang in ("en", "fa"):
        downloads = tmp_path / lang
        driver = browser(downloads)
        driver.get(page.as_uri())
        if lang != "en":
            choose_language(driver, lang)
        type_text(driver, by_id(driver, "organization"), ORG)
        css(driver, "label[for=role-member]")[0].click()
        by_id(driver, "begin").click()
        answer_everything(driver, lang)
        assert html_lang(driver)[:2] == ([lang, "rtl"] if lang == "fa" else [lang, "ltr"])
        assert text_of(driver, "h1") == words(lang)["beforeFinish"]
        by_id(driver, "save").click()
        saved[lang] = wait_for_file(downloads)
        assert_nothing_left(driver, page)
    english, persian = (saved[lang].read_text("utf-8") for lang in ("en", "fa"))
    assert persian == english  # the same file, byte for byte: values, never labels
    assert saved["fa"].name == saved["en"].name
    shown = translated(rubric, "fa")
    for crit in shown.criteria:
        for option in crit.options:
            assert option.label not in persian
    a, _ = load_answers(saved["en"], rubric)
    b, _ = load_answers(saved["fa"], rubric)
    number = next(c for c in rubric.criteria if c.type == "number")
    assert b.answers[number.id].value == 12  # typed ۱۲
    assert (
        score(rubric, a).to_dict() == score(rubric, dataclasses.replace(b, path=a.path)).to_dict()
    )

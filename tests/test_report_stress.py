"""Reports under stress (issue #7 item 3): long evidence, an unbroken 10,000-character "word",
right-to-left and CJK names, emoji, 50 links. Each renders to HTML and PDF; the PDF reads back
the organization's name, has a sane page count, and nothing runs past the page's margins.

Fonts: DejaVu (always here) covers Latin, Arabic and Hebrew. CJK needs a system font (Debian:
fonts-wqy-microhei or fonts-noto-cjk) and colour emoji fonts-noto-color-emoji. Without them the
glyphs draw as boxes: the checks that the right font drew them skip, with the reason; the rest
still run. `test_missing_cjk_font_still_renders` hides every font but DejaVu to prove that case.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from orgaudit.batch import Batch
from orgaudit.render import write_report
from orgaudit.render.html import render_report_html, text_dir

from .conftest import DATA

RUBRIC = DATA / "respondents" / "mini-rubric.yaml"
PAGE_W_PT = 595.28  # A4
MM = 72 / 25.4
#: Horizontal page margin in report.css (18 mm), with 1 mm of slack for glyph overhangs.
CONTENT_LEFT = 17 * MM
CONTENT_RIGHT = PAGE_W_PT - 17 * MM
#: The outer band of every page that must stay blank.
EDGE_MM = 3

PARAGRAPH = " ".join(
    f"Sentence {i}: the outgoing committee met again, without the members, and decided."
    for i in range(200)
)[:10_000]
WORD = ("https://example.org/minutes?" + "x0" * 5_000)[:10_000]
LINKS = [
    f"https://example.org/archive/2024/minutes/meeting-{i:03d}?session=" + "abcdef0123456789" * 6
    for i in range(50)
]


@dataclass(frozen=True)
class Case:
    organization: str
    evidence: tuple[str, ...]  # one per respondent (two respondents pool into one report)
    links: tuple[str, ...] = ()
    font: str | None = None  # a font family that must draw the name, where installed
    rtl: bool = False


CASES = {
    "long-paragraph": Case("Long Evidence League", (PARAGRAPH,)),
    "long-word": Case("Unbroken Word League", (WORD,)),
    "arabic": Case(
        "الاتحاد الديمقراطي للعمال",
        ("قدمت اللجنة المنتهية ولايتها قائمة واحدة مغلقة للتصويت عليها. " * 20,),
        rtl=True,
    ),
    # two respondents: pooled, with the evidence of each listed without attribution
    "hebrew-pooled": Case(
        "האיגוד הדמוקרטי של העובדים",
        ("הוועדה היוצאת הציגה רשימה סגורה אחת. " * 20, WORD),
        rtl=True,
    ),
    "cjk": Case(
        "民主工人联盟 東京支部 노동자연맹",
        ("即将卸任的委员会提出了一份封闭的名单。" * 40,),
        font="WenQuanYi Micro Hei|Noto Sans CJK",
    ),
    "emoji": Case(
        "Workers ✊ United 🌹🚩",
        ("We voted 👍 by a show of hands ✋, never by secret ballot 🗳️. " * 10,),
        font="Noto Color Emoji",
    ),
    "fifty-links": Case("Fifty Links League", ("See the minutes.",), links=tuple(LINKS)),
}


def font_installed(pattern: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return any(re.search(p, listed) for p in pattern.split("|"))


def write_answers(folder: Path, case: Case) -> list[Path]:
    paths = []
    for i, evidence in enumerate(case.evidence):
        data = {
            "organization": case.organization,
            "rubric": {"id": "mini-democracy", "version": "1.0.0"},
            "respondent": {"role": "member"},
            "date": "2024-05-01",
            "answers": {
                "slate": {"answer": "closed", "evidence": evidence, "links": list(case.links)},
                "ballot-rule": "no",
                "members-count": "secret",
                "contact-rule": "yes",
            },
        }
        path = folder / f"answers-{i}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True)
class Rendered:
    case: Case
    html: str
    pdf: Path


_RENDERED: dict[str, Rendered] = {}


def render(name: str, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Each case rendered once per session (HTML and PDF), shared by the tests below."""
    from orgaudit.aggregate import group_scorecards

    if name not in _RENDERED:
        case = CASES[name]
        folder = tmp_path_factory.mktemp(name)
        runner = Batch(RUBRIC)
        cards = [runner.score_file(p) for p in write_answers(folder, case)]
        # Two respondents are below the minimum group: protection off, to stress the layout of
        # pooled evidence (tests/test_privacy.py checks what the default withholds).
        (card,) = group_scorecards(cards, runner.rubric_for, min_group=1)
        rubric = runner.rubric_for(card)
        pdf = folder / "report.pdf"
        write_report(rubric, card, pdf, "pdf")
        _RENDERED[name] = Rendered(case, render_report_html(rubric, card), pdf)
    return _RENDERED[name]


@pytest.fixture(params=sorted(CASES))
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return render(request.param, tmp_path_factory)


def pdf_text(path: Path, *, poppler: bool = False) -> str:
    """The PDF's text with whitespace folded, read by pypdf, or by pdftotext when `poppler`.

    pypdf reads Arabic ligatures right (pdftotext splits lam-alef) but cannot decode the font
    encoding WeasyPrint writes once a glyph is missing (a CJK name without a CJK font); there
    pdftotext still reads the text.
    """
    if poppler:
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        out = out.replace("\u202b", " ").replace("\u202c", " ")  # bidi embedding marks
    else:
        out = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(out.split())


@pytest.mark.slow
def test_html_escapes_and_marks_direction(rendered: Rendered) -> None:
    name = rendered.case.organization
    expected = "rtl" if rendered.case.rtl else "ltr"
    # the name isolated from the report's own text (<bdi>), in its own direction
    assert (
        f'<h1 class="org" dir="{expected}"><bdi dir="{expected}">{name}</bdi></h1>' in rendered.html
    )
    if len(rendered.case.evidence) > 1:
        assert "Evidence, unattributed" in rendered.html
        assert '<p dir="rtl"><bdi dir="rtl">הוועדה' in rendered.html
        assert '<p dir="ltr"><bdi dir="ltr">https://' in rendered.html


@pytest.mark.slow
def test_pdf_reads_back_the_name_and_has_sane_pages(rendered: Rendered) -> None:
    case = rendered.case
    boxes = case.font is not None and not font_installed(case.font)
    if boxes and not shutil.which("pdftotext"):
        pytest.skip(f"no {case.font} font and no pdftotext: pypdf cannot read boxes back")
    text = pdf_text(rendered.pdf, poppler=boxes)
    assert " ".join(case.organization.split()) in text
    pages = len(PdfReader(rendered.pdf).pages)
    # the plain report of this rubric is 6 pages; 10,000 characters add one or two
    assert 5 <= pages <= 10, pages


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.font))
def test_named_font_draws_the_glyphs(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """DejaVu draws Latin, Arabic and Hebrew; CJK and emoji need fonts a machine may lack."""
    rendered = render(name, tmp_path_factory)
    font = rendered.case.font
    assert font is not None
    if not font_installed(font):
        pytest.skip(f"font {font} is not installed (Debian: fonts-wqy-microhei, fonts-noto-*)")
    embedded: set[str] = set()
    for page in PdfReader(rendered.pdf).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        fonts = resources.get("/Font", DictionaryObject()).get_object()
        assert isinstance(fonts, DictionaryObject)
        for ref in fonts.values():
            font_dict = ref.get_object()
            assert isinstance(font_dict, DictionaryObject)
            embedded.add(str(font_dict.get("/BaseFont")))
    wanted = [p.replace(" ", "-") for p in font.split("|")]
    assert any(w in name for name in embedded for w in wanted), embedded


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_no_word_runs_past_the_margins(rendered: Rendered) -> None:
    xml = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", str(rendered.pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", errors="replace")  # poppler writes emoji as lone surrogates here
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', xml)
    assert len(boxes) > 100
    outside = [
        (x0, x1) for x0, x1 in boxes if float(x0) < CONTENT_LEFT or float(x1) > CONTENT_RIGHT
    ]
    assert not outside, outside[:5]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_outer_band_of_every_page_is_blank(rendered: Rendered, tmp_path: Path) -> None:
    from PIL import Image

    dpi = 40
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(rendered.pdf), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(PdfReader(rendered.pdf).pages)
    edge = round(EDGE_MM / 25.4 * dpi)
    for png in pages:
        image = Image.open(png).convert("L")
        w, h = image.size
        for box in ((0, 0, w, edge), (0, h - edge, w, h), (0, 0, edge, h), (w - edge, 0, w, h)):
            darkest, _ = cast(tuple[int, int], image.crop(box).getextrema())
            assert darkest >= 250, f"{png.name}: ink in the outer {EDGE_MM} mm at {box}"


def test_text_direction_is_decided_like_dir_auto() -> None:
    assert text_dir("Mini League") == "ltr"
    assert text_dir("الاتحاد") == "rtl"
    assert text_dir("  «האיגוד» ACME") == "rtl"  # the first strong character decides
    assert text_dir("2024 ACME") == "ltr"
    assert text_dir("🌹 123") == "auto"
    assert text_dir("") == "auto"


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("fc-list"))
    or not Path("/usr/share/fonts/truetype/dejavu").is_dir(),
    reason="needs pdftotext, fc-list and DejaVu in /usr/share/fonts/truetype/dejavu",
)
def test_missing_cjk_font_still_renders(tmp_path: Path) -> None:
    """Hide every font but DejaVu (as on a machine without CJK fonts): the CJK name draws as
    boxes but the PDF renders, and its text still reads back."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    (answers,) = write_answers(tmp_path, CASES["cjk"])
    pdf = tmp_path / "cjk.pdf"
    code = (
        "import sys; from pathlib import Path; from orgaudit.batch import Batch; "
        "from orgaudit.render import write_report; "
        "r, c = Batch(Path(sys.argv[1])).load(Path(sys.argv[2])); "
        "write_report(r, c, Path(sys.argv[3]), 'pdf')"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, env=env)
    assert listed.stdout.strip() == "", "the test's font configuration should hide CJK fonts"
    done = subprocess.run(
        [sys.executable, "-c", code, str(RUBRIC), str(answers), str(pdf)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert CASES["cjk"].organization in pdf_text(pdf, poppler=True)

"""The renderer fetches nothing but its own assets, and user text never becomes markup.

Two defences, each tested on its own: escaping in the templates (hostile answers come out as
literal text), and the fetcher behind `html_to_pdf` (hostile HTML given straight to it is refused,
nothing is fetched, nothing is written, nothing is embedded).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pypdf import PdfReader

from orgaudit.answers import answers_to_data
from orgaudit.errors import RenderError
from orgaudit.model import Answer, Answers, Respondent, Rubric
from orgaudit.render import write_report
from orgaudit.render.html import render_report_html
from orgaudit.render.pdf import ASSETS, asset_path, html_to_pdf
from orgaudit.rubric import load_rubric
from orgaudit.scoring import Scorecard, score
from orgaudit.yamlio import dump_yaml


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A tiny HTTP server on 127.0.0.1 that records every request it receives."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def hostile_texts(base: str) -> list[str]:
    return [
        '<img src="file:///etc/hostname">',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        "<style>body { background: url(file:///etc/passwd) }</style>",
        "x { background: url(file:///etc/passwd) } @import url(file:///etc/passwd);",
        "<script>alert(1)</script>",
        '<object data="file:///etc/passwd"></object>',
        '<svg><image href="file:///etc/passwd"/></svg>',
        f'<img src="{base}/img.png"> <link rel=stylesheet href="{base}/style.css">',
        f"{base}/plain-link",
        '"><iframe src="file:///etc/passwd"></iframe>',
    ]


def hostile_card(rubric: Rubric, base: str) -> Scorecard:
    texts = hostile_texts(base)
    answers: dict[str, Answer] = {}
    scored = [c for c in rubric.criteria if c.scored and c.type in ("single", "yes_no")]
    for i, crit in enumerate(scored):
        answers[crit.id] = Answer(
            crit.id,
            crit.options[0].value,
            evidence=texts[i % len(texts)],
            links=(f"{base}/link-{i}", "https://example.org/a?b=<c>"[:22]),
        )
    org = '<img src="file:///etc/hostname"> ACME <link rel="attachment" href="file:///etc/passwd">'
    return score(
        rubric,
        Answers(
            organization=org,
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            answers=answers,
            respondent=Respondent(role="member", id="secret-respondent-42"),
            date="2024-05-01",
        ),
    )


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def embedded_files(pdf: Path) -> list[str]:
    reader = PdfReader(pdf)
    root: Any = reader.trailer["/Root"]
    names = root.get("/Names")
    found = list(reader.attachments)
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                found.append("annotation")
    return found


class _Tags(HTMLParser):
    """Every real element and attribute of a document (escaped text does not count)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "span", "section", "header",
    "footer", "article", "figure", "figcaption", "h1", "h2", "h3", "p", "strong", "small",
    "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "blockquote",
    "svg", "desc", "line", "rect", "text", "bdi",
}  # fmt: skip


def test_hostile_answers_are_escaped_in_html(rubric: Rubric) -> None:
    base = "http://127.0.0.1:9"
    html = render_report_html(rubric, hostile_card(rubric, base))
    parser = _Tags()
    parser.feed(html)
    assert parser.tags <= ALLOWED_TAGS, parser.tags - ALLOWED_TAGS
    assert not parser.attrs & {"href", "src", "data", "rel", "srcset", "action", "xlink:href"}
    for text in hostile_texts(base):
        if "<" in text:
            assert text not in html
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "url(file:" not in html.split("</style>", 1)[0]
    assert f"{base}/link-0" in html  # links are shown, as text
    assert "secret-respondent-42" not in html  # the respondent id never appears


@pytest.mark.slow
def test_hostile_answers_render_to_a_pdf_that_fetched_and_embedded_nothing(
    rubric: Rubric, server: tuple[str, list[str]], tmp_path: Path
) -> None:
    base, requests = server
    out = tmp_path / "hostile.pdf"
    write_report(rubric, hostile_card(rubric, base), out, "pdf")
    assert requests == []
    assert embedded_files(out) == []
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "ACME" in text
    assert "root:x:" not in text  # /etc/passwd was not read into the document


@pytest.mark.slow
def test_hostile_answers_through_the_cli(
    rubric: Rubric, server: tuple[str, list[str]], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from orgaudit.cli import main

    base, requests = server
    card_source = hostile_card(rubric, base)
    answers = Answers(
        organization=card_source.organization,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        answers={
            c.id: Answer(c.id, c.value, evidence=c.evidence, links=c.links)
            for d in card_source.dimensions
            for c in d.criteria
            if c.status == "scored"
        },
        respondent=Respondent(role="member", id="secret-respondent-42"),
        date="2024-05-01",
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(dump_yaml(answers_to_data(answers, rubric)), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["report", str(path), "-o", str(tmp_path / "out.html"), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script" not in html
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 0, result.output
    assert requests == []
    assert embedded_files(tmp_path / "out.pdf") == []


HOSTILE_DOCUMENTS = {
    "img-file": '<img src="file:///etc/hostname">',
    "link-attachment": '<link rel="attachment" href="file:///etc/passwd">',
    "a-attachment": '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "css-url": "<style>body { background: url(file:///etc/passwd) }</style><p>x</p>",
    "css-import": "<style>@import url(file:///etc/passwd);</style><p>x</p>",
    "object": '<object data="file:///etc/passwd">x</object>',
    "svg-image": '<svg width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>',
    "climb-out": '<img src="../../../../../../etc/hostname">',
    "assets-climb": '<img src="assets/../../../../../../etc/hostname">',
    "data-url": '<img src="data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22/%3E">',
}


@pytest.mark.parametrize("body", HOSTILE_DOCUMENTS.values(), ids=HOSTILE_DOCUMENTS.keys())
def test_fetcher_refuses_and_fails_closed(body: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    out.write_bytes(b"previous report")
    with pytest.raises(RenderError, match="tried to fetch"):
        html_to_pdf(f"<!DOCTYPE html><html><body>{body}</body></html>", out)
    assert out.read_bytes() == b"previous report"  # untouched: nothing partial written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]  # no temp file left


def test_fetcher_refuses_http_and_the_server_hears_nothing(
    server: tuple[str, list[str]], tmp_path: Path
) -> None:
    base, requests = server
    for body in (
        f'<img src="{base}/a.png">',
        f'<link rel="stylesheet" href="{base}/s.css"><p>x</p>',
        f'<a rel="attachment" href="{base}/file.txt">x</a>',
        f"<style>@import url({base}/i.css);</style><p>x</p>",
    ):
        with pytest.raises(RenderError):
            html_to_pdf(f"<html><body>{body}</body></html>", tmp_path / "x.pdf")
    assert requests == []
    assert not (tmp_path / "x.pdf").exists()


def test_attachment_regression_ghsa_35jj_wx47_4w8r(tmp_path: Path) -> None:
    """Attachments once bypassed a restricting fetcher (WeasyPrint 61.0-61.1)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    doc = (
        f'<html><head><link rel="attachment" href="{secret.as_uri()}"></head>'
        f'<body><a rel="attachment" href="{secret.as_uri()}">s</a></body></html>'
    )
    out = tmp_path / "x.pdf"
    with pytest.raises(RenderError):
        html_to_pdf(doc, out)
    assert not out.exists()


def test_plain_document_renders_without_attachments(tmp_path: Path) -> None:
    out = tmp_path / "ok.pdf"
    html_to_pdf(
        "<html lang='en'><head><title>T</title></head><body><p>hello</p></body></html>", out
    )
    assert embedded_files(out) == []
    assert "hello" in PdfReader(out).pages[0].extract_text()


def test_asset_path_allows_only_files_under_assets(tmp_path: Path) -> None:
    css = ASSETS / "report.css"
    assert asset_path(css.as_uri()) == css.resolve()
    assert asset_path((ASSETS / ".." / "html.py").as_uri()) is None
    assert asset_path(ASSETS.as_uri() + "/../html.py") is None
    assert asset_path("file:///etc/passwd") is None
    assert asset_path("http://127.0.0.1/report.css") is None
    assert asset_path("file://evil.example/" + str(css)) is None
    link = tmp_path / "link.css"
    link.symlink_to("/etc/hostname")
    assert asset_path(link.as_uri(), root=tmp_path) is None  # a symlink out of the root
    assert asset_path(ASSETS.as_uri()) is None  # a folder is not a file


def test_unknown_variant_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="unknown PDF variant"):
        html_to_pdf("<p>x</p>", tmp_path / "x.pdf", variant="pdf/x-9")


def test_environment_autoescapes_j2_templates() -> None:
    """select_autoescape() would leave *.j2 unescaped; ours escapes every template."""
    from orgaudit.render.html import environment

    env = environment()
    assert env.autoescape is True
    template = env.from_string("{{ x }}")
    assert template.render(x="<b>") == "&lt;b&gt;"
    assert env.get_template("report.html.j2").environment.autoescape is True

"""Free-text answers (criteria of type `text`) appear in every report format, escaped as text,
and `--redact` withholds their words while saying that an answer was given."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from orgaudit.cli import main
from orgaudit.yamlio import dump_yaml, load_yaml

from .layout import assert_layout

ROOT = Path(__file__).resolve().parents[1]
LEAGUE = ROOT / "seeds" / "fictional-cooperative-league.yaml"
TEXT = (
    "We heard it from a branch secretary <b>two weeks</b> later & only by phone; "
    "the minutes said [nothing](http://x) *at all*."
)


def answers_with_text(tmp_path: Path, text: str | None = TEXT) -> Path:
    data = load_yaml(LEAGUE).data
    assert isinstance(data, dict)
    data["answers"]["decision-news"] = {"answer": text}
    path = tmp_path / "league.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def render(path: Path, fmt: str, *extra: str) -> str:
    out = path.with_suffix(f".{fmt}")
    args = ["report", str(path), "--format", fmt, "-o", str(out), "--allow-rubric-change"]
    result = CliRunner().invoke(main, [*args, *extra])
    assert result.exit_code == 0, result.output
    if fmt == "pdf":
        text = "\n".join(p.extract_text() or "" for p in PdfReader(out).pages)
        return re.sub(r"\s+", " ", text)
    return out.read_text(encoding="utf-8")


def test_html_shows_the_free_text_escaped(tmp_path: Path) -> None:
    html = render(answers_with_text(tmp_path), "html")
    assert "<b>two weeks</b>" not in html
    assert "&lt;b&gt;two weeks&lt;/b&gt; later &amp; only by phone" in html
    # in the criterion's own block, and in the appendix of every answer
    assert html.count("later &amp; only by phone") == 2


def test_html_redacted_says_an_answer_was_given_not_what(tmp_path: Path) -> None:
    html = render(answers_with_text(tmp_path), "html", "--redact")
    assert "two weeks" not in html and "only by phone" not in html
    assert "A free-text answer was given; its words are withheld (report redacted)" in html


def test_html_says_when_no_free_text_was_given(tmp_path: Path) -> None:
    html = render(answers_with_text(tmp_path, None), "html")
    assert "No free-text answer" in html
    assert "withheld (report redacted)" not in html.split("Methodology")[0]


def test_markdown_shows_the_free_text_escaped_and_redacts(tmp_path: Path) -> None:
    path = answers_with_text(tmp_path)
    md = render(path, "md")
    assert "**Free-text answers**" in md
    assert "How did you learn of the organization" in md
    assert "&lt;b&gt;two weeks&lt;/b&gt; later &amp; only by phone" in md
    assert r"\[nothing\](http://x) \*at all\*" in md  # a link and emphasis stay text
    redacted = render(path, "md", "--redact")
    assert "two weeks" not in redacted
    assert "a free-text answer was given; its words are withheld (report redacted)" in redacted


def test_json_redacted_withholds_the_free_text(tmp_path: Path) -> None:
    path = answers_with_text(tmp_path)
    plain = json.loads(render(path, "json"))
    crit = next(c for d in [plain] for c in _criteria(d) if c["id"] == "decision-news")
    assert crit["answer"] == TEXT
    redacted = render(path, "json", "--redact")
    assert "two weeks" not in redacted


def _criteria(data: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "id" in node and "status" in node and "answer" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return found


@pytest.mark.slow
def test_pdf_shows_the_free_text_and_redacts_it(tmp_path: Path) -> None:
    path = answers_with_text(tmp_path)
    text = render(path, "pdf")
    assert "<b>two weeks</b> later & only by phone" in text
    assert_layout(path.with_suffix(".pdf"))
    redacted = render(path, "pdf", "--redact")
    assert "two weeks" not in redacted
    assert "A free-text answer was given; its words are withheld (report redacted)" in redacted

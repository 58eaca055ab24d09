"""Comparison reports as PDF and HTML: 50 generated organizations and 3 hand-written ones.

The 50-organization PDF is the issue's "must show": it is generated here from varied answers to
the default rubric, rendered through `orgaudit compare`, and read back with pypdf. Its rendering
time is printed (run with -s), not asserted.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from orgaudit.aggregate import aggregate_files
from orgaudit.answers import answers_to_data
from orgaudit.cli import main
from orgaudit.compare import compare
from orgaudit.model import Answer, Answers, AnswerValue, Criterion, Respondent, Rubric
from orgaudit.questions.number import number_of
from orgaudit.questions.scale import scale_of
from orgaudit.render.compare_view import render_comparison_html
from orgaudit.rubric import load_rubric
from orgaudit.yamlio import dump_yaml

from .layout import assert_layout

DATA = Path(__file__).parent / "data"
MINI_RUBRIC = DATA / "respondents" / "mini-rubric.yaml"

NAMES = [
    "International Socialist Organization",
    "Socialist Workers Party",
    "Freedom Socialist Party",
    "Workers' League",
    "Comité <b>révolutionnaire</b> & Co",
    "Tenants United",
    "Harbour Dockers' Union Local 17",
    "Open Source Foundation for Everyone Who Writes Code Together",
    "Co-op Bakery",
    "Green Valley Allotment Association",
]


def _value(crit: Criterion, rng: random.Random, lean: float) -> AnswerValue:
    """An answer leaning towards the healthy options when `lean` is near 1."""
    if crit.type in ("yes_no", "single"):
        ranked = sorted(crit.options, key=lambda o: -o.score)
        index = min(len(ranked) - 1, int((1 - lean) * len(ranked) + rng.random() * 1.5))
        return ranked[index].value
    if crit.type == "multi":  # exclusive options ("none of these") are never mixed in
        return tuple(o.value for o in crit.options if not o.exclusive and rng.random() < lean)
    if crit.type == "scale":
        scale = scale_of(crit)
        return max(
            scale.min,
            min(scale.max, round(scale.min + lean * (scale.max - scale.min) + rng.uniform(-1, 1))),
        )
    if crit.type == "number":
        spec = number_of(crit)
        high = spec.max if spec.max is not None else 100.0
        low = spec.min if spec.min is not None else 0.0
        return int(low + (high - low) * rng.random() * (1 - lean) * 0.3)
    return "Notes from a meeting."


def write_orgs(folder: Path, rubric: Rubric, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        name = NAMES[i] if i < len(NAMES) else f"Organization {i + 1:02d}"
        lean = rng.random()
        answers: dict[str, Answer] = {}
        for crit in rubric.criteria:
            roll = rng.random()
            if crit.type == "text":
                answers[crit.id] = Answer(crit.id, "Notes from a meeting.")
            elif roll < 0.12 * (1 - lean) + 0.03:
                answers[crit.id] = Answer(crit.id, None, "dont_know")
            else:
                answers[crit.id] = Answer(crit.id, _value(crit, rng, lean))
        data = answers_to_data(
            Answers(
                organization=name,
                rubric_id=rubric.id,
                rubric_version=rubric.version,
                answers=answers,
                respondent=Respondent(role="member"),
                date="2024-06-01",
            ),
            rubric,
        )
        path = folder / f"org-{i:02d}.yaml"
        path.write_text(dump_yaml(data), encoding="utf-8")
        paths.append(path)
    return paths


def pdf_text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.slow
def test_fifty_organizations_pdf(tmp_path: Path) -> None:
    rubric = load_rubric()
    folder = tmp_path / "orgs"
    folder.mkdir()
    write_orgs(folder, rubric, 50)
    out = tmp_path / "fifty.pdf"
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["compare", str(folder), "-o", str(out)])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    print(f"\n50-organization comparison PDF: {elapsed:.2f} s, {out.stat().st_size:,} bytes")
    reader, text = pdf_text(out)
    assert 2 <= len(reader.pages) <= 12
    assert "Comparison of 50 organizations" in text
    assert "Organization 50" in text
    assert "Comité <b>révolutionnaire</b> & Co" in text  # escaped: shown, not interpreted
    for heading in (
        "Scores side by side",
        "Rules and practice",
        "Red flags",
        "Where they differ most",
    ):
        assert heading in text
    assert reader.metadata is not None and reader.metadata.title is not None
    assert "Comparison of 50 organizations" in reader.metadata.title
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert_layout(out)


def test_three_organizations_html_accessible(tmp_path: Path) -> None:
    cards, _ = aggregate_files([DATA / "compare" / "mini"], rubric_path=MINI_RUBRIC)
    html = render_comparison_html(compare(cards), [load_rubric(MINI_RUBRIC)])
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<title>Comparison of 3 organizations" in html
    # every chart has a text alternative holding its numbers
    assert html.count('role="img"') == 2  # the overlay and Beta Party's trend
    assert (
        "<desc>Leadership elections: Alpha Union 100.0, Beta Party 66.7, Gamma Circle 33.3" in html
    )
    assert "Trend of Beta Party" in html
    assert "rules on paper, not in practice" in html


def test_organization_names_are_escaped(tmp_path: Path) -> None:
    rubric = load_rubric()
    folder = tmp_path / "orgs"
    folder.mkdir()
    write_orgs(folder, rubric, 6)
    cards, _ = aggregate_files([folder])
    html = render_comparison_html(compare(cards), [rubric])
    assert "<b>révolutionnaire</b>" not in html
    assert "Comité &lt;b&gt;révolutionnaire&lt;/b&gt; &amp; Co" in html


@pytest.mark.parametrize("count", [2, 12])
def test_html_output(tmp_path: Path, count: int) -> None:
    rubric = load_rubric()
    folder = tmp_path / "orgs"
    folder.mkdir()
    write_orgs(folder, rubric, count)
    out = tmp_path / "cmp.html"
    result = CliRunner().invoke(main, ["compare", str(folder), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    # up to 10 organizations are columns; more are rows with dimension keys D1..D8
    assert ('class="mx-t"' in html) == (count > 10)
    assert f"Comparison of {count} organizations" in html

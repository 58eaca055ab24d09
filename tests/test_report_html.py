"""The report's HTML, JSON and Markdown: golden HTML for one audit, content, redaction, the CLI.

Regenerate the golden file after a deliberate change:
    ORGAUDIT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_html.py
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.batch import Batch
from orgaudit.cli import main
from orgaudit.model import Rubric
from orgaudit.render import plan_outputs, render_text
from orgaudit.render.html import render_report_html, report_context, slugify
from orgaudit.render.markdown import md_escape, render_markdown
from orgaudit.scoring import PAPER, Scorecard, what_if

ROOT = Path(__file__).resolve().parents[1]
ISO = ROOT / "seeds" / "iso-pham-binh.yaml"
FICTIONAL = ROOT / "seeds" / "fictional-cooperative-league.yaml"
GOLDEN = ROOT / "tests" / "golden" / "report-iso.html"


def load(path: Path) -> tuple[Rubric, Scorecard]:
    return Batch().load(path)


def test_golden_html_for_the_iso_audit() -> None:
    rubric, card = load(ISO)
    # The stylesheet is left out: it is tested on its own, and styling is not the report's content.
    html = re.sub(
        r"<style>.*?</style>", "<style></style>", render_report_html(rubric, card), flags=re.S
    )
    if os.environ.get("ORGAUDIT_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8"), (
        "report HTML changed; if deliberate, rerun with ORGAUDIT_UPDATE_GOLDEN=1 and review the diff"
    )


def test_html_document_language_title_and_chart_alternative() -> None:
    rubric, card = load(ISO)
    html = render_report_html(rubric, card)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<title>International Socialist Organization (ISO) — " in html
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in chart and "aria-label=" in chart and "<title>" in chart
    # the chart's numbers are also in a table
    assert '<table class="dims">' in html
    assert "Leadership elections and accountability 0.0 of 100, Autocratic" in chart


def test_summary_ranks_top_five_recommendations_by_gain() -> None:
    rubric, card = load(ISO)
    context = report_context(rubric, card)
    gains = what_if(rubric, card)
    recs = context["recommendations"]
    assert len(recs) == 5
    assert [r["id"] for r in recs] == [g.criterion_id for g in gains[:5]]
    assert [float(r["gain"]) for r in recs] == sorted(
        (float(r["gain"]) for r in recs), reverse=True
    )
    assert recs[0]["id"] == "leaders-premeetings" and recs[0]["gain"] == "14.3"


def test_certainty_range_is_put_in_words() -> None:
    rubric, card = load(ISO)
    overall = report_context(rubric, card)["overall"]
    assert overall["range_text"] == "1.5–42.4"  # faction-treatment is always asked (issue 11.5)
    assert overall["range_wide"]
    assert "A thinly answered audit" in overall["range_words"]
    rubric, card = load(FICTIONAL)
    overall = report_context(rubric, card)["overall"]
    assert not overall["range_wide"]
    assert "thinly" not in overall["range_words"]


def test_rule_practice_callouts() -> None:
    rubric, card = load(ISO)
    factions = report_context(rubric, card)["dimensions"][1]
    assert factions.id == "factions"
    assert round(factions.gap) == 23 and factions.gap_note == ""
    # a made-up dimension with written rights nobody respects
    dim = dataclasses.replace(
        card.dimensions[1], rule_score=90.0, practice_score=10.0, gap_note=PAPER
    )
    card2 = dataclasses.replace(card, dimensions=(card.dimensions[0], dim, *card.dimensions[2:]))
    html = render_report_html(rubric, card2)
    assert "Rules on paper, not in practice" in html


def test_answer_labels_come_from_the_rubric() -> None:
    rubric, card = load(ISO)
    html = render_report_html(rubric, card)
    assert "One slate proposed by the outgoing committee, accepted or rejected as a whole" in html
    assert "432 months" in html
    assert "1 on a scale of 1 to 5" in html
    # The ISO audit is an observer's reading of the essay: its "don't know" is left out ...
    assert "Don&#39;t know — left out of the score" in html
    # ... while a member who cannot find out scores as opacity.
    from orgaudit.answers import load_answers
    from orgaudit.model import Respondent
    from orgaudit.scoring import score

    answers, _ = load_answers(ISO, rubric)
    member = score(rubric, dataclasses.replace(answers, respondent=Respondent(role="member")))
    assert "Don&#39;t know — scored as opacity (0)" in render_report_html(rubric, member)


def test_recommendation_shown_only_where_the_score_is_low() -> None:
    rubric, card = load(FICTIONAL)
    context = report_context(rubric, card)
    shown = [c for d in context["dimensions"] for c in d.criteria if c.recommendation]
    assert all(c.score is not None and c.score < 0.5 for c in shown)
    rubric, card = load(ISO)
    context = report_context(rubric, card)
    low = [c for d in context["dimensions"] for c in d.criteria if c.score == 0.0]
    assert low and all(c.recommendation for c in low)


def test_redact_keeps_counts_and_drops_evidence_and_ids() -> None:
    rubric, card = load(ISO)
    card = dataclasses.replace(card, respondent_id="member-007")
    full = render_report_html(rubric, card)
    redacted = render_report_html(rubric, card, redact=True)
    evidence = "The ISO continues to use the British SWP"
    assert evidence in full and evidence not in redacted
    assert "withheld (report redacted)" in redacted
    assert "member-007" not in full and "member-007" not in redacted
    counts = report_context(rubric, card, redact=True)["counts"]
    assert counts["evidence"] == 51  # every answer in the ISO file carries evidence
    data = json.loads(render_text(rubric, card, "json", redact=True))
    assert all(c["evidence"] is None for d in data["dimensions"] for c in d["criteria"])
    assert "id" not in data["respondent"]


def test_json_is_the_documented_scorecard() -> None:
    rubric, card = load(ISO)
    data = json.loads(render_text(rubric, card, "json"))
    assert data == json.loads(json.dumps(card.to_dict()))
    assert data["format"] == "orgaudit-scorecard/1"


def test_markdown_is_compact_and_escaped() -> None:
    rubric, card = load(ISO)
    md = render_markdown(rubric, card)
    assert md.startswith(
        "## International Socialist Organization (ISO): Autocratic (2.3 out of 100)"
    )
    assert "| Dimension | Score | Band |" in md
    assert "- Leadership elected by closed slate" in md
    assert "1. **+14.3**" in md
    assert len(md.splitlines()) < 40
    hostile = dataclasses.replace(card, organization="<img src=x> *bold* [l](http://x)")
    first = render_markdown(rubric, hostile).splitlines()[0]
    assert "<img" not in first and "&lt;img src=x&gt; \\*bold\\* \\[l\\](http://x)" in first
    assert md_escape("a\nb|c") == "a b\\|c"


def test_points_rubric_html() -> None:
    rubric, card = load(ROOT / "tests" / "data" / "freedom" / "partly-free.yaml")
    html = render_report_html(rubric, card)
    assert "11/40 points, rating 6" in html
    assert "26/60 points, rating 4" in html
    assert "5.00" in html and "Partly Free" in html
    assert "mean rating (lower is better)" in html


def test_slug_and_output_plan(tmp_path: Path) -> None:
    assert slugify("International Socialist Organization (ISO)") == (
        "international-socialist-organization-iso"
    )
    assert slugify("Ünïcode Ørg") == "unicode-ørg"  # accents dropped, letters kept
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("<<>>") == "report"
    _, card = load(ISO)
    a, b = plan_outputs([card, card], [Path("x/a.yaml"), Path("y/b.yaml")], None, "pdf")
    assert a == Path("reports/international-socialist-organization-iso-a.pdf")
    assert b == Path("reports/international-socialist-organization-iso-b.pdf")
    assert plan_outputs([card], [ISO], tmp_path / "r.html", "html") == [tmp_path / "r.html"]
    assert plan_outputs([card], [ISO], tmp_path, "md") == [
        tmp_path / "international-socialist-organization-iso.md"
    ]


@pytest.mark.parametrize("fmt", ["html", "json", "md"])
def test_cli_writes_one_report_per_file(fmt: str, tmp_path: Path) -> None:
    files = [str(ROOT / "seeds" / n) for n in ("iso-pham-binh.yaml", "imt-arash-azizi.yaml")]
    result = CliRunner().invoke(main, ["report", *files, "--format", fmt, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"international-marxist-tendency-imt.{fmt}",
        f"international-socialist-organization-iso.{fmt}",
    ]
    assert re.search(
        r"international-socialist-organization-iso\.\w+ +International Socialist", result.output
    )


def test_cli_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organization: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(bad), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_band_colours_match_the_palette() -> None:
    """The charts draw with the palette's band colours, so a band looks the same everywhere."""
    from orgaudit.render.charts import BAND_FILLS
    from orgaudit.render.html import styles

    palette = str(styles("palette.css"))
    for index, colour in enumerate(BAND_FILLS):
        assert f"--b{index}: {colour};" in palette

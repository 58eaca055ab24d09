"""Layout as a reader sees it: the layout check itself, the capped cover, the comparison chart,
table headers, and the one-file terminal table within 80 columns.

Every demo and test report PDF goes through `tests.layout.assert_layout` (test_demo.py,
test_report_pdf.py, test_compare_pdf.py, test_free_text.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgaudit.cli import main
from orgaudit.yamlio import dump_yaml, load_yaml

from .layout import MIN_LINES, assert_layout, layout_problems

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LEAGUE = SEEDS / "fictional-cooperative-league.yaml"
ASSETS = ROOT / "src" / "orgaudit" / "render" / "assets"


def capped_league(tmp_path: Path) -> Path:
    """The league with a closed slate: capped from Democratic to "Oligarchic tendencies", a
    band name on two lines on the cover."""
    data = load_yaml(LEAGUE).data
    assert isinstance(data, dict)
    data["answers"]["committee-election"]["answer"] = "closed-slate"
    path = tmp_path / "capped-league.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def pdf_of(html: str, path: Path) -> Path:
    from orgaudit.render.pdf import html_to_pdf

    html_to_pdf(html, path)
    return path


# --- the check itself ---------------------------------------------------------------------------


def test_layout_check_sees_lines_drawn_over_each_other(tmp_path: Path) -> None:
    body = "".join(f"<p>Line {i} of an ordinary page of text.</p>" for i in range(12))
    clean = pdf_of(f"<html><body>{body}</body></html>", tmp_path / "clean.pdf")
    assert layout_problems(clean) == []
    over = (
        "<p style='margin: 0'>Oligarchic tendencies</p>"
        "<p style='margin-top: -0.6em'>capped from Democratic by a closed slate</p>"
    )
    broken = pdf_of(f"<html><body>{over}{body}</body></html>", tmp_path / "broken.pdf")
    problems = layout_problems(broken)
    assert len(problems) == 1
    assert "'Oligarchic tendencies' overlaps 'capped from Democratic" in problems[0]


def test_layout_check_sees_a_near_empty_page(tmp_path: Path) -> None:
    full = "".join(f"<p>Line {i}</p>" for i in range(MIN_LINES + 2))
    orphan = "<p style='break-before: page'>Source links</p><p>0</p>"
    after = f"<div style='break-before: page'>{full}</div>"
    problems = layout_problems(pdf_of(f"<body>{full}{orphan}{after}</body>", tmp_path / "o.pdf"))
    assert problems == ["o.pdf page 2: near-empty, 2 lines: 'Source links / 0'"]
    last = layout_problems(pdf_of(f"<body>{full}{orphan}</body>", tmp_path / "last.pdf"))
    assert last == ["last.pdf page 2 (last): near-empty, 2 lines: 'Source links / 0'"]


# --- reports --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_capped_cover_keeps_band_and_note_apart(tmp_path: Path) -> None:
    path = capped_league(tmp_path)
    out = tmp_path / "capped.pdf"
    result = CliRunner().invoke(
        main, ["report", str(path), "-o", str(out), "--allow-rubric-change"]
    )
    assert result.exit_code == 0, result.output
    assert "Oligarchic tendencies" in result.output
    assert_layout(out)


def test_table_headers_do_not_hyphenate() -> None:
    """ "Organiz-ation": a header word broken with a hyphen. Headers break between words only."""
    for name in ("report.css", "compare.css"):
        css = (ASSETS / name).read_text(encoding="utf-8")
        assert "hyphens: auto" not in css, name
        assert re.search(r"\bth\b[^{}]*\{[^}]*hyphens: manual", css), name


# --- the terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["capped", "fictional-cooperative-league.yaml", "iso-pham-binh.yaml", "imt-arash-azizi.yaml"],
)
def test_one_file_score_table_fits_80_columns(tmp_path: Path, name: str) -> None:
    from orgaudit.answers import load_answers
    from orgaudit.rubric import load_rubric
    from orgaudit.scoring import score
    from orgaudit.textout import scorecard_table

    path = capped_league(tmp_path) if name == "capped" else SEEDS / name
    rubric = load_rubric()
    answers, _ = load_answers(path, rubric, allow_rubric_change=True)
    table = scorecard_table(score(rubric, answers), width=80)
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Dimension"))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    rows = lines[start:end]
    assert len(rows) >= 11  # header, rule, eight dimensions, overall
    too_wide = [line for line in rows if len(line) > 80]
    assert not too_wide, "\n".join(too_wide)
    assert rows[0].split() == ["Dimension", "Score", "Band", "Range", "Known", "Flags"]
    if name == "capped":
        overall = next(line for line in rows if line.startswith("Overall"))
        assert "Oligarchic tendencies*" in overall
        assert "*Capped: the score alone would be Democratic" in table


# --- the comparison chart -------------------------------------------------------------------------


def _overlay(names: list[str], values: tuple[float | None, ...]) -> str:
    from orgaudit.render.compare_charts import ChartRow, overlay_chart

    rows = [
        ChartRow("Leadership elections and accountability of the whole committee", values),
        ChartRow("Overall", values, emphasis=True),
    ]
    return overlay_chart(rows, names, title="t", description="d")


def test_comparison_chart_wraps_labels_and_legend_instead_of_cutting() -> None:
    names = [
        "International Socialist Organization (ISO)",
        "Fictional example: Riverside Tenants' Union",
        "International Marxist Tendency (IMT)",
        "Open Source Foundation for Everyone Who Writes Code Together",
    ]
    svg = _overlay(names, (0.0, 50.0, 0.0, 100.0))
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert not any("…" in t for t in texts)
    shown = " ".join(texts)
    for words in [*names, "Leadership elections and accountability of the whole committee"]:
        for word in words.split():
            assert word.replace("'", "&#x27;") in shown or word in shown, word


def test_comparison_chart_markers_at_one_score_stay_visible() -> None:
    """Four organizations at 0 in a row: four markers, none drawn over another."""
    svg = _overlay(["A", "B", "C", "D"], (0.0, 0.0, 0.0, 0.0))
    body = svg.split('font-weight="bold"')[0]  # the first row, before the Overall label
    centres = [
        (float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', body)
    ]
    centres += [
        (float(x) + float(w) / 2, float(y) + float(w) / 2)
        for x, y, w in re.findall(
            r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" fill="#(?!f6f7f9|dfe3e8)',
            body,
        )
    ]
    assert len(centres) == 4
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= 9, centres


def test_report_chart_wraps_long_dimension_titles() -> None:
    """A 40- or 70-character dimension title is wrapped beside its bar, not cut or run off the
    chart's left edge (the chart gives a label 240 px: some 40 characters at 12 px)."""
    from orgaudit.render.charts import Bar, bar_chart

    titles = [
        "Leadership elections and accountability",
        "Participation of members in the drafting and amendment of the constitution",
    ]
    svg = bar_chart([Bar(t, 50.0) for t in titles], title="t", description="d")
    texts = re.findall(r'font-size="([\d.]+)"[^>]*text-anchor="end">([^<]*)</text>', svg)
    assert not any("…" in t for _, t in texts)
    shown = " ".join(t for _, t in texts)
    for title in titles:
        assert all(word in shown for word in title.split())
    for size, text in texts:  # each line fits the label's room at its size
        assert len(text) * float(size) * 0.5 <= 240, text


def test_trend_chart_names_every_line_whole() -> None:
    from orgaudit.render.compare_charts import ChartRow, trend_chart

    rows = [
        ChartRow("Overall", (40.0, 50.0), emphasis=True),
        ChartRow("Leadership elections and accountability", (30.0, 60.0)),
    ]
    svg = trend_chart(["2024-01-01", "2025-01-01"], rows, title="t", description="d")
    assert "Leadership elections and accountability</text>" in svg

"""`orgaudit report` over several respondents (one pooled report) and several dates (a trend).

Pooled data: tests/data/respondents/mini/, five respondents of Mini League on 2024-05-01 (the
answers table is in tests/test_aggregate.py). By hand, from that table:

    elections: leaders (100 + 66.7) / 2 = 83.3, members (0 + 33.3 + 0) / 3 = 11.1, gap +72.2
    information: leaders (100 + 75) / 2 = 87.5, members (0 + 50 + 0) / 3 = 16.7, gap +70.8
    overall: leaders (100 + 69.4) / 2 = 84.7, members (0 + 38.9 + 0) / 3 = 13.0, gap +71.8
    don't know: leaders 0 of 8; members 4 of 12 (member-1 two, member-2 one, member-3 one), 33%
    slate: 1 x contested, 1 x uncontested, 3 x closed; mean (1 + 0.5) / 5 = 0.30

Trend data: tests/data/trend/, Mini League at three dates (criterion scores in brackets):

    2022-06-01  one member: slate closed [0], ballot no [0], members-count secret [0], contact yes [1]
                elections (2*0 + 0) / 3 = 0.0; information (0 + 1) / 2 = 50.0;
                overall (2*0 + 50) / 3 = 16.7
    2023-06-01  a leader (uncontested .5, yes 1, on-request .5, yes 1) and a member
                (closed 0, yes 1, don't know = opacity 0, yes 1), pooled:
                slate .25, ballot 1, members-count .25, contact 1
                elections (2*.25 + 1) / 3 = 50.0; information (.25 + 1) / 2 = 62.5;
                overall (2*50 + 62.5) / 3 = 54.2
    2024-06-01  one member, every answer best: 100.0 everywhere
    change      overall +83.3, elections +100.0, information +50.0
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from orgaudit.cli import main

from .conftest import DATA

MINI = DATA / "respondents" / "mini"
RUBRIC = DATA / "respondents" / "mini-rubric.yaml"
TREND = DATA / "trend"
IDS = ("lena", "leo", "mia", "max", "mo", "tara", "theo", "tess", "tom")


def run(*args: str) -> str:
    """A report with small-group protection off, to check what pooling shows (tests/test_privacy.py
    checks what it withholds)."""
    result = CliRunner().invoke(
        main, ["report", *args, "--rubric", str(RUBRIC), "--min-group", "1"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def body(html: str) -> str:
    """The document without its stylesheet (CSS words such as max-width are not ids)."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def text(html: str) -> str:
    """Visible text with whitespace folded, for phrases that span elements."""
    return " ".join(re.sub(r"<[^>]+>", " ", body(html)).split())


def no_identities(html: str) -> None:
    for file_stem in ("leader-1", "leader-2", "member-1", "member-2", "member-3", "2022-member"):
        assert file_stem not in html
    assert ".yaml" not in html
    assert "respondents/mini" not in html and "data/trend" not in html
    for rid in IDS:
        assert not re.search(rf"\b{rid}\b", body(html)), rid


@pytest.fixture(scope="module")
def pooled_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("pooled") / "mini.html"
    output = run(str(MINI), "--format", "html", "-o", str(out))
    assert output.count("\n") == 1 and "(5 respondents)" in output
    return out.read_text(encoding="utf-8")


def test_pooled_report_names_respondents_by_role_and_count(pooled_html: str) -> None:
    assert "5 respondents (2 leaders, 3 members)" in pooled_html
    no_identities(pooled_html)


def test_pooled_report_has_the_role_gap_table(pooled_html: str) -> None:
    table = pooled_html[pooled_html.index('<table class="roles">') :]
    table = text(table[: table.index("</table>")])
    assert "Dimension Leaders (2) Members (3) Gap" in table
    assert "Leadership elections 83.3 11.1 +72.2" in table
    assert "Information flow 87.5 16.7 +70.8" in table
    assert "Overall 84.7 13.0 +71.8" in table


def test_pooled_report_has_dont_know_rates_and_findings(pooled_html: str) -> None:
    page = text(pooled_html)
    assert "Leaders 0 of 8 0%" in page
    assert "Members 4 of 12 33%" in page
    assert (
        "Members cannot know what leaders know about information flow: 2 of 3 members "
        "answered don&#39;t know to members-count, 0 of 2 leaders."
    ) in page
    assert "leaders score it 71.8 points higher than members do overall" in page


def test_pooled_criterion_shows_distribution_mean_and_minority_flags(pooled_html: str) -> None:
    page = text(pooled_html)
    assert (
        "Answers 1 × More candidates than seats, 1 × As many candidates as seats, "
        "3 × One closed slate mean 30/100"
    ) in page
    assert "3 × Yes, 1 × No, 1 × Don&#39;t know mean 75/100" in page
    # members-count: one member answered "secret" (a flag), two did not know: 1 of 3 answered
    assert "Membership figures known only to the leadership: raised by 1 of 3 who answered" in page
    assert "(not counted: not a majority)" in page
    # pooled coverage counts answers, not questions: 16 of 20 given
    assert "16 of 20 applicable answers (respondents × questions) were given" in page
    assert "Evidence, unattributed The outgoing committee proposed one list." in page


def test_pooled_report_redacted_keeps_counts_only(tmp_path: Path) -> None:
    out = tmp_path / "mini.html"
    run(str(MINI), "--format", "html", "--redact", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "The outgoing committee proposed one list." not in html
    assert "withheld (report redacted)" in html
    assert "5 respondents (2 leaders, 3 members)" in html
    no_identities(html)


def test_pooled_json_and_markdown_carry_no_ids(tmp_path: Path) -> None:
    run(str(MINI), "--format", "json", "-o", str(tmp_path / "mini.json"))
    raw = (tmp_path / "mini.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["extra"]["respondents"] == {"count": 5, "by_role": {"leader": 2, "member": 3}}
    no_identities(raw)
    run(str(MINI), "--format", "md", "-o", str(tmp_path / "mini.md"))
    md = (tmp_path / "mini.md").read_text(encoding="utf-8")
    assert "Pooled from 5 respondents (2 leaders, 3 members)." in md
    assert "Leaders minus members, overall: +71.8 points." in md
    no_identities(md)


def test_separate_gives_one_report_per_file(tmp_path: Path) -> None:
    output = run(str(MINI), "--separate", "--format", "html", "-o", str(tmp_path))
    reports = sorted(p.name for p in tmp_path.iterdir())
    assert len(reports) == 5 and output.count("\n") == 5
    one = (tmp_path / reports[0]).read_text(encoding="utf-8")
    assert "one respondent (leader)" in one
    assert "Several respondents" not in one


@pytest.fixture(scope="module")
def trend_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("trend")
    output = run(str(TREND), "--format", "html", "-o", str(folder))
    assert [p.name for p in folder.iterdir()] == ["mini-league.html"]
    assert "Mini League: 100.0, Democratic  (trend over 3 dates)" in output
    return (folder / "mini-league.html").read_text(encoding="utf-8")


def test_trend_report_is_the_latest_date_with_a_trend_table(trend_html: str) -> None:
    page = text(trend_html)
    assert "2024-06-01 · one respondent (member)" in page
    assert '<h2 id="trend">Trend</h2>' in trend_html
    table = trend_html[trend_html.index('<table class="trend-table">') :]
    table = text(table[: table.index("</table>")])
    assert "Score 2022-06-01 2023-06-01 2024-06-01 Change" in table
    assert "Overall 16.7 54.2 100.0 +83.3" in table
    assert "Leadership elections 0.0 50.0 100.0 +100.0" in table
    assert "Information flow 50.0 62.5 100.0 +50.0" in table
    assert "Overall band Autocratic Oligarchic tendencies Democratic" in table
    assert "Respondents 1 2 1" in table
    assert "went from 16.7 on 2022-06-01 to 100.0 on 2024-06-01 (+83.3)" in page
    chart = trend_html[trend_html.index("<svg", trend_html.index('id="trend"')) :]
    chart = chart[: chart.index("</svg>")]
    assert "<title>Trend of Mini League</title>" in chart and "<polyline" in chart
    no_identities(trend_html)


def test_trend_with_separate_gives_every_file(tmp_path: Path) -> None:
    run(str(TREND), "--separate", "--format", "html", "-o", str(tmp_path))
    assert len(list(tmp_path.iterdir())) == 4
    for report in tmp_path.iterdir():
        assert 'id="trend"' not in report.read_text(encoding="utf-8")


@pytest.mark.slow
def test_trend_json_and_pdf(tmp_path: Path) -> None:
    run(str(TREND), "--format", "json", "-o", str(tmp_path / "t.json"))
    trend = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["extra"]["trend"]
    assert [p["date"] for p in trend["points"]] == ["2022-06-01", "2023-06-01", "2024-06-01"]
    assert [round(p["overall"], 1) for p in trend["points"]] == [16.7, 54.2, 100.0]
    assert round(trend["change"], 1) == 83.3
    run(str(TREND), "-o", str(tmp_path / "t.pdf"))
    pdf = " ".join((page.extract_text() or "") for page in PdfReader(tmp_path / "t.pdf").pages)
    pdf = " ".join(pdf.split())
    assert "Trend" in pdf and "16.7 54.2 100.0 +83.3" in pdf


@pytest.mark.slow
def test_pooled_pdf_reads_back(tmp_path: Path) -> None:
    run(str(MINI), "-o", str(tmp_path / "m.pdf"))
    pdf = " ".join((page.extract_text() or "") for page in PdfReader(tmp_path / "m.pdf").pages)
    pdf = " ".join(pdf.split())
    assert "5 respondents (2 leaders, 3 members)" in pdf
    assert "83.3 11.1 +72.2" in pdf
    for rid in IDS:
        assert not re.search(rf"\b{rid}\b", pdf), rid


def test_number_buckets_read_as_words_in_threshold_order() -> None:
    from orgaudit.render.html import distribution, distribution_text
    from orgaudit.rubric import load_rubric

    from .conftest import DEFAULT_RUBRIC

    crit = load_rubric(DEFAULT_RUBRIC).criterion("months-since-contested")
    assert crit is not None  # thresholds: up to 24, 48, 120 months, then more
    info = {"answers": {"more": 2, "up to 120": 1, "up to 24": 1}, "dont_know": 1}
    shares = distribution(crit, info)
    assert distribution_text(shares) == (
        "1 × up to 24 months, 1 × up to 120 months, 2 × more than 120 months, 1 × Don't know"
    )
    assert [s.width for s in shares] == [20.0, 20.0, 40.0, 20.0]
    assert [s.css for s in shares] == ["none", "none", "none", "dk"]

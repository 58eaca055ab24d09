"""The summary says what the answers say: "don't know" never ranks a dimension as weakest, empty
dimensions look empty, and rule/practice call-outs are ones a member would agree with."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from orgaudit.answers import load_answers
from orgaudit.cli import main
from orgaudit.render.charts import Bar, bar_chart
from orgaudit.render.html import report_context, weakest_dimensions
from orgaudit.rubric import load_rubric
from orgaudit.scoring import PAPER, PRACTICE_AHEAD, CriterionResult, Scorecard, aggregate, score

from .conftest import DATA, DEFAULT_RUBRIC, ROOT

IMT = ROOT / "seeds" / "imt-arash-azizi.yaml"
MINI_RUBRIC = DATA / "respondents" / "mini-rubric.yaml"


def _imt_as_member(tmp_path: Path) -> tuple[Path, Scorecard]:
    """The IMT sample answered by a member: their "don't know" on finances counts as opacity."""
    path = tmp_path / "imt-member.yaml"
    path.write_text(
        IMT.read_text(encoding="utf-8").replace("role: observer", "role: member"), encoding="utf-8"
    )
    rubric = load_rubric(DEFAULT_RUBRIC)
    answers, _ = load_answers(path, rubric)
    return path, score(rubric, answers)


def test_weakest_dimensions_rank_answers_given_with_knowledge(tmp_path: Path) -> None:
    _, card = _imt_as_member(tmp_path)
    weakest = [d.id for d in weakest_dimensions(card)]
    opaque_only = [d.id for d in card.dimensions if d.known == 0 and d.opacity]
    assert opaque_only, "the sample should have dimensions known only through don't know"
    assert not set(weakest) & set(opaque_only)
    # The essay's point about the IMT, sectarianism, is the one dimension actually answered.
    sectarian = next(d for d in card.dimensions if d.coverage == 1.0)
    assert sectarian.id in weakest


def test_opacity_is_its_own_finding(tmp_path: Path, runner: CliRunner) -> None:
    path, card = _imt_as_member(tmp_path)
    rubric = load_rubric(DEFAULT_RUBRIC)
    context = report_context(rubric, card)
    dims = [c["dimension"] for c in context["cannot_know"]]
    assert "Finances and investments" in dims and "Information flow" in dims
    out = tmp_path / "r.html"
    runner.invoke(main, ["report", str(path), "--format", "html", "-o", str(out)])
    assert "Members cannot know" in out.read_text(encoding="utf-8")
    table = runner.invoke(main, ["score", str(path)]).stdout
    assert "Members cannot know" in table and "Finances and investments (4)" in table


def test_unanswered_dimension_is_drawn_empty() -> None:
    svg = bar_chart(
        [
            Bar("Known bad", 10.0, 10.0, 10.0, band_class=4),
            Bar("Nobody knows", 0.0, 0.0, 100.0, band_class=4, answered=False, value_text="?"),
        ],
        title="t",
        description="d",
    )
    rows = svg.split("Nobody knows")[1]
    assert "stroke-dasharray" in rows
    assert 'fill-opacity="0.25"' not in rows  # no certainty band that reads as a long bar
    assert svg.split("Nobody knows")[0].count('fill="#b3261e"') == 1  # the known bar is drawn


def _gap_note(slate: float, ballot: float, *, with_money: bool = True) -> str:
    """The elections dimension of the mini rubric with a practice and a rule score set by hand."""
    rubric = load_rubric(MINI_RUBRIC)
    results = [
        CriterionResult("slate", "elections", "scored", "practice", 2.0, "x", slate),
        CriterionResult("ballot-rule", "elections", "scored", "rule", 1.0, "yes", ballot),
        CriterionResult("members-count", "information", "scored", "practice", 1.0, "x", 1.0),
        CriterionResult("contact-rule", "information", "scored", "rule", 1.0, "yes", 1.0),
    ]
    dims, _ = aggregate(rubric, results)
    return dims[0].gap_note


def test_paper_rules_call_out_needs_practice_below_the_top_bands() -> None:
    assert _gap_note(0.73, 1.0) == ""  # rules 100, practice 73: a good organization
    assert _gap_note(0.5, 1.0) == PAPER
    assert _gap_note(1.0, 0.0) == PRACTICE_AHEAD


def test_no_call_out_on_thin_coverage() -> None:
    rubric = load_rubric(MINI_RUBRIC)
    results = [
        CriterionResult("slate", "elections", "dont_know", "practice", 2.0),
        CriterionResult("ballot-rule", "elections", "scored", "rule", 1.0, "yes", 1.0),
        CriterionResult("members-count", "information", "scored", "practice", 1.0, "x", 0.0),
        CriterionResult("contact-rule", "information", "scored", "rule", 1.0, "yes", 1.0),
    ]
    dims, _ = aggregate(rubric, results)
    assert dims[0].gap_note == ""  # only a rule answered: nothing to compare
    assert dims[1].gap_note == PAPER


def test_one_red_flag_count_everywhere(runner: CliRunner, tmp_path: Path) -> None:
    """The count is the number of kinds raised, in every output; answers are said beside it."""
    from orgaudit.compare import compare
    from orgaudit.demo import DemoReport, summary_line
    from orgaudit.render.markdown import render_markdown

    iso = ROOT / "seeds" / "iso-pham-binh.yaml"
    fictional = ROOT / "seeds" / "fictional-cooperative-league.yaml"
    rubric = load_rubric(DEFAULT_RUBRIC)
    card = score(rubric, load_answers(iso, rubric)[0])
    kinds = len(card.red_flag_kinds)
    answers = len(card.red_flags)
    assert answers > kinds > 1  # the ISO sample raises some flags more than once
    other = score(rubric, load_answers(fictional, rubric)[0])
    entry = next(e for e in compare([card, other]).entries if e.organization == card.organization)
    assert len(entry.red_flags) == kinds
    assert f"{kinds} red flags (raised by {answers} answers)" in summary_line(
        DemoReport(source=iso, rubric=rubric, card=card, pdf=tmp_path / "x.pdf")
    )
    assert f"**{kinds} red flags (raised by {answers} answers)**" in render_markdown(rubric, card)
    html = report_context(rubric, card)
    assert len(html["red_flags"]) == kinds
    table = runner.invoke(main, ["score", str(iso)]).stdout
    overall = next(line for line in table.splitlines() if line.startswith("Overall"))
    assert overall.split()[-1] == str(kinds)
    csv_out = runner.invoke(main, ["score", "--format", "csv", str(iso)]).stdout
    assert len(csv_out.splitlines()[1].split(",")[12].split()) == kinds


def test_recommendation_matches_the_answer(tmp_path: Path) -> None:
    """A union with competing caucus slates is not told to stop voting for a closed bloc."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    crit = rubric.criterion("committee-election")
    assert crit is not None
    assert "bloc chosen by the outgoing committee" in crit.recommendation_for("closed-slate")
    advice = crit.recommendation_for("competing-slates")
    assert "bloc" not in advice and "across slates" in advice
    path = tmp_path / "union.yaml"
    path.write_text(
        "organization: A union\nrubric: {id: org-democracy, version: 1.0.0}\n"
        "respondent: {role: member}\ndate: '2026-01-01'\n"
        "answers:\n  committee-election: competing-slates\n",
        encoding="utf-8",
    )
    card = score(rubric, load_answers(path, rubric)[0])
    context = report_context(rubric, card)
    texts = [r["recommendation"] for r in context["recommendations"]]
    assert any("across slates" in t for t in texts)
    assert not any("bloc chosen by the outgoing committee" in t for t in texts)


def test_quote_is_presented_as_why_the_question_is_asked(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    fictional = ROOT / "seeds" / "fictional-cooperative-league.yaml"
    runner.invoke(main, ["report", str(fictional), "--format", "html", "-o", str(out)])
    html = out.read_text(encoding="utf-8")
    assert '<span class="lbl why">Why we ask</span>' in html
    assert "not a finding about" in html

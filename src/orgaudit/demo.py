"""`orgaudit demo`: the main job on the bundled rubric and the sample audits in seeds/.

Three steps, each its own function so that the comparison can be added without touching the
others: check the rubric, render one PDF per sample audit (`render_sample_reports`), then compare
them in one PDF (`render_comparison`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import present
from .i18n import _, integer, ngettext, percent
from .model import Rubric
from .rubric import check_rubric, default_rubric_path, project_root
from .scoring import Scorecard


def sample_audits() -> list[Path]:
    """The bundled sample audits, in name order: answers files (seeds/*.yaml), and folders of
    several respondents of one organization (seeds/*/), each pooled into one audit."""
    seeds = project_root() / "seeds"
    return sorted(
        [
            *seeds.glob("*.yaml"),
            *(p for p in seeds.iterdir() if p.is_dir() and any(p.glob("*.yaml"))),
        ]
    )


@dataclass(frozen=True)
class DemoReport:
    """One sample audit rendered: its answers file, scorecard and PDF."""

    source: Path
    rubric: Rubric
    card: Scorecard
    pdf: Path


def render_sample_reports(out_dir: Path, sources: Sequence[Path] | None = None) -> list[DemoReport]:
    """Score each sample audit and write its PDF report into `out_dir`."""
    from .aggregate import aggregate_scorecards
    from .batch import Batch
    from .render import plan_outputs, write_report

    files = list(sources) if sources is not None else sample_audits()
    runner = Batch(shown=True)  # the reports in the reader's language
    loaded = []
    for path in files:
        if path.is_dir():
            cards = [runner.load(p)[1] for p in sorted(path.glob("*.yaml"))]
            rubric = runner.rubric_for(cards[0])
            loaded.append((rubric, aggregate_scorecards(rubric, cards)))
        else:
            loaded.append(runner.load(path))
    targets = plan_outputs([card for _, card in loaded], files, out_dir, "pdf")
    reports = []
    for path, (rubric, card), target in zip(files, loaded, targets, strict=True):
        write_report(rubric, card, target, "pdf")
        reports.append(DemoReport(path, rubric, card, target))
    return reports


def render_comparison(reports: Sequence[DemoReport], out_dir: Path) -> list[str]:
    """Compare the sample audits side by side in one PDF; returns lines to print."""
    if len(reports) < 2:
        return []
    from .compare import compare
    from .render.compare_view import render_comparison_html
    from .render.pdf import html_to_pdf

    comparison = compare([r.card for r in reports])
    rubrics = list({r.rubric.id: r.rubric for r in reports}.values())
    target = out_dir / "comparison.pdf"
    html_to_pdf(render_comparison_html(comparison, rubrics), target)
    return [
        _("Wrote the comparison of {count} organizations:").format(count=integer(len(reports))),
        f"  {target}",
    ]


def summary_line(report: DemoReport) -> str:
    o = report.card.overall
    return f"  {report.pdf}\n      " + _(
        "{organization}: {score} {band}, coverage {coverage}, {red_flags}"
    ).format(
        organization=report.card.organization,
        score=present.overall_score(o),
        band=present.overall_band(o, _("no score")),
        coverage=percent(o.coverage),
        red_flags=present.red_flags_text(report.card),
    )


def run_demo(out_dir: Path) -> Iterator[str]:
    """Validate the bundled rubric, render the sample audits, and say where they are."""
    rubric, findings = check_rubric(default_rubric_path())
    if rubric is None:
        yield from (str(f) for f in findings)
        return
    yield _(
        "Rubric {rubric} {version}: valid, {dimensions} dimensions, {criteria} criteria"
    ).format(
        rubric=rubric.id,
        version=rubric.version,
        dimensions=integer(len(rubric.dimensions)),
        criteria=integer(len(rubric.criteria)),
    )
    reports = render_sample_reports(out_dir)
    yield ngettext(
        "Wrote {count} audit report:", "Wrote {count} audit reports:", len(reports)
    ).format(count=integer(len(reports)))
    for report in reports:
        yield summary_line(report)
    yield from render_comparison(reports, out_dir)

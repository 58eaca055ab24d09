"""`orgaudit report`: parse options, pool respondents, call `orgaudit.render.write_report`, print."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import _, integer, neutral, ngettext
from ..safetext import safe_line
from .common import (
    batch_jobs,
    fail,
    format_from_name,
    jobs_option,
    lang_option,
    min_group_option,
    rubric_option,
    user_errors,
)

if TYPE_CHECKING:
    from ..scoring import Scorecard

REPORT_FORMATS = ("pdf", "html", "json", "md")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rubric_option()
@click.option(
    "-o",
    "--output",
    "output_name",
    type=click.Path(),
    default=None,
    help="Output file (when there is one report) or folder (several reports, or an existing "
    "folder). Default: reports/<organization>.<format>.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="pdf (default), html, json or md; guessed from -o's extension if not given.",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Leave out the evidence text, links and free-text answers, keeping only their counts "
    "(a free-text answer is said to have been given).",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/ua-1", "pdf/a-3b"]),
    default="pdf/ua-1",
    show_default=True,
    help="Tagged, accessible PDF/UA-1, or PDF/A-3b (also tagged) for archiving.",
)
@click.option(
    "--allow-rubric-change",
    is_flag=True,
    help="Report on answers written for another version of the rubric, with a warning.",
)
@click.option(
    "--separate",
    is_flag=True,
    help="One report per answers file, without pooling respondents or adding trends.",
)
@min_group_option()
@jobs_option()
@lang_option()
@user_errors
def report(
    paths: tuple[Path, ...],
    rubric_path: Path | None,
    output_name: str | None,
    fmt: str | None,
    redact: bool,
    pdf_variant: str,
    allow_rubric_change: bool,
    separate: bool,
    min_group: int = 5,
    jobs: int | None = None,
) -> None:
    """Render audit reports: PDF (default), HTML, JSON or Markdown.

    One report per organization. Answers files of one organization, rubric and date are
    several respondents of one audit: they are pooled into one report (answers per criterion,
    leaders against members, "don't know" by role). Files of one organization at several dates
    give one report, for the latest date, with a Trend section over all of them; earlier dates
    get no report of their own. --separate renders one report per file instead, as given.

    Respondents appear by role and count, never by id or file name; --redact leaves out the
    evidence too. Nothing is fetched from the network or the disk beyond the package's own
    stylesheet, whatever the answers contain.

    Example: orgaudit report answers/ -o reports/
    """
    from .. import batch
    from ..errors import PassedOnError
    from ..fileout import ensure_folder, refuse_inputs, resolve_target
    from ..render import plan_outputs, write_report

    output = Path(output_name) if output_name is not None else None
    fmt = format_from_name(fmt, output_name, REPORT_FORMATS, "pdf")
    if output_name is not None and output_name.endswith(("/", os.sep)):
        ensure_folder(output_name)  # `-o reports/` is a folder, never a file named reports
    files = batch.answers_files(paths)
    runner = batch.Batch(
        rubric_path,
        allow_rubric_change=allow_rubric_change,
        jobs=batch_jobs(jobs),
        shown=fmt != "json",  # reports in the reader's language; JSON as the rubric is written
    )
    cards = []
    for outcome in runner.iter_outcomes(files):
        if isinstance(outcome, str):
            raise PassedOnError(outcome)
        cards.append(outcome)
    sources = [*files]
    if not separate:
        from ..aggregate import group_scorecards
        from ..compare import with_trends

        cards = with_trends(group_scorecards(cards, runner.rubric_for, min_group=min_group))
        sources = [Path(card.source or "answers") for card in cards]
    for warning in [*runner.workspace.notes, *runner.warnings]:
        click.echo(safe_line(_("warning: {warning}").format(warning=warning)), err=True)
    targets = plan_outputs(cards, sources, output, fmt)
    if output is not None and len(targets) > 1 and output.exists() and not output.is_dir():
        fail(
            _("{output}: is a file, but {count} reports need a folder; name a folder").format(
                output=output, count=integer(len(targets))
            )
        )
    for target in targets:  # before any rendering: no input destroyed, no half-done batch
        refuse_inputs(target, [*files, *([rubric_path] if rubric_path else [])])
        resolve_target(target)
    for folder in {target.parent for target in targets}:
        ensure_folder(folder)
    for card, target in zip(cards, targets, strict=True):
        rubric = runner.rubric_for(card)
        if fmt == "json":  # a data interface: the same bytes in every language
            with neutral():
                written = write_report(rubric, card, target, fmt, redact=redact)
        else:
            written = write_report(rubric, card, target, fmt, redact=redact, variant=pdf_variant)
        click.echo(
            safe_line(
                f"{written.path}  {written.organization}: {written.score}, {written.band}"
                + _pooled_note(card)
            )
        )


def _pooled_note(card: Scorecard) -> str:
    """ "  (5 respondents; trend over 3 dates)" for the one-line summary, else ""."""
    notes = []
    if card.respondents > 1:
        notes.append(
            ngettext("{count} respondent", "{count} respondents", card.respondents).format(
                count=integer(card.respondents)
            )
        )
    points = card.trend.points if card.trend else ()
    if points:
        notes.append(
            ngettext("trend over {count} date", "trend over {count} dates", len(points)).format(
                count=integer(len(points))
            )
        )
    return f"  ({'; '.join(notes)})" if notes else ""

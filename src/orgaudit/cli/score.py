"""`orgaudit score`: scorecards as a table, JSON or CSV, one file, many, or pooled."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import click

from ..i18n import _, integer, neutral
from ..safetext import safe_line
from .common import (
    batch_jobs,
    jobs_option,
    lang_option,
    min_group_option,
    rubric_option,
    user_errors,
)

if TYPE_CHECKING:
    from ..scoring import Scorecard

T = TypeVar("T")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rubric_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--fail-under",
    type=float,
    default=None,
    metavar="N",
    help="Exit 1 when an overall score falls below N.",
)
@click.option(
    "--allow-rubric-change",
    is_flag=True,
    help="Score answers written for another version of the rubric, with a warning.",
)
@click.option("--what-if", is_flag=True, help="Rank the criteria by what fixing each would gain.")
@click.option(
    "--separate",
    is_flag=True,
    help="Score every file on its own, even several respondents of one organization.",
)
@click.option(
    "--require-complete",
    is_flag=True,
    help="Exit 1, listing them, when applicable questions are unanswered or answered don't know.",
)
@min_group_option()
@jobs_option()
@click.option(
    "--schema",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _param, value: _print_schema(ctx) if value else None,
    help="Print the JSON Schema of --format json's scorecards and exit.",
)
@lang_option()
@user_errors
def score(
    paths: tuple[Path, ...],
    rubric_path: Path | None,
    fmt: str,
    fail_under: float | None,
    allow_rubric_change: bool,
    what_if: bool,
    separate: bool,
    require_complete: bool = False,
    min_group: int = 5,
    jobs: int | None = None,
) -> None:
    """Score answers files (or folders of them): a table, JSON or CSV.

    One file gives the scorecard by dimension; several give one row each, streamed, so
    thousands of files never sit in memory together.

    Example: orgaudit score audits/ --format csv > scores.csv
    """
    from .. import batch, textout

    files = batch.answers_files(paths)
    runner = batch.Batch(
        rubric_path,
        allow_rubric_change=allow_rubric_change,
        jobs=batch_jobs(jobs),
        shown=fmt == "table",  # tables in the reader's language; JSON and CSV as written
    )
    pooled = not separate and len(files) > 1
    show = sys.stderr.isatty() and len(files) > 1 and not pooled
    below = False
    incomplete: list[str] = []
    if pooled:  # a generator: nothing is read until it is iterated
        from ..aggregate import iter_pooled

        # a row of CSV shows the scores, ranges, what was withheld and overall trust only
        pooled_cards = iter_pooled(
            files, runner, keep_going=True, min_group=min_group, detail=fmt != "csv"
        )
    if fmt in ("csv", "json"):  # data interfaces: the same bytes in every language
        render = _as_csv if fmt == "csv" else _as_json
        lines: Iterable[Printed]
        if pooled:
            lines = map(render, pooled_cards)
        else:  # each card becomes its line where it was scored
            lines = _progress(runner.iter_scores(files, then=render), len(files), show)
        if require_complete:
            lines = _note_incomplete(lines, incomplete)
        if fmt == "json":
            click.echo("[")
        first = True
        for line in lines:
            if first and fmt == "csv":
                with neutral():
                    header = textout.csv_header(runner.rubric_named(line.rubric_id))
                click.echo(textout.csv_line(header), nl=False)
            elif fmt == "json":
                click.echo("  " if first else ",\n  ", nl=False)
            click.echo(line.text, nl=False)
            first = False
            below |= _below(line, fail_under)
        if fmt == "json":
            click.echo("\n]")
    else:
        cards: Iterable[Any]
        cards = pooled_cards if pooled else _progress(runner.iter_scores(files), len(files), show)
        if len(files) == 1 or (pooled and not what_if):
            cards = list(cards)
        if require_complete:
            noted = _note_incomplete(cards, incomplete, facts=Printed.of)
            cards = list(noted) if isinstance(cards, list) else noted
        if what_if or (isinstance(cards, list) and len(cards) == 1):
            for card in cards:
                below |= _below(Printed.of(card), fail_under)
                if what_if:
                    gains = runner.what_if(card)
                    click.echo(textout.gains_table(card, gains, runner.rubric_for(card)))
                else:
                    click.echo(textout.scorecard_table(card, width=_terminal_width()))
                    click.echo(textout.pooled_notes(card), nl=False)
        else:
            rows = []
            for card in cards:
                rows.append(textout.summary_row(card))
                below |= _below(Printed.of(card), fail_under)
            if rows:
                click.echo(textout.rows_table(rows))
    for warning in [*runner.workspace.notes, *runner.warnings]:
        click.echo(safe_line(_("warning: {warning}").format(warning=warning)), err=True)
    for error in runner.errors:
        for line in error.splitlines():  # every problem of a file, one a line
            click.echo(safe_line(f"orgaudit: {line}"), err=True)
    for line in incomplete:
        click.echo(safe_line(line), err=True)
    if runner.failures:
        sys.exit(2)
    sys.exit(1 if below or incomplete else 0)


def _print_schema(ctx: click.Context) -> None:
    from importlib.resources import files

    click.echo(
        files("orgaudit").joinpath("schemas/scorecard.schema.json").read_text("utf-8"), nl=False
    )
    ctx.exit(0)


class Printed(NamedTuple):
    """One scorecard as a line of CSV or an item of JSON, with what `score` checks of it
    (--fail-under, --require-complete). Made where the card was scored, in a worker with several
    jobs: only this comes back, not the scorecard."""

    text: str
    score: float | None
    missing: tuple[str, ...]
    name: str  # the file, or the organization pooled
    rubric_id: str

    @classmethod
    def of(cls, card: Scorecard, text: str = "") -> Printed:
        what = card.source or card.organization
        return cls(text, card.overall.score, card.overall.missing, what, card.rubric_id)


def _as_csv(card: Scorecard) -> Printed:
    from ..textout import csv_line, csv_row

    with neutral():
        return Printed.of(card, csv_line(csv_row(card)))


def _as_json(card: Scorecard) -> Printed:
    from ..textout import to_json

    with neutral():
        return Printed.of(card, to_json(card.to_dict()).replace("\n", "\n  "))


def _note_incomplete(
    items: Iterable[T], notes: list[str], facts: Callable[[T], Printed] | None = None
) -> Iterator[T]:
    """Pass the items through, noting each one with unanswered applicable questions."""
    for item in items:
        line = facts(item) if facts else cast(Printed, item)
        if line.missing:
            notes.append(
                _("{file}: incomplete: {count} unanswered or don't know: {ids}").format(
                    file=line.name, count=integer(len(line.missing)), ids=", ".join(line.missing)
                )
            )
        yield item


def _progress(items: Iterator[Any], total: int, show: bool) -> Iterator[Any]:
    if not show:
        yield from items
        return
    with click.progressbar(items, length=total, label=_("Scoring"), file=sys.stderr) as bar:
        yield from bar


def _below(line: Printed, fail_under: float | None) -> bool:
    score = line.score
    return fail_under is not None and score is not None and score < fail_under


def _terminal_width() -> int | None:
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None

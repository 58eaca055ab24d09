"""The command line: parse, call the library, print, map our errors to exit codes. Nothing more.

Exit codes: 0 success; 1 the audit or validation found problems; 2 bad usage or unreadable input;
130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from .cli_common import (
    ROLE_CHOICE,
    fail,
    jobs_option,
    min_group_option,
    resolve_jobs,
    rubric_option,
    set_exit_if_cut,
    user_errors,
)
from .cli_compare import compare
from .cli_form import form
from .cli_report import report
from .cli_survey import export, import_
from .safetext import safe_line


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="orgaudit")
def main() -> None:
    """Audit how democratic an organization is inside.

    A rubric holds the criteria; answers describe one organization; orgaudit scores them,
    renders reports and compares organizations.

    \b
    Start with:
      orgaudit demo                      the bundled audits, rendered into reports/
      orgaudit audit -o my-org.yaml      answer the questionnaire (resumable)
      orgaudit score my-org.yaml         the scorecard in the terminal
      orgaudit report my-org.yaml        a PDF audit report
    """


# --- rubric ---------------------------------------------------------------------------------


@main.group()
def rubric() -> None:
    """Check, outline and document rubrics."""


@rubric.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@user_errors
def rubric_validate(path: Path | None) -> None:
    """Check a rubric against the schema and the lint; every problem as file:line.

    Exit 0 when clean, 1 with findings, 2 when the file cannot be read.

    Example: orgaudit rubric validate rubrics/org-democracy.yaml
    """
    from .rubric import check_rubric, default_rubric_path

    rubric_obj, findings = check_rubric(path)
    set_exit_if_cut(1 if findings else 0)
    for finding in findings:
        click.echo(safe_line(str(finding)))
    if findings:
        click.echo(f"{len(findings)} problem{'s' if len(findings) != 1 else ''} found", err=True)
        sys.exit(1)
    assert rubric_obj is not None
    shown = path or default_rubric_path()
    click.echo(
        f"{shown}: ok — {rubric_obj.id} {rubric_obj.version}, {len(rubric_obj.dimensions)} dimensions, "
        f"{len(rubric_obj.criteria)} criteria"
    )


@rubric.command("show")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@user_errors
def rubric_show(path: Path | None) -> None:
    """Print an outline: dimensions, criteria, weights, types and conditions.

    Example: orgaudit rubric show
    """
    from .outline import rubric_outline
    from .rubric import load_rubric

    click.echo(rubric_outline(load_rubric(path)))


@rubric.command("schema")
def rubric_schema_cmd() -> None:
    """Print the rubric JSON Schema (Draft 2020-12).

    Example: orgaudit rubric schema > rubric.schema.json
    """
    from .rubric import rubric_schema
    from .textout import to_json

    click.echo(to_json(rubric_schema()))


# --- template -------------------------------------------------------------------------------


@main.command()
@rubric_option()
@click.option("--org", "organization", default="", help="Organization name to fill in.")
@click.option("--role", type=ROLE_CHOICE, default="member")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (refuses to overwrite) instead of standard output.",
)
@user_errors
def template(rubric_path: Path | None, organization: str, role: str, output: Path | None) -> None:
    """Write a blank answers file, with each question, its options and help as comments.

    Example: orgaudit template -o my-org.yaml
    """
    from .answers import template_text
    from .rubric import load_rubric
    from .yamlio import atomic_write_text

    text = template_text(load_rubric(rubric_path), organization, role)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists():
        fail(f"{output}: already exists; choose another name or delete it first")
    atomic_write_text(output, text)
    click.echo(f"Wrote {output}. Fill it in, then: orgaudit score {output}", err=True)


# --- score ----------------------------------------------------------------------------------


@main.command()
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
    from . import batch, textout

    files = batch.expand_paths(paths)
    if not files:
        fail("no answers files (*.yaml, *.yml) found in " + " ".join(map(str, paths)))
    runner = batch.Batch(
        rubric_path, allow_rubric_change=allow_rubric_change, jobs=resolve_jobs(jobs)
    )
    cards: Iterable[Any]
    if separate or len(files) == 1:
        show = sys.stderr.isatty() and len(files) > 1
        cards = _progress(runner.iter_scores(files), len(files), show)
        if len(files) == 1:
            cards = list(cards)
    else:
        from .aggregate import iter_pooled

        cards = iter_pooled(files, runner, keep_going=True, min_group=min_group)
        if fmt == "table" and not what_if:
            cards = list(cards)
    below = False
    incomplete: list[str] = []
    if require_complete:
        noted = _note_incomplete(cards, incomplete)
        cards = list(noted) if isinstance(cards, list) else noted
    if fmt == "table":
        if what_if or (isinstance(cards, list) and len(cards) == 1):
            for card in cards:
                below |= _below(card, fail_under)
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
                below |= _below(card, fail_under)
            if rows:
                click.echo(textout.rows_table(rows))
    elif fmt == "csv":
        header_done = False
        for card in cards:
            if not header_done:
                click.echo(textout.csv_line(textout.csv_header(runner.rubric_for(card))), nl=False)
                header_done = True
            click.echo(textout.csv_line(textout.csv_row(card)), nl=False)
            below |= _below(card, fail_under)
    else:
        click.echo("[")
        first = True
        for card in cards:
            body = textout.to_json(card.to_dict()).replace("\n", "\n  ")
            click.echo(("  " if first else ",\n  ") + body, nl=False)
            first = False
            below |= _below(card, fail_under)
        click.echo("\n]")
    for warning in runner.warnings:
        click.echo(safe_line(f"warning: {warning}"), err=True)
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


def _note_incomplete(cards: Iterable[Any], notes: list[str]) -> Iterator[Any]:
    """Pass the scorecards through, noting each one with unanswered applicable questions."""
    for card in cards:
        if card.overall.missing:
            what = card.source or card.organization
            notes.append(
                f"{what}: incomplete: {len(card.overall.missing)} unanswered or don't know: "
                + ", ".join(card.overall.missing)
            )
        yield card


def _progress(items: Iterator[Any], total: int, show: bool) -> Iterator[Any]:
    if not show:
        yield from items
        return
    with click.progressbar(items, length=total, label="Scoring", file=sys.stderr) as bar:
        yield from bar


def _below(card: Any, fail_under: float | None) -> bool:
    score = card.overall.score
    return fail_under is not None and score is not None and score < fail_under


def _terminal_width() -> int | None:
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


# --- audit --------------------------------------------------------------------------------


@click.command()
@rubric_option("Rubric file (default: the bundled org-democracy rubric).")
@click.option("--org", "organization", default=None, help="The organization's name.")
@click.option(
    "--role",
    type=ROLE_CHOICE,
    default=None,
    help="Your place in it: member, leader or observer (asked when not given).",
)
@click.option(
    "--date",
    default=None,
    metavar="YYYY-MM-DD",
    help="The date the answers describe (asked when not given; Enter there means today).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Answers file to write, or to continue (default: the organization's name + .yaml).",
)
@user_errors
def audit(
    rubric_path: Path | None,
    organization: str | None,
    role: str | None,
    date: str | None,
    output: Path | None,
) -> None:
    """Answer the questionnaire one question at a time; every answer is saved at once.

    Run it again on the same file to continue where you stopped. Piped input works too:
    one answer per line.

    Example: orgaudit audit --org "Acme Union" -o acme.yaml
    """
    from .audit_console import run_audit

    run_audit(rubric_path, organization, role, output, date)


# --- demo -----------------------------------------------------------------------------------


@main.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder for the reports.",
)
@user_errors
def demo(out_dir: Path) -> None:
    """Render the sample audits (ISO, IMT, a league, a union of 12 respondents) as PDFs.

    Checks the bundled rubric first, then writes one audit report per sample in seeds/ and
    comparison.pdf into the output folder, and says where they are.

    Example: orgaudit demo -o reports
    """
    from .demo import run_demo

    for line in run_demo(out_dir):
        click.echo(line)


main.add_command(audit)
main.add_command(report)
main.add_command(compare)
main.add_command(form)
main.add_command(export)
main.add_command(import_)


if __name__ == "__main__":  # pragma: no cover
    main()

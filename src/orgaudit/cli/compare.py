"""`orgaudit compare`: parse, call the library, write. The work is in aggregate.py and compare.py."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _, neutral
from ..safetext import safe_line
from .common import (
    batch_jobs,
    format_from_name,
    jobs_option,
    lang_option,
    min_group_option,
    user_errors,
)

FORMATS = ("table", "pdf", "html", "json", "csv")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (pdf/html default: comparison.pdf / comparison.html).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="table (default), pdf, html, json or csv; guessed from -o's extension if not given.",
)
@click.option(
    "--shared-only",
    is_flag=True,
    help="Compare audits of different rubrics on the dimensions and criteria they share.",
)
@click.option(
    "--rubric",
    "-r",
    "rubric_path",
    type=click.Path(dir_okay=False, path_type=Path),
    multiple=True,
    help="Rubric file for the answers naming its id (repeatable; default: the bundled rubric "
    "each answers file names).",
)
@click.option(
    "--allow-rubric-change",
    is_flag=True,
    help="Accept answers written for another version of the rubric, with a warning.",
)
@min_group_option()
@jobs_option()
@lang_option()
@user_errors
def compare(
    paths: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    shared_only: bool,
    rubric_path: tuple[Path, ...],
    allow_rubric_change: bool,
    min_group: int = 5,
    jobs: int | None = None,
) -> None:
    """Compare 2 to 50 organizations side by side, or one organization over time.

    Files of one organization and date from several respondents are pooled first (respondents
    appear by role and count only); one organization at several dates becomes a trend.

    Example: orgaudit compare audits/ -o comparison.pdf

    \b
    More:
      orgaudit compare audits/                       a table in the terminal
      orgaudit compare audits/ -o comparison.pdf     a landscape PDF report
      orgaudit compare a.yaml b.yaml --format csv    one row per organization
    """
    from ..aggregate import aggregate_files
    from ..compare import compare as build
    from ..compare import comparison_table, csv_rows
    from ..textout import csv_line, to_json

    fmt = format_from_name(fmt, output, FORMATS, "table")
    cards, warnings = aggregate_files(
        paths,
        rubric_path=rubric_path,
        allow_rubric_change=allow_rubric_change,
        min_group=min_group,
        jobs=batch_jobs(jobs),
        shown=fmt not in ("json", "csv"),  # data keeps the rubric's own words
    )
    for warning in warnings:
        click.echo(safe_line(_("warning: {warning}").format(warning=warning)), err=True)
    if fmt in ("json", "csv"):  # data interfaces: the same bytes in every language
        with neutral():
            comp = build(cards, shared_only=shared_only)
            text = (
                to_json(comp.to_dict()) + "\n"
                if fmt == "json"
                else "".join(csv_line(row) for row in csv_rows(comp))
            )
    else:
        comp = build(cards, shared_only=shared_only)
    target = output or (Path(f"comparison.{fmt}") if fmt in ("pdf", "html") else None)
    if target is not None:  # before any rendering
        from ..batch import expand_paths
        from ..fileout import refuse_inputs, resolve_target

        refuse_inputs(target, [*expand_paths(paths), *rubric_path])
        resolve_target(target)
    if fmt in ("pdf", "html"):
        from ..render.compare_view import render_comparison_html
        from ..workspace import Workspace

        workspace = Workspace(rubric_path)
        rubrics = [workspace.shown(workspace.rubric(rid)) for rid, _, _ in comp.rubrics]
        html = render_comparison_html(comp, rubrics)
        assert target is not None
        if fmt == "pdf":
            from ..render.pdf import html_to_pdf

            html_to_pdf(html, target)
        else:
            from ..fileout import write_text

            write_text(target, html)
        click.echo(_("Wrote {file}").format(file=target), err=True)
        return
    if fmt == "table":
        text = comparison_table(comp) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        from ..fileout import write_text

        write_text(output, text)
        click.echo(_("Wrote {file}").format(file=output), err=True)

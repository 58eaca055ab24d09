"""`orgaudit report`: parse options, call `orgaudit.render.write_report` per file, print paths."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import fail, rubric_option, user_errors


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rubric_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file (one input) or folder (several inputs, or an existing folder). "
    "Default: reports/<organization>.<format>.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "json", "md"]),
    default="pdf",
    show_default=True,
)
@click.option(
    "--redact",
    is_flag=True,
    help="Leave out the evidence text and links, keeping only their counts.",
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
@user_errors
def report(
    paths: tuple[Path, ...],
    rubric_path: Path | None,
    output: Path | None,
    fmt: str,
    redact: bool,
    pdf_variant: str,
    allow_rubric_change: bool,
) -> None:
    """Render an audit report for each answers file: PDF (default), HTML, JSON or Markdown.

    One report per file, named from the organization. Respondent ids never appear in reports;
    --redact leaves out the evidence too. Nothing is fetched from the network or the disk
    beyond the package's own stylesheet, whatever the answers contain.

    Example: orgaudit report my-org.yaml -o my-org.pdf
    """
    from . import batch
    from .render import plan_outputs, write_report

    files = batch.expand_paths(paths)
    if not files:
        fail("no answers files (*.yaml, *.yml) found in " + " ".join(map(str, paths)))
    runner = batch.Batch(rubric_path, allow_rubric_change=allow_rubric_change)
    loaded = [runner.load(f) for f in files]
    for warning in runner.warnings:
        click.echo(f"warning: {warning}", err=True)
    targets = plan_outputs([card for _, card in loaded], [*files], output, fmt)
    for (rubric, card), target in zip(loaded, targets, strict=True):
        written = write_report(rubric, card, target, fmt, redact=redact, variant=pdf_variant)
        click.echo(f"{written.path}  {written.organization}: {written.score}, {written.band}")

"""`orgaudit demo`: the bundled sample audits rendered as PDFs."""

from __future__ import annotations

from pathlib import Path

import click

from .common import lang_option, user_errors


@click.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder for the reports.",
)
@lang_option()
@user_errors
def demo(out_dir: Path) -> None:
    """Render the sample audits (ISO, IMT, a league, a union of 12 respondents) as PDFs.

    Checks the bundled rubric first, then writes one audit report per sample in seeds/ and
    comparison.pdf into the output folder, and says where they are.

    Example: orgaudit demo -o reports
    """
    from ..demo import run_demo

    for line in run_demo(out_dir):
        click.echo(line)

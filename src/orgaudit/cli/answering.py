"""`orgaudit template` and `orgaudit audit`: a blank answers file, or the questionnaire."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from .common import ROLE_CHOICE, fail, lang_option, rubric_option, user_errors


@click.command()
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
@lang_option()
@user_errors
def template(rubric_path: Path | None, organization: str, role: str, output: Path | None) -> None:
    """Write a blank answers file, with each question, its options and help as comments.

    Example: orgaudit template -o my-org.yaml
    """
    from ..answers import template_text
    from ..rubric import load_rubric
    from ..yamlio import atomic_write_text

    text = template_text(load_rubric(rubric_path), organization, role)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists():
        fail(
            _("{output}: already exists; choose another name or delete it first").format(
                output=output
            )
        )
    atomic_write_text(output, text)
    click.echo(
        _("Wrote {output}. Fill it in, then: orgaudit score {output}").format(output=output),
        err=True,
    )


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
@lang_option()
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
    from ..audit_console import run_audit

    run_audit(rubric_path, organization, role, output, date)

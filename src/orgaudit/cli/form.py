"""`orgaudit form`: the questionnaire as one HTML file for members to answer offline (`form`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _, integer, ngettext
from .common import ROLE_CHOICE, fail, lang_option, rubric_option, user_errors


@click.command("form")
@rubric_option("Rubric file (default: the bundled org-democracy rubric).")
@click.option(
    "--org",
    "organization",
    default="",
    help="Make the form for one organization (otherwise the page asks for its name).",
)
@click.option(
    "--role",
    type=ROLE_CHOICE,
    default=None,
    help="Preset the respondents' role (they can still change it).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The page to write (default: <rubric id>-form.html).",
)
@lang_option()
@user_errors
def form(
    rubric_path: Path | None, organization: str, role: str | None, output: Path | None
) -> None:
    """Write the questionnaire as one HTML page that members answer in any browser, offline.

    The page makes no connection (its Content-Security-Policy forbids every request), keeps
    answers in the browser until the member clears them, and saves an answers file that
    `orgaudit score` and `orgaudit report` read. Send the page to members; collect the files
    into a folder; then run `orgaudit report answers/`.

    Example: orgaudit form --org "Riverside Tenants Union" -o riverside-form.html
    """
    from ..answers import organization_problem
    from ..form import pick_language, render_form, rubric_languages
    from ..i18n import use_rubric_language
    from ..rubric import load_rubric
    from ..yamlio import atomic_write_text

    if organization:
        problem = organization_problem(organization)
        if problem:
            fail(f"--org: {problem}")
    rubric = load_rubric(rubric_path)
    target = output or Path(f"{rubric.id}-form.html")
    notes: list[str] = []
    versions = rubric_languages(rubric, notes)
    for note in notes:
        click.echo(f"orgaudit: {note}", err=True)
    # the page opens in --lang's language, else the environment's, else the rubric's own
    opens = pick_language(versions, use_rubric_language(rubric.language))
    html = render_form(rubric, organization, role or "", language=opens.code, versions=versions)
    atomic_write_text(target, html)
    click.echo(
        f"{target}  "
        + ngettext(
            "questionnaire of {rubric} {version}: {count} question, {size} kB",
            "questionnaire of {rubric} {version}: {count} questions, {size} kB",
            len(rubric.criteria),
        ).format(
            rubric=rubric.id,
            version=rubric.version,
            count=integer(len(rubric.criteria)),
            size=integer(len(html.encode("utf-8")) // 1024),
        )
    )
    if len(versions) > 1:
        click.echo(
            _("In {languages}; it opens in {language}.").format(
                languages=", ".join(v.column for v in versions), language=opens.column
            )
        )

"""`orgaudit export xlsform` and `orgaudit import`: survey platforms at both ends (`surveys`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _, integer, ngettext
from .common import fail, lang_option, rubric_option, user_errors


@click.group("export")
def export() -> None:
    """Write the questionnaire for other tools (survey platforms)."""


@export.command("xlsform")
@rubric_option("Rubric file (default: the bundled org-democracy rubric).")
@click.option(
    "--org",
    "organization",
    default=None,
    help="Make the form for one organization (otherwise it asks for the organization's name).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The workbook to write (default: <rubric id>.xlsx).",
)
@lang_option()
@user_errors
def export_xlsform(rubric_path: Path | None, organization: str | None, output: Path | None) -> None:
    """The rubric as an XLSForm for ODK Central, KoboToolbox, Ona, SurveyCTO and Enketo.

    One group per dimension, the role and date first, don't know and not applicable as
    choices, the rubric's conditions as `relevant`, evidence as an optional follow-up. Upload
    it to the platform, collect, export the submissions (CSV or XLSX, with XML values as
    headers) and bring them back with `orgaudit import`.

    Example: orgaudit export xlsform -o org-democracy.xlsx
    """
    from ..form import pick_language, rubric_languages
    from ..i18n import use_rubric_language
    from ..rubric import load_rubric
    from ..surveys import write_xlsform

    rubric = load_rubric(rubric_path)
    target = output or Path(f"{rubric.id}.xlsx")
    if target.suffix.lower() != ".xlsx":
        fail(
            _("{target}: an XLSForm is an .xlsx workbook; name the output *.xlsx").format(
                target=target
            )
        )
    notes: list[str] = []
    versions = rubric_languages(rubric, notes)
    for note in notes:
        click.echo(f"orgaudit: {note}", err=True)
    # the form's default language: --lang's, else the environment's, else the rubric's own
    default = pick_language(versions, use_rubric_language(rubric.language))
    write_xlsform(rubric, target, organization, language=default.code, versions=versions)
    click.echo(
        f"{target}  "
        + ngettext(
            "XLSForm of {rubric} {version}: {count} question",
            "XLSForm of {rubric} {version}: {count} questions",
            len(rubric.criteria),
        ).format(rubric=rubric.id, version=rubric.version, count=integer(len(rubric.criteria)))
    )
    if len(versions) > 1:
        click.echo(
            _("In {languages}; the default language is {language}.").format(
                languages=", ".join(v.column for v in versions), language=default.column
            )
        )


@click.command("import")
@click.argument("submissions", type=click.Path(dir_okay=False, path_type=Path))
@rubric_option("Rubric of the form (default: the bundled org-democracy rubric).")
@click.option(
    "--org",
    "organization",
    default=None,
    help="The organization's name, where the form did not ask it (or to override it).",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the answers files (one per submission); it must hold none yet.",
)
@lang_option()
@user_errors
def import_(
    submissions: Path, rubric_path: Path | None, organization: str | None, out_dir: Path
) -> None:
    """Read a survey platform's submission export into answers files.

    CSV or XLSX from KoboToolbox (XML values as headers; multiple choice as one column, one
    column per option, or both) or ODK Central. Role and date come from each submission;
    platform ids, submitters and devices are left out. A row with a bad value is reported by
    row and column and left out; the others are imported (exit 1 when some were left out).

    Example: orgaudit import submissions.csv -o answers/ && orgaudit report answers/
    """
    from ..rubric import load_rubric
    from ..surveys import import_submissions

    rubric = load_rubric(rubric_path)
    if out_dir.exists() and any(out_dir.glob("submission-*.yaml")):
        fail(
            _("{folder}: already holds imported submissions; choose an empty folder").format(
                folder=out_dir
            )
        )
    if sys.stderr.isatty():
        from ..surveys import count_rows

        with click.progressbar(
            length=count_rows(submissions), label=_("Importing"), file=sys.stderr
        ) as bar:
            report = import_submissions(
                submissions,
                rubric,
                out_dir,
                organization=organization,
                on_row=lambda: bar.update(1),
            )
    else:
        report = import_submissions(submissions, rubric, out_dir, organization=organization)
    for problem in report.problems:
        click.echo(f"orgaudit: {problem}", err=True)
    done = ngettext(
        "Imported {count} submission into {folder}",
        "Imported {count} submissions into {folder}",
        len(report.written),
    ).format(count=integer(len(report.written)), folder=out_dir)
    if report.problems:
        done += _("; {count} left out (see above)").format(count=integer(len(report.problems)))
    click.echo(done + ".")
    if report.written:
        click.echo(_("Next: orgaudit report {folder}").format(folder=out_dir))
    sys.exit(1 if report.problems else 0)

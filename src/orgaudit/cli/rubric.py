"""`orgaudit rubric`: check, outline and document rubrics."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _, integer, ngettext
from ..safetext import safe_line
from .common import lang_option, set_exit_if_cut, user_errors


@click.group()
def rubric() -> None:
    """Check, outline and document rubrics."""


@rubric.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@lang_option()
@user_errors
def rubric_validate(path: Path | None) -> None:
    """Check a rubric against the schema and the lint, and its translations beside it
    (missing, extra and stale entries); every problem as file:line.

    Exit 0 when clean, 1 with findings, 2 when the file cannot be read.

    Example: orgaudit rubric validate rubrics/org-democracy.yaml
    """
    from ..rubric import check_rubric, default_rubric_path
    from ..translation import available_languages, check_translation, translation_path

    rubric_obj, findings = check_rubric(path)
    shown = path or default_rubric_path()
    languages = available_languages(shown) if rubric_obj is not None else []
    for lang in languages:  # translations beside it: missing, extra and stale entries
        assert rubric_obj is not None
        findings += check_translation(rubric_obj, translation_path(shown, lang))
    set_exit_if_cut(1 if findings else 0)
    for finding in findings:
        click.echo(safe_line(str(finding)))
    if findings:
        click.echo(
            ngettext("{count} problem found", "{count} problems found", len(findings)).format(
                count=integer(len(findings))
            ),
            err=True,
        )
        sys.exit(1)
    assert rubric_obj is not None
    click.echo(
        _("{file}: ok — {rubric} {version}, {dimensions} dimensions, {criteria} criteria").format(
            file=shown,
            rubric=rubric_obj.id,
            version=rubric_obj.version,
            dimensions=integer(len(rubric_obj.dimensions)),
            criteria=integer(len(rubric_obj.criteria)),
        )
    )
    if languages:
        click.echo(
            _("translations: {languages}, complete and current").format(
                languages=", ".join(languages)
            )
        )


@rubric.command("show")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@lang_option()
@user_errors
def rubric_show(path: Path | None) -> None:
    """Print an outline: dimensions, criteria, weights, types and conditions.

    Example: orgaudit rubric show
    """
    from ..outline import rubric_outline
    from ..workspace import Workspace

    workspace = Workspace(path, fixed=True)
    click.echo(rubric_outline(workspace.shown(workspace.rubric())))
    for note in workspace.notes:
        click.echo(safe_line(note), err=True)


@rubric.command("schema")
@lang_option()
def rubric_schema_cmd() -> None:
    """Print the rubric JSON Schema (Draft 2020-12).

    Example: orgaudit rubric schema > rubric.schema.json
    """
    from ..rubric import rubric_schema
    from ..textout import to_json

    click.echo(to_json(rubric_schema()))

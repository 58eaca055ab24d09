"""What every command module shares: one-line errors with exit 2, --lang and the --rubric option."""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..errors import OrgauditError
from ..i18n import LANGUAGES, _, set_language
from ..safetext import safe_line

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on standard error; names and labels it quotes cannot rewrite the terminal."""
    click.echo(f"orgaudit: {safe_line(message)}", err=True)
    sys.exit(code)


#: What an output file's extension says it is, for `--format` left out (report, compare).
FORMAT_OF_SUFFIX = {".pdf": "pdf", ".html": "html", ".htm": "html", ".json": "json", ".csv": "csv",
                    ".md": "md"}  # fmt: skip


def format_from_name(
    fmt: str | None, output: str | os.PathLike[str] | None, known: tuple[str, ...], default: str
) -> str:
    """`--format` as given; else what `-o`'s extension names, among `known`; else `default`."""
    if fmt is not None:
        return fmt
    name = os.fspath(output) if output is not None else ""
    is_file = name and not name.endswith(("/", os.sep))  # `-o reports/` is a folder
    named = FORMAT_OF_SUFFIX.get(Path(name).suffix.lower()) if is_file else None
    return named if named in known else default


def user_errors(func: F) -> F:
    """Print our errors on one line and exit 2: never a traceback for bad input."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OrgauditError as exc:
            *problems, last = exc.lines()  # every problem in an answers file, one a line
            for line in problems:
                click.echo(f"orgaudit: {safe_line(line)}", err=True)
            fail(last)
        except BrokenPipeError:
            # The reader went away (`| head -1`): end quietly, but with the code the output
            # was going to end with, so findings cut short still fail a pipeline.
            _silence_stdout()
            sys.exit(_exit_if_cut)
        except KeyboardInterrupt:  # not click's "Aborted!" with 1: the shell's 130
            click.echo("\n" + _("Interrupted."), err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


#: The exit code when standard output is closed under us (`set_exit_if_cut`).
_exit_if_cut = 0


def set_exit_if_cut(code: int) -> None:
    """Say, before printing findings, which code the command ends with if its reader goes away."""
    global _exit_if_cut
    _exit_if_cut = code


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's last flush raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _apply_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--lang's callback: choose the language before the command runs (eager, so that even
    errors about other options are in it)."""
    try:
        set_language(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r}: orgaudit speaks " + ", ".join(LANGUAGES), ctx=ctx, param=param
        ) from None


def lang_option() -> Callable[[F], F]:
    """--lang: the language of messages, reports and tables (default: LANGUAGE, LC_ALL,
    LC_MESSAGES or LANG, else English). Data (JSON, CSV, ids) stays as it is in every language."""
    return click.option(
        "--lang",
        metavar="LANG",
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_apply_language,
        help="Language of messages and reports: "
        + ", ".join(LANGUAGES)
        + " (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG; else en).",
    )


#: The respondent roles (model.ROLES, written out so that start-up need not import the model;
#: a test checks they match).
ROLE_CHOICE = click.Choice(["member", "leader", "observer"])


def jobs_option() -> Callable[[F], F]:
    """--jobs: worker processes that read and score files (default: the usable cores)."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1, max=256),
        default=None,
        metavar="N",
        help="Read and score files in N processes (default: every core this process may use). "
        "Output is the same whatever N is.",
    )


def batch_jobs(jobs: int | None) -> int:
    """The jobs a command that scores many files runs (--jobs, else the usable cores), and the
    collector set for such a command: scoring makes and drops millions of small objects, nearly
    all freed by their reference counts, and collecting the young ones every 20,000 allocations
    instead of 700 (as mypy does) scored 2,000 files about 7% faster, for 1 MB more memory.
    Workers inherit it; the interactive commands keep Python's default."""
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    if jobs is not None:
        return jobs
    from ..batch import usable_cores

    return usable_cores()


#: Allocations between two collections of the youngest generation (Python's default is 700).
GC_YOUNG = 20_000


def min_group_option() -> Callable[[F], F]:
    """--min-group: the fewest respondents a pooled group may have for its details to show."""
    return click.option(
        "--min-group",
        type=click.IntRange(min=1, max=1000),
        default=5,
        show_default=True,
        metavar="N",
        help="Pooled answers: show no distribution, free text or breakdown by role for a group "
        "of fewer than N respondents (a rubric may ask for more).",
    )


def rubric_option(
    help: str = "Rubric file (default: the bundled org-democracy rubric, or the one the answers name).",
) -> Callable[[F], F]:
    """The --rubric/-r option every command that reads answers shares."""
    return click.option(
        "--rubric",
        "-r",
        "rubric_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=help,
    )

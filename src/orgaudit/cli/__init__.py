"""The command line, one module per command group: parse, call the library, print, map our errors to exit codes. Nothing more.

Exit codes: 0 success; 1 the audit or validation found problems; 2 bad usage or unreadable input;
130 interrupted.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

#: Each command: its module in this package, its function there, and the first paragraph of its
#: help (what `orgaudit --help` lists; a test checks it against the command's own help). A
#: command's module is imported only when it runs, so every command starts without the others.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "audit": (
        "answering",
        "audit",
        "Answer the questionnaire one question at a time; every answer is saved at once.",
    ),
    "compare": (
        "compare",
        "compare",
        "Compare 2 to 50 organizations side by side, or one organization over time.",
    ),
    "demo": (
        "demo",
        "demo",
        "Render the sample audits (ISO, IMT, a league, a union of 12 respondents) as PDFs.",
    ),
    "export": ("survey", "export", "Write the questionnaire for other tools (survey platforms)."),
    "form": (
        "form",
        "form",
        "Write the questionnaire as one HTML page that members answer in any browser, offline.",
    ),
    "import": (
        "survey",
        "import_",
        "Read a survey platform's submission export into answers files.",
    ),
    "report": ("report", "report", "Render audit reports: PDF (default), HTML, JSON or Markdown."),
    "rubric": ("rubric", "rubric", "Check, outline and document rubrics."),
    "score": ("score", "score", "Score answers files (or folders of them): a table, JSON or CSV."),
    "template": (
        "answering",
        "template",
        "Write a blank answers file, with each question, its options and help as comments.",
    ),
}


def load_command(name: str) -> click.Command:
    module, attr, _summary = COMMANDS[name]
    command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    assert isinstance(command, click.Command)
    return command


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is run, not before: the list
    in `--help` comes from `COMMANDS`."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        if self._listing:
            return click.Command(cmd_name, help=COMMANDS[cmd_name][2])
        command = load_command(cmd_name)
        self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def __getattr__(name: str) -> Any:
    """`orgaudit.cli.audit` and the like: a command by its function's name."""
    for command, (_module, attr, _summary) in COMMANDS.items():
        if attr == name:
            return load_command(command)
    raise AttributeError(name)


__all__ = ["COMMANDS", "main"]

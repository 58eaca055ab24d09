"""The command line, one module per command group: parse, call the library, print, map our errors to exit codes. Nothing more.

Exit codes: 0 success; 1 the audit or validation found problems; 2 bad usage or unreadable input;
130 interrupted.
"""

from __future__ import annotations

import click

from .answering import audit, template
from .compare import compare
from .demo import demo
from .form import form
from .report import report
from .rubric import rubric
from .score import score
from .survey import export, import_


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


for _command in (rubric, template, score, audit, demo, report, compare, form, export, import_):
    main.add_command(_command)

__all__ = ["audit", "main"]

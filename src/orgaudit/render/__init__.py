"""Reports: a scorecard as PDF, HTML, JSON or Markdown.

    html.py      Jinja2 environment and the audit report's HTML (shared with comparisons)
    pdf.py       html_to_pdf: WeasyPrint behind a fetcher that serves only our assets
    charts.py    the dimension bar chart as SVG
    markdown.py  the compact forum version

Nothing heavy is imported here: WeasyPrint only when a PDF is written, Jinja2 only for HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import RenderError
from ..model import Rubric
from ..scoring import Scorecard

FORMATS = ("pdf", "html", "json", "md")
SUFFIXES = {"pdf": ".pdf", "html": ".html", "json": ".json", "md": ".md"}


@dataclass(frozen=True)
class Written:
    """One report written: where, and the headline result (for a one-line summary)."""

    path: Path
    organization: str
    score: str
    band: str


def render_text(rubric: Rubric, card: Scorecard, fmt: str, *, redact: bool = False) -> str:
    """The report as text for the html, json and md formats."""
    if fmt == "html":
        from .html import render_report_html

        return render_report_html(rubric, card, redact=redact)
    if fmt == "json":
        from ..textout import to_json

        return to_json(card.to_dict(redact_evidence=redact)) + "\n"
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(rubric, card, redact=redact)
    from ..i18n import _

    raise RenderError(
        _("unknown report format {format!r}").format(format=fmt),
        hint=_("choose one of {choices}").format(choices=", ".join(FORMATS)),
    )


def write_report(
    rubric: Rubric,
    card: Scorecard,
    output: Path,
    fmt: str = "pdf",
    *,
    redact: bool = False,
    variant: str | None = None,
) -> Written:
    """Write one report to `output` atomically (`fileout`: checked target, atomic replace)."""
    from ..fileout import ensure_folder, write_text

    ensure_folder(output.parent)
    if fmt == "pdf":
        from .html import render_report_html
        from .pdf import html_to_pdf

        html_to_pdf(render_report_html(rubric, card, redact=redact), output, variant=variant)
    else:
        write_text(output, render_text(rubric, card, fmt, redact=redact))
    from .. import present
    from ..i18n import _

    return Written(
        path=output,
        organization=card.organization,
        score=present.overall_score(card.overall),
        band=present.overall_band(card.overall, _("no score")),
    )


def default_name(card: Scorecard, fmt: str) -> str:
    """reports/<organization-slug>.<suffix>."""
    from .html import slugify

    return slugify(card.organization) + SUFFIXES[fmt]


def plan_outputs(
    cards: list[Scorecard], sources: list[Path], output: Path | None, fmt: str
) -> list[Path]:
    """Where each report goes: `output` itself for one input (unless it is a folder), else a
    folder (`output`, or reports/) with one file per organization; names that would collide
    get the answers file's name appended."""
    if output is not None and len(cards) == 1 and not output.is_dir():
        return [output]
    folder = output if output is not None else Path("reports")
    names = [default_name(card, fmt) for card in cards]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    targets = []
    for name, source in zip(names, sources, strict=True):
        if seen[name] > 1:
            from .html import slugify

            stem, suffix = name.rsplit(".", 1)
            name = f"{stem}-{slugify(source.stem, 'answers')}.{suffix}"
        targets.append(folder / name)
    return targets

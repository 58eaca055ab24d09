"""A rubric as a readable outline, for `orgaudit rubric show`."""

from __future__ import annotations

import textwrap

from .conditions import describe
from .i18n import _, general, integer, percent
from .model import Rubric
from .questions import handler


def rubric_outline(rubric: Rubric) -> str:
    total_weight = sum(d.weight for d in rubric.dimensions)
    lines = [
        f"{rubric.title}",
        _(
            "{rubric} {version} · {dimensions} dimensions · {criteria} criteria · overall: "
            "{method} → {bands}"
        ).format(
            rubric=rubric.id,
            version=rubric.version,
            dimensions=integer(len(rubric.dimensions)),
            criteria=integer(len(rubric.criteria)),
            method=_("weighted mean")
            if rubric.overall_method == "weighted_mean"
            else _("mean of band values"),
            bands=rubric.overall_bands,
        ),
        "",
    ]
    for number, dim in enumerate(rubric.dimensions, start=1):
        share = 100 * dim.weight / total_weight
        how = _("points") if dim.scoring == "points" else _("weighted mean")
        lines.append(
            f"{integer(number)}. {dim.title}  [{dim.id}] "
            + _("weight {weight} ({share}), {how}").format(
                weight=general(dim.weight), share=percent(share / 100), how=how
            )
        )
        for crit in dim.criteria:
            marks = [
                _("rule") if crit.kind == "rule" else _("practice"),
                handler(crit.type).outline(crit),
                _("w {weight}").format(weight=general(crit.weight)),
            ]
            if crit.dont_know == "opacity":
                marks.append(_("don't know = opacity"))
            if crit.not_applicable:
                marks.append(_("n/a allowed"))
            flags = sorted(
                {o.red_flag for o in crit.options if o.red_flag}
                | {t.red_flag for t in crit.thresholds if t.red_flag}
            )
            if flags:
                marks.append(_("red flag: {flags}").format(flags=", ".join(flags)))
            head = f"   - {crit.id}: "
            lines.extend(
                textwrap.wrap(
                    crit.question, 100, initial_indent=head, subsequent_indent=" " * len(head)
                )
            )
            lines.append(" " * len(head) + "(" + "; ".join(marks) + ")")
            if crit.when is not None:
                lines.append(
                    " " * len(head)
                    + _("only when {condition}").format(condition=describe(crit.when))
                )
        lines.append("")
    if rubric.caps:
        caps = "; ".join(
            _("{flag} → at best {band}").format(flag=c.red_flag, band=c.band) for c in rubric.caps
        )
        lines.append(_("Caps: {caps}").format(caps=caps))
    from .safetext import safe_line

    return "\n".join(safe_line(line) for line in lines).rstrip()

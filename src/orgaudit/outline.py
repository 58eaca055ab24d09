"""A rubric as a readable outline, for `orgaudit rubric show`."""

from __future__ import annotations

import textwrap

from .conditions import describe
from .model import Rubric
from .questions import handler


def rubric_outline(rubric: Rubric) -> str:
    total_weight = sum(d.weight for d in rubric.dimensions)
    lines = [
        f"{rubric.title}",
        f"{rubric.id} {rubric.version} · {len(rubric.dimensions)} dimensions · {len(rubric.criteria)} criteria"
        f" · overall: {rubric.overall_method.replace('_', ' ')} → {rubric.overall_bands}",
        "",
    ]
    for number, dim in enumerate(rubric.dimensions, start=1):
        share = 100 * dim.weight / total_weight
        how = "points" if dim.scoring == "points" else "weighted mean"
        lines.append(
            f"{number}. {dim.title}  [{dim.id}] weight {dim.weight:g} ({share:.0f}%), {how}"
        )
        for crit in dim.criteria:
            marks = [crit.kind, handler(crit.type).outline(crit), f"w {crit.weight:g}"]
            if crit.dont_know == "opacity":
                marks.append("don't know = opacity")
            if crit.not_applicable:
                marks.append("n/a allowed")
            flags = sorted(
                {o.red_flag for o in crit.options if o.red_flag}
                | {t.red_flag for t in crit.thresholds if t.red_flag}
            )
            if flags:
                marks.append("red flag: " + ", ".join(flags))
            head = f"   - {crit.id}: "
            lines.extend(
                textwrap.wrap(
                    crit.question, 100, initial_indent=head, subsequent_indent=" " * len(head)
                )
            )
            lines.append(" " * len(head) + "(" + "; ".join(marks) + ")")
            if crit.when is not None:
                lines.append(" " * len(head) + "only when " + describe(crit.when))
        lines.append("")
    if rubric.caps:
        lines.append("Caps: " + "; ".join(f"{c.red_flag} → at best {c.band}" for c in rubric.caps))
    from .safetext import safe_line

    return "\n".join(safe_line(line) for line in lines).rstrip()

"""One "did you mean" for every message that names something unknown.

Names are compared without regard to case or the usual separators, so `A1` finds `a1`,
`Idea_Source` finds `idea-source` and `addq` finds `add-q`; only then are near misses (typos)
looked for, on the same folded forms.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .i18n import _

_SEPARATORS = re.compile(r"[-_ .]+")


def fold(name: str) -> str:
    """The form names are compared in: case folded, separators (-, _, space, dot) dropped."""
    return _SEPARATORS.sub("", str(name).casefold())


def closest(name: object, choices: Iterable[object]) -> str | None:
    """The choice `name` most likely meant, or None when none is close enough."""
    options = [str(c) for c in choices]
    folded: dict[str, str] = {}
    for option in options:
        folded.setdefault(fold(option), option)
    key = fold(str(name))
    if key in folded and folded[key] != str(name):
        return folded[key]
    close = difflib.get_close_matches(key, [k for k in folded if k], n=1)
    if close and folded[close[0]] != str(name):
        return folded[close[0]]
    return None


def did_you_mean(name: object, choices: Iterable[object]) -> str:
    """ "; did you mean 'x'?" to append to a message, or "" when nothing is close."""
    match = closest(name, choices)
    if match is None:
        return ""
    return _("; did you mean '{name}'?").format(name=match)

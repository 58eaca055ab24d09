"""Pooled scoring groups files by a hint read from their first lines (`aggregate._header_key`)
before parsing them: the hint must be the key the parsed file gives, however the organization
and date are written, or fall back to parsing; it must never part one organization."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from orgaudit.aggregate import _header_key, _parsed_key

NAMES = st.sampled_from(["Mini League", "mini league", "Liga Mínima", "A: B", "x#y", "O'Hara"])


@st.composite
def organization_lines(draw: st.DrawFn) -> str:
    name = draw(NAMES)
    style = draw(st.sampled_from(["plain", "single", "double", "escaped", "folded", "continued"]))
    if style == "plain" and not any(c in name for c in ":#'"):
        line = f"organization: {name}"
    elif style == "double" or style == "plain":
        line = f'organization: "{name}"'
    elif style == "single":
        line = "organization: '" + name.replace("'", "''") + "'"
    elif style == "escaped":
        line = 'organization: "' + name.replace("i", "\\x69") + '"'
    elif style == "folded":
        line = f"organization: >\n  {name}"
    else:  # a plain value continued on the next line
        line = "organization: Mini\n  League"
    padding = draw(st.sampled_from(["", " ", "\t", "  # a comment"]))
    return line + padding


DATES = st.sampled_from(
    ["date: 2025-01-01", "date: '2025-01-01'", 'date: "2025-01-01"', "date:", "date: null", ""]
)
OTHERS = st.sampled_from(
    [
        "respondent:\n  role: member",
        'quoted: "a note\n  organization: Fake"',
        "block: |\n  organization: Fake\n  date: 1999-01-01",
        'flush: "a note\norganization: Fake"',
        "# organization: commented out",
        "answers: {}",
    ]
)


@settings(max_examples=300, deadline=None)
@given(organization_lines(), DATES, st.lists(OTHERS, max_size=3, unique=True), st.randoms())
def test_the_hint_is_the_parsed_key(
    organization: str, date: str, others: list[str], rnd: random.Random
) -> None:
    lines = [organization, date, *others]
    rnd.shuffle(lines)
    text = "\n".join(line for line in lines if line) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        path.write_text(text, encoding="utf-8")
        for by_date in (True, False):
            assert _header_key(path, by_date=by_date, memo={}) == _parsed_key(
                path, by_date=by_date
            ), text

"""Hostile text made harmless where it is shown: terminals, Markdown, CSV (issue 12 items 13-15).

One rule for every text output, so that a name, an answer or a rubric label cannot disguise
itself or the sentences around it:

- C0 controls (but tab, and newline where a text may span lines), DEL and C1 controls are
  shown, not obeyed: C0 and DEL as their Unicode control pictures (ESC is ``␛``, CR ``␍``, a
  newline in a one-line field ``␊``), C1 as ``<U+009B>``. A terminal then draws no colour,
  moves no cursor and sets no title that the text asked for.
- Bidirectional embeddings, overrides, isolates and marks (U+202A-U+202E, U+2066-U+2069,
  U+200E, U+200F, U+061C) are shown as ``<U+202E>`` and so on: plain text has no way to keep
  them inside the name they came with, and unbounded they reverse the report's own sentence.
- CSV cells of text that a spreadsheet would run as a formula (starting with ``=``, ``+``,
  ``-``, ``@``, tab or CR) get a leading ``'``, as OWASP advises; numbers, and text that is
  only a number such as ``-3``, are left as they are.

JSON keeps the data exact: only the characters above are written as ``\\uXXXX`` escapes, which
any JSON reader turns back into the same text. HTML and PDF isolate text instead (the ``bdi``
filter of the report templates).
"""

from __future__ import annotations

import re
from typing import Any

#: Bidirectional formatting characters: embeddings and overrides, isolates, and marks.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_BIDI = f"[{BIDI_CONTROLS}]"
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f]|{_BIDI}")
_UNSAFE_ONE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f]|{_BIDI}")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f]|{_BIDI}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def visible(char: str) -> str:
    """The visible stand-in for one control character."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def safe_terminal_text(text: str, *, multiline: bool = True) -> str:
    """`text` fit to print on a terminal or into Markdown: controls and bidi characters shown,
    not obeyed. With `multiline` off a newline is shown too (a table cell, a one-line name)."""
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE_ONE_LINE
    return pattern.sub(lambda m: visible(m.group()), text)


def safe_line(text: str) -> str:
    """One field on one line: `safe_terminal_text` with newlines shown."""
    return safe_terminal_text(text, multiline=False)


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a character `safe_terminal_text` would change (newlines aside)."""
    return _UNSAFE_MULTILINE.search(text) is not None


def safe_csv_cell(value: Any) -> Any:
    """A CSV cell that shows its text and never runs as a formula; numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    text = safe_terminal_text(value)
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def json_escape_unsafe(encoded: str) -> str:
    """JSON text (from `json.dumps`) with C1 controls, DEL and bidi characters written as
    ``\\uXXXX``: the same data for a JSON reader, nothing obeyed by a terminal showing it.
    (`json.dumps` already escapes C0 controls.) Such characters can only stand inside strings."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


_CONTROLS_ONLY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _direction(text: str) -> str | None:
    """ "rtl" or "ltr" from the first strong character (HTML's dir="auto", which WeasyPrint
    ignores), None when there is none."""
    import unicodedata

    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def isolate_html(value: Any) -> Any:
    """One piece of user or rubric text for HTML (the templates' ``bdi`` filter): escaped, its
    controls shown, inside ``<bdi>`` so that its bidi characters and its direction stay inside it
    and cannot reorder the report's own sentence around it. Markup (our own) passes unchanged."""
    from markupsafe import Markup, escape

    if isinstance(value, Markup):
        return value
    text = _CONTROLS_ONLY.sub(lambda m: visible(m.group()), str(value))
    if not text:
        return Markup("")
    direction = _direction(text)
    opening = f'<bdi dir="{direction}">' if direction else "<bdi>"
    return Markup(opening) + escape(text) + Markup("</bdi>")


def svg_text(value: Any) -> str:
    """Text for an SVG chart's labels and titles, where no element can isolate it: escaped, with
    controls and bidi characters shown (`safe_line`)."""
    from html import escape

    return escape(safe_line(str(value)))

"""The error family: every problem a user can fix is one of these, carrying file, line and a hint.

The CLI prints them on one line and exits 2; nothing here ever reaches a user as a traceback.
"""

from __future__ import annotations

from typing import NamedTuple

from .i18n import current_language, digits, ngettext

#: The most problems of one file the command line prints; the rest are counted.
MAX_SHOWN = 50


def grouped(value: int) -> str:
    """A count with the language's digit grouping: "20,000" in English (as Python writes it),
    "20.000" in Spanish, "۲۰٬۰۰۰" in Persian; for sizes and limits in messages."""
    code = current_language()
    if code == "en":
        return f"{value:,}"
    from babel.numbers import format_decimal

    text = format_decimal(value, locale=code, numbering_system="default")
    return "".join(digits(c, code) if "0" <= c <= "9" else c for c in text)


class OrgauditError(Exception):
    """Base of errors a user can act on: where (file, line), what, and what to do."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        message = " ".join(message.splitlines())  # always one line, whatever the input held
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def location(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def lines(self) -> list[str]:
        """What the command line prints: one problem a line, no line holding a line break."""
        return [" ".join(str(self).splitlines())]


class PassedOnError(OrgauditError):
    """An error already put in words elsewhere (by a worker process), one problem a line."""

    def __init__(self, text: str) -> None:
        self.text_lines = text.splitlines() or [text]
        super().__init__(self.text_lines[0])

    def lines(self) -> list[str]:
        return list(self.text_lines)


class YamlError(OrgauditError):
    """The file is not YAML we accept (syntax, duplicate keys, aliases, tags, encoding, size)."""


class _WithFindings(OrgauditError):
    """An error about a file that may hold several problems: `findings`, sorted by line."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        hint: str | None = None,
        findings: list[Finding] | None = None,
    ) -> None:
        super().__init__(message, file=file, line=line, hint=hint)
        self.findings = findings or []


class RubricError(_WithFindings):
    """The rubric cannot be used: unreadable, or invalid against the schema or the lint."""


class AnswersError(_WithFindings):
    """An answers file does not fit its rubric or the answers format.

    `findings` holds every problem found in the file, sorted by line (empty or one for a file
    that could not be read far enough to find more); the message is the first of them.
    """

    def lines(self) -> list[str]:
        if len(self.findings) <= 1:
            return super().lines()
        shown = [" ".join(str(f).splitlines()) for f in self.findings[:MAX_SHOWN]]
        rest = len(self.findings) - MAX_SHOWN
        if rest > 0:
            shown.append(
                ngettext(
                    "{file}: and {count} more problem ({total} in all)",
                    "{file}: and {count} more problems ({total} in all)",
                    rest,
                ).format(file=self.file, count=grouped(rest), total=grouped(len(self.findings)))
            )
        return shown


class RubricChangedError(AnswersError):
    """An answers file was written for another version of the rubric."""


class RenderError(OrgauditError):
    """A report could not be rendered safely."""


class Finding(NamedTuple):
    """One problem found in a file: sortable by position, printed as `file:line: path: message`."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

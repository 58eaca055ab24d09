"""The error family: every problem a user can fix is one of these, carrying file, line and a hint.

The CLI prints them on one line and exits 2; nothing here ever reaches a user as a traceback.
"""

from __future__ import annotations

from typing import NamedTuple


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


class YamlError(OrgauditError):
    """The file is not YAML we accept (syntax, duplicate keys, aliases, tags, encoding, size)."""


class RubricError(OrgauditError):
    """The rubric cannot be used: unreadable, or invalid against the schema or the lint."""

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


class AnswersError(OrgauditError):
    """An answers file does not fit its rubric or the answers format."""


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

"""`orgaudit audit` on a terminal (or a pipe). The session logic lives in `questionnaire`; this
module reads lines, prints, installs signal handlers and picks exit codes. `cli` declares the
command and imports this module only when it runs, to keep start-up fast.

Exit codes: 0 finished or saved on `q`; 1 input ended before the end, or the respondent left
with answers that could not be saved; 2 bad usage, a file that cannot be continued or that another
session holds; 130 Ctrl-C; 128+N on signal N (SIGTERM 143, SIGHUP 129). Each of them leaves the
answers saved unless saving failed (a full disk, a file-size limit), and then the last lines say
which answers are not saved.
"""

from __future__ import annotations

import datetime
import os
import re
import shlex
import shutil
import signal
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

import click

from .errors import AnswersError
from .i18n import _, integer, ngettext

if TYPE_CHECKING:
    from .model import Answers, Rubric
    from .questionnaire import Questionnaire


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived: unwind to the command, which saves and exits 128+N."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class ConsoleIO:
    """Line-based prompts on standard input and output, flushed at once (pipes see progress).

    When input is not a terminal nothing echoes what was typed, so the line read is echoed
    after the prompt: a scripted session's output then reads like the interactive one.
    """

    def __init__(self) -> None:
        self.echo = not sys.stdin.isatty()

    def ask(self, prompt: str) -> str:
        while True:
            click.echo(prompt, nl=False)
            sys.stdout.flush()
            raw = _read_line()
            if not raw:
                raise EOFError
            raw = raw.rstrip(b"\r\n")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                if self.echo:
                    click.echo(_shown(raw))
                self.say(_wrap(_not_utf8(raw, exc)))
                continue
            if self.echo:
                click.echo(_shown(line))
            control = _CONTROL.search(line)
            if control is not None:
                self.say(_wrap(_has_control(line, control.group())))
                continue
            return line

    def say(self, text: str) -> None:
        click.echo(text)
        sys.stdout.flush()


def _read_line() -> bytes:
    """One line of standard input as bytes, so that text which is not UTF-8 can be refused
    (the text layer would raise, or turn the bytes into lone surrogates that break saving)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        data: bytes = buffer.readline()
        return data
    return sys.stdin.readline().encode("utf-8", "surrogateescape")


#: C0 and C1 control characters but tab: invisible in the saved text, or rewriting the terminal.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _shown(raw: bytes | str) -> str:
    """Typed text fit to print back: bad bytes as U+FFFD, control characters as ^X or <XX>,
    bidi controls as <U+202E> (safetext), so that the echo cannot reorder the prompt."""
    from .safetext import safe_terminal_text

    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return safe_terminal_text(
        _CONTROL.sub(
            lambda m: (
                f"^{chr(ord(m.group()) + 64)}" if m.group() < " " else f"<{ord(m.group()):02x}>"
            ),
            text,
        )
    )


def _wrap(text: str) -> str:
    width = max(30, min(shutil.get_terminal_size((80, 24)).columns, 100) - 1)
    return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False)


def _has_control(line: str, char: str) -> str:
    if char == "\x1b":
        text = _(
            "That line holds a control character (an arrow or function key?), which would be "
            "saved unseen, so nothing was taken from it. You typed: '{typed}'. Type it again "
            "without it."
        )
    else:
        text = _(
            "That line holds a control character, which would be saved unseen, so nothing was "
            "taken from it. You typed: '{typed}'. Type it again without it."
        )
    return text.format(typed=_shown(line))


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    byte = raw[exc.start]
    latin = f" (in Latin-1, {bytes([byte]).decode('latin-1')!r})" if byte >= 0xA0 else ""
    return _(
        "That line is not UTF-8 text: byte {byte}{latin} cannot be read, so nothing was taken "
        "from it. You typed: '{typed}'. Set the terminal to UTF-8, or type it again without "
        "that character."
    ).format(byte=f"0x{byte:02x}", latin=latin, typed=_shown(raw))


def use_color() -> bool:
    """Colour only on a real terminal that is not dumb, and never when NO_COLOR is set."""
    return (
        "NO_COLOR" not in os.environ
        and os.environ.get("TERM", "") != "dumb"
        and sys.stdout.isatty()
        and sys.stdin.isatty()
    )


@contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception, so the answers are saved before exiting."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise _Signalled(signum)

    previous = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextmanager
def _quiet_signals() -> Iterator[None]:
    """While the last save runs, no second signal may cut it short."""
    previous = {}
    with suppress(ValueError):  # not the main thread: leave signals alone
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, signal.SIG_IGN)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _fail(message: str, code: int = 2) -> NoReturn:
    from .safetext import safe_line

    click.echo(f"orgaudit: {safe_line(message)}", err=True)
    sys.exit(code)


def run_audit(
    rubric_path: Path | None,
    organization: str | None,
    role: str | None,
    output: Path | None,
    date: str | None = None,
) -> None:
    from . import questionnaire as qn
    from .answers import organization_problem
    from .locking import session_lock
    from .workspace import Workspace

    if organization is not None and organization.strip():
        problem = organization_problem(organization)
        if problem is not None:
            _fail(f"--org: {problem}")
    workspace = Workspace(rubric_path, fixed=True)
    rubric = workspace.shown(workspace.rubric())  # questions in the member's language
    for note in workspace.notes:
        print(f"orgaudit: {note}", file=sys.stderr)
    io = ConsoleIO()
    if date is not None and not qn.date_ok(date):
        _fail(
            "--date: "
            + _("{date} is not a date; write it as YYYY-MM-DD, such as 2026-03-01").format(
                date=repr(date)
            )
        )
    today = date or datetime.date.today().isoformat()
    if output is None and organization is None:
        organization = _ask_organization(io)
    if output is None:
        assert organization is not None
        output = Path(qn.slug(organization) + ".yaml")
    with session_lock(output):
        _run_locked(rubric, rubric_path, organization, role, output, io, today, date is None)


def _run_locked(
    rubric: Rubric,
    rubric_path: Path | None,
    organization: str | None,
    role: str | None,
    output: Path,
    io: ConsoleIO,
    today: str,
    ask_date: bool = True,
) -> None:
    """The session proper, while this process holds the answers file's lock."""
    from . import questionnaire as qn
    from .answers import save_answers
    from .yamlio import remove_stale_temps

    remove_stale_temps(output)
    answers, resumed = qn.open_session(output, rubric, organization, role, today)
    if answers is None:
        answers = qn.new_answers(rubric, _ask_organization(io), role or "member", today)
    target = output

    def save(current: Answers) -> None:
        try:
            save_answers(target, current, rubric)
        except OSError as exc:
            raise AnswersError(
                f"cannot save: {exc.strerror or exc}", file=str(target), hint="check the folder"
            ) from exc

    # Past a file-size limit (`ulimit -f`) a write raises SIGXFSZ, which kills the process by
    # default; ignored, the write fails with EFBIG and the session goes on unsaved, saying so.
    with suppress(ValueError, AttributeError):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    save(answers)  # before any question: a file that cannot be written is refused at once
    resume = "orgaudit audit -o " + shlex.quote(str(output))
    if rubric_path is not None:
        resume += " --rubric " + shlex.quote(str(rubric_path))
    session = qn.Questionnaire(
        rubric,
        answers,
        io,
        save,
        style=qn.Style(color=use_color(), width=shutil.get_terminal_size((80, 24)).columns),
        resume_command=resume,
        file_name=str(output),
        ask_role=role is None and not resumed,
        ask_date=ask_date and not resumed,
    )
    try:
        with _signals_raise():
            outcome = session.run()
    except KeyboardInterrupt:
        _stop(session, _("Interrupted"), resume, 130)
    except EOFError:
        _stop(session, _("Input ended"), resume, 1)
    except _Signalled as exc:
        name = signal.Signals(exc.signum).name
        _stop(session, _("Stopped by {signal}").format(signal=name), resume, 128 + exc.signum)
    if session.unsaved():
        io.say("")
        io.say(_("Stopped. {standing}").format(standing=session.standing()))
        _show_unsaved(session)
        io.say(_continue(resume))
        sys.exit(1)
    if outcome == "quit":
        io.say("")
        count = len(session.answers.answers)
        io.say(
            ngettext(
                "Saved {count} answer to {file}.", "Saved {count} answers to {file}.", count
            ).format(count=integer(count), file=output)
        )
        io.say(_continue(resume))
        return
    _summary(rubric, session.answers, io, output)


def _ask_organization(io: ConsoleIO) -> str:
    from .answers import MAX_ORGANIZATION, organization_problem

    try:
        while True:
            name = io.ask(_("Organization name: ")).strip()
            problem = organization_problem(name)
            if problem is None:
                return name
            io.say(
                _wrap(
                    _(
                        "That cannot be saved: {problem}. Please type the organization's name "
                        "(at most {count} characters)."
                    ).format(problem=problem, count=integer(MAX_ORGANIZATION))
                )
            )
    except EOFError:
        _fail(_("input ended before the organization was named; nothing was saved"), 1)
    except KeyboardInterrupt:
        click.echo("")
        _fail(_("interrupted; nothing was saved"), 130)


def _stop(session: Questionnaire, why: str, resume: str, code: int) -> NoReturn:
    with _quiet_signals():
        if session.unsaved() or session.save_error is not None:
            session.persist()
    click.echo("")
    from .safetext import safe_line

    click.echo(safe_line(f"{why}. {session.standing()}"))
    _show_unsaved(session)
    click.echo(_continue(resume))
    sys.stdout.flush()
    sys.exit(code)


def _show_unsaved(session: Questionnaire) -> None:
    """The answers that could not be saved, in full, so that they can be copied by hand."""
    pending = session.unsaved()
    if not pending:
        return
    from .safetext import safe_line

    click.echo(_("Not saved (copy what you need):"))
    for cid in pending:
        crit = session.rubric.criterion(cid)
        answer = session.answers.answers.get(cid)
        if crit is None or answer is None:
            click.echo(f"  {cid}: " + _("(removed)"))
            continue
        click.echo(safe_line(f"  {cid}: {session.show_answer(crit, answer)}"))
        if answer.evidence:
            click.echo(safe_line("    " + _("evidence: {text}").format(text=answer.evidence)))
        if answer.links:
            click.echo(safe_line("    " + _("links: {links}").format(links=" ".join(answer.links))))
    sys.stdout.flush()


def _summary(rubric: Rubric, answers: Answers, io: ConsoleIO, output: Path) -> None:
    from .scoring import score
    from .textout import scorecard_table

    io.say("")
    io.say(scorecard_table(score(rubric, answers), width=shutil.get_terminal_size().columns))
    io.say("")
    io.say(_("Your answers are in {file}.").format(file=output))
    io.say(
        _("Render the report with: {command}").format(
            command=f"orgaudit report {shlex.quote(str(output))}"
        )
    )


def _continue(resume: str) -> str:
    return _("Continue with: {command}").format(command=resume)

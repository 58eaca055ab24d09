"""The interactive questionnaire behind `orgaudit audit`, over an injected prompt.

The session asks one question at a time, applies the rubric's conditions as answers come in
(the same rule as `scoring.criterion_results`: a question is asked only when its condition holds
on the answers before it), and calls `save` after every change, so an interruption at any moment
loses at most the answer being typed. A save that fails (`save` raises `OrgauditError`: a full
disk, a file-size limit) does not end the session: the answers stay in memory, the respondent is
told why, and the save is tried again after the next answer, on `w`, and before leaving. It never touches the terminal itself: `ask` and `say` come
from the caller (the CLI, or a test), which also decides what Ctrl-C, a signal or the end of input
mean. `ask` raises `EOFError` when input ends.

Answers to questions that stop applying (an earlier answer changed) are kept, not deleted: they
are not asked, scoring ignores them, and they come back if the earlier answer is changed back.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from .answers import LINK_RE, MAX_EVIDENCE, MAX_LINKS, load_answers
from .conditions import describe
from .errors import AnswersError, OrgauditError, YamlError
from .i18n import _, current_language, integer, ngettext
from .model import Answer, Answers, AnswerValue, Criterion, Respondent, Rubric
from .questions import handler
from .questions.choice import exclusive_clash
from .safetext import safe_line, safe_terminal_text
from .scoring import criterion_results

SECONDS_PER_QUESTION = 30
Outcome = Literal["finished", "quit"]


class IO(Protocol):
    """What the questionnaire needs from a terminal: read one line, show some text."""

    def ask(self, prompt: str) -> str:
        """One line of input without its newline; raises EOFError when input has ended."""
        ...

    def say(self, text: str) -> None:
        """Show text followed by a newline."""
        ...


@dataclass(frozen=True)
class Style:
    """ANSI styling, or none at all (NO_COLOR, a dumb terminal, a pipe)."""

    color: bool = False
    width: int = 80

    def _wrap(self, code: str, text: str) -> str:
        text = safe_terminal_text(text)  # only our own escapes reach the terminal
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def accent(self, text: str) -> str:
        return self._wrap("36", text)

    def warn(self, text: str) -> str:
        return self._wrap("33", text)

    def fill(self, text: str, indent: str = "", rest: str | None = None) -> str:
        """Wrap a paragraph to the terminal width (at most 100 columns, for readability)."""
        width = max(30, min(self.width, 100) - 1)
        return textwrap.fill(
            safe_line(" ".join(text.split())),
            width,
            initial_indent=indent,
            subsequent_indent=indent if rest is None else rest,
            break_on_hyphens=False,
        )


class _Back(Exception):
    """The user asked to go back."""


class _Quit(Exception):
    """The user asked to save and quit."""


class Questionnaire:
    """One respondent's session: `run()` asks until the end or `q`; `answers` is always current."""

    def __init__(
        self,
        rubric: Rubric,
        answers: Answers,
        io: IO,
        save: Callable[[Answers], None],
        *,
        style: Style | None = None,
        resume_command: str = "",
        file_name: str = "",
        ask_role: bool = False,
        ask_date: bool = False,
    ) -> None:
        self.rubric = rubric
        #: a new file whose role or date the command line did not give: asked first
        self.ask_role = ask_role
        self.ask_date = ask_date
        self.answers = answers
        self.io = io
        self.save = save
        self.style = style or Style()
        self.resume_command = resume_command
        self.file_name = file_name
        self._criteria = list(rubric.criteria)
        self._dims = {d.id: d for d in rubric.dimensions}
        #: what the file holds: the answers as given, which the caller has just saved
        self._saved = answers
        #: why the last save failed, or None when it did not
        self.save_error: str | None = None

    # --- state --------------------------------------------------------------------------

    def shown(self) -> list[Criterion]:
        """The questions that apply given the answers so far, in rubric order."""
        results = criterion_results(self.rubric, self.answers.answers)
        return [c for c, r in zip(self._criteria, results, strict=True) if r.status != "not_shown"]

    def first_unanswered(self, after: int = -1) -> int | None:
        """Rubric index of the first applicable question after `after` with no answer at all."""
        shown = {c.id for c in self.shown()}
        for index, crit in enumerate(self._criteria):
            if index > after and crit.id in shown and crit.id not in self.answers.answers:
                return index
        return None

    def _set(self, answer: Answer | None, criterion_id: str) -> None:
        entries = dict(self.answers.answers)
        if answer is None:
            entries.pop(criterion_id, None)
        else:
            entries[criterion_id] = answer
        self.answers = dataclasses.replace(self.answers, answers=entries)
        self._save_and_tell()

    # --- saving ---------------------------------------------------------------------------

    def unsaved(self) -> list[str]:
        """Ids of the questions whose answer in memory differs from the one in the file."""
        saved, now = self._saved.answers, self.answers.answers
        ids = list(now) + [cid for cid in saved if cid not in now]
        return [cid for cid in ids if saved.get(cid) != now.get(cid)]

    def persist(self) -> bool:
        """Save the current answers; on failure keep them in memory and remember why."""
        try:
            self.save(self.answers)
        except OrgauditError as exc:
            cause = exc.__cause__
            if isinstance(cause, OSError) and cause.strerror:
                self.save_error = cause.strerror  # "No space left on device", "File too large"
            else:  # our own refusal (a file too large to load again): its hint says what to do
                self.save_error = exc.message + (f" ({exc.hint})" if exc.hint else "")
            return False
        self._saved = self.answers
        self.save_error = None
        return True

    def _save_and_tell(self) -> None:
        failed_before = self.save_error is not None
        if self.persist():
            if failed_before:
                self.io.say(
                    self.style.fill(
                        _("Saved: every answer is in {file} now.").format(file=self._target())
                    )
                )
            return
        count = len(self.unsaved())
        self.io.say(
            self.style.warn(
                self.style.fill(
                    ngettext(
                        "Could not save to {file}: {reason}. {count} answer kept here but not "
                        "saved yet; saving again with your next answer, or type w to try now.",
                        "Could not save to {file}: {reason}. {count} answers kept here but not "
                        "saved yet; saving again with your next answer, or type w to try now.",
                        count,
                    ).format(file=self._target(), reason=self.save_error, count=integer(count))
                )
            )
        )

    def _target(self) -> str:
        return self.file_name or _("the answers file")

    def standing(self) -> str:
        """Where things stand, for the last lines of a session: what is saved, what is not."""
        saved = len(self._saved.answers)
        pending = self.unsaved()
        text = ngettext(
            "{count} answer saved to {file}", "{count} answers saved to {file}", saved
        ).format(count=integer(saved), file=self._target())
        if pending:
            text += ngettext(
                "; {count} answer NOT saved ({reason}): {ids}",
                "; {count} answers NOT saved ({reason}): {ids}",
                len(pending),
            ).format(count=integer(len(pending)), reason=self.save_error, ids=", ".join(pending))
        return text + "."

    def _last_save(self) -> None:
        """Before leaving: save what is not saved yet, asking to retry while it fails."""
        while self.unsaved() and not self.persist():
            count = len(self.unsaved())
            reply = self.io.ask(
                self.style.warn(
                    self.style.fill(
                        ngettext(
                            "Could not save to {file}: {reason}. {count} answer would be lost. "
                            "Free some space, then press Enter to try again, or type quit to "
                            "leave without saving it:",
                            "Could not save to {file}: {reason}. {count} answers would be lost. "
                            "Free some space, then press Enter to try again, or type quit to "
                            "leave without saving them:",
                            count,
                        ).format(file=self._target(), reason=self.save_error, count=integer(count))
                    )
                )
                + " "
            )
            if reply.strip().lower() in ("quit", "exit", _("quit")):
                return

    # --- the session --------------------------------------------------------------------

    def run(self) -> Outcome:
        """Ask from the first unanswered question to the end, then review; 'quit' on `q`."""
        outcome: Outcome = "finished"
        try:
            self._intro()
            self._respondent()
            self._walk(self.first_unanswered())
            self._review()
        except _Quit:
            outcome = "quit"
        self._last_save()
        return outcome

    def _intro(self) -> None:
        s = self.style
        total = len(self._criteria)
        shown = self.shown()
        given = [self.answers.answers[c.id] for c in shown if c.id in self.answers.answers]
        answered = [a for a in given if a.status in ("answered", "not_applicable")]
        skipped = sum(1 for a in given if a.status == "skipped")
        unknown = sum(1 for a in given if a.status == "dont_know")
        say = self.io.say
        say(s.bold(self.rubric.title) + s.dim(f"  ({self.rubric.id} {self.rubric.version})"))
        say("")
        if given:
            start = self.first_unanswered()
            where = (
                _("continuing at question {number}.").format(
                    number=integer(self._position(start)[0])
                )
                if start is not None
                else _("every question has an answer; on to the review.")
            )
            others = []
            if skipped:
                others.append(_("{count} skipped").format(count=integer(skipped)))
            if unknown:
                others.append(_("{count} don't know").format(count=integer(unknown)))
            aside = f" ({', '.join(others)})" if others else ""
            say(
                s.fill(
                    ngettext(
                        "Resuming {org}: {answered} of {total} question answered{aside}, {where}",
                        "Resuming {org}: {answered} of {total} questions answered{aside}, {where}",
                        len(shown),
                    ).format(
                        org=self.answers.organization,
                        answered=integer(len(answered)),
                        total=integer(len(shown)),
                        aside=aside,
                        where=where,
                    )
                )
            )
        else:
            minutes = max(1, round(len(shown) * SECONDS_PER_QUESTION / 60))
            hidden = total - len(shown)
            more = (
                _(", and up to {count} more if your answers call for them").format(
                    count=integer(hidden)
                )
                if hidden
                else ""
            )
            about = ngettext("about {count} minute", "about {count} minutes", minutes)
            say(
                s.fill(
                    ngettext(
                        "Auditing {org}: {count} question{more}; {minutes}.",
                        "Auditing {org}: {count} questions{more}; {minutes}.",
                        len(shown),
                    ).format(
                        org=self.answers.organization,
                        count=integer(len(shown)),
                        more=more,
                        minutes=about.format(count=integer(minutes)),
                    )
                )
            )
        if self.file_name:
            say(
                s.fill(
                    _("Every answer is saved to {file} as soon as you give it.").format(
                        file=self.file_name
                    )
                )
            )
        else:
            say(s.fill(_("Every answer is saved as soon as you give it.")))
        if self.resume_command:
            say(_("Stop any time with q or Ctrl-C; continue later with:"))
            say("    " + safe_line(self.resume_command))
        say(
            s.dim(
                s.fill(_("Keys: ? help · d don't know · s skip for now · b back · q save and quit"))
            )
        )

    def _respondent(self) -> None:
        """Ask the role (it decides how "don't know" counts) and the date, for a new file;
        say them either way, so a member sees what the file will record."""
        s = self.style
        role, date = self.answers.respondent.role, self.answers.date
        if self.ask_role:
            self.io.say("")
            self.io.say(
                s.fill(
                    _(
                        "Your place in the organization (a member's or leader's \"don't know\" "
                        "about finances or figures counts as opacity; an outside observer's does "
                        "not):"
                    )
                )
            )
            self.io.say("  1  {}    2  {}    3  {}".format(*(role_word(r) for r in ROLE_WORDS)))
            reply = self._ask_line(
                _("Role [1]: "),
                lambda text: text.lower() in ("", "1", "2", "3", *ROLE_WORDS),
                _("Answer 1, 2 or 3 (Enter means member)."),
            ).lower()
            role = {"": "member", "1": "member", "2": "leader", "3": "observer"}.get(reply, reply)
        if self.ask_date:
            today = date or ""
            reply = self._ask_line(
                _("Date of this audit, YYYY-MM-DD [{today}]: ").format(today=today),
                lambda text: text == "" or date_ok(text),
                _("Write a real date as YYYY-MM-DD, such as 2026-03-01 (Enter means today)."),
            )
            date = reply or today
        if self.ask_role or self.ask_date:
            self.answers = dataclasses.replace(
                self.answers,
                respondent=dataclasses.replace(self.answers.respondent, role=role),
                date=date,
            )
            self.persist()
        self.io.say(
            s.dim(
                _("Answering as {role}, dated {date}.").format(role=role_word(role), date=date)
                if date
                else _("Answering as {role}.").format(role=role_word(role))
            )
        )

    def _position(self, index: int) -> tuple[int, int]:
        shown = [c.id for c in self.shown()]
        crit = self._criteria[index]
        number = shown.index(crit.id) + 1 if crit.id in shown else len(shown)
        return number, len(shown)

    def _walk(self, index: int | None) -> None:
        """Ask from `index` on: after each answer, the next unanswered applicable question."""
        while index is not None:
            try:
                self._ask(index)
            except _Back:
                previous = self._previous(index)
                if previous is None:
                    self.io.say(self.style.warn(_("This is the first question.")))
                    continue
                index = previous
                continue
            index = self.first_unanswered(after=index)
            if index is None:
                index = self.first_unanswered()

    def _previous(self, index: int) -> int | None:
        shown = {c.id for c in self.shown()}
        for back in range(index - 1, -1, -1):
            if self._criteria[back].id in shown:
                return back
        return None

    def _review(self) -> None:
        """Offer the skipped, then the don't-know answers once more, each group with its count
        and a few of its questions, before the summary."""
        wanted = set(pending_review(self.rubric, self.answers))
        if not wanted:
            return
        s = self.style
        say = self.io.say
        say("")
        say(s.dim("─" * min(s.width - 1, 60)))
        say(s.bold(_("Review")))
        for status in ("skipped", "dont_know"):
            group = [
                c
                for c in self._criteria
                if c.id in wanted and self.answers.answers[c.id].status == status
            ]
            if not group:
                continue
            say("")
            heading = (
                ngettext("{count} question skipped:", "{count} questions skipped:", len(group))
                if status == "skipped"
                else ngettext(
                    "{count} question answered don't know:",
                    "{count} questions answered don't know:",
                    len(group),
                )
            )
            say(heading.format(count=integer(len(group))))
            for crit in group[:REVIEW_LISTED]:
                say(s.fill(crit.question, "  - ", "    "))
            if len(group) > REVIEW_LISTED:
                say(
                    "    "
                    + _("… and {count} more").format(count=integer(len(group) - REVIEW_LISTED))
                )
            reply = self._ask_line(
                ngettext(
                    "Go through it now? [y/N] ", "Go through these {count} now? [y/N] ", len(group)
                ).format(count=integer(len(group))),
                lambda text: text.lower() in ("", "y", "yes", "n", "no"),
                _("Answer y or n (Enter means no)."),
            )
            if reply.lower() in ("y", "yes"):
                self._revisit(group)
        # questions that an answer changed here made applicable are asked too
        self._walk(self.first_unanswered())

    def _revisit(self, group: list[Criterion]) -> None:
        """Ask each question of `group` again; b goes back to the previous one of the group."""
        position = 0
        while position < len(group):
            crit = group[position]
            if crit.id not in {c.id for c in self.shown()}:
                position += 1
                continue
            try:
                self._ask(self._criteria.index(crit))
            except _Back:
                if position == 0:
                    self.io.say(self.style.warn(_("This is the first question of the review.")))
                else:
                    position -= 1
                continue
            position += 1

    def _ask_line(self, prompt: str, valid: Callable[[str], bool], problem: str) -> str:
        while True:
            text = self.io.ask(prompt).strip()
            if valid(text):
                return text
            self.io.say(self.style.warn(problem))

    # --- one question -------------------------------------------------------------------

    def _ask(self, index: int) -> None:
        crit = self._criteria[index]
        s = self.style
        number, total = self._position(index)
        dim = self._dims[crit.dimension_id].title
        say = self.io.say
        say("")
        say(s.dim("─" * min(s.width - 1, 60)))
        say(s.accent(f"{number}/{total} · {dim}"))
        say("")
        say(s.bold(s.fill(crit.question)))
        say("")
        for line in self._choices(crit):
            say(line)
        current = self.answers.answers.get(crit.id)
        if current is not None:
            say("")
            say(
                s.fill(
                    _("Current answer: {answer}. Enter keeps it.").format(
                        answer=self.show_answer(crit, current)
                    )
                )
            )
        say("")
        say(s.dim(self._keys(crit)))
        accepted = self._accepted(crit)
        while True:
            text = self.io.ask("> ").strip()
            if text == "" and current is not None:
                return
            if text == "" and crit.scored:
                say(
                    s.warn(
                        _("Type your answer ({accepted}), or s to skip it for now.").format(
                            accepted=accepted
                        )
                    )
                )
                continue
            command = text.lower()
            if command == "?":
                self._help(crit)
                continue
            if command == "b":
                raise _Back
            if command == "q":
                raise _Quit
            if command == "w":
                self._save_now()
                continue
            if command == "s":
                self._set(_keep(current, crit.id, None, "skipped"), crit.id)
                return
            if command == "d" and crit.scored:
                self._set(_keep(current, crit.id, None, "dont_know"), crit.id)
                return
            if crit.not_applicable and command in self._na_keys(crit):
                self._set(_keep(current, crit.id, None, "not_applicable"), crit.id)
                return
            if not crit.scored:
                if text == "":
                    self._set(_keep(current, crit.id, None, "skipped"), crit.id)
                    return
                if len(text) > MAX_EVIDENCE:
                    say(s.warn(_too_long()))
                    continue
                self._set(_keep(current, crit.id, text, "answered"), crit.id)
                return
            value = self.parse(crit, text)
            if value is None:
                say(s.warn(_("Not understood: answer with {accepted}.").format(accepted=accepted)))
                continue
            clash = exclusive_clash(crit, value) if isinstance(value, tuple) else None
            if clash is not None:
                say(
                    s.warn(
                        _("{clash}: choose it alone, or the others without it.").format(clash=clash)
                    )
                )
                continue
            self._set(_keep(current, crit.id, value, "answered"), crit.id)
            self._evidence(crit)
            return

    def _save_now(self) -> None:
        if not self.unsaved() and self.save_error is None:
            self.io.say(
                self.style.fill(_("Everything is saved in {file}.").format(file=self._target()))
            )
            return
        self._save_and_tell()

    def _na_keys(self, crit: Criterion) -> tuple[str, ...]:
        return tuple(dict.fromkeys((handler(crit.type).na_key, "na", "n/a")))

    def _choices(self, crit: Criterion) -> list[str]:
        s = self.style
        prompt = handler(crit.type).prompt(crit)
        lines = [s.dim(prompt.note)] if prompt.note else []
        wide = len(str(len(prompt.choices)))
        for number, label in enumerate(prompt.choices, start=1):
            head = f"  {number:>{wide}}  "
            lines.append(s.fill(label, head, " " * len(head)))
        first, *rest = prompt.lines or ("",)
        if prompt.lines:
            lines.append(first)
            lines += [s.fill(x, "", "      ") for x in rest]
        return lines

    def _keys(self, crit: Criterion) -> str:
        parts = ["? " + _("help")]
        if crit.scored:
            parts.append("d " + _("don't know"))
        if crit.not_applicable:
            parts.append(handler(crit.type).na_key + " " + _("not applicable"))
        parts += ["s " + _("skip"), "b " + _("back"), "q " + _("quit")]
        return " · ".join(parts)

    def _accepted(self, crit: Criterion) -> str:
        keys = ["d"] if crit.scored else []
        if crit.not_applicable:
            keys.append(handler(crit.type).na_key)
        keys += ["s", "b", "?", "q"]
        return _("{values}; or {keys}").format(
            values=handler(crit.type).prompt(crit).typed, keys=", ".join(keys)
        )

    def parse(self, crit: Criterion, text: str) -> AnswerValue | None:
        """The answer typed for a scored question, or None when it is not acceptable."""
        if not crit.scored:
            return None
        return handler(crit.type).parse_typed(crit, text)

    def show_answer(self, crit: Criterion, answer: Answer) -> str:
        """An answer in words, as the respondent chose it."""
        if answer.status != "answered":
            return {
                "dont_know": _("don't know"),
                "not_applicable": _("not applicable"),
                "skipped": _("skipped"),
            }[answer.status]
        assert answer.value is not None
        return handler(crit.type).show_typed(crit, answer.value)

    def _evidence(self, crit: Criterion) -> None:
        """Optional evidence and links after a scored answer; each saved as it is given."""
        current = self.answers.answers[crit.id]
        s = self.style
        if current.evidence:
            self.io.say(
                s.dim(s.fill(_("Evidence so far: {evidence}").format(evidence=current.evidence)))
            )
            prompt = _("Evidence (a document, a date, what you saw); Enter keeps it, - clears it:")
        else:
            prompt = _("Evidence (a document, a date, what you saw); Enter to skip:")
        while True:
            text = self.io.ask(s.fill(prompt) + " ").strip()
            if len(text) <= MAX_EVIDENCE:
                break
            self.io.say(s.warn(_too_long()))
        if text.lower() == "q":  # the answer itself is saved already
            raise _Quit
        if text == "-":
            current = dataclasses.replace(current, evidence="", links=())
            self._set(current, crit.id)
            return
        if text == "" and not current.evidence:
            return
        if text:
            current = dataclasses.replace(current, evidence=text)
            self._set(current, crit.id)
        links_now = " ".join(current.links)
        ask = (
            _("Links, separated by spaces (Enter keeps {links}): ").format(links=links_now)
            if links_now
            else _("Links, separated by spaces (Enter to skip): ")
        )
        while True:
            line = self.io.ask(ask).strip()
            if not line:
                return
            if line.lower() == "q":
                raise _Quit
            links = tuple(dict.fromkeys(line.replace(",", " ").split()))
            bad = [link for link in links if not LINK_RE.match(link)]
            if bad:
                self.io.say(
                    s.warn(
                        _("Not an http(s) address: {link}. Links start with https://").format(
                            link=bad[0]
                        )
                    )
                )
                continue
            if len(links) > MAX_LINKS:
                self.io.say(s.warn(_("At most {count} links.").format(count=integer(MAX_LINKS))))
                continue
            self._set(dataclasses.replace(current, links=links), crit.id)
            return

    def _help(self, crit: Criterion) -> None:
        s = self.style
        say = self.io.say
        say("")
        if crit.help:
            say(s.fill(crit.help))
        else:
            say(s.dim(_("No help for this question.")))
        if crit.source is not None and crit.source.quote:
            source = self.rubric.source(crit.source.ref)
            where = source.title if source else crit.source.ref
            page = f", p. {crit.source.page}" if crit.source.page else ""
            say("")
            say(s.fill(f"“{crit.source.quote}”", "    ", "     "))
            say(s.dim(s.fill(f"— {where}{page}", "    ")))
        if crit.when is not None:
            say("")
            say(s.dim(s.fill(_("Asked because: {why}.").format(why=describe(crit.when)))))
        typing_help = handler(crit.type).prompt(crit).help
        if typing_help:
            say(s.dim(typing_help))
        say("")


def _keep(
    current: Answer | None, criterion_id: str, value: AnswerValue | None, status: str
) -> Answer:
    """A new answer that keeps the evidence and links already given for the question."""
    evidence = current.evidence if current else ""
    links = current.links if current else ()
    return Answer(criterion_id, value, status, evidence, links)  # type: ignore[arg-type]


def _too_long() -> str:
    return _("That is too long (at most {count} characters).").format(
        count=integer(MAX_EVIDENCE) if current_language() != "en" else f"{MAX_EVIDENCE:,}"
    )


def role_word(role: str) -> str:
    """A respondent's role in the reader's language (the file keeps the English value)."""
    return {"member": _("member"), "leader": _("leader"), "observer": _("observer")}.get(role, role)


ROLE_WORDS = ("member", "leader", "observer")
#: Questions listed by name in the review of each group; the rest are counted.
REVIEW_LISTED = 5


def date_ok(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (as answers files hold it)."""
    import datetime

    try:
        return len(text) == 10 and datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def slug(name: str) -> str:
    """An answers file's name from an organization's name: the same rule as reports'
    (`present.slugify`), so `Çağ Union` is `cag-union.yaml` and `cag-union.pdf`."""
    from .present import slugify

    return slugify(name, "audit")


def pending_review(rubric: Rubric, answers: Answers) -> list[str]:
    """Ids of applicable questions answered skipped or don't know, in rubric order."""
    results = criterion_results(rubric, answers.answers)
    return [
        r.id
        for r in results
        if r.status != "not_shown"
        and (a := answers.answers.get(r.id)) is not None
        and a.status in ("skipped", "dont_know")
    ]


def open_session(
    path: str | Path,
    rubric: Rubric,
    organization: str | None,
    role: str | None,
    today: str,
) -> tuple[Answers | None, bool]:
    """The answers to continue from `path`, and whether they were resumed.

    Returns (None, False) for a new file when the organization is still unknown. Refuses, rather
    than overwrites, a file that is not an answers file for this rubric, or is another
    organization's or another role's.
    """
    target = Path(path)
    if target.exists():
        try:
            answers, _warnings = load_answers(target, rubric)
        except (YamlError, AnswersError) as exc:
            raise AnswersError(
                f"exists and cannot be continued: {exc.message}",
                file=str(target),
                line=exc.line,
                hint=exc.hint or "choose another file with -o, or move this one away",
            ) from exc
        if organization is not None and organization.strip() != answers.organization:
            raise AnswersError(
                f"holds the answers of '{answers.organization}', not '{organization.strip()}'",
                file=str(target),
                hint="choose another file with -o, or leave out --org to continue it",
            )
        if role is not None and role != answers.respondent.role:
            raise AnswersError(
                f"was answered as {answers.respondent.role}, not {role}",
                file=str(target),
                hint="choose another file with -o for another respondent",
            )
        return answers, True
    if organization is None or not organization.strip():
        return None, False
    return new_answers(rubric, organization, role or "member", today), False


def new_answers(rubric: Rubric, organization: str, role: str, today: str) -> Answers:
    return Answers(
        organization=organization.strip(),
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        answers={},
        respondent=Respondent(role=role),
        date=today,
    )

"""The questionnaire's logic over a fake prompt: parsing, saving after every change, conditions."""

from __future__ import annotations

from collections import deque

import pytest

from orgaudit.errors import OrgauditError
from orgaudit.model import Answer, Answers, Criterion, Leaf
from orgaudit.questionnaire import Questionnaire, Style, new_answers, slug

from .test_audit_support import default_rubric, plan, script

RUBRIC = default_rubric()


class FakeIO:
    """Replays scripted lines and records everything shown; EOFError when the lines run out."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = deque(lines)
        self.shown: list[str] = []

    def ask(self, prompt: str) -> str:
        self.shown.append(prompt)
        if not self.lines:
            raise EOFError
        return self.lines.popleft()

    def say(self, text: str) -> None:
        self.shown.append(text)


def session(
    lines: list[str], answers: Answers | None = None
) -> tuple[Questionnaire, list[Answers]]:
    saves: list[Answers] = []
    q = Questionnaire(
        RUBRIC,
        answers or new_answers(RUBRIC, "Acme", "member", "2024-05-01"),
        FakeIO(lines),
        saves.append,
        style=Style(color=False, width=80),
    )
    return q, saves


def crit(criterion_id: str) -> Criterion:
    found = RUBRIC.criterion(criterion_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("criterion_id", "typed", "value"),
    [
        ("committee-election", "2", "competing-slates"),
        ("committee-election", " 5 ", crit("committee-election").options[4].value),
        ("committee-election", "6", None),
        ("committee-election", "0", None),
        ("committee-election", "two", None),
        ("secret-ballot-rule", "y", "yes"),
        ("secret-ballot-rule", "No", "no"),
        ("secret-ballot-rule", "2", "no"),
        ("secret-ballot-rule", "3", None),
        ("idea-source", "5", 5),
        ("idea-source", "6", None),
        ("idea-source", "2.5", None),
        ("months-since-contested", "0", 0),
        ("months-since-contested", "1200", 1200),
        ("months-since-contested", "1201", None),
        ("months-since-contested", "-3", None),
        ("months-since-contested", "7.5", 7.5),
        ("months-since-contested", "nan", None),
        ("months-since-contested", "1e400", None),
        (
            "documents-available",
            "2, 1",
            tuple(o.value for o in crit("documents-available").options[:2]),
        ),
        ("documents-available", "1 1", (crit("documents-available").options[0].value,)),
        ("documents-available", "1,9", None),
        ("documents-available", "", None),
    ],
)
def test_parse(criterion_id: str, typed: str, value: object) -> None:
    q, _ = session([])
    assert q.parse(crit(criterion_id), typed) == value


def test_saves_after_every_change() -> None:
    steps = plan(RUBRIC)
    lines = script(steps[:3]).splitlines()
    q, saves = session(lines)
    with pytest.raises(EOFError):
        q.run()
    # one save per answer, each with one more answer than the last
    assert [len(s.answers) for s in saves] == [1, 2, 3]
    assert q.answers == saves[-1]


def test_evidence_and_links_are_each_saved() -> None:
    q, saves = session(["1", "the minutes", "https://a.example/m"])
    with pytest.raises(EOFError):
        q.run()
    first = [s.answers["committee-election"] for s in saves]
    assert [(a.evidence, a.links) for a in first] == [
        ("", ()),
        ("the minutes", ()),
        ("the minutes", ("https://a.example/m",)),
    ]


def test_quit_returns_quit() -> None:
    q, saves = session(["1", "", "q"])
    assert q.run() == "quit"
    assert len(saves) == 1


def test_answers_that_stop_applying_are_kept_and_come_back() -> None:
    # a practice question asked after a practice answer (no practice question waits for a rule
    # answer since issue 11.5)
    gate, gated = "leaders-premeetings", "premeeting-records"
    treatment = crit(gated)
    right = crit(gate)
    assert isinstance(treatment.when, Leaf) and isinstance(treatment.when.value, tuple)
    opens = [o.value for o in right.options if o.value in treatment.when.value]
    closes = [o.value for o in right.options if o.value not in treatment.when.value]
    entries = {
        gate: Answer(gate, closes[0]),
        gated: Answer(gated, treatment.options[0].value),
    }
    base = new_answers(RUBRIC, "Acme", "member", "2024-05-01")
    q, _ = session([], Answers(**{**base.__dict__, "answers": entries}))
    assert gated not in {c.id for c in q.shown()}
    assert gated in q.answers.answers
    entries[gate] = Answer(gate, opens[0])
    q2, _ = session([], Answers(**{**base.__dict__, "answers": entries}))
    assert gated in {c.id for c in q2.shown()}


def test_first_unanswered_skips_answered_and_hidden() -> None:
    base = new_answers(RUBRIC, "Acme", "member", "2024-05-01")
    entries = {c.id: Answer(c.id, None, "skipped") for c in RUBRIC.criteria[:3]}
    q, _ = session([], Answers(**{**base.__dict__, "answers": entries}))
    assert q.first_unanswered() == 3


def test_colour_only_when_asked() -> None:
    assert Style(color=False).bold("x") == "x"
    assert Style(color=True).bold("x") == "\x1b[1mx\x1b[0m"
    q, _ = session(["q"])
    q.run()
    assert not any("\x1b" in line for line in q.io.shown)  # type: ignore[attr-defined]


def test_lines_fit_the_width() -> None:
    q, _ = session(["?", "q"])
    q.style = Style(color=False, width=60)
    q.run()
    lines = [line for text in q.io.shown for line in text.splitlines()]  # type: ignore[attr-defined]
    assert max(len(line) for line in lines) <= 60


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Union", "acme-union"),
        ("Acme Workers' Union (UK)", "acme-workers-union-uk"),
        ("../../etc/passwd", "etc-passwd"),
        ("Ωμέγα", "ωμεγα"),  # other scripts stay readable
        ("<<>>", "audit"),
        ("x" * 200, "x" * 60),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


class FlakyDisk:
    """A save that fails its first `failures` times, as a full disk does; records what it wrote."""

    def __init__(self, failures: int = 1_000) -> None:
        self.failures = failures
        self.written: list[Answers] = []

    def __call__(self, answers: Answers) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise OrgauditError("cannot write: No space left on device", file="acme.yaml")
        self.written.append(answers)


def test_a_failed_save_keeps_the_answers_and_retries() -> None:
    # saves: answer 1 (fails), w (fails), answer 2 (fails), its evidence (fails), w (succeeds)
    disk = FlakyDisk(failures=4)
    io = FakeIO(["1", "", "w", "1", "minutes", "", "w", "q"])
    blank = new_answers(RUBRIC, "Acme", "member", "2024-05-01")
    q = Questionnaire(RUBRIC, blank, io, disk, file_name="a.yaml")
    assert q.run() == "quit"
    shown = " ".join(" ".join(io.shown).split())
    assert shown.count("Could not save to a.yaml: cannot write: No space left on device.") == 4
    assert "2 answers kept here but not saved yet" in shown
    assert "Saved: every answer is in a.yaml now." in shown
    assert q.unsaved() == [] and q.save_error is None
    assert len(disk.written) == 1
    last = disk.written[0].answers
    assert [last[c].evidence for c in last] == ["", "minutes"]


def test_standing_names_what_is_not_saved() -> None:
    disk = FlakyDisk()
    q = Questionnaire(
        RUBRIC,
        new_answers(RUBRIC, "Acme", "member", "2024-05-01"),
        FakeIO(["1", "", "q", "", "quit"]),
        disk,
        file_name="a.yaml",
    )
    assert q.run() == "quit"
    assert q.unsaved() == ["committee-election"]
    assert q.standing() == (
        "0 answers saved to a.yaml; 1 answer NOT saved "
        "(cannot write: No space left on device): committee-election."
    )


@pytest.mark.parametrize(("seconds", "said"), [(1, "about 1 minute."), (120, "minutes.")])
def test_the_time_it_takes_is_said_in_the_singular_and_the_plural(
    monkeypatch: pytest.MonkeyPatch, seconds: int, said: str
) -> None:
    """A short audit takes "about 1 minute", not "about 1 minutes"."""
    import orgaudit.questionnaire as questionnaire

    monkeypatch.setattr(questionnaire, "SECONDS_PER_QUESTION", seconds)
    q, _ = session(["q"])
    q.run()
    intro = next(t for t in q.io.shown if t.startswith("Auditing Acme"))  # type: ignore[attr-defined]
    assert " ".join(intro.split()).endswith(said), intro
    assert "1 minutes" not in intro

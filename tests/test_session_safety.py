"""`orgaudit audit` keeps answers safe from its own kind: two sessions on one file (a real lock
between real processes), a killed session, a full disk or a file-size limit (real faults), and
bytes that are not UTF-8 typed at a prompt (a real pseudo-terminal)."""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import resource
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
import yaml
from click.testing import CliRunner

from orgaudit.answers import (
    MAX_EVIDENCE,
    MAX_LINKS,
    MAX_ORGANIZATION,
    load_answers,
    save_answers,
    template_text,
)
from orgaudit.cli import main
from orgaudit.errors import AnswersError
from orgaudit.model import Answer, Answers
from orgaudit.questionnaire import new_answers
from orgaudit.rubric import load_rubric
from orgaudit.yamlio import parse_yaml

from .conftest import DATA
from .test_audit_support import ORGAUDIT, acme_args, default_rubric, plain_env, plan

RUBRIC = default_rubric()
STEPS = plan(RUBRIC)


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        str(ORGAUDIT),
        acme_args(tmp_path / "acme.yaml", *args),
        env=plain_env(TERM="dumb", NO_COLOR="1"),
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 100),
    )


def run(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A scripted session in another process, its output and exit code."""
    return subprocess.run(
        [
            str(ORGAUDIT),
            "audit",
            "--role",
            "member",
            "--date",
            "2026-01-01",
            "-o",
            str(tmp_path / "acme.yaml"),
            *args,
        ],
        input=text,
        capture_output=True,
        text=True,
        env=plain_env(TERM="dumb"),
        cwd=tmp_path,
        timeout=30,
    )


def saved(tmp_path: Path) -> dict[str, object]:
    answers, _ = load_answers(tmp_path / "acme.yaml", RUBRIC)
    return {k: a.value for k, a in answers.answers.items()}


def end(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return int(child.exitstatus)


# --- 1. one session per answers file -----------------------------------------------------------


def test_a_second_session_on_the_same_file_is_refused_at_once(tmp_path: Path) -> None:
    first = spawn(tmp_path)
    first.expect_exact("> ")
    first.sendline(STEPS[0].typed)
    first.expect_exact("Evidence (")
    first.sendline("")
    first.expect_exact("> ")  # the first answer is saved; the session is still running

    second = run(tmp_path, "2\n\nq\n")
    assert second.returncode == 2
    lines = second.stderr.splitlines()
    assert len(lines) == 1, second.stderr
    assert str(tmp_path / "acme.yaml") in lines[0]
    assert "another `orgaudit audit` session" in lines[0]
    assert "Traceback" not in second.stderr + second.stdout
    assert "1/" not in second.stdout  # refused before any question

    first.sendline("q")
    first.expect_exact("Saved 1 answer to")
    assert end(first) == 0
    assert saved(tmp_path) == {STEPS[0].criterion.id: STEPS[0].value}
    assert not (tmp_path / ".acme.yaml.lock").exists()

    # once the first session is over, the file can be continued
    again = run(tmp_path, "q\n")
    assert again.returncode == 0, again.stderr
    assert "Resuming Acme: 1 of" in again.stdout


def test_a_killed_session_does_not_block_the_next(tmp_path: Path) -> None:
    first = spawn(tmp_path)
    first.expect_exact("> ")
    first.sendline(STEPS[0].typed)
    first.expect_exact("Evidence (")
    first.sendline("")
    first.expect_exact("> ")
    first.kill(signal.SIGKILL)
    first.expect(pexpect.EOF)
    first.close()
    assert first.signalstatus == signal.SIGKILL
    assert (tmp_path / ".acme.yaml.lock").exists()  # left behind, but no longer locked

    second = run(tmp_path, "q\n")
    assert second.returncode == 0, second.stderr
    assert "Resuming Acme: 1 of" in second.stdout
    assert saved(tmp_path) == {STEPS[0].criterion.id: STEPS[0].value}


def test_a_symlink_in_place_of_the_lock_file_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (tmp_path / ".acme.yaml.lock").symlink_to(victim)
    refused = run(tmp_path, "q\n", "--org", "Acme")
    assert refused.returncode == 2
    assert "cannot create the session lock .acme.yaml.lock" in refused.stderr
    assert victim.read_text() == "keep me\n"
    assert not (tmp_path / "acme.yaml").exists()


# --- 2. a save that fails does not end the session ------------------------------------------


def limited(tmp_path: Path, max_bytes: int) -> pexpect.spawn:
    """A session whose process may not write files beyond `max_bytes` (`ulimit -f`)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, resource.RLIM_INFINITY))
        # Ctrl-C must reach the child even when pytest runs with SIGINT ignored (a background
        # job, nohup, some CI runners): a child inherits an ignored SIGINT otherwise.
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return pexpect.spawn(
        str(ORGAUDIT),
        ["audit", "--role", "member", "--date", "2026-01-01", "--org", "Acme", "-o", "acme.yaml"],
        env=plain_env(TERM="dumb", NO_COLOR="1"),
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 100),
        preexec_fn=limit,
    )


def blank_size(tmp_path: Path) -> int:
    """The size of a new answers file, with no answers yet."""
    folder = tmp_path / "blank"
    folder.mkdir()
    assert run(folder, "q\n", "--org", "Acme").returncode == 0
    return (folder / "acme.yaml").stat().st_size


def expect_words(child: pexpect.spawn, text: str) -> None:
    """Expect `text` however the terminal width wrapped it."""
    child.expect(r"\s+".join(re.escape(word) for word in text.split()))


def answer_with_evidence(child: pexpect.spawn, typed: str, evidence: str) -> None:
    child.expect_exact("> ")
    child.sendline(typed)
    child.expect_exact("Evidence (")
    child.sendline(evidence)


def test_a_file_size_limit_keeps_the_session_and_a_later_save_succeeds(tmp_path: Path) -> None:
    child = limited(tmp_path, blank_size(tmp_path) + 300)
    evidence = "The minutes of the 2023 congress, page 4. " * 25  # about 1 KB: past the limit
    answer_with_evidence(child, STEPS[0].typed, evidence)
    expect_words(child, "Could not save to")
    child.expect_exact("File too large.")
    expect_words(child, "type w to try now")
    child.expect_exact("Links, separated by spaces")
    child.sendline("")
    # the next answer is kept too, and its save is tried (and fails) again
    child.expect_exact("> ")
    child.sendline(STEPS[1].typed)
    expect_words(child, "2 answers kept here but not saved yet")
    child.expect_exact("Evidence (")
    child.sendline("")
    on_disk = saved(tmp_path)
    assert list(on_disk) == [STEPS[0].criterion.id]  # the answer alone was saved, not the evidence

    # room again (the soft limit lifted from outside, up to the hard one), then an explicit save
    resource.prlimit(child.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
    child.expect_exact("> ")
    child.sendline("w")
    child.expect_exact("Saved: every answer is in")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect_exact("Saved 2 answers to")
    assert end(child) == 0
    answers, _ = load_answers(tmp_path / "acme.yaml", RUBRIC)
    assert answers.answers[STEPS[0].criterion.id].evidence == evidence.strip()
    assert {k: a.value for k, a in answers.answers.items()} == {
        s.criterion.id: s.value for s in STEPS[:2]
    }


def test_leaving_with_unsaved_answers_says_what_is_lost_and_how_to_resume(tmp_path: Path) -> None:
    child = limited(tmp_path, blank_size(tmp_path) + 300)
    evidence = "Seen at the branch meeting. " * 40
    answer_with_evidence(child, STEPS[0].typed, evidence)
    child.expect_exact("File too large.")
    child.expect_exact("Links, separated by spaces")
    child.sendline("")
    child.expect_exact("> ")
    child.sendline("q")
    expect_words(child, "Enter to try again, or type quit")
    child.sendline("")  # retry: fails again, asks again
    expect_words(child, "Enter to try again, or type quit")
    child.sendline("quit")
    child.expect_exact("Stopped. 1 answer saved to acme.yaml; 1 answer NOT saved (File too large)")
    child.expect_exact("Not saved (copy what you need):")
    child.expect_exact("evidence: Seen at the branch meeting.")
    child.expect_exact("Continue with: orgaudit audit -o acme.yaml")
    assert end(child) == 1
    assert saved(tmp_path) == {STEPS[0].criterion.id: STEPS[0].value}


def test_ctrl_c_after_a_failed_save_says_what_is_not_saved(tmp_path: Path) -> None:
    child = limited(tmp_path, blank_size(tmp_path) + 300)
    answer_with_evidence(child, STEPS[0].typed, "x" * 1000)
    child.expect_exact("File too large.")
    child.expect_exact("Links, separated by spaces")
    child.send("\x03")
    child.expect_exact("Interrupted. 1 answer saved to")
    child.expect_exact("1 answer NOT saved (File too large)")
    child.expect_exact("Continue with: orgaudit audit -o")
    assert end(child) == 130


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs (needs root and a mount namespace that allows it; skipped otherwise)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    """Take every free block of the file system `folder` is on."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def test_a_full_disk_keeps_the_session_and_saves_once_there_is_room(small_disk: Path) -> None:
    child = spawn(small_disk)
    answer_with_evidence(child, STEPS[0].typed, "")
    child.expect_exact("> ")
    filler = fill(small_disk)
    child.sendline(STEPS[1].typed)
    expect_words(child, "No space left on device.")
    child.expect_exact("Evidence (")
    child.sendline("the rule book, article 7")
    expect_words(child, "1 answer kept here but not saved yet")
    child.expect_exact("Links, separated by spaces")
    child.sendline("")
    assert saved(small_disk) == {STEPS[0].criterion.id: STEPS[0].value}

    filler.unlink()
    child.expect_exact("> ")
    child.sendline("w")
    expect_words(child, "Saved: every answer is in")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect_exact("Saved 2 answers to")
    assert end(child) == 0
    answers, _ = load_answers(small_disk / "acme.yaml", RUBRIC)
    assert answers.answers[STEPS[1].criterion.id].evidence == "the rule book, article 7"
    assert not [p for p in small_disk.iterdir() if p.name.endswith(".tmp")]


# --- 3. text that is not UTF-8 --------------------------------------------------------------


def test_a_latin_1_byte_at_a_prompt_asks_again(tmp_path: Path) -> None:
    child = pexpect.spawn(
        str(ORGAUDIT),
        ["audit", "--role", "member", "--date", "2026-01-01", "-o", "acme.yaml"],
        env=plain_env(TERM="dumb", NO_COLOR="1", LANG="C.UTF-8", LC_ALL="C.UTF-8"),
        cwd=str(tmp_path),
        encoding="utf-8",
        codec_errors="replace",  # the terminal echoes the Latin-1 byte back
        timeout=15,
        dimensions=(40, 100),
    )
    child.expect_exact("Organization name: ")
    os.write(child.child_fd, b"Caf\xe9 Workers\n")  # what a Latin-1 terminal sends for "Café"
    expect_words(child, "is not UTF-8 text")
    expect_words(child, "Caf\ufffd Workers")  # what was typed, the bad byte shown
    child.expect_exact("Organization name: ")
    child.sendline("Café Workers")
    child.expect_exact("> ")
    child.sendline(STEPS[0].typed)
    child.expect_exact("Evidence (")
    os.write(child.child_fd, b"Minutes of 12 f\xe9vrier\n")
    expect_words(child, "is not UTF-8 text")
    child.expect_exact("Evidence (")
    child.sendline("Minutes of 12 février")
    child.expect_exact("Links, separated by spaces")
    child.sendline("")
    child.expect_exact("> ")
    os.write(child.child_fd, b"\xff\n")
    expect_words(child, "is not UTF-8 text")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect_exact("Saved 1 answer to acme.yaml.")
    assert end(child) == 0
    answers, _ = load_answers(tmp_path / "acme.yaml", RUBRIC)
    assert answers.organization == "Café Workers"
    assert answers.answers[STEPS[0].criterion.id].evidence == "Minutes of 12 février"


def test_a_control_character_typed_is_refused_and_asked_again(tmp_path: Path) -> None:
    """An arrow key on a terminal without line editing types ESC [ D into the text."""
    done = run(tmp_path, "1\nMinutes\x1b[D of May\nMinutes of May\n\nq\n", "--org", "Acme")
    assert done.returncode == 0, done.stderr
    assert "holds a control character (an arrow or function key?)" in done.stdout
    assert "\x1b" not in done.stdout
    assert "Minutes^[[D of May" in done.stdout
    assert load_answers(tmp_path / "acme.yaml", RUBRIC)[0].answers[
        STEPS[0].criterion.id
    ].evidence == ("Minutes of May")


# --- 4. what is typed is what a file may hold -----------------------------------------------


def test_an_org_longer_than_the_loader_accepts_is_refused_where_typed(tmp_path: Path) -> None:
    too_long, longest = "A" * (MAX_ORGANIZATION + 1), "A" * MAX_ORGANIZATION
    refused = CliRunner().invoke(
        main,
        [
            "audit",
            "--role",
            "member",
            "--date",
            "2026-01-01",
            "--org",
            too_long,
            "-o",
            str(tmp_path / "acme.yaml"),
        ],
        input="q\n",
    )
    assert refused.exit_code == 2
    assert refused.output.count("\n") == 1
    assert f"too long ({MAX_ORGANIZATION + 1} characters; at most {MAX_ORGANIZATION})" in (
        refused.output
    )
    assert not (tmp_path / "acme.yaml").exists()

    refused = CliRunner().invoke(main, ["template", "--org", too_long])
    assert refused.exit_code == 2
    assert "too long" in refused.output

    # at the prompt: asked again, then the longest name accepted is saved and loads
    typed = CliRunner().invoke(
        main,
        ["audit", "--role", "member", "--date", "2026-01-01", "-o", str(tmp_path / "acme.yaml")],
        input=f"{too_long}\n{longest}\nq\n",
    )
    assert typed.exit_code == 0, typed.output
    assert "too long (301 characters; at most 300)" in " ".join(typed.output.split())
    assert load_answers(tmp_path / "acme.yaml", RUBRIC)[0].organization == longest

    # --org at the limit, in the template too
    written = tmp_path / "template.yaml"
    template = CliRunner().invoke(main, ["template", "--org", longest, "-o", str(written)])
    assert template.exit_code == 0, template.output
    assert load_answers(written, RUBRIC)[0].organization == longest


def test_an_org_with_a_line_break_is_refused_as_typed(tmp_path: Path) -> None:
    refused = CliRunner().invoke(
        main,
        [
            "audit",
            "--role",
            "member",
            "--date",
            "2026-01-01",
            "--org",
            "Acme\nUnion",
            "-o",
            str(tmp_path / "acme.yaml"),
        ],
        input="q\n",
    )
    assert refused.exit_code == 2
    assert "control character" in refused.output
    assert not (tmp_path / "acme.yaml").exists()


def test_answers_too_large_to_load_are_never_written(tmp_path: Path) -> None:
    """Evidence and links at their limits can add up past the loader's file size."""
    path = tmp_path / "acme.yaml"
    base = new_answers(RUBRIC, "Acme", "member", "2024-05-01")
    save_answers(path, base, RUBRIC)
    before = path.read_text()
    links = tuple(f"https://a.example/{i}/" + "x" * 5000 for i in range(MAX_LINKS))
    entries = {
        c.id: Answer(c.id, None, "dont_know", "\N{GRINNING FACE}" * MAX_EVIDENCE, links)
        for c in RUBRIC.criteria
        if c.scored
    }
    big = Answers(**{**base.__dict__, "answers": entries})
    with pytest.raises(AnswersError, match="over the 5,242,880 that orgaudit reads"):
        save_answers(path, big, RUBRIC)
    assert path.read_text() == before


# --- 16. a template stays a file orgaudit reads, whatever the rubric's texts hold -----------

#: Everything YAML reads as a line break, and a tab.
BREAKS = "one\ntwo\r\nthree\rfour\x85five\u2028six\u2029seven\tend"


def hostile_rubric(folder: Path, text: str) -> Path:
    """The mini rubric with `text` in every text that a template writes as a comment."""
    data = yaml.safe_load((DATA / "mini" / "rubric.yaml").read_text(encoding="utf-8"))
    data["title"] = f"Mini {text}"
    for dim in data["dimensions"]:
        dim["title"] += f" {text}"
        for crit in dim["criteria"]:
            crit["question"] += f" {text}"
            crit["help"] = f"Help {text}"
            for option in crit.get("options", []):
                option["label"] += f" {text}"
            if crit["type"] == "number":
                crit["number"]["unit"] = f"hours {text}"
    data["dimensions"][1]["criteria"].append(
        {
            "id": "openness",
            "question": f"How open is debate? {text}",
            "type": "scale",
            "scale": {
                "min": 1,
                "max": 5,
                "min_label": f"Closed {text}",
                "max_label": f"Open {text}",
            },
        }
    )
    path = folder / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_template_from_a_rubric_with_line_breaks_in_its_texts_loads(tmp_path: Path) -> None:
    rubric_path = hostile_rubric(tmp_path, BREAKS)
    out = tmp_path / "answers.yaml"
    runner = CliRunner()
    written = runner.invoke(
        main, ["template", "--rubric", str(rubric_path), "--org", "Acme", "-o", str(out)]
    )
    assert written.exit_code == 0, written.output
    text = out.read_text(encoding="utf-8")
    for line in text.splitlines():
        assert line.lstrip().startswith("#") or "end" not in line, line
    filled = (
        text.replace("  election: ~", "  election: contested")
        .replace("  meeting-hours: ~", "  meeting-hours: 4")
        .replace("  openness: ~", "  openness: 4")
    )
    out.write_text(filled, encoding="utf-8")
    scored = runner.invoke(main, ["score", "--rubric", str(rubric_path), str(out)])
    assert scored.exit_code == 0, scored.output
    answers, _ = load_answers(out, load_rubric(rubric_path))
    assert {k: a.value for k, a in answers.answers.items() if a.value is not None} == {
        "election": "contested",
        "meeting-hours": 4,
        "openness": 4,
    }


def test_a_template_escapes_what_yaml_refuses_in_a_comment() -> None:
    """Controls and lone surrogates (a rubric may hold them as YAML escapes) become visible."""
    rubric = load_rubric(DATA / "mini" / "rubric.yaml")
    nasty = "bell\x07 esc\x1b[31m del\x7f csi\x9b nul\x00 half\ud800 nonchar\uffff"
    dims = tuple(
        dataclasses.replace(
            dim,
            title=dim.title + nasty,
            criteria=tuple(
                dataclasses.replace(
                    crit,
                    question=crit.question + nasty,
                    help=nasty,
                    options=tuple(
                        dataclasses.replace(o, label=o.label + nasty) for o in crit.options
                    ),
                )
                for crit in dim.criteria
            ),
        )
        for dim in rubric.dimensions
    )
    text = template_text(dataclasses.replace(rubric, title=nasty, dimensions=dims), "Acme")
    assert "bell\\x07 esc\\x1b[31m del\\x7f csi\\x9b nul\\x00 half\\ud800 nonchar\\uffff" in text
    doc = parse_yaml(text, "template.yaml")
    assert doc.data["organization"] == "Acme"

"""Inputs never hang or exhaust the machine, and rubric sources stay in their folder (issue 12
items 9-12): real named pipes, a measured memory peak, a timed quote check, symlinked sources."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from orgaudit.errors import YamlError
from orgaudit.rubric import check_rubric, nearest_excerpt, normalise_space
from orgaudit.yamlio import MAX_ITEMS, MAX_NODES, parse_yaml, read_text

from .conftest import DATA, MINI, ROOT

SOURCES_RUBRIC = DATA / "bad" / "rubrics" / "source-file-missing.yaml"


def orgaudit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: a hang is a timeout here, not a stuck test run."""
    return subprocess.run(
        [sys.executable, "-m", "orgaudit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


# --- item 9: named pipes ---------------------------------------------------------------------


@pytest.fixture
def fifo_dir(tmp_path: Path) -> Path:
    for name in ("rubric.yaml", "healthy.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    os.mkfifo(tmp_path / "pipe.yaml")
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("score", "pipe.yaml", "-r", "rubric.yaml"),
        ("score", "healthy.yaml", "-r", "pipe.yaml"),
        ("rubric", "validate", "pipe.yaml"),
        ("report", "healthy.yaml", "-r", "rubric.yaml", "-o", "pipe.yaml", "--format", "json"),
    ],
    ids=["answers", "rubric", "validate", "output"],
)
def test_a_named_pipe_is_named_not_waited_on(fifo_dir: Path, args: tuple[str, ...]) -> None:
    done = orgaudit(*args, cwd=fifo_dir)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "orgaudit: pipe.yaml: is a named pipe, not a file (name a regular file)\n"


@pytest.mark.slow
def test_a_named_pipe_as_a_rubric_source(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    shutil.copy(SOURCES_RUBRIC, rubric)
    (tmp_path / "sources").mkdir()
    os.mkfifo(tmp_path / "sources" / "missing.txt")
    done = orgaudit("rubric", "validate", "rubric.yaml", cwd=tmp_path)  # in a process: it hung
    assert done.returncode == 1
    assert done.stdout == (
        "rubric.yaml:8: $.sources[0].path: cannot read the source 'sources/missing.txt': "
        "is a named pipe, not a file\n"
    )


def test_read_text_refuses_devices_by_name() -> None:
    with pytest.raises(YamlError, match="is a character device, not a file"):
        read_text("/dev/zero")


# --- item 10: memory -------------------------------------------------------------------------

_PEAK = textwrap.dedent(
    """
    import resource, sys
    from orgaudit.errors import OrgauditError
    from orgaudit.yamlio import load_yaml
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        load_yaml(sys.argv[1])
        outcome = "loaded"
    except OrgauditError as exc:
        outcome = str(exc)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((after - before) // 1024)
    print(outcome)
    """
)


def peak_mb(path: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert done.returncode == 0, done.stderr
    mb, outcome = done.stdout.splitlines()
    return int(mb), outcome


@pytest.mark.slow
def test_the_largest_accepted_file_stays_within_100_mb(tmp_path: Path) -> None:
    """Just under every limit: 5 MB, 100,000 values, lists of 10,000 items."""
    lists, per_list = 10, MAX_ITEMS - 10
    assert lists * per_list < MAX_NODES
    item = "x" * 40
    path = tmp_path / "big.yaml"
    path.write_text(
        "organization: x\nanswers:\n"
        + "".join(f"  k{j}:\n" + f"    - {item}\n" * per_list for j in range(lists))
    )
    assert 4_000_000 < path.stat().st_size < 5 * 1024 * 1024
    mb, outcome = peak_mb(path)
    assert outcome == "loaded"
    assert mb < 100


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  a: [" + ",".join(["1"] * 2_300_000) + "]\n", "a list with more than 10,000 items"),
        ("  a: {" + ",".join(f"k{i}: 1" for i in range(450_000)) + "}\n", "too many values"),
    ],
    ids=["flow-list", "wide-mapping"],
)
def test_a_huge_file_is_refused_cheaply(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("organization: x\nanswers:\n" + body)
    assert path.stat().st_size < 5 * 1024 * 1024
    start = time.monotonic()
    mb, outcome = peak_mb(path)
    assert time.monotonic() - start < 30
    assert f"big.yaml:3: {message}" in outcome
    assert mb < 100


def test_a_small_file_with_a_long_list_is_refused_too() -> None:
    text = "a: [" + ",".join(["1"] * (MAX_ITEMS + 1)) + "]\n"
    with pytest.raises(YamlError, match="a list with more than 10,000 items"):
        parse_yaml(text, "small.yaml")
    parse_yaml("a: [" + ",".join(["1"] * MAX_ITEMS) + "]\n", "small.yaml")


# --- item 11: the quote check stays near-linear ------------------------------------------------


def _source(words: int) -> list[str]:
    rng = random.Random(12)
    vocab = [f"word{i}" for i in range(5000)] + ["the", "of", "and", "to", "a", "in"] * 500
    return [rng.choice(vocab) for _ in range(words)]


def test_a_long_wrong_quote_against_a_1_mb_source_is_fast() -> None:
    words = _source(150_000)
    text = " ".join(words)
    assert len(text) > 1_000_000
    wrong = " ".join(_source(300)[::-1])
    start = time.monotonic()
    assert nearest_excerpt(wrong, text) is None
    assert time.monotonic() - start < 5

    passage = words[90_000:90_300]
    typo = list(passage)
    typo[10], typo[150] = "tpyo", typo[150].upper()
    del typo[200]
    start = time.monotonic()
    hint = nearest_excerpt(" ".join(typo), text)
    assert time.monotonic() - start < 5
    assert hint is not None and hint in " ".join(passage)
    assert hint.startswith(" ".join(passage[:5]))


def test_the_hint_still_finds_a_short_typo() -> None:
    text = normalise_space((DATA / "bad" / "rubrics" / "sources" / "essay.txt").read_text())
    hint = nearest_excerpt("The outgoing comittee submits the coming year's", text)
    assert hint == "The outgoing committee submits the coming year's"


# --- item 12: sources stay in the rubric's folder ---------------------------------------------


def test_a_symlinked_source_pointing_out_is_refused_and_never_quoted(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(
        SOURCES_RUBRIC.read_text().replace(
            "submits the coming year's committee to the convention as a single bloc",
            "root:x:0:0:root:/root:/bin/zsh",
        )
    )
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "missing.txt").symlink_to("/etc/passwd")
    _, findings = check_rubric(rubric)
    assert [f.message for f in findings] == [
        "cannot read the source 'sources/missing.txt': it lies outside the rubric's folder; "
        "keep sources in that folder or below it"
    ]
    assert "root:" not in str(findings)


def test_a_symlink_within_the_folder_is_fine(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    shutil.copy(SOURCES_RUBRIC, rubric)
    (tmp_path / "sources").mkdir()
    shutil.copy(DATA / "bad" / "rubrics" / "sources" / "essay.txt", tmp_path / "essay.txt")
    (tmp_path / "sources" / "missing.txt").symlink_to("../essay.txt")
    assert check_rubric(rubric)[1] == []


def test_the_bundled_rubric_reads_its_seeds_source() -> None:
    _, findings = check_rubric(ROOT / "rubrics" / "org-democracy.yaml")
    assert not [f for f in findings if "source" in f.message]

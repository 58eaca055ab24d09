"""Folders of answers files are listed in the order `sorted(folder.rglob(...))` gives, and the
packed list gives back every name as it was found."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgaudit.batch import FileList, expand_paths

NAME = st.sampled_from(
    ["a", "a b", "a-b", "a.b", "A", "b", "ab", "a0", "é", "z", "Z9", "_x", ".hidden", "a\tb"]
)
LEAF = st.tuples(NAME, st.sampled_from([".yaml", ".yml", ".txt", ".yaml.bak", ""]))


@st.composite
def trees(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """Relative paths of files, some in folders (a folder may share a file's stem)."""
    files = []
    for _ in range(draw(st.integers(1, 12))):
        folders = draw(st.lists(NAME, max_size=2))
        stem, suffix = draw(LEAF)
        files.append((*folders, stem + suffix))
    return files


def by_rglob(folder: Path) -> list[str]:
    return [
        str(p)
        for p in sorted(folder.rglob("*"))
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
    ]


@settings(max_examples=60, deadline=None)
@given(trees())
def test_listing_matches_sorted_rglob(files: list[tuple[str, ...]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "answers"
        for parts in files:
            path = folder.joinpath(*parts)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch()
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                continue  # a file where a folder is wanted, or the other way round
        folder.mkdir(exist_ok=True)
        assert [str(p) for p in expand_paths([folder])] == by_rglob(folder)


PATH_TEXT = st.text(st.characters(blacklist_characters="\0"), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(PATH_TEXT, max_size=8), st.sampled_from(["", "/tmp/answers/", "/tmp/a-"]))
def test_a_packed_list_gives_back_every_name(tails: list[str], start: str) -> None:
    """Names of any characters (a lone surrogate stands for a byte that is not UTF-8), empty,
    one the start of another: each comes back, by index (negative too), slice and iteration."""
    names = [start + tail for tail in tails]
    files = FileList(names)
    assert list(files.names()) == names and len(files) == len(names)
    assert [files.name(i) for i in range(len(names))] == names
    assert [files.name(-i) for i in range(1, len(names) + 1)] == names[::-1]
    assert list(files) == [Path(n) for n in names]
    assert list(files[1::2].names()) == names[1::2]
    with pytest.raises(IndexError):
        files.name(len(names))


def test_a_packed_list_refuses_a_name_with_nul() -> None:
    with pytest.raises(ValueError, match="NUL"):
        FileList(["a", "b\0c"])


def test_a_surrogate_name_comes_back() -> None:
    names = ["/tmp/x/caf\udce9.yaml", "/tmp/x/plain.yaml"]
    assert list(FileList(names).names()) == names

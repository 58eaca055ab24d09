"""Folders of answers files are listed in the order `sorted(folder.rglob(...))` gives."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from orgaudit.batch import expand_paths

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

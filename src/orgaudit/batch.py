"""Scoring many answers files: find them, pick each one's rubric, stream scorecards.

With several jobs the files are read and scored in worker processes (`Batch.iter_scores`): at
most a few chunks per worker are in flight, results come back in input order, so the output is
byte for byte that of one job and memory stays flat however many files there are.
"""

from __future__ import annotations

import functools
import itertools
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

from .answers import parse_answers
from .errors import OrgauditError, RubricError
from .model import Answers, Rubric
from .scoring import Gain, Scorecard, ScoredAnswers, score, score_criteria, what_if
from .workspace import Workspace
from .yamlio import load_yaml

T = TypeVar("T")
R = TypeVar("R")

ANSWER_SUFFIXES = (".yaml", ".yml")
#: Files sent to a worker at a time, and chunks in flight per worker.
CHUNK = 32
IN_FLIGHT = 3


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask), not the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class FileList(Sequence[Path]):
    """Files as found, packed: their names, less the start they all share, in one string.

    The main process keeps the list while it scores, and every worker forked from it counts
    those pages again: 100,000 names took 11 MB as strings (and a `Path` each is several times
    larger), packed they take about 2 MB."""

    __slots__ = ("_ends", "_prefix", "_text")

    def __init__(self, names: Iterable[str]) -> None:
        names = names if isinstance(names, list) else list(names)
        # the characters they share, not a folder: names are cut and joined again as strings
        self._prefix = os.path.commonprefix(names) if names else ""  # noqa: RUF071
        cut = len(self._prefix)
        self._text = "\0".join([name[cut:] for name in names])
        if self._text.count("\0") != max(0, len(names) - 1):
            raise ValueError("a file name holds NUL")  # no path can
        self._ends = array("Q")
        end = -1
        for name in names:
            end += len(name) - cut + 1
            self._ends.append(end)

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> FileList: ...

    def __getitem__(self, index: int | slice) -> Path | FileList:
        if isinstance(index, slice):
            return FileList([self.name(i) for i in range(len(self))[index]])
        return Path(self.name(index))

    def name(self, index: int) -> str:
        """The file at `index`, as the string it was found as."""
        ends = self._ends
        if index < 0:
            index += len(ends)
        if not 0 <= index < len(ends):
            raise IndexError("FileList index out of range")
        start = ends[index - 1] + 1 if index else 0
        return self._prefix + self._text[start : ends[index]]

    def __iter__(self) -> Iterator[Path]:
        for name in self.names():
            yield Path(name)

    def __repr__(self) -> str:
        return f"FileList({list(self.names())!r})"

    def names(self) -> Iterator[str]:
        """The files as the strings they were found as."""
        prefix, text, start = self._prefix, self._text, 0
        for end in self._ends:
            yield prefix + text[start:end]
            start = end + 1


def _suffix(name: str) -> str:
    """`Path(name).suffix`."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _answer_files(folder: Path) -> list[str]:
    """`folder.rglob("*")`'s answers files (not hidden), sorted as paths sort (by their parts),
    as strings: folders are walked as rglob walks them (symlinked folders not followed, an
    unreadable folder skipped).

    Only the names are kept, and sorted by their path below `folder` with "/" read as "\\0"
    (which no name holds, and which sorts first): the order of their parts. 100,000 files took
    48 MB to list when each kept its parts and its directory entry; they take a fifth of that."""
    found: list[str] = []
    pending: list[Path] = [folder]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as entries:
                for entry in entries:
                    name = entry.name
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir and not entry.is_symlink():
                        pending.append(here / name)
                    if _suffix(name) in ANSWER_SUFFIXES and not name.startswith("."):
                        try:
                            if entry.is_file():  # as Path.is_file: a symlink to a file counts
                                found.append(entry.path)
                        except OSError:
                            continue
        except PermissionError:
            continue
    skip = len(os.path.join(str(folder), ""))
    found.sort(key=lambda name: name[skip:].replace(os.sep, "\0"))
    return found


def answers_files(paths: Iterable[Path]) -> FileList:
    """`expand_paths`, refusing with `OrgauditError` when it finds no answers file at all."""
    paths = list(paths)
    files = expand_paths(paths)
    if not files:
        from .i18n import _

        raise OrgauditError(
            _("no answers files (*.yaml, *.yml) found in {paths}").format(
                paths=" ".join(map(str, paths))
            )
        )
    return files


def expand_paths(paths: Iterable[Path]) -> FileList:
    """Files as given, folders as their *.yaml/*.yml files (recursively, sorted)."""
    files: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(_answer_files(path))
        else:
            files.append(str(path))
    return FileList(files)


class Batch:
    """Scores files one at a time, caching rubrics; collects warnings and per-file errors."""

    def __init__(
        self,
        rubric_path: Path | None = None,
        *,
        allow_rubric_change: bool = False,
        jobs: int = 1,
        shown: bool = False,
        workspace: Workspace | None = None,
    ) -> None:
        self.rubric_path = rubric_path
        self.allow_rubric_change = allow_rubric_change
        self.jobs = max(1, jobs)
        #: Where rubrics come from: one `--rubric` for every file, else the id each file names.
        self.workspace = workspace or Workspace(rubric_path, fixed=True)
        #: Score with the rubric in the reader's language (for what people read: tables and
        #: reports; the numbers are the same), not for data (JSON, CSV), which stays as written.
        self.shown = shown
        self.rubrics: dict[str, Rubric] = {}
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.failures = 0

    def rubric_named(self, rubric_id: str | None) -> Rubric:
        key = rubric_id or ""
        if key not in self.rubrics:
            rubric = self.workspace.rubric(rubric_id)
            self.rubrics[key] = self.workspace.shown(rubric) if self.shown else rubric
        return self.rubrics[key]

    def rubric_for(self, card: Scorecard | ScoredAnswers) -> Rubric:
        return self.rubric_named(card.rubric_id)

    def load(self, path: Path) -> tuple[Rubric, Scorecard]:
        rubric, answers = self._answers(path)
        return rubric, score(rubric, answers)

    def _answers(self, path: Path) -> tuple[Rubric, Answers]:
        doc = load_yaml(path)
        ref = doc.data.get("rubric") if isinstance(doc.data, dict) else None
        rubric_id = (
            ref.get("id") if isinstance(ref, dict) and isinstance(ref.get("id"), str) else None
        )
        try:
            rubric = self.rubric_named(rubric_id)
        except RubricError as exc:
            if exc.file is not None or rubric_id is None:
                raise
            raise RubricError(
                exc.message, file=doc.path, line=doc.line_of(("rubric", "id")), hint=exc.hint
            ) from exc
        answers, warnings = parse_answers(doc, rubric, allow_rubric_change=self.allow_rubric_change)
        self.warnings.extend(warnings)
        return rubric, answers

    def score_file(self, path: Path) -> Scorecard:
        """Score one file; errors propagate (the caller decides whether to stop)."""
        return self.load(path)[1]

    def iter_outcomes(self, files: Iterable[Path]) -> Iterator[Scorecard | str]:
        """One result per file, in input order: its scorecard, or its error in words, one
        problem a line (also recorded in `errors`)."""
        for kind, value, warnings in self._outcomes(files):
            self.warnings.extend(warnings)
            if kind == "error":
                self.failures += 1
                self.errors.append(value)
            yield value

    @overload
    def iter_scores(self, files: Iterable[Path]) -> Iterator[Scorecard]: ...

    @overload
    def iter_scores(self, files: Iterable[Path], then: Callable[[Scorecard], R]) -> Iterator[R]: ...

    def iter_scores(
        self, files: Iterable[Path], then: Callable[[Scorecard], Any] | None = None
    ) -> Iterator[Any]:
        """Scorecards one by one, in input order; a bad file is recorded in `errors` and
        skipped, never lost. Uses `jobs` worker processes when there is enough to share.

        With `then` (a module-level function), each scorecard is passed through it where it was
        scored, and what it returns is yielded instead: only that crosses between processes. A
        line of output is a few hundred bytes, where a scorecard's few kilobytes took longer to
        pickle and unpickle than the line took to write."""
        for outcome in self._outcomes(files, then):
            kind, value, warnings = outcome
            self.warnings.extend(warnings)
            if kind == "error":
                self.failures += 1
                self.errors.append(value)
            else:
                yield value

    def _score_one(
        self, path: Path, then: Callable[[Scorecard], Any] | None = None, *, whole: bool = True
    ) -> tuple[str, Any, list[str]]:
        """One file's outcome: ("card", its scorecard (through `then`), warnings), or ("error",
        its problems, warnings). Not `whole`: its `ScoredAnswers`, as pooling reads them."""
        before = len(self.warnings)
        try:
            if whole:
                card: Any = self.score_file(path)
            else:
                card = score_criteria(*self._answers(path))
        except OrgauditError as exc:
            return "error", "\n".join(exc.lines()), self._take_warnings(before)
        return "card", card if then is None else then(card), self._take_warnings(before)

    def _take_warnings(self, before: int) -> list[str]:
        taken = self.warnings[before:]
        del self.warnings[before:]
        return taken

    def _outcomes(
        self, files: Iterable[Path], then: Callable[[Scorecard], Any] | None = None
    ) -> Iterator[tuple[str, Any, list[str]]]:
        chunks = _chunks(files, CHUNK)
        first = next(chunks, [])
        second = next(chunks, None)
        if self.jobs == 1 or second is None:  # one chunk: not worth starting processes
            for chunk in itertools.chain((first, second or []), chunks):
                for path in chunk:
                    yield self._score_one(path, then)
            return
        work = functools.partial(_score_chunk, then=then)
        for results in _in_workers(self, work, itertools.chain([first, second], chunks)):
            yield from results

    def map_tasks(self, task: Callable[[Batch, T], R], items: Iterable[T]) -> Iterator[R]:
        """`task(batch, item)` for each item, results in input order: in this process with one
        job (or one item), else on `jobs` worker processes, each with a `Batch` of its own
        (rubrics as this one's), a bounded number of items in flight. `task` must be a
        module-level function; what it returns comes back pickled."""
        items = iter(items)
        started = list(itertools.islice(items, 2))
        if self.jobs == 1 or len(started) < 2:
            for item in itertools.chain(started, items):
                yield task(self, item)
            return
        yield from _in_workers(
            self, functools.partial(_run_task, task), itertools.chain(started, items)
        )

    def what_if(self, card: Scorecard) -> list[Gain]:
        return what_if(self.rubric_for(card), card)


def _chunks(files: Iterable[Path], size: int) -> Iterator[list[Path]]:
    chunk: list[Path] = []
    for path in files:
        chunk.append(path)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: Batch | None = None


def _start_worker(
    workspace: Workspace, shown: bool, allow_rubric_change: bool, rubrics: dict[str, Rubric]
) -> None:
    """Each worker starts from the parent's workspace and rubrics (those given with --rubric
    among them, in the parent's language) and caches its own; Ctrl-C is the parent's."""
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Batch(allow_rubric_change=allow_rubric_change, shown=shown, workspace=workspace)
    _WORKER.rubrics.update(rubrics)


def _score_chunk(
    paths: list[Path], then: Callable[[Scorecard], Any] | None = None
) -> list[tuple[str, Any, list[str]]]:
    assert _WORKER is not None
    return [_WORKER._score_one(path, then) for path in paths]


def _run_task(task: Callable[[Batch, T], R], item: T) -> R:
    assert _WORKER is not None
    return task(_WORKER, item)


def _in_workers(batch: Batch, work: Callable[[T], R], items: Iterator[T]) -> Iterator[R]:
    """`work(item)` in a process pool, a bounded number in flight, yielded in input order."""
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=batch.jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(batch.workspace, batch.shown, batch.allow_rubric_change, dict(batch.rubrics)),
    )
    pending: deque[Future[R]] = deque()
    try:
        for item in itertools.islice(items, 2):
            pending.append(pool.submit(work, item))
        while pending:
            for item in itertools.islice(items, max(0, batch.jobs * IN_FLIGHT - len(pending))):
                pending.append(pool.submit(work, item))
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)

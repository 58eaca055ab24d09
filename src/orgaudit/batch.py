"""Scoring many answers files: find them, pick each one's rubric, stream scorecards."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .answers import parse_answers
from .errors import OrgauditError, RubricError
from .model import Rubric
from .rubric import find_rubric, load_rubric
from .scoring import Gain, Scorecard, score, what_if
from .yamlio import load_yaml

ANSWER_SUFFIXES = (".yaml", ".yml")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as their *.yaml/*.yml files (recursively, sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in ANSWER_SUFFIXES and p.is_file() and not p.name.startswith(".")
                )
            )
        else:
            files.append(path)
    return files


class Batch:
    """Scores files one at a time, caching rubrics; collects warnings and per-file errors."""

    def __init__(
        self, rubric_path: Path | None = None, *, allow_rubric_change: bool = False
    ) -> None:
        self.rubric_path = rubric_path
        self.allow_rubric_change = allow_rubric_change
        self.rubrics: dict[str, Rubric] = {}
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.failures = 0

    def rubric_named(self, rubric_id: str | None) -> Rubric:
        key = str(self.rubric_path) if self.rubric_path else (rubric_id or "")
        if key not in self.rubrics:
            if self.rubric_path is not None:
                self.rubrics[key] = load_rubric(self.rubric_path)
            else:
                self.rubrics[key] = load_rubric(find_rubric(rubric_id))
        return self.rubrics[key]

    def rubric_for(self, card: Scorecard) -> Rubric:
        return self.rubric_named(card.rubric_id)

    def load(self, path: Path) -> tuple[Rubric, Scorecard]:
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
        return rubric, score(rubric, answers)

    def score_file(self, path: Path) -> Scorecard:
        """Score one file; errors propagate (the caller decides whether to stop)."""
        return self.load(path)[1]

    def iter_scores(self, files: Iterable[Path]) -> Iterator[Scorecard]:
        """Scorecards one by one; a bad file is recorded in `errors` and skipped, never lost."""
        for path in files:
            try:
                yield self.score_file(path)
            except OrgauditError as exc:
                self.failures += 1
                self.errors.append(str(exc))

    def what_if(self, card: Scorecard) -> list[Gain]:
        return what_if(self.rubric_for(card), card)

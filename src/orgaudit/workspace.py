"""The rubrics one command works with: each found, read and checked once.

Every command that meets rubrics (score, report, compare, audit, form, demo ...) asks a
`Workspace` instead of resolving paths itself. A rubric is found from a file given with
`--rubric` or from the id an answers file names (the bundled rubric of that id), read once and
kept. Scoring always uses the rubric as written; `shown()` gives the same rubric in the
reader's language (its translation file beside it), for what a person reads, so that a score
never depends on the language it is shown in.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RubricError
from .rubric import find_rubric, load_rubric

if TYPE_CHECKING:
    from .model import Rubric


class Workspace:
    """Rubrics by id, read once.

    `given`: rubric files passed on the command line. `fixed=True` (one `--rubric` for `score`
    or `report`) makes every answers file use the first of them, whatever id it names (the
    answers check reports a mismatch); otherwise each given rubric serves the answers that name
    its id, and other ids fall back to the bundled rubric of that id.
    """

    def __init__(self, given: Path | Iterable[Path] | None = None, *, fixed: bool = False) -> None:
        self._paths = [given] if isinstance(given, Path) else list(given or ())
        self._given: list[Rubric] | None = None
        self._by_id: dict[str, Rubric] = {}
        self._by_path: dict[Path, Rubric] = {}
        self._shown: dict[tuple[str, str | None], Rubric] = {}
        #: Said once on standard error by the command (a language with no rubric translation).
        self.notes: list[str] = []
        self.fixed = fixed and bool(self._paths)

    @property
    def given(self) -> list[Rubric]:
        """The rubrics given on the command line, read when first needed (a bad one is then
        reported like any rubric error)."""
        if self._given is None:
            self._given = [self._read(p) for p in self._paths]
            for rubric in self._given:
                self._by_id.setdefault(rubric.id, rubric)
        return self._given

    def _read(self, path: Path) -> Rubric:
        key = path.resolve()
        if key not in self._by_path:
            rubric = self._by_path[key] = load_rubric(path)
            from .i18n import use_rubric_language

            # neither --lang nor the environment chose a language: the rubric's own, if orgaudit
            # speaks it (a rubric written in Spanish gets Spanish messages)
            use_rubric_language(rubric.language)
        return self._by_path[key]

    def add(self, rubric: Rubric) -> None:
        """Use `rubric` for answers naming its id (a rubric a caller already holds)."""
        self._by_id[rubric.id] = rubric

    def rubric(self, rubric_id: str | None = None) -> Rubric:
        """The rubric for answers naming `rubric_id` (None: the default rubric)."""
        if self.fixed or (rubric_id is None and self._paths):
            return self.given[0]
        self.given  # noqa: B018 (given rubrics serve the answers naming their ids)
        key = rubric_id or ""
        if key not in self._by_id:
            path = find_rubric(rubric_id)
            loaded = self._read(path)
            if rubric_id is not None and loaded.id != rubric_id:  # found by its file's name
                raise RubricError(
                    f"{path} is named after the rubric '{rubric_id}' but holds '{loaded.id}'",
                    file=str(path),
                    hint="rename the file after the id it holds",
                )
            self._by_id[key] = loaded
        return self._by_id[key]

    def shown(self, rubric: Rubric, lang: str | None = None) -> Rubric:
        """`rubric` in the reader's language (`lang`, else the language in force): its
        translation where one exists beside it, else the rubric as written."""
        from . import i18n

        lang = lang or i18n.current_language()
        primary = lang.split("-", 1)[0].lower()
        if primary == rubric.language.split("-", 1)[0].lower():
            return rubric  # its own language: nothing to read
        key = (rubric.hash + rubric.path, lang)
        if key not in self._shown:
            from . import translation
            from .i18n import _

            own = rubric.language.split("-", 1)[0].lower()
            there = translation.available_languages(rubric.path) if rubric.path else []
            if primary != own and lang not in there and primary not in there:
                self.notes.append(
                    _(
                        "the rubric '{rubric}' has no translation into '{lang}'; its texts are "
                        "shown as written ({available} available)"
                    ).format(
                        rubric=rubric.id, lang=lang, available=", ".join([rubric.language, *there])
                    )
                )
                self._shown[key] = rubric
            else:
                self._shown[key] = translation.translated(rubric, lang)
        return self._shown[key]

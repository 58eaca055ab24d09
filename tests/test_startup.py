"""Start-up: bundled rubrics validated by these tests are not re-validated on every run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orgaudit import rubric as rubric_module
from orgaudit.rubric import (
    VALIDATED,
    _schema_digest,
    bundled_rubrics,
    check_rubric,
    content_hash,
    load_rubric,
    rubric_schema,
    validated_bundled,
)
from orgaudit.yamlio import Document, load_yaml

from .conftest import DEFAULT_RUBRIC, ROOT

VALIDATED_FILE = ROOT / "src" / "orgaudit" / VALIDATED


def test_rubric_schema_is_a_valid_schema() -> None:
    """Checked here once, instead of on every command."""
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(rubric_schema())


def test_validated_list_is_the_bundled_rubrics_as_validated_now() -> None:
    wanted = {}
    for rubric_id, path in sorted(bundled_rubrics().items()):
        rubric, findings = check_rubric(path)
        assert rubric is not None and not findings, findings
        wanted[rubric_id] = content_hash(load_yaml(path).data)
    data = {"schema": _schema_digest(), "rubrics": wanted}
    if os.environ.get("ORGAUDIT_UPDATE_GOLDEN") == "1":
        VALIDATED_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        validated_bundled.cache_clear()
    assert json.loads(VALIDATED_FILE.read_text(encoding="utf-8")) == data, (
        "a bundled rubric or the schema changed: rerun with ORGAUDIT_UPDATE_GOLDEN=1"
    )


def test_bundled_rubric_skips_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(rubric_module, "check_rubric", refuse)
    monkeypatch.setattr(rubric_module, "check_document", refuse)
    monkeypatch.setattr(rubric_module, "schema_findings", refuse)
    assert load_rubric(DEFAULT_RUBRIC).id == "org-democracy"


def test_copies_and_edits_are_always_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the bundled folder's files qualify, and only with the validated content."""
    calls: list[object] = []
    real = rubric_module.check_document

    def counting(doc: Document) -> object:
        calls.append(doc.path)
        return real(doc)

    monkeypatch.setattr(rubric_module, "check_document", counting)
    copy = tmp_path / "org-democracy.yaml"
    copy.write_bytes(DEFAULT_RUBRIC.read_bytes())
    with pytest.raises(Exception):  # noqa: B017 - its sources are not beside the copy
        load_rubric(copy)
    assert calls == [str(copy)]


def test_a_stale_or_corrupt_list_trusts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    validated_bundled.cache_clear()
    monkeypatch.setattr(rubric_module, "VALIDATED", "schemas/no-such-file.json")
    try:
        assert validated_bundled() == frozenset()
    finally:
        validated_bundled.cache_clear()
    monkeypatch.setattr(rubric_module, "_schema_digest", lambda: "sha256:other")
    try:
        assert validated_bundled() == frozenset()
    finally:
        validated_bundled.cache_clear()


def test_score_does_not_import_jsonschema() -> None:
    code = (
        "import sys\n"
        "from orgaudit.cli import main\n"
        f"sys.argv = ['orgaudit', 'score', {str(ROOT / 'seeds' / 'iso-pham-binh.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('jsonschema' in sys.modules, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize(
    ("command", "tuned"),
    [(["score", str(ROOT / "seeds" / "iso-pham-binh.yaml")], True), (["rubric", "show"], False)],
)
def test_commands_that_score_files_collect_young_objects_less_often(
    command: list[str], tuned: bool
) -> None:
    """A command that scores files (and the workers forked from it) collects the youngest
    generation every `GC_YOUNG` allocations: scoring many files makes millions of short-lived
    objects. Other commands keep Python's default."""
    code = (
        "import gc, sys\n"
        "from orgaudit.cli import main\n"
        "from orgaudit.cli.common import GC_YOUNG\n"
        "before = gc.get_threshold()\n"
        f"sys.argv = ['orgaudit', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(before[0], gc.get_threshold() == (GC_YOUNG, *before[1:]), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == f"700 {tuned}"

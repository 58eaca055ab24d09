"""The bundled rubrics: valid, complete, and every quote verbatim in its source."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from orgaudit.cli import main
from orgaudit.rubric import load_rubric
from orgaudit.yamlio import load_yaml

from .conftest import DEFAULT_RUBRIC, FREEDOM_RUBRIC, ROOT

ESSAY = ROOT / "seeds" / "critique-of-trotskyist-organizations.txt"
DIMENSIONS = [
    "elections",
    "factions",
    "decisions",
    "information",
    "finances",
    "routine",
    "movements",
    "openness",
]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_quote_is_verbatim_in_the_essay() -> None:
    """Independent of the lint: read the raw YAML and the seed, compare whitespace-normalised."""
    essay = squash(ESSAY.read_text(encoding="utf-8"))
    raw = load_yaml(DEFAULT_RUBRIC).data
    quotes = [c["source"]["quote"] for d in raw["dimensions"] for c in d["criteria"]]
    assert len(quotes) >= 40
    missing = [q for q in quotes if squash(q) not in essay]
    assert missing == []


def test_essay_in_seeds_is_the_shared_seed() -> None:
    shared = ROOT.parent / "shared" / "seeds" / "000_ab93730800a1f7fc.txt"
    if shared.exists():
        assert shared.read_bytes() == ESSAY.read_bytes()


def test_default_rubric_shape() -> None:
    rubric = load_rubric()
    assert [d.id for d in rubric.dimensions] == DIMENSIONS
    assert len(rubric.criteria) >= 40
    for crit in rubric.criteria:
        assert crit.help and crit.recommendation, crit.id
        assert crit.source is not None and crit.source.ref == "essay" and crit.source.quote, crit.id
        assert crit.kind in ("rule", "practice")
    kinds = {c.kind for c in rubric.criteria}
    assert kinds == {"rule", "practice"}
    types = {c.type for c in rubric.criteria}
    assert {"yes_no", "single", "multi", "scale", "number", "text"} <= types
    assert any(c.dont_know == "opacity" for c in rubric.criteria)
    assert any(c.when is not None for c in rubric.criteria)
    assert rubric.caps and rubric.red_flags


def test_options_run_from_healthiest_to_worst() -> None:
    for crit in load_rubric().criteria:
        if crit.type in ("single", "yes_no"):
            scores = [o.score for o in crit.options]
            assert scores == sorted(scores, reverse=True), crit.id
            assert scores[0] == 1.0, crit.id


def test_validate_cli_clean_on_bundled_rubrics(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rubric", "validate"])
    assert result.exit_code == 0, result.output
    assert "ok — org-democracy 1.0.0, 8 dimensions" in result.output
    result = runner.invoke(main, ["rubric", "validate", str(FREEDOM_RUBRIC)])
    assert result.exit_code == 0, result.output


def test_show_outlines_dimensions_and_weights(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rubric", "show"])
    assert result.exit_code == 0
    assert "1. Leadership elections and accountability  [elections] weight 2" in result.output
    assert "- committee-election: How was the current leading committee elected?" in result.output
    assert "Caps: closed-slate → at best Oligarchic tendencies" in result.output


def test_schema_cli_prints_the_draft_2020_12_schema(runner: CliRunner) -> None:
    from jsonschema import Draft202012Validator

    result = runner.invoke(main, ["rubric", "schema"])
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_validate_reports_every_problem_sorted(runner: CliRunner, tmp_path: object) -> None:
    from pathlib import Path

    text = DEFAULT_RUBRIC.read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"', "version: 1.0", 1).replace(
        "  - id: finances\n", "  - id: Finances!\n", 1
    )
    bad = Path(str(tmp_path)) / "rubric.yaml"
    bad.write_text(text, encoding="utf-8")
    (Path(str(tmp_path)).parent / "seeds").mkdir(exist_ok=True)
    result = runner.invoke(main, ["rubric", "validate", str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert result.stderr.strip() == "2 problems found"
    assert re.match(
        rf"{re.escape(str(bad))}:\d+: \$\.version: must be text, not a number "
        r"\(write it in quotes: \"1.0\"\)",
        lines[0],
    )
    assert "$.dimensions[4].id: 'Finances!' is not a valid id" in lines[1]
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)

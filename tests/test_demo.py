"""The sample audits in seeds/ and `orgaudit demo`."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from orgaudit.cli import main
from orgaudit.demo import render_comparison, sample_audits
from orgaudit.yamlio import load_yaml

from .layout import assert_layout

ROOT = Path(__file__).resolve().parents[1]
ESSAY = re.sub(
    r"\s+", " ", (ROOT / "seeds" / "critique-of-trotskyist-organizations.txt").read_text()
)
QUOTED = re.compile(r'^(Pham Binh|Arash Azizi|Louis Proyect): "(.+?)"(?: (.*))?$', re.S)
ESSAY_SEEDS = ("iso-pham-binh.yaml", "imt-arash-azizi.yaml")


def answers(name: str) -> dict[str, object]:
    data = load_yaml(ROOT / "seeds" / name).data
    assert isinstance(data, dict)
    return data


def test_sample_audits_are_the_seeds_and_the_pooled_union() -> None:
    assert [p.name for p in sample_audits()] == [
        "fictional-cooperative-league.yaml",
        "imt-arash-azizi.yaml",
        "iso-pham-binh.yaml",
        "riverside-tenants-union",
    ]


def test_pooled_sample_is_generated_from_the_rubric(tmp_path: Path) -> None:
    """The union's twelve files are what tests/sample_union.py makes from the current rubric."""
    import os

    from .sample_union import FOLDER, make_sample

    if os.environ.get("ORGAUDIT_UPDATE_GOLDEN") == "1":
        make_sample()
    made = make_sample(tmp_path)
    assert [p.name for p in made] == sorted(p.name for p in FOLDER.glob("*.yaml"))
    for path in made:
        assert path.read_text(encoding="utf-8") == (FOLDER / path.name).read_text(
            encoding="utf-8"
        ), path.name


def test_pooled_sample_shows_roles_and_withholds_small_follow_ups() -> None:
    from orgaudit.aggregate import aggregate_files

    (card,), _ = aggregate_files([ROOT / "seeds" / "riverside-tenants-union"])
    assert card.respondents == 12
    assert card.extra["overall"]["leader_member_gap"] > 15
    small = [
        cid
        for cid, entry in card.extra["criteria"].items()
        if 0 < entry["respondents"] - entry.get("not_shown", 0) < 5
    ]
    assert small and all(card.extra["criteria"][cid].get("withheld") for cid in small)
    assert all("answers" not in card.extra["criteria"][cid] for cid in small)


def test_seeds_score_cleanly() -> None:
    result = CliRunner().invoke(main, ["score", *map(str, sample_audits())])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


@pytest.mark.parametrize("name", ESSAY_SEEDS)
def test_essay_seed_evidence_quotes_the_essay_verbatim(name: str) -> None:
    data = answers(name)
    assert data["respondent"] == {"role": "observer"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(data["date"]))
    quoted = silent = 0
    entries = data["answers"]
    assert isinstance(entries, dict)
    for cid, entry in entries.items():
        assert isinstance(entry, dict), cid
        evidence = entry["evidence"]
        match = QUOTED.match(evidence)
        if match:
            assert re.sub(r"\s+", " ", match.group(2)) in ESSAY, (cid, match.group(2))
            quoted += 1
        else:
            assert entry["answer"] == "dont_know", cid
            assert evidence.startswith("The essay is silent"), cid
            silent += 1
    assert quoted >= 9
    if name.startswith("imt"):
        assert silent > quoted  # the IMT account says little about the internal regime


def test_answered_essay_seeds_carry_a_quote() -> None:
    for name in ESSAY_SEEDS:
        for cid, entry in answers(name)["answers"].items():  # type: ignore[attr-defined]
            if entry["answer"] != "dont_know":
                assert QUOTED.match(entry["evidence"]), (name, cid)


def test_fictional_seed_is_labelled_everywhere() -> None:
    data = answers("fictional-cooperative-league.yaml")
    assert str(data["organization"]).startswith("Fictional example:")
    entries = data["answers"]
    assert isinstance(entries, dict)
    assert entries["faction-right"]["answer"] == "any-time"
    assert entries["committee-election"]["answer"] == "contested"
    for cid, entry in entries.items():
        assert entry["evidence"].startswith("Fictional example:"), cid
    for path in (ROOT / "seeds" / "riverside-tenants-union").glob("*.yaml"):
        data = load_yaml(path).data
        assert isinstance(data, dict)
        assert str(data["organization"]).startswith("Fictional example:")
        given = data["answers"]
        assert isinstance(given, dict)
        for entry in given.values():
            if isinstance(entry, dict) and entry.get("evidence"):
                assert entry["evidence"].startswith("Fictional example:"), path


def test_comparison_boundary_writes_nothing_yet(tmp_path: Path) -> None:
    assert render_comparison([], tmp_path) == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_demo_renders_every_sample_audit(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """`orgaudit demo -o reports`, run once (conftest.py) for this test, the demo's help
    example and the install's test, by the package installed from a wheel of this checkout."""
    folder, result = demo_run
    out = folder / "reports"
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == [
        "comparison.pdf",
        "fictional-example-cooperative-league.pdf",
        "fictional-example-riverside-tenants-union.pdf",
        "international-marxist-tendency-imt.pdf",
        "international-socialist-organization-iso.pdf",
    ]
    for name in pdfs:
        assert str(Path("reports") / name) in result.stdout
    assert "International Socialist Organization (ISO): 2.3 Autocratic" in result.stdout
    assert "Fictional example: Cooperative League: 96.4 Democratic" in result.stdout
    text = " ".join(p.extract_text() for p in PdfReader(out / pdfs[0]).pages)
    assert "Fictional example: Cooperative League" in " ".join(text.split())
    for name in pdfs:  # no lines drawn over each other, no near-empty page
        assert_layout(out / name)

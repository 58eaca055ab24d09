"""The PDF report read back: its text, its structure tree, language and title, and variants."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from orgaudit.batch import Batch
from orgaudit.cli import main

from .layout import assert_layout

ROOT = Path(__file__).resolve().parents[1]
ISO = ROOT / "seeds" / "iso-pham-binh.yaml"

pytestmark = pytest.mark.slow  # every test here renders a PDF (seconds each)


@pytest.fixture(scope="module")
def iso_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "iso.pdf"
    result = CliRunner().invoke(main, ["report", str(ISO), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and "2.3, Autocratic" in result.output
    return out


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def test_pdf_text_has_organization_scores_flags_and_quotes(iso_pdf: Path) -> None:
    text = pdf_text(iso_pdf)
    assert "International Socialist Organization (ISO)" in text
    assert "2.3" in text and "Autocratic" in text
    assert "1.5–42.4" in text  # the certainty range (faction-treatment always asked, issue 11.5)
    assert "thinly answered audit" in text
    for flag in (
        "Leadership elected by closed slate",
        "No secret ballot in leadership elections",
        "Leaders decide in pre-meetings",
        "Finances kept from the members",
    ):
        assert flag in text
    assert "What would move the score most" in text
    # a quote from the essay (the rubric's citation) and its source
    assert "exercises in unanimity" in text
    assert "Critique of" in text
    # the appendix with the rubric hash
    card = Batch().score_file(ISO)
    assert card.rubric_hash[:20] in text.replace(" ", "")
    assert re.search(r"page 2 of \d+", text)
    assert_layout(iso_pdf)


def test_pdf_is_tagged_with_language_and_title(iso_pdf: Path) -> None:
    reader = PdfReader(iso_pdf)
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en"
    assert reader.metadata is not None
    assert (reader.metadata.title or "").startswith("International Socialist Organization (ISO)")
    xmp: Any = reader.xmp_metadata
    assert "pdfuaid" in xmp.stream.get_data().decode("utf-8", "replace")


def test_pdf_has_no_embedded_files(iso_pdf: Path) -> None:
    reader = PdfReader(iso_pdf)
    assert reader.attachments == {}
    root: Any = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})


def test_pdf_a_variant_for_archiving(tmp_path: Path) -> None:
    out = tmp_path / "iso-a.pdf"
    result = CliRunner().invoke(
        main, ["report", str(ISO), "-o", str(out), "--pdf-variant", "pdf/a-3b"]
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    meta: Any = reader.xmp_metadata
    assert "pdfaid" in meta.stream.get_data().decode("utf-8", "replace")
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # still tagged
    assert root["/Lang"] == "en"


def test_points_rubric_pdf_reads_sensibly(tmp_path: Path) -> None:
    out = tmp_path / "free.pdf"
    source = ROOT / "tests" / "data" / "freedom" / "free.yaml"
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "35/40 points, rating 2" in text
    assert "43/60 points, rating 3" in text
    assert "Free" in text and "2.50" in text
    assert "lower is better" in text
    assert_layout(out)

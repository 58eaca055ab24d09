"""The terminal questionnaire in the member's language: Persian questions and prompts, keys
that stay typeable, Persian digits accepted, and the file holding the same values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _audit(lang: str, typed: str, out: Path) -> str:
    args = ["audit", "--lang", lang, "--org", "Test", "--role", "member", "--date", "2026-01-01"]
    done = subprocess.run(
        [sys.executable, "-m", "orgaudit", *args, "-o", str(out)],
        input=typed,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout


@pytest.mark.parametrize(
    "lang,typed,question,prompt",
    [
        ("fa", "۲\n\nq\n", "کمیته رهبری کنونی چگونه انتخاب شد؟", "شواهد"),
        ("es", "2\n\nq\n", "¿Cómo se eligió el comité de dirección actual?", "Evidencia"),
        ("en", "2\n\nq\n", "How was the current leading committee elected?", "Evidence"),
    ],
)
def test_the_same_answer_in_every_language(
    lang: str, typed: str, question: str, prompt: str, tmp_path: Path
) -> None:
    out = tmp_path / "answers.yaml"
    shown = _audit(lang, typed, out)
    assert question in shown and prompt in shown
    assert "  committee-election: competing-slates\n" in out.read_text(encoding="utf-8")


def test_no_english_prompt_in_persian(tmp_path: Path) -> None:
    shown = _audit("fa", "۲\n\nq\n", tmp_path / "a.yaml")
    for english in ("Evidence", "Keys:", "Answering as", "saved to", "Continue with", "skip"):
        assert english not in shown, english
    assert "d نمی‌دانم" in shown  # the keys stay the letters a member types

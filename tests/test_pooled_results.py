"""Pooled results are typed and computed in the library: outputs put them into words in the
reader's language, while the JSON form keeps its English sentences byte for byte."""

from __future__ import annotations

from pathlib import Path

from orgaudit import i18n
from orgaudit.aggregate import aggregate_files
from orgaudit.compare import with_trends
from orgaudit.textout import pooled_notes, privacy_lines

from .conftest import ROOT

UNION = ROOT / "seeds" / "riverside-tenants-union"


def _pooled(min_group: int):  # type: ignore[no-untyped-def]
    cards, _ = aggregate_files([UNION], min_group=min_group)
    (card,) = cards
    assert card.pooled is not None
    return card


def test_what_was_withheld_is_kept_as_parts_and_said_in_the_readers_language() -> None:
    card = _pooled(min_group=13)
    assert card.pooled.privacy.identifiable
    assert [w.what for w in card.pooled.privacy.withheld] == ["all"]
    english = privacy_lines(card)
    assert card.extra["privacy"]["withheld"] == english[1:]  # the JSON form: English
    for lang in ("es", "fa"):
        with i18n.using(lang):
            shown = privacy_lines(card)
        assert len(shown) == len(english) and not set(shown) & set(english)
        assert card.extra["privacy"]["withheld"] == english[1:]


def test_a_small_role_is_withheld_by_role() -> None:
    card = _pooled(min_group=5)
    kinds = {w.what for w in card.pooled.privacy.withheld}
    if card.pooled.by_role.get("leader", 0) < 5:
        assert "roles" in kinds and card.pooled.dimension_roles is None
    assert card.pooled.trust is not None and card.pooled.trust.interval is not None
    notes = pooled_notes(card)
    assert "Pooled from 12 respondents" in notes


def test_trends_are_typed_and_come_from_the_library(tmp_path: Path) -> None:
    data = ROOT / "tests" / "data"
    cards, _ = aggregate_files(
        [data / "trend"], rubric_path=data / "respondents" / "mini-rubric.yaml"
    )
    latest = with_trends(cards)
    trended = [c for c in latest if c.trend is not None]
    assert trended
    history = trended[0].trend
    assert history is not None and len(history.points) >= 2
    assert [p.date for p in history.points] == sorted(p.date or "" for p in history.points)
    assert trended[0].extra["trend"]["points"][-1]["overall"] == history.points[-1].overall

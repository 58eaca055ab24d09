"""Golden scorecards for three answers files against tests/data/mini/rubric.yaml, by hand.

The mini rubric: dimension `elections` (weight 2) holds election (practice; contested 1,
uncontested .5, closed-slate 0 + red flag), secret-ballot (rule; yes 1, no 0) and recall (rule;
yes 1, no 0; n/a allowed), all weight 1. Dimension `money` (weight 1) holds budget-known
(don't know = opacity; published 1, on-request .5, secret 0), has-investments (no 1, yes .5),
investments-disclosed (only when has-investments is yes; yes 1, no 0), meeting-hours (<=8: 1,
<=20: .5, more: 0) and a text question. Bands: Good 75-100, Fair 50-75, Poor 0-50; the
closed-slate red flag caps the overall at Fair. Overall = (2 * elections + money) / 3.
"""

from __future__ import annotations

import pytest

from orgaudit.answers import load_answers
from orgaudit.rubric import load_rubric
from orgaudit.scoring import Scorecard, score, what_if

from .conftest import MINI


def card(name: str) -> Scorecard:
    rubric = load_rubric(MINI / "rubric.yaml")
    answers, warnings = load_answers(MINI / f"{name}.yaml", rubric)
    assert warnings == []
    return score(rubric, answers)


def test_healthy() -> None:
    c = card("healthy")
    # elections: election 1, secret-ballot 1, recall n/a (left out) -> (1 + 1) / 2 = 100
    assert c.dimension("elections").score == pytest.approx(100.0)
    assert c.dimension("elections").applicable == 2  # recall is not applicable
    # money: budget 1, has-investments "no" 1, disclosed not shown, 12 hours -> .5
    #        (1 + 1 + .5) / 3 = 83.33
    assert c.dimension("money").score == pytest.approx(250 / 3)
    assert c.criterion("investments-disclosed").status == "not_shown"
    # overall: (2 * 100 + 83.33) / 3 = 94.44 -> Good, nothing unknown so the range is exact
    assert c.overall.score == pytest.approx((200 + 250 / 3) / 3)
    assert c.overall.band is not None and c.overall.band.label == "Good"
    assert (c.overall.range.worst, c.overall.range.best) == pytest.approx((c.overall.score,) * 2)
    assert c.overall.coverage == 1.0
    assert c.red_flags == ()


def test_opaque() -> None:
    c = card("opaque")
    # elections: closed-slate 0 (red flag), secret-ballot no 0, recall yes 1 -> 1/3 = 33.33, Poor
    elections = c.dimension("elections")
    assert elections.score == pytest.approx(100 / 3)
    assert elections.band is not None and elections.band.label == "Poor"
    # rule score: secret-ballot 0 and recall 1 -> 50; practice: election 0 -> 0; gap 50
    assert elections.rule_score == pytest.approx(50.0)
    assert elections.practice_score == pytest.approx(0.0)
    assert elections.gap == pytest.approx(50.0)
    # money: budget don't know scores as opacity 0; has-investments yes .5; disclosed no 0;
    #        30 hours 0 -> (0 + .5 + 0 + 0) / 4 = 12.5
    money = c.dimension("money")
    assert money.score == pytest.approx(12.5)
    assert c.criterion("budget-known").status == "opacity"
    # coverage: 4 applicable, 3 known -> 75 %; overall 6 of 7
    assert money.coverage == pytest.approx(0.75)
    assert c.overall.coverage == pytest.approx(6 / 7)
    # certainty: budget answered best (1) -> money (1 + .5) / 4 = 37.5
    assert (money.range.worst, money.range.best) == pytest.approx((12.5, 37.5))
    # overall: (2 * 33.33 + 12.5) / 3 = 26.39; best (66.67 + 37.5) / 3 = 34.72; both Poor
    assert c.overall.score == pytest.approx((200 / 3 + 12.5) / 3)
    assert c.overall.range.best == pytest.approx((200 / 3 + 37.5) / 3)
    assert c.overall.band is not None and c.overall.band.label == "Poor"
    # the cap (Fair) does not lower a band that is already Poor
    assert c.overall.capped_by == ()
    assert [(h.id, h.criterion_id) for h in c.red_flags] == [("closed-slate", "election")]


def test_capped() -> None:
    c = card("capped")
    # elections: 0 + 1 + 1 -> 66.67 (Fair); money: 1, 1, 5 hours 1 -> 100 (Good)
    assert c.dimension("elections").score == pytest.approx(200 / 3)
    assert c.dimension("money").score == pytest.approx(100.0)
    # disclosed was answered although has-investments is "no": kept, not scored
    assert c.criterion("investments-disclosed").status == "not_shown"
    assert c.criterion("notes").status == "text"
    # overall: (2 * 66.67 + 100) / 3 = 77.78 -> Good, capped to Fair by the closed slate
    assert c.overall.score == pytest.approx((400 / 3 + 100) / 3)
    assert c.overall.uncapped_band is not None and c.overall.uncapped_band.label == "Good"
    assert c.overall.band is not None and c.overall.band.label == "Fair"
    assert c.overall.capped_by == ("closed-slate",)


def test_what_if_ranks_the_fix_by_its_gain() -> None:
    rubric = load_rubric(MINI / "rubric.yaml")
    c = card("capped")
    gains = what_if(rubric, c)
    # Only the election is below full marks: fixed, elections = 100, overall = 100, and the
    # red flag goes with it, so the band is Good again: gain 100 - 77.78 = 22.22.
    assert [g.criterion_id for g in gains] == ["election"]
    assert gains[0].gain == pytest.approx(100 - (400 / 3 + 100) / 3)
    assert gains[0].band_after == "Good" and gains[0].band_changes


def test_what_if_opaque_order() -> None:
    rubric = load_rubric(MINI / "rubric.yaml")
    gains = what_if(rubric, card("opaque"))
    # Each fix moves one criterion to 1 (base overall 26.39):
    #   election:      elections (1+0+1)/3 = 66.67 -> (133.33 + 12.5)/3 = 48.61, gain 22.22
    #   secret-ballot: same arithmetic, gain 22.22
    #   budget-known:  money (1+.5+0+0)/4 = 37.5 -> (66.67 + 37.5)/3 = 34.72, gain 8.33
    #   disclosed, meeting-hours: money +25 each -> gain 8.33; has-investments +12.5 -> 4.17
    by_id = {g.criterion_id: g.gain for g in gains}
    assert by_id["election"] == pytest.approx(22.222, abs=1e-3)
    assert by_id["secret-ballot"] == pytest.approx(22.222, abs=1e-3)
    assert by_id["budget-known"] == pytest.approx(8.333, abs=1e-3)
    assert by_id["has-investments"] == pytest.approx(4.1667, abs=1e-3)
    assert [g.criterion_id for g in gains][:2] == ["election", "secret-ballot"]
    assert "recall" not in by_id  # already full marks


def test_json_form_is_documented_shape() -> None:
    data = card("opaque").to_dict()
    assert data["format"] == "orgaudit-scorecard/1"
    assert data["respondent"] == {"role": "leader", "count": 1}  # no id unless asked
    assert card("opaque").to_dict(include_respondent_id=True)["respondent"]["id"] == "r-17"
    election = data["dimensions"][0]["criteria"][0]
    assert election["evidence"] == "The outgoing committee proposed one slate."
    redacted = card("opaque").to_dict(redact_evidence=True)["dimensions"][0]["criteria"][0]
    assert redacted["evidence"] is None and redacted["links"] == 1


def test_an_observers_dont_know_is_left_out_not_opacity() -> None:
    import dataclasses

    from orgaudit.model import Respondent

    rubric = load_rubric(MINI / "rubric.yaml")
    answers, _ = load_answers(MINI / "opaque.yaml", rubric)
    observer = score(rubric, dataclasses.replace(answers, respondent=Respondent(role="observer")))
    # An outsider who was not told is no evidence of opacity: budget-known is left out, so
    # money = (.5 + 0 + 0) / 3 = 16.67 instead of 12.5, and the coverage stays 3 of 4.
    assert observer.criterion("budget-known").status == "dont_know"
    assert observer.dimension("money").score == pytest.approx(50 / 3)
    assert observer.dimension("money").coverage == pytest.approx(0.75)


def test_what_if_leaves_out_unknowns_that_are_not_scored() -> None:
    """An unanswered question (or an observer's don't know) is to be answered, not fixed."""
    import dataclasses

    rubric = load_rubric(MINI / "rubric.yaml")
    answers, _ = load_answers(MINI / "healthy.yaml", rubric)
    entries = {k: v for k, v in answers.answers.items() if k != "secret-ballot"}
    card = score(rubric, dataclasses.replace(answers, answers=entries))
    ids = [g.criterion_id for g in what_if(rubric, card)]
    # only meeting-hours (12 hours: .5) is scored below full marks
    assert ids == ["meeting-hours"]

"""Rubric translations (issue 17 part 1): the shipped ones complete and current, stale, missing and
extra entries reported with file:line, hostile text harmless, and scores never language-bound."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgaudit.aggregate import aggregate_scorecards
from orgaudit.answers import load_answers
from orgaudit.errors import OrgauditError, RubricError
from orgaudit.model import Cap, Rubric
from orgaudit.questions.number import number_of
from orgaudit.questions.scale import scale_of
from orgaudit.rubric import load_rubric
from orgaudit.scoring import Scorecard, score, scorecard_to_dict
from orgaudit.translation import (
    Language,
    Translation,
    available_languages,
    check_translation,
    dump,
    load_translation,
    skeleton,
    text_hash,
    translate,
    translated,
    translation_path,
    translation_schema,
)
from orgaudit.yamlio import load_yaml

from .conftest import DEFAULT_RUBRIC, ROOT

SHIPPED = ("es", "fa")
SEEDS = sorted((ROOT / "seeds").glob("*.yaml")) + sorted(
    (ROOT / "seeds" / "riverside-tenants-union").glob("*.yaml")
)
#: Texts a translation may leave as they are in English.
SAME_IN_SPANISH = {"No"}


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(DEFAULT_RUBRIC)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of rubrics/ with the seeds it quotes inside it (a rubric reads sources only in its
    own folder tree), to edit; the translations name the copy's hash, which covers the source's
    path. Returns the rubric's path."""
    shutil.copytree(ROOT / "rubrics", tmp_path / "rubrics")
    shutil.copytree(ROOT / "seeds", tmp_path / "rubrics" / "seeds")
    path = tmp_path / "rubrics" / DEFAULT_RUBRIC.name
    edit(path, "path: ../seeds/", "path: seeds/")
    old, new = load_rubric(DEFAULT_RUBRIC).hash, load_rubric(path).hash
    for lang in SHIPPED:
        edit(translation_path(path, lang), old, new)
    return path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), "utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- the shipped translations -----------------------------------------------------------------


def test_the_shipped_languages_are_found_beside_the_rubric() -> None:
    assert available_languages(DEFAULT_RUBRIC) == list(SHIPPED)
    assert translation_path(DEFAULT_RUBRIC, "es") == DEFAULT_RUBRIC.with_name(
        "org-democracy.es.yaml"
    )


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_translations_are_complete_and_current(rubric: Rubric, lang: str) -> None:
    assert check_translation(rubric, translation_path(DEFAULT_RUBRIC, lang)) == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_translations_are_marked_machine_assisted(lang: str) -> None:
    translation = load_translation(translation_path(DEFAULT_RUBRIC, lang))
    assert translation.machine_assisted is True
    assert translation.language.code == lang
    assert translation.language.direction == ("rtl" if lang == "fa" else "ltr")
    assert translation.language.name == {"es": "Español", "fa": "فارسی"}[lang]


def _texts(rubric: Rubric) -> list[tuple[str, str]]:
    """(where, text) of every text `translate` may replace, in a stable order."""
    out = [("title", rubric.title), ("description", rubric.description)]
    out += [(f"flag {f.id}", f.title) for f in rubric.red_flags]
    out += [(f"flag {f.id}", f.description) for f in rubric.red_flags]
    for table in rubric.band_tables.values():
        out += [(f"band {table.id}", b.label) for b in table.bands]
    for dim in rubric.dimensions:
        out += [(f"dimension {dim.id}", dim.title), (f"dimension {dim.id}", dim.description)]
    for c in rubric.criteria:
        out += [(c.id, c.question), (c.id, c.help), (c.id, c.recommendation)]
        out += [(f"{c.id}.{o.value}", o.label) for o in c.options]
        out += [(f"{c.id}.{o.value}", o.recommendation or "") for o in c.options]
        out += [
            (c.id, scale_of(c).min_label or ""),
            (c.id, scale_of(c).max_label or ""),
            (c.id, number_of(c).unit or ""),
        ]
        if c.source and c.source.quote:
            out.append((c.id, c.source.quote_translation or ""))
    return out


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_text_is_translated(rubric: Rubric, lang: str) -> None:
    """No English left: each text differs from the original (Spanish "No" aside), and every
    Persian text is written in Persian script."""
    shown = translate(rubric, load_translation(translation_path(DEFAULT_RUBRIC, lang)))
    before, after = _texts(rubric), _texts(shown)
    assert [w for w, _ in before] == [w for w, _ in after]
    same = [
        (where, old)
        for (where, old), (_, new) in zip(before, after, strict=True)
        if old and old == new and not (lang == "es" and old in SAME_IN_SPANISH)
    ]
    assert same == []
    quotes = [c for c in shown.criteria if c.source and c.source.quote]
    assert all(c.source and c.source.quote_translation for c in quotes)
    if lang == "fa":
        latin_only = [t for _, t in after if t and not re.search("[\u0600-\u06ff]", t)]
        assert latin_only == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_glossary_terms_are_used(lang: str) -> None:
    """The glossary's band labels are the translation's, and its key terms occur in it."""
    glossary = load_yaml(ROOT / "rubrics" / f"glossary.{lang}.yaml").data
    assert glossary["machine_assisted"] is True and glossary["language"]["code"] == lang
    terms = {t["en"]: t[lang] for t in glossary["terms"]}
    translation = load_translation(translation_path(DEFAULT_RUBRIC, lang))
    bands = translation.data["band_tables"]["democracy"]
    assert {k: v["label"] for k, v in bands.items()} == {k: terms[k] for k in bands}
    text = translation_path(DEFAULT_RUBRIC, lang).read_text("utf-8").lower()
    for en in ("faction", "closed slate", "leading committee", "secret ballot", "convention"):
        assert terms[en].lower() in text, (en, terms[en])


# --- stale, missing, extra --------------------------------------------------------------------


def test_a_changed_criterion_makes_exactly_its_entry_stale(tree: Path) -> None:
    es = tree.with_name("org-democracy.es.yaml")
    assert check_translation(load_rubric(tree), es) == []
    edit(
        tree, "How was the current leading committee elected?", "Who elected the leading committee?"
    )
    findings = check_translation(load_rubric(tree), es)
    assert [(f.line, f.path) for f in findings] == [
        (line_of(es, "rubric_hash:"), "$.rubric_hash"),
        (line_of(es, "hash: 8de50669dd79"), "$.criteria.committee-election.hash"),
    ]
    assert all(f.file == str(es) for f in findings)
    assert "stale" in findings[1].message and "committee-election" in findings[1].message
    assert str(findings[1]).startswith(f"{es}:{findings[1].line}: ")


def test_a_changed_help_text_is_reported_by_the_text_hash(tree: Path) -> None:
    edit(tree, "Recall the convention or general meeting itself.", "Recall the meeting itself.")
    rubric = load_rubric(tree)
    findings = check_translation(rubric, tree.with_name("org-democracy.fa.yaml"))
    stale = [f for f in findings if f.path != "$.rubric_hash"]
    assert [f.path for f in stale] == ["$.criteria.ballot-practice.text_hash"]
    crit = rubric.criterion("ballot-practice")
    assert crit is not None and text_hash(crit) in stale[0].message


def test_a_stale_entry_shows_the_original_question(tree: Path) -> None:
    edit(
        tree, "How was the current leading committee elected?", "Who elected the leading committee?"
    )
    rubric = load_rubric(tree)
    es = load_translation(tree.with_name("org-democracy.es.yaml"))
    crit = translate(rubric, es).criterion("committee-election")
    assert crit is not None and crit.question == "Who elected the leading committee?"
    assert crit.options[0].label == "Individual candidates, more candidates than seats"
    forced = translate(rubric, es, use_stale=True).criterion("committee-election")
    assert forced is not None and forced.question.startswith("¿")


def test_missing_and_extra_entries_are_reported_with_lines(tree: Path) -> None:
    es = tree.with_name("org-democracy.es.yaml")
    edit(es, "      show-of-hands:\n        label: A mano alzada\n", "")
    edit(es, "  treadmill:\n    title: Rueda de reuniones\n", "  treadmill:\n")
    edit(
        es,
        "criteria:\n",
        "criteria:\n  no-such-question:\n    hash: 000000000000\n    text_hash: 000000000000\n"
        "    question: ¿Qué?\n",
    )
    edit(es, "      contested:\n", "      contestd:\n        label: Sobra\n      contested:\n")
    edit(es, "    Autocratic:\n", "    Autocracy:\n      label: Sobra\n    Autocratic:\n")
    edit(es, "  decision-news:\n", "  decision-news:\n    unit: días\n")
    findings = check_translation(load_rubric(tree), es)
    options_line = load_yaml(es).key_line_of(("criteria", "ballot-practice", "options"))
    assert options_line == line_of(es, "label: Por voto secreto, contado") - 2
    got = {(f.path, f.line) for f in findings}
    assert got == {
        ("$.criteria.ballot-practice.options.show-of-hands.label", options_line),
        ("$.red_flags.treadmill.title", line_of(es, "  treadmill:")),
        ("$.criteria.no-such-question", line_of(es, "no-such-question:")),
        ("$.criteria.committee-election.options.contestd", line_of(es, "contestd:")),
        ("$.band_tables.democracy.Autocracy", line_of(es, "Autocracy:")),
        ("$.criteria.decision-news.unit", line_of(es, "unit: días")),
    }
    messages = {f.path: f.message for f in findings}
    assert messages["$.criteria.ballot-practice.options.show-of-hands.label"].startswith(
        'missing: no translation of "By a show of hands"'
    )
    assert "has no option 'contestd'" in messages["$.criteria.committee-election.options.contestd"]
    assert "no criterion 'no-such-question'" in messages["$.criteria.no-such-question"]
    assert "no band labelled 'Autocracy'" in messages["$.band_tables.democracy.Autocracy"]


def test_missing_texts_fall_back_to_the_original(tree: Path) -> None:
    es = tree.with_name("org-democracy.es.yaml")
    edit(es, "      show-of-hands:\n        label: A mano alzada\n", "")
    shown = translate(load_rubric(tree), load_translation(es))
    crit = shown.criterion("ballot-practice")
    assert crit is not None
    assert [o.label for o in crit.options][2] == "By a show of hands"
    assert crit.options[0].label.startswith("Por voto secreto")


def test_schema_problems_are_findings_with_lines(tree: Path) -> None:
    es = tree.with_name("org-democracy.es.yaml")
    edit(es, "machine_assisted: true", "machine_assisted: yes")
    edit(es, "  direction: ltr", "  direction: sideways")
    edit(es, "  committee-election:\n", "  Committee_Election:\n")
    findings = check_translation(load_rubric(tree), es)
    assert [(f.line, f.path) for f in findings] == [
        (line_of(es, "direction: sideways"), "$.language.direction"),
        (line_of(es, "machine_assisted:"), "$.machine_assisted"),
        (line_of(es, "Committee_Election:"), "$.criteria.Committee_Election"),
    ]
    assert "not a valid id" in findings[2].message
    with pytest.raises(RubricError) as caught:
        load_translation(es)
    assert len(caught.value.findings) == 3 and caught.value.line == findings[0].line


def test_a_translation_of_another_rubric_or_language(tree: Path) -> None:
    es = tree.with_name("org-democracy.es.yaml")
    edit(es, "rubric: org-democracy", "rubric: org-democracia")
    findings = check_translation(load_rubric(tree), es)
    assert [(f.path, f.line) for f in findings] == [("$.rubric", line_of(es, "rubric: org-"))]
    assert "did you mean" in findings[0].message
    with pytest.raises(RubricError, match="not of 'org-democracy'"):
        translate(load_rubric(tree), load_translation(es))
    fa = tree.with_name("org-democracy.fa.yaml")
    edit(fa, "  code: fa", "  code: ps")
    assert [f.path for f in check_translation(load_rubric(tree), fa)] == ["$.language.code"]


def test_duplicate_band_labels_keep_the_original_table(tree: Path) -> None:
    """Caps name their band by label: a translation that makes two labels equal would move a
    cap, so the table keeps its labels (and the check says why)."""
    es = tree.with_name("org-democracy.es.yaml")
    edit(es, "label: Oligárquica\n", "label: Tendencias oligárquicas\n")
    rubric = load_rubric(tree)
    findings = check_translation(rubric, es)
    assert [f.path for f in findings] == ["$.band_tables.democracy.Oligarchic.label"]
    shown = translate(rubric, load_translation(es))
    assert shown.band_tables == rubric.band_tables and shown.caps == rubric.caps


# --- paths and languages ----------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../es", "es/../../x", "", "e", "es_ES", "es.yaml", "\u202ees"])
def test_a_language_must_be_a_tag(bad: str) -> None:
    with pytest.raises(OrgauditError, match="not a language tag"):
        translation_path(DEFAULT_RUBRIC, bad)


def test_translated_by_language_tag(rubric: Rubric) -> None:
    assert translated(rubric, None) is rubric and translated(rubric, "en-GB") is rubric
    assert translated(rubric, "es-MX").language == "es"
    assert translated(rubric, "fa").title == "دموکراسی درونی سازمان‌ها"
    with pytest.raises(OrgauditError, match="no translation into 'de'") as caught:
        translated(rubric, "de")
    assert caught.value.hint == "available: en, es, fa"


def test_other_files_beside_the_rubric_are_not_languages(tree: Path) -> None:
    folder = tree.parent
    (folder / "org-democracy.v2.yaml").write_text("x: 1\n", "utf-8")
    (folder / "org-democracy.es.yaml.bak").write_text("x: 1\n", "utf-8")
    (folder / "org-democracy.pt-BR.yaml").mkdir()
    assert available_languages(tree) == ["es", "fa"]


def test_the_translation_schema_is_a_valid_schema() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(translation_schema())


def test_a_skeleton_is_a_complete_current_translation(tree: Path) -> None:
    rubric = load_rubric(tree)
    path = tree.with_name("org-democracy.de.yaml")
    path.write_text(dump(skeleton(rubric, Language("de", "Deutsch"))), "utf-8")
    assert check_translation(rubric, path) == []
    assert available_languages(tree) == ["de", "es", "fa"]


THRESHOLDS_RUBRIC = """\
id: mini
version: "1.0"
title: Mini rubric
language: en
band_tables:
  - id: pct
    step: 1
    bands:
      - {label: "1", min: 5, max: 10}
      - {label: "2", min: 0, max: 4}
  - id: overall
    bands:
      - {label: Good, min: 50, max: 100}
      - {label: Bad, min: 0, max: 50}
overall: {method: weighted_mean, bands: overall, total_label: Sum}
dimensions:
  - id: time
    title: Time
    bands: pct
    scoring: points
    criteria:
      - id: meeting-hours
        question: Hours a month in meetings?
        type: number
        number: {min: 0, max: 200, unit: hours}
        thresholds:
          - {up_to: 8, score: 1, points: 10, label: Few, recommendation: ""}
          - {up_to: 20.5, score: 0.5, points: 5, label: Some}
          - {score: 0, points: 0, label: Many, recommendation: Cut meetings.}
"""


def test_thresholds_numeric_band_labels_and_totals(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(THRESHOLDS_RUBRIC, "utf-8")
    rubric = load_rubric(path)
    data = skeleton(rubric, Language("fa", "فارسی", "rtl"))
    assert data["band_tables"]["pct"] == {"1": {"label": "1"}, "2": {"label": "2"}}
    assert data["total_label"] == "Sum"
    assert [t["up_to"] for t in data["criteria"]["meeting-hours"]["thresholds"]] == [8, 20.5, None]
    data["band_tables"]["pct"] = {"1": {"label": "۱"}, "2": {"label": "۲"}}
    data["band_tables"]["overall"] = {"Good": {"label": "خوب"}, "Bad": {"label": "بد"}}
    data["total_label"] = "جمع"
    data["criteria"]["meeting-hours"]["thresholds"] = [
        {"up_to": None, "label": "زیاد", "recommendation": "جلسات را کم کنید."},
        {"up_to": 8, "label": "کم"},
        {"up_to": 20.5, "label": "متوسط"},
    ]
    out = translation_path(path, "fa")
    out.write_text(dump(data), "utf-8")
    assert check_translation(rubric, out) == []
    shown = translate(rubric, load_translation(out))
    crit = shown.criterion("meeting-hours")
    assert crit is not None
    assert [(t.up_to, t.label, t.recommendation) for t in crit.thresholds] == [
        (8, "کم", ""),
        (20.5, "متوسط", None),
        (None, "زیاد", "جلسات را کم کنید."),
    ]
    assert shown.total_label == "جمع"
    assert [b.label for b in shown.band_tables["pct"].bands] == ["۱", "۲"]
    data["criteria"]["meeting-hours"]["thresholds"].append({"up_to": 9, "label": "?"})
    del data["total_label"]
    out.write_text(dump(data), "utf-8")
    findings = check_translation(rubric, out)
    assert [f.path for f in findings] == [
        "$.total_label",
        "$.criteria.meeting-hours.thresholds[up_to 9]",
    ]
    assert findings[1].line == out.read_text("utf-8").splitlines().index("    - up_to: 9") + 1


# --- hostile text -----------------------------------------------------------------------------

HOSTILE = {
    "Democrática": "Demo\\u202ecrática",
    "¿Cómo se eligió el comité de dirección actual?": "\\e[31m¿Cómo?\\e[0m",
    "Fracciones prohibidas": "Fracciones\\x9b31m prohibidas",
    "Rueda de reuniones": "Rueda\\u2066 de\\u200f reuniones\\x00",
}


def test_hostile_text_is_loaded_reported_and_never_shown(tree: Path) -> None:
    es = tree.with_name("org-democracy.es.yaml")
    for old, new in HOSTILE.items():
        edit(es, f" {old}\n", f' "{new}"\n')
    translation = load_translation(es)  # the loader takes it: it is text
    assert "\x1b" in str(translation.text(("criteria", "committee-election", "question")))
    rubric = load_rubric(tree)
    findings = check_translation(rubric, es)
    assert {f.line for f in findings} == {line_of(es, f'"{new}"') for new in HOSTILE.values()}
    assert all("control or bidi characters" in f.message for f in findings)
    assert all("\x1b" not in str(f) and "\u202e" not in str(f) for f in findings)
    shown = translate(rubric, translation)
    crit = shown.criterion("committee-election")
    assert crit is not None and crit.question == "How was the current leading committee elected?"
    assert shown.band_tables["democracy"].bands[0].label == "Democratic"
    flags = {f.id: f.title for f in shown.red_flags}
    assert flags["factions-forbidden"] == "Factions forbidden"
    assert flags["treadmill"] == "Meeting treadmill"
    assert flags["closed-slate"] == "Dirección elegida por lista cerrada"


def test_hostile_keys_are_extra_entries_not_errors(tree: Path) -> None:
    es = tree.with_name("org-democracy.es.yaml")
    edit(
        es, "      contested:\n", '      "con\\u202etested":\n        label: x\n      contested:\n'
    )
    edit(es, "    Autocratic:\n", '    "Auto\\e[2Jcratic":\n      label: x\n    Autocratic:\n')
    findings = check_translation(load_rubric(tree), es)
    assert len([f for f in findings if f.message.startswith("extra")]) == 2
    translate(load_rubric(tree), load_translation(es))


# --- scores never depend on the language ------------------------------------------------------


def _numbers(card: Scorecard) -> dict[str, Any]:
    """The scorecard as data with every text a translation may change taken out."""
    texts = {"title", "label", "worst_band", "best_band", "recommendation", "text"}

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in texts}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return dict(strip(scorecard_to_dict(card)))


@pytest.mark.parametrize("lang", SHIPPED)
def test_translated_rubric_scores_every_seed_the_same(rubric: Rubric, lang: str) -> None:
    shown = translated(rubric, lang)
    assert shown.hash == rubric.hash and shown.criterion_hashes == rubric.criterion_hashes
    for path in SEEDS:
        answers, _ = load_answers(path, rubric)
        answers_shown, warnings = load_answers(path, shown)  # an answers file fits either
        assert answers_shown == answers and not warnings
        original, other = score(rubric, answers), score(shown, answers)
        assert _numbers(original) == _numbers(other), path.name
        assert other.overall.band is not None and original.overall.band is not None
        assert other.overall.band.rank == original.overall.band.rank
        assert other.overall.band.label != original.overall.band.label


@pytest.mark.parametrize("lang", SHIPPED)
def test_caps_hold_in_every_language(rubric: Rubric, lang: str) -> None:
    """A cap names its band by label: the translated caps still find their band."""
    answers, _ = load_answers(ROOT / "seeds" / "fictional-cooperative-league.yaml", rubric)
    given = dict(answers.answers)
    given["committee-election"] = dataclasses.replace(
        given["committee-election"], value="closed-slate"
    )
    answers = dataclasses.replace(answers, answers=given)
    original, other = score(rubric, answers), score(translated(rubric, lang), answers)
    assert original.overall.capped_by == other.overall.capped_by == ("closed-slate",)
    assert original.overall.band is not None and other.overall.band is not None
    assert original.overall.band.label == "Oligarchic tendencies"
    assert other.overall.band.rank == original.overall.band.rank == 2
    assert (
        other.overall.band.label
        == {"es": "Tendencias oligárquicas", "fa": "گرایش‌های الیگارشیک"}[lang]
    )
    assert _numbers(original) == _numbers(other)


def test_pooled_respondents_score_the_same_in_every_language(rubric: Rubric) -> None:
    folder = sorted((ROOT / "seeds" / "riverside-tenants-union").glob("*.yaml"))

    def pooled(r: Rubric) -> Scorecard:
        cards = [score(r, load_answers(p, r)[0]) for p in folder]
        return aggregate_scorecards(r, cards)

    english = _numbers(pooled(rubric))
    for lang in SHIPPED:
        assert _numbers(pooled(translated(rubric, lang))) == english


# --- property: translate() never changes a value, id or number ----------------------------------

TEXT_FIELDS = {
    "title",
    "description",
    "question",
    "help",
    "recommendation",
    "label",
    "min_label",
    "max_label",
    "unit",
    "quote_translation",
    "total_label",
    "language",
}


def _invariant(rubric: Rubric) -> Any:
    """Everything but the texts; a cap's band as its rank in the overall table."""
    table = rubric.band_tables[rubric.overall_bands]

    def walk(node: Any) -> Any:
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            if isinstance(node, Cap):
                return ("cap", node.red_flag, table.rank_of(node.band))
            return (
                type(node).__name__,
                {
                    f.name: walk(getattr(node, f.name))
                    for f in dataclasses.fields(node)
                    if f.name not in TEXT_FIELDS
                },
            )
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, tuple | list):
            return [walk(v) for v in node]
        return node

    return walk(rubric)


_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "Democratic", "Autocratic", "x", "\u202e", "\x1b[2J", "\u0641\u0627"]),
)


@st.composite
def translations(draw: st.DrawFn, rubric: Rubric) -> Translation:
    data = skeleton(rubric, Language("xx", "Xx"))

    def scramble(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key in ("hash", "text_hash") and draw(st.booleans()):
                    out[key] = "000000000000"
                elif isinstance(value, str) and key not in ("hash", "text_hash"):
                    choice = draw(st.integers(0, 2))
                    if choice == 1:
                        out[key] = draw(_text)
                    elif choice == 0:
                        out[key] = value
                else:
                    out[key] = scramble(value)
            return out
        if isinstance(node, list):
            return [scramble(v) for v in node]
        return node

    header = {k: data.pop(k) for k in ("rubric", "rubric_hash", "language", "machine_assisted")}
    texts = scramble(data)
    return Translation(
        rubric_id=rubric.id,
        rubric_hash=header["rubric_hash"],
        language=Language("xx", "Xx"),
        machine_assisted=True,
        data={**header, **texts},
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_translate_never_changes_a_value_id_or_number(rubric: Rubric, data: st.DataObject) -> None:
    translation = data.draw(translations(rubric))
    shown = translate(rubric, translation, use_stale=data.draw(st.booleans()))
    assert _invariant(shown) == _invariant(rubric)
    assert shown.hash == rubric.hash and shown.path == rubric.path and shown.id == rubric.id
    for table_id, table in shown.band_tables.items():
        labels = [b.label for b in table.bands]
        assert len(set(labels)) == len(labels), table_id
    for cap in shown.caps:
        rank = shown.band_tables[shown.overall_bands].rank_of(cap.band)
        assert rank == rubric.band_tables[rubric.overall_bands].rank_of(
            next(c.band for c in rubric.caps if c.red_flag == cap.red_flag)
        )
    for crit, before in zip(shown.criteria, rubric.criteria, strict=True):
        if crit.source is not None and before.source is not None:
            assert crit.source.quote == before.source.quote


def test_rubric_validate_reports_stale_translations_with_file_and_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from orgaudit.cli import main

    folder = tmp_path / "rubrics"
    folder.mkdir()
    text = DEFAULT_RUBRIC.read_text(encoding="utf-8").replace("../seeds/", "seeds/")
    changed = text.replace(
        "How was the current leading committee elected?",
        "How was the present leading committee elected?",
    )
    assert changed != text
    (folder / "org-democracy.yaml").write_text(changed, encoding="utf-8")
    shutil.copy(ROOT / "rubrics" / "org-democracy.es.yaml", folder)
    (folder / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "critique-of-trotskyist-organizations.txt", folder / "seeds")
    result = CliRunner().invoke(main, ["rubric", "validate", str(folder / "org-democracy.yaml")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        re.match(r".*org-democracy\.es\.yaml:\d+: \$\.criteria\.committee-election\.hash: stale", x)
        for x in lines
    ), lines
    clean = CliRunner().invoke(main, ["rubric", "validate"])
    assert clean.exit_code == 0 and "translations: es, fa, complete and current" in clean.stdout

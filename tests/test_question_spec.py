"""A question type's own fields live in its spec (`Criterion.spec`), which only its module reads;
translation reaches their texts through the type's hooks, under the keys translation files use."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import yaml

from orgaudit.model import Criterion, QuestionSpec, Rubric
from orgaudit.questions import handler, names
from orgaudit.questions.number import NumberSpec
from orgaudit.questions.scale import ScaleSpec
from orgaudit.rubric import load_rubric
from orgaudit.translation import text_hash, translated, translation_path
from orgaudit.yamlio import load_yaml

from .conftest import DEFAULT_RUBRIC, FREEDOM_RUBRIC, MINI

#: The per-type fields Criterion had before each type got its spec.
OLD_FIELDS = (
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "scale_reverse",
    "number_min",
    "number_max",
    "number_integer",
    "unit",
)


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(DEFAULT_RUBRIC)


def _raw_criteria(path: Any) -> dict[str, dict[str, Any]]:
    data = load_yaml(path).data
    return {c["id"]: c for d in data["dimensions"] for c in d["criteria"]}


def test_criterion_has_no_field_of_a_particular_type(rubric: Rubric) -> None:
    names_ = {f.name for f in dataclasses.fields(Criterion)}
    assert "spec" in names_
    assert names_.isdisjoint(OLD_FIELDS)
    for crit in rubric.criteria:
        assert not any(hasattr(crit, name) for name in OLD_FIELDS), crit.id


@pytest.mark.parametrize("path", [DEFAULT_RUBRIC, FREEDOM_RUBRIC, MINI / "rubric.yaml"])
def test_each_criterion_carries_its_types_spec_with_the_rubrics_values(path: Any) -> None:
    rubric = load_rubric(path)
    raw = _raw_criteria(path)
    seen = set()
    for crit in rubric.criteria:
        own = raw[crit.id]
        seen.add(crit.type)
        if crit.type == "scale":
            scale = own["scale"]
            assert crit.spec == ScaleSpec(
                min=scale["min"],
                max=scale["max"],
                min_label=scale.get("min_label"),
                max_label=scale.get("max_label"),
                reverse=scale.get("reverse", False),
            )
        elif crit.type == "number":
            number = own["number"]
            assert crit.spec == NumberSpec(
                min=number.get("min"),
                max=number.get("max"),
                integer=number.get("integer", False),
                unit=number.get("unit"),
            )
        else:  # choices, percentages (limits and unit are the type's own) and text
            assert type(crit.spec) is QuestionSpec, crit.id
    if path == DEFAULT_RUBRIC:
        assert {"scale", "number"} <= seen


def test_a_spec_is_built_by_its_type_alone() -> None:
    scale = handler("scale").spec(
        {"type": "scale", "scale": {"min": 0, "max": 10, "reverse": True}}
    )
    assert scale == ScaleSpec(min=0, max=10, reverse=True)
    crit = Criterion(id="q", dimension_id="d", question="?", type="scale", spec=scale)
    assert handler("scale").score(crit, 0)[0] == 1.0  # reversed: the low end scores best
    assert handler("scale").score(crit, 10)[0] == 0.0
    assert handler("scale").outline(crit) == "scale 0-10"
    number = handler("number").spec({"number": {"min": 0, "integer": True, "unit": "days"}})
    assert number == NumberSpec(min=0, max=None, integer=True, unit="days")
    for name in names():
        if name not in ("scale", "number"):
            assert type(handler(name).spec({"type": name})) is QuestionSpec, name


def test_spec_texts_and_with_texts_use_the_translation_files_keys() -> None:
    scale = ScaleSpec(min_label="Never", max_label="Always")
    assert list(handler("scale").spec_texts(scale)) == [
        (("scale", "min_label"), "Never"),
        (("scale", "max_label"), "Always"),
    ]
    shown = handler("scale").with_texts(scale, lambda key, text: f"{'.'.join(key)}={text}")
    assert shown == ScaleSpec(min_label="scale.min_label=Never", max_label="scale.max_label=Always")
    unit = NumberSpec(max=12, unit="months")
    assert list(handler("number").spec_texts(unit)) == [(("unit",), "months")]
    assert handler("number").with_texts(unit, lambda key, text: "meses") == NumberSpec(
        max=12, unit="meses"
    )
    # nothing to translate: the spec itself comes back
    bare = NumberSpec(min=0)
    assert list(handler("number").spec_texts(bare)) == []
    assert handler("number").with_texts(bare, lambda key, text: "x") is bare
    assert list(handler("yes_no").spec_texts(QuestionSpec())) == []


@pytest.mark.parametrize("lang", ["es", "fa"])
def test_stored_text_hashes_still_match_and_spec_texts_are_translated(
    rubric: Rubric, lang: str
) -> None:
    stored = yaml.safe_load(translation_path(DEFAULT_RUBRIC, lang).read_text(encoding="utf-8"))
    entries = stored["criteria"]
    for crit in rubric.criteria:
        assert entries[crit.id]["text_hash"] == text_hash(crit), crit.id
    shown = translated(rubric, lang)
    for crit in rubric.criteria:
        after = shown.criterion(crit.id)
        assert after is not None and type(after.spec) is type(crit.spec)
        if isinstance(crit.spec, ScaleSpec) and crit.spec.min_label:
            assert isinstance(after.spec, ScaleSpec)
            assert after.spec.min_label == entries[crit.id]["scale"]["min_label"]
            assert (after.spec.min, after.spec.max) == (crit.spec.min, crit.spec.max)
        if isinstance(crit.spec, NumberSpec) and crit.spec.unit:
            assert isinstance(after.spec, NumberSpec)
            assert after.spec.unit == entries[crit.id]["unit"]
            assert (after.spec.min, after.spec.max) == (crit.spec.min, crit.spec.max)


def test_whether_answers_count_is_the_types_to_say() -> None:
    """`Criterion.scored` comes from the question type (free text is evidence only), not from a
    type's name written into the model."""
    rubric = load_rubric(DEFAULT_RUBRIC)
    assert {c.type for c in rubric.criteria if not c.scored} == {"text"}
    for crit in rubric.criteria:
        assert crit.scored is handler(crit.type).scored

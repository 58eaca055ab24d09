"""Fuzzing the loaders with hypothesis: bad input ends in `OrgauditError`, good input round-trips.

(a) YAML-ish text and bytes never raise anything but `OrgauditError`;
(b) generated valid rubrics load, and broken variants of them fail with a file:line;
(c) generated valid answers survive load -> save -> load unchanged, and score without error;
(d) random garbage as an answers file raises only `OrgauditError`.
"""

from __future__ import annotations

import copy
import itertools
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgaudit.answers import load_answers, parse_answers, save_answers
from orgaudit.errors import OrgauditError
from orgaudit.model import Answers, Rubric
from orgaudit.rubric import load_rubric
from orgaudit.scoring import score
from orgaudit.yamlio import dump_yaml, load_yaml, parse_yaml

FUZZ = settings(
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW_FUZZ = settings(FUZZ, max_examples=60)


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder per example (function-scoped fixtures do not reset between examples)."""
    with tempfile.TemporaryDirectory(prefix="orgaudit-fuzz-") as name:
        yield Path(name)


# --- (a) YAML-ish text and bytes ----------------------------------------------------------------

TOKENS = [
    "a",
    "b",
    "id",
    ":",
    ": ",
    "- ",
    "-",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&x ",
    "*x",
    "&y ",
    "*y",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!null ",
    "!!binary ",
    "!foo ",
    "? ",
    "|",
    ">",
    "'",
    '"',
    "\\u",
    "\\ud800",
    "\\x0",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:x,2000:",
    "yes",
    "no",
    "012",
    "1.10",
    "12:30",
    ".nan",
    "2024-05-01",
    "9" * 30,
    "\x00",
    "\x07",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\u00e9",
    "\U0001f600",
    "~",
    "null",
    "<<",
]
yamlish_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=40).map(
    "".join
)


@pytest.mark.slow
@FUZZ
@given(yamlish_text)
def test_parse_yaml_raises_only_orgaudit_errors(text: str) -> None:
    try:
        doc = parse_yaml(text, "fuzz.yaml")
    except OrgauditError as exc:
        assert exc.file == "fuzz.yaml"
        assert "\n" not in str(exc)
    else:
        dump_yaml(doc.data)  # whatever loads is plain data


@pytest.mark.slow
@FUZZ
@given(
    st.one_of(
        st.binary(max_size=200),
        yamlish_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.tuples(
            st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"", b"a: \xe9\n"]), st.binary()
        ).map(lambda pair: pair[0] + pair[1]),
    )
)
def test_load_yaml_raises_only_orgaudit_errors(raw: bytes) -> None:
    with scratch() as folder:
        path = folder / "fuzz.yaml"
        path.write_bytes(raw)
        try:
            load_yaml(path)
        except OrgauditError as exc:
            assert exc.file == str(path)


# --- (b) rubrics --------------------------------------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
labels = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20).filter(
    str.strip
)
scores = st.sampled_from([0, 0.25, 0.5, 0.75, 1, 0.1, 0.9])


@st.composite
def option_list(draw: st.DrawFn, descending: bool) -> list[dict[str, Any]]:
    values = draw(st.lists(ids, min_size=2, max_size=4, unique=True))
    points = [draw(scores) for _ in values]
    if descending:
        points.sort(reverse=True)
    return [
        {"value": v, "label": draw(labels), "score": p} for v, p in zip(values, points, strict=True)
    ]


@st.composite
def criterion(
    draw: st.DrawFn, cid: str, earlier: list[dict[str, Any]], flag: str | None
) -> dict[str, Any]:
    kind = draw(st.sampled_from(["yes_no", "single", "multi", "scale", "number", "text"]))
    crit: dict[str, Any] = {"id": cid, "question": draw(labels), "type": kind}
    if draw(st.booleans()):
        crit["weight"] = draw(st.sampled_from([0.5, 1, 2, 3]))
    if kind != "text":
        crit["dont_know"] = draw(st.sampled_from(["omit", "opacity"]))
        crit["not_applicable"] = draw(st.booleans())
    if kind == "yes_no":
        crit["options"] = [
            {"value": "yes", "label": "Yes", "score": 1},
            {"value": "no", "label": "No", "score": draw(st.sampled_from([0, 0.5]))},
        ]
    elif kind in ("single", "multi"):
        crit["options"] = draw(option_list(kind == "single"))
    elif kind == "scale":
        low = draw(st.integers(-3, 3))
        crit["scale"] = {"min": low, "max": low + draw(st.integers(1, 9))}
    elif kind == "number":
        crit["number"] = {"min": 0, "max": 1000, "integer": draw(st.booleans())}
        cuts = sorted(draw(st.lists(st.integers(1, 999), min_size=0, max_size=3, unique=True)))
        crit["thresholds"] = [{"up_to": c, "score": draw(scores)} for c in cuts] + [
            {"score": draw(scores)}
        ]
    if flag is not None and "options" in crit:
        crit["options"][-1]["red_flag"] = flag
    choices = [c for c in earlier if c["type"] in ("yes_no", "single")]
    if draw(st.booleans()) and choices:
        target = draw(st.sampled_from(choices))
        crit["when"] = {"question": target["id"], "equals": target["options"][0]["value"]}
    return crit


@st.composite
def rubric_data(draw: st.DrawFn) -> dict[str, Any]:
    cuts = sorted(draw(st.lists(st.integers(1, 99), max_size=4, unique=True)))
    edges = [0, *cuts, 100]
    bands = [
        {"label": f"band {i}", "min": lo, "max": hi}
        for i, (lo, hi) in enumerate(itertools.pairwise(edges))
    ]
    bands.reverse()
    earlier: list[dict[str, Any]] = []
    dimensions = []
    flag_used = False
    for d in range(draw(st.integers(1, 3))):
        criteria = []
        for j in range(draw(st.integers(1, 4))):
            want_flag = not flag_used and draw(st.booleans())
            crit = draw(criterion(f"c{d}-{j}", earlier, "rf" if want_flag else None))
            flag_used |= any("red_flag" in o for o in crit.get("options", []))
            criteria.append(crit)
            earlier.append(crit)
        dimensions.append(
            {
                "id": f"d{d}",
                "title": draw(labels),
                "weight": draw(st.sampled_from([1, 2, 0.5])),
                "bands": "pct",
                "criteria": criteria,
            }
        )
    data: dict[str, Any] = {
        "id": draw(ids),
        "version": draw(st.sampled_from(["1.0", "1.10", "2", "2024-05-01", "0.1.0-beta"])),
        "title": draw(labels),
        "language": "en",
        "band_tables": [{"id": "pct", "bands": bands}],
        "overall": {"method": "weighted_mean", "bands": "pct"},
        "dimensions": dimensions,
    }
    if flag_used:
        data["red_flags"] = [{"id": "rf", "title": "A red flag"}]
        if draw(st.booleans()):
            data["caps"] = [{"red_flag": "rf", "band": bands[-1]["label"]}]
    return data


def write_rubric(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / "rubric.yaml"
    path.write_text(dump_yaml(data), "utf-8")
    return path


@pytest.mark.slow
@SLOW_FUZZ
@given(rubric_data())
def test_generated_rubrics_load(data: dict[str, Any]) -> None:
    with scratch() as folder:
        rubric = load_rubric(write_rubric(folder, data))
    assert rubric.id == data["id"]
    assert rubric.version == data["version"]
    assert [c.id for c in rubric.criteria] == [
        c["id"] for d in data["dimensions"] for c in d["criteria"]
    ]


def _criteria(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for d in data["dimensions"] for c in d["criteria"]]


@st.composite
def broken_rubric(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(draw(rubric_data()))
    how = draw(st.sampled_from(["drop", "type", "duplicate"]))
    if how == "drop":
        owner, key = draw(
            st.sampled_from(
                [
                    (data, "id"),
                    (data, "version"),
                    (data, "title"),
                    (data, "dimensions"),
                    (data, "band_tables"),
                    (data, "overall"),
                    (data["overall"], "bands"),
                    (data["dimensions"][0], "bands"),
                    (data["dimensions"][0], "criteria"),
                    (_criteria(data)[0], "question"),
                    (_criteria(data)[0], "type"),
                    (data["band_tables"][0]["bands"][0], "max"),
                ]
            )
        )
        del owner[key]
    elif how == "type":
        not_text: list[Any] = [[1, 2], {"a": 1}, None, True, 5]
        not_number: list[Any] = ["heavy", [1], {"a": 1}, None, True]
        owner, key, wrong = draw(
            st.sampled_from(
                [
                    (data, "title", not_text),
                    (data, "version", not_text),
                    (data, "dimensions", ["text", {"a": 1}, 5, None]),
                    (data["dimensions"][0], "weight", not_number),
                    (_criteria(data)[-1], "type", [[1], 5, "slider", None]),
                    (_criteria(data)[-1], "question", not_text),
                    (data["band_tables"][0]["bands"][0], "min", not_number),
                ]
            )
        )
        owner[key] = draw(st.sampled_from(wrong))
    else:
        dimension = draw(st.sampled_from(data["dimensions"]))
        dimension["criteria"].append(copy.deepcopy(dimension["criteria"][0]))
    return data


@pytest.mark.slow
@SLOW_FUZZ
@given(broken_rubric())
def test_broken_rubrics_fail_with_a_file_and_line(data: dict[str, Any]) -> None:
    with scratch() as folder:
        path = write_rubric(folder, data)
        try:
            load_rubric(path)
        except OrgauditError as exc:
            assert exc.file == str(path)
            assert isinstance(exc.line, int) and exc.line >= 1
            assert 1 <= exc.line <= len(path.read_text().splitlines())
        else:
            raise AssertionError("a broken rubric loaded")


# --- (c) answers round-trip ---------------------------------------------------------------------

free_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60).filter(
    lambda t: t not in ("dont_know", "not_applicable", "skipped")
)


@st.composite
def answer_value(draw: st.DrawFn, crit: dict[str, Any]) -> Any:
    kind = crit["type"]
    special = ["dont_know", None] + (["not_applicable"] if crit.get("not_applicable") else [])
    if kind != "text" and draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(special))
    if kind in ("yes_no", "single"):
        return draw(st.sampled_from([o["value"] for o in crit["options"]]))
    if kind == "multi":
        values = [o["value"] for o in crit["options"]]
        return draw(st.lists(st.sampled_from(values), unique=True, max_size=len(values)))
    if kind == "scale":
        return draw(st.integers(crit["scale"]["min"], crit["scale"]["max"]))
    if kind == "number":
        if crit["number"]["integer"]:
            return draw(st.integers(0, 1000))
        return draw(st.floats(0, 1000, allow_nan=False))
    return draw(free_text.filter(lambda t: t != ""))


@st.composite
def rubric_and_answers(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    rubric = draw(rubric_data())
    answers: dict[str, Any] = {}
    for crit in _criteria(rubric):
        if not draw(st.booleans()):
            continue
        value = draw(answer_value(crit))
        if draw(st.booleans()):
            entry: dict[str, Any] = {"answer": value}
            if draw(st.booleans()):
                entry["evidence"] = draw(free_text)
            if draw(st.booleans()):
                entry["links"] = draw(
                    st.lists(
                        st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9]{0,10}", fullmatch=True),
                        max_size=3,
                    )
                )
            answers[crit["id"]] = entry
        else:
            answers[crit["id"]] = value
    data = {
        "organization": draw(labels).strip(),
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        "respondent": {"role": draw(st.sampled_from(["member", "leader", "observer"]))},
        "date": draw(st.dates()).isoformat() if draw(st.booleans()) else None,
        "answers": answers,
    }
    if data["date"] is None or (len(data["date"]) != 10):
        del data["date"]
    return rubric, data


def _same(a: Answers, b: Answers) -> None:
    def plain(answers: Answers) -> dict[str, Any]:
        return dict(answers.answers)

    assert plain(a) == plain(b)
    assert (a.organization, a.respondent, a.date, a.rubric_id, a.rubric_version) == (
        b.organization,
        b.respondent,
        b.date,
        b.rubric_id,
        b.rubric_version,
    )


@pytest.mark.slow
@SLOW_FUZZ
@given(rubric_and_answers())
def test_valid_answers_round_trip_and_score(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    rubric_dict, answers_dict = pair
    with scratch() as folder:
        rubric = load_rubric(write_rubric(folder, rubric_dict))
        first_path = folder / "first.yaml"
        first_path.write_text(dump_yaml(answers_dict), "utf-8")
        first, warnings = load_answers(first_path, rubric)
        assert warnings == []
        assert set(first.answers) == set(answers_dict["answers"])
        second_path = folder / "second.yaml"
        save_answers(second_path, first, rubric)
        second, warnings = load_answers(second_path, rubric)
        assert warnings == []
        _same(first, second)
        save_answers(second_path, second, rubric)
        third, _ = load_answers(second_path, rubric)
        _same(second, third)
    _check_card(rubric, first)


def _check_card(rubric: Rubric, answers: Answers) -> None:
    card = score(rubric, answers)
    if card.overall.score is not None:
        assert 0 <= card.overall.score <= 100
    assert 0 <= card.overall.coverage <= 1
    for dim in card.dimensions:
        if dim.score is not None:
            assert 0 <= dim.score <= 100
    card.to_dict()


# --- (d) garbage answers ------------------------------------------------------------------------

DEFAULT = load_rubric()
KEYS = [
    "organization",
    "rubric",
    "respondent",
    "date",
    "answers",
    "answer",
    "evidence",
    "links",
    "id",
    "version",
    "hash",
    "criteria",
    "role",
    "x",
    "committee-election",
    "idea-source",
    "documents-available",
    "months-since-contested",
    "decision-news",
    "faction-treatment",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "dont_know",
            "not_applicable",
            "skipped",
            "contested",
            "yes",
            "org-democracy",
            DEFAULT.version,
            "https://example.org",
            "javascript:alert(1)",
            "2024-05-01",
        ]
    ),
)
garbage = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)


@st.composite
def answers_shaped_garbage(draw: st.DrawFn) -> Any:
    """Mostly the right shape, so the checks deep inside are reached, with random parts."""
    if draw(st.integers(0, 4)) == 0:
        return draw(garbage)
    ids = [c.id for c in DEFAULT.criteria]
    return {
        "organization": draw(st.one_of(st.just("Example"), scalars)),
        "rubric": draw(
            st.one_of(
                st.just({"id": DEFAULT.id, "version": DEFAULT.version}),
                garbage,
            )
        ),
        "answers": draw(st.dictionaries(st.sampled_from([*ids, "unknown"]), garbage, max_size=6)),
        **draw(st.dictionaries(st.sampled_from(["respondent", "date", "extra"]), garbage)),
    }


@pytest.mark.slow
@FUZZ
@given(answers_shaped_garbage())
def test_garbage_answers_raise_only_orgaudit_errors(value: Any) -> None:
    text = dump_yaml(value) if not isinstance(value, str) else value
    try:
        doc = parse_yaml(text, "garbage.yaml")
    except OrgauditError:
        return
    try:
        answers, _ = parse_answers(doc, DEFAULT)
    except OrgauditError as exc:
        assert exc.file == "garbage.yaml"
        return
    _check_card(DEFAULT, answers)

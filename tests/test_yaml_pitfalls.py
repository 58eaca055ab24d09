"""One test per PyYAML and jsonschema pitfall of ../shared/PITFALLS.md that touches our loaders."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from orgaudit import rubric as rubric_mod
from orgaudit.cli import main
from orgaudit.errors import YamlError
from orgaudit.yamlio import dump_yaml, load_yaml, parse_yaml

BAD = Path(__file__).resolve().parent / "data" / "bad"


def data(text: str) -> Any:
    return parse_yaml(text, "t.yaml").data


def refused(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse_yaml(text, "t.yaml")
    assert info.value.file == "t.yaml"
    return info.value


# --- PyYAML: only the safe loader -------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:os.PathLike",
    ],
)
def test_python_tags_are_refused_and_never_run(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f'a: 1\nb: {tag} ["touch {marker}"]\n'
    error = refused(text)
    assert error.line == 2
    assert "is not allowed" in error.message
    assert not marker.exists()


# --- duplicate keys ------------------------------------------------------------------------------


def test_duplicate_keys_are_refused_naming_both_lines() -> None:
    error = refused("a: 1\nb:\n  c: 2\n  c: 3\n")
    assert (error.line, error.message) == (4, "duplicate key 'c' (first defined on line 3)")


def test_the_same_key_in_sibling_mappings_is_fine() -> None:
    assert data("- {a: 1}\n- {a: 2}\n") == [{"a": 1}, {"a": 2}]


# --- aliases -------------------------------------------------------------------------------------

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def test_billion_laughs_is_refused_fast() -> None:
    started = time.perf_counter()
    error = refused(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert (error.line, error.message) == (2, "aliases (*name) are not allowed")


def test_a_single_alias_is_refused_at_its_own_line() -> None:
    error = refused("a: &x 1\nb: 2\nc: *x\n")
    assert error.line == 3


def test_an_unused_anchor_is_harmless() -> None:
    assert data("a: &x 1\n") == {"a": 1}


# --- YAML 1.1 typing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["yes", "no", "Yes", "NO", "on", "off", "On", "OFF", "y", "n", "Y", "N"]
)
def test_yes_no_on_off_stay_strings(word: str) -> None:
    assert data(f"a: {word}\n") == {"a": word}


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "012"])
def test_yes_no_keys_stay_strings(word: str) -> None:
    assert data(f"{word}: 1\n") == {word: 1}


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False), ("True", True)])
def test_only_true_and_false_are_booleans(text: str, value: bool) -> None:
    assert data(f"a: {text}\n") == {"a": value}


def test_boolean_keys_are_the_text_written() -> None:
    assert data("true: 1\n1.10: 2\n") == {"true": 1, "1.10": 2}


@pytest.mark.parametrize("text", ["012", "007", "0o17", "0x1F", "0b101", "1_000"])
def test_numbers_in_other_bases_stay_strings(text: str) -> None:
    assert data(f"a: {text}\n") == {"a": text}


@pytest.mark.parametrize("text", ["2024-05-01", "2024-05-01 12:30:00", "2024-05-01T12:30:00Z"])
def test_dates_stay_strings(text: str) -> None:
    assert data(f"a: {text}\n") == {"a": text}


@pytest.mark.parametrize("text", ["12:30", "1:30:00", "190:20:30"])
def test_sexagesimal_numbers_stay_strings(text: str) -> None:
    assert data(f"a: {text}\n") == {"a": text}


@pytest.mark.parametrize("text", [".inf", "-.inf", ".nan", ".NaN"])
def test_infinities_and_nan_stay_strings(text: str) -> None:
    assert data(f"a: {text}\n") == {"a": text}


@pytest.mark.parametrize("text", ["!!float .nan", "!!float .inf", "!!float nan"])
def test_explicit_non_finite_floats_are_refused(text: str) -> None:
    assert refused(f"a: 1\nb: {text}\n").line == 2


@pytest.mark.parametrize("text", ["!!bool maybe", "!!null something"])
def test_explicit_bool_and_null_tags_are_strict(text: str) -> None:
    assert refused(f"a: {text}\n").line == 1


@pytest.mark.parametrize(("text", "value"), [("1", 1), ("-3", -3), ("1.5", 1.5), ("1.10", 1.1)])
def test_plain_numbers_are_numbers(text: str, value: float) -> None:
    assert data(f"a: {text}\n") == {"a": value}


def test_the_source_text_of_a_number_is_kept_for_hints() -> None:
    """`version: 1.10` becomes the float 1.1; a hint must be able to say "1.10"."""
    doc = parse_yaml("id: x\nversion: 1.10\nlist: [1.50, true]\nname: text\n", "t.yaml")
    assert doc.data["version"] == 1.1
    assert doc.raw_of(("version",)) == "1.10"
    assert doc.raw_of(("list", 0)) == "1.50"
    assert doc.raw_of(("list", 1)) == "true"
    assert doc.raw_of(("name",)) is None


def test_rubric_version_1_10_gets_the_quote_hint() -> None:
    case = BAD / "rubrics" / "version-unquoted.yaml"
    result = CliRunner().invoke(main, ["rubric", "validate", str(case)])
    assert result.exit_code == 1
    assert 'write it in quotes: "1.10"' in result.stdout


def test_a_date_as_rubric_version_stays_text_and_is_valid(tmp_path: Path) -> None:
    """`version: 2024-05-01` is text under our typing, so the rubric is valid as written."""
    source = (BAD / "rubrics" / "_valid.yaml").read_text("utf-8")
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "sources").mkdir()
    (folder / "sources" / "essay.txt").write_bytes(
        (BAD / "rubrics" / "sources" / "essay.txt").read_bytes()
    )
    path = folder / "dated.yaml"
    path.write_text(source.replace('version: "1.0"', "version: 2024-05-01"), "utf-8")
    assert rubric_mod.load_rubric(path).version == "2024-05-01"


def test_unquoted_yes_and_no_option_values_stay_yes_and_no(tmp_path: Path) -> None:
    source = (BAD / "rubrics" / "_valid.yaml").read_text("utf-8")
    text = source.replace('value: "yes"', "value: yes").replace('value: "no"', "value: no")
    assert text != source
    folder = tmp_path / "r"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "essay.txt").write_bytes(
        (BAD / "rubrics" / "sources" / "essay.txt").read_bytes()
    )
    (folder / "rubric.yaml").write_text(text, "utf-8")
    crit = rubric_mod.load_rubric(folder / "rubric.yaml").criteria[0]
    assert [o.value for o in crit.options] == ["yes", "no"]


# --- nesting, big numbers, surrogates -----------------------------------------------------------


@pytest.mark.parametrize("depth", [65, 450, 500, 999, 1000, 5000])
def test_deep_flow_nesting_is_a_yaml_error(depth: int) -> None:
    error = refused("a: " + "[" * depth + "]" * depth + "\n")
    assert error.line == 1


@pytest.mark.parametrize("depth", [70, 500])
def test_deep_block_nesting_is_a_yaml_error(depth: int) -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "end: 1\n"
    error = refused(text)
    assert error.message == "nesting is too deep"
    assert error.line == 66


def test_64_levels_are_fine() -> None:
    assert data("a: " + "[" * 63 + "]" * 63 + "\n") is not None


def test_a_5000_digit_integer_is_a_yaml_error_with_its_line() -> None:
    error = refused("a: 1\nb: " + "9" * 5000 + "\n")
    assert (error.line, error.message) == (2, "a number with 5,000 digits is too long (at most 18)")


def test_a_quoted_long_number_is_text() -> None:
    assert data(f'a: "{"9" * 5000}"\n') == {"a": "9" * 5000}


def test_an_escaped_lone_surrogate_is_a_yaml_error() -> None:
    assert refused('a: 1\nb: "\\ud800"\n').line == 2


def test_a_lone_surrogate_in_text_given_to_the_api_is_a_yaml_error() -> None:
    error = refused("a: 1\nb: x\ud800y\n")
    assert (error.line, error.message) == (
        2,
        "text contains an invalid character (a lone surrogate)",
    )


def test_an_astral_escape_is_one_character_and_encodes() -> None:
    value = data('a: "\\U0001F600"\n')["a"]
    assert value == "\U0001f600"
    value.encode("utf-8")
    json.dumps(value, ensure_ascii=False).encode("utf-8")


# --- encodings ----------------------------------------------------------------------------------


def test_latin1_gives_a_line_not_a_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "l.yaml"
    path.write_bytes("a: 1\nb: 2\nc: Soci\u00e9t\u00e9\n".encode("latin-1"))
    with pytest.raises(YamlError) as info:
        load_yaml(path)
    assert (info.value.line, info.value.message) == (3, "not valid UTF-8 (byte 0xe9)")


def test_a_bom_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    with pytest.raises(YamlError) as info:
        load_yaml(path)
    assert info.value.line == 1
    assert info.value.hint == "save it as UTF-8 without BOM"


def test_control_characters_give_a_line() -> None:
    error = refused("a: 1\nb: \u00e9\u00e9\nc: x\x07y\n")
    assert (error.line, error.message) == (
        3,
        "a control character (0x07) is not allowed in YAML text",
    )


# --- line numbers ------------------------------------------------------------------------------


def test_lines_are_one_based_and_the_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "lines.yaml"
    path.write_text("# comment\na: 1\nb:\n  - x\n  - {c: 2}\n")
    doc = load_yaml(path)
    assert doc.path == str(path)
    assert doc.line_of(("a",)) == 2
    assert doc.line_of(("b", 0)) == 4
    assert doc.line_of(("b", 1, "c")) == 5
    assert doc.key_line_of(("b",)) == 3


def test_syntax_errors_name_the_path_and_a_one_based_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("a: 1\nb: [1, 2\nc: 3\n")
    with pytest.raises(YamlError) as info:
        load_yaml(path)
    assert info.value.file == str(path)
    assert info.value.line is not None and 2 <= info.value.line <= 3


def test_dump_yaml_round_trips_the_awkward_strings() -> None:
    values = ["yes", "no", "on", "012", "12:30", "2024-05-01", "1.10", "true", "null", "~", ""]
    payload = {"values": values, "yes": "no", "1.5": 1.5, "nested": {"on": [1, 2.5, None]}}
    assert data(dump_yaml(payload)) == payload


# --- jsonschema ---------------------------------------------------------------------------------


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def test_the_schema_is_draft_2020_12_and_itself_valid() -> None:
    from jsonschema import Draft202012Validator

    schema = rubric_mod.rubric_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_a_misspelt_schema_keyword_would_be_caught() -> None:
    """Every key of every subschema is a known keyword: no silently ignored `requried`."""
    from jsonschema import Draft202012Validator

    known = set(Draft202012Validator.META_SCHEMA.get("properties", {}))
    for vocabulary in Draft202012Validator.VALIDATORS:
        known.add(vocabulary)
    known |= {"$schema", "$id", "$defs", "title", "description", "default", "$ref", "then", "else"}
    subschemas: list[dict[str, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            subschemas.append(node)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for child in value.values():
                        collect(child)
                elif key in ("items", "not", "if", "then", "else"):
                    collect(value)
                elif key in ("allOf", "anyOf", "oneOf"):
                    for child in value:
                        collect(child)

    collect(rubric_mod.rubric_schema())
    unknown = {key for schema in subschemas for key in schema if key not in known}
    assert not unknown


def test_every_ref_is_local() -> None:
    refs = [value for key, value in _walk(rubric_mod.rubric_schema()) if key == "$ref"]
    assert refs
    assert all(ref.startswith("#/") for ref in refs)


def test_no_format_keyword_is_relied_on() -> None:
    """`format` is skipped silently without a format checker: explicit patterns instead."""
    assert "format" not in {key for key, _ in _walk(rubric_mod.rubric_schema())}


def test_a_rubric_cannot_bring_a_regular_expression(tmp_path: Path) -> None:
    """No property of the schema accepts a pattern: the only regexes are the schema's own."""
    schema = rubric_mod.rubric_schema()
    user_keys = set()
    for key, value in _walk(schema):
        if key == "properties":
            user_keys |= set(value)
    assert not user_keys & {"pattern", "regex", "regexp", "match", "matches", "format"}
    patterns = [value for key, value in _walk(schema) if key == "pattern"]
    assert patterns and all(isinstance(p, str) for p in patterns)
    # And a rubric that tries is refused as an unknown key.
    source = (BAD / "rubrics" / "_valid.yaml").read_text("utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "essay.txt").write_bytes(
        (BAD / "rubrics" / "sources" / "essay.txt").read_bytes()
    )
    path = tmp_path / "regex.yaml"
    path.write_text(
        source.replace("        type: scale\n", "        type: scale\n        pattern: ^(a+)+$\n")
    )
    _, findings = rubric_mod.check_rubric(path)
    assert [f.message for f in findings] == [
        "unknown key 'pattern'; allowed keys: dont_know, help, id, kind, not_applicable, number, "
        "options, question, recommendation, scale, source, thresholds, type, weight, when"
    ]


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - a test-local record

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        body = b'{"type": "object"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/schema+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_remote_ref_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator runs with an empty `referencing.Registry`: a remote $ref stays unresolved."""
    from referencing.exceptions import Unresolvable

    server = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counter.hits.clear()
    try:
        url = f"http://127.0.0.1:{server.server_port}/evil.json"
        schema = dict(rubric_mod.rubric_schema())
        schema["properties"] = {**schema["properties"], "title": {"$ref": url}}
        monkeypatch.setattr(rubric_mod, "rubric_schema", lambda: schema)
        doc = parse_yaml("id: x\ntitle: t\n", "t.yaml")
        with pytest.raises(Unresolvable):
            rubric_mod.schema_findings(doc)
    finally:
        server.shutdown()
        server.server_close()
    assert _Counter.hits == []


def test_required_and_unknown_key_errors_point_at_the_key(tmp_path: Path) -> None:
    source = (BAD / "rubrics" / "_valid.yaml").read_text("utf-8")
    lines = source.splitlines()
    index = lines.index("        scale: {min: 1, max: 5}")
    lines.insert(index + 1, "        colour: blue")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "essay.txt").write_text("x")
    path = tmp_path / "k.yaml"
    path.write_text("\n".join(lines) + "\n")
    _, findings = rubric_mod.check_rubric(path)
    assert findings[0].line == index + 2
    assert findings[0].path == "$.dimensions[0].criteria[3].colour"


# --- the fast paths of parsing (issue 18) --------------------------------------------------------


@given(st.text(alphabet=st.sampled_from("0123456789+-.eEtTrufalsFALSEnNl~_x ")))
def test_a_plain_scalars_tag_is_what_the_resolvers_say(value: str) -> None:
    """`_plain_tag` memoizes PyYAML's own resolution with our resolvers; it must never differ."""
    import yaml

    from orgaudit.yamlio import _plain_tag, _StrictLoader

    loader = _StrictLoader("")
    try:
        expected = yaml.resolver.BaseResolver.resolve(  # type: ignore[no-untyped-call]
            loader, yaml.ScalarNode, value, (True, False)
        )
    finally:
        loader.dispose()
    assert _plain_tag(value) == expected


def test_an_alias_is_refused_even_where_the_text_has_another_ampersand() -> None:
    assert refused("a: &x Q&A\nb: *x\n").message == "aliases (*name) are not allowed"


def test_without_an_anchor_an_asterisk_is_an_undefined_alias_not_a_value() -> None:
    error = refused("a: 1\nb: *x\n")
    assert (error.line, error.message) == (2, "YAML syntax error: found undefined alias")
    assert data("a: '*x'\nb: x*y\n") == {"a": "*x", "b": "x*y"}


def test_an_escaped_surrogate_in_a_key_is_refused() -> None:
    assert refused('"\\udc00": 1\n').line == 1


def test_a_file_of_unknown_size_is_read_to_its_end_or_the_limit() -> None:
    """/proc files say size 0; a growing file says less than it holds: both are read on."""
    import io

    from orgaudit.yamlio import _read_up_to, read_regular

    content = bytes(range(256)) * 800  # 200 kB, several pieces
    assert _read_up_to(io.BytesIO(content), 0, 10**6) == content  # type: ignore[arg-type]
    assert _read_up_to(io.BytesIO(content), 100, 1001) == content[:1001]  # type: ignore[arg-type]
    with open("/proc/self/cmdline", "rb") as handle:
        assert read_regular("/proc/self/cmdline") == handle.read()


def test_long_values_are_not_remembered() -> None:
    """The tag memo keeps short values only: it must not hold on to the text of large files."""
    from orgaudit.yamlio import _plain_tag

    def lookups() -> int:
        info = _plain_tag.cache_info()
        return info.hits + info.misses

    before = lookups()
    assert data(f"- {'x' * 10_000}\n- {'y' * 70}\n") == ["x" * 10_000, "y" * 70]
    assert lookups() == before
    assert data("- 12\n") == [12]
    assert lookups() == before + 1

"""Safe, strict YAML loading with a line for every value, and atomic saving.

Everything orgaudit reads goes through `load_yaml`: only the safe loader, no duplicate keys, no
aliases, no tags beyond plain scalars, mappings and sequences, bounded size and depth, and YAML
1.2-style typing (`yes`, `no`, dates and `012` stay strings), so the values users see are the
values they wrote. Every value's line is kept so later checks can say `file:line`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import YamlError, grouped
from .i18n import _, integer

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = _CORE + "map", _CORE + "seq"


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader whose implicit typing follows YAML 1.2's core schema, minus the surprises."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    # The C composer calls these three for every node. PyYAML's versions walk path resolvers,
    # which this loader has none of, and match each plain scalar against the regular expressions
    # anew; answers files repeat the same keys and values, so a plain scalar's tag is looked up
    # once (`_plain_tag`). A third of parsing time went here.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            # Only short values are remembered: a cache of long ones would hold on to the text
            # of every large file read in this process.
            return _plain_tag(value) if len(value) <= _REMEMBERED else _resolve_plain(value)
        return _MAP if kind is yaml.MappingNode else _SEQ


_StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
# No leading zeros (`012` stays the text it looks like, not YAML 1.1's octal 10); any length, so
# that a 5000-digit number is refused with its line rather than raising ValueError in int().
_StrictLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
MAX_DIGITS = 18
_StrictLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:[0-9]{1,18}\.[0-9]{0,18}|\.[0-9]{1,18})(?:[eE][-+][0-9]{1,3})?$"),
    list("-+0123456789."),
)


def _resolve_plain(value: str) -> str:
    """The tag of an unquoted scalar: the first implicit resolver matching it, else text."""
    first = value[:1]
    for tag, regexp in _StrictLoader.yaml_implicit_resolvers.get(first, ()):
        if regexp.match(value):
            return str(tag)
    return _STR


_REMEMBERED = 64
_plain_tag = functools.lru_cache(maxsize=4096)(_resolve_plain)


@dataclass
class Document:
    """Loaded YAML data, with the composed nodes kept so that any value's line can be found.

    Lines are looked up only when a message needs one: walking the nodes on demand costs nothing
    on the hot path of scoring thousands of files.
    """

    path: str
    data: Any
    root: yaml.Node | None = field(default=None, repr=False)

    def _walk(self, path: Iterable[str | int]) -> tuple[list[yaml.Node], yaml.Node | None, bool]:
        """Nodes from the root along `path` as far as it exists, the key node of the last step
        (None unless that step was a mapping key), and whether the whole path was found."""
        if self.root is None:
            return [], None, False
        nodes, key_node = [self.root], None
        for part in path:
            node = nodes[-1]
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                pair = next(((k, v) for k, v in node.value if str(k.value) == part), None)
                if pair is None:
                    return nodes, None, False
                key_node = pair[0]
                nodes.append(pair[1])
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                key_node = None
                nodes.append(node.value[part])
            else:
                return nodes, None, False
        return nodes, key_node, True

    def line_of(self, path: Iterable[str | int]) -> int:
        """The 1-based line of the value at `path`, or of its nearest ancestor that exists."""
        nodes, _key, _found = self._walk(path)
        return nodes[-1].start_mark.line + 1 if nodes else 1

    def key_line_of(self, path: Iterable[str | int]) -> int:
        """The line of the key that introduces `path` (falls back to the value's line)."""
        _nodes, key_node, found = self._walk(path)
        if found and key_node is not None:
            return int(key_node.start_mark.line) + 1
        return self.line_of(path)

    def raw_of(self, path: Iterable[str | int]) -> str | None:
        """The text the user wrote for the non-string value at `path` (None for strings)."""
        nodes, _key, found = self._walk(path)
        if not found or not isinstance(nodes[-1], yaml.ScalarNode) or nodes[-1].tag == _STR:
            return None
        return str(nodes[-1].value)


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing what YAML users trip over with a message that says why.

    Only regular files: a named pipe would block forever and a device never ends, so the path is
    checked before opening, opened non-blocking, and the opened file checked again (the path may
    have changed in between).
    """
    return decode_text(read_regular(path, max_bytes=max_bytes), str(path))


def read_regular(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at `path` (at most `max_bytes`); see `read_text`."""
    name = str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise _not_a_file(name, st.st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb", buffering=0) as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise _not_a_file(name, st.st_mode)
            if st.st_size > max_bytes:
                raise YamlError(
                    _("file is too large ({size} bytes; the limit is {limit})").format(
                        size=grouped(st.st_size), limit=grouped(max_bytes)
                    ),
                    file=name,
                    hint=_(
                        "rubrics and answers files are small text files; is this the right file?"
                    ),
                )
            raw = _read_up_to(handle, st.st_size, max_bytes + 1)
    except FileNotFoundError as exc:
        raise YamlError(_("no such file"), file=name, hint=_("check the path")) from exc
    except PermissionError as exc:
        raise YamlError(
            _("permission denied"), file=name, hint=_("check the file's permissions")
        ) from exc
    except IsADirectoryError as exc:
        raise _directory(name) from exc
    except OSError as exc:
        raise YamlError(
            _("cannot read: {reason}").format(reason=exc.strerror or exc), file=name
        ) from exc
    if len(raw) > max_bytes:
        raise YamlError(
            _("file is too large (over {limit} bytes)").format(limit=grouped(max_bytes)), file=name
        )
    return raw


def _directory(name: str) -> YamlError:
    return YamlError(_("is a directory, not a file"), file=name, hint=_("name a .yaml file"))


def _not_a_file(name: str, mode: int) -> YamlError:
    from .fileout import kind_of

    if stat.S_ISDIR(mode):
        return _directory(name)
    return YamlError(
        _("is {kind}, not a file").format(kind=kind_of(mode)),
        file=name,
        hint=_("name a regular file"),
    )


def _read_up_to(handle: io.RawIOBase, size: int, limit: int) -> bytes:
    """Read to the end, or to `limit` bytes. The size fstat gave is asked for first (a byte more,
    to reach the end in one call): asking for the whole limit at once made Python set aside 5 MB
    for every small file. A file whose size the system does not know (/proc) or that grows while
    it is read is read on in pieces."""
    chunks: list[bytes] = []
    total = 0
    want = size + 1
    while total < limit:
        more = handle.read(min(want, limit - total))
        if not more:
            break
        chunks.append(more)
        total += len(more)
        want = 64 * 1024
    return b"".join(chunks)


def decode_text(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(
            _("the file starts with a byte order mark (BOM)"),
            file=name,
            line=1,
            hint=_("save it as UTF-8 without BOM"),
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise YamlError(_("binary data (a NUL byte), not a text file"), file=name, line=line)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            _("not valid UTF-8 (byte {byte})").format(byte=f"0x{raw[exc.start]:02x}"),
            file=name,
            line=line,
            hint=_("save the file as UTF-8"),
        ) from exc


def load_yaml(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one YAML file strictly; see the module docstring for what is refused."""
    name = str(path)
    return parse_yaml(read_text(path, max_bytes=max_bytes), name)


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML text strictly; every failure is a `YamlError` with the file and, mostly, a line."""
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        # The C loader cannot even start on such text (UnicodeEncodeError); decoded files never
        # hold one, but text handed to the API may.
        raise YamlError(
            _("text contains an invalid character (a lone surrogate)"),
            file=name,
            line=text.count("\n", 0, surrogate.start()) + 1,
        )
    if len(text) > _COUNT_ABOVE:
        _check_size(text, name)
    loader = _StrictLoader(text)
    loader.name = name
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc, text, name) from exc
        except yaml.reader.ReaderError as exc:
            raise _reader_error(exc, text, name) from exc
        except yaml.YAMLError as exc:
            raise YamlError(
                _("not valid YAML: {error}").format(error=exc).replace("\n", " "), file=name
            ) from exc
        except RecursionError as exc:
            raise YamlError(_("nesting is too deep"), file=name, hint=_levels()) from exc
        doc = Document(path=name, data=None, root=node)
        if node is not None:
            try:
                doc.data = _Builder(doc, text).build(node, 0)
            except _AliasUsed as exc:
                raise YamlError(
                    _("aliases (*name) are not allowed"),
                    file=name,
                    line=_alias_line(text) or exc.line,
                    hint=_("write the value out in full"),
                ) from None
        return doc
    finally:
        loader.dispose()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _levels() -> str:
    return _("at most {count} levels").format(count=integer(MAX_DEPTH))


def _too_many_items() -> tuple[str, str]:
    """The message and hint for a list longer than MAX_ITEMS."""
    return (
        _("a list with more than {count} items").format(count=grouped(MAX_ITEMS)),
        _("no list in a rubric or answers file needs that many"),
    )


#: What one file may build. Composed nodes cost about 350 bytes each and the data built from them
#: more again: a 4.8 MB flow list of two million numbers took 900 MB and 40 s. 100,000 nodes (the
#: bundled rubric has 3,000) keep any accepted file within about 100 MB of memory.
MAX_NODES = 100_000
#: Items in one list (answers' links, a rubric's criteria, a flow of numbers).
MAX_ITEMS = 10_000
#: Below this size a file cannot hold enough nodes to matter (at most two nodes a byte), so the
#: counting pass is skipped and small files parse at full speed.
_COUNT_ABOVE = 32 * 1024


def _check_size(text: str, name: str) -> None:
    """Count nodes and list items event by event (the parser keeps nothing), before anything is
    composed; refuse a file that would build too much, at the line where it goes over."""
    parser = _StrictLoader(text)
    open_lists: list[list[int]] = []  # [items, is_sequence] of each open collection
    nodes = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.CollectionEndEvent):
                open_lists.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            nodes += 1
            line = int(event.start_mark.line) + 1 if event.start_mark else None
            if nodes > MAX_NODES:
                raise YamlError(
                    _("too many values (more than {count})").format(count=grouped(MAX_NODES)),
                    file=name,
                    line=line,
                    hint=_("rubrics and answers files are small; is this the right file?"),
                )
            if open_lists and open_lists[-1][1]:
                open_lists[-1][0] += 1
                if open_lists[-1][0] > MAX_ITEMS:
                    message, hint = _too_many_items()
                    raise YamlError(message, file=name, line=line, hint=hint)
            if isinstance(event, yaml.CollectionStartEvent):
                open_lists.append([0, int(isinstance(event, yaml.SequenceStartEvent))])
    except yaml.YAMLError:
        return  # the real parse reports it, with its line
    finally:
        parser.dispose()


class _AliasUsed(Exception):
    """A node was reached twice: an alias. Located by `_alias_line`, raised as a `YamlError`."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _alias_line(text: str) -> int | None:
    """The line of the first `*alias` (the composed node only knows its anchor's line)."""
    loader = _StrictLoader(text)
    try:
        while (token := loader.get_token()) is not None:
            if isinstance(token, yaml.AliasToken):
                return int(token.start_mark.line) + 1
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _reader_error(exc: yaml.reader.ReaderError, text: str, name: str) -> YamlError:
    """Control characters: the reader gives an offset (bytes or characters), we give a line."""
    char = exc.character if isinstance(exc.character, int) else None
    index = text.find(chr(char)) if char is not None else -1
    line = text.count("\n", 0, index) + 1 if index >= 0 else None
    if char is not None:
        message = _("a control character ({code}) is not allowed in YAML text").format(
            code=f"0x{char:02x}"
        )
    else:
        message = _("a control character is not allowed in YAML text")
    return YamlError(
        message,
        file=name,
        line=line,
        hint=_("remove it; in double quotes it can be written as an escape"),
    )


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, name: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    for number, content in enumerate(text.splitlines(), start=1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            return YamlError(
                _("a tab is used for indentation"),
                file=name,
                line=number,
                hint=_("YAML indents with spaces only"),
            )
    problem = exc.problem or _("syntax error")
    if exc.context and problem.startswith("but "):
        # "expected a single document in the stream, but found another document"
        what = f"{exc.context}, {problem}"
    else:
        what = f"{problem} {exc.context}" if exc.context else problem
    return YamlError(
        _("YAML syntax error: {problem}").format(problem=what).replace("\n", " "),
        file=name,
        line=line,
        hint=_("check indentation, colons and quotes on this line or the one before"),
    )


def _tag_not_allowed(tag: str) -> str:
    return _("the tag {tag} is not allowed").format(tag=tag)


class _Builder:
    """Turns composed nodes into plain Python data, refusing what we do not accept."""

    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        # An alias needs an anchor (`&name`), and a lone surrogate in a value (the text holds
        # none: `parse_yaml` checked) needs an escape: without either character in the text,
        # neither is looked for node by node.
        self.aliases_possible = "&" in text
        self.escapes_possible = "\\" in text

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> YamlError:
        message = message.replace(_CORE, "!!")
        return YamlError(message, file=self.doc.path, line=node.start_mark.line + 1, hint=hint)

    def build(self, node: yaml.Node, depth: int) -> Any:
        if self.aliases_possible:
            node_id = id(node)
            if node_id in self.seen:
                raise _AliasUsed(node.start_mark.line + 1)
            self.seen.add(node_id)
        if node.__class__ is yaml.ScalarNode:  # the common case first: most nodes are scalars
            return self.scalar(node)
        if depth > MAX_DEPTH:
            raise self.fail(node, _("nesting is too deep"), _levels())
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, _tag_not_allowed(node.tag), _("remove the tag"))
            result: dict[str, Any] = {}
            # Plain text keys and values, nearly all of an answers file, are taken as they are
            # when the text holds nothing that `scalar` would look for (see __init__).
            plain = not (self.aliases_possible or self.escapes_possible)
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode or key_node.tag == _NULL:
                    raise self.fail(key_node, _("keys must be plain text"), _("quote the key"))
                if not (plain and key_node.tag == _STR):
                    self.scalar(key_node)  # refuses what a value would refuse (tags, surrogates)
                key = str(key_node.value)  # as written: `true:` is the key 'true', not 'True'
                if key in result:
                    raise self._duplicate(node, key_node, key)
                if plain and value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:
                    result[key] = value_node.value
                else:
                    result[key] = self.build(value_node, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, _tag_not_allowed(node.tag), _("remove the tag"))
            if len(node.value) > MAX_ITEMS:  # also for files too small to be counted early
                raise self.fail(node.value[MAX_ITEMS], *_too_many_items())
            return [self.build(item, depth + 1) for item in node.value]
        return self.scalar(node)

    def _duplicate(self, mapping: yaml.MappingNode, key_node: yaml.Node, key: str) -> YamlError:
        first = next(k for k, _ in mapping.value if str(k.value) == key)
        return self.fail(
            key_node,
            _("duplicate key '{key}' (first defined on line {line})").format(
                key=key, line=integer(first.start_mark.line + 1)
            ),
            _("keep one of them"),
        )

    def scalar(self, node: yaml.Node) -> Any:
        tag, value = node.tag, node.value
        try:
            if tag == _STR:
                if self.escapes_possible:
                    value.encode("utf-8")
                return value
            if tag == _INT:
                digits = value.replace("_", "").lstrip("+-")
                if len(digits) > MAX_DIGITS:
                    raise self.fail(
                        node,
                        _("a number with {count} digits is too long (at most {limit})").format(
                            count=grouped(len(digits)), limit=integer(MAX_DIGITS)
                        ),
                        _("write it in quotes if it is text"),
                    )
                return int(value.replace("_", ""), 0 if value.lower().startswith("0x") else 10)
            if tag == _FLOAT:
                number = float(value.replace("_", ""))
                if not math.isfinite(number):
                    raise self.fail(
                        node, _("'{value}' is not a finite number").format(value=value[:40])
                    )
                return number
            if tag == _BOOL:
                if value.lower() not in ("true", "false"):
                    raise ValueError(value)
                return value.lower() == "true"
            if tag == _NULL:
                if value not in ("", "~", "null", "Null", "NULL"):
                    raise ValueError(value)
                return None
        except UnicodeEncodeError:
            raise self.fail(
                node, _("text contains an invalid character (a lone surrogate)")
            ) from None
        except ValueError:
            raise self.fail(
                node,
                _("'{value}' is not a valid {type}").format(
                    value=" ".join(value.split())[:40], type=tag.rsplit(":", 1)[-1]
                ),
            ) from None
        raise self.fail(node, _tag_not_allowed(tag), _("remove the tag; plain values only"))


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves the old or the new file.

    The answers saver: `fileout.write_text` does the work (temporary file in the same folder,
    fsync, rename, fsync the folder; the file's existing mode kept, a new one following the
    umask; anything but a regular file refused). A new answers file is private (0600): it may
    hold a dissident's answers; the user can widen it, and later saves keep what they chose.
    """
    from .fileout import write_text

    write_text(path, text, new_mode=0o600)


#: Temporary files of `atomic_write_text` are `.NAME.orgaudit-tmp-PID-RANDOM.tmp` (see fileout).
TEMP_MARKER = "orgaudit-tmp"


def remove_stale_temps(path: str | os.PathLike[str]) -> list[Path]:
    """Delete temporary files that an interrupted `atomic_write_text` left beside `path`.

    Only files of our own name pattern whose writing process is gone: a user's `.NAME.x.tmp`, or
    the temporary file of a writer still running, is left alone.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{TEMP_MARKER}-(\d+)-[A-Za-z0-9_]+\.tmp")
    removed = []
    for stale in folder.glob(f".{glob_escape(target.name)}.{TEMP_MARKER}-*.tmp"):
        match = pattern.fullmatch(stale.name)
        if match is None or stale.is_symlink() or not stale.is_file():
            continue
        if not _process_gone(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


def _process_gone(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def dump_yaml(data: Any) -> str:
    """YAML text that `load_yaml` reads back as the same data."""
    return yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )

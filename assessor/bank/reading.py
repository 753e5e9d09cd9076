"""Reading a bank file into round-trip YAML data, safely.

The file is decoded as UTF-8, composed into a node tree (which is where
syntax errors, tags, duplicate keys and aliases are caught, each with its
position), and only then constructed with ``YAML(typ="rt")``.  The round-trip
constructor builds no Python objects from tags, and this module refuses
every explicit tag anyway, so ``!!python/object`` is reported, never run.

Hostile files are refused before they cost time or memory: a file larger
than :data:`MAX_FILE_BYTES`, nesting deeper than :data:`MAX_DEPTH`, more
than :data:`MAX_NODES` values, or text that aliases would expand beyond
:data:`MAX_TEXT` characters (a "billion laughs" of scalars) is reported by
a first pass over the parser's events, which stops at the first excess.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import BankError, Problem

_MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_FILE_BYTES = 5_000_000  # a built-in bank is about 22 kB
MAX_DEPTH = 32  # lists and mappings inside each other (a bank needs 6)
MAX_NODES = 20_000  # values in one file (the built-in bank has about 800)
MAX_TEXT = 20_000_000  # characters of text, counting each alias of a value again


def read_yaml(path: Path) -> CommentedMap:
    """The top-level mapping of the YAML file at ``path``.

    The mapping keeps ruamel's line/column data (``.lc``) on every mapping
    and list, for pointing at problems later.

    Raises ``BankError`` when the file cannot be read, is not UTF-8, is not
    valid YAML, uses a tag (``!!python/object``, ``!!int``, ``!foo``...), an
    alias of a list or mapping, or a key twice in one mapping, or when its
    top level is not a mapping.  All tag and duplicate-key problems of the
    file are reported together.
    """
    name = str(path)
    text = _read_text(path, name)
    yaml = YAML(typ="rt")
    try:
        _check_size(name, yaml, text)
        root = yaml.compose(io.StringIO(text))
    except BankError:
        raise
    except MarkedYAMLError as err:
        raise BankError([_marked_problem(name, err, text)]) from None
    except Exception as err:  # noqa: BLE001 - any parser failure is a file problem
        raise BankError([Problem(name, 1, 1, f"cannot parse the file: {err}")]) from None
    if root is None:
        raise BankError([Problem(name, 1, 1, "the file is empty: expected a mapping with role_id, "
                                              "title, version, scale, green_flags and questions")])
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        raise BankError([_at(name, root, f"the file must be a mapping of fields (role_id: ..., title: ...), "
                                         f"not {kind}")])
    problems = _check_nodes(name, root)
    if problems:
        raise BankError(problems)
    try:
        data = yaml.load(io.StringIO(text))
    except MarkedYAMLError as err:
        raise BankError([_marked_problem(name, err, text)]) from None
    except Exception as err:  # noqa: BLE001
        raise BankError([Problem(name, 1, 1, f"cannot read the YAML data: {err}")]) from None
    return data


def _check_size(name: str, yaml: YAML, text: str) -> None:
    """Refuse a file nested too deep, with too many values or too much
    (alias-expanded) text; stops at the first excess, so a hostile file
    costs no more than its first :data:`MAX_NODES` events."""
    depth = nodes = chars = 0
    sizes: dict[str, int] = {}
    for event in yaml.parse(io.StringIO(text)):
        if isinstance(event, CollectionEndEvent):
            depth -= 1
            continue
        nodes += 1
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise BankError([_mark(name, event, f"lists and mappings are nested more than {MAX_DEPTH} deep")])
        elif isinstance(event, ScalarEvent):
            chars += len(event.value)
            if event.anchor:
                sizes[event.anchor] = len(event.value)
        elif isinstance(event, AliasEvent):
            chars += sizes.get(event.anchor, 0)
        if nodes > MAX_NODES:
            raise BankError([_mark(name, event, f"the file holds more than {MAX_NODES:,} values")])
        if chars > MAX_TEXT:
            raise BankError([_mark(name, event, f"the file expands to more than {MAX_TEXT:,} characters of text "
                                                f"(count each *alias again)")])


def _mark(name: str, event: object, message: str) -> Problem:
    mark = getattr(event, "start_mark", None)
    return Problem(name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, message)


def _too_large(name: str, size: int) -> BankError:
    return BankError([Problem(name, 1, 1, f"the file is {size / 1e6:.1f} MB; a bank file may be at most "
                                          f"{MAX_FILE_BYTES / 1e6:.0f} MB")])


def _read_text(path: Path, name: str) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # the read below reports why
    if size > MAX_FILE_BYTES:
        raise _too_large(name, size)
    try:
        with open(path, "rb") as handle:  # at most one byte past the limit, even if the file grows meanwhile
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        reason = err.strerror or str(err)
        raise BankError([Problem(name, 1, 1, f"cannot read the file: {reason}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(name, len(raw))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw.count(b"\n", 0, err.start) + 1
        column = len(raw[line_start:err.start].decode("utf-8", errors="replace")) + 1
        message = (f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot be decoded); "
                   f"save it with UTF-8 encoding")
        raise BankError([Problem(name, line, column, message)]) from None


def _marked_problem(name: str, err: MarkedYAMLError, text: str = "") -> Problem:
    mark = err.problem_mark or err.context_mark
    message = err.problem or err.context or "invalid YAML"
    if err.context and err.problem:
        where = ""
        if err.context_mark is not None and err.context_mark is not mark:
            where = f" at line {err.context_mark.line + 1}, column {err.context_mark.column + 1}"
        message = f"{err.problem} ({err.context}{where})"
    if mark is None:
        return Problem(name, 1, 1, f"invalid YAML: {message}")
    message = _in_plain_words(err, text.splitlines()) or message
    return Problem(name, mark.line + 1, mark.column + 1, f"invalid YAML: {message}")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_line_above(lines: list[str], row: int) -> int | None:
    """The index of the nearest line above ``row`` that holds data (not
    blank, not only a comment)."""
    for index in range(min(row, len(lines)) - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def _in_plain_words(err: MarkedYAMLError, lines: list[str]) -> str:
    """The parser's message for the usual indentation mistakes in words a
    bank's author knows (what was expected, at which key), or ``""`` to keep
    the parser's.  The parser's own words ("expected <block end>, but found
    '?'") name its tokens, not anything in the file."""
    problem, mark = err.problem or "", err.problem_mark
    if mark is None or not 0 <= mark.line < len(lines):
        return ""
    line = lines[mark.line]
    stripped = line.strip()
    key = stripped[2:].strip() if stripped.startswith("- ") else stripped
    key = key.split(":", 1)[0].strip() if ":" in key else key[:40]
    above = _content_line_above(lines, mark.line)
    above_text = "" if above is None else f"; line {above + 1} above starts at column {_indent(lines[above]) + 1}"
    if problem.startswith("expected <block end>"):
        first = err.context_mark.line if err.context_mark is not None else 0
        keys, dashes = set(), set()
        for text in lines[first:mark.line]:
            body = text.strip()
            if not body or body.startswith("#"):
                continue
            if body.startswith("- "):
                dashes.add(_indent(text) + 1)
                keys.add(_indent(text) + 3)
            else:
                keys.add(_indent(text) + 1)
        column = mark.column + 1
        what = f"'{stripped[:40]}'" if stripped.startswith("-") else f"'{key}'"
        if column in dashes and not stripped.startswith("-"):
            inner = min((k for k in keys if k > column), default=column + 2)
            return (f"{what} is at the column of the list's dashes ({column}), so it is neither a key of the "
                    f"item above nor a new item: indent it to column {inner} like the item's other keys, or "
                    f"start a new item with '- '")
        columns = ", ".join(str(c) for c in sorted(keys | dashes)) or "none"
        return (f"{what} is indented to column {column}, which lines up with nothing above it (the keys and "
                f"dashes above start at columns {columns}): indent it exactly like the lines it belongs with")
    if problem.startswith("mapping values are not allowed"):
        colon = line.find(": ")
        if ":" in stripped and 0 <= colon < mark.column - 1 and not stripped.startswith("#"):
            return (f"the value of '{key}' holds a ': ', which reads as the start of another key: put the "
                    f"value in quotes (\"...\") or write it on the next line after '>-'")
        return (f"the ':' after '{key}' cannot start a key here: the line is indented deeper than the line above, "
                f"so it reads as the rest of that line's value{above_text}; line it up with the keys around it, or "
                f"put the text in quotes if the ':' belongs to it")
    if "'\\t'" in problem or "\\t" in problem or "\t" in problem:
        return "a tab character: indent bank files with spaces only"
    if problem.startswith("could not find expected ':'"):
        return (f"expected 'key: value' on line {mark.line + 1}{above_text}: a line inside a mapping needs a ':' "
                f"after its key, or the line above needs its quotes closed")
    return ""


def _at(name: str, node: Node, message: str) -> Problem:
    return Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, message)


def _check_nodes(name: str, root: Node) -> list[Problem]:
    """Tags, collection aliases and duplicate keys anywhere under ``root``."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            if not isinstance(node, ScalarNode):
                problems.append(_at(name, node, "this list or mapping has an anchor (&name) that an alias "
                                                "(*name) reuses; aliases of lists and mappings are not "
                                                "allowed, write the content out"))
            continue
        seen.add(id(node))
        tag = getattr(node, "ctag", None)
        if tag is not None and getattr(tag, "handle", None) is not None:
            problems.append(_at(name, node, f"the YAML tag '{tag.handle}{tag.suffix}' is not allowed: a bank "
                                            f"file holds only plain text, numbers, lists and mappings "
                                            f"(put a value in quotes to make it text)"))
            continue
        if isinstance(node, MappingNode):
            problems += _duplicate_keys(name, node)
            for key, value in reversed(node.value):
                stack += [value, key]
        elif isinstance(node, SequenceNode):
            stack += reversed(node.value)
    return problems


def _duplicate_keys(name: str, node: MappingNode) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, Node] = {}
    for key, _value in node.value:
        if not isinstance(key, ScalarNode):
            problems.append(_at(name, key, "a key must be a plain name, not a list or mapping"))
            continue
        if key.tag == _MERGE_TAG:
            continue
        if key.value in first:
            where = first[key.value].start_mark.line + 1
            problems.append(_at(name, key, f"duplicate key '{key.value}' (first at line {where})"))
        else:
            first[key.value] = key
    return problems

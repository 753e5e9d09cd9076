"""Reading a bank file into round-trip YAML data, safely.

The file is decoded as UTF-8, composed into a node tree (which is where
syntax errors, tags, duplicate keys and aliases are caught, each with its
position), and only then constructed with ``YAML(typ="rt")``.  The round-trip
constructor builds no Python objects from tags, and this module refuses
every explicit tag anyway, so ``!!python/object`` is reported, never run.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import BankError, Problem

_MERGE_TAG = "tag:yaml.org,2002:merge"


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
        root = yaml.compose(io.StringIO(text))
    except MarkedYAMLError as err:
        raise BankError([_marked_problem(name, err)]) from None
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
        raise BankError([_marked_problem(name, err)]) from None
    except Exception as err:  # noqa: BLE001
        raise BankError([Problem(name, 1, 1, f"cannot read the YAML data: {err}")]) from None
    return data


def _read_text(path: Path, name: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        reason = err.strerror or str(err)
        raise BankError([Problem(name, 1, 1, f"cannot read the file: {reason}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw.count(b"\n", 0, err.start) + 1
        column = len(raw[line_start:err.start].decode("utf-8", errors="replace")) + 1
        message = (f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot be decoded); "
                   f"save it with UTF-8 encoding")
        raise BankError([Problem(name, line, column, message)]) from None


def _marked_problem(name: str, err: MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    message = err.problem or err.context or "invalid YAML"
    if err.context and err.problem:
        where = ""
        if err.context_mark is not None and err.context_mark is not mark:
            where = f" at line {err.context_mark.line + 1}, column {err.context_mark.column + 1}"
        message = f"{err.problem} ({err.context}{where})"
    if mark is None:
        return Problem(name, 1, 1, f"invalid YAML: {message}")
    return Problem(name, mark.line + 1, mark.column + 1, f"invalid YAML: {message}")


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

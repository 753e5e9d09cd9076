"""Checking round-trip YAML data against the InterviewKit model.

Every pydantic error is turned into a :class:`Problem` pointing at the
offending key or value of the file; two rules are also checked here
directly so that their problem points at the exact line (ids used twice:
at the second use; scale points out of order: at the first wrong value).
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from assessor.domain import InterviewKit

from .errors import BankError, Problem

Position = tuple[int, int]  # 0-based line and column, as ruamel keeps them


def validate_kit(data: CommentedMap, path: str) -> InterviewKit:
    """The kit built from ``data`` (read by :func:`read_yaml` from ``path``).

    Raises ``BankError`` with every problem found: all pydantic errors, each
    ids used twice, and scale points that do not run 1..N.
    """
    own_ids = _duplicate_ids(data, path)
    own_scale = _scale_order(data, path)
    try:
        kit = InterviewKit.model_validate(_plain(data))
    except ValidationError as err:
        problems = own_ids + own_scale
        for error in err.errors(include_url=False):
            if error["type"] == "value_error":
                if own_ids and error["loc"] == ():
                    continue  # the same duplicate id, already reported at its line
                if own_scale and tuple(error["loc"]) == ("scale",):
                    continue  # the same scale order problem, already reported
            problems.append(_problem(data, path, error))
        raise BankError(problems) from None
    if own_ids or own_scale:  # rules the model does not check (e.g. profile area ids)
        raise BankError(own_ids + own_scale)
    return kit


def _plain(value: Any) -> Any:
    """Round-trip data as plain dicts, lists, str, int, float, bool and None."""
    if isinstance(value, dict):
        return {str(k) if isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _position(node: Any) -> Position:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line, lc.col
    return 0, 0


def _child_position(parent: Any, part: Any, at_key: bool = False) -> Position | None:
    """Where ``parent[part]`` (or its key) is written, if it is."""
    try:
        if isinstance(parent, CommentedMap) and part in parent:
            pos = parent.lc.key(part) if at_key else parent.lc.value(part)
        elif isinstance(parent, CommentedSeq) and isinstance(part, int) and 0 <= part < len(parent):
            pos = parent.lc.item(part)
        else:
            return None
    except (KeyError, IndexError, TypeError):
        return None
    return (pos[0], pos[1]) if pos else None


def _locate(data: CommentedMap, loc: tuple[Any, ...], at_key: bool) -> Position:
    """The position of ``loc`` in ``data``: as deep as the data goes."""
    node: Any = data
    pos = _position(data)
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        child = _child_position(node, part, at_key=at_key and last)
        if child is None:
            break
        pos = child
        node = node[part]
    return pos


def _problem(data: CommentedMap, path: str, error: dict[str, Any]) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        # point at the mapping that lacks the field
        line, col = _locate(data, loc[:-1], at_key=False)
    else:
        # an empty value has no position of its own: point at its key
        at_key = kind == "extra_forbidden" or error.get("input") is None
        line, col = _locate(data, loc, at_key=at_key)
    return Problem(path, line + 1, col + 1, _message(loc, error))


def _name(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "the file"
    if isinstance(loc[-1], int):
        parent = next((p for p in reversed(loc) if isinstance(p, str)), "list")
        return f"item {loc[-1] + 1} of '{parent}'"
    return f"'{loc[-1]}'"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def _message(loc: tuple[Any, ...], error: dict[str, Any]) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    name = _name(loc)
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        return _unknown_field(loc)
    if kind == "string_type":
        if value is None:
            return f"{name} is empty: write a text or remove the line"
        hint = " (put it in quotes)" if _describe(value) in ("a number", "true/false", "a date") else ""
        return f"{name} must be text, not {_describe(value)}{hint}"
    if kind == "string_pattern_mismatch":
        return (f"{value!r} is not a valid id: use lower-case letters, digits and dashes, "
                f"starting with a letter or digit (e.g. 'q-flask-philosophy')")
    if kind == "string_too_short":
        return f"{name} must not be empty"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"{name} needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "list_type":
        return f"{name} must be a list (lines starting with '- '), not {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name} must be a mapping of fields (key: value), not {_describe(value)}"
    if kind.startswith("int_"):
        return f"{name} must be a whole number, not {_describe(value)}"
    if kind == "greater_than_equal":
        return f"{name} must be at least {ctx.get('ge')}, got {value}"
    if kind == "less_than_equal":
        return f"{name} must be at most {ctx.get('le')}, got {value}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message if kind == "value_error" else f"{name}: {message}"


def _unknown_field(loc: tuple[Any, ...]) -> str:
    field = str(loc[-1])
    allowed = _fields_at(loc[:-1])
    if not allowed:
        return f"unknown field '{field}'"
    close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.75)
    if close:
        return f"unknown field '{field}' (did you mean '{close[0]}'?)"
    return f"unknown field '{field}' (allowed here: {', '.join(allowed)})"


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model expected at ``loc`` (empty if unknown)."""
    tp: Any = InterviewKit
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(part)
            if field is None:
                return []
            tp = field.annotation
        elif isinstance(part, int) and get_origin(tp) is list:
            tp = get_args(tp)[0]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            return tp


def _walk_ids(node: Any, found: list[tuple[str, Position]]) -> None:
    """Every ``id: ...`` of the kit in document order, with its position."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if key == "id" and isinstance(value, str):
                pos = _child_position(node, "id")
                found.append((value, pos or _position(node)))
            else:
                _walk_ids(value, found)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _walk_ids(item, found)


def _duplicate_ids(data: CommentedMap, path: str) -> list[Problem]:
    found: list[tuple[str, Position]] = []
    _walk_ids(data, found)
    first: dict[str, Position] = {}
    problems = []
    for item_id, (line, col) in found:
        if item_id in first:
            message = f"id '{item_id}' is used more than once (first at line {first[item_id][0] + 1})"
            problems.append(Problem(path, line + 1, col + 1, message))
        else:
            first[item_id] = (line, col)
    return problems


def _scale_order(data: CommentedMap, path: str) -> list[Problem]:
    scale = data.get("scale")
    points = scale.get("points") if isinstance(scale, CommentedMap) else None
    if not isinstance(points, CommentedSeq):
        return []
    values = [p.get("value") if isinstance(p, CommentedMap) else None for p in points]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return []  # a missing or non-number value is reported by the model
    for index, (point, value) in enumerate(zip(points, values), start=1):
        if value != index:
            line, col = _child_position(point, "value") or _position(point)
            message = (f"scale points must run 1..{len(values)} in order: "
                       f"expected value {index} here, got {value}")
            return [Problem(path, line + 1, col + 1, message)]
    return []

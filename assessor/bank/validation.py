"""Checking bank data against the InterviewKit model and the bank's rules.

Every pydantic error and every finding of :mod:`assessor.domain.kit_rules` is
turned into a :class:`Problem` pointing at the offending key or value of the
file (for a file), or kept as a :class:`~assessor.domain.kit_rules.Finding`
placed by its path in the data (for an editor).  A rule that the model also
checks is reported once, at the rule's exact place (ids used twice: at the
second use; scale points out of order: at the first wrong value).
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
from collections.abc import Callable
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from assessor.domain import InterviewKit
from assessor.domain.kit import PROBE_TAGS

from .errors import ERROR, BankError, Problem
from assessor.domain.kit_rules import Finding, Loc, check_rules
from .versions import upgrade

Position = tuple[int, int]  # 0-based line and column, as ruamel keeps them


def check_kit(data: CommentedMap, path: str) -> tuple[InterviewKit | None, list[Problem]]:
    """The kit built from ``data`` (read by :func:`read_yaml` from ``path``)
    and every problem of it, errors and warnings, each at its line and
    column.  The kit is ``None`` when there is an error.  Never raises."""

    def line_of(loc: Loc) -> int:
        return _locate(data, loc, at_key=False)[0] + 1

    kit, findings = _check(_plain(data), line_of)
    return kit, [_to_problem(data, path, f) for f in findings]


def validate_kit(data: CommentedMap, path: str) -> InterviewKit:
    """The kit built from ``data`` (read by :func:`read_yaml` from ``path``).

    Raises ``BankError`` with every error found (warnings are left out):
    all pydantic errors and the errors of :mod:`assessor.domain.kit_rules`.
    """
    kit, problems = check_kit(data, path)
    if kit is None:
        raise BankError([p for p in problems if p.is_error])
    return kit


def check_data(data: dict) -> tuple[InterviewKit | None, list[Finding]]:
    """The kit built from plain ``data`` (as an editor holds it) and every
    finding, errors and warnings, placed by ``loc``.  The kit is ``None``
    when there is an error.  Never raises."""
    return _check(_plain(data), None)


def _check(plain: Any, line_of: Callable[[Loc], int] | None) -> tuple[InterviewKit | None, list[Finding]]:
    rules = check_rules(plain, line_of) if isinstance(plain, dict) else []
    errors = [f for f in rules if f.severity == ERROR]
    try:
        kit = InterviewKit.model_validate(upgrade(plain))
    except ValidationError as err:
        findings = list(rules)
        for error in err.errors(include_url=False):
            loc = _untagged(tuple(error["loc"]))
            same = any(f.loc == loc for f in errors)
            inside = error["type"] == "value_error" and any(f.loc[:len(loc)] == loc for f in errors)
            if same or inside:
                continue  # the same problem, already found by a rule at its exact place
            findings.append(_finding(error))
        return None, findings
    if errors:  # rules the model does not check (e.g. profile area ids)
        return None, rules
    return kit, rules


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


def _untagged(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """``loc`` without the tag pydantic puts in the place of an error inside
    a probe (``probes, 2, nested, prompt`` → ``probes, 2, prompt``)."""
    return tuple(part for i, part in enumerate(loc)
                 if not (i >= 2 and part in PROBE_TAGS and loc[i - 2] == "probes" and isinstance(loc[i - 1], int)))


def _finding(error: dict[str, Any]) -> Finding:
    loc = _untagged(tuple(error["loc"]))
    kind = error["type"]
    if kind == "missing":  # point at the mapping that lacks the field
        return Finding(loc, _message(loc, error), at_parent=True)
    # an empty value has no position of its own: point at its key
    at_key = kind == "extra_forbidden" or error.get("input") is None
    return Finding(loc, _message(loc, error), at_key=at_key)


def _to_problem(data: CommentedMap, path: str, finding: Finding) -> Problem:
    if finding.at_parent:
        line, col = _locate(data, finding.loc[:-1], at_key=False)
    else:
        line, col = _locate(data, finding.loc, at_key=finding.at_key)
    return Problem(path, line + 1, col + 1, finding.message, finding.severity)


def _name(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "the file"
    if loc[-1] == "[key]":
        return f"the key '{loc[-2]}'" if len(loc) > 1 else "a key"
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
                f"starting with a letter or digit (e.g. 'q-app-structure')")
    if kind == "string_too_short":
        return f"{name} must not be empty"
    if kind == "string_too_long":
        return f"{name} must be at most {ctx.get('max_length')} characters long, not {len(str(value))}"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"{name} needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "list_type":
        return f"{name} must be a list (lines starting with '- '), not {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name} must be a mapping of fields (key: value), not {_describe(value)}"
    if kind.startswith("int_"):
        if isinstance(value, float):
            return f"{name} must be a whole number, not {value!r} (write it without a decimal point)"
        return f"{name} must be a whole number, not {_describe(value)}{_unquote(value)}"
    if kind.startswith("bool_"):
        return f"{name} must be true or false, not {_describe(value)}{_unquote(value)}"
    if kind.startswith("float_"):
        return f"{name} must be a number, not {_describe(value)}{_unquote(value)}"
    if kind == "finite_number":
        return f"{name} must be a finite number, not {value!r}"
    if kind == "greater_than_equal":
        return f"{name} must be at least {_num(ctx.get('ge'))}, got {value}"
    if kind == "less_than_equal":
        return f"{name} must be at most {_num(ctx.get('le'))}, got {value}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message if kind == "value_error" else f"{name}: {message}"


def _unquote(value: Any) -> str:
    """The hint for a value written as text where a number or a yes/no is
    meant (``"2"``, ``"true"``): the kit never reads text as either."""
    return " (remove the quotes: text is never read as a number, nor as true or false)" if isinstance(value, str) else ""


def _num(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


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
        elif origin in (Union, types.UnionType):  # a model if one of the choices is one (a probe)
            choices = [_unwrap(a) for a in get_args(tp) if a is not type(None)]
            tp = next((c for c in choices if isinstance(c, type) and issubclass(c, BaseModel)), choices[0])
        else:
            return tp

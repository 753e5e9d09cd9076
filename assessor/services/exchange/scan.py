"""The streaming reader of an export's JSON text: the top-level members
in file order, the ``candidates`` array one value at a time, so a large
file's candidates are never held whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..workspace import AssessorError
from .format import FORMAT


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, i: int) -> int:
    return _SPACE.match(text, i).end()  # type: ignore[union-attr]


def _expect(text: str, i: int, char: str, message: str) -> int:
    if not text.startswith(char, i):
        raise json.JSONDecodeError(message, text, i)
    return i + 1


def _array_values(text: str, start: int, end: list[int]) -> Iterator[object]:
    """Each value of the JSON array whose ``[`` is at ``start``, parsed one
    at a time (so a large array is never held whole); the index after its
    ``]`` is appended to ``end``.  Raises ``json.JSONDecodeError``."""
    i = _skip(text, start + 1)
    if text.startswith("]", i):
        end.append(i + 1)
        return
    while True:
        value, i = _DECODER.raw_decode(text, i)
        yield value
        i = _skip(text, i)
        if text.startswith(",", i):
            i = _skip(text, i + 1)
            continue
        end.append(_expect(text, i, "]", "Expecting ',' delimiter"))
        return


def _scan(text: str, path: Path) -> Iterator[tuple[str | None, object]]:
    """The members of the top-level object of ``text`` in file order, each
    as ``(key, value)``; the values of a ``candidates`` array come one at a
    time as ``(None, value)`` (so a large array is never held whole).
    Raises ``json.JSONDecodeError`` for a syntax error (after yielding what
    came before it) and :class:`AssessorError` when the file holds JSON
    that is not an object."""
    i = _skip(text, 0)
    if not text.startswith("{", i):
        value, end = _DECODER.raw_decode(text, i)  # raises for text that is not JSON
        if _skip(text, end) != len(text):
            raise json.JSONDecodeError("Extra data", text, _skip(text, end))
        raise AssessorError(f'{path} is not an Assessor assessments export (it has no "format": "{FORMAT}")')
    i = _skip(text, i + 1)
    if text.startswith("}", i):
        i += 1
    else:
        while True:
            if not text.startswith('"', i):
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, i)
            key, i = _DECODER.raw_decode(text, i)
            i = _skip(text, _expect(text, _skip(text, i), ":", "Expecting ':' delimiter"))
            if key == "candidates" and text.startswith("[", i):
                end: list[int] = []
                for value in _array_values(text, i, end):
                    yield None, value
                i = end[0]
            else:
                value, i = _DECODER.raw_decode(text, i)
                yield key, value
            i = _skip(text, i)
            if text.startswith(",", i):
                i = _skip(text, i + 1)
                continue
            i = _expect(text, i, "}", "Expecting ',' delimiter")
            break
    if _skip(text, i) != len(text):
        raise json.JSONDecodeError("Extra data", text, _skip(text, i))

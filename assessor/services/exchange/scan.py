"""The streaming reader of an export's JSON file (ijson: its ``yajl2_c``
backend when built, else its pure-Python one): the top-level members in
file order, the ``candidates`` array one value at a time, so a large
file's candidates (nor its text) are never held whole; the file's bytes
are hashed as they are read.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from ..workspace import AssessorError
from .format import FORMAT


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_BACKEND = ijson  # ijson's best backend: yajl2_c when built, else the pure-Python one
_STARTS = ("start_map", "start_array")
_ENDS = ("end_map", "end_array")


class _Stream:
    """``path`` opened for reading in binary, its bytes hashed (SHA-256) as
    they are read, a UTF-8 byte-order mark at its start skipped (as the
    ``utf-8-sig`` codec does).  Raises :class:`AssessorError` when the file
    cannot be opened."""

    def __init__(self, path: Path) -> None:
        try:
            self._file = path.open("rb")
        except OSError as exc:
            raise AssessorError(f"cannot read {path}: {exc.strerror or exc}") from exc
        self._hash = hashlib.sha256()
        self._start = True

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self._hash.update(data)
        if self._start and data:
            self._start = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]
        return data

    def rewind(self) -> None:
        """Read again from the first byte (the hash starts again too)."""
        self._file.seek(0)
        self._hash = hashlib.sha256()
        self._start = True

    def sha256(self) -> str:
        """The SHA-256 (hex) of the bytes read so far: of the whole file
        once :func:`_scan` has run to its end."""
        while self.read(1 << 16):  # a scan stopped early: hash the rest
            pass
        return self._hash.hexdigest()

    def close(self) -> None:
        self._file.close()


def file_sha256(path: Path) -> str:
    """The SHA-256 (hex) of the bytes of ``path``, read as a stream.
    Raises :class:`AssessorError` when it cannot be read."""
    stream = _Stream(path)
    try:
        return stream.sha256()
    finally:
        stream.close()


def _value(event: str, value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """The whole JSON value that starts with ``(event, value)``."""
    if event not in _STARTS:
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        if event in _STARTS:
            depth += 1
        elif event in _ENDS:
            depth -= 1
            if not depth:
                return builder.value
    raise ijson.IncompleteJSONError("unexpected end of file")


def _members(stream: _Stream, path: Path, backend: Any = _BACKEND) -> Iterator[tuple[str | None, object]]:
    events = backend.basic_parse(stream, use_float=True)  # numbers as json gives them: int, else float
    event, _ = next(events, ("end", None))
    if event != "start_map":
        if event == "end":
            raise ijson.IncompleteJSONError("empty file")
        raise AssessorError(f'{path} is not an Assessor assessments export (it has no "format": "{FORMAT}")')
    for event, key in events:
        if event == "end_map":
            break
        event, value = next(events, ("end", None))
        if event == "end":
            raise ijson.IncompleteJSONError("unexpected end of file")
        if key == "candidates" and event == "start_array":
            for event, value in events:
                if event == "end_array":
                    break
                yield None, _value(event, value, events)
        else:
            yield key, _value(event, value, events)
    for _ in events:  # anything after the object is an error (ijson raises)
        pass


def _diagnose(path: Path, error: Exception) -> Exception | None:
    """The error to give for a file ijson refused: the standard parser's
    ``json.JSONDecodeError`` (it has the line and column) or ``ValueError``
    (NaN and the like), or :class:`AssessorError` (not UTF-8); ``None``
    when the standard parser takes the file (yajl refused a number it cannot
    hold).  Reads the whole file, once, only for a file ijson refused."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return AssessorError(f"cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return AssessorError(f"{path} is not an Assessor export: it is not UTF-8 text")
    try:
        _DECODER.decode(text)
    except (ValueError, RecursionError) as exc:
        return exc
    return None  # the standard parser takes it (an integer beyond 64 bits, which yajl refuses)


def _scan(stream: _Stream, path: Path) -> Iterator[tuple[str | None, object]]:
    """The members of the top-level object of the file ``stream`` reads,
    each as ``(key, value)`` in file order; the values of a ``candidates``
    array come one at a time as ``(None, value)``.  Raises
    ``json.JSONDecodeError`` (line and column) for a syntax error, after
    yielding what came before it, ``ValueError`` for NaN or Infinity,
    :class:`AssessorError` when the file is not UTF-8 or holds JSON that is
    not an object."""
    yielded = 0
    try:
        for member in _members(stream, path):
            yield member
            yielded += 1
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        error = _diagnose(path, exc)
        if error is not None:
            raise error from None
        # valid JSON that yajl cannot hold (a huge integer): read it again with
        # ijson's pure-Python backend, past the members already given, so the
        # value reaches the checks that name its JSON path
        stream.rewind()
        python = ijson.get_backend("python")
        try:
            for n, member in enumerate(_members(stream, path, python)):
                if n >= yielded:
                    yield member
        except (ijson.JSONError, UnicodeDecodeError) as again:
            raise json.JSONDecodeError(f"{again}", "", 0) from None

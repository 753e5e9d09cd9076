"""The export file read as a stream (ijson): the same values as the
standard parser gives (ints and floats alike, so kit digests match), on
the C backend and the pure-Python one; a broken file still says "line,
column"; a byte-order mark is skipped; the SHA-256 is of the file's bytes."""

from __future__ import annotations

import codecs
import hashlib
import json

import ijson
import pytest

from assessor.services import AssessorError, open_workspace
from assessor.services import exchange
from assessor.services.exchange import check_export, export_json, import_json
from assessor.services.exchange.scan import _scan, _Stream
from tests.kits import small_kit

from tests.services.test_exchange import _fill

KIT = small_kit()


@pytest.fixture(params=["default", "python"])
def backend(request, monkeypatch):
    """Each test on ijson's default backend (yajl2_c when built) and on its pure-Python one."""
    if request.param == "python":
        monkeypatch.setattr(exchange.scan, "_BACKEND", ijson.get_backend("python"))
    return request.param


@pytest.fixture
def exported(tmp_path):
    ws = open_workspace(str(tmp_path / "source.sqlite3"), kits={KIT.role_id: KIT})
    try:
        _fill(ws)
        path = export_json(ws, tmp_path / "x.json")
    finally:
        ws.close()
    return path


def _streamed(path):
    stream = _Stream(path)
    try:
        doc: dict = {"candidates": []}
        for key, value in _scan(stream, path):
            if key is None:
                doc["candidates"].append(value)
            else:
                doc[key] = value
        return doc, stream.sha256()
    finally:
        stream.close()


def _typed(value):
    """``value`` with each scalar's type kept, so 1 and 1.0 differ."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_stream_gives_what_the_standard_parser_gives(exported, backend):
    raw = exported.read_bytes().replace(b'"version": 1', b'"version": 1, "x": [1.5, -0, 2e3, 1E-2, 10]', 1)
    exported.write_bytes(raw)
    doc, digest = _streamed(exported)
    assert _typed(doc) == _typed(json.loads(raw)) and doc["x"] == [1.5, 0, 2000.0, 0.01, 10]
    assert digest == hashlib.sha256(raw).hexdigest()


def test_an_export_with_a_byte_order_mark_imports(exported, tmp_path, backend):
    exported.write_bytes(codecs.BOM_UTF8 + exported.read_bytes())
    count = check_export(exported)
    target = open_workspace(str(tmp_path / "target.sqlite3"), kits={KIT.role_id: KIT})
    try:
        report = import_json(target, exported)
    finally:
        target.close()
    assert count >= 1 and report.added["candidates"] == count


def test_a_syntax_error_deep_in_the_file_gives_its_line_and_column(exported, backend):
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    n = max(i for i, line in enumerate(lines) if '"name"' in line)  # the last candidate's line
    column = lines[n].index('"name"') + 1
    lines[n] = lines[n].replace('"name"', '"name" "', 1)  # a value where ":" is expected
    exported.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(AssessorError) as caught:
        check_export(exported)
    assert f"it is not JSON (line {n + 1}, column {column + 7}: Expecting ':' delimiter)" in str(caught.value)


@pytest.mark.parametrize("content, expected", [
    (b"", "it is not JSON (line 1, column 1"),
    (b'{"format": "assessor.assessments"} trailing', "it is not JSON (line 1, column 36: Extra data)"),
    (b'{"format": "assessor.assessments", "candidates": [{"uid": "\xff"}]}', "it is not UTF-8 text"),
    (b'{"format": "assessor.assessments", "version": Infinity}', "Infinity is not a JSON number"),
])
def test_broken_files_say_why(tmp_path, content, expected, backend):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(AssessorError) as caught:
        check_export(path)
    assert str(caught.value).startswith(str(path)) and expected in str(caught.value)

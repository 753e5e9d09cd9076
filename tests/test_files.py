"""assessor.files: atomic writes, modes, leftovers, and the CSV cell guard."""

import os
import stat

import pytest

from assessor import files
from assessor.files import (
    TEMP_SUFFIX, atomic_open, csv_cell, leftovers, private_folder, remove_leftovers, write_atomic,
)


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_write_atomic_writes_text_and_bytes_owner_only(tmp_path):
    text, data = tmp_path / "notes.csv", tmp_path / "report.pdf"
    write_atomic(text, "a,b\r\n✓\n")
    write_atomic(data, b"%PDF-1.4")
    assert text.read_bytes() == "a,b\r\n✓\n".encode()  # line ends kept as written
    assert data.read_bytes() == b"%PDF-1.4"
    assert stat.S_IMODE(text.stat().st_mode) == 0o600 == stat.S_IMODE(data.stat().st_mode)
    assert _names(tmp_path) == ["notes.csv", "report.pdf"]


def test_a_given_mode_is_applied(tmp_path):
    path = write_atomic(tmp_path / "bank.yaml", "x", mode=0o640)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_streaming_into_atomic_open_replaces_the_file_only_at_the_end(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("old")
    with atomic_open(path) as out:
        for i in range(1000):
            out.write(f"{i}\n")
        assert path.read_text() == "old"  # not yet replaced
        assert len(leftovers(tmp_path, "export.json")) == 1
    assert path.read_text().splitlines()[-1] == "999"
    assert _names(tmp_path) == ["export.json"]


@pytest.mark.parametrize("binary", [False, True])
def test_a_failure_mid_write_leaves_the_target_unchanged_and_no_temporary(tmp_path, binary):
    path = tmp_path / "export.csv"
    path.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(path, binary) as out:
        out.write(b"half" if binary else "half")
        raise RuntimeError("disk full")
    assert path.read_text() == "old"
    assert _names(tmp_path) == ["export.csv"]


def test_a_failure_of_a_new_file_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt), atomic_open(tmp_path / "new.pdf", True):
        raise KeyboardInterrupt
    assert _names(tmp_path) == []


def test_a_rename_that_fails_removes_the_temporary(tmp_path, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomic(tmp_path / "locked.pdf", b"data")
    assert _names(tmp_path) == []


def test_leftovers_find_the_one_suffix_of_every_writer(tmp_path):
    with atomic_open(tmp_path / "a.pdf", True):
        names = [p.name for p in leftovers(tmp_path)]
    assert len(names) == 1 and names[0].startswith(".a.pdf.") and names[0].endswith(TEMP_SUFFIX)
    for stale in (".a.pdf.x1.part", ".b.yaml.x2.part"):
        (tmp_path / stale).write_text("killed")
    (tmp_path / "keep.part").write_text("not ours: no leading dot")
    assert [p.name for p in leftovers(tmp_path, "a.pdf")] == [".a.pdf.x1.part"]
    assert leftovers(tmp_path, older_than=3600) == []  # too fresh to be abandoned
    old = (tmp_path / ".b.yaml.x2.part")
    os.utime(old, (1, 1))
    assert leftovers(tmp_path, older_than=3600) == [old]
    assert sorted(p.name for p in remove_leftovers(tmp_path)) == [".a.pdf.x1.part", ".b.yaml.x2.part"]
    assert _names(tmp_path) == ["a.pdf", "keep.part"]


def test_private_folder_is_owner_only(tmp_path):
    folder = private_folder(tmp_path / "cache" / "assessor")
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("-1.5", "-1.5"),
    ("-3", "-3"),
    ("+2.25", "+2.25"),
    (-0.5, "-0.5"),
    ("Ann Smith", "Ann Smith"),
    ("a=b", "a=b"),
    (None, ""),
    (3, "3"),
])
def test_csv_cell_neutralises_formulas_but_keeps_numbers(value, cell):
    assert csv_cell(value) == cell


def test_write_new_creates_once_owner_only_and_the_first_writer_wins(tmp_path):
    from assessor.files import leftovers, write_new

    key = tmp_path / "key.pem"
    assert write_new(key, b"first") is True
    assert write_new(key, b"second") is False  # another process made it first: theirs stands
    assert key.read_bytes() == b"first" and (key.stat().st_mode & 0o777) == 0o600
    assert leftovers(tmp_path) == []

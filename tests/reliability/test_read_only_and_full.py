"""Honest messages on a read-only file system and a full disk: reading
commands open the database read-only and work, writing ones say why they
cannot, and "the data folder or the database file is missing" is said only
when it is (docs/reliability.md, "Read-only file system, full disk").

Two ways each: the real thing where the test run may mount a tmpfs (root),
and an ``OSError`` injected at the store's open seam
(``assessor.store.engine._open_for_writing``) everywhere."""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest

from assessor.cli.main import main as cli
from assessor.store import engine as store_engine
from tests.reliability import faults
from tests.reliability.test_personal_data import interviewed, workspace

READING = (["candidates"], ["db", "check"])


def _made(db: Path) -> int:
    ws = workspace(db, keep=0)
    cid = interviewed(ws)
    ws.close()
    return cid


def _inject(monkeypatch, db: Path, code: int) -> None:
    real = store_engine._open_for_writing

    def failing(path: str) -> int:
        if Path(path) == db:
            raise OSError(code, "injected", path)
        return real(path)

    monkeypatch.setattr(store_engine, "_open_for_writing", failing)


def _reads_and_refuses(db: Path, cid: int, out: Path, capsys, says: str) -> None:
    before = db.read_bytes()
    for argv in READING:
        assert cli(["--db", str(db), *argv]) == 0, capsys.readouterr().err
    assert "Quenby" in capsys.readouterr().out
    assert cli(["--db", str(db), "report", str(cid), "--out", str(out / "r.pdf")]) == 0, capsys.readouterr().err
    assert (out / "r.pdf").stat().st_size > 1000
    assert cli(["--db", str(db), "candidate", "add", "New Person", "--role", "flask-developer"]) == 1
    err = capsys.readouterr().err
    assert says in err and "missing" not in err, err
    assert db.read_bytes() == before  # nothing was written


@pytest.mark.parametrize("code, says", [(errno.EROFS, "read-only"), (errno.EACCES, "read-only"),
                                        (errno.ENOSPC, "the disk is full")])
def test_an_injected_fault_opens_read_only(tmp_path, monkeypatch, capsys, code, says):
    db = tmp_path / "data" / "db.sqlite3"
    cid = _made(db)
    _inject(monkeypatch, db, code)
    _reads_and_refuses(db, cid, tmp_path, capsys, says)


def test_a_real_read_only_file_system(tmp_path, capsys):
    mount = tmp_path / "ro"
    if not faults.mount_tiny_filesystem(mount, 4096):
        pytest.skip("mounting a tmpfs needs root")
    try:
        db = mount / "db.sqlite3"
        cid = _made(db)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True, capture_output=True)
        _reads_and_refuses(db, cid, tmp_path, capsys, "read-only")
    finally:
        faults.unmount(mount)


def test_a_real_full_disk(tmp_path, capsys):
    mount = tmp_path / "small"
    if not faults.mount_tiny_filesystem(mount, 4096):
        pytest.skip("mounting a tmpfs needs root")
    try:
        db = mount / "db.sqlite3"
        cid = _made(db)
        faults.fill_disk(mount)
        _reads_and_refuses(db, cid, tmp_path, capsys, "full")
    finally:
        faults.unmount(mount)

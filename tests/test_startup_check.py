"""Start-up: the integrity check is skipped only for a file unchanged since
it last passed one, and every change brings it back (assessor/store/backup.py,
docs/reliability.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from assessor.services import (
    DamagedWorkspaceError, Preferences, add_candidate, check_database, note_sound_database, open_workspace,
)
from assessor.store import backup
from tests.kits import small_kit

KIT = small_kit()


def workspace(db: Path, keep: int = 0):
    return open_workspace(str(db), kits={KIT.role_id: KIT}, prefs=Preferences(backups_keep=keep))


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """Every integrity check run, by file."""
    seen: list[Path] = []
    real = backup.check_file

    def counting(path, full=False):  # noqa: ANN001, ANN202
        seen.append(Path(path))
        return real(path, full)

    monkeypatch.setattr(backup.checks, "check_file", counting)
    return seen


def settled() -> None:
    """Let the file's last change be more than a clock tick old."""
    time.sleep(0.06)


def made(db: Path, names: tuple[str, ...] = ("A",)) -> Path:
    ws = workspace(db)
    for name in names:
        add_candidate(ws, name, "", KIT.role_id)
    ws.close()
    settled()
    return db


def test_an_unchanged_file_skips_the_check_and_a_changed_one_does_not(tmp_path, checks):
    db = made(tmp_path / "db.sqlite3")
    workspace(db).close()  # checked and recorded: the file had not changed for a tick
    workspace(db).close()  # unchanged: not checked again
    assert checks == [db]
    assert backup.known_sound(db)
    ws = workspace(db)
    add_candidate(ws, "B", "", KIT.role_id)  # a change
    ws.close()
    settled()
    workspace(db).close()
    assert checks == [db, db]


def test_a_record_made_in_the_same_tick_as_the_change_is_not_trusted(tmp_path, checks, monkeypatch):
    """A change in the same tick of a coarse clock as the recorded one would
    carry the same time stamps: such a record is kept but never trusted."""
    monkeypatch.setattr(backup.checks, "_FINE_MARGIN_NS", 3600 * 10**9)  # every change is "just now"
    db = made(tmp_path / "db.sqlite3")
    workspace(db).close()
    workspace(db).close()
    assert checks == [db, db]
    assert str(db.resolve()) in json.loads(backup.sound_record_path().read_text())


def test_damage_that_keeps_size_and_modification_time_is_still_found(tmp_path, checks):
    db = made(tmp_path / "db.sqlite3", ("Kept", "Also kept"))
    workspace(db, keep=3).close()
    assert backup.known_sound(db)
    before = db.stat()
    data = bytearray(db.read_bytes())
    for page in range(1, len(data) // 4096):  # the b-tree pages of the tables, the header kept
        data[page * 4096: page * 4096 + 12] = b"\x55" * 12
    with open(db, "r+b") as f:  # in place: same inode, same size
        f.write(data)
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    assert db.stat().st_size == before.st_size and db.stat().st_mtime_ns == before.st_mtime_ns
    assert not backup.known_sound(db)  # the change time moved
    with pytest.raises(DamagedWorkspaceError):
        workspace(db, keep=3)
    assert checks.count(db) == 2  # the damaged file was checked (then its backup, to offer it)


def test_a_file_with_unmerged_log_frames_is_always_checked(tmp_path, checks):
    db = made(tmp_path / "db.sqlite3")
    workspace(db).close()
    assert backup.known_sound(db)
    keep_open = sqlite3.connect(db)  # another program, writing into the WAL
    keep_open.execute("PRAGMA wal_autocheckpoint = 0")
    with keep_open:
        keep_open.execute("UPDATE candidates SET email = 'x@example.test'")
    assert os.stat(f"{db}-wal").st_size > 0
    assert not backup.known_sound(db)
    workspace(db).close()
    keep_open.close()
    assert checks == [db, db]


def test_a_failed_check_forgets_the_record(tmp_path):
    db = made(tmp_path / "db.sqlite3")
    workspace(db).close()
    assert backup.known_sound(db)
    records = backup.sound_record_path()
    assert str(db.resolve()) in json.loads(records.read_text())
    data = bytearray(db.read_bytes())
    data[0:100] = b"\xff" * 100
    db.write_bytes(bytes(data))
    with pytest.raises(DamagedWorkspaceError):
        workspace(db)
    assert str(db.resolve()) not in json.loads(records.read_text())


def test_the_record_is_the_owners_only_and_names_no_data(tmp_path):
    db = made(tmp_path / "db.sqlite3", ("Secret Name",))
    workspace(db).close()
    records = backup.sound_record_path()
    assert stat.S_IMODE(records.stat().st_mode) == 0o600
    assert "Secret" not in records.read_text()


def test_the_window_records_a_changed_file_when_it_closes_so_the_next_start_skips_it(tmp_path, checks):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    add_candidate(ws, "A", "", KIT.role_id)
    ws.close()
    assert note_sound_database(ws)  # waits a tick after the close, then checks
    assert checks == [db]
    again = workspace(db)
    again.close()
    assert note_sound_database(again)  # nothing changed: nothing to check
    assert checks == [db]


def test_db_check_records_a_pass(tmp_path, checks):
    db = made(tmp_path / "db.sqlite3")
    assert check_database(str(db)) is None
    workspace(db).close()
    assert checks == [db]


def test_an_unreadable_record_only_means_checking_again(tmp_path, checks):
    db = made(tmp_path / "db.sqlite3")
    workspace(db).close()
    backup.sound_record_path().write_text("{not json")
    workspace(db).close()
    assert checks == [db, db]

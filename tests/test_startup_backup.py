"""Start-up: the rotating backup is copied on a thread when nothing is to be
migrated, made first when something is, and never raced by what reads the
backups (assessor/store/backup.py, docs/reliability.md)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from alembic import command
from sqlalchemy import text

from assessor.services import Preferences, add_candidate, backups, erase_candidate, open_workspace
from assessor.store import Store, StoreError, backup, schema
from assessor.store.engine import make_engine, resolve_url
from tests.kits import small_kit

KIT = small_kit()


def workspace(db: Path, keep: int = 3):
    return open_workspace(str(db), kits={KIT.role_id: KIT}, prefs=Preferences(backups_keep=keep))


def gated_copies(monkeypatch) -> tuple[threading.Event, list[str]]:
    """Hold every backup copy until the returned event is set; the list gets
    the name of the thread that made each copy."""
    gate, done = threading.Event(), []
    real = backup.copy_database

    def held(source, dest):  # noqa: ANN001, ANN202
        assert gate.wait(30)
        made = real(source, dest)
        done.append(threading.current_thread().name)
        return made

    monkeypatch.setattr(backup.taking, "copy_database", held)
    return gate, done


def test_the_start_backup_is_copied_beside_the_start_and_waited_for_when_listed(tmp_path, monkeypatch):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    add_candidate(ws, "A", "", KIT.role_id)
    ws.close()
    gate, done = gated_copies(monkeypatch)
    ws = workspace(db)  # returns while the copy is held: the window would be building now
    add_candidate(ws, "B", "", KIT.role_id)  # and work goes on meanwhile
    assert done == []
    threading.Timer(0.2, gate.set).start()
    made = backups(str(db))  # waits for the copy
    assert len(made) == 1 and done == ["assessor-start-backup"]
    ws.close()
    con = sqlite3.connect(made[0])
    assert con.execute("SELECT name FROM candidates ORDER BY name").fetchall() in ([("A",)], [("A",), ("B",)])
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_a_file_to_be_migrated_is_backed_up_first_as_it_was(tmp_path):
    db = tmp_path / "db.sqlite3"
    engine = make_engine(resolve_url(str(db)))
    cfg = schema._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    with engine.begin() as conn:  # the columns of revision 0004
        conn.execute(text("INSERT INTO candidates (id, name, email, role_id, created_at) "
                          "VALUES (1, 'Old', '', 'test-role', '2024-01-01 09:00:00')"))
    engine.dispose()
    store = Store(str(db), backup_keep=3)
    try:
        made = backup.list_backups(db)
        assert len(made) == 1
        con = sqlite3.connect(made[0])
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]  # before the upgrade
        con.close()
        assert schema.current_revision(store.engine) == schema.script_head()
    finally:
        store.close()


def test_erasing_right_after_the_start_waits_for_the_start_backup(tmp_path, monkeypatch):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    gone = add_candidate(ws, "Erased Person", "erased@example.test", KIT.role_id)
    ws.close()
    gate, _ = gated_copies(monkeypatch)
    ws = workspace(db)  # the start-up copy (holding the name) is still being made
    threading.Timer(0.2, gate.set).start()
    erase_candidate(ws, gone.id)  # waits for it, then erases it from that copy too
    ws.close()
    made = backups(str(db))
    assert made
    for path in made:
        assert b"Erased Person" not in path.read_bytes()


def test_a_failed_start_backup_is_logged_not_raised(tmp_path, monkeypatch, caplog):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    add_candidate(ws, "A", "", KIT.role_id)
    ws.close()

    def refused(source, dest):  # noqa: ANN001, ANN202
        raise StoreError("cannot write the backup: the disk is full", "full")

    monkeypatch.setattr(backup.taking, "copy_database", refused)
    ws = workspace(db)
    assert backups(str(db)) == []
    add_candidate(ws, "B", "", KIT.role_id)  # work goes on
    ws.close()
    assert "backup not made: full" in caplog.text


def test_closing_while_the_start_backup_runs_still_records_the_checked_file(tmp_path, monkeypatch):
    """The start-up copy's connection may be the last to close, merging the
    log into the file only then: the check at close waits for it."""
    from assessor.services import note_sound_database

    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    add_candidate(ws, "A", "", KIT.role_id)
    ws.close()
    real = backup.copy_database

    def copy_holding_a_connection(source, dest):  # noqa: ANN001, ANN202
        reader = sqlite3.connect(source)  # open while the window closes
        reader.execute("SELECT count(*) FROM candidates").fetchall()
        time.sleep(0.3)
        try:
            return real(source, dest)
        finally:
            reader.close()

    monkeypatch.setattr(backup.taking, "copy_database", copy_holding_a_connection)
    ws = workspace(db)
    add_candidate(ws, "B", "", KIT.role_id)
    ws.close()  # not the last connection: the log stays until the copy's closes
    assert note_sound_database(ws)
    assert backup.known_sound(db)


def test_closing_the_store_waits_for_the_start_backup(tmp_path, monkeypatch):
    """What happens to the file after a close (here: damage) cannot reach a
    start-up copy still being made."""
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    add_candidate(ws, "Kept Safe", "", KIT.role_id)
    ws.close()
    gate, done = gated_copies(monkeypatch)
    ws = workspace(db)
    threading.Timer(0.2, gate.set).start()
    ws.close()
    assert done == ["assessor-start-backup"]
    data = bytearray(db.read_bytes())
    data[:100] = b"\xff" * 100
    db.write_bytes(bytes(data))
    good = backup.newest_good_backup(db)
    assert good is not None
    con = sqlite3.connect(good)
    assert con.execute("SELECT name FROM candidates").fetchall() == [("Kept Safe",)]
    con.close()

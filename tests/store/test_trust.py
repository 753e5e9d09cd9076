"""Restore and ``--db`` accept only an Assessor file: its header carries
Assessor's ``application_id``, its schema holds no trigger, view or table
Assessor did not make (docs/security.md, "Files from outside: --db and
restore")."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from assessor.cli.main import main as cli
from assessor.services import Preferences, add_candidate, open_interview, open_workspace
from assessor.store import APPLICATION_ID, Store
from assessor.store.trust import EXPECTED_TRIGGERS, EXPECTED_VIRTUAL, check_sqlite_file, header_id, schema_problem
from tests.kits import small_kit

KIT = small_kit()


def filled(db: Path) -> int:
    ws = open_workspace(str(db), kits={KIT.role_id: KIT}, prefs=Preferences(backups_keep=0))
    cand = add_candidate(ws, "Ada Trust", "", KIT.role_id)
    open_interview(ws, cand.id, "Ivo").rate("q1", 3)
    ws.close()
    return cand.id


def ratings(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute("SELECT item_id, rating FROM responses ORDER BY item_id").fetchall()


def test_a_new_database_is_stamped_and_has_exactly_the_expected_schema(tmp_path):
    db = tmp_path / "db.sqlite3"
    Store(str(db)).close()
    assert header_id(db) == APPLICATION_ID
    with closing(sqlite3.connect(db)) as con:
        assert schema_problem(con) is None
        triggers = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        virtual = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")}
    assert set(triggers) == set(EXPECTED_TRIGGERS)  # the migrations and trust.py agree, name for name
    assert virtual == set(EXPECTED_VIRTUAL)


def test_an_assessor_file_from_before_the_id_is_stamped_when_opened(tmp_path):
    db = tmp_path / "db.sqlite3"
    filled(db)
    with closing(sqlite3.connect(db)) as con:
        con.execute("PRAGMA application_id=0")
        con.commit()
    assert header_id(db) == 0
    Store(str(db)).close()
    assert header_id(db) == APPLICATION_ID


def test_a_random_sqlite_file_as_db_is_refused_and_left_untouched(tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    other = tmp_path / "mine" / "photos.sqlite3"
    with closing(sqlite3.connect(other)) as con:
        con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        con.execute("INSERT INTO photos (path) VALUES ('/home/me/cat.jpg')")
        con.commit()
    before = other.read_bytes()
    for argv in (["candidates"], ["demo", "--candidates", "1"], ["db", "upgrade"]):
        assert cli(["--db", str(other), *argv]) == 1
        assert "photos.sqlite3 is not an Assessor database" in capsys.readouterr().err
    assert other.read_bytes() == before
    assert sorted(p.name for p in other.parent.iterdir()) == ["photos.sqlite3"]  # no -wal, no backups folder


def test_a_file_with_another_application_id_is_refused(tmp_path):
    db = tmp_path / "db.sqlite3"
    filled(db)
    with closing(sqlite3.connect(db)) as con:
        con.execute("PRAGMA application_id=1234")
        con.commit()
    with pytest.raises(Exception, match="application id is 0x000004d2"):
        Store(str(db))


def _crafted_backup(tmp_path: Path, db: Path, sql: str) -> Path:
    backup = tmp_path / "crafted.sqlite3"
    shutil.copy(db, backup)
    with closing(sqlite3.connect(backup)) as con:
        con.execute(sql)
        con.commit()
    assert header_id(backup) == APPLICATION_ID  # it looks like Assessor's own
    return backup


@pytest.mark.parametrize("sql, says", [
    ("CREATE TRIGGER lie AFTER UPDATE ON responses BEGIN UPDATE responses SET rating = 1 "
     "WHERE id = NEW.id; DELETE FROM audit_log; END", "a trigger 'lie'"),
    ("CREATE VIEW v AS SELECT * FROM candidates", "a view 'v'"),
    ("CREATE TABLE extra (x)", "a table 'extra'"),
    ("DROP TRIGGER audit_log_no_delete", "no trigger 'audit_log_no_delete'"),
])
def test_a_crafted_backup_is_refused_before_it_is_restored(tmp_path, capsys, sql, says):
    db = tmp_path / "live.sqlite3"
    filled(db)
    backup = _crafted_backup(tmp_path, db, sql)
    live = ratings(db)
    assert cli(["--db", str(db), "db", "restore", str(backup)]) == 1
    err = capsys.readouterr().err
    assert says in err and "crafted.sqlite3 is refused" in err
    assert ratings(db) == live
    with pytest.raises(Exception, match="refused"):  # and as --db it is refused too
        Store(str(backup))


def test_a_sound_backup_still_restores(tmp_path, capsys):
    db = tmp_path / "live.sqlite3"
    filled(db)
    backup = tmp_path / "good.sqlite3"
    assert cli(["--db", str(db), "db", "backup", str(backup)]) == 0
    assert check_sqlite_file(backup, restoring=True) is False
    assert cli(["--db", str(db), "db", "restore", str(backup)]) == 0
    assert header_id(db) == APPLICATION_ID


@pytest.mark.parametrize("sql, says", [
    ("UPDATE responses SET rating = 99 WHERE item_id = 'q1'", "responses row {rid}, rating = 99"),
    ("UPDATE assessments SET recommendation = 'bogus'", "assessments row {aid}, recommendation = 'bogus'"),
    ("UPDATE assessments SET status = 'weird'", "assessments row {aid}, status = 'weird'"),
])
def test_an_out_of_range_value_in_a_restored_file_names_its_row(tmp_path, capsys, sql, says):
    db = tmp_path / "db.sqlite3"
    cid = filled(db)
    with closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE assessments SET recommendation = 'yes'")
        con.execute(sql)
        con.commit()
        rid = con.execute("SELECT id FROM responses WHERE item_id = 'q1'").fetchone()[0]
        aid = con.execute("SELECT id FROM assessments").fetchone()[0]
    expected = says.format(rid=rid, aid=aid)
    commands = [["report", str(cid), "--out", str(tmp_path / "r.pdf")], ["debrief", str(cid)]]
    if "rating" not in sql:
        commands.append(["candidates"])  # the list shows no rating
    for argv in commands:
        status = cli(["--db", str(db), *argv])
        err = capsys.readouterr().err
        assert status == 1 and "unexpected" not in err, (argv, err)
        assert expected in err, (argv, err)


def test_db_check_names_a_foreign_trigger(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    filled(db)
    with closing(sqlite3.connect(db)) as con:
        con.execute("CREATE TRIGGER lie AFTER INSERT ON responses BEGIN DELETE FROM responses; END")
        con.commit()
    assert cli(["--db", str(db), "db", "check"]) == 1
    assert "a trigger 'lie' Assessor does not make" in capsys.readouterr().out

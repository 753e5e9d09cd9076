"""Backups: rotating copies at start and after each submission, explicit
backup and restore, and a damaged database set aside at start."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from assessor.cli.main import main as cli
from assessor.domain import Recommendation
from assessor.services import (
    AssessorError, DamagedWorkspaceError, Preferences, add_candidate, backup_database, backups, load_assessment,
    open_interview, open_workspace, restore_database, run_demo,
)
from tests.kits import small_kit

KIT = small_kit()


def workspace(db: Path, keep: int = 10):
    return open_workspace(str(db), kits={KIT.role_id: KIT}, prefs=Preferences(backups_keep=keep))


def submit_one(ws, name: str) -> int:
    cand = add_candidate(ws, name, "", KIT.role_id)
    interview = open_interview(ws, cand.id, "Ivo")
    interview.rate("q1", 3)
    interview.set_recommendation(Recommendation.YES)
    interview.submit()
    return cand.id


def everything(ws) -> dict:
    """Every assessment, as plain comparable data."""
    out = {}
    for row in ws.store.candidates(limit=10_000):
        for aid in ws.store.assessment_ids(row.candidate.id):
            a = load_assessment(ws, aid)
            out[aid] = (a.candidate.name, a.status, a.recommendation, a.takeaways, dict(a.responses))
    return out


def test_a_backup_at_start_and_after_each_submission_keeping_the_last_n(tmp_path):
    db = tmp_path / "data" / "db.sqlite3"
    ws = workspace(db, keep=3)
    assert backups(str(db)) == []  # a new, empty database needs none
    submit_one(ws, "First")
    assert len(backups(str(db))) == 1
    for i in range(4):
        submit_one(ws, f"Next {i}")
    ws.close()
    ws = workspace(db, keep=3)  # at start: the file changed since the last backup
    ws.close()
    made = backups(str(db))
    assert len(made) == 3
    folder = db.parent / "backups"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        con.close()
    newest = sqlite3.connect(made[-1])
    assert newest.execute("SELECT count(*) FROM assessments WHERE status='submitted'").fetchone() == (5,)
    newest.close()
    ws = workspace(db, keep=3)  # nothing changed: no new backup
    ws.close()
    assert backups(str(db)) == made


def test_no_backups_when_set_to_zero(tmp_path):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db, keep=0)
    submit_one(ws, "A")
    ws.close()
    assert backups(str(db)) == [] and not (tmp_path / "backups").exists()


def test_restore_a_backup_and_find_every_assessment(tmp_path):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    run_demo(ws, candidates=5)
    before = everything(ws)
    assert len(before) == 5
    copy = backup_database(tmp_path / "saved" / "copy.sqlite3", str(db))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    submit_one(ws, "Added after the backup")
    ws.close()

    kept = restore_database(copy, str(db))
    assert kept is not None and kept.name.endswith("-before-restore.sqlite3")
    ws = workspace(db)
    assert everything(ws) == before
    ws.close()
    con = sqlite3.connect(kept)  # the state before the restore is not lost
    assert con.execute("SELECT count(*) FROM candidates").fetchone() == (6,)
    con.close()


def test_restore_refuses_a_damaged_or_foreign_file(tmp_path):
    db = tmp_path / "db.sqlite3"
    workspace(db).close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(AssessorError, match="damaged"):
        restore_database(junk, str(db))
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(AssessorError, match="not an Assessor database"):
        restore_database(other, str(db))
    with pytest.raises(AssessorError, match="must not replace"):
        backup_database(db, str(db))


def damage(path: Path, where: str) -> None:
    data = bytearray(path.read_bytes())
    if where == "header":
        data[0:100] = b"\xff" * 100
    else:  # the b-tree pages of the tables
        for page in range(1, len(data) // 4096):
            data[page * 4096: page * 4096 + 12] = b"\x55" * 12
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["header", "pages"])
def test_a_damaged_file_is_set_aside_never_overwritten_and_a_backup_offered(tmp_path, where):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    run_demo(ws, candidates=3)
    before = everything(ws)
    ws.close()
    workspace(db).close()  # the start-up backup of the final state
    damage(db, where)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()

    with pytest.raises(DamagedWorkspaceError) as caught:
        workspace(db)
    err = caught.value
    assert not db.exists() and err.set_aside.exists()
    assert hashlib.sha256(err.set_aside.read_bytes()).hexdigest() == digest  # untouched
    assert err.backup is not None and "backup" in str(err)

    restore_database(err.backup, str(db))
    ws = workspace(db)
    assert everything(ws) == before
    ws.close()


def test_a_damaged_file_without_backups_starts_empty(tmp_path):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db, keep=0)
    submit_one(ws, "A")
    ws.close()
    damage(db, "header")
    with pytest.raises(DamagedWorkspaceError) as caught:
        workspace(db, keep=0)
    assert caught.value.backup is None and "no good backup" in str(caught.value)
    ws = workspace(db, keep=0)  # the path is free: a new, empty database
    assert ws.store.candidates() == []
    ws.close()


def test_cli_db_backup_restore_and_check(tmp_path, capsys):
    db = str(tmp_path / "db.sqlite3")
    ws = workspace(Path(db))
    submit_one(ws, "Cli Person")
    ws.close()
    out = tmp_path / "b.sqlite3"
    assert cli(["--db", db, "db", "backup", str(out)]) == 0 and out.exists()
    assert cli(["--db", db, "db", "check"]) == 0
    assert capsys.readouterr().out.strip().endswith("ok")
    os.remove(db)
    assert cli(["--db", db, "db", "restore", str(out)]) == 0
    ws = workspace(Path(db))
    assert [r.candidate.name for r in ws.store.candidates()] == ["Cli Person"]
    ws.close()
    assert cli(["--db", db, "db", "restore", str(tmp_path / "missing.sqlite3")]) == 1
    assert "no backup file" in capsys.readouterr().err

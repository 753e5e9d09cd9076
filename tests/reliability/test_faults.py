"""Faults: disk full, read-only file, locked database, missing data folder.

Each gives a clear message, keeps what was entered in memory, and saves it
once the fault clears (docs/reliability.md).  The window's side of it is in
tests/gui/test_save_faults.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assessor.domain import Recommendation
from assessor.services import Preferences, UnsavedError, add_candidate, open_interview, open_workspace
from assessor.store import engine as store_engine
from tests.kits import small_kit
from tests.reliability import faults

BIG = "x" * 200_000  # notes large enough to need new pages


def workspace(db: Path):
    kit = small_kit()
    return open_workspace(str(db), kits={kit.role_id: kit}, prefs=Preferences(backups_keep=2))


def stored(db: Path, item: str) -> tuple:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT rating, notes FROM responses WHERE item_id = ?", (item,)).fetchone()
    finally:
        con.close()


def start(db: Path):
    ws = workspace(db)
    cand = add_candidate(ws, "Fault Candidate", "", "test-role")
    interview = open_interview(ws, cand.id, "Ivo")
    interview.rate("q1", 1)
    return ws, interview


def refused_then_saved(interview, reason: str, clear) -> None:  # noqa: ANN001
    """Rate and type while the fault holds, then clear it and retry."""
    with pytest.raises(UnsavedError) as caught:
        interview.rate("q1", 3)
    assert caught.value.reason == reason
    assert "Not saved" in str(caught.value) and "kept" in str(caught.value)
    with pytest.raises(UnsavedError):
        interview.write_notes("q1", "typed while it failed")
    with pytest.raises(UnsavedError):
        interview.set_recommendation(Recommendation.YES)
    # kept in memory: the window shows it
    kept = interview.assessment.response("q1")
    assert (kept.rating, kept.notes) == (3, "typed while it failed") and interview.unsaved
    assert interview.assessment.recommendation is Recommendation.YES
    assert interview.retry() is False and interview.fault.reason == reason
    clear()
    assert interview.retry() is True and not interview.unsaved


def check_saved(db: Path) -> None:
    assert stored(db, "q1") == (3, "typed while it failed")
    con = sqlite3.connect(db)
    assert con.execute("SELECT recommendation FROM assessments").fetchone() == ("yes",)
    audit = con.execute("SELECT field, old_value, new_value FROM audit_log ORDER BY id").fetchall()
    assert ("rating", "1", "3") in audit and ("recommendation", None, "yes") in audit
    con.close()


def test_read_only_file_keeps_everything_until_writable(tmp_path):
    if not faults.can_make_immutable(tmp_path):
        pytest.skip("root without chattr: a read-only file cannot be made here")
    db = tmp_path / "db.sqlite3"
    ws, interview = start(db)
    candidate_id = interview.assessment.candidate.id
    ws.close()
    guard = faults.read_only(db)
    guard.__enter__()
    try:
        ws = workspace(db)  # a read-only file opens, and reads
        interview = open_interview(ws, candidate_id, "Ivo")
        assert interview.assessment.response("q1").rating == 1
        refused_then_saved(interview, "readonly", lambda: guard.__exit__(None, None, None))
    except BaseException:
        guard.__exit__(None, None, None)
        raise
    ws.close()
    check_saved(db)


def test_database_locked_by_another_process(tmp_path, monkeypatch):
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 150)  # a 5 s wait is the real setting
    db = tmp_path / "db.sqlite3"
    ws, interview = start(db)
    holder = faults.locked_by_another_process(db)
    holder.__enter__()
    try:
        refused_then_saved(interview, "locked", lambda: holder.__exit__(None, None, None))
    except BaseException:
        holder.__exit__(None, None, None)
        raise
    ws.close()
    check_saved(db)


@pytest.mark.parametrize("how", ["tiny file system", "page cap"])
def test_disk_full(tmp_path, how):
    small = tmp_path / "small"
    if how == "tiny file system" and not faults.mount_tiny_filesystem(small, 3072):
        pytest.skip("mounting a tmpfs needs root; the page cap variant runs instead")
    try:
        db = small / "db.sqlite3"
        ws, interview = start(db)
        if how == "tiny file system":  # a real full file system: ENOSPC
            filler = faults.fill_disk(small)
            clear = filler.unlink
        else:  # SQLite's own SQLITE_FULL, from a cap on the file's pages
            cap = faults.page_limit(ws.store.engine)
            cap.__enter__()
            clear = lambda: cap.__exit__(None, None, None)  # noqa: E731
        with pytest.raises(UnsavedError) as caught:
            interview.write_notes("q2", BIG)
        assert caught.value.reason == "full" and "disk is full" in str(caught.value)
        refused_then_saved(interview, "full", clear)
        assert interview.assessment.response("q2").notes == BIG
        ws.close()
        check_saved(db)
        assert stored(db, "q2")[1] == BIG
    finally:
        if how == "tiny file system":
            faults.unmount(small)


def test_data_folder_goes_missing_and_comes_back(tmp_path):
    folder = tmp_path / "data"
    db = folder / "db.sqlite3"
    ws, interview = start(db)
    away = tmp_path / "unplugged"
    folder.rename(away)
    refused_then_saved(interview, "missing", lambda: away.rename(folder))
    ws.close()
    check_saved(db)


def test_a_submission_is_never_kept_for_later(tmp_path, monkeypatch):
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "db.sqlite3"
    ws, interview = start(db)
    interview.set_recommendation(Recommendation.NO)
    with faults.locked_by_another_process(db):
        with pytest.raises(UnsavedError):
            interview.submit()
        assert not interview.assessment.is_submitted and not interview.unsaved
    interview.submit()
    assert interview.assessment.is_submitted
    ws.close()

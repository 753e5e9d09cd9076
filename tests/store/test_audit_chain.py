"""The audit trail only grows, and a rewrite shows (issue 14, item 5).

On SQLite and on the test PostgreSQL server: raw SQL that re-attributes or
deletes an audit row is refused by the database's triggers; a hostile admin
who drops the triggers and rewrites a row is caught by ``assessor db
check`` (exit 1, "row N changed or removed").  Erasing a candidate is the
one path that removes audit rows; the chain still verifies after it.
"""

from __future__ import annotations

from contextlib import closing

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from assessor.cli.main import main as cli
from assessor.services import add_candidate, audit_trail, erase_candidate, open_interview, open_workspace
from assessor.store import verify_audit_chain
from assessor.store.engine import resolve_url
from tests.kits import small_kit

KIT = small_kit()


def _interviewed(ws, name: str) -> int:
    cand = add_candidate(ws, name, "", KIT.role_id)
    interview = open_interview(ws, cand.id, "Ivo Interviewer")
    interview.rate("q1", 2)
    interview.rate("q1", 4)
    interview.rate("q2", 3)
    return cand.id


@pytest.fixture
def trail(store_url):
    """A database with three candidates' audit rows, the middle one erased."""
    ws = open_workspace(store_url, kits={KIT.role_id: KIT})
    ids = [_interviewed(ws, name) for name in ("Ann Example", "Bea Example", "Cem Example")]
    erase_candidate(ws, ids[1])
    ws.close()
    return store_url


def _sql(url: str, statement: str) -> None:
    """Run ``statement`` as a user with a plain SQL client would: the
    ``sqlite3`` module on a file, psycopg (what psql speaks) on the server."""
    if not url.startswith("postgresql"):
        import sqlite3

        with closing(sqlite3.connect(url)) as con, con:
            con.execute(statement)
        return
    engine = create_engine(resolve_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _refused(url: str, statement: str) -> str:
    import sqlite3

    with pytest.raises((sqlite3.DatabaseError, DBAPIError)) as caught:
        _sql(url, statement)
    return str(caught.value)


def _drop_triggers(url: str) -> None:
    if url.startswith("postgresql"):
        _sql(url, "DROP FUNCTION audit_only_grows() CASCADE")
    else:
        for name in ("audit_log_no_update", "audit_log_no_delete"):
            _sql(url, f"DROP TRIGGER {name}")


def test_an_intact_trail_checks_ok_after_an_erasure(trail, capsys):
    report = verify_audit_chain(resolve_url(trail))
    assert report.problem is None and report.erased > 0 and report.rows > 0
    assert cli(["--db", trail, "db", "check"]) == 0
    assert capsys.readouterr().out.strip() == "ok"


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET actor = 'Mallory' WHERE id = 2",
    "UPDATE audit_log SET new_value = '5' WHERE id = 2",
    "DELETE FROM audit_log WHERE id = 2",
    "DELETE FROM audit_log",
    "DELETE FROM audit_erased",
    "UPDATE audit_erased SET chain_hash = NULL",
])
def test_the_database_refuses_to_rewrite_the_trail(trail, statement):
    before = verify_audit_chain(resolve_url(trail))
    assert "the audit trail only grows" in _refused(trail, statement)
    assert verify_audit_chain(resolve_url(trail)) == before


def test_a_tombstone_does_not_let_a_living_candidates_row_go(trail):
    """Forging the erasure path for a candidate who still exists is refused."""
    _sql(trail, "INSERT INTO audit_erased (audit_id, chain_hash, erased_at) "
                "SELECT id, chain_hash, at FROM audit_log WHERE id = 1")
    assert "the audit trail only grows" in _refused(trail, "DELETE FROM audit_log WHERE id = 1")


@pytest.mark.parametrize("rewrite", [
    "UPDATE audit_log SET actor = 'Mallory' WHERE id = 2",
    "UPDATE audit_log SET new_value = '1' WHERE id = 2",
    "DELETE FROM audit_log WHERE id = 2",
])
def test_a_rewrite_after_dropping_the_triggers_fails_db_check(trail, rewrite, capsys):
    assert cli(["--db", trail, "db", "check"]) == 0
    capsys.readouterr()
    _drop_triggers(trail)
    _sql(trail, rewrite)
    assert cli(["--db", trail, "db", "check"]) == 1
    assert capsys.readouterr().out.strip() == "damaged: audit trail: row 2 changed or removed"


def test_a_row_inserted_by_hand_without_its_hash_fails_db_check(trail, capsys):
    _sql(trail, "INSERT INTO audit_log (id, at, actor, candidate_id, field, old_value, new_value) "
                "SELECT max(id) + 1, '2026-01-01 00:00:00', 'Ann Example', 1, 'rating', '1', '5' FROM audit_log")
    assert cli(["--db", trail, "db", "check"]) == 1
    assert "changed or removed" in capsys.readouterr().out


def test_the_app_keeps_writing_a_chain_the_check_accepts(trail):
    ws = open_workspace(trail, kits={KIT.role_id: KIT})
    cand = _interviewed(ws, "Dee Example")
    assert [e.new for e in audit_trail(ws, cand, "Ivo Interviewer")][:3] == ["2", "4", "3"]  # his own trail
    ws.close()
    assert verify_audit_chain(resolve_url(trail)).problem is None

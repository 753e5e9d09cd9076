"""The store round trip: what is written is what is read back, durably."""

import os
import sqlite3
import stat

from assessor.domain import FlagState, Recommendation, Response, Status
from assessor.store import Store, resolve_url
from tests.kits import small_kit


def test_round_trip_of_an_assessment(store_url):
    db = store_url
    store = Store(db)
    cand = store.add_candidate("Zoë Ångström", "zoe@example.com", "test-role")
    a = store.start_assessment(cand.id, small_kit(), "Ivo")
    store.save_response(a.id, Response("q1", rating=3, notes="good"))
    store.save_response(a.id, Response("q1", rating=4, notes="better"))
    store.save_response(a.id, Response("g1", flag_state=FlagState.PRESENT, notes="evidence"))
    store.save_response(a.id, Response("u1", checked=True))
    store.update_assessment(a.id, recommendation=Recommendation.YES, takeaways="ok", position="q2")
    store.close()

    reopened = Store(db)
    again = reopened.assessment(a.id)
    reopened.close()
    assert again.candidate.name == "Zoë Ångström"
    assert again.responses["q1"] == Response("q1", rating=4, notes="better")
    assert again.responses["g1"].flag_state is FlagState.PRESENT
    assert again.responses["u1"].checked is True
    assert (again.recommendation, again.takeaways, again.position) == (Recommendation.YES, "ok", "q2")
    assert again.status is Status.DRAFT
    assert again.kit == small_kit()


def test_snapshot_keeps_the_kit_as_it_was(store_url):
    store = Store(store_url)
    cand = store.add_candidate("A", "", "test-role")
    old = store.start_assessment(cand.id, small_kit(prompt="Old wording"), "I")
    store.start_assessment(cand.id, small_kit(version="2", prompt="New wording"), "I")
    assert store.assessment(old.id).kit.questions[0].prompt == "Old wording"
    store.close()


def test_sqlite_settings_and_file_mode(tmp_path):
    db = tmp_path / "sub" / "a.sqlite3"
    store = Store(str(db))
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
    tables = {r[0] for r in sqlite3.connect(db).execute("select name from sqlite_master where type='table'")}
    assert {"candidates", "assessments", "responses", "kit_snapshots", "alembic_version"} <= tables


def test_search_by_name_email_or_role(store_url):
    store = Store(store_url)
    store.add_candidate("Mei Wang", "mei@example.com", "test-role")
    store.add_candidate("Olga Berg", "olga@corp.example", "other-role")
    assert [r.candidate.name for r in store.candidates("WANG")] == ["Mei Wang"]
    assert [r.candidate.name for r in store.candidates("corp")] == ["Olga Berg"]
    assert len(store.candidates("role")) == 2
    store.close()


def test_url_resolution(monkeypatch, tmp_path):
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url(str(tmp_path / "given.sqlite3")).endswith("given.sqlite3")
    monkeypatch.setenv("ASSESSOR_DB", str(tmp_path / "env.sqlite3"))
    # the store never reads the environment: the services pass $ASSESSOR_DB in (settings.environment)
    assert resolve_url(None).endswith("assessor/assessor.sqlite3")

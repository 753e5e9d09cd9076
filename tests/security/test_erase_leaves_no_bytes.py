"""Erase on PostgreSQL leaves no personal byte in the tables' files (issue
14, item 8): the tables that held the candidate are rewritten
(``store.privacy.rewrite_personal_tables``), and the test reads every file
of every relation of the database (tables, their TOAST tables, indexes)
from the server's data folder, as the server's owner would, looking for a
marker in the candidate's name, email and notes.  A control reads the same
files before the erase and finds the marker, so the reading is proven to
see it.  What the WAL and backups keep: ``docs/reliability.md``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from assessor.domain import Recommendation
from assessor.services import add_candidate, open_interview, open_workspace
from assessor.services.privacy import anonymize_candidate, erase_candidate
from tests.kits import small_kit


def _relation_files(url: str) -> list[Path]:
    """Every file (all segments and forks) of every relation in the database's schema."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("CHECKPOINT"))  # what is in shared buffers reaches the files
            data = Path(conn.execute(text("SHOW data_directory")).scalar_one())
            paths = conn.execute(text(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname IN (current_schema(), 'pg_toast') AND c.relkind IN ('r', 'i', 't') "
                "AND pg_relation_filepath(c.oid) IS NOT NULL")).scalars().all()
    finally:
        engine.dispose()
    files: list[Path] = []
    for rel in paths:
        base = data / rel
        files += [p for p in base.parent.glob(base.name + "*") if p.name.split(".")[0].split("_")[0] == base.name]
    return files


def _holding(files: list[Path], marker: bytes) -> list[str]:
    return [f.name for f in files if f.is_file() and marker in f.read_bytes()]


@pytest.fixture
def pg_url(postgres_server):
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_server.replace("/assessor?", f"/{name}?")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize("how", ["erase", "anonymize"])
def test_erase_on_postgresql_leaves_no_personal_byte_in_the_table_files(pg_url, how, tmp_path, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("reading the server's files needs its owner or root (CI runs as root)")
    monkeypatch.setenv("ASSESSOR_KEY_DIR", str(tmp_path / "keys"))
    marker = f"Qx{uuid.uuid4().hex[:10]}"
    kit = small_kit()
    ws = open_workspace(pg_url, kits={kit.role_id: kit})
    try:
        keep = add_candidate(ws, "Kept Person", "kept@example.com", kit.role_id).id
        cid = add_candidate(ws, f"Erin {marker}", f"{marker.lower()}@example.com", kit.role_id).id
        interview = open_interview(ws, cid, "Ann")
        interview.rate("q1", 3)
        interview.write_notes("q1", f"said {marker} twice; " + "long notes " * 400)  # TOASTed when long
        interview.set_recommendation(Recommendation.YES)
        interview.submit()
        files = _relation_files(pg_url)
        assert _holding(files, marker.encode()), "the control: before the erase the files hold the marker"
        if how == "erase":
            erase_candidate(ws, cid)
        else:
            anonymize_candidate(ws, cid)
        files = _relation_files(pg_url)
        assert files
        for needle in (marker.encode(), marker.lower().encode()):
            assert _holding(files, needle) == [], f"{needle!r} still in a table's file after {how}"
        assert ws.store.candidate(keep).name == "Kept Person"  # the others' rows are untouched
    finally:
        ws.close()

"""Start-up: the schema check without Alembic, and schema creation in one
transaction (docs/performance.md, assessor/store/schema.py)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from assessor.store import Store
from assessor.store import schema
from tests.kits import small_kit

ROOT = Path(__file__).resolve().parents[1]


def test_the_migration_files_read_without_alembic_agree_with_alembic():
    scripts = ScriptDirectory.from_config(schema._config())
    assert schema.script_revisions() == {s.revision: s.down_revision for s in scripts.walk_revisions()}
    assert schema.script_head() == scripts.get_current_head() == schema.head_revision()


def test_a_database_at_head_opens_without_importing_alembic(tmp_path):
    db = tmp_path / "db.sqlite3"
    Store(str(db)).close()  # created (and so migrated) in this process
    code = ("import sys\nfrom assessor.store import Store\n"
            "s = Store(sys.argv[1], backup_keep=3); s.close()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n")
    out = subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_a_database_behind_is_still_upgraded_and_one_ahead_refused(tmp_path):
    db = tmp_path / "db.sqlite3"
    Store(str(db)).close()
    head = schema.script_head()
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    with pytest.raises(schema.SchemaMismatchError, match="newer than this Assessor"):
        Store(str(db))
    assert not schema.sqlite_file_at_head(db)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (head,))
    con.close()
    assert schema.sqlite_file_at_head(db)


def test_creating_the_schema_is_all_or_nothing(tmp_path, monkeypatch):
    """A start killed (here: failing) while it creates a new database leaves
    no half-made schema behind: SQLite's DDL runs in the one transaction."""
    import alembic.command

    real = alembic.command.upgrade

    def upgrade_then_fail(cfg, revision):  # noqa: ANN001 - alembic's signature
        real(cfg, revision)
        raise RuntimeError("killed before the commit")

    monkeypatch.setattr(alembic.command, "upgrade", upgrade_then_fail)
    db = tmp_path / "db.sqlite3"
    with pytest.raises(RuntimeError):
        Store(str(db))
    con = sqlite3.connect(db)
    assert con.execute("SELECT name FROM sqlite_master").fetchall() == []
    con.close()
    monkeypatch.undo()
    store = Store(str(db))  # and the next start creates it
    try:
        kit = small_kit()
        store.add_candidate("After", "", kit.role_id)
        assert schema.current_revision(store.engine) == schema.script_head()
    finally:
        store.close()


def test_a_migration_reader_that_is_unsure_defers_to_alembic(monkeypatch):
    monkeypatch.setattr(schema, "script_revisions", lambda: {"a": None, "b": "a", "c": "a"})  # two heads
    assert schema.script_head() is None
    monkeypatch.setattr(schema, "script_revisions", lambda: None)
    assert schema.script_head() is None

"""search indexes: SQLite FTS5 trigram table, PostgreSQL pg_trgm GIN indexes

The candidate search (a case-insensitive substring of name, email or role
id, see :mod:`assessor.store.search`) must answer in milliseconds at 100,000
candidates, which a ``LIKE '%term%'`` scan cannot.  Per dialect:

* SQLite: ``candidates_fts``, an external-content FTS5 table over
  ``candidates(name, email, role_id)`` with the ``trigram`` tokenizer
  (SQLite ≥ 3.34), kept in step by three triggers.  A later migration that
  rebuilds ``candidates`` in batch mode (copy-and-move) drops the triggers
  and must create them again (:func:`create_sqlite_search`).
* PostgreSQL: the ``pg_trgm`` extension (trusted since PostgreSQL 13, so the
  database owner may create it) and a GIN ``gin_trgm_ops`` index on
  ``lower(name)``, ``lower(email)`` and ``lower(role_id)``.

These objects are not in the models (they differ by dialect); the
models-versus-migrations check skips them by name (``SEARCH_OBJECTS``).

Revision ID: 0003
Revises: 0002
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_COLUMNS = ("name", "email", "role_id")

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE candidates_fts USING fts5(name, email, role_id, content='candidates', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER candidates_fts_ai AFTER INSERT ON candidates BEGIN "
    "INSERT INTO candidates_fts(rowid, name, email, role_id) VALUES (new.id, new.name, new.email, new.role_id); END",
    "CREATE TRIGGER candidates_fts_ad AFTER DELETE ON candidates BEGIN "
    "INSERT INTO candidates_fts(candidates_fts, rowid, name, email, role_id) "
    "VALUES ('delete', old.id, old.name, old.email, old.role_id); END",
    "CREATE TRIGGER candidates_fts_au AFTER UPDATE OF name, email, role_id ON candidates BEGIN "
    "INSERT INTO candidates_fts(candidates_fts, rowid, name, email, role_id) "
    "VALUES ('delete', old.id, old.name, old.email, old.role_id); "
    "INSERT INTO candidates_fts(rowid, name, email, role_id) VALUES (new.id, new.name, new.email, new.role_id); END",
    "INSERT INTO candidates_fts(candidates_fts) VALUES ('rebuild')",
]


def create_sqlite_search() -> None:
    """The FTS5 table and its triggers, filled from ``candidates``."""
    for sql in _SQLITE_UP:
        op.execute(sql)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        create_sqlite_search()
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in _COLUMNS:
            op.execute(f"CREATE INDEX ix_candidates_{column}_trgm ON candidates "
                       f"USING gin (lower({column}) gin_trgm_ops)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS candidates_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS candidates_fts")
    elif dialect == "postgresql":
        for column in _COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_candidates_{column}_trgm")

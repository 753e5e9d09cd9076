"""Which SQLite files Assessor trusts: its own, with its own schema.

A file given as ``--db``, or restored from a backup, may come from anyone.
SQLite runs what the file's schema says (a trigger fires on Assessor's own
writes: a crafted backup once stored a rating of 1 while the window
acknowledged a 5, and removed audit rows), so before a file is opened for
use (:func:`check_sqlite_file`) or restored (``backup.restore_file``):

* **Its header says it is Assessor's.**  Bytes 68-71 of a SQLite file are
  its ``PRAGMA application_id``; Assessor sets :data:`APPLICATION_ID` in
  every file it creates or opens (``engine.stamp``, on every connection).  A file with another id,
  or with none and no Assessor tables, is refused with
  :class:`ForeignDatabaseError` before any connection is made, so it is not
  written into.  A file with no id but Assessor's tables (made before the
  id existed) is taken and stamped.
* **Its schema is the expected one.**  Every trigger must be one of
  Assessor's (:data:`EXPECTED_TRIGGERS`: the search index's and the audit
  trail's, by name and SQL), there is no view, the one virtual table is the
  search index (:data:`EXPECTED_VIRTUAL`), and every other table and index
  is one of Assessor's models' (or the search index's own shadow tables).
  ``tests/store/test_trust.py`` checks that a database migrated to head
  has exactly these, so this list cannot drift from the migrations.
* **It is inspected with** ``PRAGMA trusted_schema=OFF``: nothing in the
  schema of a file not yet trusted can run a function with side effects
  while it is read.  The working connection keeps SQLite's default, because
  Assessor's own search triggers write to an FTS5 table, which SQLite does
  not let a trigger touch under ``trusted_schema=OFF`` ("unsafe use of
  virtual table"); that is safe only because the schema was compared first.

The header is read as bytes (no connection, no ``-wal`` left behind); the
schema with one read-only query.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from .engine import APPLICATION_ID, StoreError, sqlite_path
_HEADER = b"SQLite format 3\x00"
_REFUSE = "the audit trail only grows"

_FTS_DELETE = ("INSERT INTO candidates_fts(candidates_fts, rowid, name, email, role_id) "
               "VALUES ('delete', old.id, old.name, old.email, old.role_id); ")
_FTS_INSERT = "INSERT INTO candidates_fts(rowid, name, email, role_id) VALUES (new.id, new.name, new.email, new.role_id); "
#: The search index's virtual table (revision 0003), with its SQL: the one virtual table Assessor makes.
EXPECTED_VIRTUAL = {
    "candidates_fts": "CREATE VIRTUAL TABLE candidates_fts USING fts5(name, email, role_id, content='candidates', "
                      "content_rowid='id', tokenize='trigram')",
}
#: The triggers Assessor's migrations create on SQLite, by name, with their SQL (each form a
#: revision wrote): the search index's (revision 0003), the audit trail's (revision 0007; its
#: delete rule as revision 0010 rewrote it, never for rows of no candidate) and the signing
#: keys' and signed audit heads' (revision 0010).
EXPECTED_TRIGGERS: dict[str, str | tuple[str, ...]] = {
    "candidates_fts_ai": f"CREATE TRIGGER candidates_fts_ai AFTER INSERT ON candidates BEGIN {_FTS_INSERT}END",
    "candidates_fts_ad": f"CREATE TRIGGER candidates_fts_ad AFTER DELETE ON candidates BEGIN {_FTS_DELETE}END",
    "candidates_fts_au": (f"CREATE TRIGGER candidates_fts_au AFTER UPDATE OF name, email, role_id ON candidates "
                          f"BEGIN {_FTS_DELETE}{_FTS_INSERT}END"),
    "audit_log_no_update": f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: UPDATE of audit_log refused'); END""",
    "audit_log_no_delete": tuple(f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        WHEN NOT EXISTS (SELECT 1 FROM audit_erased e WHERE e.audit_id = OLD.id
                         AND e.chain_hash IS OLD.chain_hash)
          OR EXISTS (SELECT 1 FROM candidates c WHERE c.id = OLD.candidate_id){zero}
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: DELETE of audit_log refused'); END""" for zero in ("", " OR OLD.candidate_id = 0")),
    "audit_erased_no_update": f"""CREATE TRIGGER audit_erased_no_update BEFORE UPDATE ON audit_erased
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: UPDATE of audit_erased refused'); END""",
    "audit_erased_no_delete": f"""CREATE TRIGGER audit_erased_no_delete BEFORE DELETE ON audit_erased
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: DELETE of audit_erased refused'); END""",
    **{f"{table}_no_{op.lower()}": f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: {op} of {table} refused'); END"""
       for op in ("UPDATE", "DELETE") for table in ("audit_heads", "signing_keys", "key_status")},
}
#: the triggers a file at the newest revision must have: the audit trail's, the signing keys' and their
#: status's (append-only tables; a dropped one is reported)
_AUDIT_TRIGGERS = frozenset(name for name in EXPECTED_TRIGGERS
                            if name.startswith(("audit_", "signing_keys_", "key_status_")))
_CORE_TABLES = frozenset({"candidates", "assessments", "responses"})
_SPACE = re.compile(r"\s+")


class ForeignDatabaseError(StoreError):
    """The SQLite file is not an Assessor database, or its schema holds
    something Assessor did not put there; nothing was written into it.
    ``reason`` is ``"foreign"``; the message names the file and what is
    wrong (an object's type and name, never data)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "foreign")


def _normal(sql: str | None) -> str:
    return _SPACE.sub(" ", sql or "").strip()


def expected_names() -> tuple[frozenset[str], frozenset[str]]:
    """(table names, index names) of Assessor's schema: its models'
    tables and indexes, Alembic's ``alembic_version`` and SQLite's own."""
    from .models import Base

    tables = set(Base.metadata.tables) | {"alembic_version"}
    indexes = {ix.name for table in Base.metadata.tables.values() for ix in table.indexes if ix.name}
    return frozenset(tables), frozenset(indexes)


def header_id(path: Path) -> int | None:
    """The ``application_id`` in the header of the SQLite file ``path``;
    ``None`` for a missing or empty file or one that is not SQLite (the
    integrity check reports that)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(_HEADER):
        return None
    return int.from_bytes(header[68:72], "big")


def schema_problem(con: sqlite3.Connection) -> str | None:
    """``None`` when the schema of the open database ``con`` is Assessor's
    (see the module), else what is foreign: "a trigger 'x' Assessor does
    not make", or, in a file at the newest revision, which of the audit
    trail's triggers is missing."""
    tables, indexes = expected_names()
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    if _at_head(con):  # a file at the newest revision lacks none of the audit trail's triggers
        present = {name for kind, name, _table, _sql in rows if kind == "trigger"}
        for name in sorted(_AUDIT_TRIGGERS - present):
            return f"no trigger {name!r} (the audit trail's own was removed)"
    for kind, name, _table, sql in rows:
        if kind == "trigger":
            expected = EXPECTED_TRIGGERS.get(name, ())
            forms = (expected,) if isinstance(expected, str) else expected
            if _normal(sql) not in {_normal(form) for form in forms}:
                return f"a trigger {name!r} Assessor does not make"
        elif kind == "view":
            return f"a view {name!r} Assessor does not make"
        elif kind == "table" and (sql or "").lstrip()[:14].upper() == "CREATE VIRTUAL":
            if _normal(EXPECTED_VIRTUAL.get(name)) != _normal(sql):
                return f"a virtual table {name!r} Assessor does not make"
        elif kind == "table" and name not in tables and not name.startswith(("sqlite_", "candidates_fts_")):
            return f"a table {name!r} Assessor does not make"
        elif kind == "index" and name not in indexes and not name.startswith("sqlite_autoindex_"):
            return f"an index {name!r} Assessor does not make"
    return None


def _at_head(con: sqlite3.Connection) -> bool:
    from .schema import script_head

    try:
        rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return False
    head = script_head()
    return head is not None and rows == [(head,)]


def _open_to_read(path: Path) -> sqlite3.Connection:
    """A plain connection that only reads (not ``mode=ro``: on a file in WAL
    mode that leaves an empty ``-wal`` behind, see ``schema.sqlite_file_at_head``)."""
    con = sqlite3.connect(path, timeout=5)
    con.execute("PRAGMA trusted_schema=OFF")
    return con


def check_sqlite_file(path: Path, *, restoring: bool = False) -> bool:
    """Refuse the existing SQLite file ``path`` unless it is an Assessor
    database with Assessor's schema (see the module); a missing or empty
    file (a new database) passes, and so does one with no schema at all.  Returns True when the file still needs
    its id stamped (an Assessor file from before the id).

    ``restoring`` words the message for a backup.  Raises
    :class:`ForeignDatabaseError`; a file that cannot be read is left to
    the caller's own checks (returns False).
    """
    path = Path(path)
    what = "the backup" if restoring else "the database"
    found = header_id(path)
    if found is None:
        return False
    if found not in (0, APPLICATION_ID):
        raise ForeignDatabaseError(f"{path.name} is not an Assessor database (its application id is "
                                   f"0x{found:08x}); {what} was not opened and nothing was written into it")
    try:
        with closing(_open_to_read(path)) as con:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if found == 0 and not con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return True  # an empty database (a creation that was cut short): nothing to distrust
            if found == 0 and not (_CORE_TABLES | {"alembic_version"}) <= names:
                raise ForeignDatabaseError(f"{path.name} is not an Assessor database (it holds other tables); "
                                           f"{what} was not opened and nothing was written into it")
            problem = schema_problem(con)
    except sqlite3.Error:
        return False  # unreadable: the integrity check or the open says why
    if problem is not None:
        raise ForeignDatabaseError(f"{path.name} is refused: its schema holds {problem}; "
                                   f"{what} was not opened and nothing was written into it")
    return found == 0


def check_url(url: str) -> None:
    """:func:`check_sqlite_file` for the file of a SQLite ``url`` (nothing
    for a server database)."""
    file = sqlite_path(url)
    if file is not None:
        check_sqlite_file(file)


def file_problem(path: Path) -> str | None:
    """What :func:`check_sqlite_file` would refuse ``path`` for, as text
    (``None`` when it would not): for ``assessor db check``."""
    try:
        check_sqlite_file(path)
    except ForeignDatabaseError as exc:
        return str(exc)
    return None

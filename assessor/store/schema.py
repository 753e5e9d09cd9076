"""Create and upgrade the schema with Alembic, at start.

Alembic is driven from code, not from an ``alembic.ini``: the script folder
is found with :mod:`importlib.resources`, so the same code runs from a
source checkout, a wheel and a PyInstaller bundle.

Alembic is imported only when it has work to do.  Importing it costs about
70 ms at every start (it pulls in Mako and Pygments), yet a database is
nearly always at the newest revision already.  :func:`open_schema` first
compares the revision stored in the ``alembic_version`` table with the head
read from the migration files' own text (:func:`script_revisions`, a few
regular expressions, no import of the scripts); when they are equal there is
nothing to create or upgrade and Alembic is never loaded.  In every other
case (an empty database, an older or unknown revision, migration files this
reader does not understand) the Alembic path below runs exactly as before.
``tests/test_startup_schema.py`` checks that this reader and Alembic's
``ScriptDirectory`` agree on every revision and on the head, so the two
cannot drift apart.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from .engine import StoreError

if TYPE_CHECKING:  # imported lazily: see the module docstring
    from alembic.config import Config


class SchemaMismatchError(StoreError):
    """A server database is at another schema revision than this code's
    head; the message says what to run.  ``current`` and ``head`` are the
    revision ids; ``newer`` is True when the database is ahead (unknown
    revision: a newer Assessor upgraded it)."""

    def __init__(self, current: str, head: str, newer: bool) -> None:
        if newer:
            message = (f"the database schema is at revision {current}, newer than this Assessor knows "
                       f"(head {head}): install the Assessor version your team upgraded it with")
        else:
            message = (f"the database schema is at revision {current}, older than this Assessor needs "
                       f"(head {head}): run `assessor --db URL db upgrade` once, then start again")
        super().__init__(message, "schema")
        self.current, self.head, self.newer = current, head, newer


# -- the head without Alembic --------------------------------------------------

# ``revision = '0004'`` and ``down_revision = '0003'`` (or ``None``) at the
# start of a line, with or without a type annotation, as Alembic's
# ``script.py.mako`` writes them.
_REVISION = re.compile(r"""^revision\s*(?::[^=\n]*)?=\s*(['"])([^'"\n]+)\1\s*(?:#.*)?$""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=\n]*)?=\s*(?:None|(['"])([^'"\n]+)\1)\s*(?:#.*)?$""", re.MULTILINE)


@cache
def script_revisions() -> dict[str, str | None] | None:
    """Each migration's revision id mapped to its ``down_revision``, read
    from the text of the files in ``migrations/versions`` (the files Alembic
    would load: ``*.py`` but ``__init__.py``), without importing Alembic or
    the scripts.

    ``None`` when any file does not state exactly one plain revision and
    down revision (a merge, a computed id): the caller then asks Alembic.
    """
    try:
        folder = files("assessor.store") / "migrations" / "versions"
        sources = [entry.read_text(encoding="utf-8") for entry in folder.iterdir()
                   if entry.name.endswith(".py") and not entry.name.startswith(("__init__", ".#"))]
    except (OSError, UnicodeDecodeError):
        return None
    revisions: dict[str, str | None] = {}
    for source in sources:
        rev, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(rev) != 1 or len(down) != 1 or rev[0][1] in revisions:
            return None
        revisions[rev[0][1]] = down[0][1] or None
    return revisions or None


def script_head() -> str | None:
    """The newest revision id according to :func:`script_revisions`, or
    ``None`` unless the migrations form one unbroken line from a single base."""
    revisions = script_revisions()
    if not revisions:
        return None
    downs = set(revisions.values())
    heads = [rev for rev in revisions if rev not in downs]
    bases = [rev for rev, down in revisions.items() if down is None]
    if len(heads) != 1 or len(bases) != 1 or not downs - {None} <= revisions.keys():
        return None
    return heads[0]


def _stored_revision(engine: Engine) -> str | None:
    """The one revision in ``alembic_version``; ``None`` when there is no
    such table, no row or more than one (Alembic then decides)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return None
    return rows[0] if len(rows) == 1 else None


def sqlite_file_at_head(path: Path) -> bool:
    """True when the existing SQLite file at ``path`` already records the
    head revision (so opening it will not migrate anything), read with the
    standard ``sqlite3`` module.  False when unsure.  (Not a read-only
    connection: that would leave an empty ``-wal`` file behind, which reads
    as a change to the file.)"""
    head = script_head()
    if head is None or not Path(path).is_file():
        return False
    try:
        with closing(sqlite3.connect(path, timeout=1)) as con:
            rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    except (sqlite3.Error, OSError, ValueError):
        return False
    return rows == [(head,)]


# -- Alembic ------------------------------------------------------------------


def preload_alembic() -> None:
    """Import what creating or upgrading a database needs, ahead of time:
    for a process that forks fresh starts from itself (the crash test's fork
    server), as the store otherwise imports Alembic only on that path."""
    import alembic.command  # noqa: F401
    import alembic.runtime.migration  # noqa: F401
    import alembic.script  # noqa: F401

    import assessor.store.models  # noqa: F401 - migrations/env.py imports it


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("assessor.store") / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id (Alembic's answer)."""
    from alembic.script import ScriptDirectory

    with as_file(files("assessor.store") / "migrations"):
        return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, ``None`` for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision id this code has a migration for."""
    from alembic.script import ScriptDirectory

    with as_file(files("assessor.store") / "migrations"):
        return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def open_schema(engine: Engine) -> None:
    """Make the schema ready to use at start.

    A database already at the head revision needs nothing: that is decided
    without Alembic (see the module docstring) and returns at once.
    Otherwise: a database newer than this code (a revision it does not
    know) raises :class:`SchemaMismatchError` on any dialect.  SQLite (one
    user's file): upgrade to head.  A server database: an empty one (no
    revision, no tables) is created at head; one at another revision raises
    :class:`SchemaMismatchError` (an upgrade of a shared database is done on
    purpose, by ``assessor db upgrade``, never by whichever interviewer
    starts first).
    """
    head = script_head()
    if head is not None and _stored_revision(engine) == head:
        return
    current, head = current_revision(engine), head_revision()
    if current is not None and current not in known_revisions():
        raise SchemaMismatchError(current, head, newer=True)
    if engine.dialect.name == "sqlite":
        upgrade(engine)
    elif current is None and not inspect(engine).get_table_names():
        upgrade(engine)
    elif current != head:
        raise SchemaMismatchError(str(current), head, newer=current is not None and current not in known_revisions())


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    """``assessor db upgrade``: bring any database to head; returns the
    revisions (before, after).  Raises :class:`SchemaMismatchError` for a
    database newer than this code, ``SQLAlchemyError`` when it refuses."""
    from alembic.util import CommandError

    before, head = current_revision(engine), head_revision()
    if before is not None and before not in known_revisions():
        raise SchemaMismatchError(before, head, newer=True)
    try:
        upgrade(engine)
    except CommandError as exc:  # pragma: no cover - guarded above
        raise StoreError(f"cannot upgrade the database: {exc}") from exc
    return before, head


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision (creating it if empty), in
    one transaction: all the pending migrations or none.

    On SQLite the transaction is begun explicitly: Python's ``sqlite3``
    module begins one only before a data change, so ``CREATE TABLE`` and
    the other schema statements would each be committed at once, and an app
    killed while creating a new database (the crash test does that) would
    leave tables without the ``alembic_version`` row, a file that could
    never be opened again ("table candidates already exists").

    Raises ``sqlalchemy.exc.SQLAlchemyError`` when the database refuses.
    """
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")

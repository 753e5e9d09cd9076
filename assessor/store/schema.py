"""Create and upgrade the schema with Alembic, at start.

Alembic is driven from code, not from an ``alembic.ini``: the script folder
is found with :mod:`importlib.resources`, so the same code runs from a
source checkout, a wheel and a PyInstaller bundle.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, inspect

from .engine import StoreError


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


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("assessor.store") / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id."""
    with as_file(files("assessor.store") / "migrations"):
        return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, ``None`` for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision id this code has a migration for."""
    with as_file(files("assessor.store") / "migrations"):
        return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def open_schema(engine: Engine) -> None:
    """Make the schema ready to use at start.

    A database newer than this code (a revision it does not know) raises
    :class:`SchemaMismatchError` on any dialect.  SQLite (one user's file):
    upgrade to head.  A server database: an empty
    one (no revision, no tables) is created at head; one at another
    revision raises :class:`SchemaMismatchError` (an upgrade of a shared
    database is done on purpose, by ``assessor db upgrade``, never by
    whichever interviewer starts first).
    """
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
    before, head = current_revision(engine), head_revision()
    if before is not None and before not in known_revisions():
        raise SchemaMismatchError(before, head, newer=True)
    try:
        upgrade(engine)
    except CommandError as exc:  # pragma: no cover - guarded above
        raise StoreError(f"cannot upgrade the database: {exc}") from exc
    return before, head


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision (creating it if empty).

    Raises ``sqlalchemy.exc.SQLAlchemyError`` when the database refuses.
    """
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")

"""Where the database lives and how connections are set up.

The default database is ``assessor.sqlite3`` in the user's data folder
(platformdirs); ``--db PATH_OR_URL`` or the ``ASSESSOR_DB`` environment
variable override it with a file path or any SQLAlchemy URL.

SQLite connections run with ``journal_mode=WAL``, ``synchronous=FULL`` (a
rating acknowledged survives power loss: SQLite's "Atomic Commit" notes),
``foreign_keys=ON`` and a 5 s busy timeout.  The database file and its WAL
are created readable and writable by their owner only (mode 0600): candidate
data is personal data.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENV_VAR = "ASSESSOR_DB"


class StoreError(Exception):
    """The database cannot be opened or written; the message says why."""


def default_db_path() -> Path:
    """``<user data folder>/assessor.sqlite3``, e.g. ~/.local/share/assessor/."""
    return user_data_path("assessor", appauthor=False) / "assessor.sqlite3"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL to use: ``db``, else ``$ASSESSOR_DB``, else the default.

    A value with ``://`` is taken as a URL, anything else as a file path.
    """
    value = str(db) if db else os.environ.get(ENV_VAR) or str(default_db_path())
    if "://" in value:
        try:
            make_url(value)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {value!r}") from exc
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def _prepare_sqlite_file(url: str) -> None:
    path = make_url(url).database
    if not path or path == ":memory:":
        return
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not file.exists():
        fd = os.open(file, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    for suffix in ("", "-wal", "-shm"):
        sibling = Path(str(file) + suffix)
        if sibling.exists():
            sibling.chmod(0o600)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API types
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with Assessor's connection settings.

    Raises :class:`StoreError` when a SQLite file's folder cannot be made.
    """
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        try:
            _prepare_sqlite_file(url)
        except OSError as exc:
            raise StoreError(f"cannot create the database file: {exc.strerror}") from exc
    engine = create_engine(url)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine

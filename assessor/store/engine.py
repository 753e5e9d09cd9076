"""Where the database lives and how connections are set up.

The default database is ``assessor.sqlite3`` in the user's data folder
(platformdirs); ``--db PATH_OR_URL`` or the ``ASSESSOR_DB`` environment
variable override it with a file path or any SQLAlchemy URL.

SQLite connections run with ``journal_mode=WAL``, ``synchronous=FULL`` (a
rating acknowledged survives power loss: SQLite's "Atomic Commit" notes),
``foreign_keys=ON`` and a busy timeout (:data:`BUSY_TIMEOUT_MS`).  The database file and its WAL
are created readable and writable by their owner only (mode 0600): candidate
data is personal data.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..files import private_folder

BUSY_TIMEOUT_MS = 5000  # how long a write waits for another program's lock

#: What went wrong, by :attr:`StoreError.reason`, in words fit for a user.
FAULTS = {
    "full": "the disk is full",
    "readonly": "the database file is read-only",
    "locked": "the database is locked by another program",
    "missing": "the data folder or the database file is missing",
    "io": "the disk reported an error",
    "damaged": "the database file is damaged",
    "other": "the database refused the change",
    "snapshot": "a stored interview kit cannot be read back",
    "value": "the database holds a value Assessor cannot show",
    "foreign": "the file is not an Assessor database, or holds a schema Assessor did not make",
}

# SQLite's primary result codes (https://www.sqlite.org/rescode.html).
_CODES = {13: "full", 8: "readonly", 5: "locked", 6: "locked", 14: "missing", 10: "io", 11: "damaged", 26: "damaged"}
_ERRNOS = {errno.ENOSPC: "full", errno.EDQUOT: "full", errno.EROFS: "readonly", errno.EACCES: "readonly",
           errno.EPERM: "readonly", errno.ENOENT: "missing", errno.ENOTDIR: "missing"}
_TEXTS = (("disk is full", "full"), ("readonly", "readonly"), ("locked", "locked"), ("unable to open", "missing"),
          ("disk i/o", "io"), ("malformed", "damaged"), ("not a database", "damaged"))


class StoreError(Exception):
    """The database cannot be opened or written; the message says why.

    ``reason`` is a key of :data:`FAULTS` (``"full"``, ``"readonly"``,
    ``"locked"``, ``"missing"``, ``"io"``, ``"damaged"`` or ``"other"``).
    Messages never quote data, only the kind of failure.
    """

    def __init__(self, message: str, reason: str = "other") -> None:
        super().__init__(message)
        self.reason = reason


class UnreadableSnapshotError(StoreError):
    """A stored interview-kit snapshot does not read back into the kit
    model (written by an older or broken version, or edited in the
    database), so the assessments taken with it cannot be opened.  The
    message names the snapshot's role and version, never candidate data;
    ``reason`` is ``"snapshot"``."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "snapshot")


class StoredValueError(StoreError):
    """A stored value Assessor cannot show: a recommendation, status or
    flag it does not know, or a rating off the kit's scale (a restored or
    hand-edited file).  The message names the table, the row id and the
    column, never the candidate's data; ``reason`` is ``"value"``."""

    def __init__(self, table: str, row_id: object, column: str, value: object, expected: str) -> None:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "…"
        super().__init__(f"the database holds a value Assessor cannot show: {table} row {row_id}, "
                         f"{column} = {shown} ({expected}); restore a good backup or correct that row", "value")
        self.table, self.row_id, self.column = table, row_id, column


class ConflictError(StoreError):
    """A write based on ``expected`` was refused: someone else changed the
    row since.  ``current`` is what is stored now (a
    :class:`~assessor.domain.Response`, or for an assessment a dict of its
    :data:`assessor.store.mapping.VERSIONED_FIELDS` as domain values, see
    :func:`assessor.store.mapping.versioned_values`) and ``version`` its
    version.  Nothing was written."""

    def __init__(self, current: object, version: int, expected: int | None) -> None:
        super().__init__("someone else changed this while you were editing", "conflict")
        self.current, self.version, self.expected = current, version, expected


def classify(exc: BaseException) -> str:
    """The :data:`FAULTS` key for a failed database call: from SQLite's
    result code (``sqlite3.Error.sqlite_errorcode``), else the ``errno`` of
    an ``OSError``, else the words of the message; ``"other"`` if unknown."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _CODES:
        return _CODES[code & 0xFF]
    if isinstance(orig, OSError) and orig.errno in _ERRNOS:
        return _ERRNOS[orig.errno]
    text = str(orig).lower()
    return next((reason for words, reason in _TEXTS if words in text), "other")


def fault(exc: BaseException, doing: str = "save the change") -> StoreError:
    """A :class:`StoreError` for ``exc``: "cannot save the change: the disk is full"."""
    reason = classify(exc)
    detail = FAULTS[reason] if reason != "other" else f"{FAULTS['other']} ({exc.__class__.__name__})"
    return StoreError(f"cannot {doing}: {detail}", reason)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, ``None`` for other databases and ``:memory:``."""
    if not url.startswith("sqlite"):
        return None
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def default_db_path() -> Path:
    """``<user data folder>/assessor.sqlite3``, e.g. ~/.local/share/assessor/."""
    return user_data_path("assessor", appauthor=False) / "assessor.sqlite3"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL to use: ``db``, else the default file
    (:func:`default_db_path`).  The store never reads the environment:
    ``$ASSESSOR_DB`` is read by ``assessor.services.settings.environment``
    and passed in by the services as ``db``.

    A value with ``://`` is taken as a URL, anything else as a file path.
    """
    value = str(db) if db else str(default_db_path())
    if "://" in value:
        try:
            make_url(value)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {value!r}") from exc
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def _prepare_sqlite_file(url: str) -> None:
    file = sqlite_path(url)
    if file is None:
        return
    private_folder(file.parent)
    if not file.exists():
        fd = os.open(file, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    for suffix in ("", "-wal", "-shm"):
        sibling = Path(str(file) + suffix)
        with suppress(OSError):  # a read-only file is reported at the first write, not here
            if sibling.stat().st_mode & 0o077:
                sibling.chmod(0o600)


#: the reasons for which an existing SQLite file is opened read-only for reading (see :func:`writable`)
READ_ONLY_REASONS = frozenset({"readonly", "full"})


def _open_for_writing(path: str) -> int:
    """``os.open(path, O_RDWR)``: the seam the read-only tests break."""
    return os.open(path, os.O_RDWR)


def writable(path: Path) -> str | None:
    """``None`` when the existing file ``path`` can be opened for writing,
    else the :data:`FAULTS` key of why not (``"readonly"`` for a read-only
    file system, ``EROFS``, or a file the user may not write).  A missing
    file gives ``None`` (it is created)."""
    try:
        fd = _open_for_writing(str(path))
    except FileNotFoundError:
        return None
    except OSError as exc:
        reason = classify(exc)
        return reason if reason in READ_ONLY_REASONS else None
    os.close(fd)
    return None


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens the file ``path`` read-only and immutable
    (``mode=ro&immutable=1``, SQLite's "URI filenames": no lock, no
    ``-wal`` or ``-shm`` file made, for read-only media).  Safe to read only
    while nothing else writes to the file: a read-only file system, or a
    full disk, where no one can."""
    from urllib.parse import quote

    return f"file:{quote(str(Path(path).resolve()))}?mode=ro&immutable=1"


def _sqlite_read_only_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API types
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA trusted_schema=OFF")  # reads fire no trigger: the strict setting costs nothing here
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API types
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cursor.close()
    with suppress(Exception):  # a read-only file keeps its header: it is Assessor's by its tables
        stamp(dbapi_connection)


#: ``PRAGMA application_id`` of every Assessor database: "ASSR" in ASCII (see :mod:`assessor.store.trust`)
APPLICATION_ID = 0x41535352


def stamp(dbapi_connection) -> None:  # noqa: ANN001 - a DB-API connection
    """Set :data:`APPLICATION_ID` on the database of a DB-API connection if
    it is not set yet (a new file, or one from before the id)."""
    cursor = dbapi_connection.cursor()
    try:
        if cursor.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            cursor.execute(f"PRAGMA application_id={APPLICATION_ID}")
    finally:
        cursor.close()


def call_on_dispose(engine: Engine, fn: Callable[[], object]) -> None:
    """Call ``fn()`` whenever ``engine.dispose()`` runs (``Store.close``, and
    when a fault drops the pooled connections): the store waits there for
    its start-up backup, so a closed store has finished everything it began."""
    event.listen(engine, "engine_disposed", lambda _engine: fn())


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` with Assessor's connection settings.

    A SQLite file must be Assessor's (:func:`assessor.store.trust.check_sqlite_file`),
    and every connection stamps Assessor's ``application_id`` into a file
    that lacks it (``check=False`` skips the check, for ``db check``, which
    reports what it finds); ``read_only`` opens the file with
    :func:`read_only_uri` (no write, no lock, no side file).  Raises :class:`~assessor.store.trust.ForeignDatabaseError`
    for another program's file, :class:`StoreError` when a SQLite file's
    folder cannot be made.
    """
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        file = sqlite_path(url)
        if file is not None and read_only:
            engine = create_engine(f"sqlite:///{read_only_uri(file)}&uri=true")  # pysqlite's URI filenames
            event.listen(engine, "connect", _sqlite_read_only_pragmas)
            return engine
        try:
            _prepare_sqlite_file(url)
        except OSError as exc:
            raise StoreError(f"cannot create the database file: {exc.strerror}", classify(exc)) from exc
    engine = create_engine(url)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine

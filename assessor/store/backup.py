"""Backups of the SQLite database file, integrity checks, damaged files.

Copies are made with SQLite's online backup API (``sqlite3.Connection.backup``),
which reads a consistent snapshot while other connections keep writing, so
a backup is never half of one transaction.  Every copy is written to a
temporary file created readable by its owner only (0600), flushed to disk,
then renamed into place: a crash leaves either the old set of backups or the
new one, never a partial file under a backup's name.

Rotating backups live in ``<database folder>/backups/`` and are named
``<database stem>-<UTC time>.sqlite3``; the newest ``keep`` are kept.
A damaged database is never overwritten: :func:`set_aside` renames it (with
its ``-wal`` and ``-shm`` files) to ``<name>.damaged-<UTC time>``.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

from .engine import StoreError, classify, fault

BACKUP_FOLDER = "backups"
SUFFIX = ".sqlite3"
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class DamagedDatabaseError(StoreError):
    """The database file failed its integrity check; ``path`` is the file,
    ``problem`` SQLite's first complaint (no data, only page numbers)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"the database file is damaged ({problem})", "damaged")
        self.path = Path(path)
        self.problem = problem


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def backups_dir(db_path: Path) -> Path:
    """The folder of the rotating backups of ``db_path``: ``<its folder>/backups``."""
    return Path(db_path).parent / BACKUP_FOLDER


def check_file(path: Path, full: bool = False) -> str | None:
    """``None`` when the SQLite file at ``path`` is sound, else SQLite's
    first complaint.  ``full`` runs ``PRAGMA integrity_check`` (reads every
    page and index), else the faster ``PRAGMA quick_check``.

    Raises :class:`StoreError` when the file cannot be checked for another
    reason (locked, unreadable, missing): that is not damage.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"cannot check {path.name}: no such file", "missing")
    pragma = "integrity_check" if full else "quick_check"
    try:
        with closing(sqlite3.connect(path, timeout=5)) as con:
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in _DAMAGE_CODES or classify(exc) == "damaged":
            return exc.__class__.__name__ + ": " + str(exc)[:200]
        raise fault(exc, f"check {path.name}") from exc
    first = rows[0][0] if rows else "no answer"
    return None if first == "ok" else str(first)[:200]


def _new_private_file(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)  # mode 0600
    os.close(fd)
    return Path(tmp)


def _fsync(path: Path) -> None:
    with suppress(OSError, AttributeError):  # folders cannot be fsynced everywhere (Windows)
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_database(source: Path, dest: Path) -> Path:
    """Copy the SQLite database ``source`` to ``dest`` with the online backup
    API, atomically, readable by the owner only, in rollback-journal mode (a
    standalone file, no ``-wal`` beside it).  An existing ``dest`` is
    replaced only once the copy is complete.

    Returns ``dest``.  Raises :class:`StoreError` (with a ``reason``) when
    the source cannot be read or the copy cannot be written.
    """
    source, dest = Path(source), Path(dest)
    if not source.is_file():
        raise StoreError(f"cannot back up {source.name}: no such file", "missing")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = _new_private_file(dest.parent, dest.name)
    except OSError as exc:
        raise fault(exc, f"write a backup in {dest.parent}") from exc
    try:
        with closing(sqlite3.connect(source, timeout=5)) as src, closing(sqlite3.connect(tmp)) as out:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
        _fsync(tmp)
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        with suppress(OSError):
            tmp.unlink()
        raise fault(exc, "write the backup") from exc
    _fsync(dest.parent)
    return dest


def list_backups(db_path: Path) -> list[Path]:
    """The rotating backups of ``db_path``, oldest first (by the time in their name)."""
    folder = backups_dir(db_path)
    stem = Path(db_path).stem
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{stem}-*{SUFFIX}") if p.is_file())


def rotating_backup(db_path: Path, keep: int, note: str = "") -> Path | None:
    """Back up ``db_path`` into its backups folder and delete all but the
    newest ``keep`` backups (and temporary files a crash left behind).

    Does nothing (returns ``None``) when ``keep`` < 1, the file does not
    exist or is empty, or nothing changed since the newest backup (the file
    and its WAL are older than it).  ``note`` is added to the name, e.g.
    ``"before-restore"``.  Raises :class:`StoreError` when the copy fails.
    """
    db_path = Path(db_path)
    if keep < 1 or not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    existing = list_backups(db_path)
    if existing and not note:
        changed = max(p.stat().st_mtime_ns for p in (db_path, Path(f"{db_path}-wal")) if p.exists())
        if changed <= existing[-1].stat().st_mtime_ns:
            return None
    name = f"{db_path.stem}-{_stamp()}{'-' + note if note else ''}{SUFFIX}"
    made = copy_database(db_path, backups_dir(db_path) / name)
    prune(db_path, keep)
    return made


def prune(db_path: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` (at least 1) backups of ``db_path``
    and any temporary backup file older than a minute; returns the deleted."""
    folder = backups_dir(db_path)
    gone = list_backups(db_path)[: -max(1, keep)]
    if folder.is_dir():
        old = datetime.now().timestamp() - 60
        gone += [p for p in folder.glob(".*.part") if p.stat().st_mtime < old]
    for path in gone:
        with suppress(OSError):
            path.unlink()
    return gone


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of ``db_path`` that passes ``quick_check``, if any."""
    for path in reversed(list_backups(db_path)):
        with suppress(StoreError):
            if check_file(path) is None:
                return path
    return None


def set_aside(path: Path) -> Path:
    """Rename the damaged database ``path`` (and its ``-wal``/``-shm``) to
    ``<name>.damaged-<UTC time>``, never overwriting a file; returns the new
    name of the database file.  Raises :class:`StoreError` if it cannot."""
    path = Path(path)
    target = path.with_name(f"{path.name}.damaged-{_stamp()}")
    while target.exists():
        target = target.with_name(target.name + "x")
    try:
        for suffix in ("-wal", "-shm", ""):
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.rename(side, f"{target}{suffix}")
    except OSError as exc:
        raise fault(exc, f"set {path.name} aside") from exc
    _fsync(path.parent)
    return target


def damaged_files(db_path: Path) -> list[Path]:
    """Files set aside as damaged next to ``db_path`` (they may hold any data)."""
    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        return []
    return sorted(p for p in db_path.parent.glob(f"{db_path.name}.damaged-*") if not p.name.endswith(("-wal", "-shm")))


def restore_file(backup: Path, db_path: Path, keep: int) -> Path | None:
    """Replace the database at ``db_path`` with the content of ``backup``.

    ``backup`` must pass ``quick_check`` and hold Assessor tables.  The
    current file, if sound, is first backed up (``...-before-restore``,
    returned); if damaged, it is set aside.  The copy goes through the
    online backup API into the live file, so it is atomic for other
    connections.  Raises :class:`StoreError` when the backup is unsound or
    not an Assessor database, or the copy fails.
    """
    backup, db_path = Path(backup), Path(db_path)
    problem = check_file(backup)
    if problem is not None:
        raise StoreError(f"{backup.name} is damaged ({problem}); choose another backup", "damaged")
    with closing(sqlite3.connect(backup)) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"candidates", "assessments", "responses"} <= tables:
        raise StoreError(f"{backup.name} is not an Assessor database", "other")
    before = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        if check_file(db_path) is None:
            before = rotating_backup(db_path, max(keep, 1) + 1, note="before-restore")
        else:
            set_aside(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not db_path.exists():
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
        with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(db_path, timeout=5)) as out:
            src.backup(out)
    except (sqlite3.Error, OSError) as exc:
        raise fault(exc, "restore the backup") from exc
    return before

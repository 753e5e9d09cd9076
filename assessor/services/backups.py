"""Backups and restores of the database, for the window and ``assessor db``.

Rotating backups are made by the store itself (at start and after each
submitted assessment, keeping ``Preferences.backups_keep``); these functions
are the explicit ones: copy the database to a file, restore it from one.
"""

from __future__ import annotations

from pathlib import Path

from ..store import (
    StoreError, check_file, copy_database, list_backups, newest_good_backup, resolve_url, restore_file, sqlite_path,
)
from .settings import load_preferences
from .workspace import AssessorError


def database_file(db: str | None = None) -> Path:
    """The SQLite file of ``db`` (path, URL, ``$ASSESSOR_DB`` or the default).

    Raises :class:`AssessorError` for a database that is not a SQLite file
    (back those up with the server's own tools).
    """
    try:
        path = sqlite_path(resolve_url(db))
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    if path is None:
        raise AssessorError("backups and restores work on SQLite database files only")
    return path


def backup_database(dest: Path, db: str | None = None) -> Path:
    """Copy the database to ``dest`` with SQLite's online backup API
    (consistent even while the window is writing), atomically, mode 0600.

    Returns ``dest``.  Raises :class:`AssessorError` when the database does
    not exist or the copy cannot be written.
    """
    source = database_file(db)
    dest = Path(dest).expanduser()
    if dest.resolve() == source.resolve():
        raise AssessorError("the backup must not replace the database itself")
    try:
        return copy_database(source, dest)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


def restore_database(backup: Path, db: str | None = None) -> Path | None:
    """Replace the database's content with ``backup``.

    The backup must pass SQLite's ``quick_check`` and be an Assessor
    database (an older schema is upgraded when next opened).  The current
    database is first backed up into the backups folder (returned), or set
    aside if it is damaged.  Close every open workspace on the database
    first.  Raises :class:`AssessorError` when the backup is missing,
    damaged or not Assessor's, or the copy fails.
    """
    backup = Path(backup).expanduser()
    if not backup.is_file():
        raise AssessorError(f"no backup file {backup}")
    target = database_file(db)
    try:
        return restore_file(backup, target, load_preferences().backups_keep)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


def check_database(db: str | None = None) -> str | None:
    """``None`` when the database passes ``PRAGMA integrity_check``, else the
    first problem.  Raises :class:`AssessorError` when it cannot be read."""
    path = database_file(db)
    try:
        return check_file(path, full=True)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


def backups(db: str | None = None) -> list[Path]:
    """The rotating backups of the database, oldest first."""
    return list_backups(database_file(db))


def newest_backup(db: str | None = None) -> Path | None:
    """The newest rotating backup that passes ``quick_check``, if any."""
    return newest_good_backup(database_file(db))

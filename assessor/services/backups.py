"""Backups and restores of the database, for the window and ``assessor db``.

Rotating backups are made by the store itself (at start and after each
submitted assessment, keeping ``Preferences.backups_keep``); these functions
are the explicit ones: copy the database to a file, restore it from one,
check it.  :func:`note_sound_database` is what the window calls when it
closes, so that the next start can skip the integrity check of a file that
has not changed since (see :mod:`assessor.store.backup`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..store import check_key_statuses, verify_audit_chain
from ..store.trust import file_problem as schema_problem_of
from ..store import (
    StoreError, check_and_remember, check_unless_known_sound, copy_database, list_backups, newest_good_backup,
    resolve_url, restore_file, sqlite_path,
)
from .settings import environment, load_preferences
from .workspace import AssessorError, Workspace

log = logging.getLogger(__name__)


def database_file(db: str | None = None) -> Path:
    """The SQLite file of ``db`` (path, URL, ``$ASSESSOR_DB`` or the default).

    Raises :class:`AssessorError` for a database that is not a SQLite file
    (back those up with the server's own tools).
    """
    try:
        path = sqlite_path(resolve_url(db or environment().db))
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


def backup_workspace(ws: Workspace, dest: Path) -> Path:
    """Copy the open workspace's database to ``dest``, as
    :func:`backup_database` does (the window's Data ▸ Back up).

    Returns ``dest``; raises :class:`AssessorError` as that does.
    """
    return backup_database(dest, ws.store.url)


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
    """``None`` when the database is sound, else the first problem: a
    SQLite file must pass ``PRAGMA integrity_check``; then, on any database,
    the audit trail's hash chain must verify (see
    :mod:`assessor.store.audit_chain`; "audit trail: row 42 changed or
    removed"); then a SQLite file must be Assessor's, with Assessor's
    schema (:mod:`assessor.store.trust`: a foreign trigger, a removed audit
    trigger); then every key retirement and revocation must be signed by
    its key's owner and audited ("signing keys: key status row 3 (retired
    key 1a2b3c4d) does not verify (written in the database, not by its
    key's owner)").  Raises :class:`AssessorError` when it cannot be read."""
    try:
        url = resolve_url(db or environment().db)
        path = sqlite_path(url)
        if path is not None:
            problem = check_and_remember(path, full=True)  # a pass also lets the next start skip its quick_check
            if problem is not None:
                return problem
        chain = verify_audit_chain(url)
        foreign = schema_problem_of(path) if path is not None else None
        keys = check_key_statuses(url) if foreign is None else []
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    if chain is not None and chain.problem is not None:
        return f"audit trail: {chain.problem}"
    if foreign is None and keys:
        return "signing keys: " + "; ".join(keys)
    return foreign


def note_sound_database(ws: Workspace) -> bool:
    """At the end of a session, once ``ws`` is closed: run ``PRAGMA
    quick_check`` on its SQLite file if the file changed since it last
    passed a check, and record a pass, so that the next start can skip the
    check of the unchanged file instead of reading it all before the window
    shows (0.3 s at 100,000 candidates).  Never raises: returns True when
    the file is now recorded as sound, False otherwise (a server database, a
    missing, busy or damaged file; a damaged one is set aside at the next
    start as usual).  Takes as long as the check, plus up to 50 ms so that
    the close's own last write is a clock tick old (a record is trusted only
    then); the window calls it after it has closed."""
    path = ws.store.path
    if path is None or not path.is_file():
        return False
    try:
        problem = check_unless_known_sound(path, settle=True)  # the file was just closed
    except StoreError as exc:
        log.info("database not checked at close: %s", exc.reason)
        return False
    if problem is not None:
        log.warning("the database failed its check at close; it is set aside at the next start")
    return problem is None


def backups(db: str | None = None) -> list[Path]:
    """The rotating backups of the database, oldest first."""
    return list_backups(database_file(db))


def newest_backup(db: str | None = None) -> Path | None:
    """The newest rotating backup that passes ``quick_check``, if any."""
    return newest_good_backup(database_file(db))

"""Restoring and damaged files: the newest backup that passes its check,
setting a damaged file aside (never overwriting it), listing files set
aside, and restoring a backup over the live file.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, suppress
from pathlib import Path

from ...files import private_folder, sync_folder
from ..engine import StoreError, fault
from .background import _wait_for_background
from .checks import check_file, forget_sound
from .retention import _stamp, list_backups
from .taking import rotating_backup


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
    sync_folder(path.parent)
    return target


def damaged_files(db_path: Path) -> list[Path]:
    """Files set aside as damaged next to ``db_path`` (they may hold any data)."""
    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        return []
    return sorted(p for p in db_path.parent.glob(f"{db_path.name}.damaged-*") if not p.name.endswith(("-wal", "-shm")))


def restore_file(backup: Path, db_path: Path, keep: int) -> Path | None:
    """Replace the database at ``db_path`` with the content of ``backup``.

    ``backup`` must pass ``quick_check`` and be an Assessor database with
    Assessor's schema (:func:`assessor.store.trust.check_sqlite_file`: its
    ``application_id``, no foreign trigger, view, table or index).  The
    current file, if sound, is first backed up (``...-before-restore``,
    returned); if damaged, it is set aside.  The copy goes through the
    online backup API into the live file, so it is atomic for other
    connections.  Raises :class:`StoreError` when the backup is unsound or
    not an Assessor database, or the copy fails.
    """
    backup, db_path = Path(backup), Path(db_path)
    _wait_for_background(db_path)
    problem = check_file(backup)
    if problem is not None:
        raise StoreError(f"{backup.name} is damaged ({problem}); choose another backup", "damaged")
    from ..trust import check_sqlite_file, header_id

    if header_id(backup) is None:
        raise StoreError(f"{backup.name} is not an Assessor database", "other")
    check_sqlite_file(backup, restoring=True)  # Assessor's id and schema: no foreign trigger or view
    before = None
    forget_sound(db_path)  # its content is about to change
    if db_path.is_file() and db_path.stat().st_size > 0:
        if check_file(db_path) is None:
            before = rotating_backup(db_path, max(keep, 1) + 1, note="before-restore")
        else:
            set_aside(db_path)
    try:
        private_folder(db_path.parent)
        if not db_path.exists():
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
        with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(db_path, timeout=5)) as out:
            src.backup(out)
    except (sqlite3.Error, OSError) as exc:
        raise fault(exc, "restore the backup") from exc
    return before

"""Taking backups: one atomic, owner-only copy with SQLite's online backup
API, a rotating backup when the file changed since the newest, and the
start-up backup on a thread.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from contextlib import closing, suppress
from pathlib import Path

from ...files import atomic_path, private_folder
from ..engine import StoreError, classify, fault
from .background import _record_key, _running, _running_lock, _wait_for_background
from .retention import SUFFIX, _stamp, backups_dir, list_backups, prune


log = logging.getLogger(__name__)


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
        private_folder(dest.parent)
    except OSError as exc:
        raise fault(exc, f"write a backup in {dest.parent}") from exc
    try:  # the connections close before atomic_path renames the copy into place
        with (atomic_path(dest) as tmp, closing(sqlite3.connect(source, timeout=5)) as src,
              closing(sqlite3.connect(tmp)) as out):
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
    except (sqlite3.Error, OSError) as exc:
        raise fault(exc, "write the backup") from exc
    return dest


def backup_due(db_path: Path, keep: int, note: str = "") -> bool:
    """Whether :func:`rotating_backup` would copy ``db_path`` now: ``keep``
    is at least 1, the file exists and is not empty, and it (or its WAL)
    changed since the newest backup, or ``note`` is given.  An empty WAL (a
    connection opened, nothing written) is no change."""
    db_path = Path(db_path)
    if keep < 1 or not db_path.is_file() or db_path.stat().st_size == 0:
        return False
    existing = list_backups(db_path)
    if existing and not note:
        stats = [db_path.stat()]
        with suppress(FileNotFoundError):
            stats += [st for st in [os.stat(f"{db_path}-wal")] if st.st_size > 0]
        changed = max(st.st_mtime_ns for st in stats)
        if changed <= existing[-1].stat().st_mtime_ns:
            return False
    return True


def _copy_rotating(db_path: Path, keep: int, note: str = "") -> Path:
    name = f"{db_path.stem}-{_stamp()}{'-' + note if note else ''}{SUFFIX}"
    made = copy_database(db_path, backups_dir(db_path) / name)
    prune(db_path, keep)
    return made


def rotating_backup(db_path: Path, keep: int, note: str = "") -> Path | None:
    """Back up ``db_path`` into its backups folder and delete all but the
    newest ``keep`` backups (and temporary files a crash left behind).

    Does nothing (returns ``None``) when ``keep`` < 1, the file does not
    exist or is empty, or nothing changed since the newest backup (the file
    and its WAL are older than it).  ``note`` is added to the name, e.g.
    ``"before-restore"``.  Raises :class:`StoreError` when the copy fails.
    """
    db_path = Path(db_path)
    _wait_for_background(db_path)
    if not backup_due(db_path, keep, note):
        return None
    return _copy_rotating(db_path, keep, note)


def start_rotating_backup(db_path: Path, keep: int) -> threading.Thread | None:
    """The start-up backup, copied on a thread; returns it (``None`` when no
    backup is due, see :func:`backup_due`).

    Whether one is due is decided now, before the caller opens the file (a
    connection's own new WAL is no change).  Call it only when opening will
    not migrate the file and the file is in WAL mode (:func:`in_wal_mode`),
    so the copy's read transaction blocks no one.  A failed copy is logged
    (its reason only), as the synchronous start-up backup's is.  The thread
    is not a daemon: the process finishes the copy before it exits; the
    store joins it when it is closed (``engine.call_on_dispose``).
    """
    db_path = Path(db_path)
    try:
        if not backup_due(db_path, keep):
            return None
    except OSError as exc:
        log.warning("backup not made: %s", classify(exc))
        return None
    key = _record_key(db_path)

    def run() -> None:
        try:
            _copy_rotating(db_path, keep)
        except StoreError as exc:
            log.warning("backup not made: %s", exc.reason)
        except OSError as exc:
            log.warning("backup not made: %s", classify(exc))
        finally:
            with _running_lock:
                if _running.get(key) is threading.current_thread():
                    del _running[key]

    thread = threading.Thread(target=run, name="assessor-start-backup")
    with _running_lock:
        _running[key] = thread
    thread.start()
    return thread

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

Two things keep a large file from slowing the start (``docs/performance.md``;
at 100,000 candidates, 140 MB, ``quick_check`` reads the whole file in about
0.3 s and a backup copies it in about 0.2 s):

* :func:`check_unless_known_sound`: the start-up ``quick_check`` is skipped
  only for a file whose state (device, inode, size, modification and change
  times in nanoseconds, the 100-byte SQLite header, no ``-wal`` with frames)
  is exactly the state recorded when it last passed a check, recorded only
  when the check began clearly after the file's last change (so a change in
  the same tick of a coarse clock cannot hide behind an equal time stamp).
  The record (:func:`sound_record_path`, in the user's cache folder, mode
  0600) is written after every passing check: at start, by ``assessor db
  check`` and when the window closes (``services.note_sound_database``,
  which first lets a clock tick pass after the close's own last write).
  Any other change to the file, even one that restores its modification
  time, changes its change time (set by the kernel, not by programs), so
  the check runs again.  What this cannot see is damage that changes none
  of these: bits rotting on the disk under an unchanged file, or, where a
  file has no change time (Windows reports its creation time) or on a
  network share whose clock lags, a rewrite that puts back the size, header
  and modification time.  The check that runs at the file's next change,
  or ``assessor db check``, finds that (``docs/reliability.md``, "Not
  covered").
* :func:`start_rotating_backup`: when nothing is to be migrated, the
  start-up backup is copied on a thread while the window is built (SQLite's
  backup step runs without the GIL); :func:`list_backups`,
  :func:`rotating_backup` and :func:`restore_file` wait for it first, so
  erasing a candidate from every backup, restoring or making the next backup
  never races it, and closing the store waits for it too (a closed store
  has finished what it began: what happens to the file next cannot reach
  the copy).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_cache_path

from ..files import atomic_path, leftovers, private_folder, sync_folder, write_atomic
from .engine import StoreError, classify, fault

log = logging.getLogger(__name__)

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


# -- the record of files that passed their check -------------------------------

SOUND_RECORD = "checked-databases.json"
_RECORD_LIMIT = 32  # files remembered (a user has one or two)
_FINE_MARGIN_NS = 50_000_000  # time stamps with sub-second precision: several ticks of a coarse kernel clock
_COARSE_MARGIN_NS = 2_000_000_000  # whole-second stamps (FAT keeps 2 s): a full tick
_record_lock = threading.Lock()


def sound_record_path() -> Path:
    """``<user cache folder>/checked-databases.json``: the state of each
    database file when it last passed an integrity check."""
    return user_cache_path("assessor", appauthor=False) / SOUND_RECORD


def file_state(path: Path) -> dict[str, int | str] | None:
    """What identifies the content of the SQLite file ``path`` without
    reading it all: device, inode, size, modification and change times (ns)
    and a SHA-256 of its 100-byte header.  ``None`` when a ``-wal`` file with
    frames lies beside it (those are part of the database too) or the file
    cannot be read."""
    path = Path(path)
    try:
        with suppress(FileNotFoundError):
            if os.stat(f"{path}-wal").st_size > 0:
                return None
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            header = f.read(100)
    except OSError:
        return None
    return {"dev": st.st_dev, "ino": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "ctime_ns": st.st_ctime_ns, "header": hashlib.sha256(header).hexdigest()}


def _read_records() -> dict[str, dict]:
    try:
        records = json.loads(sound_record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}


def _write_records(records: dict[str, dict]) -> None:
    """Atomically, mode 0600 (it names database files, never their data; a
    new cache folder is made 0700); a record that cannot be written is no
    error (the next start simply runs the check)."""
    path = sound_record_path()
    with suppress(OSError):
        write_atomic(path, json.dumps(records, sort_keys=True), private_parent=True)


def _record_key(path: Path) -> str:
    return str(Path(path).resolve())


def _remember(path: Path, state: dict, checked_from_ns: int) -> None:
    with _record_lock:
        records = _read_records()
        records[_record_key(path)] = {"state": state, "checked_from_ns": checked_from_ns}
        newest = sorted(records.items(), key=lambda kv: kv[1].get("checked_from_ns", 0) if isinstance(kv[1], dict)
                        else 0)[-_RECORD_LIMIT:]
        _write_records(dict(newest))


def forget_sound(path: Path) -> None:
    """Drop the record of ``path`` (it failed a check, or was replaced)."""
    with _record_lock:
        records = _read_records()
        if records.pop(_record_key(path), None) is not None:
            _write_records(records)


def _margin_ns(state: dict) -> int:
    coarse = int(state["mtime_ns"]) % 1_000_000_000 == 0 and int(state["ctime_ns"]) % 1_000_000_000 == 0
    return _COARSE_MARGIN_NS if coarse else _FINE_MARGIN_NS


def _last_change_ns(state: dict) -> int:
    return max(int(state["mtime_ns"]), int(state["ctime_ns"]))


def known_sound(path: Path) -> bool:
    """True when ``path`` is in exactly the state recorded when it last
    passed a check, and that check began clearly after the file's last
    change (by more than the resolution of its time stamps), so that no
    later change can carry the same time stamps."""
    state = file_state(path)
    entry = _read_records().get(_record_key(path)) if state is not None else None
    if not isinstance(entry, dict) or entry.get("state") != state:
        return False
    checked_from = entry.get("checked_from_ns")
    return isinstance(checked_from, int) and _last_change_ns(state) + _margin_ns(state) < checked_from


def check_and_remember(path: Path, full: bool = False, settle: bool = False) -> str | None:
    """:func:`check_file`, then record the file's state when it passed and
    did not change while being checked; forget it when it failed.

    A record is trusted (:func:`known_sound`) only when the check began
    more than a clock tick after the file's last change.  ``settle`` waits
    for that first when the change was just now (at most 50 ms; not on a
    file system with whole-second time stamps, where the record is simply
    not trusted and the next start checks again): for a caller that has
    just closed the file, when nobody waits for it (the window, closed).
    """
    path = Path(path)
    _wait_for_background(path)  # its connection may be the last to close, merging the log into the file
    before = file_state(path)
    if settle and before is not None and _margin_ns(before) == _FINE_MARGIN_NS:
        wait_ns = _last_change_ns(before) + _FINE_MARGIN_NS - time.time_ns()
        if 0 < wait_ns <= _FINE_MARGIN_NS:
            time.sleep(wait_ns / 1e9 + 0.002)
    started = time.time_ns()
    before = file_state(path)
    problem = check_file(path, full)
    if problem is not None:
        forget_sound(path)
    elif before is not None and file_state(path) == before:
        _remember(path, before, started)
    return problem


def check_unless_known_sound(path: Path, settle: bool = False) -> str | None:
    """The start-up check: ``None`` at once for a file :func:`known_sound`,
    else :func:`check_and_remember` (``PRAGMA quick_check``; ``settle`` as
    there).  Raises :class:`StoreError` as :func:`check_file` does."""
    if known_sound(path):
        return None
    return check_and_remember(path, settle=settle)


def in_wal_mode(path: Path) -> bool:
    """True when the SQLite file's header says write-ahead-log mode
    (bytes 18 and 19 are 2): opening it again in WAL mode takes no lock."""
    try:
        with open(path, "rb") as f:
            header = f.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[:16] == b"SQLite format 3\x00" and header[18:20] == b"\x02\x02"


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


def list_backups(db_path: Path) -> list[Path]:
    """The rotating backups of ``db_path``, oldest first (by the time in their
    name), once a start-up backup being made on a thread is complete."""
    _wait_for_background(db_path)
    folder = backups_dir(db_path)
    stem = Path(db_path).stem
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{stem}-*{SUFFIX}") if p.is_file())


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


# -- the start-up backup on a thread ---------------------------------------------

_running: dict[str, threading.Thread] = {}
_running_lock = threading.Lock()


def _wait_for_background(db_path: Path) -> None:
    """Wait until the start-up backup of ``db_path`` made on a thread (if
    any) is complete; a no-op on that thread itself."""
    with _running_lock:
        thread = _running.get(_record_key(db_path))
    if thread is not None and thread is not threading.current_thread():
        thread.join()


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


def prune(db_path: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` (at least 1) backups of ``db_path``
    and any temporary backup file older than a minute; returns the deleted."""
    folder = backups_dir(db_path)
    gone = list_backups(db_path)[: -max(1, keep)]
    if folder.is_dir():
        gone += leftovers(folder, older_than=60)
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

    ``backup`` must pass ``quick_check`` and hold Assessor tables.  The
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
    with closing(sqlite3.connect(backup)) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"candidates", "assessments", "responses"} <= tables:
        raise StoreError(f"{backup.name} is not an Assessor database", "other")
    before = None
    forget_sound(db_path)  # its content is about to change
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

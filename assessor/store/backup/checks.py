"""Integrity checks of a SQLite file (``quick_check``, or ``integrity_check``
in full), the record of files that passed one (so the start-up check is
skipped for a file unchanged since), and reading a file's journal mode
from its header.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from contextlib import closing, suppress
from pathlib import Path

from platformdirs import user_cache_path

from ...files import write_atomic
from ..engine import READ_ONLY_REASONS, StoreError, classify, fault, read_only_uri, writable
from .background import _record_key, _wait_for_background


_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class DamagedDatabaseError(StoreError):
    """The database file failed its integrity check; ``path`` is the file,
    ``problem`` SQLite's first complaint (no data, only page numbers)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"the database file is damaged ({problem})", "damaged")
        self.path = Path(path)
        self.problem = problem


def check_file(path: Path, full: bool = False) -> str | None:
    """``None`` when the SQLite file at ``path`` is sound, else SQLite's
    first complaint.  ``full`` runs ``PRAGMA integrity_check`` (reads every
    page and index), else the faster ``PRAGMA quick_check``.

    Raises :class:`StoreError` when the file cannot be checked for another
    reason (locked, unreadable, missing): that is not damage.  On a
    read-only file system or a full disk the file is read immutable
    (:func:`~assessor.store.engine.read_only_uri`).
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"cannot check {path.name}: no such file", "missing")
    pragma = "integrity_check" if full else "quick_check"
    try:
        try:
            with closing(sqlite3.connect(path, timeout=5)) as con:
                rows = con.execute(f"PRAGMA {pragma}").fetchall()
        except sqlite3.OperationalError as exc:
            if writable(path) is None and classify(exc) not in READ_ONLY_REASONS and not _no_room(path):
                raise
            # a read-only file system or a full disk cannot hold the -shm side file: read it immutable
            with closing(sqlite3.connect(read_only_uri(path), uri=True, timeout=5)) as con:
                rows = con.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in _DAMAGE_CODES or classify(exc) == "damaged":
            return exc.__class__.__name__ + ": " + str(exc)[:200]
        raise fault(exc, f"check {path.name}") from exc
    first = rows[0][0] if rows else "no answer"
    return None if first == "ok" else str(first)[:200]


def _no_room(path: Path) -> bool:
    try:
        return os.statvfs(Path(path).parent).f_bavail == 0
    except (OSError, AttributeError):
        return False


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

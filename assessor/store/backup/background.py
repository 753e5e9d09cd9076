"""The start-up backup running on a thread: the threads by database file
(one key for a file, its resolved path, also used by the record of
checked files) and waiting for one to finish before anything else
reads or writes the backups."""

from __future__ import annotations

import threading
from pathlib import Path


def _record_key(path: Path) -> str:
    return str(Path(path).resolve())


_running: dict[str, threading.Thread] = {}
_running_lock = threading.Lock()


def _wait_for_background(db_path: Path) -> None:
    """Wait until the start-up backup of ``db_path`` made on a thread (if
    any) is complete; a no-op on that thread itself."""
    with _running_lock:
        thread = _running.get(_record_key(db_path))
    if thread is not None and thread is not threading.current_thread():
        thread.join()

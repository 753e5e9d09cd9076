"""Where the rotating backups live and how many are kept: their folder and
names, listing them (once a start-up backup being made on a thread is
complete) and pruning all but the newest.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from ...files import leftovers
from .background import _wait_for_background


BACKUP_FOLDER = "backups"
SUFFIX = ".sqlite3"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def backups_dir(db_path: Path) -> Path:
    """The folder of the rotating backups of ``db_path``: ``<its folder>/backups``."""
    return Path(db_path).parent / BACKUP_FOLDER


def list_backups(db_path: Path) -> list[Path]:
    """The rotating backups of ``db_path``, oldest first (by the time in their
    name), once a start-up backup being made on a thread is complete."""
    _wait_for_background(db_path)
    folder = backups_dir(db_path)
    stem = Path(db_path).stem
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{stem}-*{SUFFIX}") if p.is_file())


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

"""Ways to make a database file fail for real, for the fault tests.

Each is a context manager that breaks something while it is open and
repairs it on exit; where the real way needs privileges the test run lacks,
the nearest real SQLite failure is used instead (named in ``how``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import event


@contextmanager
def read_only(path: Path) -> Iterator[str]:
    """Make the file read-only: ``chmod 400``, or for root (who ignores file
    modes) the immutable attribute (``chattr +i``)."""
    path = Path(path)
    mode = path.stat().st_mode
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield "chmod 400"
        finally:
            path.chmod(mode & 0o777)
        return
    subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    try:
        yield "chattr +i"
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True, capture_output=True)


def can_make_immutable(folder: Path) -> bool:
    """True when :func:`read_only` works here (not root, or root with chattr)."""
    if os.geteuid() != 0:
        return True
    probe = Path(folder) / ".probe"
    probe.write_text("x")
    try:
        done = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
        if done:
            subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
        return done and shutil.which("chattr") is not None
    except OSError:
        return False
    finally:
        with suppress(OSError):
            probe.unlink()


_HOLDER = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("LOCKED", flush=True)
sys.stdin.readline()
con.execute("ROLLBACK")
"""


@contextmanager
def locked_by_another_process(path: Path) -> Iterator[None]:
    """Another process holds the database's write lock (``BEGIN IMMEDIATE``)."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "LOCKED"
        yield
    finally:
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(10)


def mount_tiny_filesystem(folder: Path, size_kb: int = 2048) -> bool:
    """Mount a tmpfs of ``size_kb`` on ``folder``; False where that is not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder)],
                          capture_output=True)
    return done.returncode == 0


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill_disk(folder: Path) -> Path:
    """Write a filler file until the file system of ``folder`` is full."""
    filler = folder / "filler.bin"
    chunk = b"\0" * 65536
    with open(filler, "wb") as out:
        with suppress(OSError):
            while True:
                out.write(chunk)
                out.flush()
    with suppress(OSError):
        with open(filler, "ab") as out:  # the last few bytes
            while True:
                out.write(b"\0")
                out.flush()
    return filler


@contextmanager
def page_limit(engine) -> Iterator[str]:  # noqa: ANN001 - a SQLAlchemy engine
    """SQLite's own "database or disk is full" (SQLITE_FULL): cap the file at
    the pages it has (``PRAGMA max_page_count``) on every connection."""

    def cap(dbapi_connection, _record) -> None:  # noqa: ANN001
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(engine, "connect", cap)
    engine.dispose()
    try:
        yield "PRAGMA max_page_count"
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()

"""Files Assessor writes: atomic replacement, durable folders, owner-only
modes, clean-up of leftover temporaries, and the CSV cell guard.

Every file the app writes (banks, preferences, reports, exports, backups,
caches) goes through :func:`atomic_path` (or :func:`atomic_open` /
:func:`write_atomic` built on it): the data goes to a temporary file
``.<name>.<random>.part`` in the target's own folder (so the rename cannot
cross file systems), created owner-only (``0o600``, :func:`tempfile.mkstemp`)
or given ``mode``, flushed to disk (fsync), renamed over the target with
:func:`os.replace` (atomic on POSIX and Windows), and then the folder is
fsynced so the rename itself survives a power cut.  On any error, including
``KeyboardInterrupt``, the temporary file is removed and the target is left
as it was: a failed export leaves no half-written file.  There is ONE
temporary suffix, :data:`TEMP_SUFFIX`, so :func:`leftovers` finds what a
killed process left behind.

Why the standard library rather than a package: ``atomicwrites`` is
deprecated and unmaintained, and ``safer`` neither fsyncs the folder nor
sets a mode nor knows its leftovers; the whole job is ``mkstemp`` +
``fsync`` + ``os.replace``, which this thin helper does once, under test
(``tests/test_files.py``).

This module sits below ``assessor.domain`` in the layers contract
(``pyproject.toml``): it imports nothing of ours, so every layer may use it.
"""

from __future__ import annotations

import glob
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

#: the one suffix of every temporary file (``.<name>.<random>.part``)
TEMP_SUFFIX = ".part"
#: mode of a file written here unless told otherwise (it may hold personal data)
PRIVATE_FILE = 0o600
#: mode of a folder made by :func:`private_folder`
PRIVATE_FOLDER = 0o700

# OWASP "CSV Injection": a spreadsheet runs a cell starting with one of these
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text, never runs.

    ``None`` is the empty cell; any other value is ``str(value)``.  A text
    starting with ``= + - @``, a tab or a carriage return gets a leading
    ``'`` (OWASP, "CSV Injection"), except a plain number such as ``-1.5``
    or ``+3``, which a spreadsheet reads as that number either way.
    """
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def sync_folder(folder: Path | str) -> None:
    """fsync ``folder`` so that a rename or a new file in it is durable.

    Best effort: a platform or file system that cannot sync a folder
    (Windows) is left as it is; never raises.
    """
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def private_folder(folder: Path | str) -> Path:
    """Make ``folder`` (and its parents) if missing, each new one owner-only
    (``0o700``, whatever the umask; an existing folder keeps its mode).  Returns it as a
    :class:`~pathlib.Path`.  Raises ``OSError``."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    for made in missing:  # mkdir's mode applies to the last folder only, and the umask still narrows it
        with suppress(OSError):
            os.chmod(made, PRIVATE_FOLDER)
    return folder


def check_writable(folder: Path | str) -> None:
    """Make ``folder`` if missing (owner-only, as every folder Assessor
    makes: :func:`private_folder`) and prove a temporary file can be
    created in it (then removed).  Raises ``OSError`` when it cannot."""
    folder = private_folder(folder)
    fd, probe = tempfile.mkstemp(prefix=".assessor-", suffix=TEMP_SUFFIX, dir=folder)
    os.close(fd)
    os.unlink(probe)


def _fsync_file(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path | str, *, mode: int = PRIVATE_FILE, private_parent: bool = False) -> Iterator[Path]:
    """Yield the path of a new empty temporary file beside ``path`` for the
    block to fill by any means (e.g. SQLite's backup API); when the block
    ends without error the file is fsynced, given ``mode``, renamed over
    ``path`` and the folder fsynced.  On any error the temporary file is
    removed and ``path`` is left as it was.

    The folder is made if missing, owner-only (``0o700``) like every folder
    Assessor makes (``private_parent`` is kept for callers that say so).
    Raises ``OSError`` (and whatever the block raises).
    """
    path = Path(path)
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        _fsync_file(tmp)
        if mode != PRIVATE_FILE:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)


@contextmanager
def atomic_open(path: Path | str, binary: bool = False, *, mode: int = PRIVATE_FILE, encoding: str = "utf-8",
                newline: str | None = "", private_parent: bool = False) -> Iterator[IO[Any]]:
    """A file object (text, or bytes when ``binary``) on a temporary file
    beside ``path``, for streaming a large export into it; see
    :func:`atomic_path` for what happens when the block ends or fails.

    Text is written with ``encoding`` and ``newline`` (``""``: line ends
    exactly as written, as :mod:`csv` wants).  Raises ``OSError``.
    """
    with atomic_path(path, mode=mode, private_parent=private_parent) as tmp:
        if binary:
            with open(tmp, "wb") as handle:
                yield handle
        else:
            with open(tmp, "w", encoding=encoding, newline=newline) as handle:
                yield handle


def write_atomic(path: Path | str, data: str | bytes, *, mode: int = PRIVATE_FILE,
                 private_parent: bool = False) -> Path:
    """Write ``data`` (text as UTF-8, line ends as given, or bytes) to
    ``path`` atomically, with ``mode`` (owner-only by default); see
    :func:`atomic_path`.  Returns ``path`` as a :class:`~pathlib.Path`.
    Raises ``OSError``; then ``path`` is unchanged and no temporary remains."""
    with atomic_open(path, isinstance(data, bytes), mode=mode, private_parent=private_parent) as handle:
        handle.write(data)
    return Path(path)


def write_new(path: Path | str, data: bytes, *, mode: int = PRIVATE_FILE) -> bool:
    """Create ``path`` holding ``data`` (``mode``, owner-only by default)
    only if it does not exist: written whole and synced under a temporary
    name (:data:`TEMP_SUFFIX`), then hard-linked into place, so a reader
    never sees half a file and, of two processes creating it at once, the
    first wins and both then read the same bytes (a key made on first need).
    Returns ``True`` when this call created it.  Raises ``OSError``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process made it first: theirs stands
            return False
        sync_folder(path.parent)
        return True
    finally:
        with suppress(OSError):
            os.unlink(tmp)


def leftovers(folder: Path | str, name: str | None = None, older_than: float | None = None) -> list[Path]:
    """The temporary files (:data:`TEMP_SUFFIX`) a killed or crashed writer
    left in ``folder``: of the target ``name`` only when given, and only
    those last modified more than ``older_than`` seconds ago when given (so
    a write under way is not touched).  Sorted; a missing folder has none."""
    folder = Path(folder)
    pattern = f".{glob.escape(name)}.*{TEMP_SUFFIX}" if name else f".*{TEMP_SUFFIX}"
    found = []
    cutoff = None if older_than is None else time.time() - older_than
    for path in sorted(folder.glob(pattern)):
        with suppress(OSError):
            if cutoff is None or path.stat().st_mtime < cutoff:
                found.append(path)
    return found


def remove_leftovers(folder: Path | str, name: str | None = None, older_than: float | None = None) -> list[Path]:
    """Delete the :func:`leftovers` of ``folder`` (same arguments); returns
    those deleted.  Never raises for a file that cannot be deleted."""
    gone = []
    for path in leftovers(folder, name, older_than):
        with suppress(OSError):
            path.unlink()
            gone.append(path)
    return gone

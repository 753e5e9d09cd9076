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

One module per reason to change: :mod:`.checks` (integrity checks and
the record of files that passed one), :mod:`.taking` (a copy, a rotating
backup, the start-up backup on a thread), :mod:`.retention` (the folder,
the names, listing and pruning), :mod:`.restore` (restoring a backup,
damaged files set aside).
"""

from __future__ import annotations

from .checks import (
    SOUND_RECORD, DamagedDatabaseError, check_and_remember, check_file, check_unless_known_sound, file_state,
    forget_sound, in_wal_mode, known_sound, sound_record_path,
)
from .restore import damaged_files, newest_good_backup, restore_file, set_aside
from .retention import BACKUP_FOLDER, SUFFIX, backups_dir, list_backups, prune
from .taking import backup_due, copy_database, rotating_backup, start_rotating_backup


__all__ = [
    "BACKUP_FOLDER", "SOUND_RECORD", "SUFFIX", "DamagedDatabaseError", "backup_due", "backups_dir",
    "check_and_remember", "check_file", "check_unless_known_sound", "copy_database", "damaged_files", "file_state",
    "forget_sound", "in_wal_mode", "known_sound", "list_backups", "newest_good_backup", "prune", "restore_file",
    "rotating_backup", "set_aside", "sound_record_path", "start_rotating_backup",
]

"""The errors every service raises: one module that imports nothing of ours,
so any service (and either shell) can import it without a cycle.

Every failure a user can cause raises :class:`AssessorError`, whose ``str``
is a message fit to show (the command line prints it on one line and exits
1; the window shows it in a message box).
"""

from __future__ import annotations

from pathlib import Path


class AssessorError(Exception):
    """An operation could not be done; ``str(error)`` is a message for the user."""


class DamagedWorkspaceError(AssessorError):
    """The database file failed its integrity check at start and was set
    aside (renamed, never overwritten) to ``set_aside``; ``backup`` is the
    newest backup that passes the check (``None`` if there is none), to offer
    to the user (:func:`assessor.services.restore_database`).  Opening the
    workspace again starts an empty database."""

    def __init__(self, message: str, set_aside: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.set_aside = set_aside
        self.backup = backup

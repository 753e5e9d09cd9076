"""Opening the database at start, and what to do when it is damaged.

:func:`open_or_recover` opens the workspace.  When the start-up integrity
check finds the database damaged, the service has already set the file
aside (renamed, untouched); the user is then offered the newest good
backup, an empty database, or to quit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..services import AssessorError, DamagedWorkspaceError, Workspace, open_workspace, restore_database
from . import message


def ask_damaged(error: DamagedWorkspaceError, parent: QWidget | None = None) -> str:
    """Ask what to do about the damaged database: ``"restore"``, ``"empty"``
    or ``"quit"`` (only offers "restore" when there is a good backup)."""
    choices = [message.Choice("empty", "Start with an empty database", message.DESTRUCTIVE),
               message.Choice("quit", "Quit", message.REJECT)]
    if error.backup:
        choices.insert(0, message.Choice("restore", "Restore the backup", message.ACCEPT))
    answer = message.ask(parent, "The database is damaged", str(error), choices, kind="error",
                         default="restore" if error.backup else "quit", name="damagedDialog")
    return answer if answer in ("restore", "empty") else "quit"


def open_or_recover(db: str | None, parent: QWidget | None = None) -> Workspace | None:
    """The workspace of ``db``, after recovering from a damaged file if the
    user chooses to; ``None`` when they quit.  Raises :class:`AssessorError`
    when the database cannot be opened for another reason."""
    try:
        return open_workspace(db)
    except DamagedWorkspaceError as error:
        choice = ask_damaged(error, parent)
        if choice == "quit":
            return None
        if choice == "restore":
            try:
                restore_database(error.backup, db)
            except AssessorError as exc:
                message.error(parent, "The backup could not be restored", str(exc))
                return None
        return open_workspace(db)


def restore_and_open(backup: Path | None, db: str | None) -> Workspace:
    """On the worker, after :func:`ask_damaged`: restore ``backup`` over
    ``db`` (``None``: start with an empty database) and open it.  Raises
    :class:`AssessorError` ("The backup could not be restored: …") when
    either fails."""
    if backup is not None:
        try:
            restore_database(backup, db)
        except AssessorError as exc:
            raise AssessorError(f"The backup could not be restored: {exc}") from exc
    return open_workspace(db)

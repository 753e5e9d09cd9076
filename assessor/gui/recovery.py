"""Opening the database at start, and what to do when it is damaged.

:func:`open_or_recover` opens the workspace.  When the start-up integrity
check finds the database damaged, the service has already set the file
aside (renamed, untouched); the user is then offered the newest good
backup, an empty database, or to quit.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ..services import AssessorError, DamagedWorkspaceError, Workspace, open_workspace, restore_database


def ask_damaged(error: DamagedWorkspaceError, parent: QWidget | None = None) -> str:
    """Ask what to do about the damaged database: ``"restore"``, ``"empty"``
    or ``"quit"`` (only offers "restore" when there is a good backup)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "The database is damaged", str(error), parent=parent)
    box.setObjectName("damagedDialog")
    restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole) if error.backup else None
    empty = box.addButton("Start with an empty database", QMessageBox.ButtonRole.DestructiveRole)
    quit_ = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    return "empty" if clicked is empty else "quit"


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
                QMessageBox.critical(parent, "The backup could not be restored", str(exc))
                return None
        return open_workspace(db)

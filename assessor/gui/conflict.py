"""When someone else changed an item while this window was editing it.

Another Assessor window (or another interviewer on the same server) saved
the item first, so :class:`~assessor.services.Interview` refused to write
over it and raised :class:`~assessor.services.ConflictingChange`.
:func:`resolve` shows theirs next to yours and lets the user keep theirs or
write theirs over; closing the dialog takes theirs (nothing is lost that is
not on screen).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from ..domain import Assessment, Response
from ..services import ASSESSMENT_ITEM, ConflictingChange, Interview

KEEP_MINE, TAKE_THEIRS = "mine", "theirs"


def _rows(assessment: Assessment, change: ConflictingChange) -> list[tuple[str, str, str]]:
    """(field, theirs, yours) for the fields that differ (or the main one)."""
    if change.item_id == ASSESSMENT_ITEM:
        def show(values: dict, key: str) -> str:
            value = values.get(key)
            return "—" if value in (None, "") else str(getattr(value, "value", value))
        keys = [k for k in ("recommendation", "takeaways", "status") if k in change.mine] or ["recommendation"]
        return [(k.capitalize(), show(change.theirs, k), show(change.mine, k)) for k in keys]
    theirs: Response = change.theirs
    mine: Response = change.mine
    scale = assessment.kit.scale

    def rating(r: Response) -> str:
        return "not rated" if r.rating is None else f"{r.rating} · {scale.label(r.rating)}"

    rows = [("Rating", rating(theirs), rating(mine))]
    if theirs.flag_state != mine.flag_state:
        rows.append(("Flag", *(r.flag_state.value if r.flag_state else "—" for r in (theirs, mine))))
    if theirs.checked != mine.checked:
        rows.append(("Ticked", *("yes" if r.checked else "no" for r in (theirs, mine))))
    rows.append(("Notes", theirs.notes or "—", mine.notes or "—"))
    return rows


class ConflictDialog(QDialog):
    """Theirs vs yours, with Keep mine / Take theirs; :attr:`choice` says which."""

    def __init__(self, parent: QWidget | None, assessment: Assessment, change: ConflictingChange) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Changed by someone else")
        self.choice = TAKE_THEIRS
        layout = QVBoxLayout(self)
        message = QLabel(f"Someone else changed {change.name} while you were editing.")
        message.setObjectName("conflictMessage")
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setWordWrap(True)
        layout.addWidget(message)
        grid = QGridLayout()
        for column, title in ((1, "Theirs"), (2, "Yours")):
            head = QLabel(title)
            head.setStyleSheet("font-weight: 600;")
            grid.addWidget(head, 0, column)
        for row, (name, theirs, mine) in enumerate(_rows(assessment, change), start=1):
            for column, text in enumerate((name, theirs, mine)):
                cell = QLabel(text)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                cell.setWordWrap(True)
                cell.setObjectName(("conflictField", "conflictTheirs", "conflictYours")[column] + name)
                grid.addWidget(cell, row, column)
        layout.addLayout(grid)
        buttons = QDialogButtonBox()
        self.keep_button = buttons.addButton("Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setObjectName("keepMineButton")
        self.take_button = buttons.addButton("Take theirs", QDialogButtonBox.ButtonRole.RejectRole)
        self.take_button.setObjectName("takeTheirsButton")
        self.take_button.setDefault(True)
        self.keep_button.clicked.connect(lambda: self._choose(KEEP_MINE))
        self.take_button.clicked.connect(lambda: self._choose(TAKE_THEIRS))
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def resolve(parent: QWidget | None, interview: Interview, change: ConflictingChange) -> str:
    """Ask, then keep mine or take theirs; asks again if keeping mine meets
    yet another change.  Returns the choice made last.  A refused save of
    mine (:class:`~assessor.services.UnsavedError`) is raised to the caller."""
    while True:
        dialog = ConflictDialog(parent, interview.assessment, change)
        dialog.exec()
        choice = dialog.choice
        dialog.deleteLater()
        if choice == TAKE_THEIRS:
            interview.take_theirs(change.item_id)
            return choice
        try:
            interview.keep_mine(change.item_id)
        except ConflictingChange as again:
            change = again
            continue
        return choice

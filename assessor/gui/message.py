"""The one seam for messages to the user: every warning, notice and
question of the window goes through here (as qutebrowser's
``message.error``/``message.info`` and Anki's ``showWarning``/``askUser``).

Widgets call :func:`info`, :func:`warning`, :func:`error`, :func:`yes_no` or
:func:`ask`; none of them builds a ``QMessageBox`` itself.  Each call ends
in :func:`present`, the only function here that touches Qt's message box:
a test replaces it (``monkeypatch.setattr(message, "present", fake)``) to
answer or record messages without a modal dialog.  The wording stays with
the caller, in the shell's own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

#: the kinds of message, each with its icon
ICONS = {
    "info": QMessageBox.Icon.Information,
    "warning": QMessageBox.Icon.Warning,
    "error": QMessageBox.Icon.Critical,
    "question": QMessageBox.Icon.Question,
}


#: button roles and standard buttons for :class:`Choice` (callers need no QMessageBox)
ACCEPT = QMessageBox.ButtonRole.AcceptRole
REJECT = QMessageBox.ButtonRole.RejectRole
DESTRUCTIVE = QMessageBox.ButtonRole.DestructiveRole
YES = QMessageBox.StandardButton.Yes
NO = QMessageBox.StandardButton.No
OK_BUTTON = QMessageBox.StandardButton.Ok
CANCEL = QMessageBox.StandardButton.Cancel
SAVE = QMessageBox.StandardButton.Save
DISCARD = QMessageBox.StandardButton.Discard


@dataclass(frozen=True)
class Choice:
    """One button of a question: ``key`` is what :func:`ask` returns when
    it is clicked.  Either a ``standard`` button (``QMessageBox.StandardButton``,
    its text replaced by ``text`` when given) or a button of ``text`` with
    the ``role`` (``QMessageBox.ButtonRole``).  ``name``: its object name."""

    key: str
    text: str = ""
    role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.AcceptRole
    standard: QMessageBox.StandardButton | None = None
    name: str = ""


OK = (Choice("ok", standard=QMessageBox.StandardButton.Ok),)


def present(parent: QWidget | None, kind: str, title: str, text: str, choices: Sequence[Choice] = OK, *,
            default: str | None = None, escape: str | None = None, name: str = "", informative: str = "",
            details: str = "") -> str | None:
    """Show a modal message box and return the ``key`` of the choice
    clicked (``None`` when it was closed otherwise).  ``kind``: a key of
    :data:`ICONS`; ``default``/``escape``: keys of ``choices``; ``name``:
    the box's object name; ``informative``/``details``: Qt's informative
    and detailed texts.  The one place that builds a ``QMessageBox``."""
    box = QMessageBox(ICONS[kind], title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are shown as typed, never read as markup
    if name:
        box.setObjectName(name)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    buttons = {}
    for choice in choices:
        if choice.standard is not None:
            button = box.addButton(choice.standard)
            if choice.text:
                button.setText(choice.text)
        else:
            button = box.addButton(choice.text, choice.role)
        if choice.name:
            button.setObjectName(choice.name)
        buttons[choice.key] = button
    if default in buttons:
        box.setDefaultButton(buttons[default])
    if escape in buttons:
        box.setEscapeButton(buttons[escape])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in buttons.items() if button is clicked), None)


def info(parent: QWidget | None, title: str, text: str) -> None:
    """A notice the user acknowledges (OK)."""
    present(parent, "info", title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    """Something did not happen (not saved, not exported…): say why."""
    present(parent, "warning", title, text)


def error(parent: QWidget | None, title: str, text: str) -> None:
    """Something failed badly (cannot start, unexpected error)."""
    present(parent, "error", title, text)


def yes_no(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """True when the user answers Yes (Escape and No: False)."""
    choices = (Choice("yes", standard=QMessageBox.StandardButton.Yes),
               Choice("no", standard=QMessageBox.StandardButton.No))
    return present(parent, "question", title, text, choices, default="yes" if default_yes else "no",
                   escape="no") == "yes"


def ask(parent: QWidget | None, title: str, text: str, choices: Sequence[Choice], *, kind: str = "question",
        default: str | None = None, escape: str | None = None, name: str = "", informative: str = "",
        details: str = "") -> str | None:
    """A question with its own buttons; returns the key of the one clicked
    (``None`` when closed otherwise).  See :func:`present`."""
    return present(parent, kind, title, text, choices, default=default, escape=escape, name=name,
                   informative=informative, details=details)


def confirm(parent: QWidget | None, title: str, text: str, button: str, *, name: str = "") -> bool:
    """A destructive step: True only when ``button`` is clicked (Cancel is
    the other choice)."""
    choices = (Choice("go", button, QMessageBox.ButtonRole.DestructiveRole),
               Choice("cancel", standard=QMessageBox.StandardButton.Cancel))
    return present(parent, "warning", title, text, choices, escape="cancel", name=name) == "go"

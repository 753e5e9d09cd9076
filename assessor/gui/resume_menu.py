"""Candidates ▸ Attach resume… and Remove resume: the selected candidate's
resume, later than the New candidate dialog (issue 17).

:func:`install_resume_actions` adds both to the main window's Candidates
menu, after "New candidate…"; they call :mod:`assessor.services.resume`
and say what happened in the status bar (the file's name only, never its
content).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from ..domain.resume import size_text
from ..services import AssessorError
from ..services.resume import attach_resume, has_resume, remove_resume
from .dialogs import choose_resume_file
from . import message


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + "."


class ResumeActions(QObject):
    """The two actions for ``window`` (a MainWindow: ``ws``, ``menus``,
    ``candidates``, ``stack``, ``act_new``)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.act_attach = QAction("Attach &resume…", window)
        self.act_attach.setObjectName("actionAttachResume")
        self.act_attach.setStatusTip("Attach or replace the selected candidate's resume (PDF or text, up to 10 MB)")
        self.act_attach.triggered.connect(lambda: self.attach())
        self.act_remove = QAction("Remo&ve resume", window)
        self.act_remove.setObjectName("actionRemoveResume")
        self.act_remove.setStatusTip("Remove the selected candidate's resume")
        self.act_remove.triggered.connect(lambda: self.remove())
        menu = window.menus["&Candidates"]
        actions = menu.actions()
        after = actions.index(window.act_new) + 1 if window.act_new in actions else len(actions)
        before = actions[after] if after < len(actions) else None
        menu.insertActions(before, [self.act_attach, self.act_remove])
        window.candidates.selection_changed.connect(self.update)
        window.stack.currentChanged.connect(lambda _i: self.update())
        self.update()

    def _selected(self):  # noqa: ANN202 - a CandidateOverview or None
        if self.window.stack.currentWidget() is not self.window.candidates:
            return None
        return self.window.candidates.current()

    def update(self) -> None:
        """Enable the actions when a candidate is selected in the list."""
        row = self._selected()
        self.act_attach.setEnabled(row is not None)
        self.act_remove.setEnabled(row is not None)

    def attach(self, path=None) -> bool:  # noqa: ANN001 - a Path, else a file dialog asks
        """Attach a resume to the selected candidate (asks for the file, and
        before replacing one); True if attached."""
        row = self._selected()
        if row is None:
            return False
        candidate = row.candidate
        if path is None:
            path = choose_resume_file(self.window)
            if path is None:
                return False
        if has_resume(self.window.ws, candidate.id) and not message.yes_no(
                self.window, "Replace the resume", f"{candidate.name} has a resume. Replace it with {path.name}?"):
            return False
        try:
            resume = attach_resume(self.window.ws, candidate.id, path)
        except AssessorError as exc:
            message.warning(self.window, "Resume not attached", _sentence(str(exc)))
            return False
        self.window.statusBar().showMessage(
            f"Resume attached to {candidate.name}: {resume.file_name} ({size_text(resume.size)})", 5000)
        return True

    def remove(self) -> bool:
        """Remove the selected candidate's resume (asks first); True if removed."""
        row = self._selected()
        if row is None:
            return False
        candidate = row.candidate
        if not has_resume(self.window.ws, candidate.id):
            self.window.statusBar().showMessage(f"{candidate.name} has no resume", 4000)
            return False
        if not message.yes_no(self.window, "Remove the resume", f"Remove the resume of {candidate.name}?"):
            return False
        try:
            remove_resume(self.window.ws, candidate.id)
        except AssessorError as exc:
            message.warning(self.window, "Resume not removed", _sentence(str(exc)))
            return False
        self.window.statusBar().showMessage(f"Resume of {candidate.name} removed", 4000)
        return True


def install_resume_actions(window: QMainWindow) -> ResumeActions:
    """Add Attach resume… and Remove resume to ``window``'s Candidates menu."""
    return ResumeActions(window)

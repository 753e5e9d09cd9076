"""The Data menu: Preferences, the audit trail, a backup of the database,
erasing and anonymizing a candidate, and the retention offer at start.

:func:`install_data_menu` adds the menu to the main window; every action
calls :mod:`assessor.services` and shows the result.  Erasing lists the
exported report files that may still hold the candidate's data, for the
user to delete (Assessor never deletes files outside its data folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from ..services import (
    AssessorError, PrivacyReport, anonymize_candidate, anonymize_past_retention, backup_workspace, erase_candidate,
    past_retention,
)
from .audit_view import AuditDialog
from .preferences import PreferencesDialog


class DataMenu(QObject):
    """The actions of the Data menu for ``window`` (a MainWindow: it has
    ``ws``, ``settings``, ``candidates`` and ``interviewer``)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.audit: AuditDialog | None = None
        menu = window.menus["&Data"]  # made with the window, before Help
        menu.setObjectName("dataMenu")
        self.act_prefs = self._add(menu, "actionPreferences", "&Preferences…", self.show_preferences)
        menu.addSeparator()
        self.act_audit = self._add(menu, "actionAuditTrail", "&Audit trail…", self.show_audit)
        self.act_backup = self._add(menu, "actionBackup", "&Back up the database…", self.backup)
        menu.addSeparator()
        self.act_anonymize = self._add(menu, "actionAnonymize", "A&nonymize candidate…", self.anonymize_selected)
        self.act_erase = self._add(menu, "actionErase", "&Erase candidate…", self.erase_selected)
        self.menu = menu

    def _add(self, menu, name: str, text: str, slot) -> QAction:  # noqa: ANN001
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    @property
    def ws(self):  # noqa: ANN201 - the window's Workspace
        return self.window.ws

    def _selected(self):  # noqa: ANN202 - a CandidateOverview or None
        row = self.window.candidates.current()
        if row is None or self.window.stack.currentWidget() is not self.window.candidates:
            QMessageBox.information(self.window, "Assessor", "Select a candidate in the list first.")
            return None
        return row

    def _export_dirs(self) -> list[Path]:
        saved = self.window.settings.value("export_dir", "")
        return [Path(saved)] if saved else []

    # -- the actions ------------------------------------------------------------

    def show_preferences(self) -> PreferencesDialog:
        """Data ▸ Preferences (modal)."""
        dialog = PreferencesDialog(self.ws, self.window)
        dialog.exec()
        return dialog

    def show_audit(self) -> AuditDialog:
        """Data ▸ Audit trail: of the selected candidate if any (non-modal)."""
        row = self.window.candidates.current()
        if self.window.stack.currentWidget() is not self.window.candidates and self.window.view.interview:
            candidate_id = self.window.view.interview.assessment.candidate.id
        else:
            candidate_id = row.candidate.id if row else None
        self.audit = AuditDialog(self.ws, candidate_id, self.window)
        self.audit.show()
        return self.audit

    def backup(self, dest: Path | None = None) -> Path | None:
        """Data ▸ Back up the database: copy it to a file the user picks."""
        if dest is None:
            chosen, _ = QFileDialog.getSaveFileName(self.window, "Back up the database",
                                                    str(Path.home() / "assessor-backup.sqlite3"),
                                                    "SQLite databases (*.sqlite3)")
            if not chosen:
                return None
            dest = Path(chosen)
        try:
            written = backup_workspace(self.ws, dest)
        except AssessorError as exc:
            QMessageBox.warning(self.window, "Backup failed", str(exc))
            return None
        self.window.statusBar().showMessage(f"Database backed up to {written}", 10000)
        return written

    def _confirm(self, title: str, text: str, button: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window)
        box.setObjectName("privacyConfirm")
        go = box.addButton(button, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def _report(self, title: str, what: str, report: PrivacyReport) -> None:
        text = f"Candidate {report.candidate_id} was {what}; {report.backups} backup(s) were changed too."
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self.window)
        box.setObjectName("privacyResult")
        if report.leftovers:
            box.setInformativeText(f"{len(report.leftovers)} file(s) outside the database may still hold the "
                                   "candidate's data. Delete them yourself (see Details).")
            box.setDetailedText("\n".join(str(p) for p in report.leftovers))
        self.last_report = report
        box.exec()

    def erase_selected(self) -> PrivacyReport | None:
        """Data ▸ Erase candidate: confirm, erase everywhere, list leftovers."""
        row = self._selected()
        if row is None:
            return None
        name = row.candidate.name
        if not self._confirm("Erase candidate", f"Erase {name} and every assessment, note, resume and audit entry of "
                             "theirs, here and in every backup?\n\nThis cannot be undone.", "Erase"):
            return None
        try:
            report = erase_candidate(self.ws, row.candidate.id, self._export_dirs(), self.window.interviewer)
        except AssessorError as exc:
            QMessageBox.warning(self.window, "Not erased", str(exc))
            return None
        self.window.candidates.refresh()
        self._report("Candidate erased", "erased", report)
        return report

    def anonymize_selected(self) -> PrivacyReport | None:
        """Data ▸ Anonymize candidate: confirm, replace the identity, keep ratings."""
        row = self._selected()
        if row is None:
            return None
        if not self._confirm("Anonymize candidate", f"Replace the name, email, notes and takeaways of "
                             f"{row.candidate.name} and remove their resume, here and in every backup? The ratings "
                             "are kept for statistics.\n\nThis cannot be undone.", "Anonymize"):
            return None
        try:
            report = anonymize_candidate(self.ws, row.candidate.id, self._export_dirs(), self.window.interviewer)
        except AssessorError as exc:
            QMessageBox.warning(self.window, "Not anonymized", str(exc))
            return None
        self.window.candidates.refresh(select_id=row.candidate.id)
        self._report("Candidate anonymized", "anonymized", report)
        return report

    def offer_retention(self) -> list[int]:
        """At start: offer to anonymize the candidates past the retention
        period of Preferences; returns the ids anonymized."""
        due = past_retention(self.ws)
        if not due:
            return []
        days = self.ws.prefs.retention_days
        if not self._confirm("Retention period", f"{len(due)} candidate(s) have had no activity for more than "
                             f"{days} days. Anonymize them now? Their ratings are kept.", "Anonymize"):
            return []
        try:
            done = anonymize_past_retention(self.ws, actor=self.window.interviewer)
        except AssessorError as exc:
            QMessageBox.warning(self.window, "Not anonymized", str(exc))
            return []
        self.window.candidates.refresh()
        self.window.statusBar().showMessage(f"{len(done)} candidate(s) anonymized", 10000)
        return done


def install_data_menu(window: QMainWindow) -> DataMenu:
    """Add the Data menu to ``window`` and return it."""
    return DataMenu(window)

"""The Data menu: Preferences, the audit trail, a backup of the database,
erasing and anonymizing a candidate, and the retention offer at start.

:func:`install_data_menu` adds the menu to the main window; every action
runs its service call on the window's database worker (:mod:`assessor.gui.ops`:
erasing and anonymizing rewrite every backup, which takes a while) under a
progress dialog, then shows the result; the candidate list follows the
change notice.  Erasing lists the
exported report files that may still hold the candidate's data, for the
user to delete (Assessor never deletes files outside its data folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow

from ..services import (
    PrivacyReport, anonymize_candidate, anonymize_past_retention, backup_workspace, erase_candidate,
    past_retention,
)
from . import message
from .audit_view import AuditDialog
from .ops import Changes, Op
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
            message.info(self.window, "Assessor", "Select a candidate in the list first.")
            return None
        return row

    def _export_dirs(self) -> list[Path]:
        saved = self.ws.prefs.export_folder
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

    def backup(self, dest: Path | None = None) -> Op | None:
        """Data ▸ Back up the database: copy it to a file the user picks
        (on the worker); returns the operation (its result: the file
        written), ``None`` when the user cancelled."""
        if dest is None:
            chosen, _ = QFileDialog.getSaveFileName(self.window, "Back up the database",
                                                    str(Path.home() / "assessor-backup.sqlite3"),
                                                    "SQLite databases (*.sqlite3)")
            if not chosen:
                return None
            dest = Path(chosen)
        return self.window.ops.run(
            backup_workspace, self.ws, dest, progress="Backing up the database…", title="Backup failed",
            on_success=lambda written: self.window.statusBar().showMessage(f"Database backed up to {written}", 10000))

    def _confirm(self, title: str, text: str, button: str) -> bool:
        return message.confirm(self.window, title, text, button, name="privacyConfirm")

    def _report(self, title: str, what: str, report: PrivacyReport) -> None:
        text = f"Candidate {report.candidate_id} was {what}; {report.backups} backup(s) were changed too."
        informative = details = ""
        if report.leftovers:
            informative = (f"{len(report.leftovers)} file(s) outside the database may still hold the "
                           "candidate's data. Delete them yourself (see Details).")
            details = "\n".join(str(p) for p in report.leftovers)
        self.last_report = report
        message.present(self.window, "info", title, text, name="privacyResult", informative=informative,
                        details=details)

    def erase_selected(self) -> Op | None:
        """Data ▸ Erase candidate: confirm, erase everywhere (on the
        worker), list leftovers.  Returns the operation (its result: the
        :class:`PrivacyReport`), ``None`` when not asked or cancelled."""
        row = self._selected()
        if row is None:
            return None
        name = row.candidate.name
        if not self._confirm("Erase candidate", f"Erase {name} and every assessment, note, resume and audit entry of "
                             "theirs, here and in every backup?\n\nThis cannot be undone.", "Erase"):
            return None
        return self.window.ops.run(
            erase_candidate, self.ws, row.candidate.id, self._export_dirs(), self.window.interviewer,
            progress=f"Erasing {name} here and in every backup…", title="Not erased",
            changes=Changes(candidates=True),
            on_success=lambda report: self._report("Candidate erased", "erased", report))

    def anonymize_selected(self) -> Op | None:
        """Data ▸ Anonymize candidate: confirm, replace the identity, keep
        ratings (on the worker).  Returns the operation (its result: the
        :class:`PrivacyReport`), ``None`` when not asked or cancelled."""
        row = self._selected()
        if row is None:
            return None
        if not self._confirm("Anonymize candidate", f"Replace the name, email, notes and takeaways of "
                             f"{row.candidate.name} and remove their resume, here and in every backup? The ratings "
                             "are kept for statistics.\n\nThis cannot be undone.", "Anonymize"):
            return None
        return self.window.ops.run(
            anonymize_candidate, self.ws, row.candidate.id, self._export_dirs(), self.window.interviewer,
            progress="Anonymizing the candidate here and in every backup…", title="Not anonymized",
            changes=Changes(candidates=True, candidate_id=row.candidate.id),
            on_success=lambda report: self._report("Candidate anonymized", "anonymized", report))

    def offer_retention(self) -> Op:
        """At start: look (on the worker) for the candidates past the
        retention period of Preferences and offer to anonymize them.
        Returns the look-up; :attr:`retention` is then the operation that
        anonymizes (its result: the ids anonymized), or ``None``."""
        self.retention: Op | None = None
        return self.window.ops.run(past_retention, self.ws, on_success=self._offer_retention)

    def _offer_retention(self, due: list) -> None:
        if not due:
            return
        days = self.ws.prefs.retention_days
        if not self._confirm("Retention period", f"{len(due)} candidate(s) have had no activity for more than "
                             f"{days} days. Anonymize them now? Their ratings are kept.", "Anonymize"):
            return
        self.retention = self.window.ops.run(
            anonymize_past_retention, self.ws, actor=self.window.interviewer, title="Not anonymized",
            progress="Anonymizing the candidates past the retention period…", changes=Changes(candidates=True),
            on_success=lambda done: self.window.statusBar().showMessage(
                f"{len(done)} candidate(s) anonymized", 10000))


def install_data_menu(window: QMainWindow) -> DataMenu:
    """Add the Data menu to ``window`` and return it."""
    return DataMenu(window)

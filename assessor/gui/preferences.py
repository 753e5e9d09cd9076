"""The Preferences dialog: backups to keep, the retention period, a team's
report template and question-bank folders (see
:class:`assessor.services.Preferences`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QSpinBox, QVBoxLayout, QWidget,
)

from ..services import AssessorError, Preferences, Workspace, update_preferences


class PreferencesDialog(QDialog):
    """Edits ``ws.prefs``; OK saves them (and applies them to ``ws`` at once).

    After :meth:`accept`, :attr:`saved` is the file written (``None`` if it
    could not be, with the reason in :attr:`error` shown inline).
    """

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(520)
        self.ws = ws
        self.saved: Path | None = None
        prefs = ws.prefs

        self.backups = QSpinBox()
        self.backups.setObjectName("backupsKeep")
        self.backups.setRange(0, 1000)
        self.backups.setValue(prefs.backups_keep)
        self.backups.setSpecialValueText("No automatic backups")
        self.backups.setToolTip("Copies of the database made at start and after each submitted assessment, "
                                "kept in the data folder's 'backups' folder")
        self.retention = QSpinBox()
        self.retention.setObjectName("retentionDays")
        self.retention.setRange(0, 36_500)
        self.retention.setSuffix(" days")
        self.retention.setValue(prefs.retention_days)
        self.retention.setSpecialValueText("Never ask")
        self.retention.setToolTip("At start, offer to anonymize candidates with no activity for this long")
        self.template = QLineEdit(prefs.report_template)
        self.template.setObjectName("reportTemplate")
        self.template.setPlaceholderText("Built-in report")
        browse = QPushButton("Browse…")
        browse.setObjectName("browseTemplate")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(browse)

        self.folders = QPlainTextEdit("\n".join(prefs.bank_folders))
        self.folders.setObjectName("bankFolders")
        self.folders.setPlaceholderText("One folder a line, e.g. a shared drive or a git checkout")
        self.folders.setToolTip("Loaded after the built-in banks and your own; a role in a later folder "
                                "overrides an earlier one. ASSESSOR_BANK_PATH adds more.")
        self.folders.setFixedHeight(72)
        add_folder = QPushButton("Add folder…")
        add_folder.setObjectName("addBankFolder")
        add_folder.clicked.connect(self._add_folder)
        folders_row = QHBoxLayout()
        folders_row.addWidget(self.folders, 1)
        folders_row.addWidget(add_folder)

        form = QFormLayout()
        form.addRow("Automatic &backups to keep", self.backups)
        form.addRow("Anonymize candidates after", self.retention)
        form.addRow("Team report &template", row)
        form.addRow("Team question-bank &folders", folders_row)
        note = QLabel("A team template runs in a sandbox: it cannot read files or run code, and it is stopped "
                      "after 10 seconds.")
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Report template", self.template.text() or str(Path.home()),
                                                "Report templates (*.j2 *.rml);;All files (*)")
        if chosen:
            self.template.setText(chosen)

    def _add_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Team question-bank folder", str(Path.home()))
        if chosen:
            text = self.folders.toPlainText().rstrip()
            self.folders.setPlainText(f"{text}\n{chosen}" if text else chosen)

    def preferences(self) -> Preferences:
        """The preferences as the dialog shows them."""
        folders = [line.strip() for line in self.folders.toPlainText().splitlines() if line.strip()]
        return Preferences(backups_keep=self.backups.value(), retention_days=self.retention.value(),
                           report_template=self.template.text().strip(), bank_folders=folders)

    def accept(self) -> None:  # noqa: D102 - QDialog API
        prefs = self.preferences()
        if prefs.report_template and not Path(prefs.report_template).expanduser().is_file():
            self._show(f"No template file at {prefs.report_template}.")
            return
        missing = [f for f in prefs.bank_folders if not Path(f).expanduser().is_dir()]
        if missing:
            self._show(f"No folder at {missing[0]}.")
            return
        try:
            self.saved = update_preferences(self.ws, prefs)
        except AssessorError as exc:
            self._show(str(exc).capitalize() + ".")
            return
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

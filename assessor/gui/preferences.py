"""The Preferences dialog (see :class:`assessor.services.Preferences`), in
two tabs.

* General: the user's name as an interviewer, backups to keep, the
  retention period, a team's question-bank folders.
* Reports: a team's report template, and the branding of the reports:
  company name, logo (a PNG or JPEG file, shown as a thumbnail), accent
  colour (picked with the colour dialog, shown as a swatch and as its
  ``#rrggbb``) and which optional sections to include
  (:data:`assessor.services.settings.REPORT_SECTIONS`).

OK saves through :func:`assessor.services.update_preferences`; a value that
cannot be saved is explained inline, on the tab that holds it, and the
dialog stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QColorDialog, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from ..services import AssessorError, Preferences, Workspace, update_preferences
from ..services.settings import REPORT_SECTIONS
from .ops import Changes, ops_of
from .style import BORDER, MUTED

#: the image formats a logo may be in (what the reports embed)
LOGO_FORMATS = {b"png": "PNG", b"jpeg": "JPEG"}
LOGO_PREVIEW = QSize(160, 56)


def readable_on(colour: QColor) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative
    luminance, threshold 0.179: the point where both contrasts are equal)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
                 + 0.0722 * channel(colour.blueF()))
    return "#000000" if luminance > 0.179 else "#ffffff"


def _label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic moves the focus to ``buddy`` (a form
    row holding a layout gets no buddy by itself)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def logo_problem(path: str) -> str:
    """Why ``path`` cannot be the reports' logo ("" when it can): it must
    be a readable PNG or JPEG file."""
    file = Path(path).expanduser()
    if not file.is_file():
        return f"No logo file at {path}."
    reader = QImageReader(str(file))
    fmt = bytes(reader.format().data())
    if fmt not in LOGO_FORMATS:
        return f"The logo must be a PNG or JPEG image; {file.name} is not one."
    if reader.size().isEmpty():
        return f"The logo {file.name} could not be read as an image."
    return ""


class PreferencesDialog(QDialog):
    """Edits ``ws.prefs``; OK saves them (and applies them to ``ws`` at once).

    After :meth:`accept`, :attr:`saved` is the file written (``None`` if it
    could not be, with the reason in :attr:`error` shown inline).
    Branding widgets by object name: ``interviewerName``, ``companyName``,
    ``logoPath``, ``chooseLogo``, ``clearLogo``, ``logoPreview``,
    ``accentColour`` (the button; its text is the hex value) and one
    ``section_<key>`` check box per report section.
    """

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(640)
        self.ws = ws
        self.saved: Path | None = None
        prefs = ws.prefs

        # -- General --------------------------------------------------------
        self.interviewer = QLineEdit(prefs.interviewer)
        self.interviewer.setObjectName("interviewerName")
        self.interviewer.setMaxLength(200)
        self.interviewer.setPlaceholderText("Your name, as reports and the panel show it")
        self.interviewer.setToolTip("Set once and kept: each interviewer of a panel scores in an assessment "
                                    "of their own, found by this name")
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
        folders_row.addWidget(add_folder, 0, Qt.AlignmentFlag.AlignTop)

        general = QWidget()
        form = QFormLayout()
        form.setSpacing(10)
        form.addRow("Your &name as interviewer", self.interviewer)
        name_note = QLabel("Each interviewer of a panel scores in an assessment of their own, found by this name; "
                           "the others' ratings stay hidden from you until you submit yours.")
        name_note.setObjectName("hint")
        name_note.setWordWrap(True)
        form.addRow("", name_note)
        form.addRow("Automatic &backups to keep", self.backups)
        form.addRow("Anonymize candidates after", self.retention)
        form.addRow(_label("Team question-bank &folders", self.folders), folders_row)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(form)
        general_layout.addStretch(1)

        # -- Reports ----------------------------------------------------------
        self.template = QLineEdit(prefs.report_template)
        self.template.setObjectName("reportTemplate")
        self.template.setPlaceholderText("Built-in report")
        browse = QPushButton("Browse…")
        browse.setObjectName("browseTemplate")
        browse.clicked.connect(self._browse)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(browse)
        template_note = QLabel("A team template runs in a sandbox: it cannot read files or run code, and it is "
                               "stopped after 10 seconds.")
        template_note.setObjectName("hint")
        template_note.setWordWrap(True)

        self.company = QLineEdit(prefs.company_name)
        self.company.setObjectName("companyName")
        self.company.setMaxLength(200)
        self.company.setPlaceholderText("Shown at the top of each report")

        self.logo = QLineEdit(prefs.logo_path)
        self.logo.setObjectName("logoPath")
        self.logo.setPlaceholderText("No logo")
        self.logo.textChanged.connect(self._show_logo)
        choose_logo = QPushButton("Choose…")
        choose_logo.setObjectName("chooseLogo")
        choose_logo.clicked.connect(self.choose_logo)
        self.clear_logo = QPushButton("Clear")
        self.clear_logo.setObjectName("clearLogo")
        self.clear_logo.clicked.connect(self.logo.clear)
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(LOGO_PREVIEW + QSize(12, 12))
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet(f"QLabel#logoPreview {{ background: white; border: 1px dashed {BORDER}; "
                                        f"border-radius: 6px; color: {MUTED}; }}")
        logo_row = QGridLayout()
        logo_row.addWidget(self.logo, 0, 0)
        logo_row.addWidget(choose_logo, 0, 1)
        logo_row.addWidget(self.clear_logo, 0, 2)
        logo_row.addWidget(self.logo_preview, 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft)
        logo_row.setColumnStretch(0, 1)

        self.accent = QPushButton()
        self.accent.setObjectName("accentColour")
        self.accent.setToolTip("The colour of the reports' headings and bars; they stay readable in greyscale "
                               "print whatever it is")
        self.accent.clicked.connect(self.choose_accent)
        self.accent.setMinimumWidth(120)
        accent_row = QHBoxLayout()
        accent_row.addWidget(self.accent)
        accent_row.addStretch(1)
        self.set_accent(prefs.accent_colour)

        self.sections: dict[str, QCheckBox] = {}
        sections_grid = QGridLayout()
        sections_grid.setHorizontalSpacing(18)
        sections_grid.setVerticalSpacing(4)
        half = (len(REPORT_SECTIONS) + 1) // 2
        for n, (key, label) in enumerate(REPORT_SECTIONS.items()):
            box = QCheckBox(label)
            box.setObjectName(f"section_{key}")
            box.setChecked(key in prefs.report_sections)
            self.sections[key] = box
            sections_grid.addWidget(box, n % half, n // half)
        sections_note = QLabel("The summary page (recommendation, scores, the panel's tally) is always included.")
        sections_note.setObjectName("hint")
        sections_note.setWordWrap(True)
        sections_box = QVBoxLayout()
        sections_box.addLayout(sections_grid)
        sections_box.addWidget(sections_note)

        reports = QWidget()
        rform = QFormLayout()
        rform.setSpacing(10)
        rform.addRow(_label("Team report &template", self.template), template_row)
        rform.addRow("", template_note)
        rform.addRow("&Company name", self.company)
        rform.addRow(_label("&Logo", self.logo), logo_row)
        rform.addRow(_label("&Accent colour", self.accent), accent_row)
        rform.addRow("Sections to include", sections_box)
        reports_layout = QVBoxLayout(reports)
        reports_layout.addLayout(rform)
        reports_layout.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(general, "&General")
        self.tabs.addTab(reports, "&Reports and branding")
        self._tab_of = {self.interviewer: 0, self.backups: 0, self.retention: 0, self.folders: 0,
                        self.template: 1, self.company: 1, self.logo: 1, self.accent: 1}

        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setWordWrap(True)
        self.error.hide()
        for edit in (self.interviewer, self.template, self.company, self.logo):
            edit.textChanged.connect(self.error.hide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_logo()
        # Word-wrapped notes make Qt underestimate the tabs' height: start tall enough.
        self.resize(max(self.sizeHint().width(), 680), max(self.sizeHint().height(), 620))

    # -- pickers ----------------------------------------------------------------

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

    def choose_logo(self) -> None:
        """Pick the logo file (PNG or JPEG)."""
        start = self.logo.text().strip() or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Logo for the reports", start,
                                                "Images (*.png *.jpg *.jpeg);;All files (*)")
        if chosen:
            self.logo.setText(chosen)

    def _show_logo(self) -> None:
        path = self.logo.text().strip()
        self.clear_logo.setEnabled(bool(path))
        if not path:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            return
        problem = logo_problem(path)
        pixmap = QPixmap() if problem else QPixmap(str(Path(path).expanduser()))
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("Not an image" if Path(path).expanduser().is_file() else "No such file")
            return
        self.logo_preview.setText("")
        self.logo_preview.setPixmap(pixmap.scaled(LOGO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))

    def accent_colour(self) -> str:
        """The accent colour chosen, as ``#rrggbb``."""
        return str(self.accent.property("hex"))

    def set_accent(self, hex_colour: str) -> None:
        """Show ``hex_colour`` (``#rrggbb``) on the accent button: as its
        background and as text, so it does not rest on colour alone."""
        colour = QColor(hex_colour)
        if not colour.isValid():
            return
        value = colour.name()  # lower-case #rrggbb
        self.accent.setProperty("hex", value)
        self.accent.setText(value)
        self.accent.setStyleSheet(f"QPushButton#accentColour {{ background: {value}; color: {readable_on(colour)}; "
                                  f"border: 1px solid {BORDER}; font-family: monospace; font-weight: 600; }}")

    def choose_accent(self) -> None:
        """Pick the accent colour with the colour dialog."""
        colour = QColorDialog.getColor(QColor(self.accent_colour()), self, "Accent colour of the reports")
        if colour.isValid():
            self.set_accent(colour.name())

    # -- saving -----------------------------------------------------------------

    def preferences(self) -> Preferences:
        """The preferences as the dialog shows them (anything the dialog does
        not show is kept).  Raises ``ValueError`` for a value the settings
        refuse."""
        folders = [line.strip() for line in self.folders.toPlainText().splitlines() if line.strip()]
        changes = {
            "interviewer": self.interviewer.text().strip(),
            "backups_keep": self.backups.value(),
            "retention_days": self.retention.value(),
            "report_template": self.template.text().strip(),
            "bank_folders": folders,
            "company_name": self.company.text().strip(),
            "logo_path": self.logo.text().strip(),
            "accent_colour": self.accent_colour(),
            "report_sections": [key for key, box in self.sections.items() if box.isChecked()],
        }
        return Preferences.model_validate({**self.ws.prefs.model_dump(), **changes})

    def accept(self) -> None:  # noqa: D102 - QDialog API
        try:
            prefs = self.preferences()
        except ValueError as exc:  # pydantic's ValidationError: a value the settings refuse
            self._show(f"A value cannot be saved: {exc.errors()[0]['msg'] if hasattr(exc, 'errors') else exc}.")
            return
        if prefs.report_template and not Path(prefs.report_template).expanduser().is_file():
            self._show(f"No template file at {prefs.report_template}.", self.template)
            return
        missing = [f for f in prefs.bank_folders if not Path(f).expanduser().is_dir()]
        if missing:
            self._show(f"No folder at {missing[0]}.", self.folders)
            return
        if prefs.logo_path and (problem := logo_problem(prefs.logo_path)):
            self._show(problem, self.logo)
            return
        banks = prefs.bank_folders != self.ws.prefs.bank_folders
        try:  # on the worker: new bank folders are loaded at once
            self.saved = ops_of(self, self.ws).call(
                update_preferences, self.ws, prefs, progress="Saving the preferences…",
                changes=Changes(preferences=True, banks=banks))
        except AssessorError as exc:
            self._show(str(exc).capitalize() + ".")
            return
        super().accept()

    def _show(self, message: str, field: QWidget | None = None) -> None:
        self.error.setText(message)
        self.error.show()
        if field is not None:
            self.tabs.setCurrentIndex(self._tab_of.get(field, self.tabs.currentIndex()))
            field.setFocus()

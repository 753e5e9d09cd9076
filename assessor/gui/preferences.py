"""The Preferences dialog, built from the declaration of the settings
(:class:`assessor.services.Preferences`: each field's title, description,
bounds and ``json_schema_extra``, napari style), in two tabs.

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

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QColorDialog, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel,
    QLayout, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from ..services import AssessorError, Preferences, Workspace, update_preferences
from ..services.settings import REPORT_SECTIONS
from .ops import Changes, ops_of
from .style import BORDER, MUTED
from .screen import fit_to_screen

#: the image formats a logo may be in (what the reports embed)
LOGO_FORMATS = {b"png": "PNG", b"jpeg": "JPEG"}
LOGO_PREVIEW = QSize(160, 56)
#: the dialog's tabs: the ``tab`` of a setting's declaration, and the tab's title
TABS = {"general": "&General", "reports": "&Reports and branding"}
#: the lists of choices a declaration names (``choices=``)
CHOICES = {"REPORT_SECTIONS": REPORT_SECTIONS}
#: the dialog's attribute for a setting's editor (tests and the pickers use them)
ATTRIBUTES = {"interviewer": "interviewer", "backups_keep": "backups", "retention_days": "retention",
              "bank_folders": "folders", "report_template": "template", "company_name": "company",
              "logo_path": "logo"}


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
        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setWordWrap(True)
        self.error.hide()
        #: per setting shown: a function giving the value the dialog shows
        self._values: dict[str, Callable[[], object]] = {}
        self._tab_of: dict[QWidget, int] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        for index, (tab, title) in enumerate(TABS.items()):
            self.tabs.addTab(self._build_tab(tab, index), title)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_logo()
        # Word-wrapped notes make Qt underestimate the tabs' height: start tall enough.
        fit_to_screen(self, max(self.sizeHint().width(), 680), max(self.sizeHint().height(), 620),
                      remember="preferences")

    # -- built from the declaration (assessor.services.settings.Preferences) ------

    def _build_tab(self, tab: str, index: int) -> QWidget:
        """One tab: a form row per setting declared on ``tab``, in order."""
        page = QWidget()
        form = QFormLayout()
        form.setSpacing(10)
        for key, info in Preferences.model_fields.items():
            ui = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            if ui.get("tab") != tab:
                continue
            focus, row = self._editor(key, info, ui)
            if focus is not None:
                self._tab_of[focus] = index
                form.addRow(_label(info.title or key, focus), row)
            else:
                form.addRow(info.title or key, row)
            if ui.get("note"):
                note = QLabel(str(ui["note"]))
                note.setObjectName("hint")
                note.setWordWrap(True)
                form.addRow("", note)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _editor(self, key: str, info: Any, ui: dict) -> tuple[QWidget | None, QWidget | QLayout]:
        """The widget editing setting ``key`` (kept as the attribute of
        :data:`ATTRIBUTES`) and the form row holding it; registers how to
        read its value back."""
        value = getattr(self.ws.prefs, key)
        kind = ui["editor"]
        tip = str(ui.get("tip") or info.description or "")
        if kind in ("text", "file", "image"):
            edit = QLineEdit(str(value))
            edit.setPlaceholderText(str(ui.get("placeholder", "")))
            limit = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
            if limit:
                edit.setMaxLength(limit)
            edit.textChanged.connect(self.error.hide)
            self._values[key] = lambda e=edit: e.text().strip()
            main, row = edit, edit
            if kind == "file":
                row = self._with_buttons(edit, ("Browse…", "browseTemplate", lambda: self._browse(edit, ui)))
            elif kind == "image":
                row = self._logo_row(edit)
        elif kind == "count":
            spin = QSpinBox()
            low = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), 0)
            high = next((m.le for m in info.metadata if getattr(m, "le", None) is not None), 1_000_000)
            spin.setRange(int(low), int(high))
            spin.setSuffix(str(ui.get("suffix", "")))
            spin.setValue(int(value))
            spin.setSpecialValueText(str(ui.get("special", "")))
            self._values[key] = spin.value
            main, row = spin, spin
        elif kind == "folders":
            text = QPlainTextEdit("\n".join(value))
            text.setPlaceholderText(str(ui.get("placeholder", "")))
            text.setFixedHeight(72)
            self._values[key] = lambda t=text: [ln.strip() for ln in t.toPlainText().splitlines() if ln.strip()]
            main = text
            row = self._with_buttons(text, ("Add folder…", "addBankFolder", lambda: self._add_folder(text)))
        elif kind == "colour":
            self.accent = main = QPushButton()
            main.clicked.connect(self.choose_accent)
            main.setMinimumWidth(120)
            row = QHBoxLayout()
            row.addWidget(main)
            row.addStretch(1)
            main.setObjectName(ui["name"])
            self.set_accent(str(value))
            self._values[key] = self.accent_colour
        elif kind == "choices":
            return None, self._choices(key, value, ui)
        else:  # pragma: no cover - a declaration with an editor this dialog does not know
            raise ValueError(f"no editor {kind!r} for the setting {key}")
        main.setObjectName(ui["name"])
        if tip:
            main.setToolTip(tip)
        if key in ATTRIBUTES:
            setattr(self, ATTRIBUTES[key], main)
        return main, row

    @staticmethod
    def _with_buttons(widget: QWidget, *buttons: tuple[str, str, Callable[[], None]]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        for text, name, slot in buttons:
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _logo_row(self, edit: QLineEdit) -> QGridLayout:
        self.logo = edit
        edit.textChanged.connect(self._show_logo)
        choose_logo = QPushButton("Choose…")
        choose_logo.setObjectName("chooseLogo")
        choose_logo.clicked.connect(self.choose_logo)
        self.clear_logo = QPushButton("Clear")
        self.clear_logo.setObjectName("clearLogo")
        self.clear_logo.clicked.connect(edit.clear)
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(LOGO_PREVIEW + QSize(12, 12))
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet(f"QLabel#logoPreview {{ background: white; border: 1px dashed {BORDER}; "
                                        f"border-radius: 6px; color: {MUTED}; }}")
        row = QGridLayout()
        row.addWidget(edit, 0, 0)
        row.addWidget(choose_logo, 0, 1)
        row.addWidget(self.clear_logo, 0, 2)
        row.addWidget(self.logo_preview, 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft)
        row.setColumnStretch(0, 1)
        return row

    def _choices(self, key: str, value: list[str], ui: dict) -> QGridLayout:
        """One check box per choice (``section_<choice>``), in two columns."""
        choices = CHOICES[str(ui["choices"])]
        self.sections: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        half = (len(choices) + 1) // 2
        for n, (choice, label) in enumerate(choices.items()):
            box = QCheckBox(label)
            box.setObjectName(f"{ui['name']}_{choice}")
            box.setChecked(choice in value)
            self.sections[choice] = box
            grid.addWidget(box, n % half, n // half)
        self._values[key] = lambda: [c for c, box in self.sections.items() if box.isChecked()]
        return grid

    # -- pickers ----------------------------------------------------------------

    def _browse(self, edit: QLineEdit, ui: dict) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Report template", edit.text() or str(Path.home()),
                                                str(ui.get("filter", "All files (*)")))
        if chosen:
            edit.setText(chosen)

    def _add_folder(self, folders: QPlainTextEdit) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Team question-bank folder", str(Path.home()))
        if chosen:
            text = folders.toPlainText().rstrip()
            folders.setPlainText(f"{text}\n{chosen}" if text else chosen)

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
        changes = {key: value() for key, value in self._values.items()}
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

"""Dialogs: adding a candidate, and the kit's briefing, glossary and
interviewer tips (non-modal, open at any time)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QTextBrowser, QVBoxLayout, QWidget,
)

from ..domain import Candidate, InterviewKit
from ..services import AssessorError, Workspace
from ..services.resume import add_candidate_with_resume
from .screen import fit_to_screen


class NewCandidateDialog(QDialog):
    """Name, email, role and optionally a resume ("Resume…", a file
    chooser); the service validates, the message shows inline.

    After :meth:`accept`, :attr:`candidate` is the candidate added.
    """

    def __init__(self, ws: Workspace, parent: QWidget | None = None, role_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCandidateDialog")
        self.setWindowTitle("New candidate")
        self.setMinimumWidth(460)
        self.ws = ws
        self.candidate: Candidate | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText("Full name")
        self.email_edit = QLineEdit()
        self.email_edit.setObjectName("emailEdit")
        self.email_edit.setPlaceholderText("name@example.com (optional)")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("roleCombo")
        for kit in sorted(ws.kits.values(), key=lambda k: k.title.lower()):
            self.role_combo.addItem(kit.title, kit.role_id)
        if role_id is not None and (i := self.role_combo.findData(role_id)) >= 0:
            self.role_combo.setCurrentIndex(i)
        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.setSpacing(10)
        form.addRow("&Name", self.name_edit)
        form.addRow("&Email", self.email_edit)
        form.addRow("&Role", self.role_combo)
        form.addRow("Res&ume", self._resume_row())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("dialogButtons")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add candidate")
        ok.setProperty("role", "primary")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for edit in (self.name_edit, self.email_edit):
            edit.textChanged.connect(self.error.hide)
        self.name_edit.setFocus()

    def accept(self) -> None:  # noqa: D102 - QDialog API
        role_id = self.role_combo.currentData()
        if role_id is None:
            self._show("No interview kit is installed, so no role can be chosen.")
            return
        try:
            self.candidate = add_candidate_with_resume(self.ws, self.name_edit.text(), self.email_edit.text(),
                                                       role_id, self.resume_path)
        except AssessorError as exc:
            message = str(exc)
            self._show(message[:1].upper() + message[1:] + ".")  # capitalize() would lower "PDF", "UTF-8"
            return
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # -- the resume (issue 17; assessor.services.resume) ---------------------------

    def _resume_row(self) -> QWidget:
        self.resume_path: Path | None = None
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.resume_button = QPushButton("Resume…")
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setToolTip("Choose the candidate's resume: a PDF or a text file, up to 10 MB")
        self.resume_button.setAccessibleName("Choose the candidate's resume file")
        self.resume_button.clicked.connect(self.choose_resume)
        self.resume_label = QLabel("None (optional)")
        self.resume_label.setObjectName("resumeLabel")
        self.resume_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.resume_label, 1)
        return row

    def choose_resume(self) -> None:
        """Ask for the resume file (checked when the candidate is added)."""
        path = choose_resume_file(self)
        if path is not None:
            self.resume_path = path
            self.resume_label.setText(path.name)
            self.error.hide()


def choose_resume_file(parent: QWidget) -> Path | None:
    """A file dialog for a resume (PDF, text or Markdown); ``None`` if cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, "Choose the resume", "",
                                          "Resumes (*.pdf *.txt *.md);;All files (*)")
    return Path(name) if name else None


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _matches(query: str, *texts: str) -> bool:
    return not query or any(query in t.lower() for t in texts)


def reference_html(kind: str, kit: InterviewKit, query: str = "") -> str:
    """The kit's ``briefing``, ``glossary`` or ``tips`` as simple HTML, every
    bank string escaped; ``query`` keeps only the entries containing it."""
    q = query.strip().lower()
    parts: list[str] = []
    if kind == "briefing":
        if kit.description and not q:
            parts.append(_paragraphs(kit.description))
        for s in kit.briefing:
            if _matches(q, s.heading, s.text, *s.bullets):
                bullets = "".join(f"<li>{escape(b)}</li>" for b in s.bullets)
                parts.append(f"<h3>{escape(s.heading)}</h3>{_paragraphs(s.text)}"
                             + (f"<ul>{bullets}</ul>" if bullets else ""))
    elif kind == "glossary":
        rows = "".join(
            f"<tr><td style='padding:4px 14px 4px 0; font-weight:600; white-space:nowrap'>{escape(t.term)}</td>"
            f"<td style='padding:4px 0'>{escape(t.meaning)}</td></tr>"
            for t in sorted(kit.glossary, key=lambda t: t.term.lower()) if _matches(q, t.term, t.meaning)
        )
        parts.append(f"<table cellspacing='0'>{rows}</table>" if rows else "")
    else:
        for t in kit.tips:
            if _matches(q, t.mistake, t.why, t.fix):
                parts.append(f"<h3>{escape(t.mistake)}</h3><p><b>Why it matters:</b> {escape(t.why)}</p>"
                             f"<p><b>Instead:</b> {escape(t.fix)}</p>")
    body = "".join(p for p in parts if p)
    return body or "<p style='color:#6b7280'>Nothing here" + (" matches the search." if q else ".") + "</p>"


TITLES = {"briefing": "Briefing", "glossary": "Glossary", "tips": "Interviewer tips"}


class ReferenceDialog(QDialog):
    """A non-modal window showing the briefing, glossary or tips of a kit,
    with a filter box."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.kit: InterviewKit | None = None
        self.setObjectName(f"{kind}Dialog")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        fit_to_screen(self, 720, 600, remember=f"reference-{kind}")
        self.filter = QLineEdit()
        self.filter.setObjectName("referenceFilter")
        self.filter.setAccessibleName("Filter")
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._render)
        self.text = QTextBrowser()
        self.text.setObjectName("referenceText")
        self.text.setAccessibleName("Reference text")
        self.text.setOpenExternalLinks(False)
        self.text.document().setDocumentMargin(12)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.filter)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def show_kit(self, kit: InterviewKit) -> None:
        """Show (and raise) this dialog for ``kit``."""
        self.kit = kit
        self.setWindowTitle(f"{TITLES[self.kind]} — {kit.title}")
        self._render()
        self.show()
        self.raise_()
        self.activateWindow()

    def _render(self) -> None:
        if self.kit is not None:
            self.text.setHtml(reference_html(self.kind, self.kit, self.filter.text()))

"""The candidate's resume beside the green and yellow flags it is judged by.

:class:`ResumePanel` shows a PDF resume with Qt PDF (``QPdfDocument``,
``QPdfView`` and ``QPdfSearchModel``, from PySide6-Pdf, as the report
preview does): page navigation, zoom, and a search box that highlights
every match and jumps from page to page; a text resume in a read-only text
view with the same search box.  :meth:`ResumePanel.citation` gives "p. N"
of the page shown, for a flag's "Cite page" button
(:class:`assessor.gui.pages.FlagsPage`).

The panel never takes keyboard focus by itself: arriving at a flags step
puts focus on the first flag (docs/keyboard.md); its controls are reached
by a click or by Tab after the page.  The resume's bytes live in this
widget only while the interview is open, and nothing of it is logged.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QStackedWidget, QVBoxLayout,
    QWidget,
)

from ..domain.resume import Resume, size_text
from . import pdf_pages
from .widgets import tool_button

try:  # Qt PDF is a separate wheel (PySide6-Pdf), as for the preview
    from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - the text view still works
    QPdfDocument = QPdfSearchModel = QPdfView = None  # type: ignore[assignment,misc]

ZOOM_STEP = 1.25
NO_QTPDF = "Showing a PDF resume needs Qt PDF (the PySide6-Pdf package), which is not installed."


class ResumePanel(QFrame):
    """The resume of the open interview's candidate (see the module).

    Widgets by object name: ``resumeTitle``, ``resumeSearch``,
    ``resumeFindPrevious``, ``resumeFindNext``, ``resumeFound``,
    ``resumePage`` (spin box, 1-based), ``resumePages`` ("of N"),
    ``resumeZoomIn``, ``resumeZoomOut``, ``resumeView`` (a ``QPdfView``),
    ``resumeText`` (a read-only ``QPlainTextEdit``).  :attr:`matches` holds
    the 0-based pages where the search text was found, in order.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resumePanel")
        self.setMinimumWidth(240)
        self.resume: Resume | None = None
        self.matches: list[int] = []
        self._match = -1
        self._length = 0  # of the text searched for
        self._buffer: QBuffer | None = None

        self.title = QLabel()
        self.title.setObjectName("resumeTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("resumeSearch")
        self.search.setPlaceholderText("Search the resume…")
        self.search.setAccessibleName("Search the resume")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(lambda: self.find(self.search.text()))
        self.search.textChanged.connect(lambda text: self.find(text) if not text else None)
        self.find_previous = self._button("↑", "resumeFindPrevious", "Previous match", lambda: self.step_match(-1))
        self.find_next = self._button("↓", "resumeFindNext", "Next match (Enter in the search box)",
                                      lambda: self.step_match(1))
        self.found = QLabel()
        self.found.setObjectName("resumeFound")
        self.page = QSpinBox()
        self.page.setObjectName("resumePage")
        self.page.setAccessibleName("Resume page")
        self.page.setKeyboardTracking(False)
        self.page.setRange(0, 0)
        self.page.setPrefix("p. ")
        self.page.setMaximumWidth(84)
        self.page.valueChanged.connect(lambda n: self.go_to(n - 1))
        self.pages = QLabel("of 0")
        self.pages.setObjectName("resumePages")
        self.zoom_out = self._button("−", "resumeZoomOut", "Zoom out", lambda: self.zoom(1 / ZOOM_STEP))
        self.zoom_in = self._button("+", "resumeZoomIn", "Zoom in", lambda: self.zoom(ZOOM_STEP))

        # one row: find (↑ ↓ and what was found), then the PDF's page and zoom
        self.page_bar = QWidget()  # hidden for a text resume
        page_row = QHBoxLayout(self.page_bar)
        page_row.setContentsMargins(0, 0, 0, 0)
        page_row.setSpacing(4)
        page_row.addWidget(self.page)
        page_row.addWidget(self.pages)
        page_row.addSpacing(6)
        page_row.addWidget(self.zoom_out)
        page_row.addWidget(self.zoom_in)
        find_row = QHBoxLayout()
        find_row.setSpacing(4)
        find_row.addWidget(self.find_previous)
        find_row.addWidget(self.find_next)
        find_row.addWidget(self.found, 1)
        find_row.addSpacing(6)
        find_row.addWidget(self.page_bar)

        self.stack = QStackedWidget()
        self.text = QPlainTextEdit()
        self.text.setObjectName("resumeText")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Resume text")
        self.text.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.stack.addWidget(self.text)
        self.message = QLabel(NO_QTPDF)
        self.message.setWordWrap(True)
        self.stack.addWidget(self.message)
        self.document = self.view = self.search_model = None
        if QPdfDocument is not None:
            self.document = QPdfDocument(self)
            self.search_model = QPdfSearchModel(self)
            self.search_model.setDocument(self.document)
            self.view = QPdfView(self)
            self.view.setObjectName("resumeView")
            self.view.setAccessibleName("Resume")
            self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            # one page at a time: the page shown, and so a citation, is never ambiguous
            self.view.setPageMode(QPdfView.PageMode.SinglePage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.setPageSpacing(8)
            self.view.setDocument(self.document)
            self.view.setSearchModel(self.search_model)
            self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
            self.stack.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addLayout(find_row)
        layout.addWidget(self.stack, 1)

    def _button(self, text: str, name: str, tip: str, slot) -> QPushButton:  # noqa: ANN001
        return tool_button(text, name, tip, slot, click_focus_only=True)

    # -- what is shown ------------------------------------------------------------

    @property
    def is_pdf(self) -> bool:
        """True when a PDF resume is shown."""
        return self.resume is not None and self.resume.is_pdf and self.document is not None

    def show_resume(self, resume: Resume | None) -> None:
        """Show ``resume`` (``None``: none; the panel is then hidden by its owner)."""
        self.resume = resume
        self.matches, self._match = [], -1
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.found.clear()
        if self.document is not None:
            self.search_model.setSearchString("")
            self.document.close()
        self.text.clear()
        if resume is None:
            self.title.clear()
            return
        kind = "PDF" if resume.is_pdf else "text"
        self.title.setText(f"Resume: {resume.file_name} ({kind}, {size_text(resume.size)})")
        if not resume.is_pdf:
            self.text.setPlainText(resume.text())
            self.page_bar.setVisible(False)
            self.stack.setCurrentWidget(self.text)
            return
        if self.document is None:
            self.page_bar.setVisible(False)
            self.stack.setCurrentWidget(self.message)
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(resume.data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.document.status() == QPdfDocument.Status.Error or self.document.pageCount() < 1:
            self.message.setText(f"The resume could not be shown ({self.document.error().name}).")
            self.page_bar.setVisible(False)
            self.stack.setCurrentWidget(self.message)
            return
        self.page_bar.setVisible(True)
        self.stack.setCurrentWidget(self.view)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.page.blockSignals(True)
        self.page.setRange(1, self.page_count())
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.pages.setText(f"of {self.page_count()}")

    def page_count(self) -> int:
        """Pages of the PDF shown (0 for a text resume or none)."""
        return self.document.pageCount() if self.is_pdf else 0

    def current_page(self) -> int:
        """The PDF page shown, from 0."""
        return self.view.pageNavigator().currentPage() if self.is_pdf else 0

    def citation(self) -> str | None:
        """"p. N" for the PDF page shown (N from 1); ``None`` without a PDF."""
        return f"p. {self.current_page() + 1}" if self.is_pdf and self.page_count() else None

    def go_to(self, page: int) -> None:
        """Show PDF page ``page`` (from 0, clamped to the document)."""
        if self.view is not None:
            pdf_pages.jump(self.view, self.page_count(), page)

    def _page_changed(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)

    def zoom(self, ratio: float) -> None:
        """Zoom the PDF by ``ratio`` (kept between 25% and 400%)."""
        if not self.is_pdf:
            return
        factor = max(0.25, min(4.0, self.view.zoomFactor() * ratio))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)

    # -- search -------------------------------------------------------------------

    def find(self, text: str) -> int:
        """Search the resume for ``text`` (case-insensitive) and show the
        first match; returns how many pages (PDF) or places (text) hold it.
        The PDF's matches are highlighted by Qt PDF's search model; the
        pages are found here, page by page, so the answer is at once."""
        text = text.strip()
        self.matches, self._match, self._length = [], -1, len(text)
        if self.resume is None:
            return 0
        if self.is_pdf:
            self.search_model.setSearchString(text)
            if text:
                needle = text.casefold()
                self.matches = [p for p in range(self.page_count())
                                if needle in self.document.getAllText(p).text().casefold()]
        elif text:
            body, needle = self.text.toPlainText().lower(), text.lower()
            start = body.find(needle)
            while start >= 0:
                self.matches.append(start)
                start = body.find(needle, start + len(needle))
        if not text:
            self.found.clear()
            return 0
        if not self.matches:
            self.found.setText("Not found")
            return 0
        self.step_match(1)
        return len(self.matches)

    def step_match(self, step: int) -> None:
        """Show the next (``step`` = 1) or previous (-1) match, wrapping."""
        if not self.matches:
            return
        self._match = (self._match + step) % len(self.matches)
        where = self.matches[self._match]
        if self.is_pdf:
            self.go_to(where)
            self.found.setText(f"{self._match + 1}/{len(self.matches)} found")  # the page is in the spin box
        else:
            cursor = self.text.textCursor()
            cursor.setPosition(where)
            cursor.setPosition(where + self._length, QTextCursor.MoveMode.KeepAnchor)
            self.text.setTextCursor(cursor)  # selected: shown highlighted
            self.text.ensureCursorVisible()
            self.found.setText(f"{self._match + 1}/{len(self.matches)} found")

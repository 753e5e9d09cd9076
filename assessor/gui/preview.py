"""Candidates ▸ Preview report: the candidate's PDF report in the window,
before it is saved.

The PDF is made by :func:`assessor.services.export.report_bytes` (the
consolidated panel report when two or more assessments are submitted, else
the latest assessment's; "Blind" gives the version with the candidate shown
as a code) on a worker thread (:class:`assessor.gui.ops.Ops`), so the
window does not freeze while ReportLab works, and is shown with Qt PDF
(``QPdfDocument`` and ``QPdfView``, from the PySide6-Pdf package) with page
navigation and zoom.  "Save as PDF…" writes the report through
:func:`assessor.services.export_report` (atomic: no half-written file);
reports render in invariant mode, so the file holds the bytes previewed,
and the dialog says so when the candidate's assessments changed in between.
Without Qt PDF the dialog says so and offers Save only.

Independent scoring holds here too: while the viewer's own assessment of the
candidate is a draft and the others' are hidden from them
(:func:`assessor.services.panel.panel_view`), the dialog shows the reason
instead of the report and offers no Save.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QStackedWidget,
    QVBoxLayout, QWidget,
)

from ..domain import Candidate, candidate_code
from ..services import Workspace, export_report, report_filename
from ..services.export import report_bytes
from ..domain import Visibility
from ..services.panel import panel_view
from . import pdf_pages
from .widgets import tool_button
from .ops import ops_of
from .screen import fit_to_screen
from .wording import visibility_text

try:  # Qt PDF is a separate wheel (PySide6-Pdf); the preview is optional
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - exercised by test_preview_window with the import blocked
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]

#: zoom choices: label and factor (0: fit the width, -1: fit the page)
ZOOMS = (("Fit width", 0.0), ("Fit page", -1.0), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("125%", 1.25),
         ("150%", 1.5), ("200%", 2.0), ("300%", 3.0))
ZOOM_STEP = 1.25
NO_QTPDF = ("The preview needs Qt PDF (the PySide6-Pdf package), which is not installed. The report can still be "
            "saved and opened with your PDF viewer.")


def qtpdf_available() -> bool:
    """True when Qt PDF could be imported."""
    return QPdfDocument is not None and QPdfView is not None


def _render(ws: Workspace, candidate_id: int, blind: bool, generation: int, viewer: str) -> tuple[int, bool, bytes]:
    """On the worker thread: (generation, blind, the report's PDF bytes as ``viewer`` may see it)."""
    return generation, blind, report_bytes(ws, candidate_id, blind=blind, viewer=viewer)


def _save(ws: Workspace, candidate_id: int, path: Path, blind: bool, viewer: str) -> tuple[Path, bytes]:
    """On the worker thread: write the report ``viewer`` may see atomically; (file, its bytes)."""
    written = export_report(ws, candidate_id, path, blind=blind, viewer=viewer)
    return written, Path(written).read_bytes()


class PreviewDialog(QDialog):
    """The report of ``candidate`` in a PDF view (non-modal).

    Widgets by object name: ``previewBlind``, ``previewView`` (a
    ``QPdfView``), ``previewPage`` (spin box, 1-based), ``previewPrevious``,
    ``previewNext``, ``previewZoom``, ``previewZoomIn``, ``previewZoomOut``,
    ``previewMessage``, ``previewStatus``, ``previewSave``.  ``viewer`` is
    the user's name as an interviewer (see the module docstring on
    independent scoring; :attr:`hidden` is True while it applies).  After rendering,
    :attr:`data` holds the PDF bytes shown and :attr:`document` the
    ``QPdfDocument``; after saving, :attr:`saved` is the file written.
    """

    def __init__(self, ws: Workspace, candidate: Candidate, parent: QWidget | None = None,
                 blind: bool = False, viewer: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        fit_to_screen(self, 900, 980, remember="preview")
        self.ws = ws
        self.candidate = candidate
        self.viewer = viewer
        self.hidden = False
        #: what the viewer may see of the panel, as :func:`panel_view` decided it
        self.visibility = Visibility.VISIBLE
        self.data: bytes | None = None
        self.shown_blind: bool | None = None
        self.saved: Path | None = None
        self.error: str = ""
        self._generation = 0
        self._buffer: QBuffer | None = None
        self._saving = False

        self.blind = QCheckBox("&Blind: the candidate shown as a code, without name or email")
        self.blind.setObjectName("previewBlind")
        self.blind.setChecked(blind)
        self.blind.toggled.connect(lambda _on: self.render())

        self.previous = self._button("◀", "previewPrevious", "Previous page (Page Up)", lambda: self.go_to(-1, True))
        self.next = self._button("▶", "previewNext", "Next page (Page Down)", lambda: self.go_to(1, True))
        self.page = QSpinBox()
        self.page.setObjectName("previewPage")
        self.page.setRange(0, 0)
        self.page.setKeyboardTracking(False)
        self.page.setAccessibleName("Page")
        self.page.setMinimumWidth(64)
        self.page.valueChanged.connect(lambda n: self.go_to(n - 1))
        self.page.setSpecialValueText("—")  # no document yet: no page number
        self.pages = QLabel("of —")
        self.pages.setObjectName("previewPages")
        self.zoom_out = self._button("−", "previewZoomOut", "Zoom out (Ctrl+−)", lambda: self.step_zoom(1 / ZOOM_STEP))
        self.zoom = QComboBox()
        self.zoom.setObjectName("previewZoom")
        self.zoom.setAccessibleName("Zoom")
        for label, factor in ZOOMS:
            self.zoom.addItem(label, factor)
        self.zoom.currentIndexChanged.connect(lambda _i: self._apply_zoom())
        self.zoom_in = self._button("+", "previewZoomIn", "Zoom in (Ctrl++)", lambda: self.step_zoom(ZOOM_STEP))

        bar = QHBoxLayout()
        bar.addWidget(self.blind)
        bar.addStretch(1)
        bar.addWidget(QLabel("Page"))
        bar.addWidget(self.previous)
        bar.addWidget(self.page)
        bar.addWidget(self.pages)
        bar.addWidget(self.next)
        bar.addSpacing(16)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom)
        bar.addWidget(self.zoom_in)

        self.message = QLabel()
        self.message.setObjectName("previewMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.document = None
        self.view = None
        if qtpdf_available():
            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setObjectName("previewView")
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.setPageSpacing(12)
            self.view.setDocument(self.document)
            self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
            self.view.zoomFactorChanged.connect(lambda _f: self._update_controls())
            self.stack.addWidget(self.view)

        self.status = QLabel()
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.setObjectName("previewSave")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(lambda: self.save())
        close = QPushButton("Close")
        close.setObjectName("previewClose")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        for keys, slot in (((QKeySequence.StandardKey.ZoomIn,), lambda: self.step_zoom(ZOOM_STEP)),
                           ((QKeySequence.StandardKey.ZoomOut,), lambda: self.step_zoom(1 / ZOOM_STEP))):
            for key in keys:
                QShortcut(QKeySequence(key), self, slot)
        self.render()

    def _button(self, text: str, name: str, tip: str, slot) -> QPushButton:  # noqa: ANN001
        return tool_button(text, name, tip, slot)

    def _title(self) -> str:
        who = candidate_code(self.candidate) if self.blind.isChecked() else self.candidate.name
        return f"Report preview: {who}{' (blind)' if self.blind.isChecked() else ''}"

    # -- rendering --------------------------------------------------------------

    def render(self) -> None:
        """Make the report (blind or not, as ticked) in the background and
        show it when ready; a newer request supersedes an older one."""
        self._generation += 1
        self.setWindowTitle(self._title())
        self.error = ""
        self.visibility = panel_view(self.ws, self.candidate.id, self.viewer).visibility
        self.hidden = self.visibility.scores_hidden
        if self.hidden:
            self.data = None
            self._show_message(visibility_text(self.visibility))
            self._update_controls()
            return
        if not qtpdf_available():
            self._show_message(NO_QTPDF)
            self._update_controls()
            return
        self._show_message("Making the report…")
        self.status.setText("")
        self._update_controls()
        ops_of(self, self.ws).run(_render, self.ws, self.candidate.id, self.blind.isChecked(), self._generation, self.viewer,
                                  on_success=self._rendered, on_failure=self._render_failed)

    def _rendered(self, result: tuple[int, bool, bytes]) -> None:
        generation, blind, data = result
        if generation != self._generation or self.document is None:
            return  # superseded by a newer request (Blind toggled meanwhile)
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.document.status() == QPdfDocument.Status.Error or self.document.pageCount() < 1:
            self._render_failed(f"the report could not be shown ({self.document.error().name})")
            return
        self.data, self.shown_blind = data, blind
        self.stack.setCurrentWidget(self.view)
        self._apply_zoom()
        self._update_controls()
        self.status.setText(f"{self.document.pageCount()} page{'s' if self.document.pageCount() != 1 else ''}, "
                            f"{len(data) / 1024:,.0f} KB{' · blind' if blind else ''}")

    def _render_failed(self, message: str) -> None:
        self.error = message
        self.data = None
        self._show_message(f"The report could not be made: {message}")
        self._update_controls()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def page_count(self) -> int:
        """Pages of the document shown (0 while none is)."""
        if self.document is None or self.data is None:
            return 0
        return self.document.pageCount()

    # -- navigation and zoom ------------------------------------------------------

    def current_page(self) -> int:
        """The page shown, from 0."""
        return self.view.pageNavigator().currentPage() if self.view is not None else 0

    def go_to(self, page: int, relative: bool = False) -> None:
        """Show page ``page`` (from 0), or move by ``page`` when ``relative``."""
        if self.view is not None:
            pdf_pages.jump(self.view, self.page_count(), self.current_page() + page if relative else page)

    def _page_changed(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)
        self._update_controls()

    def _apply_zoom(self) -> None:
        if self.view is None:
            return
        factor = self.zoom.currentData()
        if factor == 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif factor == -1:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        elif factor is not None:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(factor))

    def step_zoom(self, ratio: float) -> None:
        """Zoom in (``ratio`` > 1) or out from the current scale, 25%–400%."""
        if self.view is None or not self.page_count():
            return
        factor = max(0.25, min(4.0, self.view.zoomFactor() * ratio))
        self.zoom.blockSignals(True)
        i = self.zoom.findText("Custom")
        if i < 0:
            self.zoom.addItem("Custom", None)
            i = self.zoom.count() - 1
        self.zoom.setItemText(i, f"{factor:.0%}")
        self.zoom.setCurrentIndex(i)
        self.zoom.blockSignals(False)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)

    def _update_controls(self) -> None:
        pages = self.page_count()
        self.page.blockSignals(True)
        self.page.setRange(1 if pages else 0, pages)
        self.page.setSpecialValueText("" if pages else "—")
        self.page.setValue(self.current_page() + 1 if pages else 0)
        self.page.blockSignals(False)
        self.pages.setText(f"of {pages}" if pages else "of —")  # never "page 0 of 0" while making it or refused
        current = self.current_page()
        self.previous.setEnabled(pages > 0 and current > 0)
        self.next.setEnabled(pages > 0 and current < pages - 1)
        for widget in (self.page, self.zoom, self.zoom_in, self.zoom_out):
            widget.setEnabled(pages > 0)
        self.save_button.setEnabled(not self._saving and not self.hidden)

    # -- saving -------------------------------------------------------------------

    def default_filename(self) -> str:
        """``00012-ana-lima.pdf``; blind: ``C-4F9A21-blind.pdf`` (no name in it)."""
        if self.blind.isChecked():
            return f"{candidate_code(self.candidate)}-blind.pdf"
        return report_filename(self.candidate.id, self.candidate.name)

    def save(self, path: Path | None = None) -> None:
        """Ask where (unless ``path`` is given) and write the report, blind
        as ticked, in the background (atomically: see
        :func:`assessor.services.export_report`).  Does nothing while the
        others' assessments are hidden from the viewer."""
        if self.hidden:
            return
        if path is None:
            folder = Path(self.saved).parent if self.saved else Path.home()
            chosen, _ = QFileDialog.getSaveFileName(self, "Save the report", str(folder / self.default_filename()),
                                                    "PDF documents (*.pdf)")
            if not chosen:
                return
            path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        self._saving = True
        self._update_controls()
        self.status.setText(f"Saving {Path(path).name}…")
        ops_of(self, self.ws).run(_save, self.ws, self.candidate.id, Path(path), self.blind.isChecked(), self.viewer,
                                  on_success=self._saved, on_failure=self._save_failed)

    def _saved(self, result: tuple[Path, bytes]) -> None:
        path, written = result
        self._saving = False
        self.saved = Path(path)
        if self.data is not None and written != self.data and self.shown_blind == self.blind.isChecked():
            self.status.setText(f"Saved to {path}. The candidate's assessments changed since the preview was made, "
                                "so the file holds the current report; the preview is being refreshed.")
            self.render()
        else:
            self.status.setText(f"Saved to {path}")
        self._update_controls()

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.error = message
        self.status.setText(f"Not saved: {message}")
        self._update_controls()

    def closeEvent(self, event) -> None:  # noqa: ANN001,N802 - Qt API
        """Forget any rendering still running (its result is dropped)."""
        self._generation += 1
        super().closeEvent(event)

"""Exporting PDF reports from the window.

One report: pick the file, render it in the background
(:mod:`assessor.gui.ops`), offer to open it.

Many reports (every interviewed candidate, or the candidates selected in the
list): pick a folder, then a :class:`BatchExportDialog` shows the progress
with a Cancel button and, at the end, how many files were written and which
failed and why, with an Open folder button.  The reports render in child
processes (:class:`assessor.services.batch.BatchExport`); the worker thread
that runs the batch only waits on them, so the window never waits for
ReportLab (no event-loop stall: ``benchmarks/bench_stall.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QListWidget, QMainWindow, QProgressBar, QProgressDialog,
    QPushButton, QVBoxLayout, QWidget,
)

from ..services import AssessorError, Workspace, export_report, report_filename, update_preferences
from ..services.batch import BatchExport, BatchResult
from .viewer import viewer_of
from . import message


def left_out_words(n: int) -> str:
    """"1 candidate left out: nothing submitted yet (only other interviewers' drafts)"."""
    return (f"{n} candidate{'' if n == 1 else 's'} left out: nothing submitted yet "
            "(only other interviewers' drafts)")


class BatchExportDialog(QDialog):
    """Progress of a batch export, then its result.

    While running: a label (``batchStatus``), a progress bar
    (``batchProgress``) and a Cancel button (``batchCancel``, which emits
    :attr:`cancel_requested`; so do Esc and closing the dialog).  At the
    end (:meth:`show_result`): the count written, the list of files that
    failed with the reason (``batchFailures``, one line each), and the
    Open folder (``batchOpenFolder``) and Close (``batchClose``) buttons.
    """

    cancel_requested = Signal()

    def __init__(self, folder: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchExportDialog")
        self.setWindowTitle(title)
        self.setModal(False)  # the window stays usable during a long batch
        self.setMinimumWidth(520)
        self.folder = folder
        self.running = True
        self.result: BatchResult | None = None

        self.status = QLabel("Starting the report processes…")
        self.status.setObjectName("batchStatus")
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("batchProgress")
        self.bar.setRange(0, 0)  # busy until the total is known
        self.failures_label = QLabel("Not written:")
        self.failures_label.setObjectName("batchFailuresLabel")
        self.failures = QListWidget()
        self.failures.setObjectName("batchFailures")
        self.failures.setWordWrap(True)
        self.failures_label.hide()
        self.failures.hide()

        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("batchCancel")
        self.cancel_button.clicked.connect(self._cancel)
        self.open_button = QPushButton("Open folder")
        self.open_button.setObjectName("batchOpenFolder")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("batchClose")
        self.close_button.setProperty("role", "primary")
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.open_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.failures_label)
        layout.addWidget(self.failures, 1)
        layout.addLayout(buttons)

    def set_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` reports."""
        if not self.running:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if not self.cancel_button.isEnabled():
            return
        self.status.setText(f"Writing the reports… {done} of {total}")

    def _cancel(self) -> None:
        if self.running and self.cancel_button.isEnabled():
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling: finishing the reports being written…")
            self.cancel_requested.emit()

    def show_result(self, result: BatchResult) -> None:
        """Show what the batch did (and stop offering Cancel)."""
        self.running, self.result = False, result
        written = len(result.written)
        text = f"{written} report{'' if written == 1 else 's'} written to {result.folder}."
        if result.cancelled:
            text = f"Cancelled. {text} {len(result.skipped)} not started."
        if result.failed:
            text += f" {len(result.failed)} could not be written."
        if result.left_out:
            text += f" {left_out_words(len(result.left_out))}."
        self.status.setText(text)
        self.bar.setRange(0, max(result.total, 1))
        self.bar.setValue(written + len(result.failed) + len(result.left_out))
        self.failures.clear()
        for cid, reason in result.failed:
            file = result.files.get(cid)
            self.failures.addItem(f"{file.name if file else f'Candidate {cid}'}: {reason}")
        self.failures_label.setVisible(bool(result.failed))
        self.failures.setVisible(bool(result.failed))
        self._finish()

    def show_error(self, message: str) -> None:
        """The batch could not run at all: say why."""
        self.running = False
        self.status.setText(f"The reports were not exported: {message}")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self._finish()

    def _finish(self) -> None:
        self.cancel_button.hide()
        self.open_button.setVisible(self.folder.is_dir())
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def open_folder(self) -> None:
        """Open the folder with the desktop's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def reject(self) -> None:  # noqa: D102 - Esc and the close box cancel a running batch first
        if self.running:
            self._cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Closing while running cancels; the dialog stays until the batch ends."""
        if self.running:
            self._cancel()
            event.ignore()
            return
        super().closeEvent(event)


class ExportController(QObject):
    """Runs exports for ``window``; emits :attr:`finished` with the path
    written (file or folder), or ``None`` when it failed."""

    finished = Signal(object)

    def __init__(self, window: QMainWindow, ws: Workspace) -> None:
        super().__init__(window)
        self.window, self.ws = window, ws
        self.progress: QProgressDialog | None = None
        self.batch: BatchExport | None = None
        self.dialog: BatchExportDialog | None = None
        self.last_path: Path | None = None
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openReportButton")
        self.open_button.setFlat(True)
        self.open_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.open_button.hide()
        self.open_button.clicked.connect(self.open_last)
        window.statusBar().addPermanentWidget(self.open_button)
        # "Open" belongs to its message: it goes when the message goes (timed out or replaced by none)
        window.statusBar().messageChanged.connect(lambda text: text or self.open_button.hide())

    @property
    def running(self) -> bool:
        """True while an export is running."""
        return self.progress is not None or self.batch is not None

    def _folder(self) -> Path:
        saved = self.ws.prefs.export_folder
        return Path(saved) if saved and Path(saved).is_dir() else Path.home()

    def _remember(self, folder: Path) -> None:
        """Keep ``folder`` as ``Preferences.export_folder`` (written on the worker)."""
        if str(folder) != self.ws.prefs.export_folder:
            prefs = self.ws.prefs.model_copy(update={"export_folder": str(folder)})
            self.window.ops.run(update_preferences, self.ws, prefs, on_failure=lambda _text: None)

    def export_one(self, candidate_id: int, name: str) -> None:
        """Ask where, then write the candidate's report in the background."""
        if self._refuse_if_busy():
            return
        default = self._folder() / report_filename(candidate_id, name)
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Export report", str(default), "PDF documents (*.pdf)")
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        self._remember(path.parent)
        self._start_progress("Writing the report…", 0)
        self.window.ops.run(export_report, self.ws, candidate_id, path, viewer=self._viewer(),
                            on_success=self._one_done, on_failure=self._failed)

    def _viewer(self) -> str:
        """The interviewer at the window (``""`` when none is set): :func:`~assessor.gui.viewer.viewer_of`."""
        return viewer_of(self.window)

    def export_everything(self) -> None:
        """Ask for a folder, then write every interviewed candidate's report."""
        self._ask_and_export(None, "Export every report to")

    def export_selected(self, candidate_ids: list[int]) -> None:
        """Ask for a folder, then write the reports of ``candidate_ids``."""
        if candidate_ids:
            self._ask_and_export(list(candidate_ids), f"Export {len(candidate_ids)} selected report(s) to")

    def _ask_and_export(self, candidate_ids: list[int] | None, title: str) -> None:
        if self._refuse_if_busy():
            return
        chosen = QFileDialog.getExistingDirectory(self.window, title, str(self._folder()))
        if not chosen:
            return
        folder = Path(chosen)
        self._remember(folder)
        self.start_batch(folder, candidate_ids)

    def start_batch(self, folder: Path, candidate_ids: list[int] | None = None,
                    options: dict[str, Any] | None = None) -> BatchExportDialog | None:
        """Write the reports of ``candidate_ids`` (``None``: every
        interviewed candidate) into ``folder`` in the background, showing a
        :class:`BatchExportDialog`; returns it (``None`` if refused because
        an export is running or the options are refused).  ``options`` go
        unchanged to each report (see :class:`~assessor.services.batch.BatchExport`).
        Emits :attr:`finished` with ``folder`` at the end (``None`` if the
        batch could not run)."""
        if self._refuse_if_busy():
            return None
        options = {"viewer": self._viewer(), **(options or {})}  # no report of a panel the user still drafts in
        try:
            batch = BatchExport(self.ws, folder, candidate_ids, options=options)
        except AssessorError as exc:  # options a report does not take
            message.warning(self.window, "Export", str(exc))
            return None
        what = "every report" if candidate_ids is None else f"{len(candidate_ids)} selected report(s)"
        dialog = BatchExportDialog(folder, f"Exporting {what}", self.window)
        dialog.cancel_requested.connect(batch.cancel)
        if self.dialog is not None:  # the previous batch's result
            self.dialog.close()
            self.dialog.deleteLater()
        self.batch, self.dialog = batch, dialog
        dialog.show()
        self.window.statusBar().showMessage("Writing the reports…")
        # The worker thread only waits on the child processes; on_progress is
        # looked up now so a test can replace it.
        self.window.ops.run(batch.run, on_success=lambda result: self._batch_done(folder, result),
                            on_failure=self._batch_failed, on_progress=self._progress)
        return dialog

    def cancel(self) -> None:
        """Cancel the running batch, if any (no report starts after this)."""
        if self.batch is not None:
            if self.dialog is not None:
                self.dialog._cancel()  # noqa: SLF001 - same module
            self.batch.cancel()

    def _refuse_if_busy(self) -> bool:
        if self.running:
            message.info(self.window, "Export", "An export is already running; wait for it to finish.")
            return True
        return False

    def _start_progress(self, text: str, maximum: int) -> None:
        dialog = QProgressDialog(text, "", 0, maximum, self.window)
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle("Export")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(250)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        self.progress = dialog
        self.window.statusBar().showMessage(text)

    def _progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.set_progress(done, total)
        self.window.statusBar().showMessage(f"Writing the reports… {done} of {total}")

    def _stop_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _one_done(self, path: Path) -> None:
        self._stop_progress()
        self._offer(Path(path), f"Report saved to {path}")

    def _batch_done(self, folder: Path, result: BatchResult) -> None:
        self.batch = None
        if self.dialog is not None:
            self.dialog.show_result(result)
        text = f"{len(result.written)} report(s) saved to {folder}"
        if result.cancelled:
            text = f"Export cancelled: {text}"
        if result.failed:
            text += f"; {len(result.failed)} not written"
        if result.left_out:
            text += f"; {left_out_words(len(result.left_out))}"
        self._offer(folder, text)

    def _batch_failed(self, text: str) -> None:
        self.batch = None
        if self.dialog is not None:
            self.dialog.show_error(text)
        self.window.statusBar().showMessage("Export failed", 8000)
        self.finished.emit(None)

    def _offer(self, path: Path, text: str) -> None:
        self.last_path = path
        self.window.statusBar().showMessage(text, 15000)
        self.open_button.setToolTip(f"Open {path}")
        self.open_button.show()
        self.finished.emit(path)

    def _failed(self, text: str) -> None:
        self._stop_progress()
        self.window.statusBar().showMessage("Export failed", 8000)
        message.warning(self.window, "Export failed", text)
        self.finished.emit(None)

    def open_last(self) -> None:
        """Open the last report (or folder) with the desktop's viewer."""
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))

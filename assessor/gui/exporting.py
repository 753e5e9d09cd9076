"""Exporting PDF reports from the window: pick the file or folder, render in
the background (:mod:`assessor.gui.tasks`), show progress, offer to open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QProgressDialog, QPushButton

from ..services import Workspace, export_all, export_report, report_filename
from .tasks import busy, run_task


class ExportController(QObject):
    """Runs exports for ``window``; emits :attr:`finished` with the path
    written (file or folder), or ``None`` when it failed."""

    finished = Signal(object)

    def __init__(self, window: QMainWindow, ws: Workspace, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.ws, self.settings = window, ws, settings
        self.progress: QProgressDialog | None = None
        self.last_path: Path | None = None
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openReportButton")
        self.open_button.setFlat(True)
        self.open_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.open_button.hide()
        self.open_button.clicked.connect(self.open_last)
        window.statusBar().addPermanentWidget(self.open_button)

    @property
    def running(self) -> bool:
        """True while an export is running."""
        return self.progress is not None

    def _folder(self) -> Path:
        saved = self.settings.value("export_dir", "")
        return Path(saved) if saved and Path(saved).is_dir() else Path.home()

    def export_one(self, candidate_id: int, name: str) -> None:
        """Ask where, then write the candidate's report in the background."""
        if self._refuse_if_busy():
            return
        default = self._folder() / report_filename(candidate_id, name)
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Export report", str(default), "PDF documents (*.pdf)")
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        self.settings.setValue("export_dir", str(path.parent))
        self._start_progress("Writing the report…", 0)
        run_task(export_report, self.ws, candidate_id, path, on_done=self._one_done, on_failed=self._failed)

    def export_everything(self) -> None:
        """Ask for a folder, then write every interviewed candidate's report."""
        if self._refuse_if_busy():
            return
        chosen = QFileDialog.getExistingDirectory(self.window, "Export every report to", str(self._folder()))
        if not chosen:
            return
        folder = Path(chosen)
        self.settings.setValue("export_dir", str(folder))
        self._start_progress("Writing the reports…", 1)
        run_task(export_all, self.ws, folder, on_done=lambda result: self._all_done(folder, result),
                 on_failed=self._failed, on_progress=self._progress)

    def _refuse_if_busy(self) -> bool:
        if self.running or busy():
            QMessageBox.information(self.window, "Export", "An export is already running; wait for it to finish.")
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
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)
            self.progress.setLabelText(f"Writing the reports… {done} of {total}")

    def _stop_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _one_done(self, path: Path) -> None:
        self._stop_progress()
        self._offer(Path(path), f"Report saved to {path}")

    def _all_done(self, folder: Path, result: tuple[list[Path], list[tuple[int, str]]]) -> None:
        self._stop_progress()
        written, failed = result
        self._offer(folder, f"{len(written)} report(s) saved to {folder}")
        if failed:
            lines = "\n".join(f"Candidate {cid}: {message}" for cid, message in failed[:20])
            QMessageBox.warning(self.window, "Some reports were not written", lines)

    def _offer(self, path: Path, message: str) -> None:
        self.last_path = path
        self.window.statusBar().showMessage(message, 15000)
        self.open_button.setToolTip(f"Open {path}")
        self.open_button.show()
        self.finished.emit(path)

    def _failed(self, message: str) -> None:
        self._stop_progress()
        self.window.statusBar().showMessage("Export failed", 8000)
        QMessageBox.warning(self.window, "Export failed", message)
        self.finished.emit(None)

    def open_last(self) -> None:
        """Open the last report (or folder) with the desktop's viewer."""
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))

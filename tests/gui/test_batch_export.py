"""Batch export from the window: progress, cancel, the list of failures, and
the selected candidates only; the reports render in child processes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QListWidget

from assessor.gui.exporting import BatchExportDialog
from assessor.services import add_candidate, open_interview, run_demo


def _folder(monkeypatch, out: Path) -> None:
    out.mkdir(exist_ok=True)
    monkeypatch.setattr("assessor.gui.exporting.QFileDialog.getExistingDirectory", lambda *a, **k: str(out))


def test_export_every_report_shows_progress_and_can_be_cancelled(qtbot, window, small_ws, tmp_path, monkeypatch):
    run_demo(small_ws, candidates=200)
    window.candidates.refresh()
    out = tmp_path / "reports"
    _folder(monkeypatch, out)
    opened: list[str] = []
    monkeypatch.setattr("assessor.gui.exporting.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile()))

    window.act_export_all.trigger()
    dialog = window.findChild(BatchExportDialog)
    assert dialog is not None and dialog.isVisible()
    bar, status = dialog.bar, dialog.status
    qtbot.waitUntil(lambda: bar.maximum() == 200 and bar.value() >= 3, timeout=60_000)
    assert "of 200" in status.text()
    assert window.isEnabled() and dialog.cancel_button.isVisible()

    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == [out]
    result = dialog.result
    # a hiring manager's export (no name set) leaves out the candidates with only a draft
    assert result.cancelled and 3 <= len(result.written) + len(result.left_out) < 200 and not result.failed
    reports = f"{len(result.written)} report{'' if len(result.written) == 1 else 's'} written"
    assert status.text().startswith("Cancelled.") and reports in status.text()
    assert not result.left_out or f"{len(result.left_out)} candidate" in status.text()
    assert sorted(out.iterdir()) == sorted(result.written)  # whole PDFs only, no temporary files
    assert all(p.read_bytes().startswith(b"%PDF-") for p in result.written)
    assert not dialog.cancel_button.isVisible() and dialog.close_button.isVisible()
    assert not dialog.findChild(QListWidget, "batchFailures").isVisible()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]
    assert "Export cancelled" in window.statusBar().currentMessage()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not window.exporter.running


def test_export_selected_lists_the_files_that_failed_and_why(qtbot, window, small_ws, tmp_path, monkeypatch):
    ids = []
    for name in ("Ana Alves", "Bo Berg", "Cy Cruz"):
        cand = add_candidate(small_ws, name, "", "test-role")
        open_interview(small_ws, cand.id, "Ivo").rate("q1", 2)
        ids.append(cand.id)
    never = add_candidate(small_ws, "Di Never", "", "test-role")
    window.interviewer = "Ivo"  # his own drafts
    window.candidates.refresh()
    table, model = window.candidates.table, window.candidates.model
    selection = QItemSelection()
    for cid in (ids[0], ids[2], never.id):  # not Bo Berg
        row = model.row_of(cid)
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert sorted(window.candidates.selected_ids()) == sorted([ids[0], ids[2], never.id])
    assert window.act_export_selected.isEnabled()
    out = tmp_path / "chosen"
    _folder(monkeypatch, out)

    with qtbot.waitSignal(window.exporter.finished, timeout=60_000):
        window.act_export_selected.trigger()
    dialog = window.findChild(BatchExportDialog)
    assert sorted(p.name for p in out.iterdir()) == ["00001-ana-alves.pdf", "00003-cy-cruz.pdf"]
    assert "2 reports written" in dialog.status.text() and "1 could not be written" in dialog.status.text()
    failures = dialog.findChild(QListWidget, "batchFailures")
    assert failures.isVisible() and failures.count() == 1
    assert failures.item(0).text().startswith("00004-di-never.pdf:")
    assert "not been interviewed" in failures.item(0).text()
    dialog.reject()  # Esc once it is over: closes
    assert not dialog.isVisible()

"""Candidates ▸ Preview report: the PDF made in the background and shown
with Qt PDF, pages and zoom, the blind version, "Save as PDF…" writing the
bytes previewed; without Qt PDF the dialog says so and still saves; an
interviewer whose own assessment is a draft sees no panel report."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt
from pypdf import PdfReader

from assessor.domain import candidate_code
from assessor.gui import preview
from assessor.services import add_candidate
from assessor.domain import Visibility
from assessor.gui.wording import visibility_text
from tests.gui.conftest import show_window
from tests.gui.test_comparison_window import R, panels, score

pytestmark = pytest.mark.gui


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def previewing(qtbot, small_ws):
    ids = panels(small_ws)
    window = show_window(qtbot, small_ws, interviewer="Hiring Manager")
    window.candidates.refresh(select_id=ids["Ada Lovelace"])
    assert window.act_preview.isEnabled()
    window.act_preview.trigger()
    dialog = window.preview
    assert dialog is not None
    qtbot.waitExposed(dialog)
    yield window, dialog, ids
    dialog.close()


def test_qt_pdf_is_installed():
    assert preview.qtpdf_available(), "install PySide6-Pdf (a dependency in pyproject.toml)"


def loaded(dialog, blind: bool) -> bool:
    return dialog.page_count() >= 1 and dialog.shown_blind is blind


def test_the_report_is_made_in_the_background_and_shown(qtbot, previewing):
    _window, dialog, _ids = previewing
    assert dialog.data is None and dialog.message.text() == "Making the report…"  # returned before rendering
    qtbot.waitUntil(lambda: loaded(dialog, False) or bool(dialog.error), timeout=30000)
    assert dialog.error == ""
    assert dialog.document.pageCount() >= 1
    assert dialog.stack.currentWidget() is dialog.view
    text = pdf_text(dialog.data)
    assert "Ada Lovelace" in text and "Panel report" in text and "Ann, Bo" in text  # the panel's report
    assert dialog.pages.text() == f"of {dialog.document.pageCount()}"
    assert dialog.windowTitle() == "Report preview: Ada Lovelace"


def test_pages_and_zoom(qtbot, previewing):
    _window, dialog, _ids = previewing
    qtbot.waitUntil(lambda: loaded(dialog, False), timeout=30000)
    assert dialog.page_count() >= 2
    assert dialog.page.value() == 1 and not dialog.previous.isEnabled() and dialog.next.isEnabled()
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_page() == 1, timeout=3000)
    assert dialog.page.value() == 2 and dialog.previous.isEnabled()
    dialog.page.setValue(1)
    qtbot.waitUntil(lambda: dialog.current_page() == 0, timeout=3000)
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("100%"))
    assert dialog.view.zoomFactor() == pytest.approx(1.0)
    qtbot.mouseClick(dialog.zoom_in, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomFactor() == pytest.approx(1.25) and dialog.zoom.currentText() == "125%"
    qtbot.mouseClick(dialog.zoom_out, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomFactor() == pytest.approx(1.0)


def test_blind_preview_hides_the_name_and_saves_the_bytes_shown(qtbot, previewing, tmp_path, monkeypatch):
    window, dialog, ids = previewing
    qtbot.waitUntil(lambda: loaded(dialog, False), timeout=30000)
    qtbot.mouseClick(dialog.blind, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: loaded(dialog, True) or bool(dialog.error), timeout=30000)
    candidate = dialog.candidate
    text = pdf_text(dialog.data)
    assert candidate_code(candidate) in text
    assert "Ada Lovelace" not in text and "ada@example.test" not in text
    assert "Ada" not in dialog.windowTitle() and "Lovelace" not in dialog.default_filename()

    asked = {}

    def save_as(_parent, _title, start, _filter):
        asked["start"] = start
        return str(tmp_path / "out" / "blind"), "PDF documents (*.pdf)"

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(preview.QFileDialog, "getSaveFileName", staticmethod(save_as))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved is not None or bool(dialog.error), timeout=30000)
    assert asked["start"].endswith(f"{candidate_code(candidate)}-blind.pdf")
    assert dialog.saved == tmp_path / "out" / "blind.pdf"
    assert dialog.saved.read_bytes() == dialog.data  # the bytes previewed
    assert dialog.status.text() == f"Saved to {dialog.saved}"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["blind.pdf"]  # no temporary file left


def test_without_qt_pdf_the_dialog_says_so_and_still_saves(qtbot, small_ws, tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "QPdfDocument", None)
    ids = panels(small_ws)
    window = show_window(qtbot, small_ws)
    window.candidates.refresh(select_id=ids["Cleo Chen"])
    dialog = window.preview_report()
    assert dialog.view is None and dialog.message.text() == preview.NO_QTPDF
    assert not dialog.zoom.isEnabled() and not dialog.next.isEnabled()
    dialog.save(tmp_path / "cleo.pdf")
    qtbot.waitUntil(lambda: dialog.saved is not None or bool(dialog.error), timeout=30000)
    assert "Cleo Chen" in pdf_text(dialog.saved.read_bytes())
    dialog.close()


def test_no_preview_for_a_candidate_not_interviewed(qtbot, small_ws):
    ids = panels(small_ws)
    window = show_window(qtbot, small_ws, interviewer="Ann")
    window.candidates.refresh(select_id=ids["Dan Draft"])
    assert window.act_preview.isEnabled()  # Ann can preview her own draft of Dan
    window.interviewer = "Bo"
    window.candidates.refresh(select_id=ids["Dan Draft"])
    assert not window.act_preview.isEnabled()  # another interviewer's draft is never shown
    fresh = add_candidate(small_ws, "Not Yet", "", "test-role").id
    window.candidates.refresh(select_id=fresh)
    assert not window.act_preview.isEnabled() and window.preview_report() is None


def test_an_interviewer_with_a_draft_sees_no_panel_report(qtbot, small_ws, tmp_path):
    ids = panels(small_ws)  # Ann and Bo submitted Ada's assessments
    score(small_ws, ids["Ada Lovelace"], "Cy", 1, 1, R.STRONG_NO, submit=False)
    window = show_window(qtbot, small_ws, interviewer="Cy")
    window.candidates.refresh(select_id=ids["Ada Lovelace"])
    dialog = window.preview_report()
    assert dialog.visibility is Visibility.HIDDEN_UNTIL_YOU_SUBMIT and dialog.hidden
    assert dialog.message.text() == visibility_text(dialog.visibility)
    assert dialog.data is None and not dialog.save_button.isEnabled()
    assert dialog.pages.text() == "of —" and dialog.page.text() == "—"  # not "page 0 of 0"
    dialog.save(tmp_path / "leak.pdf")
    assert not (tmp_path / "leak.pdf").exists()
    dialog.close()

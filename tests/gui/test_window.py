"""The window's other behaviours: read-only after submit, search, the new
candidate dialog, briefing / glossary / tips, export all, start-up errors."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox, QPlainTextEdit, QRadioButton

from assessor.domain import FlagState, Recommendation
from assessor.gui import app as gui_app
from assessor.gui import message
from assessor.gui.dialogs import NewCandidateDialog
from assessor.gui.widgets import FlagChoice, RatingWidget
from assessor.services import add_candidate, open_interview
from tests.gui.conftest import activate, answer_modal, type_text

pytestmark = pytest.mark.gui


def submitted_candidate(ws) -> int:
    cand = add_candidate(ws, "Dana Submitted", "dana@example.com", "test-role")
    interview = open_interview(ws, cand.id, "Ivo Interviewer")  # the window's interviewer: their own assessment opens
    interview.rate("q1", 2)
    interview.write_notes("q1", "Knew the basics")
    interview.set_flag("g1", FlagState.PRESENT)
    interview.tick("p1-a", True)
    interview.set_recommendation(Recommendation.NO)
    interview.set_position("q1")
    interview.submit()
    return cand.id


def test_a_submitted_assessment_opens_read_only(qtbot, window, small_ws):
    candidate_id = submitted_candidate(small_ws)
    window.candidates.refresh(select_id=candidate_id)
    assert window.candidates.start_button.text() == "Open (read-only)"
    window.open_candidate(candidate_id)
    view = window.view
    assert view.read_only and view.banner_box.isVisible()
    assert view.banner_label.text().startswith("Submitted on ") and view.banner_label.text().endswith("read-only")
    assert view.status_label.text() == "Submitted"

    assert view.current_step().key == "q1"
    rating = view.page.findChild(RatingWidget)
    assert rating.value() == 2 and not any(b.isEnabled() for b in rating.buttons.values())
    qtbot.keyClick(view.scroll, Qt.Key.Key_4)  # the keys are off too
    assert rating.value() == 2 and view.interview.assessment.response("q1").rating == 2
    notes = view.page.findChild(QPlainTextEdit, "notes")
    assert notes.isReadOnly() and notes.toPlainText() == "Knew the basics"

    for step in view.steps:
        view.go_to(view.steps.index(step))
        page = view.page
        for box in page.findChildren(QCheckBox) + page.findChildren(QRadioButton) + page.findChildren(FlagChoice):
            assert not box.isEnabled(), (step.key, box.objectName())
        for edit in page.findChildren(QPlainTextEdit):
            assert edit.isReadOnly()
    assert view.current_step().key == "summary"
    assert not view.page.submit_button.isEnabled() and view.page.export_button.isEnabled()
    assert view.page.findChild(QRadioButton, "recommendation-no").isChecked()


def test_the_search_box_filters_the_list(qtbot, window, small_ws):
    for name, email in (("Ana Costa", "ana@example.com"), ("Bruno Díaz", "bruno@example.org"),
                        ("Chen Li", "chen@example.com")):
        add_candidate(small_ws, name, email, "test-role")
    window.candidates.refresh()
    model = window.candidates.model
    assert model.rowCount() == 3
    qtbot.keyClick(window.candidates.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.candidates.search.hasFocus()
    type_text(qtbot, window.candidates.search, "DÍAZ".lower())
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)
    assert model.index(0, 0).data() == "Bruno Díaz"
    assert window.candidates.current().candidate.name == "Bruno Díaz"
    window.candidates.search.clear()
    type_text(qtbot, window.candidates.search, ".org")
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.index(0, 1).data() == "bruno@example.org")
    window.candidates.search.setText("nobody")
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=2000)
    assert window.candidates.empty.isVisible() and "matches" in window.candidates.empty.text()
    assert not window.candidates.start_button.isEnabled()
    window.candidates.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=2000)
    assert [model.index(r, 3).data() for r in range(3)] == ["Not started"] * 3


def test_the_new_candidate_dialog_shows_errors_inline(qtbot, small_ws):
    dialog = NewCandidateDialog(small_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()  # no name
    assert dialog.isVisible() and dialog.error.isVisible() and "name" in dialog.error.text()
    type_text(qtbot, dialog.name_edit, "  Émile Zola ")
    assert not dialog.error.isVisible()
    dialog.accept()
    assert dialog.result() == NewCandidateDialog.DialogCode.Accepted
    assert dialog.candidate.name == "Émile Zola" and dialog.candidate.role_id == "test-role"


def test_briefing_glossary_and_tips_open_any_time_without_blocking(qtbot, window, small_ws):
    add_candidate(small_ws, "Eve", "", "test-role")
    window.candidates.refresh()
    for key, kind, expected in ((Qt.Key.Key_F2, "glossary", "Meaning"), (Qt.Key.Key_F3, "tips", "Fix"),
                                (Qt.Key.Key_F1, "briefing", "")):
        activate(qtbot, window)
        qtbot.keyClick(window.candidates.table, key)
        dialog = window.references[kind]
        assert dialog.isVisible() and not dialog.isModal()
        assert "Test Role" in dialog.windowTitle()
        assert expected in dialog.text.toPlainText()
    glossary = window.references["glossary"]
    glossary.filter.setText("zzz")
    assert "Nothing here matches" in glossary.text.toPlainText()
    # Still usable during an interview, with the window still taking input.
    activate(qtbot, window)
    window.open_candidate(window.candidates.current().candidate.id)
    qtbot.keyClick(window.view.scroll, Qt.Key.Key_F2)
    assert window.references["glossary"].isVisible()
    for dialog in window.references.values():
        dialog.close()


def test_ticking_use_cases_changes_the_steps_and_back_saves(qtbot, window, small_ws):
    cand = add_candidate(small_ws, "Finn", "", "test-role")
    window.candidates.refresh(select_id=cand.id)
    window.open_candidate(cand.id)
    view = window.view
    keys = [s.key for s in view.steps]
    view.go_to(keys.index("use-cases"))
    n = len(view.steps)
    view.page.findChild(QCheckBox, "check-u2").setChecked(True)
    assert [s.key for s in view.steps][-2:] == ["u2", "summary"] and len(view.steps) == n + 1
    assert view.step_label.text() == f"Step {view.index + 1} of {n + 1}"
    view.page.findChild(QCheckBox, "check-u2").setChecked(False)
    assert len(view.steps) == n
    view.go_to(keys.index("q1"))
    notes = view.page.findChild(QPlainTextEdit, "notes")
    notes.setFocus()
    type_text(qtbot, notes, "typed then left")
    window.back_to_list()
    assert window.stack.currentWidget() is window.candidates
    assert open_interview(small_ws, cand.id, "Ivo Interviewer").assessment.response("q1").notes == "typed then left"
    assert window.candidates.current().status.value == "draft"
    assert window.candidates.model.index(window.candidates.table.currentIndex().row(), 3).data() == "In progress"


def test_export_all_runs_in_the_background(qtbot, window, small_ws, tmp_path, monkeypatch):
    submitted_candidate(small_ws)
    other = add_candidate(small_ws, "Gil", "", "test-role")
    open_interview(small_ws, other.id, "Ivo").rate("q1", 4)
    add_candidate(small_ws, "Never Interviewed", "", "test-role")
    window.candidates.refresh()
    out = tmp_path / "reports"
    out.mkdir()
    monkeypatch.setattr("assessor.gui.exporting.QFileDialog.getExistingDirectory", lambda *a, **k: str(out))
    steps: list[tuple[int, int]] = []
    monkeypatch.setattr(window.exporter, "_progress", lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(window.exporter.finished, timeout=30_000) as finished:
        qtbot.keyClick(window.candidates.table, Qt.Key.Key_E,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert finished.args == [out]
    # no name at the window: a hiring manager's export, Gil's only assessment is Ivo's draft and is left out
    assert sorted(p.name for p in out.iterdir()) == ["00001-dana-submitted.pdf"]
    assert steps[-1] == (2, 2)
    message = window.statusBar().currentMessage()
    assert "1 report(s) saved" in message and "1 candidate left out: nothing submitted yet" in message

    window.interviewer = "Ivo"  # Ivo at the window gets his own draft too
    mine = tmp_path / "mine"
    mine.mkdir()
    monkeypatch.setattr("assessor.gui.exporting.QFileDialog.getExistingDirectory", lambda *a, **k: str(mine))
    window.exporter.dialog.close()
    with qtbot.waitSignal(window.exporter.finished, timeout=30_000):
        window.exporter.export_everything()
    assert sorted(p.name for p in mine.iterdir()) == ["00001-dana-submitted.pdf", "00002-gil.pdf"]
    assert "2 report(s) saved" in window.statusBar().currentMessage()


def test_start_up_errors_show_a_message_not_a_traceback(qtbot, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; restore it after
    shown: list[str] = []
    monkeypatch.setattr(message, "present", lambda parent, kind, title, text, *_a, **_k: shown.append(text))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert gui_app.run(str(blocker / "db.sqlite3")) == 1
    assert shown and "database" in shown[0]

    shown.clear()
    try:
        raise ValueError("Zoë's notes must never reach a log")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR, logger="assessor.gui"):
            gui_app._excepthook(type(exc), exc, exc.__traceback__)
    assert shown and "ValueError" in shown[0] and "Zoë" not in shown[0]
    assert "ValueError" in caplog.text and "Zoë" not in caplog.text


def test_submit_asks_first_and_cancel_keeps_the_draft(qtbot, window, small_ws):
    cand = add_candidate(small_ws, "Hana", "", "test-role")
    window.open_candidate(cand.id)
    view = window.view
    view.go_to(len(view.steps) - 1)
    view.page.findChild(QRadioButton, "recommendation-strong_no").click()
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    view.page.submit_button.click()
    assert not view.read_only and not view.interview.assessment.is_submitted


def test_run_opens_the_window_and_closes_cleanly(qtbot, db, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv("ASSESSOR_QUIT_AFTER_MS", "300")
    assert gui_app.run(db) == 0
    assert not QApplication.windowIcon().isNull()


def test_about_shows_the_version(qtbot, window):
    seen: list[str] = []

    def read(dialog) -> None:
        seen.append(dialog.text.toPlainText())
        dialog.reject()

    answer_modal(read)
    window.act_about.trigger()
    assert seen and "Assessor" in seen[0] and "LGPL" in seen[0]

"""Closing the window mid-interview loses nothing: typed notes are flushed
on close, and the interview reopens at the same step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from assessor.services import add_candidate, load_assessment, open_workspace
from tests.gui.conftest import activate, answer_modal, show_window, type_text

pytestmark = pytest.mark.gui


def test_close_mid_typing_then_resume_at_the_same_step(qtbot, db, small_ws):
    cand = add_candidate(small_ws, "Ana Costa", "ana@example.com", "test-role")
    window = show_window(qtbot, small_ws)
    window.candidates.refresh(select_id=cand.id)
    answer_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))  # "Start scorecard"
    qtbot.keyClick(window.candidates.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    view = window.view
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    activate(qtbot, window)
    view.go_to([s.key for s in view.steps].index("q1"))
    qtbot.keyClick(view.scroll, Qt.Key.Key_3)
    qtbot.keyClick(view.scroll, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.current_step().key == "q2"
    qtbot.keyClick(view.scroll, Qt.Key.Key_4)

    notes = view.page.findChild(QPlainTextEdit, "notes")
    notes.setFocus()
    type_text(qtbot, notes, "Mentions app factories, 2 blueprints")
    assert view._autosaves[0].pending  # still inside the debounce delay, not saved yet
    window.close()  # must flush

    other = open_workspace(db, kits=small_ws.kits)
    try:
        reopened = show_window(qtbot, other)
        reopened.candidates.refresh(select_id=cand.id)
        qtbot.keyClick(reopened.candidates.table, Qt.Key.Key_Return)
        again = reopened.view
        assert again.current_step().key == "q2"
        assert again.page.findChild(QPlainTextEdit, "notes").toPlainText() == "Mentions app factories, 2 blueprints"
        stored = load_assessment(other, again.interview.assessment.id)
        assert stored.responses["q1"].rating == 3 and stored.responses["q2"].rating == 4
        assert again.page.ratings[0].buttons[4].isChecked()
        reopened.close()
    finally:
        other.close()


def test_notes_save_after_the_debounce_and_on_leaving_the_field(qtbot, small_ws):
    cand = add_candidate(small_ws, "Bo", "", "test-role")
    window = show_window(qtbot, small_ws)
    window.open_candidate(cand.id)
    view = window.view
    view.go_to([s.key for s in view.steps].index("q1"))
    notes = view.page.findChild(QPlainTextEdit, "notes")
    notes.setFocus()
    type_text(qtbot, notes, "first")
    qtbot.waitUntil(lambda: view.interview.assessment.response("q1").notes == "first", timeout=2000)
    assert "Saved" in window.save_label.text()
    type_text(qtbot, notes, " second")
    view.next_button.setFocus()  # focus out flushes at once
    assert view.interview.assessment.response("q1").notes == "first second"

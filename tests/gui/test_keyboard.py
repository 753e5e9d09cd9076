"""The keyboard contract of docs/keyboard.md, through the window: the whole
Flask kit walked by keys sent to the focused widget only, notes beginning
with letters at every step, read back from the database; Esc never leaves
the interview; Enter on the submit confirmation keeps editing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit

from assessor.domain import StepKind
from assessor.services import add_candidate, export_report, load_assessment, open_workspace
from tests.gui.conftest import activate, answer_modal, show_window
from tests.report.helpers import flat

pytestmark = pytest.mark.gui

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
#: at most this many keys beyond the typed note per question: Ctrl+digit, Alt+Right (docs/keyboard.md)
MAX_EXTRA_KEYS = 3


def focused():
    return QApplication.focusWidget()


def open_flask(qtbot, tmp_path):
    ws = open_workspace(str(tmp_path / "db.sqlite3"))
    add_candidate(ws, "Kai Keyboard", "kai@example.com", "flask-developer")
    window = show_window(qtbot, ws)
    answer_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))  # "Start scorecard" is the default
    qtbot.keyClick(window.candidates.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.view)
    activate(qtbot, window)
    return ws, window


def test_whole_flask_kit_by_keyboard(qtbot, tmp_path):
    ws, window = open_flask(qtbot, tmp_path)
    view = window.view
    notes: dict[str, str] = {}
    extra: list[int] = []
    for _ in range(100):
        step = view.current_step()
        if step.kind is StepKind.SUMMARY:
            break
        if step.kind in (StepKind.QUESTION, StepKind.USE_CASE):
            box = focused()
            assert isinstance(box, QPlainTextEdit) and box.objectName() == "notes", step.key
            text = f"Clear answer about {step.key}; how they test it"  # "C", "h": once type-ahead in the sidebar
            qtbot.keyClicks(box, text)
            keys = 0
            qtbot.keyClick(focused(), Qt.Key.Key_3, CTRL); keys += 1  # noqa: E702
            assert box.toPlainText() == text and step.key == view.current_step().key
            qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT); keys += 1  # noqa: E702
            extra.append(keys)
            notes[step.subject.id if step.kind is StepKind.QUESTION else step.subject.focus.id] = text
            assert view.current_step().key != step.key
            continue
        if step.kind is StepKind.FLAGS:
            assert focused() is not None and focused().objectName() == "flagUnknown"
            qtbot.keyClick(focused(), Qt.Key.Key_P)  # the first flag: Present
            assert focused().objectName() == "flagPresent" and focused().isChecked()
        if step.kind is StepKind.USE_CASE_SELECT:
            qtbot.keyClick(focused(), Qt.Key.Key_Space)  # tick the first use case
        qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)
    else:
        pytest.fail("never reached the summary")
    assert max(extra) <= MAX_EXTRA_KEYS
    print(f"\nkeys beyond the typed note: {sum(extra)} over {len(extra)} questions (max {max(extra)} each)")
    assert focused().objectName().startswith("recommendation-")
    qtbot.keyClick(focused(), Qt.Key.Key_3, CTRL)  # Yes
    assert view.page.findChild(type(focused()), "recommendation-yes").isChecked()
    assert view.next_button.text() == "Submit scorecard"
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    activate(qtbot, window)
    assert view.read_only
    assessment_id = view.interview.assessment.id
    window.close()
    stored = load_assessment(ws, assessment_id)
    assert stored.is_submitted
    for item_id, text in notes.items():
        assert stored.response(item_id).notes == text, item_id
    kit = ws.kits["flask-developer"]
    assert len(notes) == len(kit.questions) + 1  # every question and the ticked use case's focus question
    # ... and every note typed by keyboard is in the hiring manager's PDF
    pdf = export_report(ws, stored.candidate.id, tmp_path / "report.pdf").read_bytes()
    shown = flat(pdf)
    missing = [item_id for item_id, text in notes.items() if "".join(text.split()) not in shown]
    assert not missing, missing
    ws.close()


def test_esc_in_notes_stays_and_enter_on_confirmation_keeps_editing(qtbot, tmp_path):
    ws, window = open_flask(qtbot, tmp_path)
    view = window.view
    while view.current_step().kind is not StepKind.QUESTION:
        qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is view and isinstance(focused(), QPlainTextEdit)
    view.go_to(len(view.steps) - 1)
    qtbot.keyClick(focused(), Qt.Key.Key_2, CTRL)  # No
    shown: list[str] = []

    def press_enter(box) -> None:
        default = box.defaultButton()
        shown.append(default.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    answer_modal(press_enter)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    activate(qtbot, window)
    assert shown == ["Keep editing"] and not view.read_only
    assert not load_assessment(ws, view.interview.assessment.id).is_submitted
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())  # "Submit and seal"
    view.next_button.click()
    activate(qtbot, window)
    assert view.read_only and load_assessment(ws, view.interview.assessment.id).is_submitted
    window.close()
    ws.close()

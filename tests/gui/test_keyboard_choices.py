"""Two keys of the contract in docs/keyboard.md, through the window: Space
on a flag's button never sets it (P / A / U do), and the arrows on the
summary's recommendations choose one, saved at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from assessor.domain import FlagState, Recommendation, StepKind
from assessor.gui.style import BASE_POINT_SIZE, apply_style
from assessor.services import add_candidate, load_assessment
from tests.gui.conftest import activate, show_window

pytestmark = pytest.mark.gui


def interview(qtbot, ws, kind: StepKind):
    """The window at the first step of ``kind`` of a new interview."""
    cand = add_candidate(ws, "Kim Keys", "", "test-role")
    window = show_window(qtbot, ws)
    window.candidates.refresh(select_id=cand.id)
    window.open_candidate(cand.id)
    view = window.view
    view.go_to(next(i for i, s in enumerate(view.steps) if s.kind is kind))
    activate(qtbot, window)
    return window, view


def test_space_on_a_flag_button_sets_nothing_and_the_letters_do(qtbot, small_ws):
    window, view = interview(qtbot, small_ws, StepKind.FLAGS)
    button = next(b for b in view.page.findChildren(QPushButton) if b.objectName() == "flagPresent")
    button.setFocus()  # a miscounted Tab lands here
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert not button.isChecked()
    flag_id = view.interview.assessment.kit.green_flags[0].id
    assert load_assessment(small_ws, view.interview.assessment.id).response(flag_id).flag_state is None
    qtbot.keyClick(button, Qt.Key.Key_P)
    assert button.isChecked()
    assert load_assessment(small_ws, view.interview.assessment.id).response(flag_id).flag_state is FlagState.PRESENT


def test_arrows_on_the_summary_choose_the_recommendation(qtbot, small_ws):
    window, view = interview(qtbot, small_ws, StepKind.SUMMARY)
    first = QApplication.focusWidget()
    assert first.objectName() == "recommendation-strong_no" and not first.isChecked()  # none chosen yet
    qtbot.keyClick(first, Qt.Key.Key_Right)
    chosen = QApplication.focusWidget()
    assert chosen.objectName() == "recommendation-no" and chosen.isChecked()
    assert load_assessment(small_ws, view.interview.assessment.id).recommendation is Recommendation.NO
    qtbot.keyClick(chosen, Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert QApplication.focusWidget().objectName() == "recommendation-strong_no"
    assert load_assessment(small_ws, view.interview.assessment.id).recommendation is Recommendation.STRONG_NO


def test_titles_follow_the_system_font_size(qtbot, small_ws):
    app = QApplication.instance()
    before = app.font()
    try:
        big = app.font()
        big.setPointSizeF(BASE_POINT_SIZE * 2)  # the system's font, twice the size
        app.setFont(big)
        apply_style(app)
        window = show_window(qtbot, small_ws)
        title = next(w for w in window.findChildren(QLabel) if w.objectName() == "pageTitle")
        assert title.font().pointSizeF() == pytest.approx(15 * 2, abs=0.1)  # 15 pt at the base size
    finally:
        app.setFont(before)
        apply_style(app)

"""What was fixed after looking at every screen at 1280×720 and at 2×
(issue 17): the first-run name prompt has the focus and the interview
starts after it; a STAR box shows three lines at any font size; on
arriving at the summary the focused recommendation is wholly in view; the
chosen anchor's text is as dark as the others; a focused button and a
dialog's default button are marked (not by colour of text alone)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton

from assessor.domain import StepKind
from assessor.gui import message
from assessor.gui.main_window import MainWindow
from assessor.gui.pages import STAR_LINES
from assessor.gui.style import TEXT
from assessor.gui.widgets import AnchorRow, RatingWidget
from assessor.services import add_candidate, open_workspace
from tests.gui.conftest import activate, answer_modal
from tests.gui.test_behavioural import star_kit

pytestmark = pytest.mark.gui


def inside(widget, viewport) -> bool:
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_the_name_prompt_has_the_focus_and_the_scorecard_starts_after_it(qtbot, small_ws):
    cand = add_candidate(small_ws, "Nia New", "", "test-role")
    window = MainWindow(small_ws, interviewer="")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    window.candidates.refresh(select_id=cand.id)
    seen: dict[str, object] = {}

    def name_prompt(dialog) -> None:
        assert isinstance(dialog, QInputDialog), type(dialog).__name__
        seen["focus"] = QApplication.focusWidget()
        seen["edit"] = dialog.findChild(QLineEdit)
        qtbot.keyClicks(seen["focus"], "Nia Interviewer")
        qtbot.keyClick(seen["focus"], Qt.Key.Key_Return)

    def start(box) -> None:
        assert isinstance(box, QMessageBox)
        answer_modal(name_prompt)
        qtbot.keyClick(box, Qt.Key.Key_Return)  # "Start scorecard" is the default

    answer_modal(start)
    qtbot.keyClick(window.candidates.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.view)
    assert seen["focus"] is seen["edit"]  # typing goes straight into the name box
    assert window.interviewer == "Nia Interviewer"
    activate(qtbot, window)
    assert window.view.current_step().kind is StepKind.FLAGS
    assert QApplication.focusWidget().objectName() == "flagUnknown"  # the first flag, as docs/keyboard.md says


@pytest.mark.parametrize("point_size", [10.5, 22])
def test_every_star_box_shows_three_lines_at_any_font_size(qtbot, tmp_path, point_size):
    app = QApplication.instance()
    before = app.font()
    font = QFont(before)
    font.setPointSizeF(point_size)
    app.setFont(font)
    kit = star_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Sam Star", "", kit.role_id)
        window = MainWindow(ws, interviewer="Ivo Interviewer")
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        window.open_candidate(cand.id)
        view = window.view
        view.go_to([s.key for s in view.steps].index("q1"))
        boxes = [view.page.findChild(QPlainTextEdit, f"star-{k}") for k in ("situation", "task", "action", "result")]
        assert all(boxes)
        for box in boxes:
            assert box.height() >= box.minimumHeight()
            shown = (box.viewport().height() - 2 * box.document().documentMargin()) // box.fontMetrics().lineSpacing()
            assert shown >= STAR_LINES, (box.objectName(), shown)
        window.close()
    finally:
        app.setFont(before)
        ws.close()


def test_on_arriving_at_the_summary_the_recommendation_is_wholly_in_view(qtbot, tmp_path):
    ws = open_workspace(str(tmp_path / "db.sqlite3"))
    try:
        cand = add_candidate(ws, "Sue Summary", "", "flask-developer")
        window = MainWindow(ws, interviewer="Ivo Interviewer")
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        activate(qtbot, window)
        window.open_candidate(cand.id)
        view = window.view
        view.go_to(len(view.steps) - 1)
        assert view.current_step().kind is StepKind.SUMMARY
        radio = QApplication.focusWidget()
        assert radio.objectName().startswith("recommendation-")
        qtbot.waitUntil(lambda: inside(radio, view.scroll.viewport()), timeout=2000)
        window.close()
    finally:
        ws.close()


def test_the_chosen_anchor_reads_as_dark_as_the_others(qtbot, window):
    cand = add_candidate(window.ws, "Ana Anchor", "", "test-role")
    window.candidates.refresh(select_id=cand.id)
    window.open_candidate(cand.id)
    view = window.view
    view.go_to(next(i for i, s in enumerate(view.steps) if s.kind is StepKind.QUESTION))
    rating = view.page.findChild(RatingWidget)
    rows = rating.findChildren(AnchorRow)
    middle = [r for r in rows if r.text.objectName() == "anchorMeaning"]
    if not middle:
        pytest.skip("the test kit anchors every point")
    row = middle[0]
    row.button.click()
    assert row.property("chosen")
    assert row.text.palette().color(QPalette.ColorRole.WindowText).name() == TEXT


def test_a_focused_button_and_a_default_button_are_marked(qtbot, window):
    button = window.findChild(QPushButton, "newCandidateButton") or next(
        b for b in window.candidates.findChildren(QPushButton) if b.isVisible() and b.isEnabled())
    window.activateWindow()
    plain = button.grab().toImage()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    assert button.grab().toImage() != plain  # the focus ring

    seen = {}

    def look(box) -> None:
        default, other = box.defaultButton(), next(b for b in box.buttons() if b is not box.defaultButton())
        seen["differs"] = default.grab().toImage().pixelColor(1, default.height() // 2) != \
            other.grab().toImage().pixelColor(1, other.height() // 2)
        box.button(QMessageBox.StandardButton.No).click()

    answer_modal(look)
    message.yes_no(window, "Looks", "A question?", default_yes=True)
    assert seen["differs"], "the default button's edge looks like any other's"

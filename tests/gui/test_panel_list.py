"""A candidate list that tells the truth about panels (issue 17, item 6;
issue 15, item 2): a split panel shows every submitted recommendation, not
one interviewer's "Yes"; "2 of 3 submitted" beside the viewer's own
status; nothing of the others while the viewer's own scorecard is a draft;
the panel's computed result (capped by the kit's rules) in the tooltip;
Enter on a row with no scorecard of yours asks before starting one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from assessor.domain import Recommendation as R
from assessor.services import add_candidate
from tests.gui.conftest import answer_modal, show_window
from tests.gui.test_comparison_window import score


def cells(window, candidate_id: int) -> tuple[str, str, str]:
    model = window.candidates.model
    row = model.row_of(candidate_id)
    status = model.index(row, 3).data()
    rec = model.index(row, 4).data()
    tip = model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole)
    return status, rec, tip


def split_panel(ws) -> int:
    cid = add_candidate(ws, "Sam Split", "", "test-role").id
    score(ws, cid, "Ann", 4, 4, R.YES)
    score(ws, cid, "Bo", 1, 1, R.STRONG_NO)
    score(ws, cid, "Cy", 2, 1, R.NO, submit=False)
    return cid


def test_a_split_panel_shows_every_submitted_recommendation(qtbot, small_ws):
    cid = split_panel(small_ws)
    window = show_window(qtbot, small_ws, interviewer="Ann")
    status, rec, tip = cells(window, cid)
    assert status == "Submitted · 2 of 3 submitted"
    assert rec == "Yes · Strong No"  # never Ann's "Yes" alone
    assert "indicates" in tip and "debrief" in tip


def test_nothing_of_the_others_while_your_own_is_a_draft(qtbot, small_ws):
    cid = split_panel(small_ws)
    window = show_window(qtbot, small_ws, interviewer="cy")  # the same interviewer, typed in lower case
    status, rec, tip = cells(window, cid)
    assert status == "In progress · 2 of 3 submitted"
    assert rec == "Hidden until you submit" and "Yes" not in tip and "Strong No" not in tip


def test_enter_on_a_row_asks_before_starting_a_scorecard(qtbot, small_ws):
    cid = add_candidate(small_ws, "Nia New", "", "test-role").id
    window = show_window(qtbot, small_ws, interviewer="Ivo")
    window.candidates.refresh(select_id=cid)
    asked: list[str] = []

    def cancel(box) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    answer_modal(cancel)
    qtbot.keyClick(window.candidates.table, Qt.Key.Key_Return)
    assert asked and "Nia New" in asked[0]
    assert window.stack.currentWidget() is not window.view
    assert small_ws.store.candidates(viewer="Ivo")[0].assessment_id is None  # no draft made unasked


def test_the_question_shows_a_name_that_looks_like_markup_as_written(qtbot, small_ws):
    odd = "<b>Bo</b> <img src='x'>"
    cid = add_candidate(small_ws, odd, "", "test-role").id
    window = show_window(qtbot, small_ws, interviewer="Ivo")
    window.candidates.refresh(select_id=cid)
    seen: list[tuple] = []

    def look(box) -> None:
        seen.append((box.textFormat(), box.text()))
        box.button(QMessageBox.StandardButton.Cancel).click()

    answer_modal(look)
    qtbot.keyClick(window.candidates.table, Qt.Key.Key_Return)
    assert seen and seen[0][0] == Qt.TextFormat.PlainText and odd in seen[0][1]

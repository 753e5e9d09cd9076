"""Candidates ▸ Interviewer calibration: each interviewer's figures as
:func:`calibration_for` computes them, leniency with its sign and in words,
and the questions of the interviewer selected."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from assessor.services import add_candidate
from assessor.services.panel import calibration_for
from tests.gui.conftest import settle, show_window
from tests.gui.test_comparison_window import R, panels, score

pytestmark = pytest.mark.gui


def rows(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.fixture
def calibrated(qtbot, small_ws):
    panels(small_ws)
    window = show_window(qtbot, small_ws, interviewer="Hiring Manager")
    dialog = window.show_calibration()
    settle(qtbot, dialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_each_interviewer_s_figures_match_the_service(calibrated, small_ws):
    dialog = calibrated
    expected = calibration_for(small_ws, None)
    assert [c.interviewer for c in expected] == ["Ann", "Bo"]
    shown = rows(dialog.interviewers)
    assert [r[0] for r in shown] == ["Ann", "Bo"]
    for row, cal in zip(shown, expected, strict=True):
        assert row[1:5] == [str(cal.assessments), str(cal.ratings), f"{cal.mean:.2f}", f"{cal.panel_mean:.2f}"]
    ann, bo = expected
    assert ann.leniency < 0 < bo.leniency  # Ann rates lower than the panel, Bo higher
    assert shown[0][5] == f"−{abs(ann.leniency):.2f} severe"
    assert shown[1][5] == f"+{bo.leniency:.2f} lenient"
    assert "lenient" in dialog.findChild(QLabel, "calibrationExplanation").text()


def test_selecting_an_interviewer_shows_their_questions(qtbot, calibrated, small_ws):
    dialog = calibrated
    bo = next(c for c in calibration_for(small_ws, None) if c.interviewer == "Bo")
    table = dialog.interviewers
    row = [r[0] for r in rows(table)].index("Bo")
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.current().interviewer == "Bo"
    assert dialog.questions_title.text().startswith("Bo:")
    shown = {r[0]: r for r in rows(dialog.questions)}
    assert set(shown) == {q.prompt for q in bo.questions}
    for q in bo.questions:
        assert shown[q.prompt][1:7] == [str(q.n), f"{q.mean:.2f}", f"{q.sd:.2f}", str(q.panel_n),
                                        f"{q.panel_mean:.2f}", f"{q.panel_sd:.2f}"]
        word = "lenient" if q.difference > 0 else "severe" if q.difference < 0 else "in line"
        assert shown[q.prompt][7].endswith(word)


def test_one_role_and_sorting_by_leniency(qtbot, calibrated, small_ws):
    dialog = calibrated
    dialog.role.setCurrentIndex(dialog.role.findData("test-role"))
    settle(qtbot, dialog)
    assert [r[0] for r in rows(dialog.interviewers)] == [c.interviewer for c in calibration_for(small_ws, "test-role")]
    header = dialog.interviewers.horizontalHeader()
    x = header.sectionViewportPosition(5) + header.sectionSize(5) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert [r[0] for r in rows(dialog.interviewers)] == ["Bo", "Ann"]  # most lenient first


def test_no_submitted_assessment_says_what_is_needed(qtbot, small_ws):
    cid = add_candidate(small_ws, "Drafty", "", "test-role").id
    score(small_ws, cid, "Ann", 2, 2, R.NO, submit=False)
    window = show_window(qtbot, small_ws)
    dialog = window.show_calibration()
    settle(qtbot, dialog)
    assert dialog.empty.isVisible() and "submitted" in dialog.empty.text()
    assert dialog.interviewer_model.rowCount() == 0

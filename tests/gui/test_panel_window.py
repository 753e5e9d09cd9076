"""A panel through the window: two interviewers score one candidate, each
in an assessment of their own (the name switched with Candidates ▸
Interviewer name…); neither sees the other's ratings while their own is a
draft; once both have submitted the debrief shows the disagreement and the
consolidated PDF carries both interviewers' columns."""

from __future__ import annotations

import html
import re
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication, QDialogButtonBox, QInputDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QRadioButton,
    QWidget,
)

from assessor.domain import krippendorff_alpha
from assessor.gui.debrief_view import ALPHA_SOURCE, DISAGREEMENT_BG, DebriefDialog
from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, load_preferences
from assessor.domain import Visibility
from assessor.gui.wording import visibility_text
from tests.gui.conftest import activate, answer_modal, settle, show_window, type_text

HIDDEN = Visibility.HIDDEN_UNTIL_YOU_SUBMIT
from tests.gui.test_full_interview import click, digit, normalised, type_into

pytestmark = pytest.mark.gui

ANA, BEN = "Ana Lima", "Ben Okafor"
ANA_NOTE = "Ana: shaky on the basics of the request context"
BEN_NOTE = "Ben: solid, explained the application factory well"


def switch_interviewer(qtbot, window, name: str) -> None:
    """Candidates ▸ Interviewer name…, typed into the dialog as a user would."""
    def answer(dialog) -> None:
        assert isinstance(dialog, QInputDialog)
        edit = dialog.findChild(QLineEdit)
        edit.selectAll()
        type_text(qtbot, edit, name)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    answer_modal(answer)
    window.act_interviewer.trigger()
    activate(qtbot, window)
    assert window.interviewer == name


def open_from_list(qtbot, window, candidate_id: int, button: str) -> None:
    """Select the candidate; the Start button says what opens for this
    interviewer (``button``); Enter opens it."""
    window.candidates.refresh(select_id=candidate_id)
    assert window.candidates.start_button.text() == button
    if button == "Start interview":  # a new scorecard: asked first, Enter starts it
        answer_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    qtbot.keyClick(window.candidates.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.view)
    activate(qtbot, window)  # after the question, as a window manager does


def rate_question(qtbot, view, key: str, value: int, notes: str = "") -> None:
    """Go to question ``key`` with the side panel, rate it with a digit key,
    type notes."""
    item = next(i for i in view._tree_items() if i.parent() and view.steps[i.data(0, Qt.ItemDataRole.UserRole)].key
                == key)
    view.tree.scrollToItem(item)
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=view.tree.visualItemRect(item).center())
    assert view.current_step().key == key
    qtbot.keyClick(view.scroll, digit(value))
    assert view.page.findChild(RatingWidget).value() == value
    if notes:
        type_into(qtbot, view.page.findChild(QPlainTextEdit, "notes"), notes)


def go_to_summary(qtbot, view) -> None:
    while view.index + 1 < len(view.steps):
        qtbot.keyClick(view.scroll, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.current_step().kind.value == "summary"


def submit(qtbot, window, recommendation: str) -> None:
    page = window.view.page
    click(qtbot, page.findChild(QRadioButton, f"recommendation-{recommendation}"))
    assert page.submit_button.isEnabled(), page.submit_message.text()
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    click(qtbot, page.submit_button)
    activate(qtbot, window)
    assert window.view.read_only


def shown_texts(*roots: QWidget) -> str:
    """Every text a user can read in the visible widgets under ``roots``."""
    texts = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel):
                texts.append(widget.text())
            elif isinstance(widget, QPlainTextEdit):
                texts.append(widget.toPlainText())
            elif isinstance(widget, QLineEdit):
                texts.append(widget.text())
    return "\n".join(texts)


def stored_ratings(db: str) -> dict[tuple[str, str], int]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT a.interviewer, r.item_id, r.rating FROM responses r "
                           "JOIN assessments a ON a.id = r.assessment_id WHERE r.rating IS NOT NULL").fetchall()
    finally:
        con.close()
    return {(who, item): rating for who, item, rating in rows}


def test_two_interviewers_score_independently_then_debrief_and_export(qtbot, tmp_path, monkeypatch, small_ws, db):
    candidate = add_candidate(small_ws, "Pat Panel", "pat@example.com", "test-role")
    window = show_window(qtbot, small_ws, interviewer=ANA)
    view = window.view

    # Ana starts: nobody else yet, so no panel banner.
    open_from_list(qtbot, window, candidate.id, "Start interview")
    ana_id = view.interview.assessment.id
    assert view.interview.assessment.interviewer == ANA
    assert not view.panel_banner.isVisible()
    rate_question(qtbot, view, "q1", 1, ANA_NOTE)
    rate_question(qtbot, view, "q2", 3)
    qtbot.keyClick(view.scroll, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)

    # Ben, at the same window: his own assessment; Ana's stays hidden from him.
    switch_interviewer(qtbot, window, BEN)
    assert small_ws.prefs.interviewer == BEN and load_preferences().interviewer == BEN  # kept in Preferences
    open_from_list(qtbot, window, candidate.id, "Start interview")  # Ana's draft is hers, not his
    assert view.interview.assessment.interviewer == BEN and view.interview.assessment.id != ana_id
    assert view.panel_banner.isVisible()
    assert view.panel_banner.text.text().startswith(f"1 other interviewer ({ANA})")
    assert "hidden until you submit" in view.panel_banner.text.text()
    assert view.panel_banner.visibility is HIDDEN and view.panel_banner.reason.text() == visibility_text(HIDDEN)
    assert not view.panel_banner.debrief_button.isVisible()
    view.go_to([s.key for s in view.steps].index("q1"))
    assert view.page.findChild(RatingWidget).value() is None  # Ana's 1 is not shown to Ben
    assert ANA_NOTE not in shown_texts(window)
    rate_question(qtbot, view, "q1", 3, BEN_NOTE)
    rate_question(qtbot, view, "q2", 3)

    # The debrief is refused while Ben's own assessment is a draft: the reason, no data.
    qtbot.keyClick(view.scroll, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.debrief)
    debrief: DebriefDialog = window.debrief
    assert debrief is not None and debrief.isVisible()
    assert debrief.visibility is HIDDEN and debrief.message.text() == visibility_text(HIDDEN)
    assert debrief.table.rowCount() == 0 and not debrief.table.isVisible()
    assert not debrief.export_button.isVisible()
    assert ANA_NOTE not in shown_texts(debrief) and "Krippendorff" not in shown_texts(debrief)
    debrief.close()
    activate(qtbot, window)

    go_to_summary(qtbot, view)
    submit(qtbot, window, "yes")
    # Submitted: the banner offers the debrief; Ana's draft is still not shown.
    assert view.panel_banner.isVisible() and view.panel_banner.debrief_button.isVisible()
    assert "1 still a draft" in view.panel_banner.text.text()
    assert ANA_NOTE not in shown_texts(window)
    qtbot.keyClick(view.scroll, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)

    # Ana comes back: her draft, as she left it; Ben's submitted ratings stay hidden from her.
    switch_interviewer(qtbot, window, ANA)
    open_from_list(qtbot, window, candidate.id, "Resume interview")  # though Ben's latest is submitted
    assert view.interview.assessment.id == ana_id
    assert view.panel_banner.text.text().startswith(f"1 other interviewer ({BEN})")
    assert view.panel_banner.visibility is HIDDEN and view.panel_banner.reason.text() == visibility_text(HIDDEN)
    view.go_to([s.key for s in view.steps].index("q1"))
    assert view.page.findChild(RatingWidget).value() == 1  # her own rating, not Ben's 3
    assert BEN_NOTE not in shown_texts(window)
    qtbot.keyClick(view.scroll, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.debrief)
    assert window.debrief.visibility is HIDDEN and window.debrief.table.rowCount() == 0
    assert window.debrief.message.text() == visibility_text(HIDDEN)
    assert BEN_NOTE not in shown_texts(window.debrief)
    window.debrief.close()
    activate(qtbot, window)
    # Nor through a report: exporting waits for her submission too.
    asked: list[object] = []
    told: list[str] = []
    monkeypatch.setattr("assessor.gui.exporting.QFileDialog.getSaveFileName", lambda *a, **k: asked.append(a))
    answer_modal(lambda box: (told.append(box.text()), box.accept()))
    qtbot.keyClick(view.scroll, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    activate(qtbot, window)
    assert told and visibility_text(HIDDEN) in told[0] and asked == []

    go_to_summary(qtbot, view)
    assert "indicates No" in view.page.indicated.text()  # (1 + 3) / 2 = 2.0: below the midpoint
    submit(qtbot, window, "no")
    assert view.panel_banner.debrief_button.isVisible()
    assert "1 submitted" in view.panel_banner.text.text()

    # Both submitted: the debrief, opened from the banner, shows the 2-point spread highlighted.
    click(qtbot, view.panel_banner.debrief_button)
    settle(qtbot, window)
    debrief = window.debrief
    assert debrief.isVisible() and debrief.table.isVisible()
    table = debrief.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Question", ANA, BEN, "Spread"]
    rows = debrief.item_rows()
    q1, q2 = rows["q1"], rows["q2"]
    assert [table.item(q1, c).text() for c in (1, 2, 3)] == ["1", "3", "⚠ 2"]
    assert table.item(q1, 0).text().startswith("⚠ ")
    assert all(table.item(q1, c).background().color() == QColor(DISAGREEMENT_BG) for c in range(4))
    assert [table.item(q2, c).text() for c in (1, 2, 3)] == ["3", "3", "0"]
    assert table.item(q2, 3).background().color() != QColor(DISAGREEMENT_BG)
    footer = {table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2)]
              for r in range(table.rowCount()) if table.item(r, 1) is not None and r not in rows.values()}
    assert footer["Overall score (computed)"] == ["2.00", "3.00"]
    assert footer["Recommendation"] == ["No", "Yes"]
    assert debrief.tally.text() == "Yes 1 · No 1"
    assert debrief.overall.text() == "2.50 / 4 → indicates Yes"
    expected_alpha = krippendorff_alpha([[1, 3], [3, 3]], "interval")
    assert debrief.alpha.text().startswith(f"Krippendorff's α (interval) = {expected_alpha:.2f}")
    assert "\nIn plain words: the interviewers" in debrief.alpha.text()
    assert html.unescape(debrief.alpha.toolTip()) == f"<p>{ALPHA_SOURCE}</p>"
    assert "Krippendorff" in ALPHA_SOURCE and "2011" in ALPHA_SOURCE and "D_o / D_e" in ALPHA_SOURCE
    assert debrief.disagreements.text() == "⚠ 1 question"
    table.selectRow(q1)
    assert ANA_NOTE in debrief.notes.toPlainText() and BEN_NOTE in debrief.notes.toPlainText()
    assert stored_ratings(db) == {(ANA, "q1"): 1, (ANA, "q2"): 3, (BEN, "q1"): 3, (BEN, "q2"): 3}

    # The consolidated report, from the debrief's button.
    pdf = tmp_path / "panel.pdf"
    monkeypatch.setattr("assessor.gui.exporting.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(pdf), "PDF documents (*.pdf)"))
    monkeypatch.setattr("assessor.gui.exporting.QDesktopServices.openUrl", lambda url: None)
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as finished:
        click(qtbot, debrief.export_button)
    assert finished.args == [pdf] and pdf.exists()
    pypdf = pytest.importorskip("pypdf")
    text = normalised(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))
    assert ANA in text and BEN in text  # both interviewers' columns
    assert re.search(r"Krippendorff", text), "the agreement figure is named in the report"
    debrief.close()
    window.close()


def test_the_debrief_opens_from_the_candidate_list(qtbot, small_ws):
    from assessor.domain import Recommendation
    from assessor.services import open_interview

    candidate = add_candidate(small_ws, "Lee List", "", "test-role")
    for who, rating in ((ANA, 1), (BEN, 4)):
        interview = open_interview(small_ws, candidate.id, who)
        interview.rate("q1", rating)
        interview.set_recommendation(Recommendation.NO)
        if rating >= 3:
            interview.set_departure_reason("The one rating is not the whole story")
        interview.submit()
    window = show_window(qtbot, small_ws, interviewer="Hana Hiring Manager")  # not on the panel: sees it all
    window.candidates.refresh(select_id=candidate.id)
    assert window.candidates.debrief_button.isEnabled()
    click(qtbot, window.candidates.debrief_button)
    settle(qtbot, window)
    debrief = window.debrief
    row = debrief.item_rows()["q1"]
    assert [debrief.table.item(row, c).text() for c in (1, 2, 3)] == ["1", "4", "⚠ 3"]
    assert debrief.tally.text() == "No 2"
    reasons = next(r for r in range(debrief.table.rowCount())
                   if debrief.table.item(r, 0) and debrief.table.item(r, 0).text() == "Reason for departing")
    assert debrief.table.item(reasons, 2).text() == "The one rating is not the whole story"
    debrief.close()


def test_a_candidate_nobody_submitted_has_no_debrief_yet(qtbot, small_ws):
    from assessor.services import open_interview

    candidate = add_candidate(small_ws, "Dee Draft", "", "test-role")
    open_interview(small_ws, candidate.id, ANA).rate("q1", 2)
    window = show_window(qtbot, small_ws, interviewer="Hana Hiring Manager")
    window.candidates.refresh(select_id=candidate.id)
    debrief = window.show_debrief()
    settle(qtbot, debrief)
    assert debrief.table.rowCount() == 0 and not debrief.table.isVisible()
    assert "submitted" in debrief.message.text()
    assert "Traceback" not in shown_texts(debrief)
    debrief.close()


def test_the_interviewer_name_moves_from_the_old_settings_into_preferences(qtbot, tmp_path, monkeypatch, small_ws):
    from PySide6.QtCore import QSettings

    from assessor.gui.main_window import MainWindow

    old = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    old.setValue("interviewer", "Olga Old")
    monkeypatch.setattr("assessor.gui.main_window.settings", lambda: old)
    window = MainWindow(small_ws)
    qtbot.addWidget(window)
    assert window.interviewer == "Olga Old"
    assert small_ws.prefs.interviewer == "Olga Old" and load_preferences().interviewer == "Olga Old"
    assert old.value("interviewer") is None  # moved once, not read again
    window.close()

    old.setValue("interviewer", "Someone Else")  # Preferences wins from now on
    again = MainWindow(small_ws)
    qtbot.addWidget(again)
    assert again.interviewer == "Olga Old"
    again.close()
    QApplication.processEvents()


def test_names_that_look_like_markup_are_shown_as_written(qtbot, small_ws):
    from PySide6.QtCore import Qt as QtNs

    from assessor.domain import Recommendation
    from assessor.services import open_interview

    odd = "<b>Bo</b> & <i>Co</i>"
    candidate = add_candidate(small_ws, "<h1>Mark Up</h1>", "", "test-role")
    interview = open_interview(small_ws, candidate.id, odd)
    interview.rate("q1", 2)
    interview.write_notes("q1", "<script>alert(1)</script> & notes")
    interview.set_recommendation(Recommendation.NO)
    interview.submit()
    window = show_window(qtbot, small_ws, interviewer="Hana")
    window.candidates.refresh(select_id=candidate.id)
    window.open_candidate(candidate.id)  # Hana's own draft; the banner names the other interviewer
    banner = window.view.panel_banner
    assert banner.text.textFormat() == QtNs.TextFormat.PlainText and odd in banner.text.text()
    window.back_to_list()
    debrief = window.show_debrief()
    settle(qtbot, debrief)
    assert debrief.visibility is HIDDEN and debrief.message.text() == visibility_text(HIDDEN)  # Hana has a draft now
    window.candidates.refresh(select_id=candidate.id)
    window.interviewer = "Hiring Manager"
    debrief = window.show_debrief()
    settle(qtbot, debrief)
    assert debrief.table.horizontalHeaderItem(1).text() == odd
    assert html.escape(odd) in debrief.table.horizontalHeaderItem(1).toolTip()
    debrief.table.selectRow(debrief.item_rows()["q1"])
    assert "<script>alert(1)</script> & notes" in debrief.notes.toPlainText()
    assert debrief.title.textFormat() == QtNs.TextFormat.PlainText and "<h1>Mark Up</h1>" in debrief.title.text()
    debrief.close()

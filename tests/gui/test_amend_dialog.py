"""A submitted assessment in the window: the seal's status, and Amend…
records a visible correction with a required reason, authored by the
interviewer at the window; a refusal is said in the dialog (no traceback);
the page then shows the amended value and the amendment."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from assessor.domain import FlagState, Recommendation, verify_seal
from assessor.gui.amend_dialog import AmendDialog
from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, load_assessment, open_interview
from tests.gui.conftest import activate, answer_modal, settle, type_text
from tests.gui.test_full_interview import click

pytestmark = pytest.mark.gui

REASON = "Misclicked at submission: my notes say the answer covered the senior anchor"


def submitted(ws, interviewer: str = "Ivo Interviewer") -> int:
    candidate = add_candidate(ws, "Sam Sealed", "", "test-role")
    interview = open_interview(ws, candidate.id, interviewer)
    interview.rate("q1", 2)
    interview.write_notes("q1", "Knew the basics")
    interview.set_flag("g1", FlagState.PRESENT)
    interview.set_recommendation(Recommendation.NO)
    interview.set_position("q1")
    interview.submit()
    return candidate.id


def test_amend_a_rating_through_the_dialog(qtbot, window, small_ws):
    candidate_id = submitted(small_ws)
    window.candidates.refresh(select_id=candidate_id)
    window.open_candidate(candidate_id)
    view = window.view
    assert view.read_only and view.current_step().key == "q1"
    assert view.seal_label.isVisible()
    assert view.seal_label.text().startswith("Signed by Ivo Interviewer at submission, key ed25519:") \
        and view.seal_label.text().endswith("; intact")
    assert view.seal_words.text() == "In plain words: nothing in this scorecard has changed since it was submitted."
    assert not view.amendments_box.isVisible()
    debrief = window.show_debrief()  # left open: it follows the amendment
    settle(qtbot, debrief)
    q1 = debrief.item_rows()["q1"]
    assert debrief.table.item(q1, 1).text() == "2"
    activate(qtbot, window)

    seen: dict[str, object] = {}

    def amend(dialog) -> None:
        assert isinstance(dialog, AmendDialog)
        assert dialog.target().item_id == "q1" and dialog.field() == "rating"  # the question on screen
        assert dialog.current_label.text() == "2 (L2)"
        dialog.choice.setCurrentIndex(dialog.choice.findData(4))
        click(qtbot, dialog.ok_button)  # no reason yet: refused, said in the dialog
        seen["error"] = dialog.error.text() if dialog.error.isVisible() else ""
        seen["open"] = dialog.isVisible()
        type_text(qtbot, dialog.reason, REASON)
        click(qtbot, dialog.ok_button)

    answer_modal(amend)
    click(qtbot, view.amend_button)
    activate(qtbot, window)
    assert seen["open"] and "reason" in str(seen["error"]) and "Traceback" not in str(seen["error"])

    stored = load_assessment(small_ws, view.interview.assessment.id)
    assert stored.response("q1").rating == 4 and verify_seal(stored) is True
    [amendment] = stored.amendments
    assert (amendment.author, amendment.item_id, amendment.field, amendment.old, amendment.new, amendment.reason) == (
        "Ivo Interviewer", "q1", "rating", 2, 4, REASON)

    # The view shows the assessment as amended, on the same step.
    assert view.current_step().key == "q1" and view.read_only
    assert view.page.findChild(RatingWidget).value() == 4
    assert view.seal_label.text().endswith("intact, 1 amendment since")
    assert "changed only through the corrections listed below" in view.seal_words.text()
    lines = [label.text() for label in view.amendments_box.findChildren(QLabel, "amendmentText")]
    assert len(lines) == 1 and "Ivo Interviewer changed the rating of" in lines[0]
    assert "from 2 (L2) to 4 (L4)" in lines[0] and lines[0].endswith(f"Reason: {REASON}")
    page_note = view.page.findChild(QLabel, "pageAmendment")
    assert page_note is not None and "2 (L2) → 4 (L4)" in page_note.text()
    assert "Amended" in window.save_label.text()
    settle(qtbot, debrief)  # the open debrief follows the change notice of the amendment
    assert debrief.table.item(debrief.item_rows()["q1"], 1).text() == "4"
    debrief.close()


def test_amend_the_takeaways_and_refusals_stay_in_the_dialog(qtbot, window, small_ws):
    candidate_id = submitted(small_ws)
    window.candidates.refresh(select_id=candidate_id)
    window.open_candidate(candidate_id)
    view = window.view
    view.go_to(len(view.steps) - 1)  # the summary
    seen: list[str] = []

    def amend(dialog) -> None:
        dialog.select(None, "recommendation")
        assert dialog.choice.currentData() == "no"
        type_text(qtbot, dialog.reason, "Typo")
        click(qtbot, dialog.ok_button)  # the same value: refused
        seen.append(dialog.error.text())
        dialog.select(None, "takeaways")
        assert dialog.text.isVisibleTo(dialog) and not dialog.choice.isVisibleTo(dialog)
        dialog.text.setFocus()
        type_text(qtbot, dialog.text, "Probe testing in the next round")
        click(qtbot, dialog.ok_button)

    answer_modal(amend)
    click(qtbot, view.amend_button)
    activate(qtbot, window)
    assert "already has that value" in seen[0]
    stored = load_assessment(small_ws, view.interview.assessment.id)
    assert stored.takeaways == "Probe testing in the next round" and stored.recommendation is Recommendation.NO
    takeaways = view.page.findChild(QPlainTextEdit, "takeaways")
    assert takeaways.toPlainText() == "Probe testing in the next round" and takeaways.isReadOnly()
    assert "key takeaways" in view.page.findChild(QLabel, "pageAmendment").text()


def test_cancel_changes_nothing_and_a_draft_has_no_amend(qtbot, window, small_ws):
    candidate_id = submitted(small_ws)
    window.candidates.refresh(select_id=candidate_id)
    window.open_candidate(candidate_id)
    view = window.view
    answer_modal(lambda dialog: dialog.reject())
    click(qtbot, view.amend_button)
    activate(qtbot, window)
    assert load_assessment(small_ws, view.interview.assessment.id).amendments == []

    other = add_candidate(small_ws, "Dana Draft", "", "test-role")
    window.back_to_list()
    window.candidates.refresh(select_id=other.id)
    window.open_candidate(other.id)
    assert not view.read_only and not view.amend_button.isVisible() and view.amend() is None

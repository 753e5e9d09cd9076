"""A relaunch returns to the interview in progress (issue 17, item 6): the
window reopens the interviewer's own draft at the step it was left, with
what was typed; never a colleague's; a scorecard submitted meanwhile or a
candidate erased only changes what is selected."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from assessor.domain import Recommendation
from assessor.services import add_candidate, open_interview
from assessor.services.in_progress import workspace_key
from assessor.services.settings import load_preferences
from tests.gui.conftest import settle, show_window, type_text

pytestmark = pytest.mark.gui


def start_and_type(qtbot, window, ws, name: str, note: str):
    """Through the window: select ``name``'s row, start the interview, go to
    the second question, type ``note`` in its Notes, close the window."""
    cand = add_candidate(ws, name, "", "test-role")
    window.candidates.refresh(select_id=cand.id)
    window.open_candidate(cand.id)
    view = window.view
    keys = [s.key for s in view.steps]
    view.go_to(keys.index("q2"))
    notes = view.page.findChild(QPlainTextEdit, "notes")
    notes.setFocus()
    type_text(qtbot, notes, note)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    return cand


def test_a_relaunch_reopens_the_interview_at_its_step_with_the_note(qtbot, small_ws):
    window = show_window(qtbot, small_ws, interviewer="Ivo Interviewer")
    settle(qtbot, window)
    cand = start_and_type(qtbot, window, small_ws, "Rita Resume", "Clear answer on joins")
    assert str(small_ws.store.url) not in load_preferences().model_dump_json()  # a digest, never the address
    assert workspace_key(small_ws) in load_preferences().in_progress

    again = show_window(qtbot, small_ws, interviewer="Ivo Interviewer")
    settle(qtbot, again)
    qtbot.waitUntil(lambda: again.stack.currentWidget() is again.view)
    view = again.view
    assert view.interview.assessment.candidate.id == cand.id
    assert view.steps[view.index].key == "q2"  # the step it was left at
    assert view.page.findChild(QPlainTextEdit, "notes").toPlainText() == "Clear answer on joins"


def test_a_colleague_never_lands_in_someone_else_s_draft(qtbot, small_ws):
    window = show_window(qtbot, small_ws, interviewer="Ivo Interviewer")
    settle(qtbot, window)
    cand = start_and_type(qtbot, window, small_ws, "Rita Resume", "Ivo's own words")

    colleague = show_window(qtbot, small_ws, interviewer="Olga Other")
    settle(qtbot, colleague)
    assert colleague.stack.currentWidget() is colleague.candidates  # the list, not Ivo's draft
    assert colleague.candidates.current_id() == cand.id  # the candidate is selected, nothing started
    assert [a.interviewer for a in small_ws.store.assessments_of(cand.id)] == ["Ivo Interviewer"]


def test_submitted_meanwhile_only_selects_and_erased_is_forgotten(qtbot, small_ws):
    window = show_window(qtbot, small_ws, interviewer="Ivo Interviewer")
    settle(qtbot, window)
    cand = start_and_type(qtbot, window, small_ws, "Rita Resume", "Ready to submit")
    other = add_candidate(small_ws, "Aaron First", "", "test-role")  # sorts first: the list's default row
    interview = open_interview(small_ws, cand.id, "Ivo Interviewer")  # submitted elsewhere meanwhile
    interview.rate("q1", 3)
    interview.rate("q2", 3)
    interview.set_recommendation(Recommendation.YES)
    if interview.departures():
        interview.set_departure_reason("discussed")
    interview.submit()

    again = show_window(qtbot, small_ws, interviewer="Ivo Interviewer")
    settle(qtbot, again)
    assert again.stack.currentWidget() is again.candidates
    assert again.candidates.current_id() == cand.id  # selected, not opened
    again.close()
    qtbot.waitUntil(lambda: not again.isVisible())

    from assessor.services import erase_candidate

    erase_candidate(small_ws, cand.id)
    last = show_window(qtbot, small_ws, interviewer="Ivo Interviewer")
    settle(qtbot, last)
    assert last.stack.currentWidget() is last.candidates
    assert last.candidates.current_id() == other.id

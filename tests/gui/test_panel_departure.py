"""The summary page follows the rule set in advance: it shows the computed
overall score and the recommendation it indicates; a recommendation on the
other side of the hire line (or a hire despite a red flag) shows why it
departs, as it changes, and Submit waits for a written reason, which is
autosaved like the takeaways."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPlainTextEdit, QRadioButton

from assessor.domain import Status
from assessor.gui.widgets import SAVE_DELAY_MS
from assessor.services import add_candidate, load_assessment
from tests.gui.conftest import activate, answer_modal
from tests.gui.test_full_interview import click, digit, type_into

pytestmark = pytest.mark.gui

REASON = "Strong system design discussion that the two questions do not cover."


def summary_page(qtbot, window, small_ws, ratings: dict[str, int]):
    candidate = add_candidate(small_ws, "Dev Departure", "", "test-role")
    window.candidates.refresh(select_id=candidate.id)
    window.open_candidate(candidate.id)
    view = window.view
    for key, value in ratings.items():
        view.go_to([s.key for s in view.steps].index(key))
        qtbot.keyClick(view.scroll, digit(value))
    view.go_to(len(view.steps) - 1)
    return view


def test_a_departing_recommendation_needs_a_written_reason(qtbot, window, small_ws):
    view = summary_page(qtbot, window, small_ws, {"q1": 1, "q2": 2})
    page = view.page
    assert page.findChild(object, "overallScore").text() == "1.50 / 4"
    assert page.indicated.text().endswith("indicates Strong No")
    box = page.departure_box
    assert not box.isVisible()  # nothing chosen yet: nothing departs

    click(qtbot, page.findChild(QRadioButton, "recommendation-no"))
    assert not box.isVisible() and page.submit_button.isEnabled()  # No follows the score

    click(qtbot, page.findChild(QRadioButton, "recommendation-yes"))  # on the other side of the hire line
    assert box.isVisible()
    assert "departs from the computed score" in page.departure_title.text()
    assert "Yes although the computed score 1.5 is below the midpoint 2.5" in page.departure_text.text()
    assert not page.submit_button.isEnabled()
    assert "written reason" in page.submit_message.text()

    # Submitting anyway is refused with what is missing (the shortcut path, not only the greyed button).
    seen: list[str] = []
    answer_modal(lambda msg: (seen.append(msg.text()), msg.button(QMessageBox.StandardButton.Ok).click()))
    view.submit()
    activate(qtbot, window)
    assert seen and "written reason" in seen[0]

    reason = page.findChild(QPlainTextEdit, "departureReason")
    type_into(qtbot, reason, REASON)
    qtbot.wait(SAVE_DELAY_MS + 200)  # autosaved after the typing pauses, without leaving the field
    assert load_assessment(small_ws, view.interview.assessment.id).departure_reason == REASON
    assert page.submit_button.isEnabled() and page.submit_message.text() == ""
    assert "write why" not in page.departure_title.text()

    # Back to a recommendation that follows the score: the warning goes, the written reason stays shown.
    click(qtbot, page.findChild(QRadioButton, "recommendation-strong_no"))
    assert not page.departure_text.isVisible() and box.isVisible()
    assert "follows the computed score" in page.departure_title.text()

    click(qtbot, page.findChild(QRadioButton, "recommendation-yes"))
    answer_modal(lambda msg: msg.button(QMessageBox.StandardButton.Yes).click())
    click(qtbot, page.submit_button)
    activate(qtbot, window)
    stored = load_assessment(small_ws, view.interview.assessment.id)
    assert stored.status is Status.SUBMITTED and stored.departure_reason == REASON
    assert stored.recommendation.value == "yes"
    # Read-only now: the reason shows, and cannot be edited.
    reason = view.page.findChild(QPlainTextEdit, "departureReason")
    assert reason.isReadOnly() and reason.toPlainText() == REASON and view.page.departure_box.isVisible()


def test_a_hire_despite_an_observed_red_flag_needs_a_reason_too(qtbot, window, small_ws):
    view = summary_page(qtbot, window, small_ws, {"q1": 3, "q2": 3})
    view.go_to([s.key for s in view.steps].index("p1"))
    click(qtbot, view.page.findChild(QCheckBox, "check-p1-red"))
    view.go_to(len(view.steps) - 1)
    page = view.page
    assert page.indicated.text().endswith("indicates Yes")  # this kit sets no cap: the red flag leaves 3.00
    click(qtbot, page.findChild(QRadioButton, "recommendation-yes"))
    assert page.departure_box.isVisible()
    assert page.departure_text.text() == "•  Yes despite the red flag observed: Profile red flag."
    assert not page.submit_button.isEnabled()
    # Unticking the red flag on its page takes the departure away when the summary shows again.
    view.go_to([s.key for s in view.steps].index("p1"))
    click(qtbot, view.page.findChild(QCheckBox, "check-p1-red"))
    view.go_to(len(view.steps) - 1)
    assert not view.page.departure_box.isVisible() and view.page.submit_button.isEnabled()

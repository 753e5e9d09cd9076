"""After submitting, the window says what happened and what is next
(issue 17, item 2), where the eye already is: the banner above the page."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QRadioButton

from assessor.services import add_candidate

from .conftest import answer_modal


def test_after_submit_the_window_says_what_happened_and_what_is_next(qtbot, window, small_ws):
    candidate = add_candidate(small_ws, "Hana Sato", "", "test-role")
    window.open_candidate(candidate.id)
    view = window.view
    view.go_to(len(view.steps) - 1)
    view.page.findChild(QRadioButton, "recommendation-no").click()
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())  # "Submit and seal"
    view.page.submit_button.click()
    assert view.read_only and small_ws.store.assessment(view.interview.assessment.id).is_submitted
    assert view.banner_label.text() == "Submitted and sealed — the scorecard of Hana Sato is now read-only"
    assert view.next_steps.isVisible() and "Ctrl+E" in view.next_steps.text() and "Ctrl+D" in view.next_steps.text()
    window.back_to_list()
    window.open_candidate(candidate.id)  # reopened later: the banner says when, the next steps are not repeated
    assert view.banner_label.text().startswith("Submitted on ") and not view.next_steps.isVisible()

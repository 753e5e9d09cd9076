"""The panel notice is read once per interview (issue 17, item 4): in full,
with its reason, on the first step shown and on the summary; a one-line
reminder on the steps between, which still says the others' ratings are
hidden until you submit."""

from __future__ import annotations

from assessor.domain import StepKind
from assessor.services import add_candidate, open_interview

from .conftest import show_window


def test_the_panel_notice_shows_in_full_once_then_as_one_line(qtbot, small_ws):
    candidate = add_candidate(small_ws, "Ada Lovelace", "ada@example.com", "test-role")
    open_interview(small_ws, candidate.id, "Ana Lima")  # a colleague's draft: the panel
    window = show_window(qtbot, small_ws, interviewer="Ben Okafor")
    window.open_candidate(candidate.id)
    view, banner = window.view, window.view.panel_banner
    assert view.interview.assessment.interviewer == "Ben Okafor"
    full = banner.text.text()
    assert banner.isVisible() and banner.reason.isVisible() and "Ana Lima" in full

    view.go_to(view.index + 1)
    assert banner.isVisible() and not banner.reason.isVisible()
    assert "hidden until you submit" in banner.text.text() and banner.text.text() != full
    qtbot.waitUntil(lambda: banner.height() < 40, timeout=2000)  # one line, not the 80 px notice

    view.go_to(next(i for i, s in enumerate(view.steps) if s.kind is StepKind.SUMMARY))
    assert banner.text.text() == full and banner.reason.isVisible()
    view.go_to(1)
    assert not banner.reason.isVisible()
    window.close()

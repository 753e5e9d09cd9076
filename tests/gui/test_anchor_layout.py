"""Anchors readable at a glance (issue 17, item 4): in a 1280×720 window,
a question with two probes and a long anchor at every point keeps its
Notes box and its anchored scale on the page without scrolling, and,
whichever rating is chosen, the chosen anchor (highlighted) and its
neighbours in view, for scales of 3 to 7 points."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPlainTextEdit

from assessor.domain import InterviewKit
from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, open_workspace

from .conftest import show_window

ANCHOR = ("Explains what the code does and why it is done that way, names the trade-offs of the approach, "
          "and gives a concrete example from work they did themselves")


def kit_of(points: int) -> InterviewKit:
    anchors = {"junior": "Junior: " + ANCHOR, "senior": "Senior: " + ANCHOR,
               "points": {v: f"Point {v}: " + ANCHOR for v in range(2, points)}}
    question = {"id": "q1", "prompt": "How would you store the orders of an online shop, and what would make "
                                      "you choose a different kind of database?",
                "topic": "Data modelling", "must_have": True, "anchors": anchors,
                "probes": ["How would you add a gift message to orders without stopping the shop?",
                           "Which query of the shop would you worry about first, and what index would it need?"]}
    return InterviewKit.model_validate({
        "role_id": f"scale-{points}", "title": f"Scale of {points}", "version": "1.0.0",
        "scale": {"points": [{"value": v, "label": f"Level {v}", "meaning": f"Meaning of level {v}"}
                             for v in range(1, points + 1)]},
        "green_flags": [{"id": "g1", "text": "Green one"}], "yellow_flags": [],
        "questions": [question, {**question, "id": "q2"}], "profile": [], "use_cases": [],
    })


def inside(widget, viewport) -> bool:
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("points", [3, 4, 5, 6, 7])
def test_rating_anchors_and_notes_are_seen_together_at_1280_by_720(qtbot, tmp_path, points):
    kit = kit_of(points)
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        candidate = add_candidate(ws, "Ada Lovelace", "ada@example.com", kit.role_id)
        window = show_window(qtbot, ws)
        window.resize(1264, 672)  # what fit_to_screen gives on a 1280×720 screen
        window.open_candidate(candidate.id)
        view = window.view
        view.go_to(next(i for i, s in enumerate(view.steps) if s.key.endswith("q1")))
        qtbot.waitUntil(lambda: isinstance(view.page.focusWidget(), QPlainTextEdit))
        qtbot.wait(50)
        page_view = view.scroll.viewport()
        rating = view.page.findChild(RatingWidget)
        notes = view.page.focusWidget()
        scale = view.page.scale_area
        assert inside(notes, page_view) and inside(scale, page_view), "the page scrolls its notes or scale away"
        assert inside(rating.rows[1], scale.viewport())
        for value in range(1, points + 1):
            rating.buttons[value].click()
            qtbot.wait(10)
            near = [v for v in (value - 1, value, value + 1) if v in rating.rows]
            unseen = [v for v in near if not inside(rating.rows[v], scale.viewport())]
            assert not unseen, f"{points}-point scale, rated {value}: anchors {unseen} out of view"
            assert inside(notes, page_view)
            assert [v for v, r in rating.rows.items() if r.property("chosen")] == [value]
        assert ws.store.assessment(view.interview.assessment.id).response("q1").rating == points
        window.close()
    finally:
        ws.close()

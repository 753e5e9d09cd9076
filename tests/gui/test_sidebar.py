"""The step list keeps its layout (issue 17, item 8): the titles' column
does not change width as marks appear from step to step ("9/10" becoming
"10/10"), so titles never shift and re-elide; each title's full text is
its tooltip."""

from __future__ import annotations

from assessor.domain import InterviewKit
from assessor.gui.interview_steps import STEP_ROLE
from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, open_workspace

from .conftest import show_window


def ten_questions() -> InterviewKit:
    question = lambda n: {"id": f"q{n}", "prompt": f"Question number {n}, long enough to be cut in the list?",  # noqa: E731
                          "anchors": {"junior": "low", "senior": "high"}}
    return InterviewKit.model_validate({
        "role_id": "ten", "title": "Ten", "version": "1.0.0",
        "scale": {"points": [{"value": v, "label": f"L{v}", "meaning": f"M{v}"} for v in (1, 2, 3, 4)]},
        "green_flags": [{"id": "g1", "text": "Green one"}], "yellow_flags": [],
        "questions": [question(n) for n in range(1, 11)], "profile": [], "use_cases": [],
    })


def test_the_titles_column_keeps_its_width_as_marks_appear(qtbot, tmp_path):
    kit = ten_questions()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        candidate = add_candidate(ws, "Ada Lovelace", "", kit.role_id)
        window = show_window(qtbot, ws)
        window.open_candidate(candidate.id)
        view, tree = window.view, window.view.tree
        before = tree.columnWidth(0)
        keys = [s.key for s in view.steps]
        for n in range(1, 11):
            view.go_to(keys.index(f"q{n}"))
            view.page.findChild(RatingWidget).buttons[3].click()
        qtbot.wait(20)
        assert "10/10" in [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]
        assert tree.columnWidth(0) == before
        child = tree.topLevelItem(1).child(0)
        assert child.toolTip(0) == view.steps[child.data(0, STEP_ROLE)].title
        window.close()
    finally:
        ws.close()

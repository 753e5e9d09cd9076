"""A behavioural (STAR) question through the window: focus lands in
Situation, Tab goes Task → Action → Result, every part typed is saved as
it is typed, read back from the database, and printed in the PDF report
under the rating."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from assessor.domain import InterviewKit, star_parts
from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, export_report, load_assessment, open_workspace
from tests.gui.conftest import activate, show_window
from tests.kits import small_kit
from tests.report.helpers import flat

pytestmark = pytest.mark.gui

PARTS = {"situation": "Payments API down on Black Friday", "task": "Restore checkout within the hour",
         "action": "Rolled back the release and paged the database team", "result": "Back in 20 minutes; wrote the review"}


def star_kit() -> InterviewKit:
    data = small_kit().model_dump()
    data["questions"][0]["behavioural"] = True
    data["questions"][0]["probes"] = ["What did you do first?", {"prompt": "Who else was there?",
                                                                 "probes": ["What did they do?"]}]
    data["use_cases"][0]["focus"]["behavioural"] = True
    return InterviewKit.model_validate(data)


def test_a_star_interview_is_saved_part_by_part_and_printed(qtbot, tmp_path):
    kit = star_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Sam Star", "", kit.role_id)
        window = show_window(qtbot, ws)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        activate(qtbot, window)
        view = window.view
        keys = [s.key for s in view.steps]
        view.go_to(keys.index("q1"))
        page = view.page
        boxes = [page.findChild(QPlainTextEdit, f"star-{key}") for key in PARTS]
        assert all(boxes) and page.findChild(QPlainTextEdit, "notes") is None
        assert [b.accessibleName() for b in boxes] == ["Situation", "Task", "Action", "Result"]
        assert QApplication.focusWidget() is boxes[0]  # focus lands in Situation
        assert [lb.text().strip() for lb in page.findChildren(QLabel, "subProbe")] == ["◦  What did they do?"]
        for key, text in PARTS.items():
            box = QApplication.focusWidget()
            assert box.property("starPart") == key
            qtbot.keyClicks(box, text)
            if key == "result":
                qtbot.keyClick(box, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # rate from the box
                assert page.findChild(RatingWidget).value() == 3
            qtbot.keyClick(box, Qt.Key.Key_Tab)  # Tab moves on to the next part (and saves on leaving)
        stored = load_assessment(ws, view.interview.assessment.id)
        assert star_parts(stored.response("q1").notes) == PARTS and stored.response("q1").rating == 3
        # the plain question keeps its one Notes box
        view.go_to(keys.index("q2"))
        assert view.page.findChild(QPlainTextEdit, "notes") is not None
        assert view.page.findChild(QPlainTextEdit, "star-situation") is None
        # a part typed and not yet left is saved by the keystroke's autosave (flushed when leaving the step)
        view.go_to(keys.index("q1"))
        result = view.page.findChild(QPlainTextEdit, "star-result")
        assert result.toPlainText() == PARTS["result"]  # read back into the boxes from the database
        qtbot.keyClick(result, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(result, ".")
        view.go_to(keys.index("q2"))
        assert star_parts(load_assessment(ws, view.interview.assessment.id).response("q1").notes)["result"] \
            == PARTS["result"] + "."
        author = view.interview.assessment.interviewer  # a draft: only its author's report shows it
        window.close()
        pdf = flat(export_report(ws, cand.id, tmp_path / "report.pdf", viewer=author).read_bytes())
        for (key, text), label in zip(PARTS.items(), ("Situation", "Task", "Action", "Result")):
            text = text + "." if key == "result" else text
            assert f"{label}:" + "".join(text.split()) in pdf, key
        assert pdf.index("Rating:") < pdf.index("Situation:")  # the four parts under the rating
        assert "Whoelsewasthere?(then:Whatdidtheydo?)" in pdf
    finally:
        ws.close()


def test_an_empty_star_answer_stores_nothing_and_a_hint_says_what_to_note(qtbot, tmp_path):
    kit = star_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Sam Star", "", kit.role_id)
        window = show_window(qtbot, ws)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        view = window.view
        view.go_to([s.key for s in view.steps].index("q1"))
        hints = [label.text() for label in view.page.findChildren(QLabel, "hint")]
        assert any("Situation, the Task, the Action and the Result" in h for h in hints)
        box = view.page.findChild(QPlainTextEdit, "star-task")
        qtbot.keyClicks(box, "x")
        box.clear()
        view.flush()
        assert load_assessment(ws, view.interview.assessment.id).response("q1").notes == ""
    finally:
        ws.close()

"""The summary page shows the competency profile the ratings make."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from assessor.domain import InterviewKit
from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, open_workspace
from tests.gui.conftest import settle, show_window
from tests.kits import small_kit


def competency_kit() -> InterviewKit:
    data = small_kit().model_dump()
    data["competencies"] = [{"id": "design", "name": "System design"}, {"id": "ops", "name": "Operations"}]
    data["questions"][0]["competencies"] = ["design"]
    data["questions"][1]["competencies"] = ["design", "ops"]
    return InterviewKit.model_validate(data)


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def summary_table(qtbot, db, kit: InterviewKit, ratings: dict[str, int]) -> list[list[str]] | None:
    """Open a candidate of ``kit``, click ``ratings`` on their questions, go
    to the summary and return its competency table."""
    ws = open_workspace(db, kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        window = show_window(qtbot, ws)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        view = window.view
        keys = [s.key for s in view.steps]
        for key, value in ratings.items():
            view.go_to(keys.index(key))
            qtbot.mouseClick(view.page.findChild(RatingWidget).buttons[value], Qt.MouseButton.LeftButton)
        view.go_to(keys.index("summary"))
        table = view.page.findChild(QTableWidget, "competencyTable")
        return None if table is None else table_rows(table)
    finally:
        ws.close()


def test_the_summary_shows_the_mean_rating_of_each_competency(qtbot, db):
    assert summary_table(qtbot, db, competency_kit(), {"q1": 4, "q2": 1}) == [
        ["System design", "2.50 / 4", "2 of 2", ""], ["Operations", "1.00 / 4", "1 of 1", ""]]


def test_a_kit_without_competencies_shows_no_competency_table(qtbot, db):
    assert summary_table(qtbot, db, small_kit(), {"q1": 4}) is None


def test_the_editor_keeps_a_checklist_item_s_competencies_and_edits_them(qtbot):
    from assessor.gui.bank_forms import PROFILE_FIELDS, ItemForm

    form = ItemForm(PROFILE_FIELDS)
    qtbot.addWidget(form)
    area = {"id": "profile-ops", "title": "Ops", "items": [
        {"id": "ops-ci", "text": "Uses CI", "competencies": ["delivery"]}, {"id": "ops-logs", "text": "Reads logs"}]}
    form.load(area)
    edit = form.widgets[("items",)]
    assert edit.toPlainText() == "ops-ci | Uses CI | delivery\nops-logs | Reads logs"
    edit.setPlainText("ops-ci | Uses CI | delivery, ops\nops-logs | Reads logs")
    assert area["items"] == [{"id": "ops-ci", "text": "Uses CI", "competencies": ["delivery", "ops"]},
                             {"id": "ops-logs", "text": "Reads logs"}]


def test_the_question_form_has_a_competencies_field():
    from assessor.gui.bank_forms import COMPETENCY_FIELDS, question_fields

    assert [f.path for f in question_fields(4) if f.path == ("competencies",)] == [("competencies",)]
    assert [f.path for f in COMPETENCY_FIELDS] == [("id",), ("name",), ("definition",), ("must_have_below",)]


def test_the_debrief_shows_the_panel_s_competency_profile(qtbot, db):
    from assessor.domain import Recommendation
    from assessor.services import open_interview

    kit = competency_kit()
    ws = open_workspace(db, kits={kit.role_id: kit})
    try:
        candidate = add_candidate(ws, "Lee List", "", kit.role_id)
        for who, (q1, q2) in (("Ana", (4, 2)), ("Ben", (2, 2))):
            interview = open_interview(ws, candidate.id, who)
            interview.rate("q1", q1)
            interview.rate("q2", q2)
            interview.set_recommendation(Recommendation.YES if who == "Ana" else Recommendation.NO)
            interview.submit()
        window = show_window(qtbot, ws, interviewer="Hana Hiring Manager")
        window.candidates.refresh(select_id=candidate.id)
        debrief = window.show_debrief()
        settle(qtbot, debrief)  # filled by the window's database worker
        # design: Ana 3.00, Ben 2.00 → 2.50; ops (q2 only): 2.00 and 2.00
        assert debrief.competencies.text() == "System design: 2.50 / 4\nOperations: 2.00 / 4"
        assert not debrief.competencies.isHidden()
        debrief.close()
    finally:
        ws.close()


def test_the_side_panel_heads_the_checklists_with_the_bank_s_words(qtbot, db):
    data = small_kit().model_dump()
    data["profile_heading"] = "Reliability practices"
    kit = InterviewKit.model_validate(data)
    ws = open_workspace(db, kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        window = show_window(qtbot, ws)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        tree = window.view.tree
        headings = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
        assert "Reliability practices" in headings and "Developer profile" not in headings
    finally:
        ws.close()

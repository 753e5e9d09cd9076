"""A question's time budget on the interview page, and in the bank
editor's question form."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from assessor.domain import InterviewKit
from assessor.gui.bank_forms import ItemForm, question_fields
from assessor.services import add_candidate, open_workspace
from tests.gui.conftest import show_window
from tests.kits import small_kit


def budget_kit() -> InterviewKit:
    data = small_kit().model_dump()
    data["questions"][0]["minutes"] = 10
    data["use_cases"][0]["focus"]["minutes"] = 1
    return InterviewKit.model_validate(data)


def test_the_question_page_shows_its_time_budget(qtbot, db):
    kit = budget_kit()
    ws = open_workspace(db, kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        window = show_window(qtbot, ws)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        view = window.view
        keys = [s.key for s in view.steps]

        def budget() -> list[str]:
            return [label.text() for label in view.page.findChildren(QLabel, "timeBudget")]

        view.go_to(keys.index("q1"))
        assert budget() == ["Time budget: 10 minutes"]
        view.go_to(keys.index("q2"))
        assert budget() == []
    finally:
        ws.close()


def test_the_editor_form_edits_minutes_as_a_number(qtbot):
    form = ItemForm(question_fields(4))
    qtbot.addWidget(form)
    item = {"id": "q-one", "prompt": "P?", "anchors": {"junior": "j", "senior": "s"}}
    form.load(item)
    edit = form.widgets[("minutes",)]
    assert isinstance(edit, QLineEdit)
    edit.setText("12")
    assert item["minutes"] == 12
    edit.setText("twelve")
    assert item["minutes"] == "twelve"  # kept as typed, for the checker to report
    edit.setText("")
    assert "minutes" not in item

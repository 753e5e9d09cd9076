"""Must-haves on checklist items ("missing") and competencies ("rated
below N"), and a bank-set threshold for must-have questions: each caps the
overall score with scoring.cap, is stated in the rules and found by the
checker when it cannot work."""

from __future__ import annotations

from datetime import datetime

import pytest

from assessor.bank import check_data
from assessor.domain import Assessment, Candidate, InterviewKit, Response, describe_rules, score
from tests.kits import small_kit


def kit(cap: float | None = 2, **changes) -> InterviewKit:
    data = small_kit().model_dump()
    data["competencies"] = [{"id": "design", "name": "System design", "must_have_below": 3},
                            {"id": "ops", "name": "Operations"}]
    data["questions"][0]["competencies"] = ["design"]
    data["questions"][1]["competencies"] = ["design", "ops"]
    data["profile"][0]["items"][0]["must_have"] = True
    data["use_cases"][0]["priority_skills"][0]["must_have"] = True
    data["scoring"] = {"cap": cap, **changes}
    return InterviewKit.model_validate(data)


def assessment(k: InterviewKit, **responses: Response) -> Assessment:
    cand = Candidate(1, "Ana", "", k.role_id, datetime(2026, 1, 1))
    return Assessment(1, cand, k, "Ivo", datetime(2026, 1, 1), responses=dict(responses))


def test_a_missing_must_have_item_caps_the_score_and_a_ticked_one_does_not():
    k = kit()
    missing = score(assessment(k, q1=Response("q1", rating=4), q2=Response("q2", rating=4)))
    assert (missing.overall, missing.uncapped) == (2.0, 4.0)
    assert missing.capped_by == ["must-have item missing: Skill A"]  # u1 does not apply: its skill is not asked
    ticked = score(assessment(k, q1=Response("q1", rating=4), q2=Response("q2", rating=4),
                              **{"p1-a": Response("p1-a", checked=True)}))
    assert ticked.overall == 4.0 and ticked.capped_by == []
    applying = score(assessment(k, q1=Response("q1", rating=4), **{"p1-a": Response("p1-a", checked=True),
                                                                   "u1": Response("u1", checked=True)}))
    assert applying.capped_by == ["must-have item missing: Skill"]


def test_a_must_have_competency_below_its_threshold_caps_the_score():
    k = kit()
    tick = {"p1-a": Response("p1-a", checked=True)}
    low = score(assessment(k, q1=Response("q1", rating=4), q2=Response("q2", rating=1), **tick))  # design 2.50
    assert low.capped_by == ["must-have competency rated 2.50, below 3: System design"]
    assert score(assessment(k, q1=Response("q1", rating=4), q2=Response("q2", rating=2), **tick)).capped_by == []
    unrated = score(assessment(k, **tick))
    assert unrated.must_have_unrated == ["competency System design"] and unrated.hurdles == []


def test_the_bank_sets_the_threshold_of_must_have_questions():
    data = kit(must_have_below=4).model_dump()
    data["questions"][0]["must_have"] = True
    k = InterviewKit.model_validate(data)
    s = score(assessment(k, q1=Response("q1", rating=3), q2=Response("q2", rating=4),
                         **{"p1-a": Response("p1-a", checked=True)}))
    assert s.capped_by == ["must-have question rated 3 (L3): Explain the philosophy"]


def test_the_rules_state_every_must_have_and_its_rule():
    data = kit(must_have_below=3).model_dump()
    data["questions"][0]["must_have"] = True
    rules = " ".join(describe_rules(InterviewKit.model_validate(data)))
    assert "Must-have checklist items (missing when not ticked): Skill A; Skill." in rules
    assert "Must-have competencies: System design (rated below 3)." in rules
    assert ("If a red flag is observed, or a must-have question is rated below the bank's threshold (3), or a "
            "must-have checklist item is missing, or a must-have competency is rated below its threshold, the "
            "overall score is capped at 2 (L2).") in rules


@pytest.mark.parametrize(("where", "value", "message", "severity"), [
    (("competencies", 0, "must_have_below"), 5, "must_have_below 5 is off the scale", "error"),
    (("scoring", "must_have_below"), 1, "must_have_below 1 is off the scale", "error"),
])
def test_a_threshold_off_the_scale_is_an_error(where, value, message, severity):
    data = kit().model_dump()
    node = data
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    _, findings = check_data(data)
    found = [f for f in findings if f.loc == where]
    assert found and found[0].message.startswith(message) and found[0].severity == severity


def test_must_haves_without_a_cap_are_warned_about():
    data = kit().model_dump()
    data["scoring"] = {}
    _, findings = check_data(data)
    warned = {f.loc for f in findings if "no effect without a 'cap'" in f.message}
    assert ("profile", 0, "items", 0, "must_have") in warned
    assert ("competencies", 0, "must_have_below") in warned


def test_the_editor_keeps_a_must_have_checklist_item(qtbot):
    from assessor.gui.bank_forms import PROFILE_FIELDS, ItemForm

    form = ItemForm(PROFILE_FIELDS)
    qtbot.addWidget(form)
    area = {"id": "profile-ops", "title": "Ops", "items": [
        {"id": "ops-ci", "text": "Uses CI", "must_have": True}, {"id": "ops-logs", "text": "Reads logs"}]}
    form.load(area)
    edit = form.widgets[("items",)]
    assert edit.toPlainText() == "ops-ci | Uses CI | | must-have\nops-logs | Reads logs"
    edit.setPlainText("ops-ci | Uses CI | ops | must-have\nops-logs | Reads logs | must-have")
    assert area["items"] == [{"id": "ops-ci", "text": "Uses CI", "must_have": True, "competencies": ["ops"]},
                             {"id": "ops-logs", "text": "Reads logs", "must_have": True}]


def test_the_summary_page_shows_the_must_haves_beside_the_score(qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCheckBox, QLabel, QTableWidget

    from assessor.gui.widgets import RatingWidget

    from assessor.services import add_candidate, open_workspace
    from tests.gui.conftest import show_window

    k = kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={k.role_id: k})
    try:
        cand = add_candidate(ws, "Tia", "", k.role_id)
        window = show_window(qtbot, ws)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        view = window.view
        keys = [s.key for s in view.steps]
        view.go_to(keys.index("q1"))
        qtbot.mouseClick(view.page.findChild(RatingWidget).buttons[4], Qt.MouseButton.LeftButton)
        view.go_to(keys.index("p1"))
        box = view.page.findChild(QCheckBox, "check-p1-a")
        assert box.text() == "Skill A  (must-have: missing caps the score)"
        view.go_to(keys.index("summary"))
        texts = " ".join(label.text() for label in view.page.findChildren(QLabel))
        assert "Capped from 4.00: must-have item missing: Skill A" in texts
        table = view.page.findChild(QTableWidget, "competencyTable")
        assert table.item(0, 0).text() == "System design (must-have: rated below 3)"
    finally:
        ws.close()

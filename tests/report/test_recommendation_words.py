"""Recommendation definitions come from the bank: beside each choice on
the summary page, in the report's appendix and the panel report's."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QRadioButton

from assessor.domain import InterviewKit
from assessor.services import add_candidate, export_report, open_interview, open_workspace
from tests.gui.conftest import show_window
from tests.kits import small_kit
from tests.report.helpers import flat

WORDS = {"strong_yes": "Would raise the bar of the on-call rotation", "no": "Not yet ready to be on call alone"}


def worded_kit() -> InterviewKit:
    data = small_kit().model_dump()
    data["recommendations"] = WORDS
    return InterviewKit.model_validate(data)


def test_the_summary_shows_each_definition_beside_its_choice(qtbot, tmp_path):
    kit = worded_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        window = show_window(qtbot, ws)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        view = window.view
        view.go_to([s.key for s in view.steps].index("summary"))
        for value, text in WORDS.items():
            assert view.page.findChild(QLabel, f"recommendationDefinition-{value}").text() == text
            assert view.page.findChild(QRadioButton, f"recommendation-{value}").accessibleDescription() == text
        assert view.page.findChild(QLabel, "recommendationDefinition-yes") is None
    finally:
        ws.close()


def test_the_report_appendix_prints_the_definitions(tmp_path):
    kit = worded_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        open_interview(ws, cand.id, "Ivo").rate("q1", 3)
        pdf = flat(export_report(ws, cand.id, tmp_path / "r.pdf", viewer="Ivo").read_bytes())
        assert "Whattherecommendationsmean" in pdf
        assert "NotYes" not in pdf and "No:Notyetreadytobeoncallalone" in pdf
        assert "StrongYes:Wouldraisethebaroftheon-callrotation" in pdf
    finally:
        ws.close()


def test_a_bank_without_definitions_prints_none(tmp_path):
    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        open_interview(ws, cand.id, "Ivo").rate("q1", 3)
        assert "Whattherecommendationsmean" not in flat(export_report(ws, cand.id, tmp_path / "r.pdf", viewer="Ivo").read_bytes())
    finally:
        ws.close()

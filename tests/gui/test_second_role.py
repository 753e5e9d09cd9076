"""A second role written only as YAML (question_bank/backend-developer.yaml,
no code change): it validates, is interviewed in the window on its own
five-point scale with anchors for every point, probes and scoring rules,
and gives a PDF report that prints them."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QRadioButton

from assessor.domain import StepKind
from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, export_report, load_assessment, open_workspace, validate_banks
from tests.gui.conftest import activate, answer_modal, show_window
from tests.report.helpers import flat

pytestmark = pytest.mark.gui

RATINGS = {"q-http-lifecycle": 4, "q-data-modelling": 2, "q-slow-endpoint": 5, "q-testing-strategy": 4,
           "q-concurrent-updates": 3, "q-security-basics": 0, "q-uc-api-change": 5}


def test_the_backend_role_validates_without_warnings():
    from assessor.bank import builtin_bank_dir

    checked, problems = validate_banks([builtin_bank_dir() / "backend-developer.yaml"])
    assert problems == []


def test_interview_in_the_window_and_pdf_report(qtbot, db, tmp_path):
    ws = open_workspace(db)
    kit = ws.kits["backend-developer"]
    candidate = add_candidate(ws, "Kim Lee", "kim@example.org", "backend-developer")
    window = show_window(qtbot, ws)
    window.candidates.refresh(select_id=candidate.id)
    window.open_candidate(candidate.id)
    view = window.view
    assert "Backend Developer" in view.meta_label.text()

    for _ in range(40):
        step, page = view.current_step(), view.page
        if step.kind is StepKind.QUESTION or step.kind is StepKind.USE_CASE:
            question = step.subject if step.kind is StepKind.QUESTION else step.subject.focus
            rating = page.findChild(RatingWidget)
            assert sorted(rating.buttons) == [0, 1, 2, 3, 4, 5]
            anchors = [label for label in page.findChildren(QLabel)
                       if re.fullmatch(r"anchor\w*Text", label.objectName())]
            assert len(anchors) == (5 if question.anchors.points else 2)
            probes = [label.text() for label in page.findChildren(QLabel, "probe")]
            assert probes == [f"•  {p}" for p in question.probes]
            if step.kind is StepKind.USE_CASE:
                page.findChild(QCheckBox, f"check-{step.subject.red_flag.id}").click()
            qtbot.keyClick(view.scroll, Qt.Key(Qt.Key.Key_0.value + RATINGS[question.id]))
            assert rating.value() == (RATINGS[question.id] or None)
        elif step.kind is StepKind.USE_CASE_SELECT:
            page.findChild(QCheckBox, "check-uc-public-api").click()
        elif step.kind is StepKind.SUMMARY:
            break
        qtbot.keyClick(view.scroll, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    page = view.page
    rules = [label.text() for label in page.findChildren(QLabel, "scoringRule")]
    assert any("weighted mean of the section scores (skill-level questions ×2" in r for r in rules)
    assert any("capped at 2 (Developing)" in r for r in rules)
    # questions (4+2+5+4+3)/5 = 3.6 ×2, the API use case 5 ×1 -> 4.07, capped at 2 (must-have rated 2)
    assert page.findChild(QLabel, "overallScore").text() == "2.00 / 5"
    assert "Capped from 4.07" in page.findChild(QLabel, "capNote").text()
    page.findChild(QRadioButton, "recommendation-no").click()
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    page.submit_button.click()
    activate(qtbot, window)
    assert view.read_only
    window.close()

    stored = load_assessment(ws, view.interview.assessment.id)
    assert stored.kit == kit and stored.response("q-security-basics").rating is None
    pdf = export_report(ws, candidate.id, tmp_path / "kim.pdf")
    ws.close()
    body = flat(pdf.read_bytes())
    for text in ("Backend Developer", "Howthescoreismade", "Capped from 4.07", "Must-havequestion",
                 "5—Expert", "3Proficient:Explainsconnection,TLS", "Follow-upprobes:",
                 "Where would you look first if some requests took ten seconds?", "2.00/5"):
        assert "".join(text.split()) in body, text

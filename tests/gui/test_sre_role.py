"""The third role, written in YAML alone from public material: it
validates under --strict, is interviewed through the window (a STAR
answer typed part by part), and its report shows the STAR notes, the
competency profile, the time per section and the recommendation words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox, QRadioButton

from assessor.cli.main import main
from assessor.domain import Recommendation, star_parts
from assessor.services import add_candidate, export_report, load_assessment, open_workspace
from tests.gui.conftest import activate, answer_modal, show_window
from tests.report.helpers import flat

pytestmark = pytest.mark.gui

BANK = Path(__file__).resolve().parents[2] / "question_bank" / "site-reliability-engineer.yaml"
STAR = {"situation": "Checkout latency doubled at noon", "task": "I was incident commander",
        "action": "Rolled back the deploy and posted updates every 15 minutes", "result": "Fixed in 25 min; added a canary"}


class FakeClock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_sre_bank_validates_strictly_and_names_its_sources(capsys):
    assert main(["bank", "validate", "--strict", str(BANK)]) == 0
    text = BANK.read_text(encoding="utf-8")
    assert "Office of Personnel Management" in text and "sre.google" in text and "handbook.gitlab.com" in text


def test_an_sre_interview_through_the_window(qtbot, tmp_path):
    ws = open_workspace(str(tmp_path / "db.sqlite3"))
    try:
        kit = ws.kits["site-reliability-engineer"]
        assert sum(q.behavioural for q in kit.all_questions()) >= 2 and kit.stages and kit.competencies
        cand = add_candidate(ws, "Sasha Reliable", "", kit.role_id)
        window = show_window(qtbot, ws)
        view = window.view
        fake = view.clock.clock = FakeClock()
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
        activate(qtbot, window)
        keys = [s.key for s in view.steps]
        fake.now += 120
        view.go_to(keys.index("q-last-incident"))
        assert view.clock.text().startswith("Elapsed 2:00 · this question: 15:00 left of 15 min")
        for key, text in STAR.items():
            box = QApplication.focusWidget()
            assert box.property("starPart") == key
            qtbot.keyClicks(box, text)
            if key == "result":
                qtbot.keyClick(box, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(box, Qt.Key.Key_Tab)
        fake.now += 600
        for qid, rating in (("q-toil", 3), ("q-alerting", 4), ("q-error-budget", 3)):
            view.go_to(keys.index(qid))
            qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{rating}"), Qt.KeyboardModifier.ControlModifier)
            fake.now += 60
        view.go_to(keys.index("profile-reliability"))
        view.page.findChild(QCheckBox, "check-practice-ci").setChecked(True)
        view.go_to(len(view.steps) - 1)
        view.page.findChild(QRadioButton, "recommendation-yes").click()
        assert view.interview.missing_for_submit() == []
        answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
        view.submit()
        assert view.read_only
        stored = load_assessment(ws, view.interview.assessment.id)
        assert star_parts(stored.response("q-last-incident").notes) == STAR
        assert stored.response("q-last-incident").rating == 4 and stored.recommendation is Recommendation.YES
        assert stored.section_seconds == {"RESUME": 120, "QUESTIONS": 600 + 180}
        window.close()
        pdf = flat(export_report(ws, cand.id, tmp_path / "sre.pdf").read_bytes())
        for label, text in zip(("Situation", "Task", "Action", "Result"), STAR.values()):
            assert f"{label}:" + "".join(text.split()) in pdf
        assert "Scoresbycompetency" in pdf and "Incidentresponse(must-have:ratedbelow3)" in pdf
        assert "Timepersection" in pdf and "Skill-levelquestions13min00s" in pdf
        assert "Whattherecommendationsmean" in pdf and "Yes:Canjointherotation" in pdf
        assert "Reliabilitypractices" in pdf and "Developerprofile" not in pdf
    finally:
        ws.close()

"""The interview clock, driven by an injected clock (no test waits on the
machine's time): elapsed time and the question's time left in the header,
time per section stored in the database and printed in the report."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from assessor.domain import InterviewKit
from assessor.gui.interview_clock import clock_text
from assessor.services import add_candidate, export_report, load_assessment, open_workspace
from tests.gui.conftest import show_window
from tests.kits import small_kit
from tests.report.helpers import flat

pytestmark = pytest.mark.gui


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def timed_kit() -> InterviewKit:
    data = small_kit().model_dump()
    data["questions"][0]["minutes"] = 5
    return InterviewKit.model_validate(data)


def test_clock_text():
    assert [clock_text(s) for s in (0, 59.9, 61, 3600 + 62, -5)] == ["0:00", "0:59", "1:01", "1:01:02", "0:00"]


def test_the_clock_shows_elapsed_and_time_left_and_records_time_per_section(qtbot, tmp_path):
    kit = timed_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        window = show_window(qtbot, ws)
        view = window.view
        fake = view.clock.clock = FakeClock()
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        keys = [s.key for s in view.steps]
        assert QApplication.activeModalWidget() is None
        fake.now += 90  # on the green flags
        view.go_to(keys.index("q1"))
        fake.now += 4 * 60 + 10
        view.clock.refresh()
        assert view.clock.text() == "Elapsed 5:40 · this question: 0:50 left of 5 min"
        fake.now += 120
        view.clock.refresh()
        assert view.clock.text() == "Elapsed 7:40 · this question: 1:10 over 5 min"  # never modal, no sound
        assert QApplication.activeModalWidget() is None
        view.go_to(keys.index("q2"))
        fake.now += 30.5
        view.clock.refresh()
        assert view.clock.text() == "Elapsed 8:10"  # q2 has no budget
        view.go_to(keys.index("summary"))
        stored = load_assessment(ws, view.interview.assessment.id)
        assert stored.section_seconds == {"RESUME": 90, "QUESTIONS": 4 * 60 + 10 + 120 + 30}
        author = view.interview.assessment.interviewer  # a draft: only its author's report shows it
        window.close()
        pdf = flat(export_report(ws, cand.id, tmp_path / "r.pdf", viewer=author).read_bytes())
        assert "Timepersection" in pdf
        assert "Resumeflags1min30s" in pdf and "Skill-levelquestions6min40s" in pdf and "Total8min10s" in pdf
    finally:
        ws.close()


def test_a_submitted_scorecard_records_no_more_time(qtbot, tmp_path):
    from assessor.domain import Recommendation

    kit = timed_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        cand = add_candidate(ws, "Tia", "", kit.role_id)
        window = show_window(qtbot, ws)
        view = window.view
        fake = view.clock.clock = FakeClock()
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        fake.now += 10
        view.interview.rate("q1", 3)
        view.interview.set_recommendation(Recommendation.YES)
        view.flush()
        view.interview.submit()
        view.open(view.interview)
        fake.now += 500
        view.go_to(1)
        assert load_assessment(ws, view.interview.assessment.id).section_seconds == {"RESUME": 10}
        assert view.clock.text() == "Elapsed 0:10"
    finally:
        ws.close()

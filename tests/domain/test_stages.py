"""The interview plan: stages with their sections, competencies, duration
and interviewers; which competencies no stage covers; the checker's
findings at their place."""

from __future__ import annotations

from assessor.bank import check_data
from assessor.domain import InterviewKit
from tests.kits import small_kit


def plan_data() -> dict:
    data = small_kit().model_dump()
    data["competencies"] = [{"id": "design", "name": "System design"}, {"id": "ops", "name": "Operations"},
                            {"id": "team", "name": "Teamwork"}]
    data["questions"][0]["competencies"] = ["design"]
    data["use_cases"][0]["priority_skills"][0]["competencies"] = ["ops"]
    data["profile"][0]["items"][0]["competencies"] = ["team"]
    data["stages"] = [{"id": "screen", "name": "Screen", "minutes": 30, "sections": ["questions"]},
                      {"id": "tech", "name": "Technical", "minutes": 90, "sections": ["u1"], "interviewers": 2}]
    return data


def test_a_stage_covers_the_competencies_of_its_sections_and_those_it_names():
    kit = InterviewKit.model_validate(plan_data())
    screen, tech = kit.stages
    assert (tech.minutes, tech.interviewers, screen.interviewers) == (90, 2, 1)
    assert kit.stage_competencies(screen) == ["design"] and kit.stage_competencies(tech) == ["ops"]
    assert [c.name for c in kit.uncovered_competencies()] == ["Teamwork"]
    data = plan_data()
    data["stages"][1]["competencies"] = ["team"]
    assert InterviewKit.model_validate(data).uncovered_competencies() == []


def test_a_kit_without_stages_has_no_plan_to_check():
    data = plan_data()
    del data["stages"]
    assert InterviewKit.model_validate(data).uncovered_competencies() == []


def test_unknown_sections_and_competencies_and_twice_declared_stages_are_errors():
    data = plan_data()
    data["stages"][1]["sections"] = ["u3"]
    data["stages"][1]["competencies"] = ["opps"]
    data["stages"].append({"id": "screen", "name": "Again"})
    kit, findings = check_data(data)
    assert kit is None
    messages = {f.loc: f.message for f in findings if f.severity == "error"}
    assert messages[("stages", 1, "sections", 0)] == "section 'u3' is not in this bank (sections: questions, p1, u1, u2)"
    assert messages[("stages", 1, "competencies", 0)] == "competency 'opps' is not in this bank (did you mean 'ops'?)"
    assert messages[("stages", 2, "id")] == "stage 'screen' is declared twice (first as stage 1)"


def test_the_debrief_shows_the_plan_and_what_no_stage_covers(qtbot, tmp_path):
    from assessor.domain import Recommendation
    from assessor.services import add_candidate, open_interview, open_workspace
    from tests.gui.conftest import settle, show_window

    kit = InterviewKit.model_validate(plan_data())
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        candidate = add_candidate(ws, "Lee List", "", kit.role_id)
        for who in ("Ana", "Ben"):
            interview = open_interview(ws, candidate.id, who)
            interview.rate("q1", 3)
            interview.set_recommendation(Recommendation.YES)
            interview.submit()
        window = show_window(qtbot, ws, interviewer="Hana Hiring Manager")
        window.candidates.refresh(select_id=candidate.id)
        debrief = window.show_debrief()
        settle(qtbot, debrief)
        assert not debrief.plan.isHidden()
        assert debrief.plan.text() == (
            "Interview plan:\n"
            "1. Screen (30 min, 1 interviewer): Skill-level questions · covers System design\n"
            "2. Technical (90 min, 2 interviewers): Use case 1 · covers Operations\n"
            "Not covered by any stage: Teamwork")
        debrief.close()
    finally:
        ws.close()


def test_the_panel_report_prints_the_plan_and_the_gap(tmp_path):
    from assessor.domain import Recommendation
    from assessor.services import add_candidate, export_report, open_interview, open_workspace
    from tests.report.helpers import flat

    kit = InterviewKit.model_validate(plan_data())
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        candidate = add_candidate(ws, "Lee List", "", kit.role_id)
        for who in ("Ana", "Ben"):
            interview = open_interview(ws, candidate.id, who)
            interview.rate("q1", 3)
            interview.set_recommendation(Recommendation.YES)
            interview.submit()
        pdf = flat(export_report(ws, candidate.id, tmp_path / "panel.pdf").read_bytes())
        assert "Interviewplan" in pdf and "2.Technical(90min,2interviewers):Usecase1·coversOperations" in pdf
        assert "Notcoveredbyanystage:Teamwork" in pdf
    finally:
        ws.close()

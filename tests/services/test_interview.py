"""Services: an interview's autosave, read-only after submit, export."""

import pytest

from assessor.domain import FlagState, Recommendation, Status
from assessor.services import (
    AssessorError, add_candidate, export_report, list_candidates, load_assessment, open_interview, open_workspace,
)
from tests.kits import small_kit


@pytest.fixture
def ws(tmp_path):
    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    yield ws
    ws.close()


def test_every_change_is_saved_at_once(ws, tmp_path):
    cand = add_candidate(ws, "  Ana Costa ", "ana@example.com", "test-role")
    interview = open_interview(ws, cand.id, "Ivo")
    interview.rate("q1", 3)
    interview.write_notes("q1", "Explained app factories")
    interview.set_flag("g1", FlagState.PRESENT)
    interview.tick("u1", True)
    interview.set_position("q2")
    # A second workspace on the same file sees everything without any save step.
    other = open_workspace(str(tmp_path / "db.sqlite3"), kits=ws.kits)
    stored = load_assessment(other, interview.assessment.id)
    assert stored.candidate.name == "Ana Costa"
    assert stored.responses["q1"].rating == 3 and stored.responses["q1"].notes == "Explained app factories"
    assert stored.responses["g1"].flag_state is FlagState.PRESENT
    assert stored.position == "q2"
    assert [s.key for s in open_interview(other, cand.id).steps()][-2:] == ["u1", "summary"]
    other.close()


def test_reopening_resumes_the_same_assessment(ws):
    cand = add_candidate(ws, "B", "", "test-role")
    first = open_interview(ws, cand.id, "Ivo")
    first.rate("q2", 2)
    again = open_interview(ws, cand.id, "Ivo")
    assert again.assessment.id == first.assessment.id
    assert again.assessment.responses["q2"].rating == 2


def test_bad_input_is_refused_with_a_message(ws):
    with pytest.raises(AssessorError, match="needs a name"):
        add_candidate(ws, "   ", "", "test-role")
    with pytest.raises(AssessorError, match="no interview kit"):
        add_candidate(ws, "C", "", "no-such-role")
    interview = open_interview(ws, add_candidate(ws, "C", "", "test-role").id)
    with pytest.raises(AssessorError, match="off the scale"):
        interview.rate("q1", 5)
    with pytest.raises(AssessorError, match="no item"):
        interview.rate("nope", 1)


def test_submit_needs_a_recommendation_then_is_read_only(ws):
    interview = open_interview(ws, add_candidate(ws, "D", "", "test-role").id)
    with pytest.raises(AssessorError, match="recommendation"):
        interview.submit()
    interview.set_recommendation(Recommendation.STRONG_YES)
    interview.submit()
    assert interview.assessment.status is Status.SUBMITTED
    with pytest.raises(AssessorError, match="read-only"):
        interview.rate("q1", 1)
    row = list_candidates(ws, "D")[0]
    assert row.status is Status.SUBMITTED and row.recommendation is Recommendation.STRONG_YES


def test_export_without_an_interview_says_so(ws, tmp_path):
    cand = add_candidate(ws, "E", "", "test-role")
    with pytest.raises(AssessorError, match="not been interviewed"):
        export_report(ws, cand.id, tmp_path / "e.pdf")
    assert not (tmp_path / "e.pdf").exists()

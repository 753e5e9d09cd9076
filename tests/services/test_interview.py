"""Services: an interview's autosave, read-only after submit, export."""

import pytest

from assessor.domain import FlagState, Recommendation, Status
from assessor.services import (
    ASSESSMENT_ITEM, AssessorError, ConflictingChange, add_candidate, export_report, list_candidates, load_assessment, open_interview, open_workspace,
)


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
    assert [s.key for s in open_interview(other, cand.id, "Ivo").steps()][-2:] == ["u1", "summary"]
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
    interview = open_interview(ws, add_candidate(ws, "C", "", "test-role").id, "Ivo")
    with pytest.raises(AssessorError, match="off the scale"):
        interview.rate("q1", 5)
    with pytest.raises(AssessorError, match="no item"):
        interview.rate("nope", 1)


def test_submit_needs_a_recommendation_then_is_read_only(ws):
    interview = open_interview(ws, add_candidate(ws, "D", "", "test-role").id, "Ivo")
    with pytest.raises(AssessorError, match="recommendation"):
        interview.submit()
    interview.rate("q1", 4)
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


def _two_interviews(ws, tmp_path):
    cand = add_candidate(ws, "F", "", "test-role")
    mine = open_interview(ws, cand.id, "Ivo")
    other_ws = open_workspace(str(tmp_path / "db.sqlite3"), kits=ws.kits)
    theirs = open_interview(other_ws, cand.id, "Ivo")  # the same interviewer in a second window
    return mine, theirs, other_ws


def test_a_conflicting_rating_is_refused_and_take_theirs_adopts_the_stored_one(ws, tmp_path):
    mine, theirs, other_ws = _two_interviews(ws, tmp_path)
    theirs.rate("q1", 4)
    theirs.write_notes("q1", "theirs")
    with pytest.raises(ConflictingChange, match="Someone else changed") as caught:
        mine.rate("q1", 1)
    change = caught.value
    assert change.item_id == "q1" and change.theirs.rating == 4 and change.mine.rating == 1
    assert mine.assessment.response("q1").rating is None  # nothing adopted yet
    mine.take_theirs("q1")
    assert (mine.assessment.response("q1").rating, mine.assessment.response("q1").notes) == (4, "theirs")
    assert load_assessment(ws, mine.assessment.id).responses["q1"].rating == 4
    mine.rate("q1", 2)  # now based on the stored version: accepted
    assert load_assessment(other_ws, mine.assessment.id).responses["q1"].rating == 2
    other_ws.close()


def test_keep_mine_writes_over_the_stored_value(ws, tmp_path):
    mine, theirs, other_ws = _two_interviews(ws, tmp_path)
    mine.rate("q1", 1)
    theirs_view = open_interview(other_ws, mine.assessment.candidate.id, "Ivo")
    theirs_view.rate("q1", 3)
    with pytest.raises(ConflictingChange):
        mine.write_notes("q1", "mine")
    mine.keep_mine("q1")
    stored = load_assessment(other_ws, mine.assessment.id).responses["q1"]
    assert (stored.rating, stored.notes) == (1, "mine")
    assert mine.assessment.response("q1").version == stored.version == 3
    with pytest.raises(ConflictingChange):  # the other interview is now stale
        theirs_view.rate("q1", 4)
    other_ws.close()


def test_a_conflicting_recommendation_is_refused(ws, tmp_path):
    mine, theirs, other_ws = _two_interviews(ws, tmp_path)
    theirs.set_recommendation(Recommendation.NO)
    mine.set_position("q2")  # the page shown never conflicts
    with pytest.raises(ConflictingChange) as caught:
        mine.set_recommendation(Recommendation.YES)
    assert caught.value.item_id == ASSESSMENT_ITEM and caught.value.theirs["recommendation"] is Recommendation.NO
    mine.keep_mine(ASSESSMENT_ITEM)
    assert load_assessment(other_ws, mine.assessment.id).recommendation is Recommendation.YES
    with pytest.raises(ConflictingChange):
        theirs.set_takeaways("late")
    theirs.take_theirs(ASSESSMENT_ITEM)
    assert theirs.assessment.recommendation is Recommendation.YES and theirs.assessment.takeaways == ""
    other_ws.close()


def test_a_change_kept_through_a_fault_does_not_overwrite_what_another_window_saved(ws, tmp_path, monkeypatch):
    from assessor.services import UnsavedError
    from assessor.store import StoreError

    cand = add_candidate(ws, "G", "", "test-role")
    mine = open_interview(ws, cand.id, "Ivo")
    mine.rate("q1", 2)
    mine.rate("q2", 2)
    mine.set_recommendation(Recommendation.NO)
    other_ws = open_workspace(str(tmp_path / "db.sqlite3"), kits=ws.kits)
    theirs = open_interview(other_ws, cand.id, "Ivo")  # the same interviewer in a second window

    def refused(*args, **kwargs):
        raise StoreError("the database is locked", "locked")

    with monkeypatch.context() as m:  # this window's writes are refused for a while
        m.setattr(ws.store, "save_response", refused)
        m.setattr(ws.store, "update_assessment", refused)
        m.setattr(ws.store, "save_batch", refused)
        with pytest.raises(UnsavedError):
            mine.rate("q1", 4)
        with pytest.raises(UnsavedError):
            mine.rate("q2", 3)
        with pytest.raises(UnsavedError):
            mine.set_recommendation(Recommendation.STRONG_YES)
        theirs.rate("q1", 1)  # meanwhile the other window saves q1 and the recommendation
        theirs.set_recommendation(Recommendation.STRONG_NO)
    assert mine.unsaved and mine.retry() and not mine.unsaved
    stored = load_assessment(other_ws, mine.assessment.id)
    assert stored.responses["q1"].rating == 1 and stored.recommendation is Recommendation.STRONG_NO  # not overwritten
    assert stored.responses["q2"].rating == 3  # the change nobody else touched is saved
    assert {c.item_id for c in mine.conflicts()} == {"q1", ASSESSMENT_ITEM}
    mine.keep_mine("q1")
    mine.take_theirs(ASSESSMENT_ITEM)
    stored = load_assessment(other_ws, mine.assessment.id)
    assert stored.responses["q1"].rating == 4 and mine.assessment.recommendation is Recommendation.STRONG_NO
    assert mine.conflicts() == []
    other_ws.close()

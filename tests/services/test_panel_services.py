"""Services of the panel: one assessment per interviewer, hidden scorecards,
sealed submissions, amendments, debrief, calibration and comparison, read
back from the database."""

import pytest
from sqlalchemy import text

from assessor.domain import Recommendation, Status, Visibility, verify_seal
from assessor.services import AssessorError, add_candidate, load_assessment, open_interview
from assessor.services.panel import (
    ScoresHidden, amend, calibration_for, comparison_for, debrief_for, panel_view, seal_status,
)


def _score(ws, cid, who, q1, q2, rec, reason=""):
    interview = open_interview(ws, cid, who)
    interview.rate("q1", q1)
    interview.rate("q2", q2)
    interview.write_notes("q1", f"{who} heard it")
    interview.set_recommendation(rec)
    if reason:
        interview.set_departure_reason(reason)
    return interview


def test_each_interviewer_scores_in_an_assessment_of_their_own_and_the_others_stay_hidden(ws):
    cid = add_candidate(ws, "Pat Panel", "", "test-role").id
    ann = _score(ws, cid, "Ann", 4, 4, Recommendation.STRONG_YES)
    bo = _score(ws, cid, "Bo", 2, 2, Recommendation.NO)
    assert ann.assessment.id != bo.assessment.id
    assert open_interview(ws, cid, "ann").assessment.id == ann.assessment.id  # resumes her own
    view = panel_view(ws, cid, "Bo")
    assert [a.interviewer for a in view.visible] == ["Bo"] and view.hidden == 1
    assert view.visibility is Visibility.HIDDEN_UNTIL_YOU_SUBMIT and view.own_status is Status.DRAFT
    assert panel_view(ws, cid, "Cy").own_status is None  # no assessment of their own
    ann.submit()
    assert [a.interviewer for a in panel_view(ws, cid, "Bo").visible] == ["Bo"]  # Bo still has a draft
    with pytest.raises(ScoresHidden) as refused:
        debrief_for(ws, cid, "Bo")
    assert refused.value.visibility is Visibility.HIDDEN_UNTIL_YOU_SUBMIT
    ann_view = panel_view(ws, cid, "Ann")
    assert [a.interviewer for a in ann_view.visible] == ["Ann"]  # Bo's draft is never shown
    assert ann_view.visibility is Visibility.DRAFTS_NOT_SHOWN and not ann_view.scores_hidden
    bo.submit()
    d = debrief_for(ws, cid, "Bo")
    assert d.labels == ["Ann", "Bo"] and [i.item_id for i in d.disagreements] == ["q1", "q2"]
    assert d.tally == {Recommendation.NO: 1, Recommendation.STRONG_YES: 1}
    assert debrief_for(ws, cid, "Hiring Manager").overall == 3.0


def test_submitting_seals_and_a_silent_edit_breaks_the_seal(ws):
    cid = add_candidate(ws, "Sam Seal", "", "test-role").id
    interview = _score(ws, cid, "Ann", 3, 3, Recommendation.YES)
    interview.submit()
    stored = load_assessment(ws, interview.assessment.id)
    assert len(stored.seal) == 64 and verify_seal(stored) is True
    assert seal_status(stored).endswith("; intact")
    with ws.store.engine.begin() as conn:  # someone edits the database by hand
        conn.execute(text("UPDATE responses SET rating = 1 WHERE item_id = 'q1'"))
    tampered = load_assessment(ws, interview.assessment.id)
    assert verify_seal(tampered) is False and "BROKEN" in seal_status(tampered)


def test_an_amendment_is_visible_keeps_the_seal_and_needs_a_reason(ws):
    cid = add_candidate(ws, "Amy Amend", "", "test-role").id
    interview = _score(ws, cid, "Ann", 3, 3, Recommendation.YES)
    with pytest.raises(AssessorError, match="draft"):
        amend(ws, interview.assessment.id, "q1", "rating", 4, "typo", "Ann")
    interview.submit()
    aid = interview.assessment.id
    with pytest.raises(AssessorError, match="needs a reason"):
        amend(ws, aid, "q1", "rating", 4, "  ", "Ann")
    with pytest.raises(AssessorError, match="off the scale"):
        amend(ws, aid, "q1", "rating", 9, "typo", "Ann")
    amended = amend(ws, aid, "q1", "rating", 4, "pressed 3 for 4", "Ann")
    amended = amend(ws, aid, None, "recommendation", "strong_yes", "after the rating fix", "Ann")
    assert amended.responses["q1"].rating == 4 and amended.recommendation is Recommendation.STRONG_YES
    assert [(m.field, m.old, m.new, m.reason) for m in amended.amendments] == [
        ("rating", 3, 4, "pressed 3 for 4"), ("recommendation", "yes", "strong_yes", "after the rating fix")]
    assert verify_seal(amended) is True and "2 amendments since" in seal_status(amended)
    assert {e.field for e in ws.store.audit_entries(cid)} >= {"rating", "recommendation"}


def test_a_recommendation_against_the_score_needs_a_written_reason(ws):
    cid = add_candidate(ws, "Dee Part", "", "test-role").id
    interview = _score(ws, cid, "Ann", 1, 2, Recommendation.YES)
    assert interview.departures() and "reason" in interview.missing_for_submit()[0]
    with pytest.raises(AssessorError, match="written reason"):
        interview.submit()
    interview.set_departure_reason("Strong references; the low ratings were nerves")
    interview.submit()
    assert load_assessment(ws, interview.assessment.id).departure_reason.startswith("Strong references")


def test_calibration_and_comparison_read_the_role_from_the_database(ws):
    for name, (a, b) in {"Cy": ((4, 4), (3, 3)), "Di": ((2, 2), (2, 1))}.items():
        cid = add_candidate(ws, name, "", "test-role").id
        _score(ws, cid, "Ann", *a, Recommendation.STRONG_YES if a[0] == 4 else Recommendation.NO).submit()
        _score(ws, cid, "Bo", *b, Recommendation.YES if b[0] == 3 else Recommendation.NO).submit()
    add_candidate(ws, "Never Seen", "", "test-role")
    ann, bo = calibration_for(ws, "test-role")
    assert ann.leniency == pytest.approx(0.375, abs=0.006) and bo.leniency == pytest.approx(-0.375, abs=0.006)
    assert ann.assessments == 2 and ann.mean == 3.0 and ann.panel_mean == 2.62
    comparison = comparison_for(ws, "test-role")
    assert [r.candidate.name for r in comparison.rows] == ["Cy", "Di"]
    assert comparison.rows[0].interviews == 2 and comparison.rows[0].overall == 3.5
    assert [r.candidate.name for r in comparison.sorted_by("recommendation", descending=False)] == ["Di", "Cy"]


def test_no_report_shows_the_others_ratings_to_an_interviewer_still_drafting(ws, tmp_path):
    from assessor.services.batch import BatchExport
    from assessor.services.export import export_report

    cid = add_candidate(ws, "Rae Report", "", "test-role").id
    _score(ws, cid, "Ann", 4, 4, Recommendation.STRONG_YES).submit()
    _score(ws, cid, "Bo", 2, 2, Recommendation.NO).submit()
    _score(ws, cid, "Cy", 3, 3, Recommendation.YES)  # Cy's draft
    with pytest.raises(ScoresHidden):
        export_report(ws, cid, tmp_path / "cy.pdf", viewer="Cy")
    assert not (tmp_path / "cy.pdf").exists()
    assert export_report(ws, cid, tmp_path / "hm.pdf", viewer="Hiring Manager").exists()
    result = BatchExport(ws, tmp_path / "batch", [cid], options={"viewer": "cy"}, in_process_up_to=5).run()
    assert result.written == [] and [c for c, _ in result.failed] == [cid]

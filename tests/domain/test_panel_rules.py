"""Panels: agreement against its source, sealing, departures, debrief,
calibration, comparison and blind mode (domain only, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.domain import (
    Amendment, Assessment, Candidate, FlagState, Recommendation, Response, Status, blind_assessment, calibration,
    candidate_code, compare, debrief, departures, hidden_from, indicated_recommendation, krippendorff_alpha,
    Visibility, seal_digest, sealed_state, verify_seal, visibility, visible_to,
)
from tests.kits import small_kit

KIT = small_kit()
AT = datetime(2026, 11, 2, 10, 0)
N = None

#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
#: 4 observers x 12 units, values 1..5, with missing data.
KRIPPENDORFF_2011 = [[1, 1, N, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
                     [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [N, 5, 5, 5], [N, N, 1, 1], [N, 3, N, N]]


@pytest.mark.parametrize(("metric", "expected"), [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_reproduces_the_worked_example_of_its_source(metric, expected):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, metric), 3) == expected


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_variation():
    assert krippendorff_alpha([[1, 1], [3, 3], [4, 4]]) == 1.0
    assert krippendorff_alpha([[2, 2], [2, 2]]) is None
    assert krippendorff_alpha([[1], [2]]) is None
    with pytest.raises(ValueError):
        krippendorff_alpha(KRIPPENDORFF_2011, "cosine")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=3, max_size=3), min_size=2, max_size=12))
def test_alpha_matches_the_reference_implementation(units):
    reference = pytest.importorskip("krippendorff")
    import numpy as np

    ours = krippendorff_alpha(units, "interval")
    matrix = np.array([[np.nan if v is None else v for v in unit] for unit in units], dtype=float).T
    try:
        theirs = reference.alpha(reliability_data=matrix, level_of_measurement="interval")
    except ValueError:  # the reference refuses data with one value only
        assert ours is None
        return
    if ours is None:  # no variation among pairable values: alpha is undefined
        assert np.isnan(theirs)
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


def assessment(aid: int, interviewer: str, ratings: dict[str, int], rec: Recommendation | None = None,
               status: Status = Status.SUBMITTED, candidate: Candidate | None = None, **extra) -> Assessment:
    candidate = candidate or Candidate(1, "Ada Lovelace", "ada@example.org", KIT.role_id, AT, uid="uid-1")
    responses = {k: Response(k, rating=v) for k, v in ratings.items()}
    return Assessment(id=aid, candidate=candidate, kit=KIT, interviewer=interviewer, started_at=AT, status=status,
                      submitted_at=AT if status is Status.SUBMITTED else None, recommendation=rec,
                      responses=responses, **extra)


def test_seal_detects_a_silent_edit_but_not_an_amendment():
    a = assessment(1, "Ann", {"q1": 3, "q2": 2}, Recommendation.YES)
    a.seal = seal_digest(a)
    assert verify_seal(a) is True
    # an amendment: the change plus its record
    a.responses["q2"] = replace(a.responses["q2"], rating=4)
    a.amendments.append(Amendment(AT, "Ann", "q2", "rating", 2, 4, "misclicked"))
    assert verify_seal(a) is True
    assert sealed_state(a).responses["q2"].rating == 2
    # a silent edit: no amendment
    a.responses["q1"] = replace(a.responses["q1"], rating=1)
    assert verify_seal(a) is False
    assert verify_seal(assessment(2, "Bo", {})) is None


def test_seal_covers_notes_recommendation_and_the_submit_time():
    a = assessment(1, "Ann", {"q1": 3}, Recommendation.YES)
    base = seal_digest(a)
    assert seal_digest(replace(a, recommendation=Recommendation.NO)) != base
    assert seal_digest(replace(a, submitted_at=datetime(2026, 11, 2, 10, 1))) != base
    a.responses["q1"] = replace(a.responses["q1"], notes="x")
    assert seal_digest(a) != base
    assert len(base) == 64


def test_departure_needs_a_reason_when_the_hire_line_is_crossed_or_a_red_flag_is_ignored():
    low = assessment(1, "Ann", {"q1": 1, "q2": 2}, Recommendation.YES)  # overall 1.5
    assert departures(low) and "below the midpoint" in departures(low)[0]
    assert departures(replace(low, recommendation=Recommendation.NO)) == []
    high = assessment(2, "Ann", {"q1": 4, "q2": 3}, Recommendation.NO)
    assert "at or above" in departures(high)[0]
    assert departures(replace(high, recommendation=Recommendation.YES)) == []
    red = assessment(3, "Ann", {"q1": 4, "q2": 4}, Recommendation.STRONG_YES)
    red.responses["p1-red"] = Response("p1-red", checked=True)
    assert departures(red) == ["Strong Yes despite the red flag observed: Profile red flag"]
    assert departures(replace(red, recommendation=Recommendation.NO)) == []  # the red flag is the reason
    assert departures(assessment(4, "Ann", {}, Recommendation.YES)) == ["Yes with no question rated"]
    assert indicated_recommendation(1.74, 4) is Recommendation.STRONG_NO
    assert indicated_recommendation(2.5, 4) is Recommendation.YES
    assert indicated_recommendation(3.25, 4) is Recommendation.STRONG_YES
    assert indicated_recommendation(None, 4) is None


def test_a_draft_hides_the_others_until_it_is_submitted():
    ann_draft = assessment(1, "Ann", {"q1": 3}, status=Status.DRAFT)
    bo = assessment(2, "Bo", {"q1": 1}, Recommendation.NO)
    cy_draft = assessment(3, "Cy", {"q1": 4}, status=Status.DRAFT)
    panel = [ann_draft, bo, cy_draft]
    assert hidden_from(panel, "ann") and visible_to(panel, "Ann") == [ann_draft]
    ann_done = replace(ann_draft, status=Status.SUBMITTED)
    assert visible_to([ann_done, bo, cy_draft], "Ann") == [ann_done, bo]  # never another's draft
    assert visible_to(panel, "Hiring Manager") == [bo]
    # the same rule as a value, which the shells word
    assert visibility(panel, "Ann") is Visibility.HIDDEN_UNTIL_YOU_SUBMIT and visibility(panel, "Ann").scores_hidden
    assert visibility([ann_done, bo, cy_draft], "Ann") is Visibility.DRAFTS_NOT_SHOWN
    assert visibility([ann_done, bo], "Ann") is Visibility.VISIBLE
    assert visibility([ann_draft], "Ann") is Visibility.VISIBLE  # alone: nothing of anyone else to hide


def test_debrief_sets_ratings_side_by_side_and_flags_a_two_point_spread():
    a = assessment(1, "Ann", {"q1": 4, "q2": 3}, Recommendation.STRONG_YES)
    a.responses["q1"] = replace(a.responses["q1"], notes="deep answer")
    b = assessment(2, "Bo", {"q1": 2, "q2": 3}, Recommendation.YES)
    d = debrief([a, b])
    q1 = next(i for i in d.items if i.item_id == "q1")
    assert q1.ratings == [4, 2] and q1.spread == 2 and q1.disagreement and q1.mean == 3
    assert q1.notes == [("Ann", "deep answer")]
    assert [i.item_id for i in d.disagreements] == ["q1"]
    assert d.tally == {Recommendation.YES: 1, Recommendation.STRONG_YES: 1}
    assert d.overall == 3.0 and d.indicated is Recommendation.YES
    assert d.alpha == pytest.approx(round(krippendorff_alpha([[4, 2], [3, 3]]), 3))
    assert d.section_means()["questions"] == [3.5, 2.5]
    with pytest.raises(ValueError):
        debrief([])


def test_calibration_shows_a_lenient_interviewer():
    other = Candidate(2, "Bob", "", KIT.role_id, AT)
    panel = [assessment(1, "Ann", {"q1": 4, "q2": 4}), assessment(2, "Bo", {"q1": 2, "q2": 2}),
             assessment(3, "Ann", {"q1": 4}, candidate=other), assessment(4, "Bo", {"q1": 2}, candidate=other),
             assessment(5, "Bo", {"q1": 1}, status=Status.DRAFT)]
    ann, bo = calibration(panel)
    assert (ann.interviewer, ann.assessments, ann.ratings) == ("Ann", 2, 3)
    assert ann.leniency == 1.0 and bo.leniency == -1.0
    q1 = next(q for q in ann.questions if q.item_id == "q1")
    assert (q1.n, q1.mean, q1.panel_mean, q1.difference, q1.panel_n) == (2, 4, 3, 1, 4)


def test_compare_ranks_candidates_and_leaves_out_the_uninterviewed():
    c2 = Candidate(2, "Bob", "", KIT.role_id, AT)
    c3 = Candidate(3, "Cat", "", KIT.role_id, AT)
    result = compare(KIT.role_id, [
        [assessment(1, "Ann", {"q1": 2, "q2": 2}, Recommendation.NO)],
        [assessment(2, "Ann", {"q1": 4, "q2": 4}, Recommendation.STRONG_YES, candidate=c2),
         assessment(3, "Bo", {"q1": 3, "q2": 3}, Recommendation.YES, candidate=c2)],
        [assessment(4, "Ann", {"q1": 4}, status=Status.DRAFT, candidate=c3)],
    ])
    assert [r.candidate.name for r in result.rows] == ["Bob", "Ada Lovelace"]
    assert result.rows[0].overall == 3.5 and result.rows[0].recommendation_points == 3.5
    assert [r.candidate.name for r in result.sorted_by("name", descending=False)] == ["Ada Lovelace", "Bob"]
    assert result.sections[0] == ("questions", "Skill-level questions")


def test_blind_mode_hides_name_and_email_even_inside_notes():
    a = assessment(1, "Ann", {"q1": 3}, Recommendation.YES)
    a.responses["q1"] = replace(a.responses["q1"], notes="LOVELACE explained it; mail ada@example.org")
    a.takeaways = "Ada Lovelace would fit"
    b = blind_assessment(a)
    code = candidate_code(a.candidate)
    assert b.candidate.name == code and b.candidate.email == ""
    assert "lovelace" not in (b.responses["q1"].notes + b.takeaways).lower()
    assert "ada@" not in b.responses["q1"].notes and code in b.takeaways
    assert a.takeaways == "Ada Lovelace would fit"  # the original is untouched
    assert candidate_code(a.candidate) == candidate_code(replace(a.candidate, id=99))  # by stable uid
    assert FlagState.PRESENT.value == "present"


def test_a_red_flag_one_panelist_observed_caps_the_panel_and_says_why():
    """Issue 15: the kit caps an observed red flag at 2; the panel's mean
    of 3.00 must not indicate Yes, and the reason names who saw it."""
    kit = KIT.model_copy(update={"scoring": KIT.scoring.model_copy(update={"cap": 2})})
    ann = assessment(1, "Ann", {"q1": 4, "q2": 4}, Recommendation.YES)
    ann.responses["p1-red"] = Response("p1-red", checked=True)
    bo = assessment(2, "Bo", {"q1": 4, "q2": 4}, Recommendation.YES)
    d = debrief([replace(ann, kit=kit), replace(bo, kit=kit)])
    result = d.result
    assert result.uncapped == 3.0 and result.overall == 2.0 and result.capped  # Ann 2 (capped), Bo 4
    assert "Profile red flag" in result.cap_note and "(Ann)" in result.cap_note
    assert result.indicated is not Recommendation.STRONG_YES and result.counted == 2
    plain = debrief([bo, replace(bo, id=3, interviewer="Cy")]).result
    assert plain.overall == plain.uncapped == 4.0 and not plain.capped and plain.cap_note == ""

"""Rules of the domain: kit validation, interview order and scoring."""

from datetime import datetime

import pytest
from pydantic import ValidationError

from assessor.domain import (
    Assessment, Candidate, FlagState, InterviewKit, Response, Section, StepKind, plan, progress, score,
)
from tests.kits import small_kit


def _assessment(**responses: Response) -> Assessment:
    cand = Candidate(1, "Ana", "a@example.com", "test-role", datetime(2026, 1, 1))
    return Assessment(1, cand, small_kit(), "Ivo", datetime(2026, 1, 1), responses=dict(responses))


def test_duplicate_ids_are_rejected():
    data = small_kit().model_dump()
    data["yellow_flags"][0]["id"] = "g1"
    with pytest.raises(ValidationError, match="used more than once"):
        InterviewKit.model_validate(data)


def test_scale_must_run_one_to_n():
    data = small_kit().model_dump()
    data["scale"]["points"][1]["value"] = 3
    with pytest.raises(ValidationError, match="1..4"):
        InterviewKit.model_validate(data)


def test_unknown_field_is_an_error():
    data = small_kit().model_dump()
    data["questions"][0]["promt"] = "typo"
    with pytest.raises(ValidationError, match="promt"):
        InterviewKit.model_validate(data)


def test_plan_walks_use_cases_only_once_ticked():
    a = _assessment()
    kinds = [s.kind for s in plan(a)]
    assert kinds == [StepKind.FLAGS, StepKind.FLAGS, StepKind.QUESTION, StepKind.QUESTION,
                     StepKind.CHECKLIST, StepKind.USE_CASE_SELECT, StepKind.SUMMARY]
    a.responses["u2"] = Response("u2", checked=True)
    assert [s.key for s in plan(a)][-2:] == ["u2", "summary"]


def test_scores_are_means_of_given_ratings_and_skip_not_assessed():
    a = _assessment(
        q1=Response("q1", rating=4), q2=Response("q2", rating=None),
        u1=Response("u1", checked=True), **{"u1-focus": Response("u1-focus", rating=1)},
        **{"u1-red": Response("u1-red", checked=True)}, g1=Response("g1", flag_state=FlagState.PRESENT),
        **{"p1-a": Response("p1-a", checked=True)},
    )
    s = score(a)
    questions, area, case = s.sections
    assert (questions.mean, questions.rated, questions.total) == (4.0, 1, 2)
    assert (area.demonstrated, area.checklist) == (1, 1)
    assert (case.id, case.mean) == ("u1", 1.0)
    assert s.overall == 2.5
    assert s.green_present == ["Green one"] and s.yellow_present == []
    assert s.red_flags == ["Red 1"]


def test_red_flag_of_a_use_case_that_does_not_apply_is_not_counted():
    a = _assessment(**{"u2-red": Response("u2-red", checked=True)})
    assert score(a).red_flags == []
    assert score(a).overall is None


def test_progress_counts_answered_items_per_section():
    a = _assessment(q1=Response("q1", rating=2), g1=Response("g1", flag_state=FlagState.UNKNOWN))
    p = progress(a, plan(a))
    assert p[Section.QUESTIONS] == (1, 2)
    assert p[Section.RESUME] == (0, 3)

"""Competencies: a bank declares them, its questions and checklist items
name the ones they give evidence for, and the score gives each its mean
rating with the count of rated questions behind it."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from assessor.domain import Assessment, Candidate, InterviewKit, Response, competency_profile, score
from tests.kits import small_kit

COMPETENCIES = [{"id": "design", "name": "Design", "definition": "Shapes a system."},
                {"id": "ops", "name": "Operations"}]


def kit_with(refs: dict[str, list[str]], competencies=COMPETENCIES) -> InterviewKit:
    data = small_kit().model_dump()
    data["competencies"] = competencies
    for node_list in (data["questions"], [c["focus"] for c in data["use_cases"]],
                      [i for a in data["profile"] for i in a["items"]],
                      [i for c in data["use_cases"] for i in c["priority_skills"]]):
        for item in node_list:
            item["competencies"] = refs.get(item["id"], [])
    return InterviewKit.model_validate(data)


def assessment(kit: InterviewKit, **responses: Response) -> Assessment:
    cand = Candidate(1, "Ana", "a@example.com", kit.role_id, datetime(2026, 1, 1))
    return Assessment(1, cand, kit, "Ivo", datetime(2026, 1, 1), responses=dict(responses))


def test_a_competency_is_the_mean_of_its_rated_questions_with_their_count():
    kit = kit_with({"q1": ["design"], "q2": ["design", "ops"], "u1-focus": ["ops"], "p1-a": ["design"]})
    a = assessment(kit, q1=Response("q1", rating=4), q2=Response("q2", rating=1),
                   u1=Response("u1", checked=True), **{"u1-focus": Response("u1-focus", rating=3),
                                                      "p1-a": Response("p1-a", checked=True)})
    design, ops = competency_profile(a)
    assert (design.id, design.name, design.mean, design.rated, design.total) == ("design", "Design", 2.5, 2, 2)
    assert (design.demonstrated, design.checklist) == (1, 1)
    assert (ops.mean, ops.rated, ops.total) == (2.0, 2, 2)
    assert score(a).competencies == [design, ops]


def test_a_use_case_that_does_not_apply_gives_no_evidence_and_unrated_questions_are_counted_apart():
    kit = kit_with({"q1": ["ops"], "u2-focus": ["ops"], "u2-s": ["ops"]})
    a = assessment(kit, **{"u2-focus": Response("u2-focus", rating=4)})
    _design, ops = competency_profile(a)
    assert (ops.mean, ops.rated, ops.total, ops.checklist) == (None, 0, 1, 0)


def test_a_kit_without_competencies_has_an_empty_profile():
    assert score(assessment(small_kit(), q1=Response("q1", rating=3))).competencies == []


def test_the_profile_does_not_change_the_overall_score():
    plain = assessment(small_kit(), q1=Response("q1", rating=4), q2=Response("q2", rating=2))
    named = assessment(kit_with({"q1": ["design"]}), q1=Response("q1", rating=4), q2=Response("q2", rating=2))
    assert score(plain).overall == score(named).overall == 3.0


def test_a_kit_naming_an_undeclared_competency_is_refused():
    with pytest.raises(ValidationError, match="competency 'desgin' is not declared .did you mean 'design'"):
        kit_with({"q1": ["desgin"]})


def test_a_panel_s_competency_is_the_mean_of_its_interviewers_means():
    from assessor.domain import panel_profile

    kit = kit_with({"q1": ["design"], "q2": ["design"]})
    first = score(assessment(kit, q1=Response("q1", rating=4), q2=Response("q2", rating=2)))  # design 3
    second = score(assessment(kit, q1=Response("q1", rating=2)))  # design 2, from one question
    design, ops = panel_profile([first, second])
    assert (design.mean, design.rated, design.total) == (2.5, 3, 4)
    assert (ops.mean, ops.rated, ops.total) == (None, 0, 0)
    assert panel_profile([]) == []

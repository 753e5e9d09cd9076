"""Scoring rules carried by the bank: section weights, must-have questions
and the cap, and the rules stated in words."""

import json
from datetime import datetime

import pytest
from pydantic import ValidationError

from assessor.domain import Assessment, Candidate, InterviewKit, Response, describe_rules, midpoint, score
from tests.kits import small_kit


def kit_with(scoring: dict | None = None, must: tuple[str, ...] = (), points: dict | None = None) -> InterviewKit:
    data = small_kit().model_dump()
    if scoring is not None:
        data["scoring"] = scoring
    for q in data["questions"] + [c["focus"] for c in data["use_cases"]]:
        q["must_have"] = q["id"] in must
        if points is not None and q["id"] == "q1":
            q["anchors"]["points"] = points
    return InterviewKit.model_validate(data)


def assessment(kit: InterviewKit, **responses: Response) -> Assessment:
    cand = Candidate(1, "Ana", "a@example.com", kit.role_id, datetime(2026, 1, 1))
    return Assessment(1, cand, kit, "Ivo", datetime(2026, 1, 1), responses=dict(responses))


def rated(**ratings: int) -> dict[str, Response]:
    return {k.replace("_", "-"): Response(k.replace("_", "-"), rating=v) for k, v in ratings.items()}


def test_without_scoring_rules_the_overall_is_the_mean_of_every_rating():
    kit = kit_with()
    s = score(assessment(kit, **rated(q1=4, q2=3, u1_focus=1), u1=Response("u1", checked=True)))
    assert s.overall == pytest.approx(2.67) and s.uncapped == s.overall and s.capped_by == []


def test_weights_make_the_overall_a_weighted_mean_of_section_scores():
    kit = kit_with({"weights": {"questions": 3, "u1": 1}})
    a = assessment(kit, **rated(q1=4, q2=4, u1_focus=2, u2_focus=1), u1=Response("u1", checked=True))
    # questions mean 4 (×3), u1 mean 2 (×1); u2 does not apply, so its rating is not counted
    assert score(a).overall == pytest.approx((4 * 3 + 2) / 4)


def test_a_section_with_no_rating_is_left_out_of_the_weighted_mean():
    kit = kit_with({"weights": {"questions": 1, "u1": 5}})
    a = assessment(kit, **rated(q1=3), u1=Response("u1", checked=True))
    assert score(a).overall == 3.0


def test_an_observed_red_flag_caps_the_overall_score():
    kit = kit_with({"cap": 2})
    a = assessment(kit, **rated(q1=4, q2=4), **{"p1-red": Response("p1-red", checked=True)})
    s = score(a)
    assert (s.overall, s.uncapped) == (2.0, 4.0)
    assert s.capped_by == ["red flag observed: Profile red flag"]


def test_a_must_have_below_the_midpoint_caps_the_score_and_at_the_midpoint_does_not():
    kit = kit_with({"cap": 2.5}, must=("q2",))
    assert midpoint(kit) == 2.5
    low = score(assessment(kit, **rated(q1=4, q2=2)))
    assert low.overall == 2.5 and low.uncapped == 3.0
    assert low.capped_by == ["must-have question rated 2 (L2): How do you structure it?"]
    ok = score(assessment(kit, **rated(q1=4, q2=3)))
    assert ok.overall == 3.5 and ok.capped_by == []


def test_a_cap_above_the_score_changes_nothing_and_unrated_must_haves_are_listed():
    kit = kit_with({"cap": 3}, must=("q2",))
    s = score(assessment(kit, **rated(q1=2), **{"p1-red": Response("p1-red", checked=True)}))
    assert s.overall == 2.0 and s.capped_by == []
    assert s.must_have_unrated == ["How do you structure it?"]


def test_must_have_without_a_cap_does_not_cap():
    kit = kit_with(must=("q1",))
    assert score(assessment(kit, **rated(q1=1, q2=4))).overall == 2.5


def test_the_rules_are_stated_in_words():
    kit = kit_with({"weights": {"questions": 2, "u1": 1}, "cap": 2}, must=("q1",))
    rules = " ".join(describe_rules(kit))
    assert "1 (L1) to 4 (L4)" in rules
    assert "weighted mean of the section scores (skill-level questions ×2, Use case 1 ×1" in rules
    assert "Must-have questions: Explain the philosophy." in rules
    assert "capped at 2 (L2)" in rules and "below the midpoint (2.5)" in rules
    plain = " ".join(describe_rules(kit_with()))
    assert "mean of every rating given" in plain and "capped" not in plain


@pytest.mark.parametrize("scoring, message", [
    ({"weights": {"nope": 1}}, "not a section"),
    ({"weights": {"questions": 0, "u1": 0, "u2": 0}}, "every section weighs 0"),
    ({"cap": 5}, "above the scale's top point"),
])
def test_scoring_that_makes_no_sense_is_rejected(scoring, message):
    with pytest.raises(ValidationError, match=message):
        kit_with(scoring)


def test_anchors_may_describe_every_point_of_the_scale():
    kit = kit_with(points={2: "two", 3: "three"})
    anchors = kit.questions[0].anchors
    assert [anchors.for_point(v, 4) for v in (1, 2, 3, 4)] == ["q1 junior", "two", "three", "q1 senior"]
    with pytest.raises(ValidationError, match="middle points of the scale .between 2 and 3"):
        kit_with(points={4: "four"})


def test_old_snapshots_without_the_new_fields_still_load():
    data = small_kit().model_dump(mode="json")
    for key in ("scoring", "schema_version"):
        del data[key]
    for q in data["questions"]:
        for key in ("probes", "must_have"):
            del q[key]
        del q["anchors"]["points"]
    kit = InterviewKit.model_validate(data)
    assert kit.scoring.cap is None and kit.questions[0].probes == []
    assert InterviewKit.model_validate_json(kit_with(points={2: "b", 3: "c"}).model_dump_json()).questions[0] \
        .anchors.points == {2: "b", 3: "c"}


def test_a_must_have_prompt_ending_in_a_question_mark_gets_no_full_stop_after_it():
    data = small_kit(prompt="How do you structure a large app?").model_dump(mode="json")
    data["questions"][0]["must_have"] = True
    kit = InterviewKit.model_validate_json(json.dumps(data))
    assert "Must-have questions: How do you structure a large app?" in describe_rules(kit)
    assert not any("app?." in rule for rule in describe_rules(kit))

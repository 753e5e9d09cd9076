"""Anchors follow their scale points when the points change
(:func:`assessor.services.renumber_anchors`, used by the bank editor)."""

from __future__ import annotations

from assessor.services import renumber_anchors


def _role(*anchors: dict) -> dict:
    return {"questions": [{"id": f"q{n}", "anchors": dict(a)} for n, a in enumerate(anchors)],
            "use_cases": [{"id": "uc", "focus": {"id": "f", "anchors": dict(anchors[0])}}]}


FOUR = {"junior": "one", "points": {2: "two", 3: "three"}, "senior": "four"}


def test_a_point_added_on_top_leaves_the_old_senior_anchor_with_its_point():
    data = _role(FOUR)
    renumber_anchors(data, {1: 1, 2: 2, 3: 3, 4: 4}, old_top=4, new_top=5)
    for anchors in (data["questions"][0]["anchors"], data["use_cases"][0]["focus"]["anchors"]):
        assert anchors == {"junior": "one", "points": {2: "two", 3: "three", 4: "four"}}  # the new top: none yet


def test_a_point_inserted_in_the_middle_and_one_removed():
    data = _role(FOUR)
    renumber_anchors(data, {1: 1, 2: 2, 3: 4, 4: 5}, old_top=4, new_top=5)  # a new point 3
    assert data["questions"][0]["anchors"] == {"junior": "one", "points": {2: "two", 4: "three"}, "senior": "four"}
    renumber_anchors(data, {1: 1, 2: 2, 4: 3, 5: 4}, old_top=5, new_top=4)  # and removed again
    assert data["questions"][0]["anchors"] == FOUR


def test_points_reordered_swap_their_anchors_and_the_junior_one_moves_too():
    data = _role(FOUR)
    renumber_anchors(data, {1: 2, 2: 1, 3: 3, 4: 4}, old_top=4, new_top=4)
    assert data["questions"][0]["anchors"] == {"junior": "two", "points": {2: "one", 3: "three"}, "senior": "four"}


def test_what_is_not_an_anchor_of_a_point_is_left_alone():
    data = {"questions": [{"id": "q", "anchors": {"junior": "one", "senior": "four", "points": {"x": "odd"}}},
                          {"id": "no anchors"}, "not a question"], "use_cases": [{"id": "uc"}]}
    renumber_anchors(data, {1: 1, 2: 2, 3: 3, 4: 4}, old_top=4, new_top=4)
    assert data["questions"][0]["anchors"] == {"junior": "one", "senior": "four", "points": {"x": "odd"}}

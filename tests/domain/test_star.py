"""The stored form of a behavioural question's four parts."""

from __future__ import annotations

from assessor.domain import is_star, readable_notes, star_notes, star_parts


def test_parts_round_trip_in_star_order_and_empty_parts_are_left_out():
    stored = star_notes({"result": "R", "situation": "S", "task": ""})
    assert stored == '{"situation": "S", "result": "R"}'
    assert star_parts(stored) == {"situation": "S", "task": "", "action": "", "result": "R"}
    assert star_notes({}) == "" and star_notes({"task": ""}) == ""


def test_plain_notes_read_as_the_situation_and_as_themselves():
    assert star_parts("He said so") == {"situation": "He said so", "task": "", "action": "", "result": ""}
    assert readable_notes("He said so") == "He said so"
    assert not is_star('{"other": "x"}') and not is_star("{not json") and not is_star('{"task": 1}')
    assert star_parts('{"other": "x"}')["situation"] == '{"other": "x"}'


def test_readable_notes_label_each_part():
    assert readable_notes(star_notes({"situation": "S", "action": "A"})) == "Situation: S\nAction: A"
    assert readable_notes(star_notes({"situation": "Ünïcode “q”"})) == "Situation: Ünïcode “q”"

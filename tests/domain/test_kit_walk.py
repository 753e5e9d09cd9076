"""The one walk of a kit: the model's walk and the plain data's walk meet
the same items in the same order at the same place, and every layer that
lists a kit's items lists them in that order."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from assessor.bank import builtin_bank_dir, load_builtin_kits
from assessor.bank.reading import read_yaml
from assessor.bank.validation import _plain
from assessor.domain import InterviewKit, ItemKind, Section, walk_data
from tests.kits import small_kit


def test_the_walk_of_the_model_and_of_its_data_agree_on_every_builtin_bank():
    for file in sorted(builtin_bank_dir().glob("*.yaml")):
        data = _plain(read_yaml(file))
        kit = InterviewKit.model_validate(data)
        model = [(n.kind, n.section, n.loc, n.id, n.text) for n in kit.walk()]
        plain = [(n.kind, n.section, n.loc, n.id, n.text) for n in walk_data(data)]
        assert model == plain and len(model) > 15


def test_the_walk_of_a_small_kit_in_interview_order():
    kit = small_kit()
    assert [(n.kind.value, n.item.id) for n in kit.walk()] == [
        ("green_flag", "g1"), ("green_flag", "g2"), ("yellow_flag", "y1"), ("question", "q1"), ("question", "q2"),
        ("profile_area", "p1"), ("skill", "p1-a"), ("red_flag", "p1-red"),
        ("use_case", "u1"), ("skill", "u1-s"), ("focus_question", "u1-focus"), ("red_flag", "u1-red"),
        ("use_case", "u2"), ("skill", "u2-s"), ("focus_question", "u2-focus"), ("red_flag", "u2-red"),
        ("tip", "t1")]
    assert kit.item_ids() == [n.item.id for n in kit.walk() if n.kind is not ItemKind.AREA]
    assert [q.id for q in kit.all_questions()] == ["q1", "q2", "u1-focus", "u2-focus"]
    focus = kit.node("u2-focus")
    assert focus.parent.id == "u2" and focus.section is Section.USE_CASES and focus.scored_in == "u2"
    assert focus.loc == ("use_cases", 1, "focus") and kit.node("q2").scored_in == "questions"
    assert kit.find_question("p1-a") is None and kit.find_question("u1-focus").prompt == "Focus 1?"


def test_walk_data_skips_what_is_not_an_item_and_never_raises():
    data = {"questions": [{"id": "q-a"}, "text", None, 3], "use_cases": [{"id": "uc", "focus": "no",
                                                                          "priority_skills": 5}], "profile": 7}
    assert [(n.kind, n.id) for n in walk_data(data)] == [(ItemKind.QUESTION, "q-a"), (ItemKind.USE_CASE, "uc")]
    assert list(walk_data(None)) == [] and list(walk_data([1, 2])) == []


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["questions"][1].update(id="q1"), "id 'q1' is used more than once"),
    (lambda d: d["questions"][1].update(id="summary"), "id 'summary' is reserved"),
    (lambda d: d["scale"]["points"][1].update(value=3), "scale points must run 1..4"),
    (lambda d: d.update(scoring={"weights": {"nope": 1}}), "weight for 'nope', which is not a section"),
])
def test_the_model_obeys_the_kit_rules_from_json_too(change, words):
    """A stored snapshot or an exchange file's kit meets the same rules as a
    bank file: the model runs :func:`assessor.domain.kit_rules.check_rules`."""
    data = json.loads(small_kit().model_dump_json())
    change(data)
    with pytest.raises(ValidationError, match=words):
        InterviewKit.model_validate_json(json.dumps(data))


def test_every_layer_lists_the_items_in_the_walk_s_order():
    from assessor.report.context import _item_names
    from assessor.services.exchange.csv_file import _item_index

    kit = load_builtin_kits()["flask-developer"]
    recorded = kit.item_ids()
    assert list(_item_index(kit)) == recorded
    names = _item_names(kit)
    assert list(names) == [i for i in recorded if i in names] and len(names) >= len(recorded) - len(kit.tips)

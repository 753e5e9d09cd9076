"""The bank's own rules: each kind of error and warning, at its file, line
and column, with its severity."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor.bank import check_file, check_paths, validate_paths
from assessor.domain import SCHEMA_VERSION

BASE = """\
role_id: demo
title: Demo
version: "1.0"
scale:
  points:
    - {value: 1, label: Low, meaning: Weak answer}
    - {value: 2, label: Mid, meaning: Fair answer}
    - {value: 3, label: High, meaning: Strong answer}
green_flags:
  - id: green-one
    text: A green flag
questions:
  - id: q-one
    prompt: A question?
    anchors:
      junior: A junior answer
      senior: A senior answer
use_cases:
  - id: uc-api
    title: APIs
    priority_skills: [{id: uc-api-design, text: Design}]
    focus:
      id: q-uc-api
      prompt: Design an API
      anchors: {junior: j, senior: s}
    red_flag: {id: red-uc-api, text: No design}
"""


def found(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    path = tmp_path / "kit.yaml"
    path.write_text(text, encoding="utf-8")
    _kit, problems = check_file(path)
    assert all(p.path == str(path) for p in problems)
    return [(p.line, p.column, p.severity, p.message) for p in problems]


def with_(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def test_the_base_kit_is_clean(tmp_path):
    assert found(tmp_path, BASE) == []


def test_question_without_anchors(tmp_path):
    text = with_("    anchors:\n      junior: A junior answer\n      senior: A senior answer\n", "")
    assert found(tmp_path, text) == [(13, 5, "error", "missing required field 'anchors'")]


def test_question_without_its_junior_anchor(tmp_path):
    assert found(tmp_path, with_("      junior: A junior answer\n", "")) == [
        (16, 7, "error", "missing required field 'junior'")]


def test_empty_required_section(tmp_path):
    text = with_("questions:\n  - id: q-one\n    prompt: A question?\n    anchors:\n      junior: A junior answer\n"
                 "      senior: A senior answer\n", "questions: []\n")
    assert found(tmp_path, text) == [(12, 12, "error", "'questions' needs at least 1 item")]


def test_empty_checklist_of_a_use_case(tmp_path):
    text = with_("priority_skills: [{id: uc-api-design, text: Design}]", "priority_skills: []")
    assert found(tmp_path, text) == [(21, 22, "error", "'priority_skills' needs at least 1 item")]


def test_empty_optional_section_is_a_warning(tmp_path):
    assert found(tmp_path, BASE + "tips: []\n") == [
        (27, 1, "warning", "empty section 'tips': add items or remove the key")]


def test_weight_for_an_unknown_section_with_did_you_mean(tmp_path):
    text = BASE + "scoring:\n  weights:\n    questions: 2\n    uc-apis: 1\n"
    assert found(tmp_path, text) == [
        (30, 5, "error", "weight for 'uc-apis', which is not a section (did you mean 'uc-api'?)")]


def test_negative_weight(tmp_path):
    text = BASE + "scoring:\n  weights:\n    questions: -1\n"
    assert found(tmp_path, text) == [(29, 16, "error", "'questions' must be at least 0, got -1")]


def test_all_weights_zero(tmp_path):
    text = BASE + "scoring:\n  weights:\n    questions: 0\n    uc-api: 0\n"
    problems = found(tmp_path, text)
    assert (29, 5, "error", "every section weighs 0: no rating could count") in problems
    assert (29, 16, "warning", "section 'questions' weighs 0: its ratings never count") in problems


def test_cap_above_the_scale(tmp_path):
    assert found(tmp_path, BASE + "scoring:\n  cap: 4\n") == [
        (28, 8, "error", "the cap 4 is above the scale's top point 3")]


def test_cap_at_the_top_and_must_have_without_cap_are_warnings(tmp_path):
    assert found(tmp_path, BASE + "scoring:\n  cap: 3\n") == [
        (28, 8, "warning", "a cap at the top point (3) never lowers a score")]
    text = with_("    prompt: A question?\n", "    prompt: A question?\n    must_have: true\n")
    assert found(tmp_path, text) == [
        (15, 16, "warning", "must_have has no effect without a 'cap' under 'scoring'")]


def test_anchor_of_a_point_off_the_scale(tmp_path):
    text = with_("      senior: A senior answer\n", "      senior: A senior answer\n      points:\n        3: Top\n")
    assert found(tmp_path, text) == [
        (19, 9, "error", "anchors.points may only hold the middle points of the scale (between 2 and 2); "
                         "point 1 is the junior anchor, point 3 the senior one")]


def test_anchors_for_some_middle_points_only_is_a_warning(tmp_path):
    text = with_("    - {value: 3, label: High, meaning: Strong answer}\n",
                 "    - {value: 3, label: High, meaning: Strong answer}\n"
                 "    - {value: 4, label: Top, meaning: Best answer}\n")
    text = text.replace("      senior: A senior answer\n", "      senior: A senior answer\n      points:\n"
                        "        2: Two\n")
    assert found(tmp_path, text) == [
        (20, 9, "warning", "anchors describe some middle points but not 3: describe every point between "
                           "junior and senior, or none")]


def test_id_convention_is_a_warning(tmp_path):
    assert found(tmp_path, with_("  - id: q-one", "  - id: question-one")) == [
        (13, 9, "warning", "id 'question-one' does not follow the convention: start it with 'q-'")]


def test_newer_schema_version_is_an_error_older_a_warning(tmp_path):
    newer = found(tmp_path, with_('version: "1.0"\n', 'version: "1.0"\nschema_version: 9\n'))
    assert newer == [(4, 17, "error", "this file is written in bank format 9, but this Assessor reads formats "
                                      "up to 4: update Assessor")]
    older = found(tmp_path, with_('version: "1.0"\n', 'version: "1.0"\nschema_version: 1\n'))
    assert older == [(4, 17, "warning", "bank format 1 is older than the current 4; it loads unchanged; "
                                        "'assessor bank upgrade FILE' or saving in the editor upgrades it")]


@pytest.mark.parametrize("text", [BASE, with_('version: "1.0"\n', 'version: "1.0"\nschema_version: 1\n')])
def test_old_format_files_load_upgraded(tmp_path, text):
    path = tmp_path / "kit.yaml"
    path.write_text(text, encoding="utf-8")
    kit, _ = check_file(path)
    assert kit is not None and kit.schema_version == SCHEMA_VERSION


def test_warnings_do_not_stop_loading_and_print_their_severity(tmp_path):
    path = tmp_path / "kit.yaml"
    path.write_text(BASE + "glossary: []\n", encoding="utf-8")
    assert validate_paths([path]) == []
    [warning] = check_paths([path])
    assert str(warning) == f"{path}:27:1: warning: empty section 'glossary': add items or remove the key"


def test_every_problem_at_once_errors_and_warnings(tmp_path):
    text = (with_("  - id: q-one", "  - id: question-one").replace("    prompt: A question?", "    promt: A question?")
            + "scoring:\n  cap: 7\ntips: []\n")
    severities = [(line, sev) for line, _col, sev, _msg in found(tmp_path, text)]
    assert severities == [(13, "error"), (13, "warning"), (14, "error"), (28, "error"), (29, "warning")]


def test_places_count_list_items_from_one_but_show_scale_points_as_they_are():
    from assessor.domain.kit_rules import describe_loc

    assert describe_loc(("questions", 2, "anchors", "senior")) == "questions › 3 › anchors › senior"
    assert describe_loc(("questions", 0, "anchors", "points", 3)) == "questions › 1 › anchors › points › 3"
    assert describe_loc(("scale", "points", 1, "label")) == "scale › points › 2 › label"
    assert describe_loc(()) == "the top level"


COMPETENT = BASE.replace("green_flags:\n", "competencies:\n  - {id: api-design, name: API design}\n"
                         "  - {id: testing, name: Testing}\ngreen_flags:\n", 1)


def test_an_unknown_competency_is_an_error_at_its_line_with_did_you_mean(tmp_path):
    text = COMPETENT.replace("    prompt: A question?\n", "    prompt: A question?\n"
                             "    competencies: [testing, api-desing]\n", 1)
    text = text.replace("{id: uc-api-design, text: Design}", "{id: uc-api-design, text: Design, "
                        "competencies: [api-design]}")
    assert found(tmp_path, text) == [
        (18, 29, "error", "competency 'api-desing' is not declared (did you mean 'api-design'?)")]


def test_a_competency_no_item_gives_evidence_for_is_a_warning(tmp_path):
    text = COMPETENT.replace("    prompt: A question?\n", "    prompt: A question?\n"
                             "    competencies: [testing]\n", 1)
    assert found(tmp_path, text) == [
        (10, 10, "warning", "no question or checklist item gives evidence for competency 'api-design'")]


def test_a_competency_declared_twice_is_an_error(tmp_path):
    text = COMPETENT.replace("{id: testing, name: Testing}", "{id: api-design, name: Again}")
    text = text.replace("    prompt: A question?\n", "    prompt: A question?\n    competencies: [api-design]\n", 1)
    assert found(tmp_path, text) == [
        (11, 10, "error", "competency 'api-design' is declared twice (first as competency 1)")]

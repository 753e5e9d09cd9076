"""Each kind of bank-file problem is reported once, at its exact line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor.bank import BankError, Problem, load_kit

# A minimal valid kit; the line numbers in the tests below refer to it.
MINIMAL = """\
role_id: demo
title: Demo
version: "1.0"
scale:
  points:
    - {value: 1, label: Low, meaning: Weak answer}
    - {value: 2, label: High, meaning: Strong answer}
green_flags:
  - id: green-one
    text: A green flag
questions:
  - id: q-one
    prompt: A question?
    anchors:
      junior: A junior answer
      senior: A senior answer
"""


def write(tmp_path: Path, text: str | bytes, name: str = "kit.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def edit(old: str, new: str) -> str:
    assert MINIMAL.count(old) == 1, old
    return MINIMAL.replace(old, new)


def problems(path: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(BankError) as caught:
        load_kit(path)
    assert all(p.path == str(path) for p in caught.value.problems)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_minimal_kit_loads(tmp_path):
    kit = load_kit(write(tmp_path, MINIMAL))
    assert kit.role_id == "demo"
    assert kit.scale.maximum == 2
    assert kit.questions[0].anchors.senior == "A senior answer"


def test_problem_str_is_path_line_column_severity_message():
    assert str(Problem("a/b.yaml", 3, 7, "oops")) == "a/b.yaml:3:7: error: oops"
    assert str(Problem("a/b.yaml", 3, 7, "style", "warning")) == "a/b.yaml:3:7: warning: style"


def test_unknown_field_points_at_key_with_did_you_mean(tmp_path):
    found = problems(write(tmp_path, edit("    prompt: A question?", "    promt: A question?")))
    assert (13, 5, "unknown field 'promt' (did you mean 'prompt'?)") in found
    # the question that lacks 'prompt' is reported too, at the mapping
    assert (12, 5, "missing required field 'prompt'") in found
    assert len(found) == 2


def test_unknown_field_without_close_match_lists_allowed_fields(tmp_path):
    found = problems(write(tmp_path, edit("    text: A green flag\n", "    text: A green flag\n    colour: red\n")))
    assert found == [(11, 5, "unknown field 'colour' (allowed here: id, text, hint)")]


def test_missing_field_points_at_the_mapping(tmp_path):
    found = problems(write(tmp_path, edit("      senior: A senior answer\n", "")))
    assert found == [(15, 7, "missing required field 'senior'")]


def test_missing_top_level_field(tmp_path):
    found = problems(write(tmp_path, edit("title: Demo\n", "")))
    assert found == [(1, 1, "missing required field 'title'")]


def test_wrong_type_points_at_value(tmp_path):
    found = problems(write(tmp_path, edit("    prompt: A question?", "    prompt: 42")))
    assert found == [(13, 13, "'prompt' must be text, not a number (put it in quotes)")]


def test_version_as_number_asks_for_quotes(tmp_path):
    found = problems(write(tmp_path, edit('version: "1.0"', "version: 1.0")))
    assert found == [(3, 10, "'version' must be text, not a number (put it in quotes)")]


def test_bad_id_pattern(tmp_path):
    found = problems(write(tmp_path, edit("  - id: q-one", "  - id: Q One")))
    assert len(found) == 1
    assert found[0][:2] == (12, 9)
    assert found[0][2].startswith("'Q One' is not a valid id")


def test_duplicate_id_at_second_occurrence(tmp_path):
    found = problems(write(tmp_path, edit("  - id: q-one", "  - id: green-one")))
    assert found == [(12, 9, "id 'green-one' is used more than once (first at line 9)")]


def test_duplicate_id_of_profile_areas(tmp_path):
    text = MINIMAL + (
        "profile:\n"
        "  - id: area\n"
        "    title: Area one\n"
        "    items: [{id: item-one, text: One}]\n"
        "  - id: area\n"
        "    title: Area two\n"
        "    items: [{id: item-two, text: Two}]\n"
    )
    found = problems(write(tmp_path, text))
    assert found == [(21, 9, "id 'area' is used more than once (first at line 18)")]


def test_duplicate_key(tmp_path):
    found = problems(write(tmp_path, edit("title: Demo\n", "title: Demo\ntitle: Again\n")))
    assert found == [(3, 1, "duplicate key 'title' (first at line 2)")]


def test_yaml_syntax_error(tmp_path):
    found = problems(write(tmp_path, edit("title: Demo", "title: [Demo")))
    assert len(found) == 1
    line, column, message = found[0]
    assert (line, column) == (3, 8)
    assert message.startswith("invalid YAML: ")
    assert "line 2, column 8" in message


def test_tab_indentation_is_a_syntax_error(tmp_path):
    found = problems(write(tmp_path, edit("    text: A green flag", "\ttext: A green flag")))
    assert [(line, column) for line, column, _ in found] == [(10, 1)]


def test_python_object_tag_is_reported_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = edit("title: Demo", f'title: !!python/object/apply:os.system ["touch {marker}"]')
    found = problems(write(tmp_path, text))
    assert len(found) == 1
    assert found[0][:2] == (2, 8)
    assert "the YAML tag '!!python/object/apply:os.system' is not allowed" in found[0][2]
    assert not marker.exists()


def test_custom_tag_is_reported(tmp_path):
    found = problems(write(tmp_path, edit("    text: A green flag", "    text: !shout A green flag")))
    assert found[0][:2] == (10, 11)
    assert "'!shout' is not allowed" in found[0][2]


def test_scale_not_one_to_n(tmp_path):
    text = edit("    - {value: 2, label: High", "    - {value: 3, label: High")
    found = problems(write(tmp_path, text))
    assert found == [(7, 15, "scale points must run 1..2 in order: expected value 2 here, got 3")]


def test_not_a_mapping(tmp_path):
    found = problems(write(tmp_path, "- role_id: demo\n- title: Demo\n"))
    assert found == [(1, 1, "the file must be a mapping of fields (role_id: ..., title: ...), not a list")]


def test_single_value_is_not_a_mapping(tmp_path):
    found = problems(write(tmp_path, "# comment\njust some text\n"))
    assert found == [(2, 1, "the file must be a mapping of fields (role_id: ..., title: ...), "
                            "not a single value")]


def test_empty_file(tmp_path):
    found = problems(write(tmp_path, "# nothing here yet\n"))
    assert len(found) == 1 and found[0][:2] == (1, 1)
    assert found[0][2].startswith("the file is empty")


def test_non_utf8_file(tmp_path):
    data = MINIMAL.replace("title: Demo", "title: Caf\xe9").encode("latin-1")
    found = problems(write(tmp_path, data))
    assert found == [(2, 11, "the file is not UTF-8 text (byte 0xe9 cannot be decoded); "
                             "save it with UTF-8 encoding")]


def test_utf8_with_bom_loads(tmp_path):
    kit = load_kit(write(tmp_path, ("\ufeff" + MINIMAL.replace("Demo", "Café")).encode("utf-8")))
    assert kit.title == "Café"


def test_unreadable_file(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    found = problems(folder)
    assert len(found) == 1 and found[0][:2] == (1, 1)
    assert found[0][2].startswith("cannot read the file")


def test_missing_file(tmp_path):
    found = problems(tmp_path / "nope.yaml")
    assert len(found) == 1 and found[0][:2] == (1, 1)
    assert found[0][2].startswith("cannot read the file")


def test_empty_value_is_reported(tmp_path):
    found = problems(write(tmp_path, edit("    text: A green flag", "    text:")))
    assert found == [(10, 5, "'text' is empty: write a text or remove the line")]


def test_collection_alias_is_reported(tmp_path):
    text = edit("    anchors:\n", "    anchors: &same\n") + "  - id: q-two\n    prompt: Again?\n    anchors: *same\n"
    found = problems(write(tmp_path, text))
    assert len(found) == 1 and found[0][:2] == (14, 14)  # the anchored mapping
    assert "alias" in found[0][2]


def test_every_problem_of_a_file_is_reported(tmp_path):
    text = (
        MINIMAL.replace('version: "1.0"', "version: 2")
        .replace("    prompt: A question?", "    prompt: A question?\n    topik: Basics")
        .replace("      senior: A senior answer\n", "")
        + "  - id: green-one\n    prompt: Second?\n    anchors: {junior: j, senior: s}\n"
    )
    found = problems(write(tmp_path, text))
    assert [(line, column) for line, column, _ in found] == [(3, 10), (14, 5), (16, 7), (17, 9)]
    messages = [message for _, _, message in found]
    assert messages[1] == "unknown field 'topik' (did you mean 'topic'?)"
    assert messages[2] == "missing required field 'senior'"
    assert messages[3] == "id 'green-one' is used more than once (first at line 9)"


def test_bank_error_message_lists_every_problem(tmp_path):
    path = write(tmp_path, edit("    prompt: A question?", "    promt: A question?"))
    with pytest.raises(BankError) as caught:
        load_kit(path)
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]


def test_an_id_too_long_and_a_reserved_id_are_reported_at_their_line_in_plain_words(tmp_path):
    long_id = "q-" + "x" * 70
    found = problems(write(tmp_path, edit("  - id: q-one\n", f"  - id: {long_id}\n")))
    assert found == [(12, 9, "'id' must be at most 64 characters long, not 72")]
    found = problems(write(tmp_path, edit("  - id: q-one\n", "  - id: summary\n")))
    assert found == [(12, 9, "id 'summary' is reserved for an interview step "
                             "(reserved: green-flags, summary, use-cases, yellow-flags)")]


@pytest.mark.parametrize(("old", "new", "where", "words"), [
    ("    - {value: 2, label: High", '    - {value: "2", label: High', (7, 15), "'value' must be a whole number, not text"),
    ("    prompt: A question?\n", "    prompt: A question?\n    must_have: 'true'\n", (14, 16),
     "'must_have' must be true or false, not text"),
    ("      senior: A senior answer\n", "      senior: A senior answer\n      points: {2.0: x}\n", (17, 15),
     "the key '2.0' must be a whole number, not 2.0"),
])
def test_text_is_never_a_number_or_a_yes_no(tmp_path, old, new, where, words):
    found = problems(write(tmp_path, edit(old, new)))
    assert [(line, col) for line, col, _m in found] == [where] and words in found[0][2], found

"""Messages a team lead understands: a stray indented line in plain words,
``--strict`` failing on the scaffold's TODO placeholders, no false warning
for a cap written as text.  Each from a small inline YAML file."""

from __future__ import annotations

import pytest

from assessor.bank import check_file
from assessor.cli.main import main
from tests.bank.test_bank_rules import BASE, found

STRAY_KEY = """\
role_id: demo
title: Demo
questions:
  - id: q-one
    prompt: A question?
  anchors: {junior: j, senior: s}
"""

STRAY_DEEP = """\
role_id: demo
title: Demo
green_flags:
  - id: green-one
    text: A green flag
      hint: indented too far
"""

OFF_COLUMN = """\
role_id: demo
title: Demo
green_flags:
  - id: green-one
    text: A green flag
   hint: one space short
"""


@pytest.mark.parametrize(("text", "where", "words"), [
    (STRAY_KEY, (6, 3), "'anchors' is at the column of the list's dashes (3), so it is neither a key of the item "
                        "above nor a new item: indent it to column 5 like the item's other keys, or start a new "
                        "item with '- '"),
    (STRAY_DEEP, (6, 11), "the ':' after 'hint' cannot start a key here: the line is indented deeper than the line "
                          "above, so it reads as the rest of that line's value; line 5 above starts at column 5"),
    (OFF_COLUMN, (6, 4), "'hint' is indented to column 4, which lines up with nothing above it (the keys and dashes "
                         "above start at columns 3, 5)"),
    ("role_id: demo\ntitle: Demo\ndescription: For: people\n", (3, 17),
     "the value of 'description' holds a ': ', which reads as the start of another key: put the value in quotes"),
])
def test_a_stray_indented_line_is_told_in_plain_words_at_its_line(tmp_path, text, where, words):
    [(line, column, severity, message)] = found(tmp_path, text)
    assert (line, column, severity) == (*where, "error")
    assert message.startswith("invalid YAML: ") and words in message
    assert "<block" not in message and "found '?'" not in message


def test_strict_fails_on_the_todo_placeholders_of_a_new_bank(tmp_path, capsys):
    path = tmp_path / "sre.yaml"
    assert main(["bank", "new", "sre", "--out", str(path)]) == 0
    capsys.readouterr()
    assert main(["bank", "validate", str(path)]) == 0  # it loads: placeholders are warnings
    assert main(["bank", "validate", "--strict", str(path)]) == 1
    out = capsys.readouterr().out
    line = path.read_text(encoding="utf-8").splitlines().index("description: TODO what this interview kit is for.")
    assert f"{path}:{line + 1}:14: warning: a TODO placeholder left by 'assessor bank new': write the real text" \
        in out
    filled = tmp_path / "filled.yaml"
    filled.write_text(path.read_text(encoding="utf-8").replace("TODO ", ""), encoding="utf-8")
    assert main(["bank", "validate", "--strict", str(filled)]) == 0


MUST = BASE.replace("      senior: A senior answer\n", "      senior: A senior answer\n    must_have: true\n", 1)


def test_a_cap_written_as_text_is_one_error_and_no_false_warning(tmp_path):
    problems = found(tmp_path, MUST + 'scoring:\n  cap: "2"\n')
    assert [(severity, message) for _l, _c, severity, message in problems] == [
        ("error", "'cap' must be a number, not text (remove the quotes: text is never read as a number, nor as "
                  "true or false)")]


def test_must_have_without_any_cap_still_warns(tmp_path):
    assert found(tmp_path, MUST) == [
        (18, 16, "warning", "must_have has no effect without a 'cap' under 'scoring'")]

"""Probes nest one level: a probe may be ``{prompt, probes}``; errors in one
are reported at their line in plain words, and the editor edits them as
indented lines."""

from __future__ import annotations

from assessor.bank import check_file
from assessor.domain import Probe, probe_lines

BANK = '''role_id: t-role
title: T
version: "1"
scale:
  points:
    - {value: 1, label: A, meaning: a}
    - {value: 2, label: B, meaning: b}
green_flags:
  - {id: green-a, text: A}
questions:
  - id: q-a
    prompt: P
    anchors: {junior: j, senior: s}
    probes:
      - plain
      - prompt: nested
        probes: [one, two]
'''


def test_a_probe_with_follow_ups_loads_and_flattens_in_reading_order(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(BANK, encoding="utf-8")
    kit, problems = check_file(path)
    assert kit is not None, problems
    probes = kit.questions[0].probes
    assert probes[0] == "plain" and probes[1] == Probe(prompt="nested", probes=["one", "two"])
    assert probe_lines(probes) == [(0, "plain"), (0, "nested"), (1, "one"), (1, "two")]


def test_errors_in_a_nested_probe_are_at_their_line_in_plain_words(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(BANK + "      - promt: bad\n        probes: []\n      - prompt: deep\n"
                           "        probes: [{prompt: x, probes: [y]}]\n", encoding="utf-8")
    _, problems = check_file(path)
    found = sorted((p.line, p.message) for p in problems if p.severity == "error")
    assert found == [(18, "missing required field 'prompt'"),
                     (18, "unknown field 'promt' (did you mean 'prompt'?)"),
                     (19, "'probes' needs at least 1 item"),
                     (21, "item 1 of 'probes' must be text, not a mapping")]
    assert not any("constrained" in p.message or "nested" in p.message for p in problems)


def test_the_editor_writes_an_indented_line_as_a_follow_up(qtbot):
    from assessor.gui.bank_forms import ItemForm, question_fields

    form = ItemForm(question_fields(2))
    qtbot.addWidget(form)
    item = {"id": "q-a", "prompt": "P", "anchors": {"junior": "j", "senior": "s"},
            "probes": ["plain", {"prompt": "nested", "probes": ["one"]}]}
    form.load(item)
    edit = form.widgets[("probes",)]
    assert edit.toPlainText() == "plain\nnested\n  one"
    edit.setPlainText("plain\n  why?\nnested\n  one\n  two")
    assert item["probes"] == [{"prompt": "plain", "probes": ["why?"]}, {"prompt": "nested", "probes": ["one", "two"]}]

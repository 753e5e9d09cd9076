"""A question's time budget in a bank file: ``minutes``, an optional whole
number of minutes (1..600), on a skill-level or a focus question."""

from __future__ import annotations

import pytest

from assessor.bank import check_file, json_schema
from tests.bank.test_bank_rules import BASE

WITH = "      senior: A senior answer\n"


def load(tmp_path, minutes: str):
    path = tmp_path / "kit.yaml"
    path.write_text(BASE.replace(WITH, WITH + f"    minutes: {minutes}\n", 1), encoding="utf-8")
    return check_file(path)


def test_a_bank_file_with_minutes_loads(tmp_path):
    kit, problems = load(tmp_path, "20")
    assert problems == [] and kit.questions[0].minutes == 20 and kit.use_cases[0].focus.minutes is None


@pytest.mark.parametrize(("value", "words"), [
    ('"20"', "'minutes' must be a whole number, not text (remove the quotes"),
    ("20.5", "'minutes' must be a whole number, not 20.5"),
    ("0", "'minutes' must be at least 1, got 0"),
    ("601", "'minutes' must be at most 600, got 601"),
    ("twenty", "'minutes' must be a whole number, not text"),
])
def test_a_bad_time_budget_is_an_error_at_its_line(tmp_path, value, words):
    kit, problems = load(tmp_path, value)
    assert kit is None
    assert [(p.line, p.severity) for p in problems] == [(18, "error")]
    assert words in problems[0].message


def test_the_json_schema_describes_minutes():
    minutes = json_schema()["$defs"]["Question"]["properties"]["minutes"]
    assert minutes["title"] == "Time budget (minutes)"
    assert {"type": "integer", "minimum": 1, "maximum": 600} in minutes["anyOf"]

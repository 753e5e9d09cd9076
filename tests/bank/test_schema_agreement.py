"""The JSON Schema that ``assessor bank schema`` writes accepts what the
loader accepts, and refuses what it refuses for a type: an editor using the
schema never marks a file the app loads, and never stays quiet about a
value the app would refuse (text where a number or a yes/no is meant, a
decimal where a whole number is meant, an infinite weight).

The schema cannot say what spans fields (ids used once, scale points 1..N,
weights naming a section): those are the kit rules of
:mod:`assessor.domain.kit_rules`, which only the loader checks, so a file
the schema accepts may still be refused, but only by one of those rules.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from assessor.bank import builtin_bank_dir, check_data, check_file, json_schema
from assessor.bank.reading import read_yaml
from assessor.bank.validation import _plain
from assessor.domain.kit_rules import ERROR, check_rules

from tests.bank.test_bank_rules import BASE

VALIDATOR = Draft202012Validator(json_schema())
HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"


def schema_accepts(data: object) -> bool:
    """As an editor sees the file: YAML turned into JSON (keys become text)."""
    instance = json.loads(json.dumps(data, allow_nan=True))
    return VALIDATOR.is_valid(instance)


def load_file(tmp_path: Path, text: str) -> tuple[bool, list[str], object]:
    path = tmp_path / "kit.yaml"
    path.write_text(text, encoding="utf-8")
    kit, problems = check_file(path)
    errors = [str(p) for p in problems if p.is_error]
    return kit is not None, errors, _plain(read_yaml(path))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(json_schema())


def test_every_builtin_bank_validates_against_the_schema():
    files = sorted(builtin_bank_dir().glob("*.yaml"))
    assert len(files) >= 2
    for file in files:
        kit, problems = check_file(file)
        assert kit is not None, problems
        errors = sorted(VALIDATOR.iter_errors(json.loads(json.dumps(_plain(read_yaml(file))))), key=str)
        assert not errors, f"{file.name}: {errors[0].message}"


def _hostile_texts() -> list[str]:
    texts = []
    for file in sorted(HOSTILE.glob("*.txt")):
        content = file.read_text(encoding="utf-8")
        texts += content.splitlines() if file.name.endswith(".lines.txt") else [content]
    return [t for t in texts if t.strip()]


def test_hostile_texts_as_bank_texts_are_accepted_by_both():
    texts = _hostile_texts()
    assert len(texts) >= 10
    base = _plain(_yaml(BASE))
    for text in texts:
        data = copy.deepcopy(base)
        data["questions"][0]["prompt"] = text
        data["green_flags"][0]["hint"] = text
        data["description"] = text
        kit, findings = check_data(data)
        assert kit is not None, [f.message for f in findings if f.severity == ERROR]
        assert schema_accepts(data), text[:60]


def _yaml(text: str) -> object:
    from ruamel.yaml import YAML
    return YAML(typ="rt").load(text)


COERCIONS = {
    # what is written, in BASE's question q-one or scoring; each a value the loader used to coerce
    "must_have as text": ('      senior: A senior answer\n', '      senior: A senior answer\n    must_have: "true"\n'),
    "must_have as yes": ('      senior: A senior answer\n', '      senior: A senior answer\n    must_have: "yes"\n'),
    "must_have as 1": ('      senior: A senior answer\n', '      senior: A senior answer\n    must_have: 1\n'),
    "cap as text": ('scoring: {}', 'scoring: {cap: "2"}'),
    "weight as text": ('scoring: {}', 'scoring: {weights: {questions: "2"}}'),
    "weight infinite": ('scoring: {}', 'scoring: {weights: {questions: .inf}}'),
    "cap infinite": ('scoring: {}', 'scoring: {cap: .inf}'),
    "cap true": ('scoring: {}', 'scoring: {cap: true}'),
    "point value as text": ('- {value: 1, label: Low', '- {value: "1", label: Low'),
    "anchor key 2.0": ('      senior: A senior answer\n', '      senior: A senior answer\n      points: {2.0: mid}\n'),
    "minutes as text": ('      senior: A senior answer\n', '      senior: A senior answer\n    minutes: "5"\n'),
    "minutes 2.5": ('      senior: A senior answer\n', '      senior: A senior answer\n    minutes: 2.5\n'),
    "minutes 0": ('      senior: A senior answer\n', '      senior: A senior answer\n    minutes: 0\n'),
    "prompt as a number": ('    prompt: A question?\n', '    prompt: 42\n'),
    "title as yes": ('title: Demo\n', 'title: true\n'),
    "version as a number": ('version: "1.0"\n', 'version: 1.0\n'),
    "schema_version as text": ('role_id: demo\n', 'role_id: demo\nschema_version: "2"\n'),
}


@pytest.mark.parametrize("name", sorted(COERCIONS))
def test_a_coerced_value_is_refused_by_both_at_its_line(tmp_path, name):
    old, new = COERCIONS[name]
    text = (BASE + "scoring: {}\n").replace(old, new, 1)
    assert text != BASE + "scoring: {}\n", name
    loads, errors, data = load_file(tmp_path, text)
    assert not loads, name
    line = next(n for n, row in enumerate(text.splitlines(), 1) if new.strip().splitlines()[-1].strip() in row)
    assert any(f":{line}:" in e for e in errors), (name, errors)
    assert not schema_accepts(data), name


def test_a_whole_number_written_with_a_decimal_point_is_refused_at_its_line(tmp_path):
    """``value: 1.0``: the loader refuses it.  JSON Schema cannot: to it 1.0
    *is* an integer (draft 2020-12, "a number with a zero fractional part"),
    the one known place where the schema is looser than the loader."""
    text = BASE.replace("- {value: 1, label: Low", "- {value: 1.0, label: Low")
    loads, errors, data = load_file(tmp_path, text)
    assert not loads
    assert any(":6:" in e and "whole number, not 1.0" in e for e in errors), errors
    assert schema_accepts(data)


ACCEPTED = {
    "minutes": ('      senior: A senior answer\n', '      senior: A senior answer\n    minutes: 5\n'),
    "whole weight and cap": ('scoring: {}', 'scoring: {weights: {questions: 2, uc-api: 0.5}, cap: 2}'),
    "anchor key 2": ('      senior: A senior answer\n', '      senior: A senior answer\n      points: {2: mid}\n'),
    "must_have": ('      senior: A senior answer\n', '      senior: A senior answer\n    must_have: true\n'),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_a_typed_value_is_accepted_by_both(tmp_path, name):
    old, new = ACCEPTED[name]
    text = (BASE + "scoring: {}\n").replace(old, new, 1)
    loads, errors, data = load_file(tmp_path, text)
    assert loads, errors
    assert schema_accepts(data), name


VALUES = ["2", 2, 2.5, 0, -1, True, "true", None, "", [], {}, math.inf, "x" * 65, "Q-One", "a text"]


def _leaves(node: object, loc: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, loc + (k,))]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, loc + (i,))]
    return [loc]


def _set(data: dict, loc: tuple, value: object) -> None:
    node = data
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value


def test_every_value_anywhere_loader_and_schema_agree():
    """Each leaf of a kit replaced by each of a list of typed values: the
    loader accepts it only if the schema does, and where the schema accepts
    what the loader refuses, every error is one of the kit's cross-field
    rules (which the schema cannot say)."""
    base = _plain(_yaml(BASE + "scoring: {weights: {questions: 1}, cap: 2}\nyellow_flags:\n"
                       "  - {id: yellow-one, text: A yellow flag}\n"))
    base["questions"][0].update({"minutes": 5, "must_have": True, "probes": ["Why?"]})
    base["questions"][0]["anchors"]["points"] = {2: "mid"}
    checked = 0
    for loc in _leaves(base):
        for value in VALUES:
            data = copy.deepcopy(base)
            _set(data, loc, value)
            kit, findings = check_data(data)
            schema_ok = schema_accepts(data)
            if kit is not None:
                assert schema_ok, (loc, value)
            elif schema_ok:
                rules = {f.message for f in check_rules(data) if f.severity == ERROR}
                others = [f.message for f in findings if f.severity == ERROR and f.message not in rules]
                assert not others, (loc, value, others)
            checked += 1
    assert checked >= 500

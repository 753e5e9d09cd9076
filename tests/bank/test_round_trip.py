"""Saving a bank keeps what the user did not touch: same bytes without
edits, only the edited lines changed, comments kept; and random valid banks
survive save and reload (hypothesis)."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.bank import builtin_bank_dir, load_kit, load_text, new_bank_text, plain, render, write_atomic
from assessor.domain import InterviewKit

FLASK = builtin_bank_dir() / "flask-developer.yaml"
BANKS = sorted(builtin_bank_dir().glob("*.yaml"))


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


@pytest.mark.parametrize("path", BANKS + ["scaffold"], ids=lambda p: getattr(p, "name", p))
def test_saving_without_edits_gives_the_same_bytes(path):
    text = new_bank_text("my-role", "My Role") if path == "scaffold" else path.read_text(encoding="utf-8")
    assert render(text, plain(load_text(text))) == text


def test_an_edit_changes_only_its_own_lines():
    text = FLASK.read_text(encoding="utf-8")
    data = plain(load_text(text))
    data["questions"][1]["prompt"] = "How do you structure a large Flask application?"
    data["version"] = "1.1.1"
    out = render(text, data)
    assert changed_lines(text, out) == [
        '- version: "1.1.0"', '+ version: "1.1.1"',
        "-     prompt: How do you structure a large Flask app?",
        "+     prompt: How do you structure a large Flask application?",
    ]


def test_a_changed_folded_text_stays_folded_within_the_width():
    text = FLASK.read_text(encoding="utf-8")
    data = plain(load_text(text))
    senior = "Explains WSGI and Werkzeug in detail, " * 6
    data["questions"][3]["anchors"]["senior"] = senior.strip()
    out = render(text, data)
    lines = changed_lines(text, out)
    assert "+       senior: >-" not in lines  # the key line is untouched
    added = [line[2:] for line in lines if line.startswith("+")]
    assert len(added) > 2 and all(len(line) <= 90 for line in added)
    assert load_kit_text(out).questions[3].anchors.senior == senior.strip()


def load_kit_text(text: str, tmp: Path | None = None) -> InterviewKit:
    import tempfile

    folder = Path(tempfile.mkdtemp()) if tmp is None else tmp
    path = folder / "kit.yaml"
    path.write_text(text, encoding="utf-8")
    return load_kit(path)


def test_comments_survive_deleting_reordering_and_adding_items():
    text = FLASK.read_text(encoding="utf-8")
    data = plain(load_text(text))
    del data["yellow_flags"][-1]  # its trailing comments head the next section
    data["questions"].insert(4, data["questions"].pop(0))
    data["questions"].append({"id": "q-new", "prompt": "New?", "anchors": {"junior": "j", "senior": "s"}})
    data["tips"] = data["tips"][::-1]
    out = render(text, data)
    assert comments(out) == comments(text)
    kit = load_kit_text(out)
    assert [q.id for q in kit.questions][:5] == ["q-large-app-structure", "q-database-connections",
                                                 "q-wsgi-werkzeug", "q-context-locals", "q-flask-philosophy"]
    assert kit.questions[-1].id == "q-new" and len(kit.yellow_flags) == 4
    header = "# Questions rated on the scale.  id, prompt, anchors (junior = low end,"
    assert out.index("id: yellow-no-extensions") < out.index(header) < out.index("questions:")


def test_removing_a_key_and_adding_one_in_model_order():
    text = FLASK.read_text(encoding="utf-8")
    data = plain(load_text(text))
    del data["questions"][0]["probes"]
    q = data["questions"][2]
    data["questions"][2] = {"id": q["id"], "prompt": q["prompt"], "anchors": q["anchors"],
                            "probes": q["probes"], "must_have": True, "topic": q["topic"], "source": q["source"]}
    out = render(text, data)
    plus = [line for line in changed_lines(text, out) if line.startswith("+")]
    assert plus == ["+     must_have: true"]
    assert out.index("must_have: true") < out.index("topic: Skill level", out.index("q-database-connections"))


def test_windows_line_ends_are_kept():
    text = FLASK.read_text(encoding="utf-8").replace("\n", "\r\n")
    data = plain(load_text(text))
    assert render(text, data) == text
    data["title"] = "Flask"
    out = render(text, data)
    assert out.count("\r\n") == text.count("\r\n") and "\ntitle: Flask\r\n" in out


def test_write_atomic_replaces_the_file_whole_and_keeps_its_mode(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "new ✓")
    assert path.read_text(encoding="utf-8") == "new ✓"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["bank.yaml"]  # no temporary file left


# -- property-based: random valid banks --------------------------------------------------------------

ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                         exclude_characters="\u2028\u2029\x85\ufeff")
TEXT = st.text(ALPHABET, min_size=1, max_size=30).filter(lambda t: t.strip() == t and t.strip())
LONG = st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=4).map(" ".join))


@st.composite
def banks(draw) -> dict:
    """A random valid bank as plain data (a unique id for every item)."""
    counter = iter(range(10_000))

    def new_id(prefix: str) -> str:
        return f"{prefix}-{next(counter)}"

    top = draw(st.integers(2, 6))

    def question() -> dict:
        anchors = {"junior": draw(LONG), "senior": draw(LONG)}
        if top > 2 and draw(st.booleans()):
            anchors["points"] = {v: draw(TEXT) for v in range(2, top)}
        q = {"id": new_id("q"), "prompt": draw(LONG), "anchors": anchors}
        if draw(st.booleans()):
            q["probes"] = draw(st.lists(TEXT, min_size=1, max_size=3))
        if draw(st.booleans()):
            q["must_have"] = draw(st.booleans())
        return q

    data = {"role_id": new_id("role"), "title": draw(TEXT), "version": draw(st.sampled_from(["1.0", "2024.1"])),
            "scale": {"points": [{"value": v, "label": draw(TEXT), "meaning": draw(LONG)} for v in range(1, top + 1)]},
            "green_flags": [{"id": new_id("green"), "text": draw(TEXT)} for _ in range(draw(st.integers(1, 3)))],
            "questions": [question() for _ in range(draw(st.integers(1, 3)))]}
    if draw(st.booleans()):
        data["use_cases"] = [{"id": new_id("uc"), "title": draw(TEXT),
                              "priority_skills": [{"id": new_id("s"), "text": draw(TEXT)}],
                              "focus": question(), "red_flag": {"id": new_id("red"), "text": draw(TEXT)}}]
    if draw(st.booleans()):
        data["glossary"] = [{"term": draw(TEXT), "meaning": draw(LONG)}]
    if draw(st.booleans()):
        data["scoring"] = {"weights": {"questions": draw(st.integers(1, 5))}, "cap": draw(st.integers(1, top))}
    return data


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])


@SETTINGS
@given(data=banks())
def test_random_banks_survive_save_and_reload(tmp_path, data):
    path = tmp_path / "bank.yaml"
    write_atomic(path, render("", data))
    assert load_kit(path) == InterviewKit.model_validate(data)
    text = path.read_text(encoding="utf-8")
    assert render(text, plain(load_text(text))) == text


@SETTINGS
@given(data=banks(), edits=st.lists(st.tuples(st.integers(0, 50), TEXT), min_size=1, max_size=4))
def test_random_edits_of_a_commented_bank_reload_as_edited(tmp_path, data, edits):
    text = "# A team's bank\n" + render("", data).replace("\nquestions:", "\n# the questions\nquestions:")
    edited = copy.deepcopy(data)
    questions = edited["questions"]
    for index, value in edits:
        q = questions[index % len(questions)]
        if index % 3 == 0:
            q["prompt"] = value
        elif index % 3 == 1:
            q["anchors"]["senior"] = value
        else:
            questions.insert(0, questions.pop(index % len(questions)))
    path = tmp_path / "bank.yaml"
    write_atomic(path, render(text, edited))
    assert load_kit(path) == InterviewKit.model_validate(edited)
    assert comments(path.read_text(encoding="utf-8")) == ["# A team's bank", "# the questions"]

"""The bank editor's "Rating scale" and "Scoring" tabs, through the window:
rename a point and the not-assessed label, add a point (the question forms
get one more anchor field and keep what was typed), set a cap and weights,
see a cap off the scale as an error, save, restart the bank loader and find
the kit changed and the file's comments kept; remove a point and clear the
anchor it leaves off the scale; an untouched scoring block is saved byte
for byte, and removing every weight removes ``weights``."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from assessor.services import open_workspace, user_bank_dir
from tests.gui.test_bank_editor import issues, open_editor, retype

pytestmark = pytest.mark.gui


@pytest.fixture
def real_ws(db):
    ws = open_workspace(db)
    yield ws
    ws.close()


def anchor_labels(form) -> list[str]:
    """The labels of a question form's anchor fields, in order."""
    layout = form.layout()
    return [layout.labelForField(widget).text() for path, widget in form.widgets.items() if "anchors" in path]


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def click(qtbot, section, name: str) -> None:
    qtbot.mouseClick(section.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_rename_and_add_a_point_set_cap_and_weights_save_and_reload(qtbot, real_ws, db):
    window, editor = open_editor(qtbot, real_ws, "flask-developer")
    before = real_ws.sources["flask-developer"].read_text(encoding="utf-8")
    questions = editor.sections["questions"]
    questions.list.setCurrentRow(1)
    retype(qtbot, questions.form.widgets[("prompt",)], "How do you structure a large Flask application?")
    # each anchor is named by its point's label on the scale, as in the window and the report
    assert anchor_labels(questions.form) == ["Anchor 1 (Junior)", "Anchor 2: Developing (optional)",
                                             "Anchor 3: Proficient (optional)", "Anchor 4 (Senior)"]

    scale = editor.sections["scale"]
    editor.tabs.setCurrentWidget(scale)
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "Rating scale"
    assert [scale.list.item(i).text() for i in range(scale.list.count())] == [
        "1  Junior", "2  Developing", "3  Proficient", "4  Senior"]
    scale.list.setCurrentRow(1)
    retype(qtbot, scale.form.widgets[("label",)], "Emerging")
    assert scale.list.item(1).text() == "2  Emerging"
    senior = [q["anchors"]["senior"] for q in editor.data["questions"]]
    senior_meaning = editor.data["scale"]["points"][3]["meaning"]
    scale.list.setCurrentRow(2)
    click(qtbot, scale, "addItem")  # a new point 4 after Proficient: Senior becomes 5
    assert [p["value"] for p in editor.data["scale"]["points"]] == [1, 2, 3, 4, 5]
    retype(qtbot, scale.form.widgets[("label",)], "Advanced")
    retype(qtbot, scale.form.widgets[("meaning",)], "Explains the trade-offs unprompted, in part.")
    assert [scale.list.item(i).text() for i in (3, 4)] == ["4  Advanced", "5  Senior"]
    assert [q["anchors"]["senior"] for q in editor.data["questions"]] == senior  # still Senior's, now point 5
    assert not any(4 in (q["anchors"].get("points") or {}) for q in editor.data["questions"])
    assert not scale.anchors_notice.isHidden()
    retype(qtbot, scale.not_assessed, "Not asked")

    editor.tabs.setCurrentWidget(editor.sections["questions"])  # back to the questions: the anchors follow
    questions = editor.sections["questions"]  # rebuilt for the 5-point scale and its labels, on the same data
    labels = anchor_labels(questions.form)
    assert labels == ["Anchor 1 (Junior)", "Anchor 2: Emerging (optional)", "Anchor 3: Proficient (optional)",
                      "Anchor 4: Advanced (optional)", "Anchor 5 (Senior)"]
    assert ("anchors", "points", 4) in questions.form.widgets
    assert questions.list.currentRow() == 1  # the same question, with what was typed
    assert questions.form.widgets[("prompt",)].toPlainText() == "How do you structure a large Flask application?"
    assert editor.tabs.currentWidget() is questions  # the rebuilt tab is the one shown

    scoring = editor.sections["scoring"]
    editor.tabs.setCurrentWidget(scoring)
    assert scoring.cap.text() == "2"
    assert list(scoring.weights) == ["questions", "uc-rest-apis", "uc-microservices", "uc-full-stack"]
    assert "4 Advanced · 5 Senior" in scoring.scale_hint.text()
    retype(qtbot, scoring.cap, "7")
    assert "scoring › cap: error: the cap 7 is above the scale's top point 5" in issues(editor)
    assert not editor.save_button.isEnabled() and "error" in editor.status.text()
    assert scoring.cap_error.isVisible() and "above the scale's top point" in scoring.cap_error.text()
    retype(qtbot, scoring.cap, "3")
    retype(qtbot, scoring.weights["questions"], "2")
    retype(qtbot, scoring.weights["uc-rest-apis"], "1.5")
    assert editor.data["scoring"] == {"weights": {"questions": 2, "uc-rest-apis": 1.5}, "cap": 3}
    assert not any(" error: " in line for line in issues(editor)) and editor.save_button.isEnabled()
    assert not scoring.cap_error.isVisible()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = user_bank_dir() / "flask-developer.yaml"
    assert editor.doc.path == saved
    after = saved.read_text(encoding="utf-8")
    assert comments(after) == comments(before)  # every comment kept, the scale's and the scoring's too
    assert "# Rating scale: points must run 1..N in order." in after and "# Scoring rules, shown on" in after
    assert after.endswith("scoring:\n  weights:\n    questions: 2\n    uc-rest-apis: 1.5\n  cap: 3\n")
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    # Senior moved from the 4th place of the list to the 5th: its meaning is written again (same text, as
    # the reload below shows; folded at the file's width, so its two lines may wrap elsewhere)
    moved = [line for line in removed if line.startswith("        ") and line.strip() in senior_meaning]
    assert len(moved) <= 2
    assert [line for line in removed if line not in moved] == [
        'version: "1.1.0"', "      label: Developing", "  not_assessed: Not assessed",
        "    prompt: How do you structure a large Flask app?", "  cap: 2"]
    assert "      meaning: >-\n        Matches the senior anchor" in after  # folded, as the file writes long texts
    assert "    - value: 4\n      label: Advanced\n" in after
    assert "    - value: 5\n      label: Senior\n" in after
    editor.close()
    window.close()
    real_ws.close()

    fresh = open_workspace(db)  # the bank loader, restarted
    try:
        kit = fresh.kits["flask-developer"]
        assert [(p.value, p.label) for p in kit.scale.points] == [
            (1, "Junior"), (2, "Emerging"), (3, "Proficient"), (4, "Advanced"), (5, "Senior")]
        assert kit.scale.points[3].meaning == "Explains the trade-offs unprompted, in part."
        assert kit.scale.points[4].meaning == senior_meaning
        assert [q.anchors.senior for q in kit.questions] == senior
        assert kit.scale.maximum == 5 and kit.scale.not_assessed == "Not asked"
        assert kit.scoring.cap == 3 and kit.scoring.weights == {"questions": 2, "uc-rest-apis": 1.5}
    finally:
        fresh.close()


def test_remove_a_point_clear_the_anchor_it_leaves_and_the_weights(qtbot, real_ws):
    _window, editor = open_editor(qtbot, real_ws, "backend-developer")
    before = real_ws.sources["backend-developer"].read_text(encoding="utf-8")
    scoring_block = before[before.index("scoring:\n"):]
    scale = editor.sections["scale"]
    editor.tabs.setCurrentWidget(scale)
    anchors = [copy.deepcopy(q["anchors"]) for q in editor.data["questions"]]
    scale.list.setCurrentRow(3)  # 4 Advanced
    assert scale.anchors_notice.isHidden()
    click(qtbot, scale, "removeItem")
    assert not scale.anchors_notice.isHidden()  # the window says the anchors moved with their points
    assert [(p["value"], p["label"]) for p in editor.data["scale"]["points"]] == [
        (1, "Novice"), (2, "Developing"), (3, "Proficient"), (4, "Expert")]
    # Advanced's anchors went with it; Expert's (the senior anchor) stay Expert's, now point 4
    for old, question in zip(anchors, editor.data["questions"], strict=True):
        assert question["anchors"]["senior"] == old["senior"] and question["anchors"]["junior"] == old["junior"]
        assert question["anchors"].get("points", {}) == {v: t for v, t in old.get("points", {}).items() if v < 4}
    assert not any(" error: " in line for line in issues(editor)) and editor.save_button.isEnabled()

    # moving a point moves its anchors too, and moving it back restores them
    after_removal = [copy.deepcopy(q["anchors"]) for q in editor.data["questions"]]
    scale.list.setCurrentRow(3)
    qtbot.mouseClick(scale.findChild(QPushButton, "moveUp"), Qt.MouseButton.LeftButton)
    assert [(p["value"], p["label"]) for p in editor.data["scale"]["points"]][2:] == [(3, "Expert"),
                                                                                     (4, "Proficient")]
    first = editor.data["questions"][0]["anchors"]
    assert first["points"][3] == after_removal[0]["senior"] and first["senior"] == after_removal[0]["points"][3]
    qtbot.mouseClick(scale.findChild(QPushButton, "moveDown"), Qt.MouseButton.LeftButton)
    assert list(editor.data["scale"]["points"][3]) == ["value", "label", "meaning"]
    assert [q["anchors"] for q in editor.data["questions"]] == after_removal

    # an anchor off the scale (a file edited by hand) gets a field of its own, to be cleared
    editor.data["questions"][0]["anchors"].setdefault("points", {})[4] = "Left over."
    editor._scale_resized(4)
    questions = editor.sections["questions"]
    questions.list.setCurrentRow(0)
    off = ("anchors", "points", 4)
    assert questions.form.layout().labelForField(questions.form.widgets[off]).text() == \
        "Left-over anchor 4\n(not a middle point of the 1..4 scale:\nclear it)"
    editor.check()
    assert any("anchors.points may only hold the middle points" in line for line in issues(editor))
    retype(qtbot, questions.form.widgets[off], "")
    assert not any(" error: " in line for line in issues(editor))

    assert editor.save()  # the scoring block is untouched: saved byte for byte
    after = editor.doc.path.read_text(encoding="utf-8")
    assert after[after.index("scoring:\n"):] == scoring_block
    assert comments(after) == comments(before)

    scoring = editor.sections["scoring"]
    editor.tabs.setCurrentWidget(scoring)
    for section in ("questions", "uc-public-api", "uc-production-ops"):
        retype(qtbot, scoring.weights[section], "")
    assert editor.data["scoring"] == {"cap": 2}  # every weight removed: no `weights`
    retype(qtbot, scoring.cap, "")
    assert "scoring" not in editor.data
    retype(qtbot, scoring.cap, "2")
    assert editor.save()
    text = editor.doc.path.read_text(encoding="utf-8")
    assert "\n  weights:" not in text and text.endswith("scoring:\n  cap: 2\n")
    assert real_ws.kits["backend-developer"].scoring.weights == {}
    assert real_ws.kits["backend-developer"].scale.maximum == 4


def test_a_weight_for_a_removed_use_case_is_shown_to_clear(qtbot, real_ws):
    _window, editor = open_editor(qtbot, real_ws, "backend-developer")
    cases = editor.sections["use_cases"]
    editor.tabs.setCurrentWidget(cases)
    row = [c["id"] for c in editor.data["use_cases"]].index("uc-public-api")
    cases.list.setCurrentRow(row)
    click(qtbot, cases, "removeItem")
    assert "scoring › weights › uc-public-api: error: weight for 'uc-public-api', which is not a section" in \
        " ".join(issues(editor))
    scoring = editor.sections["scoring"]
    editor.tabs.setCurrentWidget(scoring)
    edit = scoring.weights["uc-public-api"]
    assert "border" in edit.styleSheet() and scoring.weights_error.isVisible()
    retype(qtbot, edit, "")
    assert not any(" error: " in line for line in issues(editor))
    assert "uc-public-api" not in scoring.weights and not scoring.weights_error.isVisible()
    assert editor.data["scoring"]["weights"] == {"questions": 2, "uc-production-ops": 1}

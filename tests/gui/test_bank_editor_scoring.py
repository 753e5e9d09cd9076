"""The bank editor's "Rating scale" and "Scoring" tabs, through the window:
rename a point and the not-assessed label, add a point (the question forms
get one more anchor field and keep what was typed), set a cap and weights,
see a cap off the scale as an error, save, restart the bank loader and find
the kit changed and the file's comments kept; remove a point and clear the
anchor it leaves off the scale; an untouched scoring block is saved byte
for byte, and removing every weight removes ``weights``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from assessor.services import open_workspace, user_bank_dir
from tests.gui.conftest import show_window
from tests.gui.test_bank_editor import issues, retype, select_role

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
    window = show_window(qtbot, real_ws)
    editor = window.show_bank_editor()
    select_role(editor, "flask-developer")
    before = real_ws.sources["flask-developer"].read_text(encoding="utf-8")
    questions = editor.sections["questions"]
    questions.list.setCurrentRow(1)
    retype(qtbot, questions.form.widgets[("prompt",)], "How do you structure a large Flask application?")
    assert anchor_labels(questions.form) == ["Anchor 1 (junior)", "Anchor 2 (optional)", "Anchor 3 (optional)",
                                             "Anchor 4 (senior)"]

    scale = editor.sections["scale"]
    editor.tabs.setCurrentWidget(scale)
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "Rating scale"
    assert [scale.list.item(i).text() for i in range(scale.list.count())] == [
        "1  Junior", "2  Developing", "3  Proficient", "4  Senior"]
    scale.list.setCurrentRow(1)
    retype(qtbot, scale.form.widgets[("label",)], "Emerging")
    assert scale.list.item(1).text() == "2  Emerging"
    scale.list.setCurrentRow(3)
    click(qtbot, scale, "addItem")  # a fifth point after the top one
    assert [p["value"] for p in editor.data["scale"]["points"]] == [1, 2, 3, 4, 5]
    retype(qtbot, scale.form.widgets[("label",)], "Expert")
    retype(qtbot, scale.form.widgets[("meaning",)], "Sets the standard others follow, and teaches it.")
    assert scale.list.item(4).text() == "5  Expert"
    retype(qtbot, scale.not_assessed, "Not asked")

    questions = editor.sections["questions"]  # rebuilt for the 5-point scale, on the same data
    labels = anchor_labels(questions.form)
    assert labels == ["Anchor 1 (junior)", "Anchor 2 (optional)", "Anchor 3 (optional)", "Anchor 4 (optional)",
                      "Anchor 5 (senior)"]
    assert ("anchors", "points", 4) in questions.form.widgets
    assert questions.list.currentRow() == 1  # the same question, with what was typed
    assert questions.form.widgets[("prompt",)].toPlainText() == "How do you structure a large Flask application?"
    assert editor.tabs.currentWidget() is scale

    scoring = editor.sections["scoring"]
    editor.tabs.setCurrentWidget(scoring)
    assert scoring.cap.text() == "2"
    assert list(scoring.weights) == ["questions", "uc-rest-apis", "uc-microservices", "uc-full-stack"]
    assert "5 Expert" in scoring.scale_hint.text()
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
    assert removed == ['version: "1.1.0"', "      label: Developing", "  not_assessed: Not assessed",
                       "    prompt: How do you structure a large Flask app?", "  cap: 2"]
    assert "    - value: 5\n      label: Expert\n      meaning: Sets the standard others follow" in after
    editor.close()
    window.close()
    real_ws.close()

    fresh = open_workspace(db)  # the bank loader, restarted
    try:
        kit = fresh.kits["flask-developer"]
        assert [(p.value, p.label) for p in kit.scale.points] == [
            (1, "Junior"), (2, "Emerging"), (3, "Proficient"), (4, "Senior"), (5, "Expert")]
        assert kit.scale.points[4].meaning == "Sets the standard others follow, and teaches it."
        assert kit.scale.maximum == 5 and kit.scale.not_assessed == "Not asked"
        assert kit.scoring.cap == 3 and kit.scoring.weights == {"questions": 2, "uc-rest-apis": 1.5}
    finally:
        fresh.close()


def test_remove_a_point_clear_the_anchor_it_leaves_and_the_weights(qtbot, real_ws):
    window = show_window(qtbot, real_ws)
    editor = window.show_bank_editor()
    select_role(editor, "backend-developer")
    before = real_ws.sources["backend-developer"].read_text(encoding="utf-8")
    scoring_block = before[before.index("scoring:\n"):]
    scale = editor.sections["scale"]
    editor.tabs.setCurrentWidget(scale)
    scale.list.setCurrentRow(3)  # 4 Advanced
    assert scale.anchors_notice.isHidden()
    click(qtbot, scale, "removeItem")
    assert not scale.anchors_notice.isHidden()  # the anchors stay with the numbers: the window says so
    assert [(p["value"], p["label"]) for p in editor.data["scale"]["points"]] == [
        (1, "Novice"), (2, "Developing"), (3, "Proficient"), (4, "Expert")]
    errors = [line for line in issues(editor) if " error: " in line]
    assert errors and all("anchors.points may only hold the middle points" in e for e in errors)
    assert not editor.save_button.isEnabled()

    # each question anchoring point 4 shows it, off the scale, to be cleared
    questions = editor.sections["questions"]
    off = ("anchors", "points", 4)
    assert questions.form.layout().labelForField(questions.form.widgets[off]).text() == \
        "Left-over anchor 4\n(not a middle point of the 1..4 scale:\nclear it)"
    rows = sorted({int(e.split(" › ")[1]) - 1 for e in errors if e.startswith("questions › ")})
    for row in rows:
        questions.list.setCurrentRow(row)
        retype(qtbot, questions.form.widgets[off], "")
    for row in sorted({int(e.split(" › ")[1]) - 1 for e in errors if e.startswith("use_cases › ")}):
        cases = editor.sections["use_cases"]
        cases.list.setCurrentRow(row)
        retype(qtbot, cases.form.widgets[("focus",) + off], "")
    assert not any(" error: " in line for line in issues(editor))

    # moving a point keeps the values in order
    scale.list.setCurrentRow(3)
    qtbot.mouseClick(scale.findChild(QPushButton, "moveUp"), Qt.MouseButton.LeftButton)
    assert [(p["value"], p["label"]) for p in editor.data["scale"]["points"]][2:] == [(3, "Expert"),
                                                                                     (4, "Proficient")]
    qtbot.mouseClick(scale.findChild(QPushButton, "moveDown"), Qt.MouseButton.LeftButton)
    assert list(editor.data["scale"]["points"][3]) == ["value", "label", "meaning"]

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
    window = show_window(qtbot, real_ws)
    editor = window.show_bank_editor()
    select_role(editor, "backend-developer")
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

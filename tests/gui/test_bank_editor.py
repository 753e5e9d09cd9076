"""The bank editor in the window: edit a question and its anchors, see
errors as you type, save, restart the bank loader and interview with the
edited question; reorder, add and remove with keys; duplicate, import and
export; the notice of a draft whose bank changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit

from assessor.gui.widgets import RatingWidget
from assessor.services import (
    add_candidate, load_assessment, open_interview, open_role, open_workspace, save_role, user_bank_dir,
)
from tests.gui.conftest import activate, answer_modal, show_window

pytestmark = pytest.mark.gui

PROMPT = "Explain Flask's philosophy, and what a micro framework leaves to you"


@pytest.fixture
def real_ws(db):
    ws = open_workspace(db)
    yield ws
    ws.close()


def open_editor(qtbot, ws, role_id: str):
    """The main window on ``ws`` and its bank editor, showing ``role_id``."""
    window = show_window(qtbot, ws)
    editor = window.show_bank_editor()
    select_role(editor, role_id)
    return window, editor


def select_role(editor, role_id: str) -> None:
    for row in range(editor.roles.count()):
        if editor.roles.item(row).data(Qt.ItemDataRole.UserRole) == role_id:
            editor.roles.setCurrentRow(row)
    assert editor.doc.role_id == role_id


def retype(qtbot, edit: QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def issues(editor) -> list[str]:
    editor.check()  # what the debounce timer does 150 ms after the last key
    return [editor.issue_list.item(i).text() for i in range(editor.issue_list.count())]


def test_edit_a_question_save_restart_and_interview_with_it(qtbot, real_ws, db):
    window, editor = open_editor(qtbot, real_ws, "flask-developer")
    assert "question_bank/flask-developer.yaml" in editor.source.text()
    questions = editor.sections["questions"]
    editor.tabs.setCurrentWidget(questions)
    questions.list.setCurrentRow(0)
    form = questions.form
    prompt = form.widgets[("prompt",)]

    retype(qtbot, prompt, "")
    error = "questions › 1 › prompt: error: 'prompt' must not be empty"
    qtbot.waitUntil(lambda: editor.issue_list.count() and editor.issue_list.item(0).text() == error)  # as you type
    assert questions.list.item(0).foreground().color().name() == "#b91c1c"
    assert not editor.save_button.isEnabled() and "error" in editor.status.text()
    qtbot.keyClicks(prompt, PROMPT)
    retype(qtbot, form.widgets[("anchors", "points", 2)], "Names the idea of a small core without examples")
    assert any("anchors describe some middle points but not 3" in line for line in issues(editor))
    retype(qtbot, form.widgets[("anchors", "points", 3)], "Explains the small core and names extensions")
    retype(qtbot, form.widgets[("anchors", "senior")], "Explains the micro core, its freedom and the extensions")
    assert issues(editor) == [] and editor.save_button.isEnabled()
    assert questions.list.item(0).text() == PROMPT

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = user_bank_dir() / "flask-developer.yaml"
    assert editor.doc.path == saved and "1.1.1" in editor.status.text()
    text = saved.read_text(encoding="utf-8")
    assert f"    prompt: {PROMPT}\n" in text and "# Flask Developer interview kit" in text
    editor.close()
    window.close()
    real_ws.close()

    fresh = open_workspace(db)  # the bank loader, restarted
    try:
        kit = fresh.kits["flask-developer"]
        assert (kit.version, kit.questions[0].prompt) == ("1.1.1", PROMPT)
        assert fresh.sources["flask-developer"] == saved
        candidate = add_candidate(fresh, "Ana Lima", "", "flask-developer")
        window = show_window(qtbot, fresh)
        window.candidates.refresh(select_id=candidate.id)
        window.open_candidate(candidate.id)
        view = window.view
        view.go_to([s.key for s in view.steps].index("q-flask-philosophy"))
        page = view.page
        assert page.findChild(QLabel, "prompt").text() == PROMPT
        anchors = [label.text() for label in page.findChildren(QLabel) if label.objectName().startswith("anchor")
                   and label.objectName().endswith("Text")]
        assert anchors == ['"It\'s a web framework"', "Names the idea of a small core without examples",
                           "Explains the small core and names extensions",
                           "Explains the micro core, its freedom and the extensions"]
        probes = [label.text() for label in page.findChildren(QLabel, "probe")]
        assert probes[0].startswith("•  What does Flask leave out")
        qtbot.keyClick(view.scroll, Qt.Key.Key_3)
        assert page.findChild(RatingWidget).value() == 3
        assessment = load_assessment(fresh, view.interview.assessment.id)
        assert assessment.response("q-flask-philosophy").rating == 3
        assert assessment.kit.questions[0].prompt == PROMPT
        window.close()
    finally:
        fresh.close()


def test_reorder_add_and_remove_with_keys_then_save_only_those_lines(qtbot, real_ws):
    _window, editor = open_editor(qtbot, real_ws, "backend-developer")
    section = editor.sections["glossary"]
    editor.tabs.setCurrentWidget(section)
    activate(qtbot, editor)  # shortcuts need the active window
    section.list.setFocus()
    section.list.setCurrentRow(0)
    qtbot.keyClick(section.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # move the first term down
    assert [t["term"] for t in editor.data["glossary"]][:2] == ["N+1 query", "Idempotency"]
    qtbot.keyClick(section.list, Qt.Key.Key_Insert)  # a new term after the selected one
    assert editor.data["glossary"][2] == {"term": "New term", "meaning": "What it means"}
    qtbot.keyClick(section.list, Qt.Key.Key_Delete)  # and remove it again
    # a drop moves the list's rows (QListWidget's internal move); the data follows
    section.list.model().moveRows(QModelIndex(), 4, 1, QModelIndex(), 2)
    qtbot.waitUntil(lambda: section.list.item(2).text() == "Rate limiting")
    assert [t["term"] for t in editor.data["glossary"]][2:] == ["Rate limiting", "Isolation level", "Observability"]
    section.list.model().moveRows(QModelIndex(), 2, 1, QModelIndex(), 5)
    qtbot.waitUntil(lambda: section.list.item(4).text() == "Rate limiting")
    tips = editor.sections["tips"]
    tips.list.setCurrentRow(1)
    qtbot.mouseClick(tips.findChild(type(editor.save_button), "addItem"), Qt.MouseButton.LeftButton)
    assert editor.data["tips"][2]["id"] == "tip-new-1"
    assert issues(editor) == []
    before = real_ws.sources["backend-developer"].read_text(encoding="utf-8")
    assert editor.save()
    after = editor.doc.path.read_text(encoding="utf-8")
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == ['version: "1.0.0"']  # the terms moved, nothing else changed
    assert "  - id: tip-new-1\n    mistake: New mistake\n" in after
    assert [t.term for t in real_ws.kits["backend-developer"].glossary][:2] == ["N+1 query", "Idempotency"]


def test_duplicate_import_and_export_a_role(qtbot, real_ws, tmp_path, monkeypatch):
    _window, editor = open_editor(qtbot, real_ws, "backend-developer")
    answers = iter([("platform-engineer", True), ("Platform Engineer", True)])
    monkeypatch.setattr("assessor.gui.bank_editor.QInputDialog.getText", lambda *a, **k: next(answers))
    editor.duplicate()
    assert editor.doc.role_id == "platform-engineer"
    assert real_ws.kits["platform-engineer"].title == "Platform Engineer"
    out = tmp_path / "platform.yaml"
    monkeypatch.setattr("assessor.gui.bank_editor.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    editor.export()
    assert out.read_bytes() == (user_bank_dir() / "platform-engineer.yaml").read_bytes()
    shared = tmp_path / "shared.yaml"
    shared.write_text(out.read_text(encoding="utf-8").replace("role_id: platform-engineer", "role_id: sre")
                      .replace("title: Platform Engineer", "title: SRE"), encoding="utf-8")
    editor.import_file(str(shared))
    assert real_ws.kits["sre"].title == "SRE" and (user_bank_dir() / "sre.yaml").is_file()
    titles = [editor.roles.item(i).text() for i in range(editor.roles.count())]
    assert any(t.startswith("SRE") for t in titles) and any(t.startswith("Platform Engineer") for t in titles)


def test_a_bank_that_fails_is_listed_and_hides_nothing(qtbot, db, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESSOR_BANK_PATH", str(tmp_path / "team"))
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "broken.yaml").write_text("role_id: broken\ntitle: [\n", encoding="utf-8")
    ws = open_workspace(db)
    try:
        window = show_window(qtbot, ws)
        assert "1 question bank(s) failed to load" in window.statusBar().currentMessage()
        editor = window.show_bank_editor()
        assert editor.roles.count() == 3  # the built-in roles
        assert editor.failed.isVisible() and "broken.yaml" in editor.failed.text()
        assert "invalid YAML" in editor.failed.text()
    finally:
        ws.close()


def test_a_draft_whose_bank_changed_can_move_to_the_new_version(qtbot, real_ws):
    candidate = add_candidate(real_ws, "Ana Lima", "", "flask-developer")
    interview = open_interview(real_ws, candidate.id, "Ivo Interviewer")
    interview.rate("q-flask-philosophy", 4)
    doc = open_role(real_ws, "flask-developer")
    data = doc.data
    data["title"] = "Flask Developer (2026)"
    save_role(real_ws, doc, data)

    window = show_window(qtbot, real_ws)
    window.candidates.refresh(select_id=candidate.id)
    seen: list[str] = []

    def use_new(box: QMessageBox) -> None:
        seen.append(box.text())
        box.findChild(type(box.defaultButton()), "useNewBank").click()

    answer_modal(use_new)
    window.open_candidate(candidate.id)
    activate(qtbot, window)
    assert "version 1.1.0 → 1.1.1" in seen[0]
    moved = window.view.interview.assessment
    assert moved.kit.title == "Flask Developer (2026)" and moved.id != interview.assessment.id
    assert moved.response("q-flask-philosophy").rating == 4
    window.back_to_list()
    window.open_candidate(candidate.id)  # asked once: no second notice
    assert window.view.interview.assessment.id == moved.id

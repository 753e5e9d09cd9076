"""The resume at hand (issue 17, item 5), through the window: attached in
the New candidate dialog or later (Candidates ▸ Attach resume…), shown
beside the green and yellow flags with search and pages, a page cited into
a flag's evidence and saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox, QPushButton

from assessor.domain import StepKind
from assessor.gui.dialogs import NewCandidateDialog
from assessor.services import add_candidate, load_assessment
from assessor.services.resume import attach_resume, get_resume
from tests.gui.conftest import answer_modal, finish, show_window
from tests.resumes import write_pdf

pytestmark = pytest.mark.gui


def _choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def _open_at_flags(qtbot, window, candidate_id: int, which: int = 0):
    window.candidates.refresh(select_id=candidate_id)
    window.open_candidate(candidate_id)
    view = window.view
    flags = [i for i, s in enumerate(view.steps) if s.kind is StepKind.FLAGS]
    view.go_to(flags[which])
    return view


def test_new_candidate_dialog_attaches_the_resume(qtbot, small_ws, tmp_path, monkeypatch):
    pdf = write_pdf(tmp_path / "Ana Costa CV.pdf", "Ana Costa", "Kubernetes")
    dialog = NewCandidateDialog(small_ws)
    qtbot.addWidget(dialog)
    _choose(monkeypatch, pdf)
    qtbot.mouseClick(dialog.findChild(QPushButton, "resumeButton"), Qt.MouseButton.LeftButton)
    assert dialog.resume_label.text() == "Ana Costa CV.pdf"
    dialog.name_edit.setText("Ana Costa")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() and get_resume(small_ws, dialog.candidate.id).data == pdf.read_bytes()


def test_new_candidate_dialog_refuses_a_bad_resume_inline(qtbot, small_ws, tmp_path, monkeypatch):
    bad = tmp_path / "cv.bin"
    bad.write_bytes(b"\xff\xfe\x00" * 20)
    dialog = NewCandidateDialog(small_ws)
    qtbot.addWidget(dialog)
    _choose(monkeypatch, bad)
    dialog.choose_resume()
    dialog.name_edit.setText("Ana Costa")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.candidate is None and not dialog.error.isHidden()
    assert "neither a PDF nor UTF-8 text" in dialog.error.text()
    assert small_ws.store.candidates() == []


def test_flags_page_shows_the_pdf_search_finds_a_word_and_cite_saves_the_page(qtbot, small_ws, tmp_path):
    cand = add_candidate(small_ws, "Ana Costa", "", "test-role")
    attach_resume(small_ws, cand.id, write_pdf(tmp_path / "cv.pdf", "Ana Costa, Flask developer",
                                               "Kubernetes and Blueprints", "References"))
    window = show_window(qtbot, small_ws)
    view = _open_at_flags(qtbot, window, cand.id)
    panel = view.resume_panel
    assert panel.isVisible() and panel.page_count() == 3 and panel.pages.text() == "of 3"
    assert "cv.pdf" in panel.title.text()
    # arriving at the step puts focus on the first flag, never in the panel
    focus = QApplication.focusWidget()
    assert focus is view.page.first_input() and not panel.isAncestorOf(focus)
    assert panel.find("kubernetes") == 1 and panel.matches == [1]
    assert panel.current_page() == 1 and panel.found.text() == "1/1 found" and panel.page.value() == 2
    assert panel.find("nowhere in it") == 0 and panel.found.text() == "Not found"
    panel.go_to(1)
    evidence = view.page.findChild(QLineEdit, "evidence-g1")
    qtbot.mouseClick(view.page.findChild(QPushButton, "cite-g1"), Qt.MouseButton.LeftButton)
    assert evidence.text() == "p. 2"
    evidence.end(False)
    qtbot.keyClicks(evidence, " lists Kubernetes")
    panel.go_to(2)
    qtbot.keyClick(evidence, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert evidence.text() == "p. 2 lists Kubernetes p. 3"
    view.flush()
    assessment = load_assessment(small_ws, view.interview.assessment.id)
    assert assessment.response("g1").notes == "p. 2 lists Kubernetes p. 3"
    # the yellow flags have it too; a question does not
    view.go_to([i for i, s in enumerate(view.steps) if s.kind is StepKind.FLAGS][1])
    assert panel.isVisible() and view.page.findChild(QPushButton, "cite-y1") is not None
    view.go_to([s.kind for s in view.steps].index(StepKind.QUESTION))
    assert not panel.isVisible()


def test_a_text_resume_is_searchable_and_has_no_cite_button(qtbot, small_ws, tmp_path):
    cand = add_candidate(small_ws, "Ana Costa", "", "test-role")
    cv = tmp_path / "cv.md"
    cv.write_text("# Ana Costa\n\nFlask since 2016.\n\nKubernetes at work.\n", encoding="utf-8")
    attach_resume(small_ws, cand.id, cv)
    window = show_window(qtbot, small_ws)
    view = _open_at_flags(qtbot, window, cand.id)
    panel = view.resume_panel
    assert panel.isVisible() and panel.text.isVisible() and panel.text.isReadOnly()
    assert "Flask since 2016." in panel.text.toPlainText()
    assert panel.find("kubernetes") == 1 and panel.text.textCursor().selectedText() == "Kubernetes"
    assert view.page.findChild(QPushButton, "cite-g1") is None


def test_without_a_resume_the_flags_page_is_as_before(qtbot, small_ws):
    cand = add_candidate(small_ws, "Bo Berg", "", "test-role")
    window = show_window(qtbot, small_ws)
    view = _open_at_flags(qtbot, window, cand.id)
    assert not view.resume_panel.isVisible() and view.page.findChild(QPushButton, "cite-g1") is None


def test_candidates_menu_attaches_and_replaces_a_resume(qtbot, small_ws, tmp_path, monkeypatch):
    cand = add_candidate(small_ws, "Ana Costa", "", "test-role")
    window = show_window(qtbot, small_ws)
    window.candidates.refresh(select_id=cand.id)
    actions = window.resume_actions
    assert actions.act_attach in window.menus["&Candidates"].actions() and actions.act_attach.isEnabled()
    first = write_pdf(tmp_path / "first.pdf", "one")
    _choose(monkeypatch, first)
    actions.act_attach.trigger()
    assert get_resume(small_ws, cand.id).data == first.read_bytes()
    assert "first.pdf" in window.statusBar().currentMessage()
    second = write_pdf(tmp_path / "second.pdf", "one", "two")
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert actions.attach(second)
    assert get_resume(small_ws, cand.id).data == second.read_bytes()
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert actions.remove() and get_resume(small_ws, cand.id) is None
    window.open_candidate(cand.id)
    assert not actions.act_attach.isEnabled()  # not while interviewing


def test_erasing_from_the_window_removes_the_resume(qtbot, small_ws, tmp_path):
    from tests.gui.test_reliability_window import answer_named, click_button

    cand = add_candidate(small_ws, "Ana Costa", "", "test-role")
    attach_resume(small_ws, cand.id, write_pdf(tmp_path / "cv.pdf", "one"))
    window = show_window(qtbot, small_ws)
    window.candidates.refresh(select_id=cand.id)
    answer_named("privacyConfirm", lambda box: (click_button(box, "Erase"),
                                                answer_named("privacyResult", lambda b: b.accept())))
    report = finish(qtbot, window.data_menu.erase_selected())  # on the database worker
    assert report is not None and report.rows["resumes"] == 1
    assert small_ws.store.resume(cand.id) is None


def test_tab_reaches_the_resume_search_and_comes_back(qtbot, small_ws, tmp_path):
    cand = add_candidate(small_ws, "Ana Costa", "", "test-role")
    attach_resume(small_ws, cand.id, write_pdf(tmp_path / "cv.pdf", "one", "two"))
    window = show_window(qtbot, small_ws)
    view = _open_at_flags(qtbot, window, cand.id)
    seen = []
    for _ in range(60):  # bounded by count: the whole window's Tab chain is shorter
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    assert "resumeSearch" in seen and "evidence-g1" in seen
    cycle = seen[seen.index("evidence-g2"):]  # reading order: the flags, then the resume beside them, then Next
    assert cycle.index("resumeSearch") < cycle.index("resumePage") < cycle.index("nextButton")
    assert "resumeView" not in seen  # the PDF itself takes focus by a click only


@pytest.mark.parametrize("kind", ["pdf", "text"])
def test_every_resume_control_has_an_accessible_name(qtbot, small_ws, tmp_path, kind):
    from tests.gui.test_accessibility import unnamed

    cand = add_candidate(small_ws, "Ana Costa", "", "test-role")
    if kind == "pdf":
        cv = write_pdf(tmp_path / "cv.pdf", "one", "two")
    else:
        cv = tmp_path / "cv.txt"
        cv.write_text("Ana Costa, Flask", encoding="utf-8")
    attach_resume(small_ws, cand.id, cv)
    window = show_window(qtbot, small_ws)
    for which in (0, 1):
        view = _open_at_flags(qtbot, window, cand.id, which)
        assert view.resume_panel.isVisible() and unnamed(view) == []
    dialog = NewCandidateDialog(small_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []

"""The window's side of reliability and personal data: a refused save shows
a message, keeps what was entered and saves it once the fault clears; the
damaged-database offer at start; Preferences; the audit trail; erase and
anonymize; the retention offer; hostile names on screen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from assessor.domain import Recommendation
from assessor.gui import recovery
from assessor.gui.widgets import RatingWidget
from assessor.services import (
    DamagedWorkspaceError, Preferences, add_candidate, load_preferences, open_interview, open_workspace,
)
from assessor.store import engine as store_engine
from tests.gui.conftest import answer_modal, finish, show_window, type_text
from tests.kits import small_kit
from tests.reliability import faults
from tests.reliability.hostile import inputs

pytestmark = pytest.mark.gui
KIT = small_kit()


def workspace(db: Path, **prefs):
    return open_workspace(str(db), kits={KIT.role_id: KIT}, prefs=Preferences(**prefs))


def stored(db: Path, item: str) -> tuple | None:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT rating, notes FROM responses WHERE item_id = ?", (item,)).fetchone()
    finally:
        con.close()


def open_q1(qtbot, window, candidate_id: int):
    window.candidates.refresh(select_id=candidate_id)
    window.open_candidate(candidate_id)
    view = window.view
    view.go_to([s.key for s in view.steps].index("q1"))
    return view


@pytest.mark.parametrize("fault", ["locked", "missing"])
def test_a_refused_save_is_shown_kept_and_saved_when_the_fault_clears(qtbot, tmp_path, monkeypatch, fault):
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr("assessor.gui.save_guard.RETRY_MS", 200)
    folder = tmp_path / "data"
    db = folder / "db.sqlite3"
    ws = workspace(db)
    cand = add_candidate(ws, "Window Fault", "", KIT.role_id)
    window = show_window(qtbot, ws)
    view = open_q1(qtbot, window, cand.id)
    guard = window.save_guard

    if fault == "locked":
        holder = faults.locked_by_another_process(db)
        holder.__enter__()
        clear = lambda: holder.__exit__(None, None, None)  # noqa: E731
    else:
        folder.rename(tmp_path / "unplugged")
        clear = lambda: (tmp_path / "unplugged").rename(folder)  # noqa: E731
    try:
        view.page.findChild(RatingWidget).buttons[3].click()
        assert guard.banner.isVisible()
        expected = "locked by another program" if fault == "locked" else "data folder"
        assert expected in guard.label.text() and "kept" in guard.label.text()
        assert not window.save_label.text().startswith("✓")
        notes = view.page.findChild(QPlainTextEdit, "notes")
        notes.setFocus()
        type_text(qtbot, notes, "typed during the fault")
        view.flush()
        assert view.page.findChild(RatingWidget).value() == 3  # the screen keeps it
        assert view.interview.assessment.response("q1").notes == "typed during the fault"
    finally:
        clear()
    qtbot.waitUntil(lambda: not guard.banner.isVisible(), timeout=5000)
    assert "Saved" in window.save_label.text()
    assert stored(db, "q1") == (3, "typed during the fault")
    window.close()


def test_closing_with_unsaved_changes_asks_first(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    cand = add_candidate(ws, "Close Me", "", KIT.role_id)
    window = show_window(qtbot, ws)
    view = open_q1(qtbot, window, cand.id)
    with faults.locked_by_another_process(db):
        view.page.findChild(RatingWidget).buttons[2].click()
        assert window.save_guard.failing
        answer_modal(lambda box: next(b for b in box.buttons() if b.text() == "Stay and retry").click())
        assert window.close() is False and window.isVisible()
        answer_modal(lambda box: next(b for b in box.buttons() if "lose them" in b.text()).click())
        window.back_to_list()  # leaving: the same question; here the user chose to lose the change
    assert window.stack.currentWidget() is window.candidates


def test_a_damaged_database_at_start_offers_the_backup(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db, backups_keep=3)
    add_candidate(ws, "Kept Safe", "", KIT.role_id)
    ws.close()
    workspace(db, backups_keep=3).close()  # a start-up backup holding the candidate
    data = bytearray(db.read_bytes())
    data[:100] = b"\xff" * 100
    db.write_bytes(bytes(data))
    monkeypatch.setattr(recovery, "open_workspace", lambda d: open_workspace(d, kits={KIT.role_id: KIT},
                                                                             prefs=Preferences()))
    asked = []

    def choose(error: DamagedWorkspaceError, parent=None) -> str:
        asked.append(error)
        return "restore"

    monkeypatch.setattr(recovery, "ask_damaged", choose)
    ws = recovery.open_or_recover(str(db))
    assert asked and asked[0].set_aside.exists() and asked[0].backup is not None
    assert [r.candidate.name for r in ws.store.candidates()] == ["Kept Safe"]
    ws.close()


def test_preferences_dialog_saves_and_applies(qtbot, window, small_ws, tmp_path):
    def fill(dialog) -> None:
        dialog.backups.setValue(4)
        dialog.retention.setValue(400)
        dialog.accept()

    answer_modal(fill)
    window.data_menu.show_preferences()
    assert small_ws.prefs.backups_keep == 4 and small_ws.store.backup_keep == 4
    assert load_preferences() == Preferences(backups_keep=4, retention_days=400)


def test_audit_trail_dialog_shows_and_exports(qtbot, window, small_ws, tmp_path):
    cand = add_candidate(small_ws, "Audited", "", KIT.role_id)
    interview = open_interview(small_ws, cand.id, "Ivo")
    interview.rate("q1", 1)
    interview.rate("q1", 4)
    interview.set_recommendation(Recommendation.YES)
    window.interviewer = "Ivo"  # his own draft's trail (no one else sees a draft's entries)
    window.candidates.refresh(select_id=cand.id)
    dialog = window.data_menu.show_audit()
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    labels = {p.value: p.label for p in KIT.scale.points}
    assert rows[0][4:] == ["Overall recommendation", "—", "Yes"]  # in words; the CSV keeps the codes
    assert rows[1][3:] == [KIT.find_question("q1").prompt, "Rating", f"1 {labels[1]}", f"4 {labels[4]}"]
    assert all(r[1] == "Ivo" for r in rows)
    out = dialog.export(tmp_path / "audit.csv")
    assert out.read_text(encoding="utf-8").count("\n") == 4


def answer_named(name: str, handler, timeout_ms: int = 8000) -> None:
    """Call ``handler(box)`` once a modal dialog named ``name`` is open."""
    waited = 0

    def poll() -> None:
        nonlocal waited
        box = QApplication.activeModalWidget()
        if box is not None and box.isVisible() and box.objectName() == name:
            handler(box)
        elif waited < timeout_ms:
            waited += 20
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def click_button(box, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def test_erase_and_anonymize_from_the_window(qtbot, window, small_ws, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    small_ws.prefs = small_ws.prefs.model_copy(update={"export_folder": str(exports)})
    gone = add_candidate(small_ws, "To Erase", "", KIT.role_id)
    anon = add_candidate(small_ws, "To Anonymize", "", KIT.role_id)
    (exports / f"{gone.id:05d}-to-erase.pdf").write_bytes(b"%PDF-")
    open_interview(small_ws, gone.id, "Ivo").rate("q1", 2)
    open_interview(small_ws, anon.id, "Ivo").rate("q1", 3)
    seen = {}

    def result(box) -> None:
        seen["informative"], seen["details"] = box.informativeText(), box.detailedText()
        box.accept()

    window.candidates.refresh(select_id=gone.id)
    answer_named("privacyConfirm", lambda box: (click_button(box, "Erase"), answer_named("privacyResult", result)))
    report = finish(qtbot, window.data_menu.erase_selected())  # on the worker, under a progress dialog
    assert report is not None and report.rows["candidates"] == 1
    assert "Delete them yourself" in seen["informative"] and f"{gone.id:05d}-to-erase.pdf" in seen["details"]
    assert (exports / f"{gone.id:05d}-to-erase.pdf").exists()  # listed for the user, never deleted by us
    assert "To Erase" not in [r.candidate.name for r in small_ws.store.candidates()]

    window.candidates.refresh(select_id=anon.id)
    answer_named("privacyConfirm", lambda box: click_button(box, "Cancel"))
    assert window.data_menu.anonymize_selected() is None
    answer_named("privacyConfirm", lambda box: (click_button(box, "Anonymize"),
                                                answer_named("privacyResult", lambda b: b.accept())))
    assert finish(qtbot, window.data_menu.anonymize_selected()) is not None
    assert f"Anonymized candidate {anon.id}" in [r.candidate.name for r in small_ws.store.candidates()]


def test_retention_offer_anonymizes_when_accepted(qtbot, window, small_ws):
    old = add_candidate(small_ws, "Long Ago", "", KIT.role_id)
    small_ws.prefs = Preferences(retention_days=30)
    assert finish(qtbot, window.data_menu.offer_retention()) == []  # nobody is past 30 days yet
    assert window.data_menu.retention is None
    con = sqlite3.connect(small_ws.store.path)
    con.execute("UPDATE candidates SET created_at='2001-01-01' WHERE id=?", (old.id,))
    con.commit()
    con.close()
    answer_named("privacyConfirm", lambda box: click_button(box, "Anonymize"))
    finish(qtbot, window.data_menu.offer_retention())
    assert finish(qtbot, window.data_menu.retention) == [old.id]


def test_hostile_names_show_literally_in_the_list_and_header(qtbot, window, small_ws):
    texts = [t for n, t in inputs() if ":" not in n and n != "megabyte"]
    ids = [add_candidate(small_ws, t, t, KIT.role_id).id for t in texts if t.strip()]
    window.candidates.refresh(select_id=ids[0])
    shown = {window.candidates.model.rows[r].candidate.name for r in range(len(window.candidates.model.rows))}
    assert {t.strip() for t in texts} <= shown
    for cid, text in zip(ids, texts, strict=False):
        window.candidates.refresh(select_id=cid)
        window.open_candidate(cid)
        assert window.view.name_label.text() == text.strip()
        assert window.view.name_label.textFormat() == window.view.name_label.textFormat().PlainText
        window.back_to_list()
    assert isinstance(window.view.name_label, QLabel)


def test_team_bank_folder_set_in_preferences_loads_its_roles(qtbot, window, small_ws, tmp_path):
    from assessor.bank import builtin_bank_dir

    team = tmp_path / "team-banks"
    team.mkdir()
    text = (builtin_bank_dir() / "backend-developer.yaml").read_text(encoding="utf-8")
    text = text.replace("role_id: backend-developer", "role_id: team-backend", 1)
    (team / "team-backend.yaml").write_text(text, encoding="utf-8")

    def fill(dialog) -> None:
        dialog.folders.setPlainText(str(team))
        dialog.accept()

    answer_modal(fill)
    window.data_menu.show_preferences()
    assert load_preferences().bank_folders == [str(team)]
    assert "team-backend" in small_ws.kits
    assert small_ws.sources["team-backend"] == team / "team-backend.yaml"

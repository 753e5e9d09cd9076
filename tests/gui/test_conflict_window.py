"""Two Assessor instances on one SQLite file: the window never silently
overwrites the other's rating; it shows theirs vs yours and lets the user
keep theirs or write theirs over."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QLabel

from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, open_interview, open_workspace
from tests.gui.conftest import answer_modal, show_window
from tests.kits import small_kit

pytestmark = pytest.mark.gui
KIT = small_kit()


def stored(db: str, item: str) -> tuple | None:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT rating, notes, version FROM responses WHERE item_id = ?", (item,)).fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("choice", ["takeTheirsButton", "keepMineButton"])
def test_a_stale_rating_in_the_window_asks_theirs_or_mine(qtbot, tmp_path, choice):
    db = str(tmp_path / "db.sqlite3")
    ws_a = open_workspace(db, kits={KIT.role_id: KIT})
    ws_b = open_workspace(db, kits={KIT.role_id: KIT})
    try:
        cand = add_candidate(ws_a, "Shared Candidate", "", KIT.role_id)
        window = show_window(qtbot, ws_a)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        view = window.view
        view.go_to([s.key for s in view.steps].index("q1"))
        other = open_interview(ws_b, cand.id, window.interviewer)  # instance B, same interviewer and assessment
        assert other.assessment.id == view.interview.assessment.id
        other.rate("q1", 4)
        other.write_notes("q1", "B's notes")
        assert stored(db, "q1") == (4, "B's notes", 2)

        seen = {}

        def answer(dialog) -> None:
            seen["title"] = dialog.findChild(QLabel, "conflictMessage").text()
            seen["theirs"] = dialog.findChild(QLabel, "conflictTheirsRating").text()
            seen["yours"] = dialog.findChild(QLabel, "conflictYoursRating").text()
            seen["notes"] = dialog.findChild(QLabel, "conflictTheirsNotes").text()
            dialog.findChild(object, choice).click()

        answer_modal(answer)
        view.page.findChild(RatingWidget).buttons[1].click()  # instance A (stale) rates 1
        assert seen["title"].startswith("Someone else changed") and "while you were editing" in seen["title"]
        assert seen["theirs"].startswith("4") and seen["yours"].startswith("1") and seen["notes"] == "B's notes"
        if choice == "takeTheirsButton":
            assert view.page.findChild(RatingWidget).value() == 4
            assert view.interview.assessment.response("q1").notes == "B's notes"
            assert stored(db, "q1") == (4, "B's notes", 2)  # unchanged
        else:
            assert view.page.findChild(RatingWidget).value() == 1
            assert stored(db, "q1") == (1, "", 3)
        window.close()
    finally:
        ws_b.close()


def test_a_rating_kept_through_a_fault_asks_before_overwriting_the_other_window(qtbot, tmp_path, monkeypatch):
    from assessor.store import StoreError

    db = str(tmp_path / "db.sqlite3")
    ws_a = open_workspace(db, kits={KIT.role_id: KIT})
    ws_b = open_workspace(db, kits={KIT.role_id: KIT})
    try:
        cand = add_candidate(ws_a, "Fault Then Conflict", "", KIT.role_id)
        window = show_window(qtbot, ws_a)
        window.candidates.refresh(select_id=cand.id)
        window.open_candidate(cand.id)
        view = window.view
        view.go_to([s.key for s in view.steps].index("q1"))

        def refused(*args, **kwargs):
            raise StoreError("the database is locked", "locked")

        with monkeypatch.context() as m:  # instance A's writes are refused for a while
            for name in ("save_response", "save_batch", "update_assessment"):
                m.setattr(ws_a.store, name, refused)
            view.page.findChild(RatingWidget).buttons[1].click()  # A rates 1: kept in memory
            assert view.interview.unsaved
            open_interview(ws_b, cand.id, window.interviewer).rate("q1", 4)  # B saves 4 meanwhile
        seen = {}

        def answer(dialog) -> None:
            seen["theirs"] = dialog.findChild(QLabel, "conflictTheirsRating").text()
            dialog.findChild(object, "takeTheirsButton").click()

        answer_modal(answer)
        assert window.save_guard.retry()  # the fault cleared: A's kept rating meets B's
        assert seen["theirs"].startswith("4")
        assert stored(db, "q1")[0] == 4 and view.page.findChild(RatingWidget).value() == 4
        assert not view.interview.unsaved and view.interview.conflicts() == []
        window.close()
    finally:
        ws_b.close()

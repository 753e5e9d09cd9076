"""A scorecard whose stored kit snapshot no longer reads back: the window
says so in a message and keeps working, never "something went wrong"."""

from __future__ import annotations

import json

from sqlalchemy import text

from assessor.domain import Recommendation
from assessor.services import add_candidate, open_interview, open_workspace
from assessor.store.engine import make_engine, resolve_url
from tests.gui.conftest import answer_modal, show_window
from tests.kits import small_kit


def test_opening_a_scorecard_whose_kit_does_not_read_back_shows_a_message(qtbot, tmp_path):
    url = str(tmp_path / "db.sqlite3")
    kit = small_kit()
    ws = open_workspace(url, kits={kit.role_id: kit})
    cid = add_candidate(ws, "Sam Snapshot", "", kit.role_id).id
    interview = open_interview(ws, cid, "Ann")
    interview.rate("q1", 3)
    interview.set_recommendation(Recommendation.YES)
    interview.submit()
    ws.close()
    engine = make_engine(resolve_url(url))
    with engine.begin() as conn:  # the weight became null, as an infinite one is written to JSON
        spoiled = json.loads(conn.execute(text("SELECT content FROM kit_snapshots")).scalar_one())
        spoiled["scoring"]["weights"] = {"questions": None}
        conn.execute(text("UPDATE kit_snapshots SET content = :c"), {"c": json.dumps(spoiled)})
    engine.dispose()

    ws = open_workspace(url, kits={kit.role_id: kit})
    try:
        window = show_window(qtbot, ws, interviewer="Ann")
        window.candidates.refresh(select_id=cid)  # selecting it asks what Ann may see: no error
        told: list[str] = []
        answer_modal(lambda box: (told.append(box.text()), box.accept()))
        window.open_candidate(cid)
        assert told and "cannot be read back" in told[0] and "test-role" in told[0]
        assert "went wrong" not in told[0]
        assert window.stack.currentWidget() is window.candidates  # still on the list, still working
    finally:
        ws.close()

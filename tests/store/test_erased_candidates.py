"""The list of erased candidates (migration 0008) on SQLite and PostgreSQL:
erasing keeps a salted hash of the uid, an old export of the candidate is
refused on import, and ``db copy`` carries the list (and its salt) along."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assessor.cli.main import main
from assessor.domain import Recommendation
from assessor.services import AssessorError, add_candidate, erase_candidate, export_json, import_json, open_interview
from assessor.services import open_workspace
from tests.kits import small_kit

KIT = small_kit()


def test_an_erased_candidate_is_refused_on_import_and_the_list_is_copied(store_url, tmp_path):
    ws = open_workspace(store_url, kits={KIT.role_id: KIT})
    try:
        cid = add_candidate(ws, "Eve Erased", "eve@example.org", KIT.role_id).id
        interview = open_interview(ws, cid, "Ann")
        interview.rate("q1", 3)
        interview.set_recommendation(Recommendation.YES)
        interview.submit()
        old = export_json(ws, tmp_path / "old.json")
        uid = ws.store.candidate(cid).uid
        erase_candidate(ws, cid)
        with pytest.raises(AssessorError, match="erased from this database"):
            import_json(ws, old)
        with ws.store.engine.connect() as conn:
            hashes = list(conn.scalars(text("SELECT uid_hash FROM erased_candidates")))
        assert len(hashes) == 1 and uid not in hashes[0]
    finally:
        ws.close()
    copy = str(tmp_path / "copy.sqlite3")
    assert main(["db", "copy", "--from", store_url, "--to", copy]) == 0
    there = open_workspace(copy, kits={KIT.role_id: KIT})
    try:
        assert there.store.erased_uids([uid, "someone-else"]) == {uid}  # same salt, same hash
    finally:
        there.close()

"""Files from outside are checked before they are trusted (issue 14, item 6
in part): an old export never brings an erased candidate back; every bad
value, an out-of-range time included, is a message with its JSON path
(exit 1, never "unexpected error"); an import is audited (who imported
which candidate and assessment, from which file)."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from sqlalchemy import select, text

from assessor.cli.main import main as cli
from assessor.domain import Recommendation
from assessor.services import (
    AssessorError, add_candidate, audit_trail, erase_candidate, export_json, import_json, open_interview,
    open_workspace,
)
from assessor.store.models import ErasedCandidateRow
from tests.kits import small_kit

KIT = small_kit()


def _submitted(ws, name: str) -> int:
    cid = add_candidate(ws, name, f"{name.split()[0].lower()}@example.org", KIT.role_id).id
    interview = open_interview(ws, cid, "Ann")
    interview.rate("q1", 3)
    interview.write_notes("q1", f"{name} note")
    interview.set_recommendation(Recommendation.YES)
    interview.submit()
    return cid


@pytest.fixture
def exported(ws, tmp_path):
    """(the workspace, Eve's id, Sam's id, an export holding both)."""
    eve, sam = _submitted(ws, "Eve Erased"), _submitted(ws, "Sam Stays")
    return ws, eve, sam, export_json(ws, tmp_path / "old.json")


def test_an_old_export_never_brings_an_erased_candidate_back(exported, tmp_path, capsys):
    ws, eve, sam, old = exported
    uid = ws.store.candidate(eve).uid
    erase_candidate(ws, eve)
    # only a salted hash is kept: neither the uid, nor its plain hash, nor the name
    with ws.store.engine.connect() as conn:
        kept = list(conn.scalars(select(ErasedCandidateRow.uid_hash)))
        dump = "\n".join(conn.connection.iterdump())
    assert len(kept) == 1 and kept[0] != hashlib.sha256(uid.encode()).hexdigest()
    assert uid not in dump and "Eve Erased" not in dump

    with pytest.raises(AssessorError, match=r"candidates\[0\]: this candidate was erased from this database"):
        import_json(ws, old)
    assert [r.candidate.name for r in ws.store.candidates()] == ["Sam Stays"]  # nothing imported

    db = str(ws.store.path)
    ws.close()
    assert cli(["--db", db, "import", str(old)]) == 1
    err = capsys.readouterr().err
    assert "erased from this database" in err and "--skip-erased" in err and "unexpected" not in err
    assert cli(["--db", db, "import", str(old), "--skip-erased"]) == 0
    assert "not imported: candidates[0]: erased from this database" in capsys.readouterr().out
    again = open_workspace(db, kits={KIT.role_id: KIT})
    try:
        assert [r.candidate.name for r in again.store.candidates()] == ["Sam Stays"]
    finally:
        again.close()


def test_the_erased_list_survives_a_reopen_and_a_second_erase_keeps_one_row(exported, tmp_path):
    ws, eve, sam, old = exported
    erase_candidate(ws, eve)
    report = import_json(ws, old, skip_erased=True)
    assert report.erased == ["candidates[0]"] and report.added.get("candidates", 0) == 0
    erase_candidate(ws, sam)
    with ws.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM erased_candidates")).scalar() == 2
        assert conn.execute(text("SELECT count(*) FROM erasure_salt")).scalar() == 1


def test_an_import_is_audited_with_who_and_which_file(exported, tmp_path):
    ws, eve, sam, old = exported
    target = open_workspace(str(tmp_path / "target.sqlite3"), kits={KIT.role_id: KIT})
    try:
        report = import_json(target, old, actor="Hana Importer")
        assert report.added["candidates"] == 2 and report.added["assessments"] == 2
        digest = hashlib.sha256(old.read_bytes()).hexdigest()[:16]
        rows = [e for e in audit_trail(target) if e.field == "imported"]
        assert len(rows) == 4  # each candidate and each assessment added
        assert {(e.actor, e.new) for e in rows} == {("Hana Importer", f"sha256:{digest}")}
        assert sum(e.assessment_id is not None for e in rows) == 2
        import_json(target, old, actor="Hana Importer")  # nothing new: no new row
        assert len([e for e in audit_trail(target) if e.field == "imported"]) == 4
    finally:
        target.close()


BAD_VALUES = [
    (("created_at",), "9999-12-31T23:59:59-14:00", "candidates[0].created_at: the time is out of range"),
    (("assessments", 0, "started_at"), "0001-01-01T00:00:00+14:00",
     "candidates[0].assessments[0].started_at: the time is out of range"),
    (("assessments", 0, "responses", 0, "updated_at"), "9999-12-31T23:59:59-14:00",
     "candidates[0].assessments[0].responses[0].updated_at: the time is out of range"),
    (("assessments", 0, "submitted_at"), "2024-13-01T00:00:00Z", "candidates[0].assessments[0].submitted_at:"),
    (("assessments", 0, "responses", 0, "rating"), 10**30, "candidates[0].assessments[0].responses[0].rating:"),
    (("assessments", 0, "amendments"), [{"at": "2024-01-01T00:00:00Z", "author": "x", "item_id": "q1",
                                         "field": "rating", "old": 10**30, "new": 2, "reason": "r"}],
     "candidates[0].assessments[0].amendments[0].old: 1000000000000000000000000000000 is off the kit's scale"),
    (("assessments", 0, "responses", 0, "checked"), "yes", "candidates[0].assessments[0].responses[0].checked:"),
    (("assessments", 0, "status"), "weird", "candidates[0].assessments[0].status:"),
]


@pytest.mark.parametrize("where, value, message", BAD_VALUES, ids=[m.split(":")[0] for _, _, m in BAD_VALUES])
def test_every_bad_value_is_a_message_at_its_json_path(exported, tmp_path, capsys, where, value, message):
    ws, _eve, _sam, old = exported
    doc = json.loads(old.read_text(encoding="utf-8"))
    bad = copy.deepcopy(doc)
    holder = bad["candidates"][0]
    for key in where[:-1]:
        holder = holder[key]
    holder[where[-1]] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    target = str(tmp_path / "target.sqlite3")
    assert cli(["--db", target, "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "unexpected" not in err

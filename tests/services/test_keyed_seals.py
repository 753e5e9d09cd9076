"""Keyed seals of before signatures: the older shared installation key
(issue 14, item 4, first slice).  New scorecards are signed (see
``tests/security/test_hostile_colleague.py``); these tests seal a scorecard
the way Assessor did before (HMAC with the installation key, dated before
signed seals began in the database) and check it still verifies, as
"sealed with the older shared key", and breaks as it did.

A colleague with only SQL access edits a rating and recomputes the old,
unkeyed digest; swaps two candidates' scorecards; edits the kit snapshot:
each time the seal reads BROKEN, because it is an HMAC with a key kept
outside the database.  Seals made before keyed seals still verify by their
old rule and say so; blanking a keyed seal's key to pass it off as an old
one does not make it intact.
"""

from __future__ import annotations

import io
import json
import sqlite3
import stat
from contextlib import closing
from dataclasses import replace
from datetime import timedelta

import pytest
from pypdf import PdfReader

from assessor.domain import Recommendation, SealState, Status, keyed_seal, seal_digest, seal_state
from assessor.services import add_candidate, load_assessment, open_interview
from assessor.services.export import report_bytes
from assessor.services.panel import seal_status
from assessor.services.seal_keys import KEYS, key_path
from assessor.store import utcnow
from tests.kits import small_kit


def _submitted(ws, name: str, rating: int = 3) -> int:
    """A scorecard sealed as before signatures: HMAC with the installation key, a month ago."""
    cand = add_candidate(ws, name, "", small_kit().role_id)
    interview = open_interview(ws, cand.id, "Ivo Interviewer")
    interview.rate("q1", rating)
    interview.rate("q2", 3)
    interview.set_recommendation(Recommendation.YES if rating >= 2 else Recommendation.NO)
    draft = load_assessment(ws, interview.assessment.id)
    when = utcnow().replace(microsecond=0) - timedelta(days=30)
    seal, key = keyed_seal(replace(draft, status=Status.SUBMITTED, submitted_at=when), KEYS.signing_key())
    ws.store.update_assessment(draft.id, status=Status.SUBMITTED, submitted_at=when, seal=seal, seal_key=key)
    return draft.id


def _sql(ws, statement: str, *args) -> None:
    with closing(sqlite3.connect(ws.store.path)) as con, con:
        con.execute(statement, args)


def _reload(ws, assessment_id: int):
    ws.store._kits.clear()  # a fresh process reads the snapshot again  # noqa: SLF001
    return load_assessment(ws, assessment_id)


def test_a_submitted_scorecard_is_sealed_with_a_key_kept_outside_the_database(ws, monkeypatch):
    monkeypatch.delenv("ASSESSOR_SEAL_KEY")  # the default place: the user's data folder
    a = load_assessment(ws, _submitted(ws, "Ann Example"))
    assert a.seal and a.seal_key == KEYS.fingerprint()
    assert seal_state(a) is SealState.SHARED_INTACT and seal_status(a).endswith("older shared key; intact")
    path = key_path()
    assert path.parent.parent.name == "xdg-data" and path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert a.seal != seal_digest(a)  # not the unkeyed digest anyone can recompute


def test_a_rating_edited_in_sql_with_the_old_digest_recomputed_is_broken(ws):
    aid = _submitted(ws, "Ann Example")
    _sql(ws, "UPDATE responses SET rating = 1 WHERE assessment_id = ? AND item_id = 'q1'", aid)
    edited = _reload(ws, aid)
    _sql(ws, "UPDATE assessments SET seal = ? WHERE id = ?", seal_digest(edited), aid)
    forged = _reload(ws, aid)
    assert seal_state(forged) is SealState.SHARED_BROKEN and "BROKEN" in seal_status(forged)
    # (blanking a signature to pass a recomputed digest off as an old seal: tests/security)


def test_swapping_two_candidates_scorecards_breaks_both_seals(ws):
    first, second = _submitted(ws, "Ann Example", 4), _submitted(ws, "Bea Example", 1)
    a, b = load_assessment(ws, first), load_assessment(ws, second)
    _sql(ws, "UPDATE assessments SET candidate_id = CASE id WHEN ? THEN ? ELSE ? END WHERE id IN (?, ?)",
         first, b.candidate.id, a.candidate.id, first, second)
    for aid in (first, second):
        assert seal_state(_reload(ws, aid)) is SealState.SHARED_BROKEN


@pytest.mark.parametrize("edit", ["scale label", "anchor", "prompt"])
def test_editing_the_kit_snapshot_breaks_the_seal(ws, edit):
    aid = _submitted(ws, "Ann Example")
    with closing(sqlite3.connect(ws.store.path)) as con:
        content = con.execute("SELECT content FROM kit_snapshots").fetchone()[0]
    kit = json.loads(content)
    if edit == "scale label":
        kit["scale"]["points"][0]["label"] = "Excellent"
    elif edit == "anchor":
        kit["questions"][0]["anchors"]["senior"] = "anything goes"
    else:
        kit["questions"][0]["prompt"] = "Something easier"
    _sql(ws, "UPDATE kit_snapshots SET content = ?", json.dumps(kit, separators=(",", ":")))
    assert seal_state(_reload(ws, aid)) is SealState.SHARED_BROKEN


def test_seals_made_before_keyed_seals_still_verify_by_their_old_rule(ws):
    cand = add_candidate(ws, "Old Seal", "", small_kit().role_id)
    interview = open_interview(ws, cand.id, "Ivo Interviewer")
    interview.rate("q1", 2)
    interview.set_recommendation(Recommendation.NO)
    draft = load_assessment(ws, interview.assessment.id)
    when = utcnow().replace(microsecond=0) - timedelta(days=30)  # submitted before the upgrade
    old = seal_digest(replace(draft, status=Status.SUBMITTED, submitted_at=when))
    ws.store.update_assessment(draft.id, status=Status.SUBMITTED, submitted_at=when, seal=old)
    before = load_assessment(ws, draft.id)
    assert seal_state(before) is SealState.OLD_INTACT
    assert seal_status(before).endswith("before keyed seals; intact")
    _submitted(ws, "New Seal")  # the key is made now; the old seal stays intact
    assert seal_state(_reload(ws, draft.id)) is SealState.OLD_INTACT
    _sql(ws, "UPDATE responses SET rating = 4 WHERE assessment_id = ?", draft.id)
    assert "before keyed seals: BROKEN" in seal_status(_reload(ws, draft.id))


def test_a_seal_made_with_another_installations_key_is_not_verifiable_here(ws, tmp_path, monkeypatch):
    aid = _submitted(ws, "Ann Example")
    ours = str(key_path())
    monkeypatch.setenv("ASSESSOR_SEAL_KEY", str(tmp_path / "other" / "seal.key"))
    KEYS.signing_key()
    a = load_assessment(ws, aid)
    assert seal_state(a) is SealState.OTHER_KEY and "not verifiable here" in seal_status(a)
    monkeypatch.setenv("ASSESSOR_SEAL_KEY", ours)
    assert seal_state(load_assessment(ws, aid)) is SealState.SHARED_INTACT


def test_the_report_says_broken_after_a_forged_edit(ws):
    aid = _submitted(ws, "Ann Example")
    cid = load_assessment(ws, aid).candidate.id
    assert b"%PDF" in report_bytes(ws, cid)[:8]
    _sql(ws, "UPDATE responses SET rating = 1 WHERE assessment_id = ? AND item_id = 'q1'", aid)
    _sql(ws, "UPDATE assessments SET seal = ? WHERE id = ?", seal_digest(_reload(ws, aid)), aid)
    ws.store._kits.clear()  # noqa: SLF001
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report_bytes(ws, cid))).pages)
    assert "BROKEN" in text and "intact" not in text.lower().replace("not intact", "")


def test_a_keyed_seal_survives_export_and_import_and_a_forged_file_does_not_pass(ws, tmp_path):
    from assessor.services import open_workspace
    from assessor.services.exchange import export_json, import_json

    aid = _submitted(ws, "Ann Example")
    out = export_json(ws, tmp_path / "all.json")
    other = open_workspace(str(tmp_path / "other.sqlite3"), kits={small_kit().role_id: small_kit()})
    try:
        report = import_json(other, out)
        assert not report.warnings
        (imported,) = [a for c in other.store.candidates("Ann") for a in other.store.assessments_of(c.candidate.id)]
        assert imported.seal_key == load_assessment(ws, aid).seal_key
        assert seal_state(imported) is SealState.SHARED_INTACT
    finally:
        other.close()
    data = json.loads(out.read_text(encoding="utf-8"))
    record = data["candidates"][0]["assessments"][0]
    record["responses"][0]["rating"] = 1 if record["responses"][0]["rating"] != 1 else 2
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data), encoding="utf-8")
    third = open_workspace(str(tmp_path / "third.sqlite3"), kits={small_kit().role_id: small_kit()})
    try:
        assert any("seal does not match" in w for w in import_json(third, forged).warnings)
    finally:
        third.close()

"""A hostile colleague against identities, signed seals and the keyed audit
chain (issue 14, items 1, 4, 5), on SQLite and on PostgreSQL.

Each person is an operating-system account (``os_account`` patched) with
their own key folder (``$ASSESSOR_KEY_DIR``), as on two laptops or two
accounts of one.  The attacker edits the database directly (SQL, triggers
dropped or disabled where needed) and recomputes whatever can be
recomputed without a private key.  One test per promise of
``docs/security.md``.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text

from assessor.domain import Recommendation, SealState, Status, seal_state, signed_form
from assessor.domain.signing import chain_link, head_form
from assessor.services import add_candidate, load_assessment, open_interview, open_workspace
from assessor.services import identity as identity_module
from assessor.services.export import report_bytes
from assessor.services.identity import IdentityRefused
from assessor.services.panel import amend, panel_view, seal_status
from assessor.services.signing_keys import personal_key
from assessor.store import verify_audit_chain
from tests.kits import small_kit


@pytest.fixture
def ws(store_url):
    kit = small_kit()
    ws = open_workspace(store_url, kits={kit.role_id: kit})
    yield ws
    ws.close()


@pytest.fixture
def people(tmp_path, monkeypatch):
    """``as_(name)``: act as that person's OS account with their own key folder."""

    def as_(user: str) -> None:
        uid = {"ann": 1001, "ben": 1002, "cy": 1003}[user]
        monkeypatch.setattr(identity_module, "os_account", lambda: f"os:{user}:{uid}")
        monkeypatch.setenv("ASSESSOR_KEY_DIR", str(tmp_path / f"keys-{user}"))

    return as_


@contextmanager
def sql(ws):
    """A connection to the same database, as a colleague with psql or sqlite3 has."""
    engine = create_engine(ws.store.url)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def _no_triggers(conn, table: str) -> None:
    if conn.dialect.name == "sqlite":
        for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=:t"),
                                    {"t": table}).all():
            conn.execute(text(f"DROP TRIGGER {name}"))
    else:
        conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER ALL"))


def _submitted(ws, who: str, name: str = "Cara Candidate", rating: int = 3, cid: int | None = None) -> int:
    if cid is None:
        cid = add_candidate(ws, name, "", small_kit().role_id).id
    interview = open_interview(ws, cid, who)
    interview.rate("q1", rating)
    interview.rate("q2", 3)
    interview.set_recommendation(Recommendation.YES if rating >= 2 else Recommendation.NO)
    interview.submit()
    return interview.assessment.id


def _fresh(ws, aid: int):
    ws.store._kits.clear()  # noqa: SLF001 - a fresh process reads the snapshot again
    return load_assessment(ws, aid)


# -- 1. who is acting ------------------------------------------------------------------------------


def test_impersonation_by_typed_name_is_refused(ws, people):
    people("ann")
    cid = add_candidate(ws, "Cara Candidate", "", small_kit().role_id).id
    mine = open_interview(ws, cid, "Ann")
    mine.rate("q1", 2)
    people("ben")
    for typed in ("Ann", "ann", "  ANN ", "Ann\u200b", "\u0410nn", "A\u200dnn"):  # case, zero-width, Cyrillic А
        with pytest.raises(IdentityRefused):
            open_interview(ws, cid, typed)
    with pytest.raises(IdentityRefused):  # nor read the panel as her
        panel_view(ws, cid, "Ann")
    theirs = open_interview(ws, cid, "Ben")  # his own scorecard, never hers
    assert theirs.assessment.id != mine.assessment.id and theirs.assessment.interviewer_id == "os:ben:1002"
    assert load_assessment(ws, mine.assessment.id).interviewer_id == "os:ann:1001"
    people("ann")
    assert open_interview(ws, cid, "ann").assessment.id == mine.assessment.id  # her own, by identity


def test_a_look_alike_second_name_is_flagged_even_from_the_same_account(ws, people):
    people("ann")
    cid = add_candidate(ws, "Cara Candidate", "", small_kit().role_id).id
    open_interview(ws, cid, "Ann")
    with pytest.raises(IdentityRefused, match="looks like"):
        open_interview(ws, cid, "\u0410nn")  # Cyrillic: would be a second "Ann" column in the debrief
    assert [p.display_name for p in ws.store.identities()] == ["Ann"]


def test_no_blank_identity_opens_a_scorecard(ws, people):
    people("ann")
    cid = add_candidate(ws, "Cara Candidate", "", small_kit().role_id).id
    _submitted(ws, "Ann", cid=cid)
    for blank in ("", "   ", "\u200b"):
        with pytest.raises(IdentityRefused, match="set your name"):
            open_interview(ws, cid, blank)


def test_only_the_owner_submits_or_amends(ws, people):
    people("ann")
    aid = _submitted(ws, "Ann")
    people("ben")
    with pytest.raises(IdentityRefused):
        amend(ws, aid, "q1", "rating", 1, "I think so", "Ann")
    from assessor.services import AssessorError

    with pytest.raises(AssessorError, match="may amend"):
        amend(ws, aid, "q1", "rating", 1, "I think so", "Ben")


# -- 2. seals are signatures -------------------------------------------------------------------------


def test_an_edit_in_sql_with_the_digest_recomputed_is_broken(ws, people):
    people("ann")
    aid = _submitted(ws, "Ann")
    a = _fresh(ws, aid)
    assert seal_state(a) is SealState.INTACT and "ed25519:" in seal_status(a)
    with sql(ws) as conn:
        conn.execute(text("UPDATE responses SET rating = 1 WHERE assessment_id = :a AND item_id = 'q1'"), {"a": aid})
    edited = _fresh(ws, aid)
    with sql(ws) as conn:  # the digest anyone can recompute; the signature no one but Ann can
        conn.execute(text("UPDATE assessments SET seal = :s WHERE id = :a"),
                     {"s": hashlib.sha256(signed_form(edited)).hexdigest(), "a": aid})
    forged = _fresh(ws, aid)
    assert seal_state(forged) is SealState.BROKEN and "BROKEN" in seal_status(forged)


def test_re_signing_with_the_attackers_own_registered_key_is_broken(ws, people):
    people("ann")
    aid = _submitted(ws, "Ann")
    people("ben")
    _submitted(ws, "Ben", name="Other Candidate")  # Ben's key is registered, to Ben
    ben = personal_key("os:ben:1002")
    with sql(ws) as conn:
        conn.execute(text("UPDATE responses SET rating = 1 WHERE assessment_id = :a AND item_id = 'q1'"), {"a": aid})
    edited = _fresh(ws, aid)
    with sql(ws) as conn:
        conn.execute(text("UPDATE assessments SET signature = :s, signing_key = :k WHERE id = :a"),
                     {"s": ben.sign(signed_form(edited)), "k": ben.fingerprint, "a": aid})
    assert seal_state(_fresh(ws, aid)) is SealState.UNREGISTERED


def test_a_key_slipped_into_the_database_for_ann_does_not_fool_ann(ws, people):
    """Registering a new key "for Ann" in SQL and signing with it: Ann's own
    account (which holds her real key) never calls it intact; the report
    prints the fingerprint for anyone else to compare (docs/security.md)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from assessor.domain import fingerprint_of

    people("ann")
    aid = _submitted(ws, "Ann")
    fake = Ed25519PrivateKey.generate()
    public = fake.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    fpr = fingerprint_of(public)
    with sql(ws) as conn:
        conn.execute(text("UPDATE responses SET rating = 1 WHERE assessment_id = :a AND item_id = 'q1'"), {"a": aid})
        conn.execute(text("INSERT INTO signing_keys (fingerprint, identity_id, public_key, registered_by, "
                          "registered_at, proof) VALUES (:f, 'os:ann:1001', :p, 'os:ann:1001', "
                          "CURRENT_TIMESTAMP, '')"), {"f": fpr, "p": public})
    edited = _fresh(ws, aid)
    with sql(ws) as conn:
        conn.execute(text("UPDATE assessments SET signature = :s, signing_key = :k WHERE id = :a"),
                     {"s": fake.sign(signed_form(edited)).hex(), "k": fpr, "a": aid})
    assert seal_state(_fresh(ws, aid)) is SealState.NOT_HELD  # Ann holds her real key: not hers
    assert "not verifiable" in seal_status(_fresh(ws, aid)) and "intact" not in seal_status(_fresh(ws, aid))
    assert fpr[:4] in seal_status(_fresh(ws, aid))  # the fingerprint is printed for others to compare


@pytest.mark.parametrize("edit", ["scale label", "anchor", "weights"])
def test_a_kit_snapshot_edit_breaks_the_seal(ws, people, edit):
    people("ann")
    aid = _submitted(ws, "Ann")
    with sql(ws) as conn:
        content = conn.execute(text("SELECT content FROM kit_snapshots")).scalar_one()
        kit = json.loads(content)
        if edit == "scale label":
            kit["scale"]["points"][0]["label"] = "Excellent"
        elif edit == "anchor":
            kit["questions"][0]["anchors"]["senior"] = "anything goes"
        else:
            kit.setdefault("scoring", {})["cap"] = None
            kit["questions"][0]["prompt"] = kit["questions"][0]["prompt"] + " (weighted)"
        conn.execute(text("UPDATE kit_snapshots SET content = :c"), {"c": json.dumps(kit, separators=(",", ":"))})
    assert seal_state(_fresh(ws, aid)) is SealState.BROKEN


def test_swapping_two_candidates_scorecards_breaks_both(ws, people):
    people("ann")
    first, second = _submitted(ws, "Ann", "Cara One", 4), _submitted(ws, "Ann", "Dan Two", 1)
    a, b = load_assessment(ws, first), load_assessment(ws, second)
    with sql(ws) as conn:
        conn.execute(text("UPDATE assessments SET candidate_id = CASE id WHEN :f THEN :bc ELSE :ac END "
                          "WHERE id IN (:f, :s)"), {"f": first, "s": second, "ac": a.candidate.id,
                                                    "bc": b.candidate.id})
    for aid in (first, second):
        assert seal_state(_fresh(ws, aid)) is SealState.BROKEN


def test_an_amendment_inserted_by_ann_in_sql_is_broken(ws, people):
    people("ann")
    aid = _submitted(ws, "Ann")
    amend(ws, aid, "q2", "rating", 4, "pressed 3 for 4", "Ann")
    a = _fresh(ws, aid)
    assert seal_state(a) is SealState.INTACT and len(a.amendments) == 1
    with sql(ws) as conn:  # copies her real amendment's author, key and a recomputed link; not her signature
        last = a.amendments[-1]
        conn.execute(text("UPDATE responses SET rating = 1 WHERE assessment_id = :a AND item_id = 'q1'"), {"a": aid})
        conn.execute(text(
            "INSERT INTO amendments (assessment_id, at, author, item_id, field, old_value, new_value, reason, "
            "author_id, signature, signing_key, link) VALUES (:a, CURRENT_TIMESTAMP, 'Ann', 'q1', 'rating', "
            "'3', '1', 'second thoughts', :who, :sig, :key, :link)"),
            {"a": aid, "who": last.author_id, "sig": last.signature, "key": last.signing_key,
             "link": chain_link(last.link, b"forged")})
    forged = _fresh(ws, aid)
    assert len(forged.amendments) == 2 and seal_state(forged) is SealState.AMENDMENT_BROKEN
    assert "BROKEN" in seal_status(forged)


def test_removing_a_signature_to_pass_as_an_old_seal_is_not_intact(ws, people):
    from assessor.domain import seal_digest

    people("ann")
    aid = _submitted(ws, "Ann")
    with sql(ws) as conn:
        conn.execute(text("UPDATE responses SET rating = 1 WHERE assessment_id = :a AND item_id = 'q1'"), {"a": aid})
    edited = _fresh(ws, aid)
    with sql(ws) as conn:
        conn.execute(text("UPDATE assessments SET signature = NULL, signing_key = NULL, seal_key = NULL, "
                          "seal = :s WHERE id = :a"), {"s": seal_digest(edited), "a": aid})
    downgraded = _fresh(ws, aid)
    assert seal_state(downgraded) is SealState.OLD_LATE and "intact" not in seal_status(downgraded)


def test_the_report_prints_the_fingerprint_and_broken_after_a_forgery(ws, people):
    from io import BytesIO

    from pypdf import PdfReader

    people("ann")
    aid = _submitted(ws, "Ann")
    a = load_assessment(ws, aid)
    page = " ".join(p.extract_text() for p in PdfReader(BytesIO(report_bytes(ws, a.candidate.id))).pages)
    assert "ed25519:" + a.signing_key[:4] in page and "intact" in page
    with sql(ws) as conn:
        conn.execute(text("UPDATE responses SET rating = 1 WHERE assessment_id = :a AND item_id = 'q1'"), {"a": aid})
    ws.store._kits.clear()  # noqa: SLF001
    page = " ".join(p.extract_text() for p in PdfReader(BytesIO(report_bytes(ws, a.candidate.id))).pages)
    assert "BROKEN" in page


def test_the_private_key_is_owner_only_and_the_public_key_registered_and_audited(ws, people, tmp_path):
    import stat

    people("ann")
    aid = _submitted(ws, "Ann")
    key = personal_key("os:ann:1001")
    files = list((tmp_path / "keys-ann").glob("*.pem"))
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(files[0].parent.stat().st_mode) == 0o700
    registered = ws.store.keys_of("os:ann:1001")
    assert [k.fingerprint for k in registered] == [key.fingerprint] and registered[0].registered_by == "os:ann:1001"
    with sql(ws) as conn:
        rows = conn.execute(text("SELECT actor, new_value FROM audit_log WHERE field = 'key_registered'")).all()
    assert [tuple(r) for r in rows] == [("Ann", key.fingerprint)]
    assert load_assessment(ws, aid).signing_key == key.fingerprint


# -- 3. an audit trail that needs a key to rewrite ---------------------------------------------------------


def _rehash(conn) -> None:
    """Recompute every chain hash after an edit, as someone with only the database can."""
    from sqlalchemy import select

    from assessor.store.audit_chain import GENESIS, link
    from assessor.store.models import AuditRow

    previous = GENESIS
    rows = conn.execute(select(AuditRow).order_by(AuditRow.id)).mappings().all()
    for new_id, row in enumerate(rows, start=1):
        values = {**row, "id": new_id}
        previous = link(previous, values)
        conn.execute(text("UPDATE audit_log SET id = :n, chain_hash = :h WHERE id = :o"),
                     {"n": new_id, "h": previous, "o": row["id"]})


@pytest.mark.parametrize("attack", ["delete", "re-attribute"])
def test_an_audit_row_deleted_or_re_attributed_with_the_chain_recomputed_is_reported(ws, people, store_url, attack):
    people("ann")
    _submitted(ws, "Ann")
    before = verify_audit_chain(ws.store.url)
    assert before.problem is None and before.signed_to == before.rows
    with sql(ws) as conn:
        _no_triggers(conn, "audit_log")
        target = conn.execute(text("SELECT min(id) FROM audit_log WHERE field = 'rating'")).scalar_one()
        if attack == "delete":
            conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": target})
        else:
            conn.execute(text("UPDATE audit_log SET actor = 'Ben' WHERE id = :i"), {"i": target})
        _rehash(conn)
    after = verify_audit_chain(ws.store.url)
    assert after.problem is not None and "rewritten" in after.problem


def test_a_forged_signed_head_does_not_verify(ws, people, store_url):
    people("ann")
    _submitted(ws, "Ann")
    with sql(ws) as conn:
        _no_triggers(conn, "audit_log")
        _no_triggers(conn, "audit_heads")
        conn.execute(text("UPDATE audit_log SET actor = 'Ben' WHERE id = 2"))
        _rehash(conn)
        last_id, last_hash = conn.execute(text("SELECT id, chain_hash FROM audit_log ORDER BY id DESC LIMIT 1")).one()
        conn.execute(text("DELETE FROM audit_heads"))  # and write one head "by Ann" with a made-up signature
        key = conn.execute(text("SELECT fingerprint FROM signing_keys")).scalar_one()
        conn.execute(text("INSERT INTO audit_heads (audit_id, chain_hash, signing_key, signature, at) "
                          "VALUES (:i, :h, :k, :s, CURRENT_TIMESTAMP)"),
                     {"i": last_id, "h": last_hash, "k": key, "s": "00" * 64})
    assert head_form(last_id, last_hash)  # what a real head would have signed
    assert "does not verify" in verify_audit_chain(ws.store.url).problem


def test_the_cli_refuses_to_read_a_debrief_as_a_colleague(ws, people, capsys):
    from assessor.cli.main import main

    people("ann")
    cid = add_candidate(ws, "Cara Candidate", "", small_kit().role_id).id
    _submitted(ws, "Ann", cid=cid)
    people("ben")
    open_interview(ws, cid, "Ben").rate("q1", 2)  # Ben still drafts: Ann's ratings are hidden from him
    capsys.readouterr()
    assert main(["--db", ws.store.url, "debrief", str(cid), "--as", "Ann", "--notes"]) != 0
    err = capsys.readouterr().err
    assert "another person's name" in err
    assert main(["--db", ws.store.url, "debrief", str(cid), "--as", "Ben"]) != 0  # his own: hidden until he submits

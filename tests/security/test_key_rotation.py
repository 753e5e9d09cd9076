"""Key rotation and revocation (issue 14, item 4), on SQLite and on PostgreSQL.

Each person is an operating-system account (``os_account`` patched) with
their own key folder, as in :mod:`tests.security.test_hostile_colleague`.
What a user does goes through ``assessor key …`` (the CLI) and the
services; what an attacker does goes straight to the database.  One test
per promise of ``docs/security.md`` ("Rotation and revocation").
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from assessor.cli.main import main
from assessor.domain import SealState, seal_state, signed_form, status_form
from assessor.services import AssessorError, open_interview
from assessor.services.backups import check_database
from assessor.services.export import report_bytes
from assessor.services.panel import seal_status
from assessor.services.signing_keys import key_path, personal_key
from assessor.store.mapping import utcnow
from tests.security.test_hostile_colleague import _fresh, _no_triggers, _submitted, people, sql, ws  # noqa: F401

ANN = "os:ann:1001"


def _key_cli(ws, capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", ws.store.url, "key", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _resign(ws, aid: int, key, seconds_after) -> None:
    """As someone holding ``key`` (a stolen or old private key) with SQL
    access: move the scorecard's submit time to ``seconds_after`` and sign
    it with ``key``."""
    from dataclasses import replace

    a = _fresh(ws, aid)
    when = seconds_after.replace(microsecond=0)
    form = signed_form(replace(a, submitted_at=when))
    with sql(ws) as conn:
        conn.execute(text("UPDATE assessments SET submitted_at = :t, seal = :s, signature = :g, signing_key = :k "
                          "WHERE id = :a"), {"t": when, "s": hashlib.sha256(form).hexdigest(),
                                             "g": key.sign(form), "k": key.fingerprint, "a": aid})


def test_rotation_then_old_and_new_seals_verify(ws, people, capsys):
    people("ann")
    first = _submitted(ws, "Ann")
    old = personal_key(ANN).fingerprint
    code, out, _ = _key_cli(ws, capsys, "rotate", "--as", "Ann")
    assert code == 0 and "new signing key for Ann" in out and f"retired ed25519:{old[:4]}" in out
    new = personal_key(ANN).fingerprint
    assert new != old
    second = _submitted(ws, "Ann", name="Second Candidate")
    assert _fresh(ws, second).signing_key == new
    for who in ("ann", "ben"):  # on her own account (she rotated from the old key) and for anyone else
        people(who)
        assert seal_state(_fresh(ws, first)) is SealState.INTACT
        assert seal_state(_fresh(ws, second)) is SealState.INTACT
    assert "key retired" in seal_status(_fresh(ws, first)) and "intact" in seal_status(_fresh(ws, first))
    code, out, _ = _key_cli(ws, capsys, "list")
    assert code == 0 and "retired" in out and "active" in out and "Ann" in out
    with sql(ws) as conn:
        fields = [f for (f,) in conn.execute(text("SELECT field FROM audit_log WHERE candidate_id = 0 ORDER BY id"))]
    assert fields == ["key_registered", "key_registered", "key_retired"]
    assert check_database(ws.store.url) is None


def test_the_old_key_signing_after_its_retirement_is_refused(ws, people, capsys):
    people("ann")
    _submitted(ws, "Ann")
    old = personal_key(ANN)
    assert _key_cli(ws, capsys, "rotate", "--as", "Ann")[0] == 0
    later = _submitted(ws, "Ann", name="Later Candidate")
    _resign(ws, later, old, utcnow() + timedelta(seconds=5))  # a copy of the old key file, used after it
    people("ben")
    assert seal_state(_fresh(ws, later)) is SealState.RETIRED
    assert "after its retirement" in seal_status(_fresh(ws, later)) and "intact" not in seal_status(_fresh(ws, later))


def test_revoke_then_a_seal_made_after_is_refused_and_an_earlier_one_says_revoked_later(ws, people, capsys):
    people("ann")
    before = _submitted(ws, "Ann")
    stolen = personal_key(ANN)
    code, out, _ = _key_cli(ws, capsys, "revoke", stolen.fingerprint[:12], "--as", "Ann", "--reason", "laptop stolen")
    assert code == 0 and "revoked as of" in out
    assert personal_key(ANN).fingerprint != stolen.fingerprint  # revoking the key she signs with rotated it
    after = _submitted(ws, "Ann", name="After Candidate")
    assert seal_state(_fresh(ws, after)) is SealState.INTACT  # her new key
    _resign(ws, after, stolen, utcnow() + timedelta(seconds=5))  # the thief signs with the revoked key
    for who in ("ann", "ben"):
        people(who)
        assert seal_state(_fresh(ws, after)) is SealState.REVOKED
        assert "signed by a revoked key" in seal_status(_fresh(ws, after))
        assert seal_state(_fresh(ws, before)) is SealState.REVOKED_LATER
        day = f"{utcnow():%Y-%m-%d}"
        assert f"signed by a key revoked later on {day}" in seal_status(_fresh(ws, before))
    pdf = "".join(p.extract_text() for p in PdfReader(BytesIO(report_bytes(ws, 1))).pages)
    assert "revoked later on" in " ".join(pdf.split())
    pdf = "".join(p.extract_text() for p in PdfReader(BytesIO(report_bytes(ws, 2))).pages)
    assert "Signed by a revoked key" in " ".join(pdf.split())
    assert check_database(ws.store.url) is None


def test_revoking_as_of_an_earlier_time_refuses_what_it_signed_since(ws, people, capsys):
    people("ann")
    aid = _submitted(ws, "Ann")
    since = (_fresh(ws, aid).submitted_at - timedelta(minutes=5)).isoformat()
    assert _key_cli(ws, capsys, "revoke", personal_key(ANN).fingerprint, "--as", "Ann", "--since", since)[0] == 0
    assert seal_state(_fresh(ws, aid)) is SealState.REVOKED
    code, _, err = _key_cli(ws, capsys, "revoke", personal_key(ANN).fingerprint, "--as", "Ann",
                            "--since", "9999-12-31T23:59:59-14:00")
    assert code == 1 and ("never a later one" in err or "--since takes" in err) and "Traceback" not in err


def test_only_the_owner_or_an_admin_revokes_a_key(ws, people, capsys):
    people("ann")
    _submitted(ws, "Ann")
    ann_key = personal_key(ANN).fingerprint
    people("ben")
    code, _, err = _key_cli(ws, capsys, "revoke", ann_key, "--as", "Ben")
    if ws.store.is_superuser():  # the PostgreSQL tests log in as the server's superuser: an admin
        assert code == 0
        assert [k.revoked_by for k in ws.store.all_keys() if k.fingerprint == ann_key] == ["os:ben:1002"]
    else:
        assert code == 1 and "only the key's owner or an admin" in err and "Traceback" not in err
        assert all(k.revoked_at is None for k in ws.store.all_keys())


@pytest.mark.parametrize("forgery", ["unsigned", "signed by ben", "deleted revocation"])
def test_a_forged_key_status_in_sql_is_caught(ws, people, capsys, forgery):
    """A "retired" row written in SQL to make Ann's seals stop verifying (or a
    revocation removed with the triggers dropped, to make a thief's seals
    verify again): ignored where it is forged, and ``db check`` names it."""
    people("ann")
    aid = _submitted(ws, "Ann")
    ann = personal_key(ANN)
    people("ben")
    _submitted(ws, "Ben", name="Ben's Candidate")
    ben = personal_key("os:ben:1002")
    early = utcnow() - timedelta(days=30)
    if forgery == "deleted revocation":
        people("ann")
        assert _key_cli(ws, capsys, "revoke", ann.fingerprint, "--as", "Ann",
                        "--since", early.isoformat())[0] == 0
        assert seal_state(_fresh(ws, aid)) is SealState.REVOKED
        with sql(ws) as conn:
            with pytest.raises(Exception, match="only grows"):  # the triggers refuse it first
                with conn.begin_nested():
                    conn.execute(text("DELETE FROM key_status"))
            _no_triggers(conn, "key_status")
            conn.execute(text("DELETE FROM key_status WHERE status = 'revoked'"))
            if conn.dialect.name == "sqlite":  # and puts the triggers back, as they were, to cover it
                from assessor.store.trust import EXPECTED_TRIGGERS

                for name in ("key_status_no_update", "key_status_no_delete"):
                    conn.execute(text(EXPECTED_TRIGGERS[name]))
            else:
                conn.execute(text("ALTER TABLE key_status ENABLE TRIGGER ALL"))
        problem = check_database(ws.store.url)
        assert problem is not None and "was revoked, but that record is gone" in problem
        return
    form = status_form(ann.fingerprint, "retired", early, ben.fingerprint, "os:ben:1002", "rotated")
    signature = ben.sign(form) if forgery == "signed by ben" else "00" * 64
    with sql(ws) as conn:
        conn.execute(text("INSERT INTO key_status (fingerprint, status, at, successor, by_identity, signing_key, "
                          "signature, old_signature, reason, recorded_at) VALUES (:f, 'retired', :at, :s, "
                          "'os:ben:1002', :s, :g, NULL, 'rotated', :at)"),
                     {"f": ann.fingerprint, "at": early, "s": ben.fingerprint, "g": signature})
    for who in ("ann", "ben"):
        people(who)
        assert seal_state(_fresh(ws, aid)) is SealState.INTACT  # the forged status counts for nothing
    assert all(k.status == "active" for k in ws.store.all_keys())
    problem = check_database(ws.store.url)
    assert problem is not None and problem.startswith("signing keys: key status row")
    assert ("does not verify" if forgery == "unsigned" else "not signed by the key that replaced it") in problem
    capsys.readouterr()
    assert main(["--db", ws.store.url, "db", "check"]) == 1
    assert "damaged: signing keys" in capsys.readouterr().out


def test_a_lost_key_says_so_and_offers_rotation(ws, people, capsys):
    people("ann")
    first = _submitted(ws, "Ann")
    key_path(ANN).unlink()  # the key file is lost (a new laptop, a wiped folder)
    with pytest.raises(AssessorError, match="key rotate"):
        open_interview(ws, 1, "Ann")
    code, out, err = _key_cli(ws, capsys, "rotate", "--as", "Ann")
    assert code == 0 and "did not hold (lost)" in out and "Traceback" not in err
    again = _submitted(ws, "Ann", name="After Rotation")  # she works again, with her new key
    assert seal_state(_fresh(ws, again)) is SealState.INTACT
    assert seal_state(_fresh(ws, first)) is SealState.NOT_HELD  # honest: her account cannot tell it from a slip
    people("ben")
    assert seal_state(_fresh(ws, first)) is SealState.INTACT  # for everyone else, it verifies as before


def test_a_damaged_key_file_is_a_message_offering_rotation(ws, people, capsys):
    people("ann")
    _submitted(ws, "Ann")
    key_path(ANN).write_bytes(b"not a key")
    with pytest.raises(AssessorError, match="key rotate"):
        open_interview(ws, 1, "Ann")
    assert _key_cli(ws, capsys, "rotate", "--as", "Ann")[0] == 0
    assert open_interview(ws, 1, "Ann").assessment.is_submitted


def test_key_cli_output_is_escaped(ws, people, capsys):
    people("ann")
    _submitted(ws, "Ann")
    osc52 = "bad\x1b]52;c;ZXZpbA==\x07 \u202eevil"
    assert _key_cli(ws, capsys, "revoke", personal_key(ANN).fingerprint, "--as", "Ann", "--reason", osc52)[0] == 0
    code, out, _ = _key_cli(ws, capsys, "list")
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "bad\\x1b]52;c;ZXZpbA==\\x07 \\u202eevil" in out


@pytest.mark.gui
def test_the_window_offers_a_new_key_when_the_key_is_lost(qtbot, tmp_path, monkeypatch):
    """In the window: a lost key is a message with "Make a new key"; Cancel
    opens nothing, the offer taken rotates and the interview opens."""
    from PySide6.QtWidgets import QApplication

    from tests.gui.conftest import show_window
    from tests.gui.test_reliability_window import answer_named, click_button
    from assessor.services import identity as identity_module
    from assessor.services import open_workspace
    from tests.kits import small_kit

    monkeypatch.setattr(identity_module, "os_account", lambda: "os:ann:1001")
    monkeypatch.setenv("ASSESSOR_KEY_DIR", str(tmp_path / "keys-ann"))
    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    try:
        first = _submitted(ws, "Ann")
        cid = _fresh(ws, first).candidate.id
        key_path(ANN).unlink()
        window = show_window(qtbot, ws, interviewer="Ann")
        seen = {}
        answer_named("keyLostNotice", lambda box: (seen.setdefault("text", box.text()), click_button(box, "Cancel")))
        window.open_candidate(cid)
        assert "not in" in seen["text"] and window.stack.currentWidget() is not window.view
        assert len(ws.store.keys_of(ANN)) == 1
        answer_named("keyLostNotice", lambda box: click_button(box, "Make a new key"))
        window.open_candidate(cid)
        assert window.stack.currentWidget() is window.view and QApplication.activeModalWidget() is None
        assert len(ws.store.keys_of(ANN)) == 2 and key_path(ANN).is_file()
        assert [k.status for k in ws.store.all_keys()] == ["retired", "active"]
        window.close()
    finally:
        ws.close()


def test_a_dropped_key_status_trigger_is_reported_on_sqlite(tmp_path, people, capsys):
    from assessor.services import open_workspace as open_ws

    people("ann")
    db = tmp_path / "keys.sqlite3"
    open_ws(str(db)).close()
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER key_status_no_delete")
    con.commit()
    con.close()
    problem = check_database(str(db))
    assert problem is not None and "key_status_no_delete" in problem


def test_a_key_retired_elsewhere_is_not_used_to_sign_again(ws, people, tmp_path, monkeypatch, capsys):
    """Ann rotates on her second computer; her first still holds the old
    key: it refuses to sign with it (a seal that would never verify) and
    offers rotation."""
    people("ann")
    _submitted(ws, "Ann")
    first_laptop = tmp_path / "keys-ann"
    monkeypatch.setenv("ASSESSOR_KEY_DIR", str(tmp_path / "keys-ann-second"))
    assert _key_cli(ws, capsys, "rotate", "--as", "Ann")[0] == 0
    monkeypatch.setenv("ASSESSOR_KEY_DIR", str(first_laptop))
    with pytest.raises(AssessorError, match="was retired on .* key rotate"):
        open_interview(ws, 1, "Ann")
    assert _key_cli(ws, capsys, "rotate", "--as", "Ann")[0] == 0
    assert seal_state(_fresh(ws, _submitted(ws, "Ann", name="Back Home"))) is SealState.INTACT

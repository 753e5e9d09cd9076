"""Personal data: owner-only files, nothing in logs, erasure, anonymization,
the retention period and the audit trail."""

from __future__ import annotations

import csv
import logging
import sqlite3
import stat
from pathlib import Path

import pytest

from assessor.cli.main import main as cli
from assessor.domain import FlagState, Recommendation
from assessor.services.panel import amend
from assessor.services import (
    AssessorError, Preferences, UnsavedError, add_candidate, anonymize_candidate, audit_trail, erase_candidate,
    export_report, load_preferences, open_interview, open_workspace, past_retention, save_preferences,
    write_audit_csv,
)
from assessor.store import engine as store_engine
from tests.kits import small_kit
from tests.reliability import faults

KIT = small_kit()
NAME = "Quenby Marker-Zhivago"
EMAIL = "quenby.marker@example.org"
NOTE = "Mentioned her employer Vexillum Ltd"


def workspace(db: Path, keep: int = 5, days: int = 0):
    return open_workspace(str(db), kits={KIT.role_id: KIT}, prefs=Preferences(backups_keep=keep, retention_days=days))


def interviewed(ws, name: str = NAME, submit: bool = True) -> int:
    cand = add_candidate(ws, name, EMAIL if name == NAME else "someone@example.org", KIT.role_id)
    interview = open_interview(ws, cand.id, "Ivo Interviewer")
    interview.rate("q1", 2)
    interview.rate("q1", 4)
    interview.write_notes("q1", NOTE if name == NAME else "a note")
    interview.set_flag("g1", FlagState.PRESENT)
    interview.tick("p1-a", True)
    interview.set_takeaways(f"{name} would fit")
    interview.set_recommendation(Recommendation.YES)
    if submit:
        interview.submit()
        # a correction after submission: its reason and text are personal data too
        text = f"{NOTE} (added)" if name == NAME else "more"
        amend(ws, interview.assessment.id, "q2", "notes", text, f"{name} sent more", "Ivo Interviewer")
    return cand.id


def raw_files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_database_backups_exports_and_settings_are_owner_only(tmp_path):
    db = tmp_path / "data" / "db.sqlite3"
    ws = workspace(db)
    cid = interviewed(ws)
    pdf = export_report(ws, cid, tmp_path / "report.pdf")
    csv_file = write_audit_csv(ws, tmp_path / "audit.csv")
    settings = save_preferences(Preferences(backups_keep=4))
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), pdf, csv_file, settings, *(db.parent / "backups").glob("*")]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert load_preferences().backups_keep == 4
    ws.close()


def test_no_candidate_data_in_logs_or_error_messages(tmp_path, caplog, capsys, monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    cid = interviewed(ws, submit=False)
    interview = open_interview(ws, cid, "Ivo Interviewer")
    messages = []
    with faults.locked_by_another_process(db):
        with pytest.raises(UnsavedError) as caught:
            interview.write_notes("q2", f"{NAME} {NOTE}")
        messages.append(str(caught.value))
    bad = tmp_path / "bad.rml.j2"
    bad.write_text("{{ candidate.name.__class__ }}")
    with pytest.raises(AssessorError) as caught:
        export_report(ws, cid, tmp_path / "r.pdf", template=bad)
    messages.append(str(caught.value))
    ws.close()
    monkeypatch.setattr("assessor.services.iter_candidates", lambda *a, **k: 1 / 0)  # an unexpected crash
    assert cli(["--db", str(db), "candidates"]) == 2
    out = capsys.readouterr()
    for text in [caplog.text, out.err, *messages]:
        for secret in (NAME, EMAIL, NOTE, "Quenby", "Vexillum"):
            assert secret not in text


def test_erase_removes_every_row_snapshot_and_backup_copy(tmp_path):
    db = tmp_path / "data" / "db.sqlite3"
    exports = tmp_path / "exports"
    exports.mkdir()
    ws = workspace(db)
    other = interviewed(ws, "Other Person")
    cid = interviewed(ws)
    export_report(ws, cid, exports / f"{cid:05d}-quenby.pdf")
    (exports / f"{other:05d}-other.pdf").write_bytes(b"%PDF-")
    ws.close()
    ws = workspace(db)  # one more backup, made at start
    assert any(NAME.encode() in data for data in raw_files(db.parent).values())

    report = erase_candidate(ws, cid, [exports], actor="DPO")
    assert report.rows["candidates"] == 1 and report.rows["responses"] == 4 and report.rows["amendments"] == 1 and report.backups >= 2
    assert report.leftovers == [exports / f"{cid:05d}-quenby.pdf"]  # listed, not deleted by us
    with pytest.raises(AssessorError):
        open_interview(ws, cid, "Ivo Interviewer")
    assert [r.candidate.name for r in ws.store.candidates()] == ["Other Person"]
    assert [(e.field, e.actor) for e in audit_trail(ws, cid)] == [("erased", "DPO")]
    ws.close()
    for path, data in raw_files(db.parent).items():  # database, WAL, every backup: no trace left
        for secret in (NAME, EMAIL, NOTE):
            assert secret.encode() not in data, path.name
    for path in [db, *(db.parent / "backups").glob("*.sqlite3")]:
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM candidates").fetchone() == (1,)
        con.close()
    ws = workspace(db)
    with pytest.raises(AssessorError, match="no candidate"):
        erase_candidate(ws, cid)
    erase_candidate(ws, other)  # the last user of the kit snapshot: it goes too
    ws.close()
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM kit_snapshots").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM responses").fetchone() == (0,)
    con.close()


def test_anonymize_keeps_the_ratings_and_drops_the_identity(tmp_path):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    cid = interviewed(ws)
    before = open_interview(ws, cid, "Ivo Interviewer").summary()
    ws.close()
    ws = workspace(db)
    report = anonymize_candidate(ws, cid)
    assert report.backups >= 1
    interview = open_interview(ws, cid, "Ivo Interviewer")
    a = interview.assessment
    assert a.candidate.name == f"Anonymized candidate {cid}" and a.candidate.email == ""
    assert a.candidate.anonymized_at is not None
    assert a.takeaways == "" and all(r.notes == "" for r in a.responses.values())
    assert a.response("q1").rating == 4 and a.recommendation is Recommendation.YES
    assert interview.summary() == before
    assert [e.field for e in audit_trail(ws, cid)][-1] == "anonymized"
    ws.close()
    for path, data in raw_files(tmp_path).items():
        assert NAME.encode() not in data and NOTE.encode() not in data, path.name


def test_retention_period_offers_the_old_candidates(tmp_path):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db, days=365)
    old = interviewed(ws, "Old Timer")
    recent = interviewed(ws, "Recent Person")
    never = add_candidate(ws, "Never Interviewed", "", KIT.role_id).id
    ws.close()
    con = sqlite3.connect(db)
    con.execute("UPDATE assessments SET started_at='2020-01-01', submitted_at='2020-01-02' "
                "WHERE candidate_id=?", (old,))
    con.execute("UPDATE candidates SET created_at='2020-01-01' WHERE id IN (?, ?)", (old, never))
    con.commit()
    con.close()
    ws = workspace(db, days=365)
    assert [c.id for c in past_retention(ws)] == [never, old]  # least recent activity first
    assert past_retention(ws, days=0) == []
    ws.close()
    assert cli(["--db", str(db), "anonymize", "--past-retention"]) == 1  # no period in Preferences
    save_preferences(Preferences(retention_days=365))
    assert cli(["--db", str(db), "anonymize", "--past-retention"]) == 0
    ws = workspace(db, days=365)
    assert past_retention(ws) == []
    names = {r.candidate.id: r.candidate.name for r in ws.store.candidates()}
    assert names[recent] == "Recent Person" and names[old] == f"Anonymized candidate {old}"
    ws.close()


def test_audit_trail_records_who_changed_what_from_what_to_what(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    cid = interviewed(ws)
    entries = audit_trail(ws, cid)
    changes = [(e.item_id, e.field, e.old, e.new) for e in entries]
    assert changes == [
        ("q1", "rating", None, "2"), ("q1", "rating", "2", "4"), ("g1", "flag_state", None, "present"),
        ("p1-a", "checked", None, "true"), (None, "recommendation", None, "yes"),
        (None, "status", "draft", "submitted"),
    ]
    assert {e.actor for e in entries} == {"Ivo Interviewer"} and all(e.at for e in entries)
    out = write_audit_csv(ws, tmp_path / "audit.csv")
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["time_utc", "actor", "candidate_id", "assessment_id", "item_id", "field", "from", "to"]
    assert rows[1][5] == "key_registered" and rows[1][1] == "Ivo Interviewer"  # the signing key, audited first
    assert rows[3][4:] == ["q1", "rating", "2", "4"]
    ws.close()
    assert cli(["--db", str(db), "audit", "--candidate", str(cid)]) == 0
    assert "recommendation" in capsys.readouterr().out
    assert cli(["--db", str(db), "audit", "--out", str(tmp_path / "a2.csv")]) == 0


def test_audit_csv_cells_cannot_become_formulas(tmp_path):
    ws = workspace(tmp_path / "db.sqlite3")
    cand = add_candidate(ws, "X", "", KIT.role_id)
    actor = "=HYPERLINK(\"http://evil\")"
    open_interview(ws, cand.id, actor).rate("q1", 1)
    rows = list(csv.reader(write_audit_csv(ws, tmp_path / "a.csv", viewer=actor).open(encoding="utf-8")))  # own draft
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")"
    ws.close()


def test_cli_erase_and_anonymize(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    a, b = interviewed(ws, "Ann"), interviewed(ws, "Bob")
    ws.close()
    exports = tmp_path / "out"
    exports.mkdir()
    (exports / f"{a:05d}-ann.pdf").write_bytes(b"%PDF-")
    assert cli(["--db", str(db), "erase", str(a), "--export-dir", str(exports)]) == 0
    out = capsys.readouterr().out
    assert f"candidate {a} erased" in out and f"{a:05d}-ann.pdf" in out and "Ann" not in out.split("\n")[0]
    assert cli(["--db", str(db), "anonymize", str(b)]) == 0
    assert cli(["--db", str(db), "erase", "999"]) == 1
    assert "no candidate with id 999" in capsys.readouterr().err

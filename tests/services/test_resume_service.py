"""A candidate's resume through the services and the command line: attach,
replace, refuse (too big without reading it, wrong type), erase and
anonymize remove it (backups too), never in a blind report, in the JSON
export only when asked for, imported when present."""

from __future__ import annotations

import builtins
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessor.cli.main import main as cli
from assessor.domain import FlagState, Recommendation
from assessor.domain.resume import MAX_RESUME_BYTES, PDF, TEXT
from assessor.services import (
    AssessorError, Preferences, add_candidate, anonymize_candidate, erase_candidate, export_json, export_report,
    import_json, open_interview, open_workspace,
)
from assessor.services.resume import add_candidate_with_resume, attach_resume, get_resume, remove_resume
from tests.kits import small_kit
from tests.resumes import write_pdf

KIT = small_kit()
SECRET = "Quillfeather Consulting"  # a word only the resume holds


def workspace(db: Path, keep: int = 5):
    return open_workspace(str(db), kits={KIT.role_id: KIT}, prefs=Preferences(backups_keep=keep))


@pytest.fixture
def rws(tmp_path):
    ws = workspace(tmp_path / "db.sqlite3")
    yield ws
    ws.close()


def text_resume(tmp_path: Path) -> Path:
    path = tmp_path / "cv.txt"
    path.write_text(f"Ana Costa\nWorked at {SECRET} on Flask APIs\n", encoding="utf-8")
    return path


def test_attach_read_replace_and_remove(rws, tmp_path):
    cand = add_candidate(rws, "Ana Costa", "", KIT.role_id)
    pdf = write_pdf(tmp_path / "Ana CV.pdf", "Ana Costa", f"{SECRET} 2019-2024")
    resume = attach_resume(rws, cand.id, pdf)
    assert (resume.file_name, resume.media_type, resume.size) == ("Ana CV.pdf", PDF, pdf.stat().st_size)
    assert get_resume(rws, cand.id).data == pdf.read_bytes()
    attach_resume(rws, cand.id, text_resume(tmp_path))  # replaces
    got = get_resume(rws, cand.id)
    assert got.media_type == TEXT and SECRET in got.text()
    assert remove_resume(rws, cand.id) and get_resume(rws, cand.id) is None
    with pytest.raises(AssessorError, match="no candidate with id 99"):
        attach_resume(rws, 99, pdf)


def test_a_too_big_file_is_refused_without_reading_it(rws, tmp_path, monkeypatch):
    cand = add_candidate(rws, "Ana Costa", "", KIT.role_id)
    big = tmp_path / "huge.pdf"
    subprocess.run(["truncate", "-s", str(MAX_RESUME_BYTES + 1), str(big)], check=True)  # sparse: no data
    opened: list[str] = []
    real_open = builtins.open

    def spy_open(file, *args, **kwargs):  # noqa: ANN001, ANN202
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    with pytest.raises(AssessorError, match=r"too big \(10.0 MB; the limit is 10 MB\)"):
        attach_resume(rws, cand.id, big)
    assert str(big) not in opened
    with pytest.raises(AssessorError, match="too big"):
        add_candidate_with_resume(rws, "Bo Berg", "", KIT.role_id, big)
    monkeypatch.undo()
    assert [r.candidate.name for r in rws.store.candidates()] == ["Ana Costa"]  # a refused file adds no one


def test_neither_pdf_nor_utf8_is_refused(rws, tmp_path):
    cand = add_candidate(rws, "Ana Costa", "", KIT.role_id)
    bad = tmp_path / "cv.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)))
    with pytest.raises(AssessorError, match=r"neither a PDF nor UTF-8 text .*cv.doc"):
        attach_resume(rws, cand.id, bad)
    named_pdf = tmp_path / "fake.pdf"
    named_pdf.write_bytes("Résumé in Latin-1".encode("latin-1"))  # a name is not a type
    with pytest.raises(AssessorError, match="neither a PDF"):
        attach_resume(rws, cand.id, named_pdf)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(AssessorError, match="empty"):
        attach_resume(rws, cand.id, empty)
    assert get_resume(rws, cand.id) is None


def _interviewed(ws, resume: Path) -> int:
    cand = add_candidate_with_resume(ws, "Ana Costa", "ana@example.com", KIT.role_id, resume)
    interview = open_interview(ws, cand.id, "Ivo Interviewer")
    interview.rate("q1", 3)
    interview.set_flag("g1", FlagState.PRESENT)
    interview.write_notes("g1", "p. 2")
    interview.set_recommendation(Recommendation.YES)
    interview.submit()
    return cand.id


def _raw(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("how", ["erase", "anonymize"])
def test_erase_and_anonymize_remove_it_here_and_in_backups(tmp_path, how):
    db = tmp_path / "data" / "db.sqlite3"
    ws = workspace(db)
    cid = _interviewed(ws, text_resume(tmp_path))
    ws.close()
    ws = workspace(db)  # a backup made at start, before the erasure: it holds the resume
    backups = list((db.parent / "backups").glob("*.sqlite3"))
    assert backups and any(SECRET.encode() in data for data in _raw(db.parent).values())
    (erase_candidate if how == "erase" else anonymize_candidate)(ws, cid)
    assert get_resume(ws, cid) is None
    ws.close()
    for path, data in _raw(db.parent).items():  # database, WAL, every backup
        assert SECRET.encode() not in data, path.name
    for path in [db, *backups]:
        con = sqlite3.connect(path)
        assert con.execute("SELECT count(*) FROM resumes").fetchone() == (0,), path.name
        con.close()


def test_never_in_a_blind_report(rws, tmp_path):
    pdf = write_pdf(tmp_path / "cv.pdf", "Ana Costa", f"{SECRET} 2019-2024")
    cid = _interviewed(rws, pdf)
    for blind in (True, False):
        out = export_report(rws, cid, tmp_path / f"{cid:05d}-{blind}.pdf", blind=blind)
        text = "".join(page.extract_text() for page in PdfReader(out).pages)
        assert "p. 2" in text  # the text is read (the cited page is evidence, shown as typed) ...
        assert SECRET not in text and "cv.pdf" not in text  # ... and the resume is not in it


def test_json_export_names_it_only_when_asked_and_import_takes_it(rws, tmp_path):
    pdf = write_pdf(tmp_path / "cv.pdf", "Ana Costa", SECRET)
    cid = _interviewed(rws, pdf)
    plain = export_json(rws, tmp_path / "plain.json")
    assert "resume" not in plain.read_text(encoding="utf-8") and "cv.pdf" not in plain.read_text(encoding="utf-8")
    full = export_json(rws, tmp_path / "full.json", with_resumes=True)
    record = json.loads(full.read_text(encoding="utf-8"))["candidates"][0]
    assert record["resume"]["file_name"] == "cv.pdf" and record["resume"]["size"] == pdf.stat().st_size
    other = workspace(tmp_path / "other.sqlite3")
    try:
        report = import_json(other, full)
        assert report.resumes == 1 and "1 resume attached" in report.summary()
        imported = other.store.candidates()[0].candidate.id
        assert get_resume(other, imported).data == pdf.read_bytes()
        assert import_json(other, full).resumes == 0  # twice adds nothing twice
        plain_ws = workspace(tmp_path / "plain.sqlite3")
        import_json(plain_ws, plain)
        assert get_resume(plain_ws, plain_ws.store.candidates()[0].candidate.id) is None
        plain_ws.close()
    finally:
        other.close()
    assert get_resume(rws, cid) is not None
    record["resume"]["sha256"] = "0" * 64
    bad = tmp_path / "bad.json"
    data = json.loads(full.read_text(encoding="utf-8"))
    data["candidates"][0] = record
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AssessorError, match=r"candidates\[0\]\.resume.*sha256"):
        import_json(workspace(tmp_path / "third.sqlite3"), bad)


def test_cli_add_attach_replace_remove(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite3")
    pdf = write_pdf(tmp_path / "cv.pdf", "one", "two")
    role = "flask-developer"
    assert cli(["--db", db, "candidate", "add", "Ana Costa", "--email", "ana@example.com", "--role", role,
                "--resume", str(pdf)]) == 0
    assert capsys.readouterr().out.strip() == "candidate 1 added with a resume"
    assert cli(["--db", db, "candidate", "resume", "1", str(text_resume(tmp_path))]) == 0
    assert "resume attached (text," in capsys.readouterr().out
    ws = open_workspace(db)
    assert get_resume(ws, 1).media_type == TEXT
    ws.close()
    big = tmp_path / "big.pdf"
    subprocess.run(["truncate", "-s", "20M", str(big)], check=True)
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\xff\xfe\x00\x01" * 10)
    for args, message in (
        (["candidate", "resume", "1", str(big)], "assessor: the resume is too big (20 MB; the limit is 10 MB): big.pdf"),
        (["candidate", "resume", "1", str(bad)], "assessor: the resume is neither a PDF nor UTF-8 text (.txt or .md): x.bin"),
        (["candidate", "resume", "7", str(pdf)], "assessor: no candidate with id 7"),
        (["candidate", "resume", "1"], "assessor: give either a resume FILE or --remove"),
        (["candidate", "add", "Bo", "--role", role, "--resume", str(big)], "assessor: the resume is too big"),
    ):
        assert cli(["--db", db, *args]) == 1, args
        err = capsys.readouterr().err
        assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err
    assert cli(["--db", db, "candidate", "resume", "1", "--remove"]) == 0
    assert capsys.readouterr().out.strip() == "candidate 1: resume removed"
    assert cli(["--db", db, "candidates"]) == 0
    assert "Bo" not in capsys.readouterr().out
    assert cli(["--db", db, "export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--with-resumes"]) == 1
    assert "--with-resumes needs --format json" in capsys.readouterr().err


def test_cli_erase_removes_the_resume(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite3")
    assert cli(["--db", db, "candidate", "add", "Ana Costa", "--role", "flask-developer",
                "--resume", str(text_resume(tmp_path))]) == 0
    assert cli(["--db", db, "erase", "1"]) == 0
    assert "1 resumes" in capsys.readouterr().out
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM resumes").fetchone() == (0,)
    con.close()


def test_never_in_logs(tmp_path, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    db = tmp_path / "data" / "db.sqlite3"
    ws = workspace(db)
    cid = _interviewed(ws, text_resume(tmp_path))
    assert SECRET not in repr(get_resume(ws, cid)) and "cv.txt" not in repr(get_resume(ws, cid))
    export_json(ws, tmp_path / "out.json", with_resumes=True)
    erase_candidate(ws, cid)
    ws.close()
    assert SECRET not in caplog.text and "cv.txt" not in caplog.text

"""Personal data leaves no trace in files: partial exports a killed export
left are deleted at start, ``erase`` lists every export in the export folder
that holds the candidate (report, blind report, JSON, CSV, comparison) and
every partial one, and every folder Assessor makes is owner-only
(docs/security.md, "Personal data in exported files")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from assessor.cli.main import main as cli
from assessor.domain import candidate_code
from assessor.services import (
    Preferences, erase_candidate, export_comparison, export_csv, export_json, export_report, open_workspace,
)
from tests.reliability.test_personal_data import KIT, NAME, interviewed


def workspace(db: Path, exports: Path | None = None):
    return open_workspace(str(db), kits={KIT.role_id: KIT},
                          prefs=Preferences(backups_keep=0, export_folder=str(exports or "")))


def _old(path: Path, data: bytes = b"{\"candidates\": [\"Quenby\"") -> Path:
    path.write_bytes(data)
    os.utime(path, (1_000_000_000, 1_000_000_000))  # long before this start: not a write under way
    return path


def test_partial_exports_are_deleted_at_start(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    db = tmp_path / "data" / "db.sqlite3"
    workspace(db).close()
    killed = [_old(exports / ".all.json.k3j2.part"), _old(exports / ".all.csv.x9.part"),
              _old(db.parent / ".backup.sqlite3.q1.part")]
    fresh = exports / ".now.json.z1.part"
    fresh.write_bytes(b"being written by another process")
    workspace(db, exports).close()
    assert not any(p.exists() for p in killed)
    assert fresh.exists()  # younger than a minute: possibly under way, left alone


def test_erase_lists_every_export_that_holds_the_candidate(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    ws = workspace(tmp_path / "db.sqlite3", exports)
    cid = interviewed(ws)
    other = interviewed(ws, "Other Person")
    candidate = ws.store.candidate(cid)
    report = export_report(ws, cid, exports / f"{cid:05d}-quenby.pdf")
    blind = export_report(ws, cid, exports / f"{candidate_code(candidate)}-blind.pdf", blind=True)
    everyone_json = export_json(ws, exports / "everyone.json")
    everyone_csv = export_csv(ws, exports / "all-responses.csv")
    comparison_pdf = export_comparison(ws, KIT.role_id, exports / "shortlist.pdf")
    comparison_csv = export_comparison(ws, KIT.role_id, exports / "shortlist.csv")
    theirs_only = export_json(ws, exports / "someone-else.json", [other])
    other_report = export_report(ws, other, exports / f"{other:05d}-other.pdf")
    partial = exports / ".big.json.ab12.part"
    partial.write_bytes(b"half of an export")  # a killed export, during this session

    listed = erase_candidate(ws, cid, [exports]).leftovers
    ws.close()
    assert set(listed) >= {report, blind, everyone_json, everyone_csv, comparison_pdf, comparison_csv, partial}
    assert theirs_only not in listed and other_report not in listed


def test_report_all_makes_its_folder_owner_only(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    ws = workspace(db)
    interviewed(ws)
    ws.close()
    out = tmp_path / "new" / "reports"
    old_umask = os.umask(0o022)
    try:
        assert cli(["--db", str(db), "report", "--all", "--out", str(out)]) == 0
    finally:
        os.umask(old_umask)
    for folder in (out, out.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert NAME.split()[0].lower() in " ".join(p.name for p in out.iterdir())

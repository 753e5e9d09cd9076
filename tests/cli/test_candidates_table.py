"""``assessor candidates`` prints role ids whole (they run to 64 characters)."""

from __future__ import annotations

from assessor.cli.main import main
from assessor.domain import InterviewKit
from assessor.services import add_candidate, open_interview, open_workspace
from tests.kits import small_kit

LONG = "site-reliability-engineer-platform-infrastructure"


def test_the_list_never_cuts_a_role_id_and_keeps_its_columns(tmp_path, capsys):
    kit = InterviewKit.model_validate({**small_kit().model_dump(), "role_id": LONG})
    db = str(tmp_path / "c.sqlite3")
    with open_workspace(db, kits={LONG: kit}) as ws:
        interviewed = add_candidate(ws, "Ann Long", "", LONG)
        open_interview(ws, interviewed.id, "Ivo").rate("q1", 3)
        add_candidate(ws, "Bo Short", "", LONG)
    assert main(["--db", db, "candidates"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert [row.split()[3] for row in rows] == [LONG, LONG]
    assert all(row.index(LONG) == header.index("ROLE") for row in rows)
    status = header.index("STATUS")
    assert [row[status:].split()[0] for row in rows] == ["draft", "-"] and all(row[status - 1] == " " for row in rows)

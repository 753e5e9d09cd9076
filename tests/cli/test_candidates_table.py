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


def test_the_list_shows_a_panel_as_the_window_does(tmp_path, capsys):
    # three interviewers, two submitted: the counts, and their recommendations
    # only where the viewer may see them (hidden while the viewer's own is a draft)
    from assessor.domain import Recommendation

    kit = small_kit()
    db = str(tmp_path / "p.sqlite3")
    with open_workspace(db, kits={kit.role_id: kit}) as ws:
        cid = add_candidate(ws, "Pat Panel", "", kit.role_id).id
        for who, rec in (("Ann", Recommendation.YES), ("Bo", Recommendation.NO), ("Cy", None)):
            interview = open_interview(ws, cid, who)
            interview.rate("q1", 3)
            if rec is not None:
                interview.set_recommendation(rec)
                interview.set_departure_reason("The panel test's reason.")
                interview.submit()
        add_candidate(ws, "Solo Sam", "", kit.role_id)
    assert main(["--db", db, "candidates"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    panel = header.index("PANEL")
    by_name = {row.split()[1]: row[panel:] for row in rows}
    assert by_name["Pat"] == "2 of 3 submitted · Yes · No"
    assert by_name["Solo"] == "-"
    assert main(["--db", db, "candidates", "--viewer", "cy"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    pat = next(row for row in rows if "Pat Panel" in row)
    assert pat[header.index("PANEL"):] == "2 of 3 submitted · recommendations hidden until you submit"
    assert "Yes" not in pat[header.index("PANEL"):]

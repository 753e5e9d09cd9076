"""The audit trail in a recruiter's words (issue 17, item 7): the window
names the candidate, the item by its prompt or text, the change and its
values as a person reads them, at local time; the CSV keeps the codes."""

from __future__ import annotations

import csv
import re

from assessor.domain import FlagState, Recommendation
from assessor.gui.audit_view import HEADERS, AuditDialog
from assessor.services import add_candidate, open_interview, write_audit_csv


def table(dialog: AuditDialog) -> list[dict[str, str]]:
    t = dialog.table
    return [{HEADERS[c]: t.item(r, c).text() for c in range(t.columnCount())} for r in range(t.rowCount())]


def test_the_audit_trail_reads_in_words_and_the_csv_keeps_codes(qtbot, small_ws, tmp_path):
    candidate = add_candidate(small_ws, "Zoë Ørsted", "zoe@example.com", "test-role")
    interview = open_interview(small_ws, candidate.id, "Ana Lima")
    interview.rate("q1", 3)
    interview.rate("q1", 4)
    interview.set_flag("g1", FlagState.PRESENT)
    interview.tick("p1-a", True)
    interview.set_recommendation(Recommendation.STRONG_YES)

    dialog = AuditDialog(small_ws, candidate.id, viewer="Ana Lima")  # her own draft's trail
    qtbot.addWidget(dialog)
    rows = table(dialog)
    changes = {(r["What"], r["Change"], r["From"], r["To"]) for r in rows}
    assert ("Explain the philosophy", "Rating", "—", "3 L3") in changes
    assert ("Explain the philosophy", "Rating", "3 L3", "4 L4") in changes
    assert ("Green one", "Resume flag", "—", "Present") in changes
    assert ("Skill A", "Tick", "—", "ticked") in changes
    assert any(r["Change"] == "Overall recommendation" and r["To"] == "Strong Yes" for r in rows)
    assert {r["Candidate"] for r in rows} == {"Zoë Ørsted"} and {r["Who"] for r in rows} == {"Ana Lima"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", r["When"]) for r in rows)  # local time, no ISO "T"
    assert not any(re.search(r"\b(q1|g1|p1-a|strong_yes|true|false)\b", " ".join(r.values())) for r in rows)
    assert dialog.count.text() == f"{len(rows)} changes"

    out = write_audit_csv(small_ws, tmp_path / "audit.csv", candidate.id, "Ana Lima")
    with open(out, newline="", encoding="utf-8") as f:
        coded = list(csv.DictReader(f))
    assert {("q1", "rating", "3", "4"), ("g1", "flag_state", "", "present")} <= {
        (r["item_id"], r["field"], r["from"], r["to"]) for r in coded}

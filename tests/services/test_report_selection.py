"""No report shows someone else's draft (issue 14, item 3, first slice).

With one submitted scorecard and another interviewer's newer draft, the
report (``assessor report ID``, the window's export, the preview bytes)
renders the submitted ratings and recommendation, never the draft's; with
nothing submitted the latest draft is still reported, marked as a draft
(as ``report --all`` does).
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assessor.cli.main import main as cli
from assessor.domain import Recommendation
from assessor.services import add_candidate, open_interview
from assessor.services.export import NothingSubmitted, export_report, report_bytes
from tests.kits import small_kit

ANN_NOTE = "Ann: derived it from first principles"
BO_NOTE = "Bo: half-filled draft thoughts"


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _panel(ws) -> int:
    cid = add_candidate(ws, "Sol Candidate", "", small_kit().role_id).id
    ann = open_interview(ws, cid, "Ann")
    ann.rate("q1", 4)
    ann.rate("q2", 4)
    ann.write_notes("q1", ANN_NOTE)
    ann.set_recommendation(Recommendation.STRONG_YES)
    ann.submit()
    bo = open_interview(ws, cid, "Bo")  # newer, never submitted
    bo.rate("q1", 1)
    bo.write_notes("q1", BO_NOTE)
    bo.set_recommendation(Recommendation.STRONG_NO)
    return cid


def _shows_ann_not_bo(body: str) -> None:
    assert "Strong Yes" in body and ANN_NOTE in body
    assert "Strong No" not in body and BO_NOTE not in body and "DRAFT" not in body


def test_the_report_renders_the_submitted_scorecard_not_a_newer_draft(ws, tmp_path):
    cid = _panel(ws)
    _shows_ann_not_bo(_text(report_bytes(ws, cid)))  # the window's preview
    _shows_ann_not_bo(_text(export_report(ws, cid, tmp_path / "r.pdf").read_bytes()))  # the window's export


def test_the_cli_report_renders_the_submitted_scorecard_not_a_newer_draft(ws, tmp_path):
    cid = _panel(ws)
    out = tmp_path / "cli.pdf"
    db = str(ws.store.path)
    ws.close()
    assert cli(["--db", db, "report", str(cid), "--out", str(out)]) == 0
    _shows_ann_not_bo(_text(out.read_bytes()))


def test_with_nothing_submitted_only_the_author_gets_their_draft_reported(ws):
    cid = add_candidate(ws, "Dee Draft", "", small_kit().role_id).id
    bo = open_interview(ws, cid, "Bo")
    bo.rate("q1", 2)
    body = _text(report_bytes(ws, cid, viewer="Bo"))
    assert "DRAFT" in body
    for viewer in ("", "Hiring Manager", "Ann"):  # a draft is no one else's to read
        with pytest.raises(NothingSubmitted, match="no submitted assessment yet .1 draft of other interviewers left"):
            report_bytes(ws, cid, viewer=viewer)

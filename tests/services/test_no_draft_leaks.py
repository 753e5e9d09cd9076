"""A hostile colleague reads every view and export (issue 14: "Reports show
someone else's draft", "Hidden ratings leak through other views").

One candidate, Ann's submitted scorecard and Bogdan's newer draft (its
ratings 1, its "Strong No", its notes).  Through the services and through
the command line, the report (one, ``--all``, the window's preview bytes),
calibration, the comparison (table, PDF, CSV), the audit trail (table and
CSV) and the JSON/CSV exports never carry the draft to anyone but Bogdan:
not to a hiring manager (a blank viewer or a name with no assessment), not
to another interviewer.  While Bogdan drafts, Ann's ratings of that
candidate stay hidden from him in every one of them (independent scoring).
Each file is read back: PDFs with pypdf, JSON and CSV parsed.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader

from assessor.cli.main import main as cli
from assessor.domain import Recommendation
from assessor.services import (
    add_candidate, audit_trail, calibration_for, export_csv, export_json, left_out, open_interview, write_audit_csv,
)
from assessor.services.audit import audit_lines
from assessor.services.batch import export_all
from assessor.services.export import NothingSubmitted, export_comparison, export_report, report_bytes
from assessor.services.panel import ScoresHidden, comparison_for
from tests.kits import small_kit

ROLE = small_kit().role_id
DRAFTER = "Bogdan Draftwright"
ANN_NOTE = "Ann: derived it from first principles"
BO_NOTE = "Bogdan: half-filled suspicions"
BO_TAKEAWAY = "Bogdan's unfinished takeaway"
#: what of the draft must never be shown to anyone but its author
DRAFT_TEXT = (DRAFTER, BO_NOTE, BO_TAKEAWAY, "Strong No", "strong_no")
#: viewers who are not the draft's author: hiring managers (blank, or a name with no assessment), another interviewer
OTHERS = ("", "Hiring Manager", "Ann")


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _no_draft(text: str, legend: bool = False) -> None:
    """None of :data:`DRAFT_TEXT` in ``text`` (``legend``: the text explains
    the scale, "1 Strong No .. 4 Strong Yes", so the label is not looked for)."""
    for secret in DRAFT_TEXT[:3] if legend else DRAFT_TEXT:
        assert secret not in text, secret


@pytest.fixture
def panel(ws):
    """(candidate id, Ann's assessment id, Bogdan's draft's id)."""
    cid = add_candidate(ws, "Sol Candidate", "sol@example.com", ROLE).id
    ann = open_interview(ws, cid, "Ann")
    ann.rate("q1", 4)
    ann.rate("q2", 4)
    ann.write_notes("q1", ANN_NOTE)
    ann.set_recommendation(Recommendation.STRONG_YES)
    ann.submit()
    bo = open_interview(ws, cid, DRAFTER)  # newer, never submitted
    bo.rate("q1", 1)
    bo.rate("q2", 1)
    bo.write_notes("q1", BO_NOTE)
    bo.set_takeaways(BO_TAKEAWAY)
    bo.set_recommendation(Recommendation.STRONG_NO)
    return cid, ann.assessment.id, bo.assessment.id


@pytest.mark.parametrize("viewer", OTHERS)
def test_no_service_view_or_export_carries_another_interviewers_draft(ws, panel, tmp_path, viewer):
    cid, ann_id, bo_id = panel
    # the report: the window's preview bytes, its export, report --all
    body = _pdf_text(report_bytes(ws, cid, viewer=viewer))
    assert ANN_NOTE in body and "Strong Yes" in body
    _no_draft(body)
    _no_draft(_pdf_text(export_report(ws, cid, tmp_path / "one.pdf", viewer=viewer).read_bytes()))
    result = export_all(ws, tmp_path / "all", viewer=viewer)
    assert len(result.written) == 1 and not result.failed
    _no_draft(_pdf_text(result.written[0].read_bytes()))

    # calibration: Ann's ratings only
    rows = calibration_for(ws, ROLE, viewer)
    assert [r.interviewer for r in rows] == ["Ann"] and rows[0].ratings == 2 and rows[0].mean == 4

    # the comparison: one interview, Ann's recommendation; its PDF and CSV
    comparison = comparison_for(ws, ROLE, viewer)
    assert [(r.interviews, dict(r.tally)) for r in comparison.rows] == [(1, {Recommendation.STRONG_YES: 1})]
    _no_draft(_pdf_text(export_comparison(ws, ROLE, tmp_path / "c.pdf", viewer=viewer).read_bytes()), legend=True)
    table = list(csv.reader(export_comparison(ws, ROLE, tmp_path / "c.csv", viewer=viewer).open(encoding="utf-8")))
    assert len(table) == 2
    _no_draft(json.dumps(table))

    # the audit trail: no entry of the draft (its ratings 1, its recommendation), in the table, in words or as CSV
    entries = audit_trail(ws, cid, viewer)
    assert entries and {e.assessment_id for e in entries} == {ann_id}
    lines = audit_lines(ws, None, viewer)
    # the drafter's one line is their signing key's registration: about them, not the candidate or the draft
    assert [(line.candidate, line.item, line.change) for line in lines if line.actor == DRAFTER] in (
        [], [("—", "their signing key", "Signing key registered")])
    audit = list(csv.DictReader(write_audit_csv(ws, tmp_path / "a.csv", None, viewer).open(encoding="utf-8")))
    about_candidates = [r for r in audit if r["candidate_id"] != "0"]  # "0": signing keys registered, by person
    assert about_candidates and {r["assessment_id"] for r in about_candidates} == {str(ann_id)}
    _no_draft(json.dumps(about_candidates))

    # the exports: Ann's scorecard only
    doc = json.loads(export_json(ws, tmp_path / "x.json", viewer=viewer).read_text(encoding="utf-8"))
    assert [[a["interviewer"] for a in c["assessments"]] for c in doc["candidates"]] == [["Ann"]]
    _no_draft(json.dumps(doc["candidates"], ensure_ascii=False))
    responses = list(csv.DictReader(export_csv(ws, tmp_path / "x.csv", viewer=viewer).open(encoding="utf-8")))
    assert responses and {r["interviewer"] for r in responses} == {"Ann"}
    _no_draft(json.dumps(responses, ensure_ascii=False))

    shown = left_out(ws, viewer)
    assert (shown.drafts_left_out, shown.hidden) == (1, 0)
    assert shown.left_out_text == "1 draft of other interviewers left out"


def test_the_drafter_sees_their_own_draft_and_none_of_the_others_ratings(ws, panel, tmp_path):
    cid, ann_id, bo_id = panel
    with pytest.raises(ScoresHidden):
        report_bytes(ws, cid, viewer=DRAFTER)
    assert calibration_for(ws, ROLE, DRAFTER) == []  # Ann's n = 1 ratings stay hidden
    assert comparison_for(ws, ROLE, DRAFTER).rows == []
    assert {e.assessment_id for e in audit_trail(ws, cid, DRAFTER)} == {bo_id}
    doc = json.loads(export_json(ws, tmp_path / "x.json", viewer=DRAFTER).read_text(encoding="utf-8"))
    [candidate] = doc["candidates"]
    assert [a["interviewer"] for a in candidate["assessments"]] == [DRAFTER]
    assert ANN_NOTE not in json.dumps(candidate) and "strong_yes" not in json.dumps(candidate)
    shown = left_out(ws, DRAFTER)
    assert (shown.drafts_left_out, shown.hidden) == (0, 1)


def test_a_candidate_with_only_a_colleagues_draft_has_no_report(ws, tmp_path):
    cid = add_candidate(ws, "Dee Draft", "", ROLE).id
    open_interview(ws, cid, DRAFTER).write_notes("q1", BO_NOTE)
    for viewer in OTHERS:
        with pytest.raises(NothingSubmitted, match="1 draft of other interviewers left out"):
            export_report(ws, cid, tmp_path / "r.pdf", viewer=viewer)
        result = export_all(ws, tmp_path / f"all-{viewer}", viewer=viewer)
        assert (result.written, result.failed, result.left_out) == ([], [], [cid])
    assert BO_NOTE in _pdf_text(report_bytes(ws, cid, viewer=DRAFTER))  # its author's own


def _run(db: str, capsys, *args: str) -> str:
    assert cli(["--db", db, *args]) == 0, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.mark.parametrize("viewer", [None, "Hiring Manager", "Ann"])
def test_no_command_prints_or_writes_another_interviewers_draft(ws, panel, tmp_path, capsys, viewer):
    cid, _ann, _bo = panel
    db = str(ws.store.path)
    ws.close()
    who = [] if viewer is None else ["--as", viewer]  # none: Preferences has no name, a hiring manager's view
    out = tmp_path / "out"
    out.mkdir()

    _run(db, capsys, "report", str(cid), "--out", str(out / "r.pdf"), *who)
    text = _pdf_text((out / "r.pdf").read_bytes())
    assert ANN_NOTE in text
    _no_draft(text)
    printed = _run(db, capsys, "report", "--all", "--out", str(out / "all"), *who)
    assert "1 report(s) written" in printed and "1 draft(s) of other interviewers left out" in printed
    [pdf] = (out / "all").glob("*.pdf")
    _no_draft(_pdf_text(pdf.read_bytes()))

    printed = _run(db, capsys, "calibration", *who)
    assert "Ann" in printed and "(1 draft of other interviewers left out)" in printed
    _no_draft(printed)
    printed = _run(db, capsys, "calibration", ROLE, *who)
    _no_draft(printed)

    for suffix in ("pdf", "csv"):
        printed = _run(db, capsys, "compare", ROLE, "--out", str(out / f"c.{suffix}"), *who)
        assert "1 draft of other interviewers left out" in printed
        data = (out / f"c.{suffix}").read_bytes()
        _no_draft(_pdf_text(data) if suffix == "pdf" else data.decode("utf-8"), legend=suffix == "pdf")

    printed = _run(db, capsys, "audit", *who)
    assert "Ann" in printed and "(the entries of 1 draft of other interviewers left out)" in printed
    # a person's signing-key registration (candidate 0) names them, but nothing of any candidate or draft
    about_candidates = "\n".join(line for line in printed.splitlines() if "key_registered" not in line)
    _no_draft(about_candidates)
    assert " 1 -> " not in about_candidates and "-> 1" not in about_candidates  # the draft's ratings
    _run(db, capsys, "audit", "--candidate", str(cid), "--out", str(out / "a.csv"), *who)
    audit = list(csv.DictReader((out / "a.csv").open(encoding="utf-8")))
    assert audit and {r["actor"] for r in audit} == {"Ann"}

    _run(db, capsys, "export", "--out", str(out / "x.json"), *who)
    doc = json.loads((out / "x.json").read_text(encoding="utf-8"))
    assert [[a["interviewer"] for a in c["assessments"]] for c in doc["candidates"]] == [["Ann"]]
    _no_draft(json.dumps(doc["candidates"], ensure_ascii=False))
    printed = _run(db, capsys, "export", "--out", str(out / "x.csv"), *who)
    assert "(1 draft of other interviewers left out)" in printed
    rows = list(csv.DictReader((out / "x.csv").open(encoding="utf-8")))
    assert rows and {r["interviewer"] for r in rows} == {"Ann"}
    _no_draft(json.dumps(rows, ensure_ascii=False))


def test_the_drafter_at_the_command_line_gets_no_colleagues_report(ws, panel, tmp_path, capsys):
    cid, _ann, _bo = panel
    db = str(ws.store.path)
    ws.close()
    assert cli(["--db", db, "report", str(cid), "--out", str(tmp_path / "r.pdf"), "--as", DRAFTER]) == 1
    assert "hidden until you submit" in capsys.readouterr().err and not (tmp_path / "r.pdf").exists()
    printed = _run(db, capsys, "calibration", "--as", DRAFTER)
    assert "No submitted assessments" in printed and "1 submitted scorecard hidden until you submit" in printed
    assert "Ann" not in printed.replace("1 submitted", "")

"""The consolidated panel report, read back from the PDF: both interviewers'
columns and ratings, the disagreement flagged, the tally, the panel's score
and the recommendation it indicates, Krippendorff's alpha as the debrief
computes it, each interviewer's reason, seal and amendments, the notes by
item; and the single-assessment report's seal, amendments, reason and
indicated recommendation.  Hostile text runs through the new templates too."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text as sql

from assessor.domain import Candidate, Recommendation, compare, debrief
from assessor.report import comparison_csv, render_comparison, render_panel_report, render_report
from assessor.services import add_candidate
from assessor.services.export import export_report, report_bytes
from assessor.services.panel import amend
from tests.kits import small_kit
from tests.reliability.hostile import inputs, probes

from .helpers import flat, outline_titles, pages_text, reader, text
from .panels import WHEN, score, sealed

CONFIDENTIAL = "Confidential: candidate personal data. For the hiring team only."
BO_REASON = "Weak on fundamentals; the rest sounded rehearsed."


@pytest.fixture
def panel(ws):
    """Pat, scored by Ann (4, 4, focus 4: Strong Yes) and Bo (2, 3, focus 3:
    No, which departs from his computed 2.67 and carries a reason)."""
    cid = add_candidate(ws, "Pat Panel", "pat@example.org", "test-role").id
    ann = score(ws, cid, "Ann", 4, 4, Recommendation.STRONG_YES, focus=4, note="Ann: explained it from first principles.")
    bo = score(ws, cid, "Bo", 2, 3, Recommendation.NO, focus=3, reason=BO_REASON, note="Bo: could not go deeper.")
    return cid, ann.assessment.id, bo.assessment.id


def lines(pdf: bytes) -> list[str]:
    return [line.strip() for line in text(pdf).splitlines()]


def row(pdf: bytes, first: str, cells: int) -> list[str]:
    """The table row that starts with the cell ``first``: it and the next
    ``cells`` cells (pypdf gives one cell a line)."""
    found = lines(pdf)
    at = found.index(first)
    return found[at:at + cells + 1]


def export(ws, cid, tmp_path, **options) -> bytes:
    return export_report(ws, cid, tmp_path / "report.pdf", **options).read_bytes()


def test_both_interviewers_side_by_side_with_the_disagreement_flagged(ws, panel, tmp_path):
    cid, _, _ = panel
    pdf = export(ws, cid, tmp_path)
    assert "Panel report: 2 interviewers" in text(pdf)
    assert row(pdf, "Question", 3) == ["Question", "Ann", "Bo", "Spread"]
    assert row(pdf, "Q1. Explain the philosophy", 3) == ["Q1. Explain the philosophy", "4", "2", "⚠ 2-point spread"]
    assert row(pdf, "Q2. How do you structure it?", 3) == ["Q2. How do you structure it?", "4", "3", "1"]
    assert row(pdf, "Focus: Focus 1?", 3) == ["Focus: Focus 1?", "4", "3", "1"]
    assert "⚠ 1 question with a spread of 2 points or more" in text(pdf)


def test_summary_tally_panel_score_indicated_recommendation_and_alpha(ws, panel, tmp_path):
    cid, _, _ = panel
    d = debrief(ws.store.assessments_of(cid))
    pdf = export(ws, cid, tmp_path)
    body = text(pdf)
    for line in ("Strong Yes: 1", "Yes: 0", "No: 1", "Strong No: 0"):
        assert line in lines(pdf)
    assert f"{d.overall:.2f} / 4" in body and d.overall == pytest.approx((4.0 + 8 / 3) / 2, abs=0.01)
    assert row(pdf, "indicates", 1)[1] == d.indicated.label == "Strong Yes"
    shown = f"{d.alpha:.3f}".replace("-", "\u2212")  # a real minus sign, not a hyphen
    assert d.alpha is not None and f"Krippendorff's alpha (interval) = {shown}." in body
    reading = "Reliable" if d.alpha >= 0.8 else "Tentative" if d.alpha >= 0.667 else "Low"
    assert f"{reading} agreement" in body
    squashed = flat(pdf)
    assert "α=1−Do/De" in squashed and "Krippendorff,K.(2011).ComputingKrippendorff'sAlpha-Reliability" in squashed


def test_each_interviewer_with_recommendation_reason_seal_and_amendments(ws, panel, tmp_path):
    cid, ann_id, bo_id = panel
    amend(ws, bo_id, "q2", "rating", 2, "Pressed the wrong key", "Bo")
    pdf = export(ws, cid, tmp_path)
    body, squashed = text(pdf), flat(pdf)
    assert "Recommendation: Strong Yes · computed score 4.00 / 4, which indicates Strong Yes" in body
    assert "Recommendation: No" in body and "Reason for departing from the computed score" in body
    assert "".join(BO_REASON.split()) in squashed
    for aid in (ann_id, bo_id):
        seal = ws.store.assessment(aid).seal
        assert f"SHA-256{seal[:16]}…" in squashed and f"Fulldigest:{seal}" in squashed
    assert squashed.count("Seal:intact") == 2
    assert "PressedthewrongkeyQ2" not in squashed and "Reason:Pressedthewrongkey" in squashed
    assert "Rating3—L3→2—L2" in squashed and "Nochangeafter" not in squashed
    assert "Noamendmentssincesubmission." in squashed  # Ann's
    with ws.store.engine.begin() as conn:  # someone edits Ann's rating in the database by hand
        conn.execute(sql("UPDATE responses SET rating = 1 WHERE item_id = 'q1' AND assessment_id = :a"), {"a": ann_id})
    assert "Seal:broken" in flat(export(ws, cid, tmp_path))


def test_the_notes_stand_beside_their_ratings_with_the_interviewer_first(ws, panel, tmp_path):
    cid, _, _ = panel
    found = lines(export(ws, cid, tmp_path))
    at = found.index("⚠ 2-point spread")  # Q1's row in "Ratings side by side"
    after = found[at + 1:at + 8]
    assert "Ann: Ann: explained it from first principles." in after and "Bo: Bo: could not go deeper." in after
    assert after.index("Ann: Ann: explained it from first principles.") < after.index("Bo: Bo: could not go deeper.")
    assert found.count("Ann: Ann: explained it from first principles.") == 1  # not again under "Other notes"


def test_pages_outline_metadata_and_footer(ws, panel, tmp_path):
    cid, _, _ = panel
    pdf = export(ws, cid, tmp_path)
    pages = pages_text(pdf)
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page and CONFIDENTIAL in page
    top = [t for level, t in outline_titles(pdf) if level == 0]
    assert top == ["Panel", "Decision", "Agreement and section scores", "Ratings side by side", "Interviewers",
                   "Resume flags", "Developer profile and use cases", "Other notes", "Appendix"]
    assert (1, "Ann") in outline_titles(pdf) and (1, "Bo") in outline_titles(pdf)
    meta = reader(pdf).metadata
    assert meta.title == "Panel report: Pat Panel — Test Role" and meta.author == "Ann, Bo"


def test_one_submitted_assessment_keeps_the_single_report(ws, tmp_path):
    cid = add_candidate(ws, "Solo Sam", "", "test-role").id
    score(ws, cid, "Ann", 3, 3, Recommendation.YES)
    body = text(export(ws, cid, tmp_path))
    assert "Candidate report" in body and "Panel report" not in body
    score(ws, cid, "Bo", 2, 2, Recommendation.NO, submit=False)  # a second interviewer's draft
    body = text(export(ws, cid, tmp_path))
    # Ann's submitted scorecard, never Bo's newer draft (issue 14)
    assert "Panel report" not in body and "DRAFT" not in body and "Not sealed" not in body
    assert "Candidate report" in body and "intact" in body


def test_preview_bytes_are_the_exported_file(ws, panel, tmp_path):
    cid, _, _ = panel
    data = report_bytes(ws, cid)
    assert data.startswith(b"%PDF-") and data == export(ws, cid, tmp_path) == report_bytes(ws, cid)


def test_single_report_shows_seal_amendments_reason_and_indicated_recommendation(ws, tmp_path):
    cid = add_candidate(ws, "Dee Part", "", "test-role").id
    interview = score(ws, cid, "Ann", 2, 2, Recommendation.YES, reason="Strong references; nerves on the day")
    amend(ws, interview.assessment.id, "q1", "notes", "Rewrote: nervous but correct", "Clearer wording", "Ann")
    pdf = export(ws, cid, tmp_path)
    body, squashed = text(pdf), flat(pdf)
    assert "Indicated by the computed score: No" in body
    assert "Reason for departing from the computed score" in body
    assert "Yesalthoughthecomputedscore2isbelowthemidpoint2.5" in squashed
    assert "Strongreferences;nervesontheday" in squashed
    seal = ws.store.assessment(interview.assessment.id).seal
    assert f"Fulldigest:{seal}" in squashed and "Seal:intact" in squashed
    assert "Sealed at submission; intact, 1 amendment since" in body
    assert "Notesbefore:Annheardaclearanswer." in squashed and "Notesafter:Rewrote:nervousbutcorrect" in squashed
    assert "Reason:Clearerwording" in squashed
    assert (1, "Seal and amendments") in outline_titles(pdf)


# -- hostile text through the new templates --------------------------------------------------------

WHOLE = [(name, value) for name, value in inputs() if ":" not in name]


@pytest.mark.parametrize("name, value", WHOLE, ids=[n for n, _ in WHOLE])
def test_hostile_text_in_panel_blind_and_comparison_reports(name, value):
    kit = small_kit()
    # The megabyte goes in one note (and the name) only: everywhere, it would make a 200-page report.
    short = value if len(value) < 100_000 else value[:3000]
    candidate = Candidate(5, value, short, kit.role_id, WHEN, uid="cand-hostile")
    panel = [sealed(kit, candidate, short, {"q1": 1, "q2": 3}, text=short, q1_note=value, n=1),
             sealed(kit, candidate, "Bo", {"q1": 3, "q2": 3}, text=short, n=2)]
    d = debrief(panel)
    pdf = render_panel_report(d)
    assert pdf.startswith(b"%PDF-")
    shown = flat(pdf)
    for probe in probes(value):
        assert probe in shown, probe
    assert "⚠2-pointspread" in shown and "Seal:intact" in shown
    if name == "jinja":  # shown, never run (the digests may hold a "49": look for the loop instead)
        assert "{%forxinrange(3)%}loop{%endfor%}" in shown and "looplooploop" not in shown
    blind = render_panel_report(d, blind=True)
    assert "C-" in flat(blind) and "Blindreport" in flat(blind)
    assert render_report(panel[0], blind=True).startswith(b"%PDF-")
    comparison = compare(kit.role_id, [panel])
    assert render_comparison(comparison, role_title=value).startswith(b"%PDF-")
    csv.field_size_limit(max(csv.field_size_limit(), 2 * len(value)))
    rows = list(csv.reader(io.StringIO(comparison_csv(comparison).decode("utf-8"), newline="")))
    assert len(rows) == 2 and rows[1][0].removeprefix("'") == value

"""What the candidate report shows: every part of the assessment, metadata,
outline, page numbers, and the same bytes for the same assessment."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assessor.domain import Assessment, Status
from assessor.report import render_report

from .helpers import flat, outline_titles, pages_text, reader, text

CONFIDENTIAL = "Confidential: candidate personal data. For the hiring team only."


@pytest.fixture
def pdf(assessment: Assessment) -> bytes:
    return render_report(assessment)


def squash(s: str) -> str:
    return "".join(s.split())


def test_is_an_a4_pdf(pdf):
    assert pdf.startswith(b"%PDF-")
    box = reader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_header_facts(pdf, assessment):
    body = text(pdf)
    for expected in ("Zoë Ångström", "zoe@example.org", "Backend Developer", "Ada Lovelace",
                     "2024-05-03 14:00", "2024-05-03 15:10", "Submitted", "2024.1"):
        assert expected in body


def test_recommendation_and_scores(pdf):
    body = text(pdf)
    assert "Overall recommendation" in body and "Yes" in body
    assert "3.50 / 4" in body  # overall: mean of 3 and 4
    assert "3.00 / 4" in body and "4.00 / 4" in body  # skill questions, REST use case
    assert "1 of 2 demonstrated" in body  # architecture checklist
    assert "Red flags observed (1)" in body
    assert "Cannot name a single trade-off" in body


def test_every_question_with_rating_anchors_and_notes(pdf, kit, assessment):
    body = flat(pdf)
    for q in [*kit.questions, kit.use_cases[0].focus]:
        assert squash(q.prompt) in body
        assert squash(q.anchors.junior) in body and squash(q.anchors.senior) in body
    assert squash("3 — Proficient") in body
    assert squash("4 — Expert") in body
    assert "Notassessed" in body
    for note in ("Explained DNS and TLS clearly.", "Missed HTTP caching.", "EXPLAIN ANALYZE & pg_stat_statements",
                 "Prefers header versioning; good reasons.", "Said trade-offs are for managers."):
        assert squash(note) in body


def test_flags_profile_use_cases_and_takeaways(pdf):
    body = flat(pdf)
    for expected in ("Present:Contributestoopensourceprojects", "Evidence:MaintainerofaFlaskextension.",
                     "Unknown:Mentionsautomatedtesting", "Notseen:Severaljobsshorterthanayear",
                     "✓Separateslayers", "✗Explainstrade-offs(notdemonstrated)",
                     "Redflagobserved:Cannotnameasingletrade-off",
                     "✓Authentication", "APIversioning(notdemonstrated)",
                     "Redflagnotobserved:Breaksclientswithoutnotice",
                     "Strongon HTTP,needstogrowindatabases.".replace(" ", "")):
        assert expected in body


def test_page_x_of_y_and_confidentiality_on_every_page(pdf):
    pages = pages_text(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert CONFIDENTIAL in page


def test_metadata(pdf):
    meta = reader(pdf).metadata
    assert meta.title == "Candidate report: Zoë Ångström — Backend Developer"
    assert meta.author == "Ada Lovelace"
    assert "Backend Developer" in meta.subject


def test_outline_has_an_entry_per_section(pdf):
    titles = outline_titles(pdf)
    top = [t for level, t in titles if level == 0]
    assert top == ["Candidate", "Decision", "Scores by section", "Resume flags", "Skill-level questions",
                   "Developer profile", "Use cases", "Appendix"]
    assert (1, "Q1. What happens when a browser requests a URL?") in titles
    assert (1, "If you're building REST APIs") in titles


def test_same_assessment_same_bytes(assessment):
    assert render_report(assessment) == render_report(assessment)


def test_same_bytes_in_another_process(assessment):
    """No hash-seed, clock or process state leaks into the file."""
    here = hashlib.sha256(render_report(assessment)).hexdigest()
    root = Path(__file__).resolve().parents[2]
    code = ("import hashlib; from tests.report.conftest import make_assessment, KIT_DATA;"
            "from assessor.domain import InterviewKit; from assessor.report import render_report;"
            "print(hashlib.sha256(render_report(make_assessment(InterviewKit.model_validate(KIT_DATA)))).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == here


def test_draft_with_nothing_answered(kit, assessment):
    draft = replace(assessment, status=Status.DRAFT, submitted_at=None, recommendation=None,
                    takeaways="", responses={})
    body = text(render_report(draft))
    assert "None yet" in body
    assert "Not assessed" in body and "Not rated" not in body and "not rated" not in body  # one wording
    assert "Not submitted" in body and "DRAFT" in body
    assert "No red flags observed." in body
    assert "No use case was marked as applying to this job." in body
    assert "None recorded." in body


def test_report_package_needs_no_qt_and_no_sql():
    code = ("import sys, assessor.report, assessor.report.render;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlalchemy', 'alembic', 'sqlite3')];"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("first", [
    "import z3c.rml.rml2pdf",                                   # the PDF engine loaded before our fonts
    "from assessor.report.rich import rich; rich('你好 👍')",    # fonts parsed before the PDF engine
])
def test_fonts_survive_every_import_order(first):
    """z3c.rml resets ReportLab's font registry per document; the report's
    fonts must still be there for the second and later documents."""
    root = Path(__file__).resolve().parents[2]
    code = (f"{first}\n"
            "from tests.report.conftest import make_assessment, KIT_DATA\n"
            "from assessor.domain import InterviewKit\nfrom assessor.report import render_report\n"
            "a = make_assessment(InterviewKit.model_validate(KIT_DATA), **{'q-sql': '你好 👍 مرحبا'})\n"
            "assert render_report(a) == render_report(a)\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]

"""The report benchmark's floor (benchmarks/bare_report.py) stays the same
document as the real report: the ratio in docs/performance.md compares our
route with platypus on the same pages, not with a smaller document.  If the
template changes, this fails until the floor is changed with it."""

from __future__ import annotations

import io

from pypdf import PdfReader

from assessor.report import render_report
from assessor.services import load_assessment, open_workspace, run_demo
from benchmarks.bare_report import bare_report


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_floor_lays_out_the_same_pages_with_the_same_text(tmp_path):
    ws = open_workspace(str(tmp_path / "floor.sqlite3"))
    run_demo(ws, candidates=7)  # drafts, submitted, red flags and departures among them
    try:
        assessments = [load_assessment(ws, i) for i in ws.store.assessment_ids()[:4]]
    finally:
        ws.close()
    for a in assessments:
        ours, floor = _pages(render_report(a)), _pages(bare_report(a))
        assert len(ours) >= 2
        assert ours == floor, a.id

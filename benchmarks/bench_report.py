"""One PDF report, rendered in a warm process, against bare ReportLab.

Ours: :func:`assessor.report.render_report` on a complete demo assessment
of the built-in Flask bank (Jinja2 sandbox → RML → z3c.rml → ReportLab),
and :func:`assessor.report.render_panel_report` on a demo panel's debrief.
Floor: a bare ReportLab platypus document of the same strings (question
prompts, anchors, notes, flags; every interviewer's for the panel) in the
same body font, with no template, no font fallback and no RML parsing.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from xml.sax.saxutils import escape

from assessor.domain import debrief
from assessor.report import render_panel_report, render_report
from assessor.report.fonts import BODY, ensure_fonts
from assessor.services import load_assessment, open_workspace, run_demo

from .result import Result


def _strings(assessment) -> list[str]:  # noqa: ANN001 - a domain Assessment
    kit = assessment.kit
    out = [assessment.candidate.name, kit.title, assessment.takeaways]
    out += [f.text for f in kit.green_flags + kit.yellow_flags]
    for q in kit.questions:
        r = assessment.response(q.id)
        out += [q.prompt, q.anchors.junior, q.anchors.senior, kit.scale.label(r.rating), r.notes]
    for case in kit.use_cases:
        out += [case.title, case.focus.prompt, case.red_flag.text] + [i.text for i in case.priority_skills]
    return out


def _bare(strings: list[str]) -> bytes:
    ensure_fonts()
    style = ParagraphStyle("body", fontName=BODY, fontSize=10, leading=13)
    buf = io.BytesIO()
    story = []
    for s in strings:
        story += [Paragraph(escape(s), style), Spacer(1, 4)]
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(story)
    return buf.getvalue()


def _best_of(fn, repeat: int) -> float:  # noqa: ANN001 - a callable
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def _a_panel(ws) -> list:  # noqa: ANN001 - a Workspace
    """The submitted assessments of the first demo candidate a panel assessed ([] if none)."""
    for row in ws.store.candidates(limit=1000):
        submitted = [a for a in ws.store.assessments_of(row.candidate.id) if a.is_submitted]
        if len(submitted) >= 2:
            return submitted
    return []


def run(quick: bool = False) -> list[Result]:
    """One warm report render (and one panel report) against a bare platypus document."""
    repeat = 3 if quick else 10
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "bench.sqlite3"))
        run_demo(ws, candidates=12)
        assessment = load_assessment(ws, ws.store.assessment_ids()[0])
        panel = _a_panel(ws)
        ws.close()
    strings = _strings(assessment)
    render_report(assessment), _bare(strings)  # warm both: fonts parsed, templates compiled
    ours = _best_of(lambda: render_report(assessment), repeat)
    floor = _best_of(lambda: _bare(strings), repeat)
    results = [Result(f"one report, warm (best of {repeat})", ours, floor, "ms", max_ratio=1.5)]
    if panel:
        d = debrief(panel)
        panel_strings = [s for a in panel for s in _strings(a)]
        render_panel_report(d), _bare(panel_strings)
        ours = _best_of(lambda: render_panel_report(d), repeat)
        floor = _best_of(lambda: _bare(panel_strings), repeat)
        results.append(Result(f"one panel report of {len(panel)}, warm (best of {repeat})", ours, floor, "ms",
                              max_ratio=1.5))
    return results

"""One PDF report, rendered in a warm process, against the same document in bare ReportLab.

Ours: :func:`assessor.report.render_report` on a complete demo assessment
of the built-in Flask bank (build_context → Jinja2 sandbox → RML → z3c.rml
→ ReportLab platypus → PDF bytes), and :func:`assessor.report.render_panel_report`
on a demo panel's debrief.

Floors:

* **The report's floor** (row "one report, warm", target 1.5×):
  :func:`benchmarks.bare_report.bare_report`, the same candidate report
  built straight with ReportLab platypus: same page template (frame,
  rules, running header, "Page X of Y" in one layout pass), same
  paragraph and table styles, the same paragraphs, bullets, tables, score
  bars, outline entries and conditional page breaks in the same order,
  from the same :func:`~assessor.report.context.build_context` strings
  through the same ``rich``/``blocks`` filters (same markup, same fonts).
  What it does not do is the template, the sandbox, the RML check and
  z3c.rml's parsing and directives: the ratio is their cost.  The two PDFs
  have the same pages and the same text; the rows "same document?" below
  (pages, extracted characters, words) show it for the benchmarked assessment (pypdf, when the
  test extra is installed).
* **Its strings only** (row "one report vs its strings only", information,
  no target): :func:`_bare`, the report's raw strings (question prompts,
  anchors, notes, flags; :func:`_strings`) as plain DejaVuSans paragraphs in
  a :class:`~reportlab.platypus.SimpleDocTemplate`: no tables, headings,
  labels, bullets, outline, header or footer, no font fallback.  Kept so
  the old figure stays visible; it is a smaller document, not a floor.
* **The panel report** (information, no target): the same strings-only
  :func:`_bare` of every interviewer's assessment; the panel template
  (``panel_report.rml.j2``) has no bare mirror yet.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from assessor.domain import debrief
from assessor.report import render_panel_report, render_report
from assessor.report.fonts import BODY, ensure_fonts
from assessor.services import load_assessment, open_workspace, run_demo

from .bare_report import bare_report
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
    """The strings-only document (see the module): information, not the floor."""
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


def same_document(ours: bytes, floor: bytes) -> list[Result]:
    """Pages, extracted characters and extracted words of two PDFs, as
    information rows (``[]`` without pypdf).  Words are compared as
    multisets; the words row names how many are in one PDF only (0: the
    same words, as often)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return []
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in (ours, floor)]
    texts = ["\n".join(p.extract_text() for p in r.pages) for r in readers]
    words = [Counter(t.split()) for t in texts]
    unmatched = sum(((words[0] - words[1]) + (words[1] - words[0])).values())
    return [
        Result("  same document? pages", float(len(readers[0].pages)), float(len(readers[1].pages)), "pp"),
        Result("  same document? extracted characters", float(len(texts[0])), float(len(texts[1])), "ch"),
        Result(f"  same document? words ({unmatched} in one only)", float(sum(words[0].values())),
               float(sum(words[1].values())), "w"),
    ]


def run(quick: bool = False) -> list[Result]:
    """One warm report render against the same report in bare platypus (and,
    as information, against its strings only; a panel report likewise)."""
    repeat = 3 if quick else 10
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "bench.sqlite3"))
        run_demo(ws, candidates=12)
        assessment = load_assessment(ws, ws.store.assessment_ids()[0])
        panel = _a_panel(ws)
        ws.close()
    strings = _strings(assessment)
    # warm all three: fonts parsed, templates compiled, styles built
    pdf, floor_pdf, _ = render_report(assessment), bare_report(assessment), _bare(strings)
    ours = _best_of(lambda: render_report(assessment), repeat)
    floor = _best_of(lambda: bare_report(assessment), repeat)
    strings_floor = _best_of(lambda: _bare(strings), repeat)
    results = [Result(f"one report, warm (best of {repeat})", ours, floor, "ms", max_ratio=1.5),
               *same_document(pdf, floor_pdf),
               Result("one report vs its strings only (information)", ours, strings_floor, "ms")]
    if panel:
        d = debrief(panel)
        panel_strings = [s for a in panel for s in _strings(a)]
        render_panel_report(d), _bare(panel_strings)
        ours = _best_of(lambda: render_panel_report(d), repeat)
        floor = _best_of(lambda: _bare(panel_strings), repeat)
        results.append(Result(f"panel report ({len(panel)}) vs its strings (information)", ours, floor, "ms"))
    return results

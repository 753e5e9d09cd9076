"""The candidate report built straight with ReportLab platypus: the floor of the report benchmarks.

:func:`bare_report` lays out the same document as
:func:`assessor.report.render_report` (``reports/candidate_report.rml.j2``
with ``reports/common.rml.j2``, default branding, every optional section
shown, not blind) by hand, with no Jinja2, no RML and no z3c.rml, so that
``ours / floor`` in :mod:`benchmarks.bench_report` and
:mod:`benchmarks.bench_batch` is the cost of our route (template, sandbox,
RML parsing, z3c.rml's directives) over a platypus document of the same
content, not over a smaller document.

What it mirrors, value for value:

* the page: A4, one page template, the body frame at 2 cm / 2.1 cm,
  17 x 25.5 cm with no padding; the rules at 1.75 cm and 27.95 cm in the
  accent colour, the confidentiality line and "Page X of Y" in DejaVuSans
  8 pt, the running header (``running`` style) in the 17 x 0.9 cm box at
  28.05 cm.  "Page X of Y" is drawn in one layout pass: each page draws a
  form XObject that the canvas defines in :meth:`_PageCountCanvas.save`,
  once the page count is known (a PDF may use a form before defining it);
  a canvas that defers whole pages (ReportLab's "NumberedCanvas" recipe)
  would point every outline entry at page 1.
* the paragraph styles of ``common.rml.j2`` (copied values; ``body``
  derives from the sample style sheet's ``Normal`` as z3c.rml's root
  styles do), the per-paragraph overrides of the template (``leftIndent``,
  ``spaceAfter="0"`` on all but the last block of a note, ``spaceBefore``,
  ``keepWithNext``), the tables (headline, votes, the red-flag box, section
  bars, the appendix's facts) with their table styles, the page-1 brief
  (decision, votes, red flags, caps, takeaways, strongest and weakest
  answers), the evidence, the appendix, the DRAFT watermark of a draft, the score bars as a small flowable drawing the
  same rectangles and white ticks, bullets as ``<bullet>`` in the
  paragraph markup, the outline entries (a zero-size flowable calling
  ``bookmarkHorizontal`` and ``addOutlineEntry``, kept with its heading as
  ``render._layout_defaults`` keeps z3c.rml's), ``condPageBreak`` as
  :class:`~reportlab.platypus.CondPageBreak`;
* the content: the strings come from
  :func:`assessor.report.context.build_context` (branding ``None``) and
  go through the same filters the template applies (``rich``, ``blocks``
  and ``clip`` of :mod:`assessor.report.rich`, Jinja's autoescape for
  plain values), so the paragraph markup, and with it the font runs for
  other scripts, is the same;
* the document: invariant, compressed, the same title, author, subject and
  creator, the fonts of :func:`assessor.report.fonts.ensure_fonts`.

Left out: the masthead and company line of a branded report and the
blind notice (default branding, not blind: the template prints neither),
the template sandbox and the RML check (they are what the floor is the
floor of).  Outline keys are numbered ("outline1", ...) where z3c.rml
uses ``hash()`` of the flowable, which changes nothing a reader sees.
Checked on the demo assessments (60 of them, drafts, red flags, departures
and amendments with mixed scripts included): the same page count, the
same extracted text page by page, the same outline, and page images that
are identical pixel for pixel (``pdftoppm``).
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from markupsafe import escape
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)

from assessor.domain import Assessment
from assessor.report.context import build_context
from assessor.report.fonts import BODY, ensure_fonts
from assessor.report.rich import blocks, plain, rich

BAR_W = 170.08  # 6 cm in points, as the template rounds it
PAGE_W = 19 * cm  # right end of the rules and of "Page X of Y"
HEADER = (2 * cm, 28.05 * cm, 17 * cm, 0.9 * cm)  # x, y, width, height of the running header's box


def _e(value: object) -> str:
    """Jinja's autoescape of a plain value."""
    return str(escape(value))


def _clip(value: object, n: int) -> str:
    """The template's ``value | clip(n) | rich``."""
    return str(rich(plain(value, n)))


# -- styles (common.rml.j2) ---------------------------------------------------------------------


@lru_cache(maxsize=4)
def _styles(accent_text: str) -> dict[str, ParagraphStyle]:
    accent = colors.HexColor(accent_text)
    grey = colors.HexColor
    body = ParagraphStyle("body", parent=getSampleStyleSheet()["Normal"], fontName=BODY, fontSize=10,
                          leading=14, spaceAfter=4, textColor=colors.black)
    s: dict[str, ParagraphStyle] = {"body": body}

    def add(name: str, parent: str = "body", **kw: Any) -> None:
        s[name] = ParagraphStyle(name, parent=s[parent], **kw)

    add("running", fontSize=8, leading=10, textColor=grey("#444444"))
    add("kicker", fontSize=9, textColor=grey("#555555"), spaceAfter=0)
    add("h1", fontName="DejaVuSans-Bold", fontSize=20, leading=25, spaceAfter=8, textColor=accent)
    add("h2", fontName="DejaVuSans-Bold", fontSize=14, leading=18, spaceBefore=16, spaceAfter=6, keepWithNext=1,
        textColor=accent)
    add("h3", fontName="DejaVuSans-Bold", fontSize=11, leading=15, spaceBefore=10, spaceAfter=3, keepWithNext=1)
    add("label", fontSize=8.5, leading=11, textColor=grey("#555555"), spaceAfter=0)
    add("cell", spaceAfter=0)
    add("digest", fontSize=7, leading=9, textColor=grey("#333333"), spaceAfter=4)
    add("big", fontName="DejaVuSans-Bold", fontSize=16, leading=21, spaceAfter=0)
    add("rating", keepWithNext=1)
    add("matched", fontSize=9, leading=12.5, leftIndent=12, backColor=grey("#e0e0e0"), borderColor=colors.black,
        borderWidth=0.75, borderPadding=2, spaceBefore=2, spaceAfter=6)
    add("anchor", fontSize=9, leading=12.5, leftIndent=12, textColor=grey("#333333"))
    add("note", leftIndent=12, spaceAfter=6)
    add("muted", fontSize=9, leading=12.5, textColor=grey("#555555"))
    add("check", leftIndent=16, bulletIndent=2, bulletFontName="DejaVuSans", spaceAfter=2)
    add("alert", fontName="DejaVuSans-Bold", fontSize=10.5, leading=15, leftIndent=7, rightIndent=7,
        borderWidth=1.5, borderColor=colors.black, borderPadding=7, backColor=grey("#e8e8e8"),
        spaceBefore=12, spaceAfter=14)
    add("alertcell", fontName="DejaVuSans-Bold", fontSize=10.5, leading=15, spaceAfter=0)
    add("small", fontSize=8.5, leading=11, spaceAfter=0)
    add("calm", leftIndent=7, rightIndent=7, borderWidth=0.5, borderColor=grey("#888888"), borderPadding=7,
        spaceBefore=12, spaceAfter=14)
    return s


@lru_cache(maxsize=4)
def _table_styles(accent_rule: str) -> dict[str, TableStyle]:
    accent = colors.HexColor(accent_rule)
    grey = colors.HexColor
    return {
        "details": TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, grey("#cccccc")),
        ]),
        "headline": TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, -1), grey("#f0f0f0")),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("BOX", (0, 0), (-1, -1), 1, accent),
            ("INNERGRID", (0, 0), (-1, -1), 0.75, grey("#888888")),
        ]),
        "alertbox": TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), grey("#e8e8e8")), ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ("RIGHTPADDING", (0, 0), (-1, -1), 7), ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7), ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
        ]),
        "bars": TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, grey("#dddddd")),
        ]),
    }


# -- flowables and canvas -------------------------------------------------------------------------


class _Outline(Flowable):
    """``<outlineAdd>``: a bookmark where it stands and an outline entry to
    it, kept with the heading that follows (as render.py sets z3c.rml's)."""

    keepWithNext = 1

    def __init__(self, title: str, key: str, level: int = 0, closed: bool | None = None) -> None:
        super().__init__()
        self.title, self.key, self.level, self.closed = title, key, level, closed

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, self.level, self.closed)


class _Bar(Flowable):
    """The section-score bar of the template's ``<illustration>``: a grey
    6 cm bar, the mean's share of it dark, a white tick per scale step."""

    def __init__(self, fraction: float, ticks: list[str]) -> None:
        super().__init__()
        self.fraction, self.ticks = fraction, ticks
        self.width, self.height = 6 * cm, 10

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.HexColor("#d6d6d6"))
        c.rect(0, 0, BAR_W, 10, fill=1, stroke=0)
        c.setFillColor(colors.HexColor("#303030"))
        c.rect(0, 0, round(self.fraction * BAR_W, 2), 10, fill=1, stroke=0)
        c.setStrokeColor(colors.white)
        c.setLineWidth(1)
        for tick in self.ticks:
            x = float(tick)
            c.lines([(x, 0, x, 10)])
        c.restoreState()


class _PageCountCanvas(Canvas):
    """A canvas whose pages draw "Page X of Y" as a form XObject
    (:meth:`page_count`), each defined in :meth:`save` once Y is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._forms: list[int] = []
        self._shown = 0

    def page_count(self) -> None:
        """Draw this page's "Page X of Y" (filled in at :meth:`save`)."""
        self._forms.append(self.getPageNumber())
        self.doForm(f"pageCount{len(self._forms)}")

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._shown += 1
        super().showPage()

    def save(self) -> None:
        total = self._shown + (1 if self._code else 0)
        for i, page in enumerate(self._forms, 1):
            self.beginForm(f"pageCount{i}")
            self.setFont(BODY, 8)
            self.setFillColor(colors.HexColor("#333333"))
            self.drawRightString(PAGE_W, 1.2 * cm, f"Page {page} of {total}")
            self.endForm()
        super().save()


def _page_graphics(accent_rule: str, running: Paragraph, draft: bool):  # noqa: ANN202 - a ReportLab onPage callback
    rule = colors.HexColor(accent_rule)
    x, y, width, height = HEADER
    _, h = running.wrap(width, height)

    def on_page(canv: _PageCountCanvas, doc: BaseDocTemplate) -> None:  # noqa: ARG001 - ReportLab's signature
        canv.saveState()
        if draft:  # "DRAFT" across the page, under the text
            canv.saveState()
            canv.setFillColor(colors.HexColor("#d9d9d9"))
            canv.setFont("DejaVuSans-Bold", 110)
            canv.translate(10.5 * cm, 14.85 * cm)
            canv.rotate(50)
            canv.drawCentredString(0, -40, "DRAFT")
            canv.restoreState()
        canv.setStrokeColor(rule)
        canv.setLineWidth(0.75)
        canv.lines([(2 * cm, 1.75 * cm, PAGE_W, 1.75 * cm)])
        canv.lines([(2 * cm, 27.95 * cm, PAGE_W, 27.95 * cm)])
        canv.setFillColor(colors.HexColor("#333333"))
        canv.setFont(BODY, 8)
        canv.drawString(2 * cm, 1.2 * cm, "Confidential: candidate personal data. For the hiring team only.")
        canv.page_count()
        canv.restoreState()
        canv.saveState()
        running.drawOn(canv, x, y + height - h)
        canv.restoreState()

    return on_page


# -- the story (candidate_report.rml.j2) ---------------------------------------------------------


class _Story:
    """The story's flowables, in the template's order."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.ctx = ctx
        self.show = ctx["show"]
        self.s = _styles(ctx["brand"]["accent_text"])
        self.t = _table_styles(ctx["brand"]["accent_rule"])
        self.flow: list[Flowable] = []
        self._keys = 0
        self._derived: dict[tuple, ParagraphStyle] = {}

    # pieces

    def style(self, name: str, **overrides: Any) -> ParagraphStyle:
        """A style with a paragraph's own attributes (z3c.rml copies the style for them)."""
        if not overrides:
            return self.s[name]
        key = (name, *sorted(overrides.items()))
        if key not in self._derived:
            self._derived[key] = ParagraphStyle(f"{name}+", parent=self.s[name], **overrides)
        return self._derived[key]

    def p(self, markup: str, style: str, **overrides: Any) -> Paragraph:
        para = Paragraph(markup, self.style(style, **overrides))
        self.flow.append(para)
        return para

    def outline(self, title: str, level: int = 0, closed: bool | None = None) -> None:
        self._keys += 1
        self.flow.append(_Outline(title, f"outline{self._keys}", level, closed))

    def text(self, value: str, label: str, style: str, indent: float | None = None) -> None:
        """The ``text`` macro: a paragraph per block of a note."""
        extra = {"leftIndent": indent} if indent else {}
        if value:
            parts = blocks(value)
            for i, block in enumerate(parts):
                head = f"<b>{_e(label)}</b> " if i == 0 and label else ""
                self.p(head + str(block), style, **extra, **({"spaceAfter": 0} if i < len(parts) - 1 else {}))
        else:
            self.p(f'<b>{_e(label)}</b> <font color="#555555">none</font>', style, **extra)

    def checklist(self, items: list[dict[str, Any]]) -> None:
        for i in items:
            if i["done"]:
                self.p(f"<bullet>✓</bullet>{rich(i['text'])}", "check")
            else:
                self.p(f'<bullet>✗</bullet><font color="#555555">{rich(i["text"])} (not demonstrated)</font>',
                       "check")

    def red_flag(self, rf: dict[str, Any] | None) -> None:
        if not rf:
            return
        if rf["observed"]:
            box = self.p(f"✗ Red flag observed: {rich(rf['text'])}", "alert")
            self.flow[-1] = KeepTogether([box])  # the box never splits across pages
        else:
            self.p(f"Red flag not observed: {rich(rf['text'])}", "muted")
        if rf["notes"] and self.show["notes"]:
            self.text(rf["notes"], "Notes:", "note")

    def question(self, q: dict[str, Any]) -> None:
        self.p(f"{_e(q['label'])} {rich(q['prompt'])}", "h3")
        if q["topic"]:
            self.p(f"Topic: {rich(q['topic'])}", "muted", keepWithNext=1)
        if q["must_have"]:
            self.p("<b>Must-have question</b>: rated below the middle of the scale, it caps the overall score.",
                   "muted", keepWithNext=1)
        self.p(f"Rating: <b>{rich(q['rating'])}</b>", "rating")
        if self.show["notes"]:
            self.text(q["notes"], "Notes:", "note")
        for a in q["anchors"]:
            mark = "▶ " if a["matched"] else ""
            self.p(f"{mark}<b>{rich(a['name'])}:</b> {rich(a['text'])}", "matched" if a["matched"] else "anchor")
        if q["probes"]:
            self.p("<b>Follow-up probes:</b> " + " · ".join(str(rich(p)) for p in q["probes"]), "anchor")

    # sections

    def head(self) -> None:
        c, cand = self.ctx, self.ctx["candidate"]
        self.outline("Candidate", closed=False)
        self.p(f"Candidate report · {_clip(c['role'], 120)}", "kicker")
        self.p(_clip(cand["name"], 300), "h1")
        if c["draft_line"]:
            self.p(str(rich(c["draft_line"])), "alert", fontSize=13, leading=17, spaceBefore=2)

    def decision(self) -> None:
        c, s = self.ctx, self.s
        self.outline("Decision")
        right = [Paragraph("Overall score", s["label"]), Paragraph(_e(c["overall"]), s["big"])]
        if c["capped"]:
            right.append(Paragraph(_clip(c["capped"], 400), s["muted"]))
        right.append(Paragraph(f"Indicated by the computed score: <b>{_e(c['decision']['indicated'])}</b>",
                               s["muted"]))
        left = [Paragraph("Overall recommendation", s["label"]), Paragraph(_e(c["recommendation"]), s["big"])]
        self.flow.append(Table([[left, right]], colWidths=[8.5 * cm, 8.5 * cm], style=self.t["headline"]))
        votes = c["votes"]
        self.p("The interviewer's recommendation" if len(votes) == 1 else "Each interviewer's recommendation", "h3")
        rows = []
        for v in votes:
            detail = f"Computed score {_e(v['score'])}"
            if v["capped"]:
                detail += f" ({_clip(v['capped'], 300)})"
            if v["draft"]:
                detail += " · <b>DRAFT: not submitted</b>"
            rows.append([Paragraph(f"<b>{_clip(v['who'], 60)}</b>", s["cell"]),
                         Paragraph(f"<b>{_e(v['recommendation'])}</b>", s["cell"]), Paragraph(detail, s["small"])])
        self.flow.append(Table(rows, colWidths=[6 * cm, 3.2 * cm, 7.8 * cm], style=self.t["details"], splitByRow=1))
        decision = c["decision"]
        if decision["reason"] or decision["departures"]:
            self.p("Reason for departing from the computed score", "h3")
            for d in decision["departures"]:
                self.p(f"<bullet>•</bullet>{rich(d)}", "check")
            if decision["reason"]:
                self.text(decision["reason"], "", "note")
            else:
                self.p("No written reason was given.", "alert")
        if c["red_flags"]:
            flags = "".join(f"<br/>✗ {rich(f)}" for f in c["red_flags"])
            self.flow.append(Spacer(100, 10))
            box = Paragraph(f"⚠ Red flags observed ({len(c['red_flags'])}){flags}", s["alertcell"])
            self.flow.append(Table([[box]], colWidths=[17 * cm], style=self.t["alertbox"]))
            self.flow.append(Spacer(100, 6))
        else:
            self.p("No red flags observed.", "calm")
        if c["caps"]:
            self.p(f"<b>Caps applied ({len(c['caps'])})</b>", "body", keepWithNext=1)
            for cap in c["caps"]:
                self.p(f"<bullet>▼</bullet>{rich(cap)}", "check")
        else:
            self.p(str(rich(c["cap_state"])), "body")
        self.p("Key takeaways", "h3")
        if c["takeaways"]:
            self.text(c["takeaways"], "", "body")
        else:
            self.p("None recorded.", "muted")
        for title, items in (("Strongest answers", c["strongest"]), ("Weakest answers", c["weakest"])):
            if not items:
                continue
            self.p(title, "h3")
            mark = "+" if title == "Strongest answers" else "−"
            for a in items:
                anchor = a["anchor"] and a["anchor"]["text"]
                self.p(f"<bullet>{mark}</bullet><b>{_e(a['label'])}</b> {rich(a['prompt'])} — "
                       f"<b>{rich(a['rating'])}</b>",
                       "check", keepWithNext=1 if anchor else 0)
                if anchor:
                    self.p(f"Matched anchor, {rich(a['anchor']['name'])}: {_clip(a['anchor']['text'], 170)}", "anchor",
                           leftIndent=16, spaceAfter=3)

    def scores(self) -> None:
        c, s = self.ctx, self.s
        for table in c["bar_tables"]:
            self.flow.append(CondPageBreak(6 * cm))
            self.outline(table["title"])
            self.p(table["title"], "h2")
            rows = []
            for b in table["bars"]:
                if b["has_mean"]:
                    middle: Flowable = _Bar(b["fraction"], c["bar_ticks"])
                    value = f"<b>{_e(b['value'])}</b>" + "".join(
                        f'<br/><font size="8.5" color="#555555">{_e(d)}</font>' for d in b["detail"])
                else:
                    middle = Paragraph(" · ".join(_e(d) for d in b["detail"]), s["muted"])
                    value = ""
                rows.append([Paragraph(str(rich(b["title"])), s["cell"]), middle, Paragraph(value, s["cell"])])
            self.flow.append(Table(rows, colWidths=[6.2 * cm, 6.4 * cm, 4.4 * cm], style=self.t["bars"],
                                   splitByRow=1))
        scale = " · ".join(f"<b>{_e(p['value'])}</b> {rich(p['label'])}" for p in c["scale"])
        self.p(f"Rating scale: {scale}. Each bar runs from {_e(c['scale'][0]['value'])} to {_e(c['scale_max'])}. "
               f"Section scores are the mean of the ratings given; \"{rich(c['not_assessed'])}\" is left "
               "out. Checklists are counted, not averaged." + (
                   " A competency's score is the mean of the ratings of the questions that give evidence for "
                   "it; it does not change the overall score." if c["competency_bars"] else ""),
               "muted", spaceBefore=6)

    def seal_and_amendments(self) -> None:
        seal = self.ctx["seal"]
        self.outline("Seal and amendments", 1)
        self.p("Seal", "h3")
        short = f" (SHA-256 <b>{_e(seal['short'])}</b>…)" if seal["short"] else ""
        self.p(f"<b>Seal: {_e(seal['state'])}</b>{short}. {_e(seal['explain'])}", "body", keepWithNext=1)
        if seal["full"]:
            self.p(f"Full digest: {_e(seal['full'])}", "digest")
        self.p("Amendments", "h3")
        for m in self.ctx["amendments"]:
            line = f"<bullet>•</bullet><b>{_e(m['when'])}</b> · {_clip(m['who'], 80)} · {_clip(m['item'], 160)}"
            if not m["text"]:
                line += f": {_e(m['field'])} <b>{rich(m['old'])} → {rich(m['new'])}</b>"
            self.p(line, "check", keepWithNext=1)
            if m["text"]:
                self.text(m["old"], m["field"] + " before:", "note", 28)
                self.text(m["new"], m["field"] + " after:", "note", 28)
            self.text(m["reason"], "Reason:", "note", 28)
        if not self.ctx["amendments"]:
            self.p("No amendments since submission.", "muted")

    def appendix(self) -> None:
        c, cand = self.ctx, self.ctx["candidate"]
        self.flow.append(CondPageBreak(6 * cm))
        self.outline("Appendix")
        self.p("Appendix: facts, seal and rules", "h2")
        self.outline("Facts", 1)
        self.p("Facts", "h3")
        rows = [("Email", cand["email"]), ("Candidate code", cand["code"]), ("Role", c["role"]),
                ("Interviewer", c["interviewer"]), ("Started", c["started"]), ("Submitted", c["submitted"]),
                ("Status", c["status"]), ("Question bank version", c["bank_version"]), ("Seal", c["seal"]["line"])]
        data = [[Paragraph(label, self.s["label"]), Paragraph(_clip(value, 300), self.s["cell"])]
                for label, value in rows]
        self.flow.append(Table(data, colWidths=[4.2 * cm, 12.8 * cm], style=self.t["details"], splitByRow=1))
        if self.show["amendments"]:
            self.seal_and_amendments()
        if self.show["scoring_rules"]:
            self.outline("How the score is made", 1)
            self.p("How the score is made", "h3")
            for rule in c["rules"]:
                self.p(f"<bullet>•</bullet>{rich(rule)}", "check")
        self.briefing()

    def briefing(self) -> None:
        briefing = self.ctx["briefing"]
        if not (self.show["briefing"] and briefing):
            return
        self.flow.append(CondPageBreak(5 * cm))
        self.outline("Role briefing", 1)
        self.p("Role briefing", "h3")
        if briefing["intro"]:
            self.text(briefing["intro"], "", "body")
        for b in briefing["sections"]:
            self.p(f"<b>{rich(b['heading'])}</b>", "body", keepWithNext=1)
            if b["text"]:
                self.text(b["text"], "", "body")
            for item in b["bullets"]:
                self.p(f"<bullet>•</bullet>{rich(item)}", "check")

    def flags(self) -> None:
        if not (self.show["flags"] and self.ctx["flag_groups"]):
            return
        self.flow.append(CondPageBreak(5 * cm))
        self.outline("Resume flags")
        self.p("Resume flags", "h2")
        for g in self.ctx["flag_groups"]:
            self.outline(g["title"], 1)
            self.p(_e(g["title"]), "h3")
            for f in g["flags"]:
                self.p(f"<bullet>{_e(f['mark'])}</bullet><b>{_e(f['state'])}:</b> {rich(f['text'])}", "check")
                if f["notes"] and self.show["notes"]:
                    self.text(f["notes"], "Evidence:", "note", 16)

    def questions(self) -> None:
        if not self.show["questions"]:
            return
        self.flow.append(CondPageBreak(5 * cm))
        self.outline("Skill-level questions")
        self.p("Skill-level questions", "h2")
        self.p("Each rating with the interviewer's notes beside it, then the anchors of the scale; the anchor the "
               "rating matched is marked ▶ and shaded.", "muted")
        for q in self.ctx["questions"]:
            self.outline(f"{q['label']} {q['outline']}", 1)
            self.question(q)

    def profile(self) -> None:
        if not (self.show["profile"] and self.ctx["areas"]):
            return
        self.flow.append(CondPageBreak(5 * cm))
        self.outline(self.ctx["profile_outline"])
        self.p(str(rich(self.ctx["profile_heading"])), "h2")
        for a in self.ctx["areas"]:
            self.outline(a["outline"], 1)
            self.p(f'{rich(a["title"])} <font name="DejaVuSans" size="9" color="#555555">({_e(a["demonstrated"])})'
                   "</font>", "h3")
            if a["intro"]:
                self.p(str(rich(a["intro"])), "muted")
            self.checklist(a["checks"])
            self.red_flag(a["red_flag"])

    def use_cases(self) -> None:
        cases = self.ctx["use_cases"]
        if not (self.show["use_cases"] and cases):
            return
        self.flow.append(CondPageBreak(5 * cm))
        self.outline("Use cases")
        self.p("Use cases", "h2")
        self.p("Use cases that apply to this job:", "body")
        for c in cases:
            if c["applies"]:
                self.p(f"<bullet>✓</bullet>{rich(c['title'])}", "check")
            else:
                self.p(f'<bullet>✗</bullet><font color="#555555">{rich(c["title"])} (does not apply)</font>', "check")
        applying = [c for c in cases if c["applies"]]
        for c in applying:
            self.outline(c["outline"], 1)
            self.p(str(rich(c["title"])), "h3", spaceBefore=14)
            self.p(f'<b>Priority skills</b> <font color="#555555">({_e(c["demonstrated"])})</font>', "body",
                   keepWithNext=1)
            self.checklist(c["skills"])
            self.question(c["focus"])
            self.red_flag(c["red_flag"])
        if not applying:
            self.p("No use case was marked as applying to this job.", "muted")

    def build(self) -> list[Flowable]:
        self.head()
        self.decision()
        self.scores()
        self.flags()
        self.questions()
        self.profile()
        self.use_cases()
        self.appendix()
        return self.flow


def _running(ctx: dict[str, Any], styles: dict[str, ParagraphStyle]) -> Paragraph:
    """The running header (no company, not blind: default branding)."""
    line = f"Candidate report · {_clip(ctx['candidate']['name'], 40)} · {_clip(ctx['role'], 40)}"
    if ctx["is_draft"]:
        line += " · <b>DRAFT: not submitted</b>"
    return Paragraph(line, styles["running"])


def bare_report(assessment: Assessment) -> bytes:
    """The candidate report of ``assessment`` as PDF bytes, laid out with
    ReportLab platypus directly (see the module): the floor of the report
    benchmarks."""
    ensure_fonts()
    ctx = build_context(assessment, None)
    story = _Story(ctx).build()
    brand, meta = ctx["brand"], ctx["meta"]
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
                          title=meta["title"], author=meta["author"], subject=meta["subject"], creator="Assessor",
                          invariant=1, pageCompression=1)
    frame = Frame(2 * cm, 2.1 * cm, 17 * cm, 25.5 * cm, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    running = _running(ctx, _styles(brand["accent_text"]))
    on_page = _page_graphics(brand["accent_rule"], running, ctx["is_draft"])
    doc.addPageTemplates([PageTemplate(id="main", frames=[frame], onPage=on_page)])
    doc.build(story, canvasmaker=_PageCountCanvas)
    return buf.getvalue()

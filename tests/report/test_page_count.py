""""Page X of Y" in one layout pass for the built-in templates (the page
count is filled in when the PDF is saved), and in two for a team template
that uses z3c.rml's ``lastPage`` idiom or puts the count where the canvas
cannot fill it in."""

from __future__ import annotations

import pytest
from reportlab.platypus.doctemplate import BaseDocTemplate

from assessor.domain import debrief
from assessor.report import render_panel_report, render_report

from .conftest import make_assessment
from .helpers import pages_text


def team_pdf(assessment, source: str) -> bytes:  # noqa: ANN001
    """A team template's PDF made in this process, as the contained child
    makes it (assessor.report.render._team_report), so its passes are counted here."""
    from assessor.report.render import _team_report

    return _team_report(assessment, source, None, False, 10.0, 50_000_000)

PAGED = """<?xml version="1.0" encoding="UTF-8"?>
<document filename="x.pdf" invariant="1"><template><pageTemplate id="main">
<pageGraphics><setFont name="DejaVuSans" size="8"/>{GRAPHICS}</pageGraphics>
<frame id="f" x1="2cm" y1="2cm" width="17cm" height="25cm"/></pageTemplate></template><stylesheet/><story>
<para>Team report for {{ candidate.name | rich }}</para>{STORY}<nextPage/><para>Second page</para>
</story></document>"""


@pytest.fixture
def passes(monkeypatch):
    """How many times ReportLab laid the story out."""
    count = []
    real = BaseDocTemplate.build

    def counting(self, *args, **kwargs):
        count.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counting)
    return count


def test_built_in_reports_are_laid_out_once(kit, passes):
    a = make_assessment(kit, **{"q-sql": "line\n" * 400})  # several pages
    pages = pages_text(render_report(a))
    assert len(passes) == 1 and len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
    passes.clear()
    pages = pages_text(render_panel_report(debrief([a, make_assessment(kit)])))
    assert len(passes) == 1 and f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_a_team_template_with_last_page_still_gets_two_passes(kit, passes):
    source = PAGED.replace("{GRAPHICS}", '<drawString x="2cm" y="1cm">Page <pageNumber/> of '
                                         '<getName id="lastPage" default="?"/></drawString>')
    source = source.replace("{STORY}", "").replace("<para>Second page</para>",
                                                   '<para>Second page</para><namedString id="lastPage"><pageNumber/></namedString>')
    pages = pages_text(team_pdf(make_assessment(kit), source))
    assert len(passes) == 2 and "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]


def test_page_count_in_a_paragraph_falls_back_and_never_prints_the_placeholder(kit, passes):
    source = PAGED.replace("{GRAPHICS}", '<drawString x="2cm" y="1cm">Page <pageNumber/> of '
                                         '<getName id="pageCount" default="?"/></drawString>')
    source = source.replace("{STORY}", '<para>Pages: <getName id="pageCount" default="unknown"/></para>')
    pages = pages_text(team_pdf(make_assessment(kit), source))
    assert len(passes) == 2
    assert "\ue000" not in "".join(pages) and "Pages: unknown" in pages[0]

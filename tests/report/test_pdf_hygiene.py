"""PDF hygiene (issue 15, item 6), read back with pypdf: every font
embedded (no bare Helvetica), a subset tag per subset, ``/Lang`` and the
outline shown on open, outline entries on their heading's page, the
creation date the scorecard's submit time with the same bytes for the same
scorecard, no doubled "?.", and report file names that carry any name."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from assessor.domain import debrief
from assessor.report import render_panel_report, render_report
from assessor.report.fonts import subset_tag
from assessor.services import load_assessment, open_workspace, run_demo
from assessor.services import export_all, report_filename

from .helpers import flat, pages_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = open_workspace(str(tmp_path_factory.mktemp("hygiene") / "demo.sqlite3"))
    run_demo(ws, candidates=12)
    yield ws
    ws.close()


def _assessments(ws):
    return [load_assessment(ws, i) for i in ws.store.assessment_ids()]


@pytest.fixture(scope="module")
def pdfs(demo):
    """A single report of each demo script (Latin, Arabic, Chinese names) and a panel report."""
    out = {}
    for a in _assessments(demo):
        out.setdefault(("single", a.candidate.name), render_report(a))
    panel = [a for a in demo.store.assessments_of(2) if a.is_submitted]
    assert len(panel) >= 2
    out[("panel", "2")] = render_panel_report(debrief(panel))
    return out


def _fonts(pdf: bytes) -> list[dict]:
    """Every font dictionary the pages and their forms use, once each."""
    seen: dict[int, dict] = {}

    def visit(resources):
        if not resources:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            seen.setdefault(ref.idnum if hasattr(ref, "idnum") else id(ref), ref.get_object())
        for ref in (resources.get("/XObject") or {}).values():
            visit(ref.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        visit(page.get("/Resources"))
    return list(seen.values())


def test_every_font_is_embedded_with_its_own_subset_tag(pdfs):
    for key, pdf in pdfs.items():
        fonts = _fonts(pdf)
        assert fonts, key
        names = []
        for font in fonts:
            if font["/Subtype"] == "/Type3":
                continue
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, (key, font["/BaseFont"])
            names.append(str(font["/BaseFont"]))
        assert not any("Helvetica" in n for n in names), key
        tags = [n.lstrip("/").split("+")[0] for n in names]
        assert all(len(t) == 6 and t.isupper() for t in tags)
        assert len(set(tags)) == len(tags), (key, names)  # not all "AAAAAA"
    assert subset_tag("DejaVuSans", 0) != subset_tag("DejaVuSans", 1) != subset_tag("DejaVuSans-Bold", 0)


def test_language_and_outline_shown_on_open(pdfs):
    for pdf in pdfs.values():
        root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
        assert root["/Lang"] == "en" and root["/PageMode"] == "/UseOutlines"


def test_outline_entries_land_on_their_heading(pdfs):
    for key, pdf in pdfs.items():
        reader = PdfReader(io.BytesIO(pdf))
        texts = ["".join(t.split()) for t in pages_text(pdf)]
        checked = 0

        def walk(items):
            nonlocal checked
            for item in items:
                if isinstance(item, list):
                    walk(item)
                    continue
                assert item["/Type"] == "/XYZ" and item["/Top"] is not None  # the place, not the whole page
                title = "".join({"Seal and amendments": "Seal:"}.get(item.title, item.title).split())
                if item.title in ("Candidate", "Panel", "Decision", "Interviewers", "Other notes", "Appendix",
                                  "Agreement and section scores"):
                    continue  # kickers and headings worded apart from their entry
                page = reader.get_destination_page_number(item)
                assert title.rstrip("…")[:30] in texts[page], (key, item.title, page)
                checked += 1

        walk(reader.outline)
        assert checked >= 4, key


def test_the_creation_date_is_the_submit_time_and_the_bytes_repeat(demo):
    a = next(x for x in _assessments(demo) if x.is_submitted)
    when = datetime(2024, 5, 3, 14, 7, 9, tzinfo=timezone.utc)
    a = replace(a, submitted_at=when)
    pdf = render_report(a)
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.creation_date.astimezone(timezone.utc) == when
    assert render_report(a) == pdf
    later = render_report(replace(a, submitted_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)))
    assert later != pdf and PdfReader(io.BytesIO(later)).metadata.creation_date.year == 2025


def test_no_doubled_stop_one_wording_and_a_real_minus_sign(pdfs):
    for key, pdf in pdfs.items():
        body = flat(pdf)
        assert "?." not in body and ".;" not in body, key
        assert "notrated" not in body.lower(), key
        assert "Junioranswer" not in body and "Senioranswer" not in body
    panel = flat(pdfs[("panel", "2")])
    assert "alpha(interval)=−" in panel or "alpha(interval)=0" in panel


def test_file_names_carry_a_readable_form_of_any_name(demo, tmp_path):
    assert report_filename(3, "王小明") == "00003-wang-xiao-ming.pdf"
    assert report_filename(12, "Zoë Ångström") == "00012-zoe-angstrom.pdf"
    assert report_filename(7, "Иван Петров") == "00007-ivan-petrov.pdf"
    arabic = report_filename(6, "ليلى حداد")
    assert arabic.startswith("00006-") and arabic.endswith(".pdf") and len(arabic) > len("00006-.pdf")
    assert report_filename(9, "   ") == "00009.pdf"
    result = export_all(demo, tmp_path)
    written, errors = result.written, result.failed
    names = sorted(p.name for p in written)
    assert not errors and "00003-wang-xiao-ming.pdf" in names
    assert not any("candidate" in n for n in names)

"""Blind reports carry no name or email anywhere (text, metadata, outline)
but the candidate's code; branding from Preferences shows (company name,
logo, accent), a section left out is absent, a broken logo is skipped and
the report still renders; the accent keeps its contrast for greyscale."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from assessor.domain import Recommendation, candidate_code
from assessor.report import Branding, render_report
from assessor.report.branding import contrast_on_white, darken_for_contrast, load_logo
from assessor.report.sandbox import UnsafeRMLError, check_rml
from assessor.services import Preferences, add_candidate, open_workspace
from assessor.services.export import branding, export_report, report_bytes
from tests.kits import small_kit

from .conftest import make_assessment
from .helpers import flat, outline_titles, reader, text
from .panels import score

NAME, EMAIL = "Quentin Zebulon-Marsh", "q.zebulon@example.org"
SECRETS = ("Quentin", "Zebulon", "Marsh", "zebulon@", "example.org")


def png(path: Path, size=(300, 100), colour=(30, 60, 200, 255)) -> Path:
    Image.new("RGBA", size, colour).save(path)
    return path


def workspace(tmp_path: Path, **prefs):
    kit = small_kit()
    tmp_path.mkdir(parents=True, exist_ok=True)
    return open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit}, prefs=Preferences(**prefs))


def everything(pdf: bytes) -> str:
    """Page text, every metadata value and every outline title."""
    meta = reader(pdf).metadata or {}
    return "\n".join([text(pdf), *map(str, meta.values()), *(t for _, t in outline_titles(pdf))])


@pytest.fixture
def ws(tmp_path):
    ws = workspace(tmp_path)
    yield ws
    ws.close()


def panel_of(ws, notes: bool = True) -> int:
    cid = add_candidate(ws, NAME, EMAIL, "test-role").id
    score(ws, cid, "Ann", 4, 3, Recommendation.STRONG_YES,
          note=f"{NAME} answered well; mail {EMAIL} for the follow-up." if notes else "")
    score(ws, cid, "Bo", 3, 3, Recommendation.YES, note="Quentin was calm.")
    return cid


@pytest.mark.parametrize("panel", [True, False], ids=["panel", "single"])
def test_blind_report_has_no_name_or_email_anywhere_but_the_code(ws, tmp_path, panel):
    if panel:
        cid = panel_of(ws)
    else:
        cid = add_candidate(ws, NAME, EMAIL, "test-role").id
        score(ws, cid, "Ann", 4, 3, Recommendation.STRONG_YES, note=f"{NAME} answered well; mail {EMAIL}.")
    pdf = export_report(ws, cid, tmp_path / "blind.pdf", blind=True).read_bytes()
    shown = everything(pdf)
    for secret in SECRETS:
        assert secret.casefold() not in shown.casefold(), secret
    code = candidate_code(ws.store.candidate(cid))
    assert code in text(pdf) and code in reader(pdf).metadata.title and "Blind report" in text(pdf)
    assert "answered well" in text(pdf)  # the evidence stays, the name in it is the code
    plain = everything(export_report(ws, cid, tmp_path / "named.pdf").read_bytes())
    assert NAME in plain and EMAIL in plain  # the same report, not blind, does name them



def test_blind_report_redacts_a_short_accented_name_and_keeps_the_words_around_it(ws, tmp_path):
    """Issue 15: "Li" and "Zoë" are redacted as words, accent-free spellings
    too, while "analysis", "banana" and "Zoetrope" survive in the PDF."""
    cid = add_candidate(ws, "Zoë Li", "zoe.li@example.org", "test-role").id
    score(ws, cid, "Ann", 4, 3, Recommendation.YES,
          note="Her analysis of the banana stand was sharp. Mrs Li said Zoe Li built Zoetrope; ask zoe.li first.")
    shown = flat(export_report(ws, cid, tmp_path / "blind.pdf", blind=True).read_bytes())
    code = candidate_code(ws.store.candidate(cid))
    for word in ("analysis", "banana", "Zoetrope", f"Mrs{code}said{code}built", f"ask{code}first"):
        assert word in shown, word
    for secret in ("Li.", "MrsLi", "ZoeLi", "Zoë", "zoe.li"):
        assert secret not in shown, secret

def test_company_name_and_logo_appear(tmp_path):
    logo = png(tmp_path / "logo.png")
    ws = workspace(tmp_path, company_name="Northwind Hiring", logo_path=str(logo), accent_colour="#1f4e79")
    cid = panel_of(ws)
    for pdf in (report_bytes(ws, cid), export_report(ws, add_single(ws), tmp_path / "one.pdf").read_bytes()):
        first = reader(pdf).pages[0]
        assert "Northwind Hiring" in first.extract_text()
        images = [x for x in first["/Resources"].get("/XObject", {}).values() if x.get_object()["/Subtype"] == "/Image"]
        assert len(images) == 1
        assert all("Northwind Hiring" in p.extract_text() for p in reader(pdf).pages)  # running header
    ws.close()


def add_single(ws) -> int:
    cid = add_candidate(ws, "Solo Sam", "", "test-role").id
    score(ws, cid, "Ann", 3, 3, Recommendation.YES)
    return cid


@pytest.mark.parametrize("logo", ["missing.png", "broken.png", "text.png", "huge.png", ""])
def test_a_bad_or_missing_logo_is_skipped_and_the_report_renders(tmp_path, logo):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    (tmp_path / "text.png").write_text("not an image at all", encoding="utf-8")
    if logo == "huge.png":
        Image.new("1", (8000, 6000)).save(tmp_path / "huge.png")  # 48 megapixels: refused before decoding
    path = str(tmp_path / logo) if logo else ""
    assert load_logo(path) is None
    ws = workspace(tmp_path, company_name="Northwind Hiring", logo_path=path)
    for pdf in (report_bytes(ws, panel_of(ws)), report_bytes(ws, add_single(ws))):
        first = reader(pdf).pages[0]
        assert "Northwind Hiring" in first.extract_text()
        assert not first["/Resources"].get("/XObject") or all(
            x.get_object()["/Subtype"] != "/Image" for x in first["/Resources"]["/XObject"].values())
    ws.close()


@pytest.mark.parametrize("left_out, gone, kept", [
    ("notes", "answeredwell", "Skill-levelquestions"),
    ("amendments", "Fulldigest:", "Skill-levelquestions"),
    ("scoring_rules", "Howthescore", "Skill-levelquestions"),
    ("flags", "Greenone", "Skill-levelquestions"),
])
def test_a_section_left_out_is_absent(tmp_path, left_out, gone, kept):
    keys = [k for k in ("briefing", "flags", "questions", "profile", "use_cases", "notes", "scoring_rules", "amendments")
            if k != left_out]
    for sections in (keys + [left_out], keys):
        ws = workspace(tmp_path / left_out / str(len(sections)), report_sections=sections)
        single = report_bytes(ws, add_single_with_note(ws))
        panel = report_bytes(ws, panel_of(ws))
        ws.close()
        for pdf in (single, panel):
            assert kept in flat(pdf)
            assert (gone in flat(pdf)) == (left_out in sections), (left_out, sections)


def add_single_with_note(ws) -> int:
    cid = add_candidate(ws, "Solo Sam", "", "test-role").id
    score(ws, cid, "Ann", 3, 3, Recommendation.YES, note="Sam answered well.")
    return cid


def test_questions_left_out_drop_the_section_and_its_outline(tmp_path):
    ws = workspace(tmp_path, report_sections=["flags", "notes"])
    pdf = report_bytes(ws, add_single(ws))
    top = [t for level, t in outline_titles(pdf) if level == 0]
    assert "Skill-level questions" not in top and "Resume flags" in top
    assert "Junioranswer" not in flat(pdf)
    panel = report_bytes(ws, panel_of(ws))
    assert "Ratings side by side" not in [t for level, t in outline_titles(panel) if level == 0]
    ws.close()


def test_preferences_map_to_branding():
    prefs = Preferences(company_name="Acme", logo_path="/x.png", accent_colour="#ABCDEF",
                        report_sections=["notes", "no-such-section"])
    assert branding(prefs) == Branding("Acme", "/x.png", "#ABCDEF", ("notes",))
    shown_by_default = tuple(key for key, on in Branding().show().items() if on)
    assert branding(Preferences()).sections == shown_by_default
    assert "briefing" not in shown_by_default  # the role briefing is off until switched on


@pytest.mark.parametrize("accent", ["#ffff00", "#ffffff", "#87ceeb", "#1f4e79", "#000000", "not a colour"])
def test_the_accent_keeps_its_contrast_on_white(accent):
    values = Branding(accent_colour=accent).template_values()
    assert contrast_on_white(values["accent_text"]) >= 4.5
    assert contrast_on_white(values["accent_rule"]) >= 3.0
    if accent == "#1f4e79":  # dark enough already: unchanged
        assert values["accent_text"] == accent
    assert darken_for_contrast("#ffffff", 4.5) != "#ffffff"


def test_a_pale_accent_still_renders_and_colours_no_meaning(kit):
    pdf = render_report(make_assessment(kit), branding=Branding(company_name="Pale Co", accent_colour="#fffff0"))
    assert "PaleCo" in flat(pdf) and "Redflagsobserved(1)" in flat(pdf)


def test_the_sandbox_lets_an_inline_png_through_and_nothing_else():
    data = io.BytesIO()
    Image.new("RGB", (2, 2)).save(data, format="PNG")
    uri = "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()
    doc = '<document filename="x.pdf"><story>{}</story></document>'
    check_rml(doc.format(f'<img src="{uri}" width="10" height="10"/>'))
    for bad in ('<img src="/etc/passwd"/>', '<img src="data:text/html;base64,PGI+"/>',
                f'<para><font name="{uri}">x</font></para>'.replace("font name", "font file"),
                f'<includePdfPages filename="{uri}"/>'):
        with pytest.raises(UnsafeRMLError):
            check_rml(doc.format(bad))

"""Every script a user types reads right: shaped, in display order, no
missing glyph, and copied out of the PDF in the order it was typed.

What the PDF promises (docs/report.md, "Scripts"): each printed line holding
right-to-left or complex-script text carries its logical text as
``/ActualText``; the drawn glyphs themselves map (ToUnicode) to the letters
they were shaped from, so a reader that ignores ``/ActualText`` (pypdf)
still gets every letter, no boxes and no presentation forms.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from pypdf.generic import ContentStream

from assessor.report import render_report
from assessor.report.fonts import coverage, ensure_fonts, loaded_font
from assessor.report.rich import _runs, escape
from assessor.report.scripts import visual_runs

from .conftest import make_assessment
from .helpers import reader, text

CORPUS = {
    "arabic": "قال المُدَرِّسُ: \"كِتَابٌ جَدِيدٌ\" (اختبار ١٢٣)",
    "hebrew": "המורה אמר: \"שלום עולם\" (בדיקה 123)",
    "devanagari": "हिन्दी में परीक्षा: क्षमता और श्रद्धा।",
    "bengali": "বাংলা ভাষায় পরীক্ষা, ক্ষমতা।",
    "tamil": "தமிழ் சோதனை: கொடு, கோடு.",
    "thai": "ภาษาไทย ทดสอบ สวัสดีครับ",
    "korean": "한국어 시험: 안녕하세요.",
    "english-arabic-name": "محمد علي said the index was missing, then ran EXPLAIN.",
    "hebrew-quote-in-english": "She quoted “שלום עולם, מה נשמע” in the middle of an English note.",
    "hebrew-brackets": "(בדיקה 123)",
}


def _letters(value: str) -> Counter:
    """Letters, marks and digits of ``value``, decomposed (NFKD: a Tamil
    two-part vowel is drawn as its two parts): what must be extracted."""
    return Counter(ch for ch in unicodedata.normalize("NFKD", value)
                   if unicodedata.category(ch)[0] in "LMN")


def _actual_texts(pdf: bytes) -> list[str]:
    found = []
    doc = reader(pdf)
    for page in doc.pages:
        for operands, operator in ContentStream(page.get_contents(), doc).operations:
            if operator == b"BDC" and len(operands) == 2 and hasattr(operands[1], "get"):
                actual = operands[1].get("/ActualText")
                if actual is not None:
                    found.append(str(actual))
    return found


@pytest.fixture(scope="module")
def corpus_pdf():
    from .conftest import KIT_DATA
    from assessor.domain import InterviewKit

    kit = InterviewKit.model_validate(KIT_DATA)
    note = "\n".join(CORPUS.values())
    return render_report(make_assessment(kit, **{"q-sql": note}))


@pytest.mark.parametrize("name", CORPUS)
def test_no_character_falls_into_a_font_that_lacks_it(name):
    ensure_fonts()
    cover = coverage()
    for face, run in _runs(escape(CORPUS[name])):
        for ch in run.replace("&quot;", '"').replace("&amp;", "&").replace("&#39;", "'"):
            assert ord(ch) in cover[face], (name, face, ch)


@pytest.mark.parametrize("name", CORPUS)
def test_shaping_never_gives_notdef(name):
    import uharfbuzz

    ensure_fonts()
    runs = _runs(escape(CORPUS[name]))
    pieces = [run.replace("&quot;", '"') for _face, run in runs]
    base = 1 if name in ("arabic", "hebrew", "hebrew-brackets") else 0
    for index, run, level in visual_runs(pieces, base):
        font = loaded_font(runs[index][0])
        buf = uharfbuzz.Buffer()
        buf.add_str(run)
        buf.guess_segment_properties()
        buf.direction = "rtl" if level % 2 else "ltr"
        uharfbuzz.shape(font.hbFont(10), buf, {})
        assert all(info.codepoint != 0 for info in buf.glyph_infos), (name, run)


def test_bidi_orders_runs_and_mirrors_brackets():
    # "(בדיקה 123)" in a right-to-left paragraph: the number stays left to right,
    # the whole is drawn right to left, the brackets at levels 1 are mirrored by HarfBuzz
    runs = visual_runs(["(", "בדיקה ", "123)"], 1)
    assert [r[1] for r in runs] == [")", "123", "בדיקה ", "("]
    assert [r[2] for r in runs] == [1, 2, 1, 1]
    # an English note beginning with an Arabic name: the name first, then the English
    runs = visual_runs(["محمد علي", " said it."], 0)
    assert [r[1] for r in runs] == ["محمد علي", " said it."] and runs[0][2] == 1


def test_every_line_copies_out_in_logical_order(corpus_pdf):
    actual = _actual_texts(corpus_pdf)
    for name, line in CORPUS.items():
        if name == "korean":
            continue  # no shaping or reordering: the glyphs are the text (below)
        assert any(a == line or a == "Notes: " + line for a in actual), (name, actual)


def test_extracted_glyphs_hold_every_letter_typed(corpus_pdf):
    body = text(corpus_pdf, nfkc=True)
    got = _letters(body)
    for name, line in CORPUS.items():
        missing = _letters(line) - got
        assert not missing, (name, missing)
    assert "\u25a1" not in body  # no box for a missing glyph
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in body)  # no private-use code point
    assert "한국어 시험: 안녕하세요." in body


def test_left_to_right_text_is_untouched(corpus_pdf):
    # lines without complex text carry no /ActualText and extract as before
    assert not any("EXPLAIN ANALYZE" in a for a in _actual_texts(corpus_pdf))
    assert "Measure with EXPLAIN ANALYZE" in text(corpus_pdf)


def test_output_stays_byte_reproducible(kit):
    note = "\n".join(CORPUS.values())
    assert render_report(make_assessment(kit, **{"q-sql": note})) == render_report(make_assessment(kit, **{"q-sql": note}))


# -- bold headings, the running header, canvas strings, Thai line breaks (issue 15, items 4 and 6) --

NAMES = {
    "hebrew": "דוד כהן-לוי",
    "arabic": "ليلى حداد",
    "devanagari": "प्रिया शर्मा",
}
HEADING = "مهارات الهندسة المعمارية"  # a profile area's title: an h3 heading
THAI_NOTE = ("ผู้สมัครอธิบายการทำงานของดัชนีในฐานข้อมูลได้อย่างชัดเจนและเข้าใจง่ายมาก"
             "แต่ยังขาดความรู้เรื่องการวิเคราะห์แผนการทำงานของคำสั่งและการปรับแต่งประสิทธิภาพ"
             "ของระบบขนาดใหญ่ที่มีผู้ใช้จำนวนมากพร้อมกัน")
KOREAN_NOTE = "한국어 시험: 안녕하세요. 데이터베이스 인덱스를 잘 설명했습니다."


def _spans(pdf: bytes) -> list[tuple[int, str, set[str]]]:
    """(page number, /ActualText, base names of the fonts set inside) of
    every marked-content span, in the order drawn."""
    found = []
    doc = reader(pdf)
    for number, page in enumerate(doc.pages, 1):
        fonts = page["/Resources"]["/Font"]
        open_spans: list[tuple[str, set[str]]] = []
        for operands, operator in ContentStream(page.get_contents(), doc).operations:
            if operator == b"BDC" and len(operands) == 2 and hasattr(operands[1], "get"):
                open_spans.append((str(operands[1].get("/ActualText", "")), set()))
            elif operator == b"Tf" and open_spans:
                open_spans[-1][1].add(str(fonts[operands[0]].get_object()["/BaseFont"]).split("+", 1)[-1])
            elif operator == b"EMC" and open_spans:
                actual, used = open_spans.pop()
                found.append((number, actual, used))
    return found


def _international(name: str, **notes: str) -> bytes:
    import copy
    import dataclasses

    from .conftest import KIT_DATA
    from assessor.domain import InterviewKit

    data = copy.deepcopy(KIT_DATA)
    data["profile"][0]["title"] = HEADING
    assessment = make_assessment(InterviewKit.model_validate(data), **notes)
    return render_report(dataclasses.replace(assessment, candidate=dataclasses.replace(assessment.candidate, name=name)))


@pytest.fixture(scope="module")
def international_pdf():
    return _international(NAMES["hebrew"], **{"q-sql": THAI_NOTE + "\n" + KOREAN_NOTE})


def test_a_bold_heading_in_a_complex_script_is_shaped_in_the_bold_face(international_pdf):
    spans = _spans(international_pdf)
    title = [used for _page, actual, used in spans if actual == NAMES["hebrew"]]
    assert title and all(used == {"NotoSansHebrew-Bold"} for used in title), spans  # the h1 title
    # the profile area's h3 heading (with its count); the score bars' label is a regular cell
    heading = [used for _page, actual, used in spans if actual.startswith(HEADING) and "demonstrated" in actual]
    assert heading and all("NotoSansArabic-Bold" in used and "NotoSansArabic-Regular" not in used
                           for used in heading), spans


def test_a_bold_table_cell_in_a_complex_script_is_bold_too(assessment):
    # page 1's votes table: each interviewer's name in bold
    import dataclasses

    who = "نور الرحمن"
    pdf = render_report(dataclasses.replace(assessment, interviewer=who))
    cells = [used for _page, actual, used in _spans(pdf) if actual == who]
    assert cells and any(used == {"NotoSansArabic-Bold"} for used in cells), _spans(pdf)


@pytest.mark.parametrize("script", NAMES)
def test_the_running_header_reads_right_on_every_page(script):
    name = NAMES[script]
    pdf = _international(name)
    pages = len(reader(pdf).pages)
    header = f"Candidate report · {name} · Backend Developer"
    on = {page for page, actual, _used in _spans(pdf) if actual == header}
    assert on == set(range(1, pages + 1)), (script, _spans(pdf)[:3])
    body = text(pdf, nfkc=True)
    assert not _letters(name) - _letters(body)
    assert "\u25a1" not in body


def test_a_canvas_string_is_shaped_and_reordered_like_a_paragraph(assessment):
    # a team's template draws the name straight on the canvas (pageGraphics)
    import dataclasses

    from .test_template_sandbox import MINIMAL

    source = MINIMAL.replace(
        '<pageTemplate id="main">',
        '<pageTemplate id="main"><pageGraphics><setFont name="DejaVuSans-Bold" size="9"/>'
        '<drawRightString x="19cm" y="1cm">{{ candidate.name }}</drawRightString></pageGraphics>',
    ).replace("{BODY}", "")
    for name in NAMES.values():
        named = dataclasses.replace(assessment, candidate=dataclasses.replace(assessment.candidate, name=name))
        pdf = render_report(named, template_source=source)
        drawn = [used for _page, actual, used in _spans(pdf) if actual == name]
        assert drawn and all(used and all(f.endswith("-Bold") for f in used) for used in drawn), (name, _spans(pdf))
        assert not _letters(name) - _letters(text(pdf, nfkc=True))


def test_thai_breaks_between_words_and_copies_out_whole(international_pdf):
    from assessor.report.breaks import thai_words

    lines = [actual for _page, actual, _used in _spans(international_pdf)
             if actual and set(actual) & set(THAI_NOTE)]
    lines = [line.removeprefix("Notes: ") for line in lines]
    assert len(lines) >= 2, lines  # the note is longer than a line: it was broken
    assert "".join(lines) == THAI_NOTE  # nothing lost or added where it broke
    ends, at = set(), 0
    for word in thai_words(THAI_NOTE):
        at += len(word)
        ends.add(at)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        assert at in ends, (line, THAI_NOTE[at - 5:at + 5])  # each line ends where a word does


def test_korean_renders_without_a_missing_glyph(international_pdf):
    ensure_fonts()
    cover = coverage()
    for face, run in _runs(escape(KOREAN_NOTE)):
        assert all(ord(ch) in cover[face] for ch in run), (face, run)
    assert KOREAN_NOTE in text(international_pdf)


def test_every_font_is_embedded(international_pdf, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    path = tmp_path / "international.pdf"
    path.write_bytes(international_pdf)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows  # the "emb" column
    names = {row.split()[0].split("+", 1)[-1] for row in rows}
    assert {"NotoSansHebrew-Bold", "NotoSansArabic-Bold", "NotoSansThai-Regular"} <= names, names


def test_a_bold_heading_in_korean_or_chinese_gets_a_synthetic_bold():
    # WenQuanYi Micro Hei ships no bold: its outlines are filled and stroked (2 Tr) in the text's colour
    pdf = _international("김민준 王小明")
    doc = reader(pdf)
    page = doc.pages[0]
    fonts = {name: str(ref.get_object()["/BaseFont"]).split("+", 1)[-1] for name, ref in page["/Resources"]["/Font"].items()}
    assert "WenQuanYiMicroHei-SyntheticBold-0" in fonts.values()
    operations = ContentStream(page.get_contents(), doc).operations
    modes = [operands for operands, operator in operations if operator == b"Tr"]
    assert [2] in [[int(m) for m in mode] for mode in modes] and [0] in [[int(m) for m in mode] for mode in modes]
    assert "김민준 王小明" in text(pdf)  # the header (regular) and the title (synthetic bold) read back


def test_a_template_font_tag_naming_the_body_font_still_means_regular(international_pdf):
    # the profile heading's "(1 of 2 demonstrated)" is <font name="DejaVuSans"> inside the bold h3
    spans = _spans(international_pdf)
    heading = [used for _page, actual, used in spans if actual.startswith(HEADING) and "demonstrated" in actual]
    assert heading and all({"DejaVuSans", "NotoSansArabic-Bold"} <= used for used in heading), heading

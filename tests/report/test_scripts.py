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

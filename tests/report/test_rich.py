"""The ``rich`` filter: escape first, then fonts per script, bidi, newlines."""

from __future__ import annotations

import re

from markupsafe import Markup

from assessor.report.rich import blocks, clean, plain, rich


def test_escapes_markup_and_quotes():
    assert rich('<b a="1">x</b> & \'') == "&lt;b a=&quot;1&quot;&gt;x&lt;/b&gt; &amp; &#39;"


def test_markup_objects_are_escaped_too():
    assert rich(Markup("<b>x</b>")) == "&lt;b&gt;x&lt;/b&gt;"


def test_newlines_become_breaks():
    assert rich("a\r\nb\rc\nd") == "a<br/>b<br/>c<br/>d"


def test_none_is_empty():
    assert rich(None) == ""


def test_runs_by_font():
    assert rich("Hi 你好 there") == 'Hi <font face="WQYMicroHei">你好 </font>there'
    assert rich("ok 👍") == 'ok <font face="Symbola">👍</font>'
    assert rich("é ü Привет") == "é ü Привет"  # all in DejaVu Sans


def test_entities_stay_in_their_run():
    assert rich("你&好") == '<font face="WQYMicroHei">你&amp;好</font>'


def test_arabic_stays_in_logical_order_in_the_arabic_font():
    # shaping and reordering happen per printed line when ReportLab draws it (report.scripts)
    assert rich("مُدَرِّسٌ") == '<font face="NotoSansArabic">مُدَرِّسٌ</font>'


def test_each_script_gets_its_own_face():
    assert rich("שלום") == '<font face="NotoSansHebrew">שלום</font>'
    assert rich("हिन्दी") == '<font face="NotoSansDevanagari">हिन्दी</font>'
    assert rich("ภาษาไทย") == '<font face="NotoSansThai">ภาษาไทย</font>'
    assert rich("தமிழ்") == '<font face="NotoSansTamil">தமிழ்</font>'
    assert rich("বাংলা") == '<font face="NotoSansBengali">বাংলা</font>'


def test_punctuation_takes_a_neighbour_font_that_has_it():
    # Noto Sans Arabic has no U+0022: the quote marks go to the body font, never vanish
    assert rich('"مرحبا"') == '&quot;<font face="NotoSansArabic">مرحبا</font>&quot;'
    # Noto Sans Hebrew has no brackets or digits; the space between Hebrew words stays Hebrew
    assert rich("(בדיקה 123)") == '(<font face="NotoSansHebrew">בדיקה </font>123)'
    # Devanagari's own font has the danda and the comma: one run
    assert rich("नमस्ते, दुनिया।") == '<font face="NotoSansDevanagari">नमस्ते, दुनिया।</font>'


def test_missing_glyph_becomes_box_and_invisible_marks_vanish():
    assert rich("a𓀀b") == "a□b"
    assert rich("👍\ufe0f") == '<font face="Symbola">👍</font>'


def test_clean_removes_what_xml_forbids():
    assert clean("a\x00b\ud800c\x0bd") == "a□b□c□d"
    assert clean("e\u0308") == "ë"  # NFC


def test_blocks_cut_long_notes():
    parts = blocks("x\n" * 100, lines=30)
    assert len(parts) == 4 and all(isinstance(p, Markup) for p in parts)
    assert blocks("") == [Markup("")]


def test_plain_clips_by_width():
    assert plain("a  b\nc") == "a b c"
    assert plain("abcdef", 4) == "abc…"
    assert plain("你好世界", 5) == "你好…"

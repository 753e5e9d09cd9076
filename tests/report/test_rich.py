"""The ``rich`` filter: escape first, then fonts per script, bidi, newlines."""

from __future__ import annotations

import re

from markupsafe import Markup

from assessor.report.rich import RTL_LINE, blocks, clean, plain, rich


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


def test_arabic_is_shaped_reordered_and_uses_the_arabic_font():
    out = rich("مرحبا")
    assert out.startswith('<font face="NotoSansArabic">') and out.endswith("</font>")
    inner = out[len('<font face="NotoSansArabic">'):-len("</font>")]
    assert all("\ufb50" <= ch <= "\ufeff" for ch in inner)  # presentation forms
    assert inner[0] == "\ufe8e"  # last letter (final alef) drawn first: visual order
    assert inner[-1] == "\ufee3"  # first letter (initial meem) drawn last


def test_long_right_to_left_lines_are_cut_in_reading_order():
    words = [f"كلمة{i}" for i in range(40)]
    out = rich(" ".join(words))
    assert out.count("<br/>") >= 2
    lines = [re.sub("<[^>]+>", "", line) for line in out.split("<br/>")]
    assert all(len(line) <= RTL_LINE for line in lines)
    assert "39" in lines[-1] and "39" not in lines[0]  # the first words are printed first


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

"""Whatever a user types renders: markup, template syntax, any script, huge notes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assessor.domain import Candidate
from assessor.report import render_report

from .conftest import make_assessment
from .helpers import flat, pages_text, text

LONG = " ".join(f"word{i:05d}" for i in range(2223))[:20_000]  # 20,000 characters


@pytest.mark.parametrize("note, expected", [
    ('<font color="red">x</font>', '<font color="red">x</font>'),
    ("{{7*7}} {% if true %}yes{% endif %}", "{{7*7}} {% if true %}yes{% endif %}"),
    ("Tom & Jerry &amp; &lt; &#169;", "Tom & Jerry &amp; &lt; &#169;"),
    ("a ]]> b <![CDATA[ c", "a ]]> b <![CDATA[ c"),
    ("<para>x</para><br/><nextPage/><evalString>1+1</evalString>", "<para>x</para><br/><nextPage/><evalString>1+1</evalString>"),
    ("Zoë Ångström, Ærøskøbing, naïve café", "Zoë Ångström, Ærøskøbing, naïve café"),
    ("你好，世界", "你好，世界"),
    ("emoji 👍🙂", "👍🙂"),
    ("it's \"quoted\"", "it's \"quoted\""),
])
def test_hostile_note_reads_back_literally(kit, note, expected):
    pdf = render_report(make_assessment(kit, **{"q-sql": note}))
    assert "".join(expected.split()) in flat(pdf)


def test_template_syntax_is_never_evaluated(kit):
    pdf = render_report(make_assessment(kit, **{"q-sql": "{{7*7}}", "q-http": "{{ 6*7 }}"}))
    body = text(pdf)
    assert "{{7*7}}" in body and "{{ 6*7 }}" in body
    assert "49" not in body and "42" not in body


def test_arabic_is_shaped_and_extracts(kit):
    pdf = render_report(make_assessment(kit, **{"q-sql": "مرحبا بالعالم"}))
    assert "مرحبا" in text(pdf, nfkc=True) and "بالعالم" in text(pdf, nfkc=True)


def test_all_scripts_in_one_note_and_in_names(kit):
    mixed = "Zoë Ångström — مرحبا بالعالم — 你好，世界 — 👍🙂 — שלום — Привет — Γειά"
    assessment = make_assessment(kit, **{"q-sql": mixed, "gf-tests": mixed})
    assessment = replace(assessment, interviewer="李雷 👍", takeaways=mixed,
                         candidate=Candidate(1, "王小明 Zoë", "wang@例子.cn", kit.role_id, assessment.started_at))
    pdf = render_report(assessment)
    body = flat(pdf)
    for part in ("ZoëÅngström", "你好，世界", "👍🙂", "Привет", "Γειά", "王小明Zoë", "wang@例子.cn"):
        assert part in body


def test_twenty_thousand_character_note_spans_pages(kit):
    assert len(LONG) == 20_000
    short = render_report(make_assessment(kit))
    pdf = render_report(make_assessment(kit, **{"q-sql": LONG}))
    assert len(pages_text(pdf)) >= len(pages_text(short)) + 3
    body = flat(pdf)
    assert "word00000" in body and LONG.split()[-1] in body


@pytest.mark.parametrize("note", [
    "x" * 20_000,                 # one unbreakable word
    "你好世界" * 5_000,            # CJK, no spaces
    "مرحبا بالعالم " * 1_500,      # long right-to-left paragraph
    "line\n" * 5_000,             # thousands of lines
    "\x00\x01\x0b\ud800\ufffe" * 100,  # characters XML forbids
    "नमस्ते ꦲꦤꦕꦫꦏ 𓀀",               # scripts no shipped font covers
])
def test_extreme_notes_render(kit, note):
    assessment = make_assessment(kit, **{"q-sql": note, "arch-red": note})
    assessment = replace(assessment, takeaways=note, interviewer=note,
                         candidate=Candidate(1, note, note, kit.role_id, assessment.started_at))
    assert render_report(assessment).startswith(b"%PDF-")


def test_unknown_characters_show_a_box(kit):
    pdf = render_report(make_assessment(kit, **{"q-sql": "before 𓀀 after"}))
    assert "before□after" in flat(pdf)

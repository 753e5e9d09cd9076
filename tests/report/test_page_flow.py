"""Paragraphs flow as a typographer wants: no paragraph ends in a line of
one short word, no paragraph leaves a single line at the foot or head of a
page, and no heading is left at the foot of a page (keep-with-next)."""

from __future__ import annotations

import re

import pytest

from assessor.report import render_report

from .conftest import make_assessment
from .helpers import outline_titles, pages_text

WORD = re.compile(r"w\d{4}")


def _note(start: int, count: int) -> str:
    return " ".join(f"w{i:04d}" for i in range(start, start + count))


@pytest.mark.parametrize("count", range(20, 50))
def test_a_note_never_ends_in_a_line_of_one_word(kit, count):
    pdf = render_report(make_assessment(kit, **{"q-sql": _note(0, count)}))
    last = f"w{count - 1:04d}"
    lines = [line for page in pages_text(pdf) for line in page.splitlines() if last in line]
    assert len(lines) == 1
    assert len(WORD.findall(lines[0])) >= 2, lines[0]


@pytest.mark.parametrize("before", range(0, 48))
def test_a_paragraph_split_across_pages_keeps_two_lines_on_each(kit, before):
    # lines of filler before a 12-line note shift where the page ends
    filler = "\n".join(f"filler line {i}" for i in range(before))
    note = _note(0, 130)
    pdf = render_report(make_assessment(kit, **{"q-http": filler, "q-sql": note}))
    per_page = [sum(1 for line in page.splitlines() if WORD.search(line)) for page in pages_text(pdf)]
    holding = [n for n in per_page if n]
    assert sum(holding) >= 10
    assert all(n >= 2 for n in holding), per_page


@pytest.mark.parametrize("before", range(0, 60, 2))
def test_no_heading_is_left_at_the_foot_of_a_page(kit, before):
    filler = "\n".join(f"filler line {i}" for i in range(before))
    pdf = render_report(make_assessment(kit, **{"q-http": filler, "q-sql": filler, "gf-open-source": filler}))
    titles = {title.strip() for _level, title in outline_titles(pdf)}
    for number, page in enumerate(pages_text(pdf)[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines and lines[-1] not in titles, (number, lines[-1])

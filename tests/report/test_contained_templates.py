"""A team's report template is contained: it is filled and laid out in a
child process with processor-time and memory limits, so a runaway layout
ends with a message whatever its cost, and the RML check compares names
without case (docs/security.md, "Team report templates")."""

from __future__ import annotations

import tracemalloc

import pytest

from assessor.report import ReportError, render_report
from assessor.report.render import _team_report
from .helpers import flat
from .test_template_sandbox import team

#: 1,000 × 1,000 paragraphs from 1,000 template steps: cheap to fill, dear to lay out
RUNAWAY = "{% for i in range(1000) %}{{ ('<para>x</para>' * 1000) | safe }}{% endfor %}"


@pytest.mark.parametrize("body", [
    '<para><img SRC="/any/file.png" width="1" height="1"/></para>',
    '<para><IMG src="/any/file.png" width="1" height="1"/></para>',
    '<para><Img Src="/any/file.png" width="1" height="1"/></para>',
    '<illustration width="1cm" height="1cm"><image FILE="/etc/passwd" x="0" y="0"/></illustration>',
    '<imageAndFlowables IMAGENAME="/etc/passwd"><para>x</para></imageAndFlowables>',
    '<para><EVALSTRING>1</EVALSTRING></para>',
])
def test_file_attributes_are_refused_whatever_their_case(assessment, body):
    with pytest.raises(ReportError, match="refused"):
        render_report(assessment, template_source=team(body))


def test_a_runaway_layout_is_stopped_by_the_processor_limit(assessment, monkeypatch):
    monkeypatch.setattr("assessor.report.contained.CPU_SECONDS", 2)  # read at each call
    tracemalloc.start()
    try:
        with pytest.raises(ReportError, match="stopped") as caught:
            render_report(assessment, template_source=team(RUNAWAY))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert "2 s of processor time" in message or "MB of memory" in message, message
    assert peak < 64 * 1024 * 1024  # the layout's memory was the child's, never this process's


def _allocate(size: int) -> bytes:
    return bytes(size)  # in the child: one allocation beyond the limit


def test_a_child_that_needs_too_much_memory_is_stopped_with_a_message():
    from assessor.report.contained import ContainedError, run_contained

    with pytest.raises(ContainedError, match="more than 1,024 MB of memory"):
        run_contained(_allocate, 2 * 1024 * 1024 * 1024, memory_bytes=1024 * 1024 * 1024)
    assert run_contained(_allocate, 10, memory_bytes=1024 * 1024 * 1024) == ("ok", bytes(10))


def test_a_contained_report_is_byte_for_byte_the_one_made_in_process(assessment):
    source = team("<para>Overall {{ overall }}</para>")
    first = render_report(assessment, template_source=source)
    assert render_report(assessment, template_source=source) == first
    assert _team_report(assessment, source, None, False, 10.0, 50_000_000) == first
    assert "TeamreportforZoëÅngström:Yes" in flat(first)


def test_the_template_s_own_errors_come_back_from_the_child(assessment):
    with pytest.raises(ReportError, match="error on line 1"):
        render_report(assessment, template_source="{% for %}")

"""The profile section's heading comes from the bank (``profile_heading``),
in the window's side panel, the report, the panel report and the scoring
rules; without it, today's words ("Developer profile")."""

from __future__ import annotations

import copy

from assessor.domain import InterviewKit, Section, debrief, describe_rules
from assessor.report import render_report
from assessor.report.panel_context import build_panel_context

from .conftest import KIT_DATA, make_assessment
from .helpers import flat, outline_titles


def kit(heading: str | None) -> InterviewKit:
    data = copy.deepcopy(KIT_DATA)
    if heading is not None:
        data["profile_heading"] = heading
    return InterviewKit.model_validate(data)


def test_the_report_heads_the_checklists_with_the_bank_s_words():
    pdf = render_report(make_assessment(kit("Reliability practices")))
    assert (0, "Reliability practices") in outline_titles(pdf)
    assert "Developerprofile" not in flat(pdf)
    assert "Checklists(reliabilitypractices,priorityskills)" in flat(pdf)


def test_without_a_heading_the_report_says_developer_profile():
    pdf = render_report(make_assessment(kit(None)))
    assert (0, "Developer profile") in outline_titles(pdf)
    assert kit(None).section_title(Section.PROFILE) == "Developer profile"


def test_the_panel_report_and_the_rules_use_the_heading_as_written():
    k = kit("SRE practices")
    assert build_panel_context(debrief([make_assessment(k)]))["profile_heading"] == "SRE practices"
    assert "Checklists (SRE practices, priority skills) are counted, not averaged in." in describe_rules(k)
    assert k.section_title(Section.QUESTIONS) == "Skill-level questions"

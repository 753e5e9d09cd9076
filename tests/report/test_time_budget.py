"""A question's time budget (``minutes``) is printed beside it in the PDF."""

from __future__ import annotations

import copy

from assessor.domain import InterviewKit
from assessor.report import render_report

from .conftest import KIT_DATA, make_assessment
from .helpers import flat


def test_the_report_prints_each_question_s_time_budget():
    data = copy.deepcopy(KIT_DATA)
    data["questions"][0]["minutes"] = 15
    data["use_cases"][0]["focus"]["minutes"] = 1
    pdf = flat(render_report(make_assessment(InterviewKit.model_validate(data))))
    assert "Timebudget:15minutes" in pdf
    assert "Timebudget:1minute" in pdf and pdf.count("Timebudget:") == 2  # q-sql has none


def test_without_a_budget_the_report_says_nothing_of_time():
    assert "Timebudget" not in flat(render_report(make_assessment(InterviewKit.model_validate(KIT_DATA))))

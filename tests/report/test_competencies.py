"""The competency profile in the PDF: a table of greyscale bars like the
sections', each with the ratings behind it; none when the bank declares
no competencies."""

from __future__ import annotations

import copy

from assessor.domain import InterviewKit
from assessor.report import render_report

from .conftest import KIT_DATA, make_assessment
from .helpers import flat, outline_titles


def kit_with_competencies() -> InterviewKit:
    data = copy.deepcopy(KIT_DATA)
    data["competencies"] = [{"id": "web", "name": "Web protocols", "definition": "HTTP and APIs."},
                            {"id": "data", "name": "Data stores"}]
    data["questions"][0]["competencies"] = ["web"]
    data["questions"][1]["competencies"] = ["data"]
    data["use_cases"][0]["focus"]["competencies"] = ["web"]
    data["profile"][0]["items"][0]["competencies"] = ["data"]
    return InterviewKit.model_validate(data)


def test_the_report_shows_each_competency_with_its_mean_and_count():
    pdf = render_report(make_assessment(kit_with_competencies()))
    text = flat(pdf)
    # q-http rated 3 and the REST focus rated 4 give evidence for web; q-sql is not rated
    assert "Scoresbycompetency" in text
    assert "Webprotocols3.50/42of2rated" in text
    assert "Datastores0of1rated·1of1demonstrated" in text
    assert (0, "Scores by competency") in outline_titles(pdf)


def test_without_competencies_the_report_has_no_competency_table():
    pdf = render_report(make_assessment(InterviewKit.model_validate(KIT_DATA)))
    assert "Scoresbycompetency" not in flat(pdf)

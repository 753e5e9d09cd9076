"""The report of an interview on the built-in Flask bank (if the bank exists)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from assessor.domain import Assessment, Candidate, InterviewKit, Response

from .helpers import flat, pages_text

BANK = Path(__file__).resolve().parents[2] / "question_bank" / "flask-developer.yaml"


@pytest.fixture
def flask_kit() -> InterviewKit:
    if not BANK.is_file():
        pytest.skip("question_bank/flask-developer.yaml is not there yet")
    from ruamel.yaml import YAML

    return InterviewKit.model_validate(YAML(typ="safe").load(BANK.read_text(encoding="utf-8")))


def test_flask_bank_report(flask_kit):
    from assessor.report import render_report

    responses = {q.id: Response(q.id, rating=(i % flask_kit.scale.maximum) + 1, notes=f"note {i}")
                 for i, q in enumerate(flask_kit.questions)}
    for case in flask_kit.use_cases[:1]:
        responses[case.id] = Response(case.id, checked=True)
    when = datetime(2024, 6, 1, 10, 0, tzinfo=timezone.utc)
    assessment = Assessment(1, Candidate(1, "Kim Lee", "kim@example.org", flask_kit.role_id, when),
                            flask_kit, "Sam Smith", when, responses=responses)
    pdf = render_report(assessment)
    body = flat(pdf)
    for q in flask_kit.questions:
        assert "".join(q.prompt.split()) in body
    pages = pages_text(pdf)
    assert f"Page 1 of {len(pages)}" in pages[0]

"""Fixtures for the report tests: a small kit and a filled-in assessment."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from assessor.domain import (
    Assessment, Candidate, FlagState, InterviewKit, Recommendation, Response, Status,
)

KIT_DATA = {
    "role_id": "backend-developer",
    "title": "Backend Developer",
    "version": "2024.1",
    "description": "A small kit for the report tests.",
    "scale": {"points": [
        {"value": 1, "label": "Novice", "meaning": "Cannot explain the basics."},
        {"value": 2, "label": "Developing", "meaning": "Knows the basics with help."},
        {"value": 3, "label": "Proficient", "meaning": "Works on their own."},
        {"value": 4, "label": "Expert", "meaning": "Teaches others."},
    ]},
    "green_flags": [
        {"id": "gf-open-source", "text": "Contributes to open source projects"},
        {"id": "gf-tests", "text": "Mentions automated testing", "hint": "pytest, CI"},
    ],
    "yellow_flags": [{"id": "yf-job-hopping", "text": "Several jobs shorter than a year"}],
    "questions": [
        {"id": "q-http", "prompt": "What happens when a browser requests a URL?",
         "anchors": {"junior": "It sends a request and gets a page.",
                     "senior": "DNS, TCP/TLS handshake, HTTP semantics, caching and CDNs."},
         "topic": "Web basics"},
        {"id": "q-sql", "prompt": "How do you find a slow SQL query?",
         "anchors": {"junior": "Add an index.", "senior": "Measure with EXPLAIN ANALYZE, check the plan."}},
    ],
    "profile": [{
        "id": "architecture", "title": "Architecture skills", "intro": "How they structure systems.",
        "items": [{"id": "arch-layers", "text": "Separates layers"},
                  {"id": "arch-tradeoffs", "text": "Explains trade-offs"}],
        "red_flag": {"id": "arch-red", "text": "Cannot name a single trade-off"},
    }],
    "use_cases": [{
        "id": "uc-rest", "title": "If you're building REST APIs",
        "priority_skills": [{"id": "uc-rest-auth", "text": "Authentication"},
                            {"id": "uc-rest-versioning", "text": "API versioning"}],
        "focus": {"id": "uc-rest-focus", "prompt": "How would you version a public API?",
                  "anchors": {"junior": "Put v1 in the URL.", "senior": "Compares URL, header and media-type versioning."}},
        "red_flag": {"id": "uc-rest-red", "text": "Breaks clients without notice"},
    }],
    "glossary": [{"term": "ORM", "meaning": "Object-relational mapper."}],
    "tips": [{"id": "tip-halo", "mistake": "Halo effect", "why": "One strength colours everything.",
              "fix": "Rate each question on its own anchors."}],
}

NOTES = {
    "q-http": "Explained DNS and TLS clearly.\nMissed HTTP caching.",
    "q-sql": "Used EXPLAIN ANALYZE & pg_stat_statements.",
    "uc-rest-focus": "Prefers header versioning; good reasons.",
    "gf-open-source": "Maintainer of a Flask extension.",
}


@pytest.fixture
def kit() -> InterviewKit:
    return InterviewKit.model_validate(KIT_DATA)


def make_assessment(kit: InterviewKit, **notes: str) -> Assessment:
    """An assessment of ``kit`` with every kind of response; ``notes``
    override the notes of the given item ids."""
    all_notes = {**NOTES, **notes}
    responses = {
        "gf-open-source": Response("gf-open-source", flag_state=FlagState.PRESENT),
        "gf-tests": Response("gf-tests", flag_state=FlagState.UNKNOWN),
        "yf-job-hopping": Response("yf-job-hopping", flag_state=FlagState.ABSENT),
        "q-http": Response("q-http", rating=3),
        "q-sql": Response("q-sql", rating=None),
        "arch-layers": Response("arch-layers", checked=True),
        "arch-red": Response("arch-red", checked=True, notes="Said trade-offs are for managers."),
        "uc-rest": Response("uc-rest", checked=True),
        "uc-rest-auth": Response("uc-rest-auth", checked=True),
        "uc-rest-focus": Response("uc-rest-focus", rating=4),
    }
    for item_id, text in all_notes.items():
        base = responses.get(item_id, Response(item_id))
        responses[item_id] = Response(item_id, base.rating, base.flag_state, base.checked, text)
    candidate = Candidate(7, "Zoë Ångström", "zoe@example.org", kit.role_id,
                          datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc))
    return Assessment(
        id=42, candidate=candidate, kit=kit, interviewer="Ada Lovelace",
        started_at=datetime(2024, 5, 3, 14, 0, tzinfo=timezone.utc),
        status=Status.SUBMITTED, submitted_at=datetime(2024, 5, 3, 15, 10, tzinfo=timezone.utc),
        recommendation=Recommendation.YES,
        takeaways="Strong on HTTP, needs to grow in databases.",
        responses=responses,
    )


@pytest.fixture
def assessment(kit: InterviewKit) -> Assessment:
    return make_assessment(kit)

"""A small interview kit built in code, for tests that must not depend on
the built-in bank's wording."""

from __future__ import annotations

from assessor.domain import InterviewKit


def small_kit(version: str = "1.0.0", prompt: str = "Explain the philosophy") -> InterviewKit:
    """A kit with two questions, one profile area and two use cases."""
    q = lambda i, p: {"id": i, "prompt": p, "anchors": {"junior": f"{i} junior", "senior": f"{i} senior"}}  # noqa: E731
    return InterviewKit.model_validate({
        "role_id": "test-role", "title": "Test Role", "version": version,
        "scale": {"points": [{"value": v, "label": f"L{v}", "meaning": f"M{v}"} for v in (1, 2, 3, 4)]},
        "green_flags": [{"id": "g1", "text": "Green one"}, {"id": "g2", "text": "Green two"}],
        "yellow_flags": [{"id": "y1", "text": "Yellow one"}],
        "questions": [q("q1", prompt), q("q2", "How do you structure it?")],
        "profile": [{"id": "p1", "title": "Area", "items": [{"id": "p1-a", "text": "Skill A"}],
                     "red_flag": {"id": "p1-red", "text": "Profile red flag"}}],
        "use_cases": [
            {"id": f"u{n}", "title": f"Use case {n}", "priority_skills": [{"id": f"u{n}-s", "text": "Skill"}],
             "focus": q(f"u{n}-focus", f"Focus {n}?"), "red_flag": {"id": f"u{n}-red", "text": f"Red {n}"}}
            for n in (1, 2)
        ],
        "glossary": [{"term": "Term", "meaning": "Meaning"}],
        "tips": [{"id": "t1", "mistake": "Mistake", "why": "Why", "fix": "Fix"}],
    })

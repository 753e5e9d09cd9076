"""The built-in Flask bank carries all of the Flask hiring guide, wording kept.

``GUIDE`` is the hiring guide (shared seed ``002_258f3aeb4cb1a725.txt``)
verbatim, so the test runs without the seed folder; when the seed folder is
there, the copy is checked against it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessor.bank import load_builtin_kits
from assessor.domain import InterviewKit

SEED = Path("/work/shared/seeds/002_258f3aeb4cb1a725.txt")

GUIDE = """\
What Flask Developers Actually Build
Flask is used for building APIs, web applications, and microservices. Here's where Flask developers work:
REST APIs
Flask excels at building APIs:
- RESTful APIs - Simple, clean API endpoints
- Microservices - Lightweight services that communicate via HTTP
- Internal tools - Admin panels, dashboards, internal APIs
- Third-party integrations - APIs for external services
Companies: Netflix (microservices), LinkedIn (internal APIs), Pinterest (API layer), Reddit (various services)
Web Applications
Flask can build full-stack applications:
- Small to medium web apps - Blogs, portfolios, dashboards
- Prototypes - Quick MVPs and proof-of-concepts
- Custom applications - When Django is too much, Flask fits perfectly
- Hybrid apps - Mix of API endpoints and server-rendered pages
Microservices Architecture
Flask's lightweight nature makes it ideal for microservices:
- Service-oriented architecture - Individual services with Flask
- API gateways - Routing and request handling
- Background workers - Task queues and job processing
Why Flask Over Django?
Flask: Minimal & Flexible
- Micro framework - Only includes essentials
- Freedom to choose - Pick your own database, ORM, authentication
- Simple learning curve - Easy to get started
- Lightweight - Fast startup, low overhead
Django: Batteries Included
- Full-featured - Admin panel, ORM, authentication built-in
- Opinionated - Django's way or the highway
- Rapid development - More features out of the box
- Enterprise-ready - Better for large, complex applications
Reality: Many teams use Flask for APIs/microservices and Django for admin/full-stack parts. Flask is perfect when you need flexibility; Django is better when you want structure.
The Modern Flask Developer Profile
Understanding Flask's Philosophy
Flask is minimal by design. Strong candidates understand:
- Micro framework concept - What Flask includes vs. what you add
- Extension ecosystem - Flask-SQLAlchemy, Flask-Login, Flask-RESTful
- Application factory pattern - Structuring Flask apps properly
- Blueprint organization - Modular route organization
Red flag: A developer who expects Flask to work like Django won't appreciate Flask's flexibility.
Architecture Skills
Flask doesn't enforce structure. Strong candidates can:
- Design application structure - Organize routes, models, views
- Choose appropriate extensions - Know when to use Flask-SQLAlchemy vs raw SQL
- Handle configuration - Environment-based config, secrets management
- Structure for scale - Blueprints, application factories, testing patterns
Python Fundamentals
Flask is Python. Strong candidates understand:
- Python best practices - PEP 8, virtual environments, package management
- WSGI - Understanding how Flask works under the hood
- Context locals - Flask's request, session, g objects
- Decorators - Understanding Flask's route decorators
Common Hiring Mistakes
1. Treating Flask Like Django
Flask is NOT Django. Don't ask about Django ORM, admin panels, or Django-specific patterns. Flask developers work with SQLAlchemy (or raw SQL), choose their own auth, and structure apps differently.
Fix: Focus on Flask-specific patterns: Blueprints, application factories, Flask extensions.
2. Ignoring Architecture Skills
Flask doesn't enforce structure. A developer who only knows Flask tutorials will create messy codebases. Look for architectural thinking.
Fix: Ask about how they structure Flask applications. "Show me how you organize routes, models, and business logic in Flask."
3. Overemphasizing Framework Experience
Flask is relatively simple. A strong Python developer learns Flask in days. Don't require "5+ years Flask experience."
Fix: Focus on Python fundamentals and problem-solving. Flask knowledge follows naturally.
4. Missing Extension Knowledge
Flask relies on extensions. A developer who doesn't know Flask-SQLAlchemy, Flask-Login, or Flask-RESTful will struggle.
Fix: Ask about Flask extensions they've used. "What extensions do you use for database, authentication, and API building?"
Recruiter's Cheat Sheet
Resume Green Flags
- Production Flask experience with scale metrics
- Mentions of Blueprints and application factories
- Flask extension experience (SQLAlchemy, Login, RESTful)
- API design experience
- Database integration experience
- Testing experience (pytest, Flask-Testing)
Resume Yellow Flags
- Only tutorial projects (Todo apps, basic CRUD)
- No mention of Blueprints or application structure
- Generic "Python developer" without Flask specifics
- No extension experience
- No testing experience
Technical Terms to Know
| Term | What It Means |
|---|---|
| Blueprint | Flask's way to organize routes into modules |
| Application Factory | Pattern for creating Flask apps (better for testing) |
| Flask-SQLAlchemy | Extension for database integration |
| Flask-Login | Extension for user session management |
| Flask-RESTful | Extension for building REST APIs |
| WSGI | Web Server Gateway Interface (how Flask runs) |
| Jinja2 | Template engine Flask uses (but can be replaced) |
Questions That Reveal Skill Level
| Question | Junior Answer | Senior Answer |
|---|---|---|
| "Explain Flask's philosophy" | "It's a web framework" | Explains micro framework concept, flexibility, extension ecosystem |
| "How do you structure a large Flask app?" | "Put everything in app.py" | Discusses Blueprints, application factories, separation of concerns |
| "How do you handle database connections?" | "I use Flask-SQLAlchemy" | Explains connection pooling, session management, testing patterns |
Skills Assessment by Use Case
If You're Building REST APIs
- Priority: Flask-RESTful or plain Flask routes, API design, request handling
- Interview focus: "Design a REST API for [your domain]"
- Red flag: Can't design RESTful APIs or handle errors properly
If You're Building Microservices
- Priority: Lightweight architecture, service communication, error handling
- Interview focus: "How would you structure Flask services?"
- Red flag: No understanding of microservices patterns
If You're Building Full-Stack Apps
- Priority: Jinja2 templating, form handling, session management
- Interview focus: "How do you handle forms and user sessions in Flask?"
- Red flag: Only knows API development, no full-stack experience
"""


def section(start: str, end: str | None) -> list[str]:
    """The non-empty lines of GUIDE after the line ``start`` and before ``end``."""
    lines = GUIDE.splitlines()
    i = lines.index(start) + 1
    j = lines.index(end, i) if end else len(lines)
    return [line for line in lines[i:j] if line.strip()]


def bullets(lines: list[str]) -> list[str]:
    return [line[2:] for line in lines if line.startswith("- ")]


def unquote(text: str) -> str:
    return text[1:-1] if text.startswith('"') and text.endswith('"') else text


def table(start: str, end: str) -> list[list[str]]:
    rows = [line for line in section(start, end) if line.startswith("|")][2:]  # skip header, rule
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


@pytest.fixture(scope="module")
def kit() -> InterviewKit:
    return load_builtin_kits()["flask-developer"]


def all_texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in all_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in all_texts(v)]
    return []


def test_guide_copy_matches_the_seed():
    if not SEED.exists():
        pytest.skip("shared seed folder not present")
    assert SEED.read_text(encoding="utf-8").strip() == GUIDE.strip()


def test_identity(kit):
    assert (kit.role_id, kit.title, kit.version) == ("flask-developer", "Flask Developer", "1.1.0")
    assert kit.description


def test_scale_is_one_to_four(kit):
    assert [(p.value, p.label) for p in kit.scale.points] == [
        (1, "Junior"), (2, "Developing"), (3, "Proficient"), (4, "Senior"),
    ]
    assert all(p.meaning for p in kit.scale.points)
    assert kit.scale.not_assessed == "Not assessed"


def test_resume_flags_verbatim(kit):
    green = bullets(section("Resume Green Flags", "Resume Yellow Flags"))
    yellow = bullets(section("Resume Yellow Flags", "Technical Terms to Know"))
    assert len(green) == 6 and len(yellow) == 5
    assert [f.text for f in kit.green_flags] == green
    assert [f.text for f in kit.yellow_flags] == yellow
    assert all(f.hint for f in kit.green_flags + kit.yellow_flags)


def test_glossary_verbatim(kit):
    rows = table("Technical Terms to Know", "Questions That Reveal Skill Level")
    assert len(rows) == 7
    assert [[t.term, t.meaning] for t in kit.glossary] == rows


def test_skill_level_questions_verbatim(kit):
    rows = table("Questions That Reveal Skill Level", "Skills Assessment by Use Case")
    assert len(rows) == 3
    guide_questions = kit.questions[:3]
    assert [[f'"{q.prompt}"', q.anchors.junior, q.anchors.senior]
            for q in guide_questions] == rows
    assert guide_questions[0].anchors.junior == '"It\'s a web framework"'
    assert all(q.topic == "Skill level" and q.source == "Flask hiring guide" for q in guide_questions)


def test_extra_questions_name_their_seed(kit):
    extra = kit.questions[3:]
    assert len(extra) >= 6
    for q in extra:
        assert q.topic and q.anchors.junior and q.anchors.senior
        assert re.search(r"\b00[0-4]_[0-9a-f]{16}\.txt\b", q.source), q.id
    topics = " ".join(q.topic for q in extra)
    for word in ("WSGI", "Werkzeug", "context locals", "Jinja2", "Gunicorn", "Extensions", "decorators",
                 "Testing"):
        assert word in topics


def test_use_cases_verbatim(kit):
    assert len(kit.use_cases) == 3
    for case in kit.use_cases:
        lines = section(case.title, None)[:3]
        priority, focus, red = (line.split(": ", 1)[1] for line in lines)
        assert lines[0].startswith("- Priority: ") and lines[2].startswith("- Red flag: ")
        assert [s.text for s in case.priority_skills] == priority.split(", ")
        assert case.focus.prompt == unquote(focus)
        assert case.focus.anchors.junior and case.focus.anchors.senior
        assert case.red_flag.text == red
    assert [c.title for c in kit.use_cases] == [
        "If You're Building REST APIs", "If You're Building Microservices", "If You're Building Full-Stack Apps",
    ]


def test_profile_verbatim(kit):
    titles = ["Understanding Flask's Philosophy", "Architecture Skills", "Python Fundamentals"]
    assert [a.title for a in kit.profile] == titles
    ends = titles[1:] + ["Common Hiring Mistakes"]
    for area, end in zip(kit.profile, ends):
        lines = section(area.title, end)
        assert area.intro == lines[0]
        assert [i.text for i in area.items] == bullets(lines)
        assert len(area.items) == 4
    django = kit.profile[0].red_flag
    assert django is not None
    assert django.text == "A developer who expects Flask to work like Django won't appreciate Flask's flexibility."
    assert "Red flag: " + django.text in section(titles[0], titles[1])
    assert kit.profile[1].red_flag is None and kit.profile[2].red_flag is None


def test_tips_verbatim(kit):
    lines = section("Common Hiring Mistakes", "Recruiter's Cheat Sheet")
    assert len(lines) == 12
    expected = [
        (re.sub(r"^\d+\. ", "", lines[i]), lines[i + 1], lines[i + 2].removeprefix("Fix: "))
        for i in range(0, 12, 3)
    ]
    assert [(t.mistake, t.why, t.fix) for t in kit.tips] == expected


def test_briefing_carries_the_opening(kit):
    opening = section("What Flask Developers Actually Build", "The Modern Flask Developer Profile")
    headings = [s.heading for s in kit.briefing]
    briefing_bullets = [b for s in kit.briefing for b in s.bullets]
    texts = [s.text for s in kit.briefing]
    assert headings[0] == "What Flask Developers Actually Build"
    for line in ["What Flask Developers Actually Build"] + opening:
        if line.startswith("- "):
            assert line[2:] in briefing_bullets, line
        elif line in headings:
            continue
        elif line.startswith("Companies: "):
            assert line in briefing_bullets
        else:
            assert any(line in t for t in texts), line


def test_every_cheat_sheet_line_is_in_the_bank(kit):
    texts = set(all_texts(kit.model_dump()))
    cheat = section("Recruiter's Cheat Sheet", "Skills Assessment by Use Case")
    for line in cheat:
        if line.startswith("- "):
            assert line[2:] in texts, line
        elif line.startswith("|") and not line.startswith("|---"):
            for cell in line.strip("|").split("|"):
                cell = cell.strip()
                if cell not in ("Term", "What It Means", "Question", "Junior Answer", "Senior Answer"):
                    assert cell in texts or unquote(cell) in texts, cell


def test_ids_are_unique_kebab_case(kit):
    ids = kit.item_ids() + [a.id for a in kit.profile]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)

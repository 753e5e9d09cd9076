"""Demo data: sample candidates with complete, realistic assessments.

So a new user sees the candidate list and reports at once.  Everything is
drawn from a seeded random generator, so the same call gives the same data.
Each demo candidate has a "level" (0 = junior .. 1 = senior); ratings, ticks
and notes follow it, with some noise, the way a real panel's would.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from ..domain import FlagState, InterviewKit, Recommendation, Response, Status
from ..store import NewAssessment, StoreError, bulk_add
from .interview import Interview, open_interview
from .workspace import AssessorError, Workspace, add_candidate

_FIRST = ["Zoë", "Amir", "Mei", "Lukas", "Priya", "Tomás", "Aïcha", "Kenji", "Olga", "Samuel",
          "Fatima", "Jonas", "Chen", "Ines", "Mateo", "Ngozi", "Sofia", "Yusuf", "Hana", "Liam"]
_LAST = ["Ångström", "Haddad", "Wang", "Müller", "Iyer", "Rodríguez", "Benali", "Sato", "Ivanova",
         "Okafor", "Zahra", "Berg", "Li", "Costa", "García", "Adeyemi", "Rossi", "Demir", "Kim", "Walsh"]
_SCRIPTS = ["王小明", "ليلى حداد"]


def _name(rng: random.Random, index: int) -> str:
    """Every third name is in another script (Chinese, Arabic) while they last,
    so the demo reports show the font fallback at work."""
    if index % 3 == 2 and index // 3 < len(_SCRIPTS):
        return _SCRIPTS[index // 3]
    return f"{_FIRST[(index * 7 + rng.randrange(3)) % len(_FIRST)]} {rng.choice(_LAST)}"


def _rating(rng: random.Random, level: float, top: int) -> int:
    value = 1 + level * (top - 1) + rng.gauss(0, 0.6)
    return max(1, min(top, round(value)))


def _note(rng: random.Random, kit: InterviewKit, item_id: str, rating: int) -> str:
    q = kit.find_question(item_id)
    if q is None:
        return ""
    leaning = q.anchors.senior if rating > kit.scale.maximum / 2 else q.anchors.junior
    opener = rng.choice(["Answer close to:", "Closest anchor:", "Heard:"])
    return f"{opener} {leaning}. " + rng.choice(
        ["Gave a concrete example from production.", "Needed a prompt to go deeper.",
         "Clear and structured.", "Hesitant at first, then solid.", "Mostly theory, few specifics."]
    )


def _fill(interview: Interview, rng: random.Random, level: float) -> None:
    kit = interview.assessment.kit
    top = kit.scale.maximum
    for flag in kit.green_flags:
        interview.set_flag(flag.id, FlagState.PRESENT if rng.random() < 0.3 + 0.6 * level else FlagState.ABSENT)
    for flag in kit.yellow_flags:
        interview.set_flag(flag.id, FlagState.PRESENT if rng.random() < 0.8 - 0.7 * level else FlagState.ABSENT)
    for q in kit.questions:
        r = _rating(rng, level, top)
        interview.rate(q.id, r)
        interview.write_notes(q.id, _note(rng, kit, q.id, r))
    for area in kit.profile:
        for item in area.items:
            interview.tick(item.id, rng.random() < 0.2 + 0.7 * level)
        if area.red_flag:
            interview.tick(area.red_flag.id, rng.random() < 0.3 * (1 - level))
    for i, case in enumerate(kit.use_cases):
        applies = i == 0 or rng.random() < 0.5
        interview.tick(case.id, applies)
        if not applies:
            continue
        for item in case.priority_skills:
            interview.tick(item.id, rng.random() < 0.2 + 0.7 * level)
        r = _rating(rng, level, top)
        interview.rate(case.focus.id, r)
        interview.write_notes(case.focus.id, _note(rng, kit, case.focus.id, r))
        interview.tick(case.red_flag.id, rng.random() < 0.25 * (1 - level))
    overall = interview.summary().overall or 1.0
    interview.set_recommendation(_SCALE[min(3, int((overall - 1) / (top - 1) * 3.999))])
    interview.set_takeaways(
        rng.choice(["Strong fundamentals; would grow quickly on the team.",
                    "Knows the framework from tutorials; architecture is the gap.",
                    "Solid on APIs, weaker on deployment and testing.",
                    "Clear communicator; probe extension knowledge in the next round."])
    )
    interview.set_position("summary")
    interview.submit()


BULK_FROM = 200
"""From this many candidates on, the demo loads in bulk (see :func:`_bulk`)."""


def _bulk_records(ws: Workspace, count: int, rng: random.Random, interviewer: str) -> Iterator[NewAssessment]:
    roles = [ws.kits[r] for r in sorted(ws.kits)]
    start = datetime(2016, 1, 1)
    for index in range(count):
        kit = roles[index % len(roles)]
        level, top = rng.random(), kit.scale.maximum
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        started = start + timedelta(minutes=index * 50 + rng.randrange(40))
        submitted = rng.random() < 0.4
        responses = [Response(f.id, flag_state=FlagState.PRESENT if rng.random() < 0.3 + 0.6 * level
                              else FlagState.ABSENT) for f in kit.green_flags] if submitted else []
        asked = kit.questions if submitted else kit.questions[: rng.randrange(7)]
        responses += [Response(q.id, rating=_rating(rng, level, top)) for q in asked]
        mean = sum(r.rating or 0 for r in responses) / max(1, len(asked))
        yield NewAssessment(
            name=f"{first} {last}", email=f"{first.lower()}.{index}@example.com".encode("ascii", "ignore").decode(),
            kit=kit, interviewer=interviewer, started_at=started,
            status=Status.SUBMITTED if submitted else Status.DRAFT,
            submitted_at=started + timedelta(hours=1) if submitted else None,
            recommendation=_SCALE[min(3, int((mean - 1) / (top - 1) * 3.999))] if submitted else None,
            responses=responses,
        )


_SCALE = [Recommendation.STRONG_NO, Recommendation.NO, Recommendation.YES, Recommendation.STRONG_YES]


def run_demo(ws: Workspace, candidates: int = 6, seed: int = 7, interviewer: str = "Demo Interviewer") -> int:
    """Add ``candidates`` sample candidates (one role after another), each
    with a complete, submitted assessment except the last, left as a draft
    half-way through.  Returns how many were added.

    From :data:`BULK_FROM` candidates on (a data set for scale tests), the
    candidates are written in bulk: 40 % with a submitted assessment of
    resume flags and every question rated, the rest with a draft of up to
    six ratings — about 12 responses a candidate.  Raises
    :class:`AssessorError` when the database refuses.
    """
    rng = random.Random(seed)
    if candidates >= BULK_FROM:
        try:
            return bulk_add(ws.store, _bulk_records(ws, candidates, rng, interviewer))
        except StoreError as exc:
            raise AssessorError(str(exc)) from exc
    roles = sorted(ws.kits)
    for index in range(candidates):
        role = roles[index % len(roles)]
        name = _name(rng, index)
        email = name.split()[0].lower().encode("ascii", "ignore").decode() or "candidate"
        candidate = add_candidate(ws, name, f"{email}.{index}@example.com", role)
        interview = open_interview(ws, candidate.id, interviewer)
        if index == candidates - 1 and candidates > 1:
            kit = interview.assessment.kit
            for q in kit.questions[: len(kit.questions) // 2]:
                interview.rate(q.id, _rating(rng, 0.5, kit.scale.maximum))
            interview.set_position(kit.questions[len(kit.questions) // 2].id)
        else:
            _fill(interview, rng, rng.random())
    return candidates

"""Demo data: sample candidates with complete, realistic assessments.

So a new user sees the candidate list and reports at once.  Everything is
drawn from a seeded random generator, so the same call gives the same data.
Each demo candidate has a "level" (0 = junior .. 1 = senior); ratings, ticks
and notes follow it, with some noise, the way a real panel's would.

About a third of the candidates are assessed by a panel: 2 or 3
interviewers (:data:`PANELISTS`), each in an assessment of their own, each
rating independently from the same level with their own leniency
(:data:`LENIENCY`, so the calibration view has something to show) and
noise; one panelist in two disagrees by two points with the first
interviewer on one question.  The recommendation follows the computed score
(:func:`assessor.domain.indicated_recommendation`), except for one panelist
in ten who departs from it and writes why (as does anyone hiring despite an
observed red flag).  Submitted assessments are sealed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from ..domain import (
    Assessment, Candidate, FlagState, InterviewKit, Recommendation, Response, Status, departures,
    indicated_recommendation, score, seal_digest,
)
from ..store import StoreError, bulk_add
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


#: the demo's other interviewers, who sit on panels with the main one
PANELISTS = ("Noor Rahman", "Jonas Weber", "Ana Lima")
#: each panelist's leniency in scale points (positive: rates higher)
LENIENCY = {"Noor Rahman": 0.45, "Jonas Weber": -0.35, "Ana Lima": 0.0}
PANELS_FROM = 6
"""From this many candidates on, every third candidate has a panel (the
smallest demos keep one assessment per candidate)."""
_REASONS = {
    "red_flag": "The red flag came up once, on a project years ago; the rest of the evidence outweighs it.",
    "hire": "The computed score undersells the system-design discussion, which matters most for this team.",
    "no_hire": "The score clears the line, but the answers on testing and deployment were too thin for this team.",
}


def _rating(rng: random.Random, level: float, top: int, bias: float = 0.0) -> int:
    value = 1 + level * (top - 1) + bias + rng.gauss(0, 0.6)
    return max(1, min(top, round(value)))


def _disagreeing(rating: int, top: int) -> int:
    """A rating two points away from ``rating`` on a 1..``top`` scale."""
    return rating + 2 if rating + 2 <= top else max(1, rating - 2)


def _departing(rec: Recommendation) -> Recommendation:
    """A recommendation on the other side of the hire line."""
    return Recommendation.NO if rec.is_hire else Recommendation.YES


def _reason(assessment: Assessment, red_flags: list[str]) -> str:
    rec = assessment.recommendation
    if rec is not None and rec.is_hire and red_flags:
        return _REASONS["red_flag"]
    return _REASONS["hire" if rec is not None and rec.is_hire else "no_hire"]


def _note(rng: random.Random, kit: InterviewKit, item_id: str, rating: int) -> str:
    q = kit.find_question(item_id)
    if q is None:
        return ""
    leaning = q.anchors.senior if rating > kit.scale.maximum / 2 else q.anchors.junior
    opener = rng.choice(["Answer close to:", "Closest anchor:", "Heard:"])
    return f"{opener} {leaning.rstrip('.')}. " + rng.choice(
        ["Gave a concrete example from production.", "Needed a prompt to go deeper.",
         "Clear and structured.", "Hesitant at first, then solid.", "Mostly theory, few specifics."]
    )


def _fill(interview: Interview, rng: random.Random, level: float, bias: float = 0.0,
          overrides: dict[str, int] | None = None, depart: bool = False) -> None:
    """Walk the whole kit with answers that follow ``level`` (ratings
    shifted by ``bias`` scale points; ``overrides`` fixes some ratings),
    recommend what the computed score indicates (the other side of the hire
    line with ``depart``), write a reason when that departs, and submit."""
    kit = interview.assessment.kit
    top = kit.scale.maximum
    overrides = overrides or {}
    for flag in kit.green_flags:
        interview.set_flag(flag.id, FlagState.PRESENT if rng.random() < 0.3 + 0.6 * level else FlagState.ABSENT)
    for flag in kit.yellow_flags:
        interview.set_flag(flag.id, FlagState.PRESENT if rng.random() < 0.8 - 0.7 * level else FlagState.ABSENT)
    for q in kit.questions:
        r = _rating(rng, level, top, bias)
        r = overrides.get(q.id, r)
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
        r = _rating(rng, level, top, bias)
        interview.rate(case.focus.id, r)
        interview.write_notes(case.focus.id, _note(rng, kit, case.focus.id, r))
        interview.tick(case.red_flag.id, rng.random() < 0.25 * (1 - level))
    summary = interview.summary()
    rec = indicated_recommendation(summary.overall, top) or Recommendation.STRONG_NO
    interview.set_recommendation(_departing(rec) if depart else rec)
    if interview.departures():
        interview.set_departure_reason(_reason(interview.assessment, summary.red_flags))
    interview.set_takeaways(
        rng.choice(["Strong fundamentals; would grow quickly on the team.",
                    "Knows the framework from tutorials; architecture is the gap.",
                    "Solid on APIs, weaker on deployment and testing.",
                    "Clear communicator; probe extension knowledge in the next round."])
    )
    interview.set_position("summary")
    interview.submit()


BULK_FROM = 200
"""From this many candidates on, the demo loads in bulk (see :func:`_bulk_records`)."""


def _finished(kit: InterviewKit, name: str, email: str, interviewer: str, started: datetime, submitted: bool,
              responses: list[Response], depart: bool = False) -> Assessment:
    """An assessment for the bulk load (its candidate not stored yet); a
    submitted one gets the recommendation its computed score indicates
    (the other side of the hire line, with a written reason, when
    ``depart``) and its seal, as :meth:`Interview.submit` would."""
    a = Assessment(id=0, candidate=Candidate(0, name, email, kit.role_id, started), kit=kit,
                   interviewer=interviewer, started_at=started, responses={r.item_id: r for r in responses})
    if not submitted:
        return a
    a.status, a.submitted_at = Status.SUBMITTED, started + timedelta(hours=1)
    summary = score(a)
    rec = indicated_recommendation(summary.overall, kit.scale.maximum) or Recommendation.STRONG_NO
    a.recommendation = _departing(rec) if depart else rec
    if depart or summary.red_flags:  # the bulk demo ticks no red flag: only a chosen departure needs a reason
        a.departure_reason = _reason(a, summary.red_flags) if departures(a, summary) else ""
    a.seal = seal_digest(a)
    return a


def _bulk_responses(kit: InterviewKit, rng: random.Random, level: float, submitted: bool,
                    bias: float = 0.0) -> list[Response]:
    top = kit.scale.maximum
    responses = [Response(f.id, flag_state=FlagState.PRESENT if rng.random() < 0.3 + 0.6 * level
                          else FlagState.ABSENT) for f in kit.green_flags] if submitted else []
    asked = kit.questions if submitted else kit.questions[: rng.randrange(7)]
    return responses + [Response(q.id, rating=_rating(rng, level, top, bias)) for q in asked]


def _bulk_panel(kit: InterviewKit, prng: random.Random, index: int, level: float, main: Assessment
                ) -> tuple[Assessment, ...]:
    """One or two more interviewers for the candidate of ``main``: each
    rates from the same level with their own leniency; the first one, one
    time in two, disagrees with ``main`` by two points on one question."""
    panel = []
    main_submitted = main.status is Status.SUBMITTED
    for k in range(1 + prng.randrange(2)):
        who = PANELISTS[(index + k) % len(PANELISTS)]
        submitted = prng.random() < (0.8 if main_submitted else 0.3)
        responses = _bulk_responses(kit, prng, level, submitted, LENIENCY[who])
        if k == 0 and submitted and main_submitted and prng.random() < 0.5:
            q = kit.questions[prng.randrange(len(kit.questions))]
            theirs = main.responses[q.id].rating
            responses = [Response(r.item_id, rating=_disagreeing(theirs, kit.scale.maximum))  # type: ignore[arg-type]
                         if r.item_id == q.id else r for r in responses]
        started = main.started_at + timedelta(days=1 + k, minutes=prng.randrange(60))
        panel.append(_finished(kit, main.candidate.name, main.candidate.email, who, started, submitted, responses,
                               depart=submitted and prng.random() < 0.1))
    return tuple(panel)


def _bulk_records(ws: Workspace, count: int, rng: random.Random, interviewer: str,
                  prng: random.Random) -> Iterator[tuple[Assessment, ...]]:
    """The bulk demo's candidates: ``rng`` draws what the demo drew before
    panels existed (the same candidates and first assessments), ``prng``
    the panels of every third candidate."""
    roles = [ws.kits[r] for r in sorted(ws.kits)]
    start = datetime(2016, 1, 1)
    for index in range(count):
        kit = roles[index % len(roles)]
        level = rng.random()
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        started = start + timedelta(minutes=index * 50 + rng.randrange(40))
        submitted = rng.random() < 0.4
        responses = _bulk_responses(kit, rng, level, submitted)
        email = f"{first.lower()}.{index}@example.com".encode("ascii", "ignore").decode()
        main = _finished(kit, f"{first} {last}", email, interviewer, started, submitted, responses)
        yield (main, *_bulk_panel(kit, prng, index, level, main)) if index % 3 == 1 else (main,)


def _panel_size(index: int, candidates: int) -> int:
    """How many interviewers assess demo candidate ``index`` (of the small
    demo): 2 or 3 for every third candidate from :data:`PANELS_FROM`
    candidates on, else 1; the last candidate (a draft) has one."""
    if candidates < PANELS_FROM or index % 3 != 1 or index == candidates - 1:
        return 1
    return 3 if index % 2 else 2


def run_demo(ws: Workspace, candidates: int = 6, seed: int = 7, interviewer: str = "Demo Interviewer") -> int:
    """Add ``candidates`` sample candidates (one role after another), each
    with a complete, submitted and sealed assessment except the last, left
    as a draft half-way through; from :data:`PANELS_FROM` candidates on,
    every third one is assessed by a panel of 2 or 3 interviewers (see the
    module's notes).  Returns how many candidates were added.

    From :data:`BULK_FROM` candidates on (a data set for scale tests), the
    candidates are written in bulk: 40 % with a submitted assessment of
    resume flags and every question rated, the rest with a draft of up to
    six ratings — about 12 responses a candidate — and every third one with
    one or two more interviewers' assessments (80 % of them submitted when
    the first is, else 30 %).  Raises :class:`AssessorError` when the
    database refuses.
    """
    rng = random.Random(seed)
    prng = random.Random(seed + 1)  # the panels: the rest of the data stays what it was without them
    if candidates >= BULK_FROM:
        try:
            return bulk_add(ws.store, _bulk_records(ws, candidates, rng, interviewer, prng))
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
            continue
        level = rng.random()
        _fill(interview, rng, level)
        first = interview.assessment
        for k in range(_panel_size(index, candidates) - 1):
            who = PANELISTS[(index + k) % len(PANELISTS)]
            overrides = {}
            if k == 0:  # the first panelist disagrees by two points on the first question
                q = first.kit.questions[0]
                overrides[q.id] = _disagreeing(first.response(q.id).rating or 1, first.kit.scale.maximum)
            _fill(open_interview(ws, candidate.id, who), prng, level, LENIENCY[who], overrides, depart=k == 1)
    return candidates

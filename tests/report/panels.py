"""Panels for the report tests: interviewers scoring one candidate through
the services (so seals, amendments and departure reasons are the real
ones), and in-memory panels for the hostile-text runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from assessor.domain import (
    Amendment, Assessment, Candidate, FlagState, InterviewKit, Recommendation, Response, Status, apply_amendment,
    seal_digest,
)
from assessor.services import open_interview


def score(ws, cid: int, who: str, q1: int, q2: int, rec: Recommendation, *, reason: str = "",
          note: str = "", focus: int | None = None, submit: bool = True):
    """``who`` rates q1 and q2 (and the use case u1's focus when given),
    writes a note on q1, recommends ``rec`` (with ``reason`` when it departs
    from the score) and submits.  Returns the :class:`Interview`."""
    interview = open_interview(ws, cid, who)
    interview.rate("q1", q1)
    interview.rate("q2", q2)
    if focus is not None:
        interview.tick("u1", True)
        interview.rate("u1-focus", focus)
    interview.set_flag("g1", FlagState.PRESENT)
    interview.write_notes("q1", note or f"{who} heard a clear answer.")
    interview.set_recommendation(rec)
    if reason:
        interview.set_departure_reason(reason)
    if submit:
        interview.submit()
    return interview


WHEN = datetime(2024, 5, 3, 14, 0, tzinfo=timezone.utc)


def sealed(kit: InterviewKit, candidate: Candidate, interviewer: str, ratings: dict[str, int], *, text: str = "",
           rec: Recommendation = Recommendation.NO, n: int = 1, q1_note: str | None = None) -> Assessment:
    """A submitted, sealed assessment of ``kit`` held in memory, with
    ``text`` as every note (``q1_note`` on q1 when given), the takeaways,
    the departure reason and an amendment's reason (and the amended note)."""
    responses = {item: Response(item, rating=value, notes=text) for item, value in ratings.items()}
    if q1_note is not None:
        responses["q1"] = Response("q1", rating=ratings.get("q1"), notes=q1_note)
    responses["g1"] = Response("g1", flag_state=FlagState.PRESENT, notes=text)
    responses["u1"] = Response("u1", checked=True)
    a = Assessment(id=n, candidate=candidate, kit=kit, interviewer=interviewer, started_at=WHEN,
                   status=Status.SUBMITTED, submitted_at=WHEN + timedelta(hours=n), recommendation=rec,
                   takeaways=text, responses=responses, departure_reason=text, uid=f"uid-{n}")
    a = replace(a, seal=seal_digest(a))
    change = Amendment(WHEN + timedelta(days=1), interviewer, "q2", "notes", text, text + " (amended)", text or "typo")
    apply_amendment(a, change)
    a.amendments.append(change)
    return a

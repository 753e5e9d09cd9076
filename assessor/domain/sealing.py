"""Sealed ratings, amendments, and recommendations that depart from the score.

Submitting an assessment seals it: :func:`seal_digest` is a SHA-256 digest
over a canonical JSON form of everything the interviewer decided (every
response's rating, flag state, tick and notes, the recommendation, the
takeaways, the reason for a departure, who and when).  The digest is stored
and printed in the report, so a hiring manager can check that no rating
moved after the debrief began.

A later correction is an :class:`~assessor.domain.Amendment`: the change is
made, and the amendment (old value, new value, who, when, why) is stored
beside it and listed in every report.  :func:`sealed_state` undoes the
amendments, newest first, to rebuild the assessment as it was submitted;
:func:`verify_seal` compares that state's digest with the stored seal, so
an edit made without an amendment (a silent one, e.g. straight in the
database) shows as a broken seal.

The departure rule (:func:`departures`) makes the decision follow the rule
set in advance: the overall score is computed mechanically from the kit's
weights (:func:`assessor.domain.score`; mechanical combination predicts
better than holistic judgement: Kuncel, Klieger, Connelly & Ones 2013,
*Journal of Applied Psychology* 98(6)), and a recommendation that departs
from it needs a written reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime

from .assessment import Amendment, Assessment, FlagState, Recommendation, Response
from .scoring import ScoreSummary, midpoint, score

#: the response fields an amendment may change
RESPONSE_FIELDS = ("rating", "flag_state", "checked", "notes")
#: the assessment fields an amendment may change
ASSESSMENT_FIELDS = ("recommendation", "takeaways", "departure_reason")


def _plain(value: object) -> object:
    if isinstance(value, FlagState | Recommendation):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value


def canonical_form(assessment: Assessment) -> bytes:
    """The bytes the seal is computed over: compact JSON with sorted keys
    of the kit's role id and version, the interviewer, the submit time (to
    the second), the recommendation, takeaways, departure reason and every
    stored response (rating, flag state, tick, notes) sorted by item id.
    Row versions and ids are left out: a copy or an import to another
    database keeps the same seal."""
    a = assessment
    responses = [
        [r.item_id, r.rating, _plain(r.flag_state), r.checked, r.notes]
        for r in sorted(a.responses.values(), key=lambda r: r.item_id)
        if r.rating is not None or r.flag_state is not None or r.checked is not None or r.notes
    ]
    body = {
        "kit": [a.kit.role_id, a.kit.version],
        "interviewer": a.interviewer,
        "submitted_at": _plain(a.submitted_at),
        "recommendation": _plain(a.recommendation),
        "takeaways": a.takeaways,
        "departure_reason": a.departure_reason,
        "responses": responses,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def seal_digest(assessment: Assessment) -> str:
    """SHA-256 (hex, 64 characters) of :func:`canonical_form`."""
    return hashlib.sha256(canonical_form(assessment)).hexdigest()


def apply_amendment(assessment: Assessment, amendment: Amendment, *, undo: bool = False) -> None:
    """Set ``amendment.field`` to its new value (its old one with ``undo``)
    in ``assessment``, in place.  Raises ``ValueError`` for a field an
    amendment cannot change."""
    value = amendment.old if undo else amendment.new
    if amendment.item_id is None:
        if amendment.field not in ASSESSMENT_FIELDS:
            raise ValueError(f"an amendment cannot change {amendment.field!r}")
        if amendment.field == "recommendation":
            value = Recommendation(value) if value else None
        elif value is None:
            value = ""
        setattr(assessment, amendment.field, value)
        return
    if amendment.field not in RESPONSE_FIELDS:
        raise ValueError(f"an amendment cannot change {amendment.field!r}")
    if amendment.field == "flag_state" and value is not None:
        value = FlagState(value)
    if amendment.field == "notes" and value is None:
        value = ""
    current = assessment.responses.get(amendment.item_id) or Response(item_id=amendment.item_id)
    assessment.responses[amendment.item_id] = replace(current, **{amendment.field: value})


def sealed_state(assessment: Assessment) -> Assessment:
    """A copy of ``assessment`` as it was submitted: its amendments undone,
    newest first (the original is not changed)."""
    copy = replace(assessment, responses=dict(assessment.responses), amendments=[])
    for amendment in reversed(assessment.amendments):
        apply_amendment(copy, amendment, undo=True)
    return copy


def verify_seal(assessment: Assessment) -> bool | None:
    """``None`` when the assessment is not sealed (a draft), or when its
    candidate was anonymized (the notes the seal covered are gone on
    purpose); else True when the state before its amendments still has the
    stored digest, False when something changed without an amendment."""
    if not assessment.seal or assessment.candidate.anonymized_at is not None:
        return None
    return seal_digest(sealed_state(assessment)) == assessment.seal


def indicated_recommendation(overall: float | None, scale_max: int) -> Recommendation | None:
    """The recommendation the computed score points to: the scale 1..N cut
    into four equal bands, Strong No, No, Yes, Strong Yes (on 1..4: below
    1.75, below 2.5, below 3.25, the rest).  ``None`` without a score.  The
    middle cut is the scale's midpoint, the line between hire and no hire."""
    if overall is None:
        return None
    width = (scale_max - 1) / 4
    for bound, rec in ((1 + width, Recommendation.STRONG_NO), (1 + 2 * width, Recommendation.NO),
                       (1 + 3 * width, Recommendation.YES)):
        if overall < bound:
            return rec
    return Recommendation.STRONG_YES


def departures(assessment: Assessment, summary: ScoreSummary | None = None) -> list[str]:
    """Why the recommendation needs a written reason; ``[]`` when it
    follows the computed score.  A recommendation departs when:

    * it recommends a hire while the computed overall score is below the
      scale's midpoint, or no hire while it is at or above it (the hire
      line of :func:`indicated_recommendation`; a step within one side,
      Yes for Strong Yes, is the interviewer's to take); a red flag
      observed is reason enough for no hire, and the report lists it;
    * it recommends a hire with no question rated (no score to follow);
    * it recommends a hire despite an observed red flag.
    """
    rec = assessment.recommendation
    if rec is None:
        return []
    summary = summary or score(assessment)
    overall, mid = summary.overall, midpoint(assessment.kit)
    reasons: list[str] = []
    if overall is None:
        if rec.is_hire:
            reasons.append(f"{rec.label} with no question rated")
    elif rec.is_hire and overall < mid:
        reasons.append(f"{rec.label} although the computed score {overall:g} is below the midpoint {mid:g}")
    elif not rec.is_hire and overall >= mid and not summary.red_flags:
        reasons.append(f"{rec.label} although the computed score {overall:g} is at or above the midpoint {mid:g}")
    if rec.is_hire:
        reasons += [f"{rec.label} despite the red flag observed: {text}" for text in summary.red_flags]
    return reasons

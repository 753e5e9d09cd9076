"""Blind mode: the evidence without the person.

A blind report lets a reviewer judge the ratings and notes alone
(:func:`blind_candidate`, :func:`blind_assessment`): the candidate's name
becomes a code, the email is dropped, and every occurrence of the name (in
full, or any part of three letters or more) or the email in notes,
takeaways and reasons is replaced by the code, case-insensitively.  The
code is derived from the candidate's stable id, so the hiring manager can
match a blind report to a candidate and a reviewer cannot.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from .assessment import Amendment, Assessment, Candidate


def candidate_code(candidate: Candidate) -> str:
    """A code such as ``"C-4F9A21"``: six hex digits of SHA-256 of the
    candidate's stable id (``uid``, else the numeric id)."""
    key = candidate.uid or str(candidate.id)
    return "C-" + hashlib.sha256(key.encode()).hexdigest()[:6].upper()


def _redactor(candidate: Candidate):
    code = candidate_code(candidate)
    words = {w for w in re.split(r"\W+", candidate.name) if len(w) >= 3}
    terms = sorted({t for t in (candidate.name.strip(), candidate.email.strip(), *words) if t}, key=len, reverse=True)
    if not terms:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    return lambda text: pattern.sub(code, text) if text else text


def blind_candidate(candidate: Candidate) -> Candidate:
    """``candidate`` with the name replaced by its code and no email."""
    return replace(candidate, name=candidate_code(candidate), email="")


def blind_assessment(assessment: Assessment) -> Assessment:
    """A copy of ``assessment`` for a blind report: the candidate blinded
    (:func:`blind_candidate`) and their name and email redacted from every
    note, the takeaways, the departure reason and amendments' reasons and
    notes.  The seal is kept (it was made over the real text)."""
    redact = _redactor(assessment.candidate)
    responses = {k: replace(r, notes=redact(r.notes)) for k, r in assessment.responses.items()}
    amendments = [
        replace(m, reason=redact(m.reason),
                old=redact(m.old) if isinstance(m.old, str) and m.field != "recommendation" else m.old,
                new=redact(m.new) if isinstance(m.new, str) and m.field != "recommendation" else m.new)
        for m in assessment.amendments
    ]
    return replace(assessment, candidate=blind_candidate(assessment.candidate), responses=responses,
                   takeaways=redact(assessment.takeaways), departure_reason=redact(assessment.departure_reason),
                   amendments=amendments)


__all__ = ["Amendment", "blind_assessment", "blind_candidate", "candidate_code"]

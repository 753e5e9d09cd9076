"""The one mapping between database rows and domain objects, and the store's clock.

Every module of :mod:`assessor.store` turns rows into
:class:`~assessor.domain.Assessment`, :class:`~assessor.domain.Response`,
:class:`~assessor.domain.Candidate` and :class:`~assessor.domain.Amendment`
(and those back into column values) through the functions here, so a
column is read and written in one place:

* :func:`response_of` / :func:`response_values`: a ``responses`` row;
* :func:`assessment_of` / :func:`assessment_values`: an ``assessments`` row
  (:data:`VERSIONED_FIELDS` are the columns whose change bumps its version,
  :func:`versioned_values` their current values for a conflict);
* :func:`candidate_of`, :func:`amendment_of` / :func:`amendment_values`,
  :func:`audit_values`.

A "row" is anything with the columns as attributes: an ORM object of
:mod:`assessor.store.models` or a ``Row`` of a Core ``select`` of the same
columns.  Enums are stored by their ``value``; times are naive UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from ..domain import (
    Amendment, Assessment, AuditEntry, Candidate, CandidateOverview, FlagState, InterviewKit, Recommendation,
    Response, Status,
)
from .engine import StoredValueError

#: the assessment columns whose change bumps its version (and may conflict);
#: ``position`` is not among them (each window remembers its own page)
VERSIONED_FIELDS = frozenset({"recommendation", "takeaways", "status", "submitted_at", "departure_reason", "seal",
                              "seal_key", "signature", "signing_key"})


def utcnow() -> datetime:
    """The current time as naive UTC, the form every stored time takes."""
    return datetime.now(UTC).replace(tzinfo=None)


def stored(value: object) -> object:
    """A domain value as a column holds it: an enum by its ``value``, the rest as it is."""
    if isinstance(value, dict):  # the section times: JSON
        return json.dumps(value, sort_keys=True) if value else ""
    return value.value if isinstance(value, Enum) else value


def section_seconds_of(text: str | None) -> dict[str, int]:
    """The stored ``section_seconds`` JSON as a dict (``{}`` when empty or
    not a mapping of whole seconds)."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool) and v >= 0}

_E = TypeVar("_E", bound=Enum)


def stored_enum(kind: type[_E], value: object, table: str, row_id: object, column: str) -> _E:
    """``kind(value)``, or :class:`StoredValueError` naming the row when
    ``value`` is none of ``kind``'s values."""
    try:
        return kind(value)
    except ValueError:
        raise StoredValueError(table, row_id, column, value,
                               "one of " + ", ".join(str(m.value) for m in kind)) from None


def check_rating(rating: object, kit: InterviewKit, row_id: object) -> None:
    """Raise :class:`StoredValueError` for a stored rating that is not a
    point of ``kit``'s scale (``None``, not assessed, is fine)."""
    if rating is None:
        return
    points = {p.value for p in kit.scale.points}
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in points:
        raise StoredValueError("responses", row_id, "rating", rating,
                               f"a point of the scale 1..{kit.scale.maximum}")


# -- candidates -------------------------------------------------------------------


def candidate_of(row: Any) -> Candidate:
    """The domain :class:`Candidate` of a ``candidates`` row."""
    return Candidate(row.id, row.name, row.email, row.role_id, row.created_at, row.anonymized_at, row.uid or "")


#: the ``candidates`` columns :func:`candidate_row` gives, in its order
CANDIDATE_COLUMNS = ("uid", "name", "email", "role_id", "created_at", "anonymized_at")


def candidate_row(candidate: Candidate) -> tuple:
    """The ``candidates`` column values of ``candidate`` (or of a record
    with the same fields) in the order of :data:`CANDIDATE_COLUMNS` (its
    ``id`` left to the database)."""
    return (candidate.uid, candidate.name, candidate.email, candidate.role_id, candidate.created_at,
            candidate.anonymized_at)


def candidate_values(candidate: Candidate) -> dict:
    """:func:`candidate_row` by column name; a blank ``uid`` is left out
    (the column's default gives a new one)."""
    values = dict(zip(CANDIDATE_COLUMNS, candidate_row(candidate), strict=True))
    if not values["uid"]:
        del values["uid"]
    return values


def overview_of(candidate: Any, assessment: Any | None) -> CandidateOverview:
    """One row of the candidate list: a ``candidates`` row and the
    ``assessments`` row shown for it (``None`` when never interviewed)."""
    return CandidateOverview(
        candidate=candidate_of(candidate),
        assessment_id=assessment.id if assessment else None,
        status=stored_enum(Status, assessment.status, "assessments", assessment.id, "status") if assessment else None,
        recommendation=stored_enum(Recommendation, assessment.recommendation, "assessments", assessment.id,
                                   "recommendation") if assessment and assessment.recommendation else None,
        last_interview=(assessment.submitted_at or assessment.started_at) if assessment else None,
    )


# -- responses --------------------------------------------------------------------


def response_of(row: Any) -> Response:
    """The domain :class:`Response` of a ``responses`` row (its version kept;
    a SQLite ``checked`` of 0/1 read as a bool, missing notes as "")."""
    return Response(item_id=row.item_id, rating=row.rating,
                    flag_state=stored_enum(FlagState, row.flag_state, "responses", getattr(row, "id", "?"),
                                           "flag_state") if row.flag_state else None,
                    checked=None if row.checked is None else bool(row.checked), notes=row.notes or "",
                    version=getattr(row, "version", 0) or 0)


#: the ``responses`` columns :func:`response_row` gives, in its order
RESPONSE_COLUMNS = ("assessment_id", "item_id", "rating", "flag_state", "checked", "notes", "updated_at")


def response_row(assessment_id: int, response: Response, updated_at: datetime) -> tuple:
    """The ``responses`` column values of ``response`` (or of a record with
    the same fields) in the order of :data:`RESPONSE_COLUMNS`, stamped
    ``updated_at``: the form a bulk ``executemany`` takes."""
    flag = response.flag_state
    return (assessment_id, response.item_id, response.rating, flag.value if isinstance(flag, Enum) else flag,
            response.checked, response.notes, updated_at)


def response_values(assessment_id: int, response: Response, updated_at: datetime | None = None) -> dict:
    """The ``responses`` column values of ``response`` (or of a record with
    the same fields) by column name, stamped ``updated_at`` (now when not
    given); see :func:`response_row`."""
    return dict(zip(RESPONSE_COLUMNS, response_row(assessment_id, response, updated_at or utcnow()), strict=True))


# -- assessments ------------------------------------------------------------------


def assessment_of(row: Any, candidate: Candidate, kit: InterviewKit, responses: Iterable[Any] = (),
                  amendments: Iterable[Any] = (), kit_digest: str = "") -> Assessment:
    """The domain :class:`Assessment` of an ``assessments`` row with its
    ``responses`` rows (or domain :class:`Response` objects) and
    ``amendments`` rows (or domain :class:`Amendment` objects, oldest
    first); ``kit_digest`` is the SHA-256 of its kit snapshot's stored
    text.  ``row.id`` may be absent (a record read from a file): 0.

    Raises :class:`StoredValueError` naming the row for a status,
    recommendation or flag Assessor does not know, or a rating off the
    kit's scale."""
    row_id = getattr(row, "id", 0) or 0
    responses = list(responses)
    for r in responses:
        if not isinstance(r, Response):
            check_rating(r.rating, kit, getattr(r, "id", "?"))
    return Assessment(
        id=getattr(row, "id", 0) or 0,
        candidate=candidate,
        kit=kit,
        interviewer=row.interviewer,
        started_at=row.started_at,
        status=stored_enum(Status, row.status, "assessments", row_id, "status"),
        submitted_at=row.submitted_at,
        recommendation=(stored_enum(Recommendation, row.recommendation, "assessments", row_id, "recommendation")
                        if row.recommendation else None),
        takeaways=row.takeaways or "",
        position=row.position or "",
        responses={r.item_id: r if isinstance(r, Response) else response_of(r) for r in responses},
        version=getattr(row, "version", 0) or 0,
        departure_reason=row.departure_reason or "",
        seal=row.seal,
        seal_key=getattr(row, "seal_key", None),
        kit_digest=kit_digest,
        amendments=[m if isinstance(m, Amendment) else amendment_of(m) for m in amendments],
        uid=row.uid or "",
        section_seconds=section_seconds_of(getattr(row, "section_seconds", "")),
        interviewer_id=getattr(row, "interviewer_id", None),
        signature=getattr(row, "signature", None),
        signing_key=getattr(row, "signing_key", None),
    )


#: the ``assessments`` columns :func:`assessment_row` gives, in its order
ASSESSMENT_COLUMNS = ("uid", "candidate_id", "kit_snapshot_id", "role_id", "interviewer", "started_at",
                      "submitted_at", "status", "recommendation", "takeaways", "position", "departure_reason",
                      "seal", "seal_key", "section_seconds", "interviewer_id", "signature", "signing_key")


def assessment_row(assessment: Assessment, candidate_id: int, kit_snapshot_id: int,
                   role_id: str | None = None) -> tuple:
    """The ``assessments`` column values of ``assessment`` (a domain
    :class:`Assessment`, or a record with the same fields such as
    :class:`assessor.store.exchange.AssessmentRecord`, which names its
    ``role_id`` instead of holding a kit) in the order of
    :data:`ASSESSMENT_COLUMNS`; its ``id`` and ``version`` are left to the
    database."""
    a = assessment
    return (a.uid, candidate_id, kit_snapshot_id, role_id if role_id is not None else a.kit.role_id, a.interviewer,
            a.started_at, a.submitted_at, stored(a.status), stored(a.recommendation), a.takeaways, a.position,
            a.departure_reason, a.seal, a.seal_key, stored(dict(getattr(a, "section_seconds", None) or {})),
            getattr(a, "interviewer_id", None), getattr(a, "signature", None), getattr(a, "signing_key", None))


def assessment_values(assessment: Assessment, candidate_id: int, kit_snapshot_id: int,
                      role_id: str | None = None) -> dict:
    """:func:`assessment_row` by column name; a blank ``uid`` is left out
    (the column's default gives a new one)."""
    values = dict(zip(ASSESSMENT_COLUMNS, assessment_row(assessment, candidate_id, kit_snapshot_id, role_id),
                      strict=True))
    if not values["uid"]:
        del values["uid"]
    return values


def versioned_values(row: Any) -> dict[str, object]:
    """The :data:`VERSIONED_FIELDS` of an ``assessments`` row as domain
    values (the same as the fields of :func:`assessment_of`'s result):
    what a :class:`~assessor.store.ConflictError` on the assessment carries
    as the stored state, and what ``Interview.take_theirs`` sets back."""
    whole = {"recommendation": Recommendation(row.recommendation) if row.recommendation else None,
             "takeaways": row.takeaways or "", "status": Status(row.status), "submitted_at": row.submitted_at,
             "departure_reason": row.departure_reason or "", "seal": row.seal, "seal_key": row.seal_key,
             "signature": getattr(row, "signature", None), "signing_key": getattr(row, "signing_key", None)}
    return {name: whole[name] for name in sorted(VERSIONED_FIELDS)}


# -- amendments and audit -------------------------------------------------------------


def amendment_value(value: object) -> str:
    """An amendment's old or new value as stored: JSON of the plain value
    (an enum by its ``value``)."""
    return json.dumps(stored(value))


def amendment_of(row: Any) -> Amendment:
    """The domain :class:`Amendment` of an ``amendments`` row."""
    return Amendment(row.at, row.author, row.item_id, row.field, json.loads(row.old_value),
                     json.loads(row.new_value), row.reason, getattr(row, "author_id", None),
                     getattr(row, "signature", None), getattr(row, "signing_key", None), getattr(row, "link", None))


def amendment_values(assessment_id: int, amendment: Amendment) -> dict:
    """The ``amendments`` column values of ``amendment``."""
    return {"assessment_id": assessment_id, "at": amendment.at, "author": amendment.author,
            "item_id": amendment.item_id, "field": amendment.field,
            "old_value": amendment_value(amendment.old), "new_value": amendment_value(amendment.new),
            "reason": amendment.reason, "author_id": amendment.author_id, "signature": amendment.signature,
            "signing_key": amendment.signing_key, "link": amendment.link}


def audit_entry_of(row: Any) -> AuditEntry:
    """The domain :class:`AuditEntry` of an ``audit_log`` row."""
    return AuditEntry(row.at, row.actor, row.candidate_id, row.assessment_id, row.item_id, row.field,
                      row.old_value, row.new_value)


def audit_values(entry: AuditEntry) -> dict:
    """The ``audit_log`` column values of ``entry`` (actor cut to 200 characters)."""
    return {"at": entry.at, "actor": entry.actor[:200], "candidate_id": entry.candidate_id,
            "assessment_id": entry.assessment_id, "item_id": entry.item_id, "field": entry.field,
            "old_value": entry.old, "new_value": entry.new}

"""Converting between rows and domain objects, and the store's clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import Enum

from ..domain import Amendment, AuditEntry, Candidate, Response
from .models import AmendmentRow, CandidateRow


def utcnow() -> datetime:
    """The current time as naive UTC, the form every stored time takes."""
    return datetime.now(UTC).replace(tzinfo=None)


def candidate_of(row: CandidateRow) -> Candidate:
    """The domain :class:`Candidate` of a ``candidates`` row."""
    return Candidate(row.id, row.name, row.email, row.role_id, row.created_at, row.anonymized_at, row.uid or "")


def amendment_value(value: object) -> str:
    """An amendment's old or new value as stored: JSON of the plain value
    (an enum by its ``value``)."""
    return json.dumps(value.value if isinstance(value, Enum) else value)


def amendment_of(row: AmendmentRow) -> Amendment:
    """The domain :class:`Amendment` of an ``amendments`` row."""
    return Amendment(row.at, row.author, row.item_id, row.field, json.loads(row.old_value),
                     json.loads(row.new_value), row.reason)


def audit_values(entry: AuditEntry) -> dict:
    """The ``audit_log`` column values of ``entry`` (actor cut to 200 characters)."""
    return {"at": entry.at, "actor": entry.actor[:200], "candidate_id": entry.candidate_id,
            "assessment_id": entry.assessment_id, "item_id": entry.item_id, "field": entry.field,
            "old_value": entry.old, "new_value": entry.new}


def response_values(assessment_id: int, response: Response) -> dict:
    """The ``responses`` column values of ``response``, stamped now."""
    return {
        "assessment_id": assessment_id,
        "item_id": response.item_id,
        "rating": response.rating,
        "flag_state": response.flag_state.value if response.flag_state else None,
        "checked": response.checked,
        "notes": response.notes,
        "updated_at": utcnow(),
    }

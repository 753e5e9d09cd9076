"""The audit trail: who changed which scored answer, when, from what to what.

An :class:`AuditEntry` is written in the same transaction as the change it
describes.  Values are short codes (a rating ``"3"``, a flag state
``"present"``, a recommendation ``"strong_yes"``, ``"true"``/``"false"`` for
a tick), never free text, so the trail holds no notes and no names of
candidates: it can be kept after a candidate is anonymized.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

#: The fields an audit entry can name.
AUDITED_FIELDS = ("rating", "flag_state", "checked", "recommendation", "status", "anonymized", "erased")


def audit_value(value: object) -> str | None:
    """A value as the audit trail stores it: ``None`` stays ``None``, an
    enum gives its ``value``, a bool ``"true"``/``"false"``, else ``str``."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class AuditEntry:
    """One change: at ``at`` (naive UTC), ``actor`` set ``field`` of
    ``item_id`` (``None`` for a field of the whole assessment or candidate)
    in ``assessment_id`` of ``candidate_id`` from ``old`` to ``new``."""

    at: datetime
    actor: str
    candidate_id: int
    assessment_id: int | None
    item_id: str | None
    field: str
    old: str | None
    new: str | None

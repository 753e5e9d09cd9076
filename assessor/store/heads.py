"""Who holds which assessment, without loading it: the rows the services'
visibility rule (:func:`assessor.services.panel.shown_to`) needs to decide
what a viewer may see of an audit trail, an export or a role."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from .models import AssessmentRow
from .repository import Store


@dataclass(frozen=True)
class AssessmentHead:
    """One assessment's id, candidate, interviewer and status (``"draft"``
    or ``"submitted"``): enough to apply the visibility rule."""

    id: int
    candidate_id: int
    interviewer: str
    status: str


def assessment_heads(store: Store, candidate_ids: Sequence[int] | None = None,
                     role_id: str | None = None) -> list[AssessmentHead]:
    """The heads of every assessment (of ``candidate_ids`` and/or of
    ``role_id`` when given), by id.  One query (a chunk of 500 ids at a
    time for a long id list)."""
    query = select(AssessmentRow.id, AssessmentRow.candidate_id, AssessmentRow.interviewer,
                   AssessmentRow.status).order_by(AssessmentRow.id)
    if role_id is not None:
        query = query.where(AssessmentRow.role_id == role_id)
    with store.engine.connect() as conn:
        if candidate_ids is None:
            rows = list(conn.execute(query))
        else:
            ids = sorted(set(candidate_ids))
            rows = []
            for start in range(0, len(ids), 500):
                rows += conn.execute(query.where(AssessmentRow.candidate_id.in_(ids[start:start + 500])))
            rows.sort(key=lambda r: r[0])
    return [AssessmentHead(r[0], r[1], r[2] or "", r[3]) for r in rows]

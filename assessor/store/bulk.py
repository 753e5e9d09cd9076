"""Bulk loading: many candidates with their assessments in few transactions.

For the demo's large data sets (``assessor demo --candidates 100000``) and
imports, where one commit per rating would take an hour.  Rows go in with
multi-row ``INSERT .. RETURNING`` (SQLAlchemy's "insertmanyvalues"), so the
database assigns the ids, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from sqlalchemy import insert
from sqlalchemy.exc import SQLAlchemyError

from ..domain import InterviewKit, Recommendation, Response, Status
from .models import AssessmentRow, CandidateRow, ResponseRow
from .engine import StoreError
from .repository import Store, utcnow


@dataclass(frozen=True)
class NewAssessment:
    """A candidate and one assessment of theirs, to be stored together."""

    name: str
    email: str
    kit: InterviewKit
    interviewer: str
    started_at: datetime
    status: Status = Status.DRAFT
    submitted_at: datetime | None = None
    recommendation: Recommendation | None = None
    takeaways: str = ""
    position: str = ""
    responses: list[Response] = field(default_factory=list)


def bulk_add(store: Store, records: Iterable[NewAssessment], chunk: int = 2000) -> int:
    """Store every record, ``chunk`` candidates per transaction; returns how
    many were stored.  Raises ``StoreError`` when the database refuses."""
    done = 0
    records = iter(records)
    snapshot_ids: dict[int, int] = {}
    while batch := list(islice(records, chunk)):
        try:
            done += _add_batch(store, batch, snapshot_ids)
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the bulk load: {exc.__class__.__name__}") from exc
    return done


def _add_batch(store: Store, batch: list[NewAssessment], snapshot_ids: dict[int, int]) -> int:
    with store.engine.begin() as conn, store._sessions(bind=conn) as s:  # noqa: SLF001 - same package
        for r in batch:
            if id(r.kit) not in snapshot_ids:
                snapshot_ids[id(r.kit)] = store._snapshot_id(s, r.kit)  # noqa: SLF001
        s.flush()
        cids = conn.execute(
            insert(CandidateRow).returning(CandidateRow.id, sort_by_parameter_order=True),
            [{"name": r.name, "email": r.email, "role_id": r.kit.role_id, "created_at": r.started_at}
             for r in batch],
        ).scalars().all()
        aids = conn.execute(
            insert(AssessmentRow).returning(AssessmentRow.id, sort_by_parameter_order=True),
            [{
                "candidate_id": cid, "kit_snapshot_id": snapshot_ids[id(r.kit)], "role_id": r.kit.role_id,
                "interviewer": r.interviewer, "started_at": r.started_at, "submitted_at": r.submitted_at,
                "status": r.status.value, "recommendation": r.recommendation.value if r.recommendation else None,
                "takeaways": r.takeaways, "position": r.position,
            } for cid, r in zip(cids, batch, strict=True)],
        ).scalars().all()
        now = utcnow()
        responses = [{
            "assessment_id": aid, "item_id": x.item_id, "rating": x.rating,
            "flag_state": x.flag_state.value if x.flag_state else None, "checked": x.checked,
            "notes": x.notes, "updated_at": now,
        } for aid, r in zip(aids, batch, strict=True) for x in r.responses]
        if responses:
            conn.execute(insert(ResponseRow), responses)
    return len(batch)

"""Bulk loading: many candidates with their assessments in few transactions.

For the demo's large data sets (``assessor demo --candidates 100000``) and
imports, where one commit per rating would take an hour.  Rows go in by
the driver's ``executemany`` (:func:`insert_many`: values converted by the
columns' own SQLAlchemy bind processors, so stored exactly as an ORM insert
would store them, without its per-row bookkeeping) and with no
``RETURNING``: each candidate and assessment gets its stable ``uid`` here,
and the ids the database assigned are then read back by uid
(:func:`ids_by_uid`), a few hundred per query.  (An ``INSERT .. RETURNING``
that must keep the rows' order runs one statement per row on SQLite: that
was most of the demo's time.)  The same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from ..domain import InterviewKit, Recommendation, Response, Status
from .models import AssessmentRow, Base, CandidateRow, ResponseRow, new_uid
from .engine import StoreError
from .repository import Store, utcnow


@dataclass(frozen=True)
class NewAssessment:
    """A candidate and one assessment of theirs, to be stored together.

    ``panel`` holds the other interviewers' assessments of the same
    candidate (a panel), stored after this one; their ``name`` and
    ``email`` are not used (nor is their own ``panel``).  ``seal`` is
    stored as given: compute it with :func:`assessor.domain.seal_digest`."""

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
    departure_reason: str = ""
    seal: str | None = None
    panel: tuple["NewAssessment", ...] = ()


def bulk_add(store: Store, records: Iterable[NewAssessment], chunk: int = 2000) -> int:
    """Store every record (a candidate with one assessment, or several:
    see ``NewAssessment.panel``), ``chunk`` candidates per transaction;
    returns how many candidates were stored.  Raises ``StoreError`` when the database refuses."""
    done = 0
    records = iter(records)
    snapshot_ids: dict[int, int] = {}
    while batch := list(islice(records, chunk)):
        try:
            done += _add_batch(store, batch, snapshot_ids)
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the bulk load: {exc.__class__.__name__}") from exc
    return done


#: uids per lookup (SQLite before 3.32 allows 999 parameters a statement)
LOOKUP = 500


def ids_by_uid(conn: Connection, table: type[CandidateRow] | type[AssessmentRow],
               uids: Sequence[str]) -> dict[str, int]:
    """The ids of the rows of ``table`` (candidates or assessments) with
    these ``uids``, by uid (absent uids are left out)."""
    found: dict[str, int] = {}
    for start in range(0, len(uids), LOOKUP):
        found.update((uid, i) for uid, i in conn.execute(
            select(table.uid, table.id).where(table.uid.in_(uids[start:start + LOOKUP]))))
    return found


def insert_many(conn: Connection, table: type[Base], columns: Sequence[str], rows: list[tuple]) -> None:
    """``INSERT`` ``rows`` (tuples of ``columns``' values) into ``table`` in
    one ``executemany`` of the driver.  Each value goes through its column
    type's bind processor (a time becomes SQLite's text form, for one), as
    SQLAlchemy would do it; columns left out take their server defaults."""
    if not rows:
        return
    cols = [table.__table__.c[name] for name in columns]
    processors = [(n, p) for n, c in enumerate(cols) if (p := c.type.bind_processor(conn.dialect)) is not None]
    if processors:
        converted = []
        for row in rows:
            values = list(row)
            for n, process in processors:
                values[n] = process(values[n])
            converted.append(tuple(values))
        rows = converted
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(conn.dialect.identifier_preparer.quote(c.name) for c in cols)
    conn.exec_driver_sql(f"INSERT INTO {table.__tablename__} ({names}) VALUES ({', '.join([mark] * len(cols))})",
                         rows)


_CANDIDATE_COLUMNS = ("uid", "name", "email", "role_id", "created_at")
_ASSESSMENT_COLUMNS = ("uid", "candidate_id", "kit_snapshot_id", "role_id", "interviewer", "started_at",
                       "submitted_at", "status", "recommendation", "takeaways", "position", "departure_reason",
                       "seal")
_RESPONSE_COLUMNS = ("assessment_id", "item_id", "rating", "flag_state", "checked", "notes", "updated_at")


def _add_batch(store: Store, batch: list[NewAssessment], snapshot_ids: dict[int, int]) -> int:
    with store.engine.begin() as conn, store._sessions(bind=conn) as s:  # noqa: SLF001 - same package
        for a in (a for r in batch for a in (r, *r.panel)):
            if id(a.kit) not in snapshot_ids:
                snapshot_ids[id(a.kit)] = store._snapshot_id(s, a.kit)  # noqa: SLF001
        s.flush()
        candidates = [(new_uid(), r.name, r.email, r.kit.role_id, r.started_at) for r in batch]
        insert_many(conn, CandidateRow, _CANDIDATE_COLUMNS, candidates)
        found = ids_by_uid(conn, CandidateRow, [c[0] for c in candidates])
        cids = [found[c[0]] for c in candidates]
        assessments = [(cid, a) for cid, r in zip(cids, batch, strict=True) for a in (r, *r.panel)]
        rows = [(new_uid(), cid, snapshot_ids[id(r.kit)], r.kit.role_id, r.interviewer, r.started_at, r.submitted_at,
                 r.status.value, r.recommendation.value if r.recommendation else None, r.takeaways, r.position,
                 r.departure_reason, r.seal) for cid, r in assessments]
        insert_many(conn, AssessmentRow, _ASSESSMENT_COLUMNS, rows)
        found = ids_by_uid(conn, AssessmentRow, [a[0] for a in rows])
        now = utcnow()
        insert_many(conn, ResponseRow, _RESPONSE_COLUMNS, [
            (found[row[0]], x.item_id, x.rating, x.flag_state.value if x.flag_state else None, x.checked, x.notes, now)
            for row, (_, r) in zip(rows, assessments, strict=True) for x in r.responses])
    return len(batch)

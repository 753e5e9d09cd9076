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
from itertools import islice

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from ..domain import Assessment
from .engine import StoreError
from .mapping import (
    ASSESSMENT_COLUMNS, CANDIDATE_COLUMNS, RESPONSE_COLUMNS, assessment_row, candidate_row, response_row, utcnow,
)
from .models import AssessmentRow, Base, CandidateRow, ResponseRow, new_uid
from .repository import Store


def bulk_add(store: Store, panels: Iterable[Sequence[Assessment]], chunk: int = 2000) -> int:
    """Store every panel: a candidate (the first assessment's ``candidate``;
    its ``id`` and ``uid`` are ignored) with its domain assessments, in
    order (one, or several interviewers'), ``chunk`` candidates per
    transaction; returns how many candidates were stored.  Each
    assessment's ``id``, ``uid`` and ``version`` are ignored (new ones are
    given); its ``seal`` is stored as given (compute it with
    :func:`assessor.domain.seal_digest`).  Rows are made by
    :mod:`assessor.store.mapping`.  Raises ``StoreError`` when the
    database refuses."""
    done = 0
    panels = iter(panels)
    snapshot_ids: dict[int, int] = {}
    while batch := [tuple(p) for p in islice(panels, chunk)]:
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


def _add_batch(store: Store, batch: list[tuple[Assessment, ...]], snapshot_ids: dict[int, int]) -> int:
    with store.engine.begin() as conn, store._sessions(bind=conn) as s:  # noqa: SLF001 - same package
        for a in (a for panel in batch for a in panel):
            if id(a.kit) not in snapshot_ids:
                snapshot_ids[id(a.kit)] = store._snapshot_id(s, a.kit)  # noqa: SLF001
        s.flush()
        candidates = [(new_uid(), *candidate_row(panel[0].candidate)[1:]) for panel in batch]
        insert_many(conn, CandidateRow, CANDIDATE_COLUMNS, candidates)
        found = ids_by_uid(conn, CandidateRow, [c[0] for c in candidates])
        cids = [found[c[0]] for c in candidates]
        assessments = [(cid, a) for cid, panel in zip(cids, batch, strict=True) for a in panel]
        rows = [(new_uid(), *assessment_row(a, cid, snapshot_ids[id(a.kit)])[1:]) for cid, a in assessments]
        insert_many(conn, AssessmentRow, ASSESSMENT_COLUMNS, rows)
        found = ids_by_uid(conn, AssessmentRow, [r[0] for r in rows])
        now = utcnow()
        insert_many(conn, ResponseRow, RESPONSE_COLUMNS, [
            response_row(found[row[0]], x, now)
            for row, (_, a) in zip(rows, assessments, strict=True) for x in a.responses.values()])
    return len(batch)

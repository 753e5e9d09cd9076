"""The :class:`~assessor.store.Store` methods of candidates: adding one,
reading one, and the candidate list (a page at a time, keyset paging, and
every candidate streamed in batches).
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from collections.abc import Iterator
from itertools import islice

from sqlalchemy import func, or_, select

from ..domain import Candidate, CandidateOverview, Recommendation, Status, panel_summary
from .mapping import candidate_of as _candidate
from .mapping import overview_of, stored_enum, utcnow
from .models import AssessmentRow, CandidateRow
from .search import search_filters


class CandidatesMixin:
    """Candidates in the store; uses the store's ``_guard`` and ``_session``."""

    def add_candidate(self, name: str, email: str, role_id: str) -> Candidate:
        """Store a new candidate and return it with its id."""
        with self._guard("add the candidate"), self._session() as s, s.begin():
            row = CandidateRow(name=name, email=email, role_id=role_id, created_at=utcnow())
            s.add(row)
            s.flush()
            return _candidate(row)

    def candidate(self, candidate_id: int) -> Candidate:
        """The candidate with ``candidate_id``; ``KeyError`` if there is none."""
        with self._session() as s:
            row = s.get(CandidateRow, candidate_id)
            if row is None:
                raise KeyError(candidate_id)
            return _candidate(row)

    def candidates(self, search: str = "", limit: int = 500, offset: int = 0,
                   after: tuple[str, int] | None = None, viewer: str | None = None) -> list[CandidateOverview]:
        """Candidates by name, with their latest assessment, filtered by
        :func:`assessor.store.search.search_filters` (a case-insensitive
        substring of name, email or role id; a name prefix under 3
        characters).  ``after`` = (name, id) of the last row shown starts
        the page after it (keyset paging: a deep page costs a shallow one)."""
        # The latest assessment per row through a correlated MAX on the
        # candidate index: each page costs its own rows, never a pass over
        # every assessment (the list must page at 100,000 candidates).
        latest = (
            select(func.max(AssessmentRow.id))
            .where(AssessmentRow.candidate_id == CandidateRow.id)
            .correlate(CandidateRow)
            .scalar_subquery()
        )
        if viewer is not None:
            mine = (select(func.max(AssessmentRow.id))
                    .where(AssessmentRow.candidate_id == CandidateRow.id,
                           func.lower(AssessmentRow.interviewer) == viewer.strip().lower())
                    .correlate(CandidateRow).scalar_subquery())
            submitted = (select(func.max(AssessmentRow.id))
                         .where(AssessmentRow.candidate_id == CandidateRow.id,
                                AssessmentRow.status == Status.SUBMITTED.value)
                         .correlate(CandidateRow).scalar_subquery())
            latest = func.coalesce(mine, submitted)
        # Two steps: the page's ids (name index, search filter, keyset), then
        # those rows with their latest assessment (so a search that sorts
        # thousands of matches joins only the page).
        keys = select(CandidateRow.name, CandidateRow.id).order_by(CandidateRow.name, CandidateRow.id)
        if after is not None:  # keyset paging: the rows after the last one shown, read on the name index
            keys = keys.where(CandidateRow.name >= after[0],
                              or_(CandidateRow.name > after[0], CandidateRow.id > after[1]))
        with self._session() as s:
            filters = search_filters(s.connection(), search)
            if len(filters) <= 1:
                page = s.execute(keys.where(*filters).limit(limit).offset(offset)).all()
            else:  # a short prefix: one ordered range per spelling, merged
                parts = [s.execute(keys.where(f).limit(offset + limit)).all() for f in filters]
                page = list(islice(heapq.merge(*parts), offset, offset + limit))
            rows = s.execute(
                select(CandidateRow, AssessmentRow)
                .outerjoin(AssessmentRow, AssessmentRow.id == latest)
                .where(CandidateRow.id.in_([k[1] for k in page]))
                .order_by(CandidateRow.name, CandidateRow.id)
            ).all() if page else []
            # Who else assesses each candidate of the page (one indexed query
            # for the page): the list tells the truth about panels.
            entries: dict[int, list[tuple[str, Status, Recommendation | None]]] = {}
            if page:
                for cid, aid, name, status, rec in s.execute(
                        select(AssessmentRow.candidate_id, AssessmentRow.id, AssessmentRow.interviewer,
                               AssessmentRow.status, AssessmentRow.recommendation)
                        .where(AssessmentRow.candidate_id.in_([k[1] for k in page]))
                        .order_by(AssessmentRow.id)):
                    entries.setdefault(cid, []).append(
                        (name or "", stored_enum(Status, status, "assessments", aid, "status"),
                         stored_enum(Recommendation, rec, "assessments", aid, "recommendation") if rec else None))
        return [replace(overview_of(c, a), panel=panel_summary(entries.get(c.id, []), viewer)) for c, a in rows]

    def iter_candidates(self, batch: int = 1000, viewer: str | None = None) -> Iterator[CandidateOverview]:
        """Every candidate by name (then id), with their latest assessment
        (as :meth:`candidates` without a search), one row at a
        time: the rows are read ``batch`` at a time from one query
        (``yield_per``; a server-side cursor on PostgreSQL), so memory stays
        flat however many candidates there are (``assessor candidates``).
        Columns, not ORM objects, are read.  A candidate with two
        interviewers or more carries its :class:`PanelSummary` for
        ``viewer`` (:func:`assessor.domain.panel_summary`), from one more
        query that reads the assessments of panels only.  The session stays
        open until the iterator is exhausted or closed."""
        latest = (select(func.max(AssessmentRow.id)).where(AssessmentRow.candidate_id == CandidateRow.id)
                  .correlate(CandidateRow).scalar_subquery())
        query = (
            select(CandidateRow.id, CandidateRow.name, CandidateRow.email, CandidateRow.role_id,
                   CandidateRow.created_at, CandidateRow.anonymized_at, CandidateRow.uid,
                   AssessmentRow.id.label("a_id"), AssessmentRow.status.label("a_status"),
                   AssessmentRow.recommendation.label("a_recommendation"),
                   func.coalesce(AssessmentRow.submitted_at, AssessmentRow.started_at).label("a_at"))
            .outerjoin(AssessmentRow, AssessmentRow.id == latest)
            .order_by(CandidateRow.name, CandidateRow.id)
            .execution_options(yield_per=batch)
        )
        status = {s.value: s for s in Status}  # a look-up a row, not an Enum call
        recommendation = {r.value: r for r in Recommendation}
        # candidates whose assessments name two interviewers or more (a superset of
        # panels: panel_summary compares names with casefold, SQL lower() is ASCII only)
        panel_ids = (select(AssessmentRow.candidate_id).group_by(AssessmentRow.candidate_id)
                     .having(func.count(func.distinct(func.lower(func.trim(AssessmentRow.interviewer)))) >= 2))
        with self._session() as s:
            entries: dict[int, list[tuple[str, Status, Recommendation | None]]] = {}
            for cid, name, a_status, rec in s.connection().execute(
                    select(AssessmentRow.candidate_id, AssessmentRow.interviewer, AssessmentRow.status,
                           AssessmentRow.recommendation)
                    .where(AssessmentRow.candidate_id.in_(panel_ids)).order_by(AssessmentRow.id)):
                entries.setdefault(cid, []).append(
                    (name or "", status[a_status], recommendation[rec] if rec else None))
            for row in s.connection().execute(query):  # Core rows: no ORM identity map
                a_id, a_status, a_recommendation, a_at = row[7:]
                yield CandidateOverview(
                    candidate=_candidate(row),
                    assessment_id=a_id,
                    status=(status.get(a_status) or stored_enum(Status, a_status, "assessments", a_id, "status"))
                    if a_id is not None else None,
                    recommendation=(recommendation.get(a_recommendation)
                                    or stored_enum(Recommendation, a_recommendation, "assessments", a_id,
                                                   "recommendation")) if a_recommendation else None,
                    last_interview=a_at,
                    panel=panel_summary(entries[row[0]], viewer) if row[0] in entries else None,
                )

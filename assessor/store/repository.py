"""The store: every read and write of candidates, assessments and responses.

:class:`Store` is the only object the rest of Assessor uses to reach the
database; it takes and returns domain objects.  Each write is its own
committed transaction, so a rating is durable as soon as the call returns
(autosave: there is no Save button to forget).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..domain import (
    Assessment, Candidate, CandidateOverview, FlagState, InterviewKit, Recommendation, Response, Status,
)
from . import schema
from .engine import StoreError, make_engine, resolve_url
from .models import AssessmentRow, CandidateRow, KitSnapshotRow, ResponseRow


def utcnow() -> datetime:
    """The current time as naive UTC, the form every stored time takes."""
    return datetime.now(UTC).replace(tzinfo=None)


def _candidate(row: CandidateRow) -> Candidate:
    return Candidate(row.id, row.name, row.email, row.role_id, row.created_at)


class Store:
    """Candidates, assessments and responses in one SQLAlchemy database.

    ``Store(url)`` opens (and creates or upgrades, through Alembic) the
    database at ``url``; see :func:`assessor.store.engine.resolve_url`.
    Raises :class:`StoreError` when it cannot be opened or upgraded, or when
    a write is refused.
    """

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_url(db)
        self.engine: Engine = make_engine(self.url)
        try:
            schema.upgrade(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the database: {exc.__class__.__name__}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        dialect = self.engine.dialect.name
        self._kits: dict[int, InterviewKit] = {}
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(ResponseRow)
        self._upsert = stmt.on_conflict_do_update(
            index_elements=["assessment_id", "item_id"],
            set_={k: stmt.excluded[k] for k in ("rating", "flag_state", "checked", "notes", "updated_at")},
        )

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def _session(self) -> Session:
        return self._sessions()

    # -- candidates ---------------------------------------------------------

    def add_candidate(self, name: str, email: str, role_id: str) -> Candidate:
        """Store a new candidate and return it with its id."""
        with self._session() as s, s.begin():
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

    def candidates(self, search: str = "", limit: int = 500, offset: int = 0) -> list[CandidateOverview]:
        """Candidates by name, with their latest assessment, filtered by a
        case-insensitive substring of name, email or role id."""
        # The latest assessment per row through a correlated MAX on the
        # candidate index: each page costs its own rows, never a pass over
        # every assessment (the list must page at 100,000 candidates).
        latest = (
            select(func.max(AssessmentRow.id))
            .where(AssessmentRow.candidate_id == CandidateRow.id)
            .correlate(CandidateRow)
            .scalar_subquery()
        )
        query = (
            select(CandidateRow, AssessmentRow)
            .outerjoin(AssessmentRow, AssessmentRow.id == latest)
            .order_by(CandidateRow.name, CandidateRow.id)
            .limit(limit)
            .offset(offset)
        )
        if search:
            pattern = f"%{search.lower()}%"
            query = query.where(
                or_(
                    func.lower(CandidateRow.name).like(pattern),
                    func.lower(CandidateRow.email).like(pattern),
                    func.lower(CandidateRow.role_id).like(pattern),
                )
            )
        with self._session() as s:
            rows = s.execute(query).all()
        return [
            CandidateOverview(
                candidate=_candidate(c),
                assessment_id=a.id if a else None,
                status=Status(a.status) if a else None,
                recommendation=Recommendation(a.recommendation) if a and a.recommendation else None,
                last_interview=(a.submitted_at or a.started_at) if a else None,
            )
            for c, a in rows
        ]

    # -- assessments --------------------------------------------------------

    def _snapshot_id(self, s: Session, kit: InterviewKit) -> int:
        content = kit.model_dump_json()
        digest = hashlib.sha256(content.encode()).hexdigest()
        found = s.scalar(select(KitSnapshotRow.id).where(KitSnapshotRow.digest == digest))
        if found is not None:
            return found
        row = KitSnapshotRow(role_id=kit.role_id, version=kit.version, digest=digest, content=content)
        s.add(row)
        s.flush()
        return row.id

    def start_assessment(self, candidate_id: int, kit: InterviewKit, interviewer: str) -> Assessment:
        """Begin a draft assessment of the candidate with a snapshot of ``kit``."""
        with self._session() as s, s.begin():
            row = AssessmentRow(
                candidate_id=candidate_id,
                kit_snapshot_id=self._snapshot_id(s, kit),
                role_id=kit.role_id,
                interviewer=interviewer,
                started_at=utcnow(),
                status=Status.DRAFT.value,
                takeaways="",
                position="",
            )
            s.add(row)
            s.flush()
            assessment_id = row.id
        return self.assessment(assessment_id)

    def _kit(self, row: KitSnapshotRow) -> InterviewKit:
        kit = self._kits.get(row.id)
        if kit is None:
            kit = self._kits[row.id] = InterviewKit.model_validate_json(row.content)
        return kit

    def assessment(self, assessment_id: int) -> Assessment:
        """The full assessment with its kit snapshot and every response.

        Raises ``KeyError`` if there is none.
        """
        with self._session() as s:
            row = s.get(AssessmentRow, assessment_id)
            if row is None:
                raise KeyError(assessment_id)
            responses = {
                r.item_id: Response(
                    item_id=r.item_id,
                    rating=r.rating,
                    flag_state=FlagState(r.flag_state) if r.flag_state else None,
                    checked=r.checked,
                    notes=r.notes,
                )
                for r in row.responses
            }
            return Assessment(
                id=row.id,
                candidate=_candidate(row.candidate),
                kit=self._kit(row.kit_snapshot),
                interviewer=row.interviewer,
                started_at=row.started_at,
                status=Status(row.status),
                submitted_at=row.submitted_at,
                recommendation=Recommendation(row.recommendation) if row.recommendation else None,
                takeaways=row.takeaways,
                position=row.position,
                responses=responses,
            )

    def assessment_ids(self, candidate_id: int | None = None) -> list[int]:
        """Ids of all assessments (of one candidate if given), oldest first."""
        query = select(AssessmentRow.id).order_by(AssessmentRow.id)
        if candidate_id is not None:
            query = query.where(AssessmentRow.candidate_id == candidate_id)
        with self._session() as s:
            return list(s.scalars(query))

    def save_response(self, assessment_id: int, response: Response) -> None:
        """Insert or replace the response for one item, committed at once.

        One ``INSERT .. ON CONFLICT DO UPDATE`` statement, built once and
        compiled once per store: the interview's hot path, kept to a single
        round trip and a single commit.
        """
        values = {
            "assessment_id": assessment_id,
            "item_id": response.item_id,
            "rating": response.rating,
            "flag_state": response.flag_state.value if response.flag_state else None,
            "checked": response.checked,
            "notes": response.notes,
            "updated_at": utcnow(),
        }
        self._execute(self._upsert, values)

    def update_assessment(self, assessment_id: int, **fields: object) -> None:
        """Set columns of an assessment (position, recommendation, takeaways,
        status, submitted_at), committed at once.  Enum values are stored by
        their ``value``."""
        values = {k: (v.value if isinstance(v, Recommendation | Status) else v) for k, v in fields.items()}
        self._execute(update(AssessmentRow).where(AssessmentRow.id == assessment_id).values(**values))

    def _execute(self, stmt, params: dict | None = None) -> None:  # noqa: ANN001 - any executable
        try:
            with self.engine.begin() as conn:
                conn.execute(stmt, params)
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the write: {exc.__class__.__name__}") from exc

"""The store: every read and write of candidates, assessments and responses.

:class:`Store` is the only object the rest of Assessor uses to reach the
database; it takes and returns domain objects.  Each write is its own
committed transaction, so a rating is durable as soon as the call returns
(autosave: there is no Save button to forget).  A change of a scored answer
writes its audit entry in the same transaction.

A SQLite file is checked (``PRAGMA quick_check``, skipped for a file
unchanged since it last passed one) and backed up before it is upgraded
(when nothing is to be migrated the copy runs on a thread while the caller
goes on, and closing the store waits for it); a write that fails raises :class:`StoreError` with a
``reason`` (disk full, read-only, locked, missing) and drops the pooled
connections, so the next write reconnects once the fault is cleared.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import os
from dataclasses import replace
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, joinedload, selectinload, sessionmaker

from ..domain import (
    Amendment, Assessment, AuditEntry, Candidate, CandidateOverview, FlagState, InterviewKit, Recommendation, Response, Status,
    panel_summary,
)
from . import backup, schema
from .engine import ConflictError, StoreError, UnreadableSnapshotError, fault, make_engine, resolve_url, sqlite_path
from .audit_chain import append_audit
from .models import AmendmentRow, AssessmentRow, AuditRow, CandidateRow, KitSnapshotRow, ResponseRow
from .privacy import PrivacyMixin
from .mapping import (
    VERSIONED_FIELDS, amendment_values, assessment_of, overview_of, response_of, stored, utcnow, versioned_values,
)
from .mapping import audit_values as _audit_values
from .mapping import candidate_of as _candidate
from .mapping import response_values as _response_values
from .resumes import ResumeMixin
from .search import search_filters

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_BUSY_MS = 250  # the lock wait of writes after a failed one (retries), see Store._write


def read_snapshot(content: str, role_id: str = "", version: str = "") -> InterviewKit:
    """The :class:`InterviewKit` of a stored snapshot's JSON ``content``.
    Raises :class:`UnreadableSnapshotError` naming the snapshot's role and
    version and the first problem (its JSON path), never a raw pydantic
    error."""
    try:
        return InterviewKit.model_validate_json(content)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "the kit"
        others = exc.error_count() - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        raise UnreadableSnapshotError(
            f"the interview kit stored with this assessment ({role_id or '?'} version {version or '?'}) "
            f"cannot be read back: {where}: {first.get('msg', 'invalid')}{more}") from None
    except ValueError as exc:  # not JSON at all
        raise UnreadableSnapshotError(
            f"the interview kit stored with this assessment ({role_id or '?'} version {version or '?'}) "
            f"cannot be read back: it is not valid JSON ({type(exc).__name__})") from None


def snapshot_content(kit: InterviewKit) -> str:
    """The JSON text a snapshot of ``kit`` is stored as, checked to read
    back: parsed again into the kit model it must equal ``kit`` (a
    non-finite weight, for one, would come back as ``null``).  Raises
    :class:`StoreError` (reason ``"snapshot"``) when it does not, so an
    assessment is never started on a snapshot that could not be opened."""
    content = kit.model_dump_json()
    try:
        back = read_snapshot(content, kit.role_id, kit.version)
    except UnreadableSnapshotError as exc:
        raise StoreError(f"cannot store the interview kit {kit.role_id} version {kit.version}: "
                         f"it would not read back ({str(exc).split(': ', 1)[-1]})", "snapshot") from None
    if back != kit:
        raise StoreError(f"cannot store the interview kit {kit.role_id} version {kit.version}: it does not read "
                         "back as it was written (a value JSON cannot hold, such as an infinite weight?)",
                         "snapshot")
    return content


class Store(PrivacyMixin, ResumeMixin):
    """Candidates, assessments and responses in one SQLAlchemy database.

    ``Store(url)`` opens (and creates or upgrades, through Alembic) the
    database at ``url``; see :func:`assessor.store.engine.resolve_url`.
    An existing SQLite file is first checked with ``PRAGMA quick_check``
    (``check``; skipped for a file unchanged since it last passed one, see
    :func:`assessor.store.backup.check_unless_known_sound`) and, with
    ``backup_keep`` > 0, copied into its rotating backups: before an
    upgrade, else on a thread that :meth:`close` waits for (a failed backup
    is logged, not raised: it must not stop work).

    Raises :class:`~assessor.store.backup.DamagedDatabaseError` when the
    file is damaged (it is left untouched), :class:`StoreError` when it
    cannot be opened or upgraded, or when a write is refused.
    """

    def __init__(self, db: str | None = None, *, backup_keep: int = 0, check: bool = True) -> None:
        self.url = resolve_url(db)
        self.path: Path | None = sqlite_path(self.url)
        self.backup_keep = backup_keep
        copying = None  # the start-up backup, when it is made on a thread
        if self.path is not None and self.path.is_file() and self.path.stat().st_size > 0:
            if check:
                # quick_check, skipped only for a file unchanged since it last passed one
                # (see assessor.store.backup.check_unless_known_sound)
                problem = backup.check_unless_known_sound(self.path)
                if problem is not None:
                    raise backup.DamagedDatabaseError(self.path, problem)
            if self.backup_keep > 0 and backup.in_wal_mode(self.path) and schema.sqlite_file_at_head(self.path):
                # Nothing to migrate: the start-up copy is made on a thread while
                # the caller goes on (backup.start_rotating_backup); else here,
                # before any upgrade.
                copying = backup.start_rotating_backup(self.path, self.backup_keep)
            else:
                self.backup_now()
        self.engine: Engine = make_engine(self.url)
        if copying is not None:  # close() (engine.dispose) waits for the copy
            from .engine import call_on_dispose

            call_on_dispose(self.engine, copying.join)
        try:
            schema.open_schema(self.engine)
        except schema.SchemaMismatchError:
            self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise fault(exc, "open the database") from exc
        self._identity = self._file_identity()
        self._faulted = False
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        dialect = self.engine.dialect.name
        self._kits: dict[int, InterviewKit] = {}
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(ResponseRow)
        changes = {k: stmt.excluded[k] for k in ("rating", "flag_state", "checked", "notes", "updated_at")}
        changes["version"] = ResponseRow.version + 1
        # Insert at version 1, or update and bump the version; the checked form
        # updates only the row still at the expected version (a row at another
        # version returns nothing: a conflict).  One statement, one round trip.
        self._upsert = stmt.on_conflict_do_update(index_elements=["assessment_id", "item_id"], set_=changes)
        self._upsert_versioned = stmt.on_conflict_do_update(
            index_elements=["assessment_id", "item_id"], set_=changes,
            where=ResponseRow.version == bindparam("expected_version"),
        ).returning(ResponseRow.version)
        self._upsert_one = self._upsert.returning(ResponseRow.version)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    # -- the file -----------------------------------------------------------

    def _file_identity(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        st = os.stat(self.path)
        return st.st_dev, st.st_ino

    def _check_file(self) -> None:
        """Refuse to write into a database file that is gone (its folder was
        removed or unmounted): SQLite would write into the unlinked file and
        the change would be lost.  A file replaced at the same path (a
        restore) gets fresh connections."""
        if self.path is None:
            return
        try:
            identity = self._file_identity()
        except OSError as exc:
            self.engine.dispose()
            raise StoreError("cannot save the change: the data folder or the database file is missing",
                             "missing") from exc
        if identity != self._identity:
            self.engine.dispose()
            self._identity = identity

    def backup_now(self, note: str = "") -> Path | None:
        """A rotating backup (see :func:`assessor.store.backup.rotating_backup`)
        keeping ``backup_keep``; ``None`` if off, unchanged or failed (logged)."""
        if self.path is None or self.backup_keep < 1:
            return None
        try:
            return backup.rotating_backup(self.path, self.backup_keep, note)
        except StoreError as exc:
            log.warning("backup not made: %s", exc.reason)
            return None

    def _session(self) -> Session:
        return self._sessions()

    # -- candidates ---------------------------------------------------------

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
                for cid, name, status, rec in s.execute(
                        select(AssessmentRow.candidate_id, AssessmentRow.interviewer, AssessmentRow.status,
                               AssessmentRow.recommendation)
                        .where(AssessmentRow.candidate_id.in_([k[1] for k in page]))
                        .order_by(AssessmentRow.id)):
                    entries.setdefault(cid, []).append(
                        (name or "", Status(status), Recommendation(rec) if rec else None))
        return [replace(overview_of(c, a), panel=panel_summary(entries.get(c.id, []), viewer)) for c, a in rows]

    def iter_candidates(self, batch: int = 1000) -> Iterator[CandidateOverview]:
        """Every candidate by name (then id), with their latest assessment
        (as :meth:`candidates` without a search or a viewer), one row at a
        time: the rows are read ``batch`` at a time from one query
        (``yield_per``; a server-side cursor on PostgreSQL), so memory stays
        flat however many candidates there are (``assessor candidates``).
        Columns, not ORM objects, are read.  The session stays open until the
        iterator is exhausted or closed."""
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
        with self._session() as s:
            for row in s.connection().execute(query):  # Core rows: no ORM identity map
                a_id, a_status, a_recommendation, a_at = row[7:]
                yield CandidateOverview(
                    candidate=_candidate(row),
                    assessment_id=a_id,
                    status=status[a_status] if a_id is not None else None,
                    recommendation=recommendation[a_recommendation] if a_recommendation else None,
                    last_interview=a_at,
                )

    # -- assessments --------------------------------------------------------

    def _snapshot_id(self, s: Session, kit: InterviewKit) -> int:
        """The id of the snapshot of ``kit`` (by digest), stored first when
        new.  Raises :class:`StoreError` when ``kit``'s JSON does not read
        back into the same kit (see :func:`snapshot_content`)."""
        content = snapshot_content(kit)
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
        with self._guard("start the assessment"), self._session() as s, s.begin():
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
        """The kit of a snapshot row, parsed once per store.  Raises
        :class:`UnreadableSnapshotError` when it does not read back."""
        kit = self._kits.get(row.id)
        if kit is None:
            kit = self._kits[row.id] = read_snapshot(row.content, row.role_id, row.version)
        return kit

    def _kit_digest(self, row: KitSnapshotRow) -> str:
        """SHA-256 hex of the snapshot's stored text as it is now (not its
        ``digest`` column: a keyed seal must notice the text being edited)."""
        return hashlib.sha256(row.content.encode("utf-8")).hexdigest()

    def assessment(self, assessment_id: int) -> Assessment:
        """The full assessment with its kit snapshot, every response and
        every amendment.

        Raises ``KeyError`` if there is none.
        """
        with self._session() as s:
            row = s.get(AssessmentRow, assessment_id)
            if row is None:
                raise KeyError(assessment_id)
            return self._assessment_of(row, row.responses, row.amendments)

    def _assessment_of(self, row: AssessmentRow, responses: Iterable[ResponseRow],
                       amendments: Iterable[AmendmentRow]) -> Assessment:
        return assessment_of(row, _candidate(row.candidate), self._kit(row.kit_snapshot), responses, amendments,
                             self._kit_digest(row.kit_snapshot))

    def assessments_of(self, candidate_id: int) -> list[Assessment]:
        """Every assessment of the candidate (a panel's), oldest first."""
        return [self.assessment(i) for i in self.assessment_ids(candidate_id)]

    def role_assessments(self, role_id: str, submitted_only: bool = True) -> list[Assessment]:
        """Every (submitted) assessment for ``role_id``, by candidate then
        age, in four queries whatever the count: assessments joined with
        their candidates, the kit snapshots they use (each once), all their
        responses, all their amendments."""
        query = select(AssessmentRow).where(AssessmentRow.role_id == role_id)
        if submitted_only:
            query = query.where(AssessmentRow.status == Status.SUBMITTED.value)
        ids = query.with_only_columns(AssessmentRow.id)
        query = query.options(joinedload(AssessmentRow.candidate), selectinload(AssessmentRow.kit_snapshot))
        with self._session() as s:
            rows = list(s.scalars(query.order_by(AssessmentRow.candidate_id, AssessmentRow.id)))
            responses: dict[int, list[ResponseRow]] = {}
            for r in s.scalars(select(ResponseRow).where(ResponseRow.assessment_id.in_(ids))):
                responses.setdefault(r.assessment_id, []).append(r)
            amendments: dict[int, list[AmendmentRow]] = {}
            for m in s.scalars(select(AmendmentRow).where(AmendmentRow.assessment_id.in_(ids))
                               .order_by(AmendmentRow.id)):
                amendments.setdefault(m.assessment_id, []).append(m)
            return [self._assessment_of(row, responses.get(row.id, []), amendments.get(row.id, [])) for row in rows]

    def role_ids(self) -> list[str]:
        """The role ids that have at least one assessment."""
        with self._session() as s:
            return list(s.scalars(select(AssessmentRow.role_id).distinct()))

    def add_amendment(self, assessment_id: int, amendment: Amendment, audit: AuditEntry | None = None) -> int:
        """Record ``amendment`` of a submitted assessment and make its
        change (the response field or the assessment field), with its
        ``audit`` entry, in one transaction; returns the amendment's id.
        The assessment's and response's versions are bumped, so a window
        still showing the old value gets a conflict, not a silent loss.
        Raises :class:`StoreError` when the database refuses."""

        def work(conn: Connection) -> int:
            if amendment.item_id is None:
                value = amendment.new
                value = value.value if isinstance(value, Recommendation) else (value if value is not None else "")
                if amendment.field == "recommendation" and value == "":
                    value = None
                conn.execute(update(AssessmentRow).where(AssessmentRow.id == assessment_id).values(
                    **{amendment.field: value}, version=AssessmentRow.version + 1))
            else:
                current = conn.execute(select(ResponseRow).where(
                    ResponseRow.assessment_id == assessment_id, ResponseRow.item_id == amendment.item_id)).first()
                response = Response(item_id=amendment.item_id) if current is None else response_of(current)
                new = amendment.new
                if amendment.field == "flag_state" and new is not None:
                    new = FlagState(new)
                if amendment.field == "notes" and new is None:
                    new = ""
                conn.execute(self._upsert, _response_values(assessment_id, replace(response, **{amendment.field: new})))
            amendment_id = conn.execute(insert(AmendmentRow).returning(AmendmentRow.id),
                                        amendment_values(assessment_id, replace(amendment, author=amendment.author[:200]))).scalar_one()
            if audit is not None:
                append_audit(conn, _audit_values(audit))
            return amendment_id

        return self._write(work, "save the amendment")

    def assessment_ids(self, candidate_id: int | None = None) -> list[int]:
        """Ids of all assessments (of one candidate if given), oldest first."""
        query = select(AssessmentRow.id).order_by(AssessmentRow.id)
        if candidate_id is not None:
            query = query.where(AssessmentRow.candidate_id == candidate_id)
        with self._session() as s:
            return list(s.scalars(query))

    def save_response(self, assessment_id: int, response: Response, audit: AuditEntry | None = None,
                      expected_version: int | None = None) -> int:
        """Insert or update the response for one item, committed at once,
        with its ``audit`` entry (if any) in the same transaction; returns
        the row's new version.

        A new row gets version 1.  An existing row is updated (and its
        version bumped) only while it is at ``expected_version`` (0 = the
        caller saw no row); otherwise nothing is written and
        :class:`ConflictError` carries the stored response and its version.
        ``expected_version=None`` writes without the check.

        One ``INSERT .. ON CONFLICT DO UPDATE .. WHERE version = ..
        RETURNING version`` statement, built once and compiled once per
        store: the interview's hot path, kept to a single round trip and a
        single commit.
        """
        values = _response_values(assessment_id, response)
        audit_values = _audit_values(audit) if audit is not None else None
        checked = expected_version is not None
        if checked:
            values["expected_version"] = expected_version

        def work(conn: Connection) -> int:
            version = conn.execute(self._upsert_versioned if checked else self._upsert_one, values).scalar()
            if version is None:
                raise self._response_conflict(conn, assessment_id, response.item_id, expected_version)
            if audit_values is not None:
                append_audit(conn, audit_values)
            return version

        return self._write(work)

    @staticmethod
    def _response_conflict(conn: Connection, assessment_id: int, item_id: str,
                           expected: int | None) -> ConflictError:
        r = conn.execute(select(ResponseRow).where(
            ResponseRow.assessment_id == assessment_id, ResponseRow.item_id == item_id)).one()
        return ConflictError(response_of(r), r.version, expected)

    def update_assessment(self, assessment_id: int, audit: Iterable[AuditEntry] = (),
                          expected_version: int | None = None, **fields: object) -> int | None:
        """Set columns of an assessment (position, recommendation, takeaways,
        status, submitted_at) and add ``audit`` entries, committed at once;
        returns the assessment's new version (``None`` when only position
        changed: that does not bump it).  Enum values are stored by their
        ``value``.

        A change of recommendation, takeaways, status or submitted_at bumps
        the version; with ``expected_version`` it is made only while the row
        is at that version, else :class:`ConflictError` carries the stored
        values (a dict of those fields) and version.  ``position`` alone
        never conflicts (each window remembers its own page)."""
        return self.save_batch(assessment_id, [], list(audit), fields, expected_version).get(None)

    def save_batch(self, assessment_id: int, responses: list[Response], audit: list[AuditEntry],
                   fields: dict[str, object], expected_version: int | None = None,
                   conflicts: dict[str | None, ConflictError] | None = None) -> dict[str | None, int]:
        """Write ``responses``, ``audit`` entries and assessment ``fields`` in
        one transaction (for saving what was kept in memory while the
        database refused writes).  Returns the new versions: by item id, and
        the assessment's under ``None`` when a versioned field changed.

        Without ``conflicts`` the responses are written unchecked and a
        stale ``expected_version`` raises :class:`ConflictError` (nothing
        is written).  With a ``conflicts`` dict, each response is written
        only while its row is still at ``response.version`` (the version it
        was based on) and the fields only while the assessment is at
        ``expected_version``; what someone else changed meanwhile is left
        as they saved it and put into ``conflicts`` (item id, or ``None``
        for the fields), and the rest is committed."""
        values = {k: stored(v) for k, v in fields.items()}
        bump = bool(VERSIONED_FIELDS & values.keys())
        if bump:
            values["version"] = AssessmentRow.version + 1
        checked = conflicts is not None

        def work(conn: Connection) -> dict[str | None, int]:
            versions: dict[str | None, int] = {}
            found: dict[str | None, ConflictError] = {}
            if responses and checked:
                for r in responses:
                    version = conn.execute(self._upsert_versioned, {
                        **_response_values(assessment_id, r), "expected_version": r.version}).scalar()
                    if version is None:
                        found[r.item_id] = self._response_conflict(conn, assessment_id, r.item_id, r.version)
                    else:
                        versions[r.item_id] = version
            elif responses:
                conn.execute(self._upsert, [_response_values(assessment_id, r) for r in responses])
                versions.update(conn.execute(select(ResponseRow.item_id, ResponseRow.version).where(
                    ResponseRow.assessment_id == assessment_id,
                    ResponseRow.item_id.in_([r.item_id for r in responses]))).all())
            if values:
                stmt = update(AssessmentRow).where(AssessmentRow.id == assessment_id)
                if bump and expected_version is not None:
                    stmt = stmt.where(AssessmentRow.version == expected_version)
                version = conn.scalar(stmt.values(**values).returning(AssessmentRow.version))
                if version is None and bump and expected_version is not None:
                    if not checked:
                        raise self._assessment_conflict(conn, assessment_id, expected_version)
                    found[None] = self._assessment_conflict(conn, assessment_id, expected_version)
                elif bump:
                    versions[None] = version
            if audit:
                skip = {k for k in found if k is not None}
                kept = [a for a in audit if not (a.item_id in skip or (None in found and a.item_id is None))]
                if kept:
                    append_audit(conn, [_audit_values(a) for a in kept])
            if conflicts is not None:
                conflicts.clear()
                conflicts.update(found)
            return versions

        return self._write(work)

    @staticmethod
    def _assessment_conflict(conn: Connection, assessment_id: int, expected: int) -> ConflictError:
        row = conn.execute(select(AssessmentRow).where(AssessmentRow.id == assessment_id)).one()
        return ConflictError(versioned_values(row), row.version, expected)

    def _write(self, work: Callable[[Connection], T], doing: str = "save the change") -> T:
        """Run ``work(connection)`` in one committed transaction.

        On failure the pooled connections are dropped (the next write opens
        fresh ones, e.g. after a read-only file became writable) and
        :class:`StoreError` is raised with the fault's ``reason``.  Until a
        write succeeds again, writes wait at most :data:`RETRY_BUSY_MS` for
        another program's lock, so retrying never freezes the window.
        """
        self._check_file()
        try:
            with self.engine.begin() as conn:
                if self._faulted and conn.dialect.name == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={RETRY_BUSY_MS}")
                result = work(conn)
        except SQLAlchemyError as exc:
            self._faulted = True
            self.engine.dispose()
            raise fault(exc, doing) from exc
        if self._faulted:
            self._faulted = False
            self.engine.dispose()  # fresh connections get the normal busy timeout
        return result

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """:meth:`_write`'s checks and error handling around a session."""
        self._check_file()
        try:
            yield
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise fault(exc, doing) from exc

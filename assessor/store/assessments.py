"""The :class:`~assessor.store.Store` methods of assessments and their
responses: starting one on a kit snapshot, reading them back (one, a
candidate's, a role's), and saving responses and assessment fields with
their audit entries and version checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from ..domain import Assessment, AuditEntry, InterviewKit, Response, Status
from .audit_chain import append_audit
from .engine import ConflictError
from .mapping import VERSIONED_FIELDS, assessment_of, response_of, stored, utcnow, versioned_values
from .mapping import audit_values as _audit_values
from .mapping import candidate_of as _candidate
from .mapping import response_values as _response_values
from .identities import registered_keys
from .models import AmendmentRow, AssessmentRow, KitSnapshotRow, ResponseRow, SigningKeyRow
from .snapshots import read_snapshot, snapshot_content


#: rows fetched from the database at a time by the queries over a whole
#: role (:meth:`AssessmentsMixin.role_assessments`): a worker thread fetching
#: every row in one call releases and retakes the interpreter lock at each
#: row, too fast for the GUI thread to get it (it starved for 150-600 ms at
#: 100,000 candidates); between chunks it runs Python, which yields the lock
CHUNK = 1000


class AssessmentsMixin:
    """Assessments and responses in the store; uses the store's ``_write``, ``_guard``,
    ``_session``, its kit cache and its prepared upserts."""

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

    def start_assessment(self, candidate_id: int, kit: InterviewKit, interviewer: str,
                         interviewer_id: str | None = None) -> Assessment:
        """Begin a draft assessment of the candidate with a snapshot of
        ``kit``, by ``interviewer`` (display name) whose identity is ``interviewer_id``."""
        with self._guard("start the assessment"), self._session() as s, s.begin():
            row = AssessmentRow(
                candidate_id=candidate_id,
                kit_snapshot_id=self._snapshot_id(s, kit),
                role_id=kit.role_id,
                interviewer=interviewer,
                interviewer_id=interviewer_id,
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
        amendments = list(amendments)
        a = assessment_of(row, _candidate(row.candidate), self._kit(row.kit_snapshot), responses, amendments,
                          self._kit_digest(row.kit_snapshot))
        wanted = {f for f in (a.signing_key, *(m.signing_key for m in a.amendments)) if f}
        if wanted:  # the registered keys its signatures name (see assessor.domain.signing)
            with self.engine.connect() as conn:
                a.keys = registered_keys(conn, wanted)
        elif a.seal:  # an unsigned seal: when signed seals began in this database
            with self.engine.connect() as conn:
                a.signed_since = conn.execute(select(func.min(SigningKeyRow.registered_at))).scalar()
        return a

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
            rows = list(s.scalars(query.order_by(AssessmentRow.candidate_id, AssessmentRow.id)
                                  .execution_options(yield_per=CHUNK)))
            responses: dict[int, list[ResponseRow]] = {}
            for r in s.scalars(select(ResponseRow).where(ResponseRow.assessment_id.in_(ids))
                               .execution_options(yield_per=CHUNK)):
                responses.setdefault(r.assessment_id, []).append(r)
            amendments: dict[int, list[AmendmentRow]] = {}
            for m in s.scalars(select(AmendmentRow).where(AmendmentRow.assessment_id.in_(ids))
                               .order_by(AmendmentRow.id).execution_options(yield_per=CHUNK)):
                amendments.setdefault(m.assessment_id, []).append(m)
            # Converted and let go one at a time (not freed all at once when
            # the lists go: a million rows freed in one go hold the
            # interpreter lock, and so the window, for a quarter second).
            rows.reverse()
            out: list[Assessment] = []
            while rows:
                row = rows.pop()
                out.append(self._assessment_of(row, responses.pop(row.id, []), amendments.pop(row.id, [])))
            return out

    def role_ids(self) -> list[str]:
        """The role ids that have at least one assessment."""
        with self._session() as s:
            return list(s.scalars(select(AssessmentRow.role_id).distinct()))

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

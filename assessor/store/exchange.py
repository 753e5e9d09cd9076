"""Whole assessments in and out of the database, for the exchange file.

What :mod:`assessor.services.exchange` writes as JSON and reads back: each
candidate with every assessment of theirs (a panel's), each assessment with
its kit snapshot (by digest), responses, amendments and seal.  Rows are
read and written as the plain records below, field for field as stored, so
an export imported into another database and exported again gives the same
file (database ids aside).

Identity across databases is the stable ``uid`` of candidates and
assessments (migration 0005) and the SHA-256 ``digest`` of a kit snapshot:

* :func:`candidate_records` streams the candidates in id order, a chunk
  at a time (at most five queries a chunk whatever its size), so exporting
  100,000 candidates never holds them all in memory;
* :func:`import_records` adds, in **one transaction** (all or nothing),
  every candidate, kit snapshot and assessment whose uid or digest is not
  there yet.  One already there with the same content counts as present;
  one already there with other content is a **conflict**: it is reported
  and left as it is, never overwritten.  Importing the same file twice
  adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from itertools import islice

from sqlalchemy import Connection, ColumnElement, insert, select
from sqlalchemy.exc import SQLAlchemyError

from ..domain import Amendment, AuditEntry
from .audit_chain import append_audit
from .bulk import ids_by_uid
from .engine import fault
from .identities import registered_keys
from .models import AmendmentRow, AssessmentRow, CandidateRow, IdentityRow, KitSnapshotRow, ResponseRow
from .repository import Store
from .mapping import (
    amendment_of, amendment_values, assessment_values, audit_values, candidate_values, response_values,
)

#: candidates per query when streaming an export, and uids per lookup on import
CHUNK = 500
#: the kinds of record an import counts
KINDS = ("kits", "candidates", "assessments", "responses", "amendments")


@dataclass(frozen=True)
class KitRecord:
    """A kit snapshot as stored: ``content`` is the kit's JSON text and
    ``digest`` its SHA-256 (hex), the snapshot's identity everywhere.

    Kept beside :class:`~assessor.domain.InterviewKit` because an export
    must carry the snapshot's text byte for byte (its digest is its
    identity), not what today's kit model would write of it."""

    digest: str
    role_id: str
    version: str
    content: str


@dataclass(frozen=True)
class ResponseRecord:
    """One ``responses`` row: ``flag_state`` by its value; ``updated_at``
    naive UTC.

    Kept beside :class:`~assessor.domain.Response` because it carries
    ``updated_at``, which the domain object has no use for but an export
    keeps; :func:`assessor.store.mapping.response_of` turns it into one."""

    item_id: str
    rating: int | None
    flag_state: str | None
    checked: bool | None
    notes: str
    updated_at: datetime


@dataclass(frozen=True)
class AssessmentRecord:
    """One ``assessments`` row with its responses (read by item id) and
    amendments (oldest first; their values plain JSON values, see
    :func:`assessor.store.mapping.amendment_of`).  ``kit_digest`` names its
    kit snapshot; ``status`` and ``recommendation`` are enum values.  The
    database ``id`` is informative only: it takes no part in equality.

    Kept beside :class:`~assessor.domain.Assessment` because it names its
    kit by digest instead of holding a parsed kit (an export streams
    100,000 assessments without parsing a snapshot each, and one stored
    by an older version is carried as it is) and its responses carry
    ``updated_at``; it compares field for field as stored, which an
    import's conflict check needs.  :func:`assessor.store.mapping.assessment_of`
    turns it into the domain object (for its seal)."""

    uid: str
    kit_digest: str
    role_id: str
    interviewer: str
    started_at: datetime
    status: str
    submitted_at: datetime | None
    recommendation: str | None
    takeaways: str
    position: str
    departure_reason: str
    seal: str | None
    responses: tuple[ResponseRecord, ...] = ()
    #: fingerprint of a keyed seal's key (migration 0007); ``None``: unkeyed or no seal
    seal_key: str | None = None
    amendments: tuple[Amendment, ...] = ()
    id: int = field(default=0, compare=False)
    #: the interviewer's identity, the seal's signature and key (migration 0010)
    interviewer_id: str | None = None
    signature: str | None = None
    signing_key: str | None = None
    #: the public keys (64 hex digits) of ``signing_key`` and the amendments'
    #: keys, by fingerprint, as registered where the record was read; a file
    #: carries them so its own consistency can be checked, never to trust them
    public_keys: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CandidateRecord:
    """One ``candidates`` row with every assessment of the candidate,
    oldest first.  ``id`` takes no part in equality.

    Kept beside :class:`~assessor.domain.Candidate` because it carries
    the candidate's assessments (as records): the unit an export writes
    and an import reads, one line of the file."""

    uid: str
    name: str
    email: str
    role_id: str
    created_at: datetime
    anonymized_at: datetime | None
    assessments: tuple[AssessmentRecord, ...] = ()
    id: int = field(default=0, compare=False)


@dataclass
class ImportResult:
    """What an import did, per kind of :data:`KINDS`: ``added`` rows, and
    ``present`` ones (already in the database with the same content).
    ``conflicts`` are one line each, naming the uid and the fields that
    differ (never their values: they may be personal data); the database's
    own version was kept for each."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    present: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    conflicts: list[str] = field(default_factory=list)


# -- reading -------------------------------------------------------------------


def kit_records(store: Store, candidate_ids: Sequence[int] | None = None) -> list[KitRecord]:
    """The kit snapshots the assessments of ``candidate_ids`` (every
    candidate when ``None``) were taken with, by digest."""
    used = select(AssessmentRow.kit_snapshot_id)
    with store.engine.connect() as conn:
        if candidate_ids is None:
            ids = set(conn.scalars(used.distinct()))
        else:
            ids = set()
            for part in _chunks(sorted(set(candidate_ids)), CHUNK):
                ids.update(conn.scalars(used.where(AssessmentRow.candidate_id.in_(part)).distinct()))
        rows = []
        for part in _chunks(sorted(ids), CHUNK):
            rows += conn.execute(select(KitSnapshotRow.digest, KitSnapshotRow.role_id, KitSnapshotRow.version,
                                        KitSnapshotRow.content).where(KitSnapshotRow.id.in_(part))).all()
    return sorted((KitRecord(*row) for row in rows), key=lambda k: k.digest)


def candidate_records(store: Store, candidate_ids: Sequence[int] | None = None,
                      chunk: int = CHUNK) -> Iterator[CandidateRecord]:
    """Every candidate (or those of ``candidate_ids``; unknown ids are
    skipped) with their assessments, in id order, ``chunk`` candidates per
    read: memory holds one chunk, whatever the total."""
    with store.engine.connect() as conn:
        if candidate_ids is not None:
            for part in _chunks(sorted(set(candidate_ids)), chunk):
                yield from _read_candidates(conn, CandidateRow.id.in_(part))
            return
        last = 0
        while True:
            ids = list(conn.scalars(select(CandidateRow.id).where(CandidateRow.id > last)
                                    .order_by(CandidateRow.id).limit(chunk)))
            if not ids:
                return
            yield from _read_candidates(conn, CandidateRow.id.in_(ids))
            last = ids[-1]


def _read_candidates(conn: Connection, where: ColumnElement[bool]) -> list[CandidateRecord]:
    rows = conn.execute(select(CandidateRow.id, CandidateRow.uid, CandidateRow.name, CandidateRow.email,
                               CandidateRow.role_id, CandidateRow.created_at, CandidateRow.anonymized_at)
                        .where(where).order_by(CandidateRow.id)).all()
    if not rows:
        return []
    by_candidate: dict[int, list[AssessmentRecord]] = {}
    ids = [r.id for r in rows]
    for cid, record in _read_assessments(conn, AssessmentRow.candidate_id.in_(ids)):
        by_candidate.setdefault(cid, []).append(record)
    return [CandidateRecord(r.uid or "", r.name, r.email, r.role_id, r.created_at, r.anonymized_at,
                            tuple(by_candidate.get(r.id, ())), r.id) for r in rows]


def _read_assessments(conn: Connection, where: ColumnElement[bool]) -> list[tuple[int, AssessmentRecord]]:
    """(candidate id, record) of the assessments matching ``where``, oldest
    first: three queries (assessments with their kit digests, responses,
    amendments)."""
    a = AssessmentRow
    rows = conn.execute(
        select(a.id, a.candidate_id, a.uid, KitSnapshotRow.digest, a.role_id, a.interviewer, a.started_at,
               a.status, a.submitted_at, a.recommendation, a.takeaways, a.position, a.departure_reason, a.seal,
               a.seal_key, a.interviewer_id, a.signature, a.signing_key)
        .join(KitSnapshotRow, KitSnapshotRow.id == a.kit_snapshot_id).where(where).order_by(a.id)).all()
    if not rows:
        return []
    chosen = select(a.id).where(where)
    responses: dict[int, list[ResponseRecord]] = {}
    r = ResponseRow
    for row in conn.execute(select(r.assessment_id, r.item_id, r.rating, r.flag_state, r.checked, r.notes,
                                   r.updated_at).where(r.assessment_id.in_(chosen))
                            .order_by(r.assessment_id, r.item_id)):
        responses.setdefault(row.assessment_id, []).append(
            ResponseRecord(row.item_id, row.rating, row.flag_state,
                           None if row.checked is None else bool(row.checked), row.notes or "", row.updated_at))
    amendments: dict[int, list[Amendment]] = {}
    for m in conn.execute(select(AmendmentRow).where(AmendmentRow.assessment_id.in_(chosen))
                          .order_by(AmendmentRow.assessment_id, AmendmentRow.id)):
        amendments.setdefault(m.assessment_id, []).append(amendment_of(m))  # type: ignore[arg-type]
    wanted = {row.signing_key for row in rows if row.signing_key} | {
        m.signing_key for ms in amendments.values() for m in ms if m.signing_key}
    public = {f: k.public_key for f, k in registered_keys(conn, wanted).items()}

    def keys_of(row) -> tuple[tuple[str, str], ...]:
        used = {row.signing_key, *(m.signing_key for m in amendments.get(row.id, ()))}
        return tuple(sorted((f, public[f]) for f in used if f in public))

    return [(row.candidate_id, AssessmentRecord(
        uid=row.uid or "", kit_digest=row.digest, role_id=row.role_id, interviewer=row.interviewer,
        started_at=row.started_at, status=row.status, submitted_at=row.submitted_at,
        recommendation=row.recommendation, takeaways=row.takeaways or "", position=row.position or "",
        departure_reason=row.departure_reason or "", seal=row.seal, seal_key=row.seal_key,
        responses=tuple(responses.get(row.id, ())), amendments=tuple(amendments.get(row.id, ())), id=row.id,
        interviewer_id=row.interviewer_id, signature=row.signature, signing_key=row.signing_key,
        public_keys=keys_of(row),
    )) for row in rows]


# -- writing -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportAudit:
    """Who imports and what: each candidate and assessment an import adds
    gets an audit row (field ``"imported"``) by ``actor`` whose new value is
    ``source`` (at most 64 characters: ``"sha256:<first 16 hex>"`` of the
    file), at ``at`` (naive UTC)."""

    actor: str
    source: str
    at: datetime


def _audit_imported(conn: Connection, audit: ImportAudit | None, rows: list[tuple[int, int | None]]) -> None:
    """One ``imported`` audit row per (candidate id, assessment id or None)."""
    if audit is not None and rows:
        append_audit(conn, [audit_values(AuditEntry(audit.at, audit.actor, cid, aid, None, "imported", None,
                                                    audit.source[:64])) for cid, aid in rows])


def import_records(store: Store, kits: Iterable[KitRecord], candidates: Iterable[CandidateRecord],
                   audit: ImportAudit | None = None) -> ImportResult:
    """Add what is new of ``kits`` and ``candidates`` (with their
    assessments) in one transaction, and count what was there already
    (see the module's notes).  ``candidates`` is consumed :data:`CHUNK`
    at a time, so it may be a generator over a large file.  The caller has
    validated the records (uids unique, every ``kit_digest`` among
    ``kits``).  With ``audit``, every candidate and assessment added gets
    an ``imported`` audit row in the same transaction (:class:`ImportAudit`).  Raises :class:`StoreError` when the database refuses; any
    error (also one raised by the ``candidates`` generator) rolls the whole
    import back: nothing is written."""
    kits = list(kits)
    result = ImportResult()
    store._check_file()  # noqa: SLF001 - same package: refuse a vanished file as every write does
    try:
        with store.engine.begin() as conn:
            snapshots = _import_kits(conn, kits, result)
            for part in _chunks(candidates, CHUNK):
                _import_chunk(conn, part, snapshots, result, audit)
    except SQLAlchemyError as exc:
        store.engine.dispose()
        raise fault(exc, "import the file") from exc
    return result


def _import_kits(conn: Connection, kits: list[KitRecord], result: ImportResult) -> dict[str, int]:
    """Snapshot id by digest: the ones there, and the new ones added."""
    ids: dict[str, int] = {}
    for part in _chunks([k.digest for k in kits], CHUNK):
        ids.update((digest, i) for digest, i in conn.execute(
            select(KitSnapshotRow.digest, KitSnapshotRow.id).where(KitSnapshotRow.digest.in_(part))))
    result.present["kits"] += len(ids)
    for kit in kits:
        if kit.digest not in ids:
            ids[kit.digest] = conn.execute(insert(KitSnapshotRow).returning(KitSnapshotRow.id), {
                "role_id": kit.role_id, "version": kit.version, "digest": kit.digest,
                "content": kit.content}).scalar_one()
            result.added["kits"] += 1
    return ids


#: the candidate fields compared with a candidate already there
_CANDIDATE_FIELDS = ("name", "email", "role_id", "created_at", "anonymized_at")
#: the assessment fields compared with an assessment already there
_ASSESSMENT_FIELDS = tuple(f.name for f in fields(AssessmentRecord) if f.compare and f.name != "uid")


def _value(a: AssessmentRecord, name: str) -> object:
    """A field of ``a`` as compared on import: responses by item id (a file
    may list them in any order), the rest as they are."""
    value = getattr(a, name)
    return tuple(sorted(value, key=lambda r: r.item_id)) if name == "responses" else value


def _import_chunk(conn: Connection, part: list[CandidateRecord], snapshots: dict[str, int],
                  result: ImportResult, audit: ImportAudit | None = None) -> None:
    c = CandidateRow
    there = {row.uid: row for row in conn.execute(
        select(c.id, c.uid, c.name, c.email, c.role_id, c.created_at, c.anonymized_at)
        .where(c.uid.in_([r.uid for r in part])))}
    new = [r for r in part if r.uid not in there]
    for record in part:
        row = there.get(record.uid)
        if row is None:
            continue
        differ = [f for f in _CANDIDATE_FIELDS if getattr(row, f) != getattr(record, f)]
        if differ:
            result.conflicts.append(f"candidate {record.uid}: differs in {', '.join(differ)}; "
                                    "the one in this database is kept (their new assessments are added to it)")
        else:
            result.present["candidates"] += 1
    candidate_ids = {uid: row.id for uid, row in there.items()}
    if new:
        conn.execute(insert(CandidateRow), [candidate_values(r) for r in new])  # type: ignore[arg-type]
        candidate_ids.update(ids_by_uid(conn, CandidateRow, [r.uid for r in new]))
        result.added["candidates"] += len(new)
        _audit_imported(conn, audit, [(candidate_ids[r.uid], None) for r in new])

    wanted = [(record.uid, a) for record in part for a in record.assessments]
    if not wanted:
        return
    existing: dict[str, tuple[int, AssessmentRecord]] = {}
    for part_uids in _chunks([a.uid for _, a in wanted], CHUNK):
        for cid, a in _read_assessments(conn, AssessmentRow.uid.in_(part_uids)):
            existing[a.uid] = (cid, a)
    to_add: list[tuple[int, AssessmentRecord]] = []
    for candidate_uid, a in wanted:
        found = existing.get(a.uid)
        if found is None:
            to_add.append((candidate_ids[candidate_uid], a))
            continue
        cid, stored = found
        differ = [f for f in _ASSESSMENT_FIELDS if _value(stored, f) != _value(a, f)]
        if cid != candidate_ids[candidate_uid]:
            differ.insert(0, "candidate")
        if differ:
            result.conflicts.append(f"assessment {a.uid}: differs in {', '.join(differ)}; "
                                    "the one in this database is kept")
        else:
            result.present["assessments"] += 1
            result.present["responses"] += len(a.responses)
            result.present["amendments"] += len(a.amendments)
    if not to_add:
        return
    conn.execute(insert(AssessmentRow), [
        assessment_values(a, cid, snapshots[a.kit_digest], a.role_id) for cid, a in to_add])  # type: ignore[arg-type]
    found = ids_by_uid(conn, AssessmentRow, [a.uid for _, a in to_add])
    assessment_ids = [found[a.uid] for _, a in to_add]
    responses = [response_values(aid, r, r.updated_at)  # type: ignore[arg-type]
                 for aid, (_, a) in zip(assessment_ids, to_add, strict=True) for r in a.responses]
    amendments = [amendment_values(aid, m) for aid, (_, a) in zip(assessment_ids, to_add, strict=True)
                  for m in a.amendments]
    if responses:
        conn.execute(insert(ResponseRow), responses)
    if amendments:
        conn.execute(insert(AmendmentRow), amendments)
    _add_unclaimed_identities(conn, [(a.interviewer_id, a.interviewer, a.started_at) for _, a in to_add]
                              + [(m.author_id, m.author, m.at) for _, a in to_add for m in a.amendments])
    _audit_imported(conn, audit, [(cid, aid) for aid, (cid, _) in zip(assessment_ids, to_add, strict=True)])
    result.added["assessments"] += len(to_add)
    result.added["responses"] += len(responses)
    result.added["amendments"] += len(amendments)


def _add_unclaimed_identities(conn: Connection, named: list[tuple[str | None, str, datetime]]) -> None:
    """An identity row, unclaimed (no account), for each imported identity
    id this database does not know yet, so its owner can claim it by name
    (see :mod:`assessor.services.identity`)."""
    wanted: dict[str, tuple[str, datetime]] = {}
    for ident, name, at in named:
        if ident:
            wanted.setdefault(ident, (name, at))
    if not wanted:
        return
    known = set(conn.execute(select(IdentityRow.id).where(IdentityRow.id.in_(sorted(wanted)))).scalars())
    rows = [{"id": i, "account": "", "display_name": n[:200], "created_at": at}
            for i, (n, at) in wanted.items() if i not in known]
    if rows:
        conn.execute(insert(IdentityRow), rows)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while part := list(islice(it, size)):
        yield part


__all__ = ["AssessmentRecord", "CandidateRecord", "ImportResult", "KINDS", "KitRecord", "ResponseRecord",
           "candidate_records", "import_records", "kit_records"]

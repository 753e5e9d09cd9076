"""Erasing and anonymizing a candidate, in the live database and in backups.

The same statements run on the live database (through the store's engine)
and on each backup file (through a short-lived engine of its own), whatever
schema revision the backup was made at: a table or column a revision lacks
is skipped.  Deleted content is overwritten (``PRAGMA secure_delete``), the
WAL is truncated on the live file and backups are vacuumed, so the erased
text does not linger in free pages.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, delete, func, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ..domain import AuditEntry, Candidate
from .audit_chain import append_audit, erase_audit_rows
from .backup import list_backups
from .engine import StoreError, fault
from .resumes import delete_resume_rows
from .models import (
    AmendmentRow, AssessmentRow, AuditRow, CandidateRow, ErasedCandidateRow, ErasureSaltRow, KitSnapshotRow, ResponseRow,
)
from .mapping import audit_entry_of
from .mapping import audit_values as _audit_values
from .mapping import candidate_of as _candidate
from .mapping import utcnow


def anonymous_name(candidate_id: int) -> str:
    """The name an anonymized candidate gets: ``"Anonymized candidate 12"``."""
    return f"Anonymized candidate {candidate_id}"


def _present(conn: Connection) -> dict[str, set[str]]:
    insp = inspect(conn)
    return {t: {c["name"] for c in insp.get_columns(t)} for t in insp.get_table_names()}


def uid_hash(salt: str, uid: str) -> str:
    """The SHA-256 hex of ``salt`` (hex) and ``uid`` (UTF-8): what
    ``erased_candidates`` keeps of an erased candidate (migration 0008),
    never the uid itself."""
    return hashlib.sha256(bytes.fromhex(salt) + uid.encode("utf-8")).hexdigest()


def _salt(conn: Connection, create: bool) -> str | None:
    """The database's erasure salt; made (32 random bytes) when ``create``
    and there is none yet."""
    salt = conn.execute(select(ErasureSaltRow.salt).order_by(ErasureSaltRow.id).limit(1)).scalar()
    if salt is None and create:
        salt = secrets.token_hex(32)
        conn.execute(ErasureSaltRow.__table__.insert().values(id=1, salt=salt))
    return salt


def _remember_erased(conn: Connection, candidate_id: int, tables: dict[str, set[str]]) -> None:
    """Keep the salted hash of the candidate's uid in ``erased_candidates``
    (a revision before 0008 has no such table: nothing is kept)."""
    if "erased_candidates" not in tables or "erasure_salt" not in tables or "uid" not in tables["candidates"]:
        return
    uid = conn.execute(select(CandidateRow.uid).where(CandidateRow.id == candidate_id)).scalar()
    if not uid:
        return
    digest = uid_hash(_salt(conn, create=True), uid)  # type: ignore[arg-type]
    if conn.execute(select(ErasedCandidateRow.uid_hash).where(ErasedCandidateRow.uid_hash == digest)).first() is None:
        conn.execute(ErasedCandidateRow.__table__.insert().values(uid_hash=digest, erased_at=utcnow()))


def erased_among(conn: Connection, uids: Iterable[str]) -> set[str]:
    """Those of ``uids`` that belong to candidates erased here (their
    salted hashes are in ``erased_candidates``)."""
    salt = _salt(conn, create=False)
    if salt is None:
        return set()
    by_hash = {uid_hash(salt, uid): uid for uid in uids if uid}
    found: set[str] = set()
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        part = hashes[start:start + 500]
        found.update(conn.scalars(select(ErasedCandidateRow.uid_hash).where(ErasedCandidateRow.uid_hash.in_(part))))
    return {by_hash[h] for h in found}


def erase_rows(conn: Connection, candidate_id: int) -> dict[str, int]:
    """Delete the candidate, their resume, assessments, responses and audit entries,
    and every kit snapshot no assessment uses any more.  Returns the number
    of rows deleted per table (``{"candidates": 0, ...}`` if unknown).

    Audit rows go last, through the one path the database allows
    (:func:`assessor.store.audit_chain.erase_audit_rows`: a tombstone per
    row, once the candidate is gone), so the chain still verifies; a file
    of a revision before 0007 has no chain and its rows are simply deleted."""
    tables = _present(conn)
    _remember_erased(conn, candidate_id, tables)
    assessment_ids = list(conn.execute(select(AssessmentRow.id).where(AssessmentRow.candidate_id == candidate_id)).scalars())
    assessments = AssessmentRow.id.in_(assessment_ids)
    counts: dict[str, int] = {"audit_log": 0} if "audit_log" in tables else {}  # keys in the order printed
    if "amendments" in tables:  # explicit: a backup's connection may not enforce foreign keys
        counts["amendments"] = conn.execute(
            delete(AmendmentRow).where(AmendmentRow.assessment_id.in_(assessment_ids))).rowcount
    counts["resumes"] = delete_resume_rows(conn, candidate_id, tables)
    counts["responses"] = conn.execute(delete(ResponseRow).where(ResponseRow.assessment_id.in_(assessment_ids))).rowcount
    counts["assessments"] = conn.execute(delete(AssessmentRow).where(assessments)).rowcount
    counts["candidates"] = conn.execute(delete(CandidateRow).where(CandidateRow.id == candidate_id)).rowcount
    used = select(AssessmentRow.kit_snapshot_id)
    counts["kit_snapshots"] = conn.execute(delete(KitSnapshotRow).where(KitSnapshotRow.id.not_in(used))).rowcount
    if "audit_erased" in tables:
        counts["audit_log"] = erase_audit_rows(conn, candidate_id, assessment_ids, utcnow())
    elif "audit_log" in tables:
        counts["audit_log"] = conn.execute(delete(AuditRow).where(
            (AuditRow.candidate_id == candidate_id) | AuditRow.assessment_id.in_(assessment_ids))).rowcount
    _compact_search_index(conn, tables)
    return counts


#: the tables whose rows hold a candidate's personal data (names, emails,
#: notes, takeaways, reasons, amended text, resumes, audited values)
PERSONAL_TABLES = ("candidates", "assessments", "responses", "amendments", "audit_log", "resumes")


def rewrite_personal_tables(engine) -> list[str]:
    """On PostgreSQL, after an erase or anonymization: ``VACUUM (FULL,
    ANALYZE)`` the :data:`PERSONAL_TABLES` (outside a transaction, as
    VACUUM must be), so the deleted or replaced rows' old versions leave
    the tables' files, their TOAST tables and their indexes (the name
    index included): each is written anew and the old file is truncated at
    commit.  Then ``CHECKPOINT`` where the login may (a superuser, or
    ``pg_checkpoint`` on PostgreSQL 15 and later), so the WAL that still
    holds them can be recycled (what WAL, replication and backups keep:
    ``docs/reliability.md``).  Takes an exclusive lock on each table for
    the time of its rewrite.  Returns the tables rewritten; ``[]`` on
    SQLite (its erase rewrites the file itself).  A table the login does
    not own is skipped by PostgreSQL with a warning and left out; no
    other error is raised past here: the erase itself is already committed."""
    if engine.dialect.name != "postgresql":
        return []
    done: list[str] = []
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            owned = {name for (name,) in conn.exec_driver_sql(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
                "AND pg_has_role(current_user, c.relowner, 'USAGE')")}
            for table in PERSONAL_TABLES:
                if table in owned:
                    conn.exec_driver_sql(f'VACUUM (FULL, ANALYZE) "{table}"')
                    done.append(table)
            with suppress(SQLAlchemyError):
                conn.exec_driver_sql("CHECKPOINT")
    except SQLAlchemyError:
        pass  # the rows are deleted; what is left is in the WAL's and the files' care (docs/reliability.md)
    return done


def _compact_search_index(conn: Connection, tables: dict[str, set[str]]) -> None:
    """Merge the SQLite trigram index so a removed or replaced name leaves
    no fragments in old index segments (FTS5 'optimize' command)."""
    if conn.dialect.name == "sqlite" and "candidates_fts" in tables:
        conn.exec_driver_sql("INSERT INTO candidates_fts(candidates_fts) VALUES('optimize')")


def anonymize_rows(conn: Connection, candidate_id: int, now: datetime) -> int:
    """Replace the candidate's name with :func:`anonymous_name`, blank the
    email, every note and evidence text, the takeaways, the departure
    reason and every amendment's reason and amended text, and stamp
    ``anonymized_at``; ratings, ticks, flags, recommendations and the audit
    trail stay; the resume is deleted.  Returns 1 if the candidate exists, else 0."""
    columns = _present(conn).get("candidates", set())
    delete_resume_rows(conn, candidate_id, _present(conn))
    values: dict[str, object] = {"name": anonymous_name(candidate_id), "email": ""}
    if "anonymized_at" in columns:
        values["anonymized_at"] = now
    found = conn.execute(update(CandidateRow).where(CandidateRow.id == candidate_id).values(**values)).rowcount
    assessments = select(AssessmentRow.id).where(AssessmentRow.candidate_id == candidate_id)
    conn.execute(update(ResponseRow).where(ResponseRow.assessment_id.in_(assessments)).values(notes=""))
    tables = _present(conn)
    texts: dict[str, object] = {"takeaways": ""}
    if "departure_reason" in tables.get("assessments", set()):
        texts["departure_reason"] = ""
    conn.execute(update(AssessmentRow).where(AssessmentRow.candidate_id == candidate_id).values(**texts))
    if "amendments" in tables:  # reasons and amended texts are free text too; ratings and ticks stay
        mine = AmendmentRow.assessment_id.in_(assessments)
        conn.execute(update(AmendmentRow).where(mine).values(reason=""))
        conn.execute(update(AmendmentRow).where(
            mine, AmendmentRow.field.in_(("notes", "takeaways", "departure_reason"))).values(
            old_value='""', new_value='""'))
    _compact_search_index(conn, tables)
    return found


def scrub_live(conn: Connection) -> None:
    """Overwrite deleted content from now on, on this connection."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete=ON")


def truncate_wal(conn: Connection) -> None:
    """Copy the WAL into the database and empty it, so old page images
    (with the erased text) are gone; best effort if readers are active."""
    if conn.dialect.name == "sqlite":
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("PRAGMA secure_delete=OFF")


def _apply_to_file(path: Path, candidate_id: int, anonymize_at: datetime | None) -> bool:
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.begin() as conn:
            tables = _present(conn)
            if not {"candidates", "assessments", "responses"} <= set(tables):
                return False
            scrub_live(conn)
            if anonymize_at is None:
                changed = erase_rows(conn, candidate_id)["candidates"] > 0
            else:
                changed = anonymize_rows(conn, candidate_id, anonymize_at) > 0
        if changed:
            with engine.connect() as conn:
                conn.exec_driver_sql("VACUUM")
        return changed
    finally:
        engine.dispose()


def apply_to_backups(db_path: Path, candidate_id: int, anonymize_at: datetime | None = None) -> list[Path]:
    """Erase (or, with ``anonymize_at``, anonymize) the candidate in every
    rotating backup of ``db_path``; returns the backups that held them.

    Raises :class:`StoreError` naming the first backup that could not be
    changed (the others are still done); nothing in the message is data.
    """
    changed: list[Path] = []
    failed: list[tuple[Path, BaseException]] = []
    for path in list_backups(db_path):
        mode = path.stat().st_mode
        try:
            if _apply_to_file(path, candidate_id, anonymize_at):
                changed.append(path)
        except (SQLAlchemyError, OSError) as exc:
            failed.append((path, exc))
        with suppress(OSError):
            os.chmod(path, mode & 0o777)
    if failed:
        path, exc = failed[0]
        raise StoreError(f"{len(failed)} backup(s) still hold the candidate, e.g. {path.name}: "
                         f"{fault(exc, 'change it')}", "other")
    return changed


class PrivacyMixin:
    """The :class:`~assessor.store.Store` methods of the audit trail and of
    personal data (erasure, anonymization, retention); they use the store's
    ``_write``, ``_session`` and ``path``."""

    # -- the audit trail ------------------------------------------------------

    def add_audit(self, entry: AuditEntry) -> None:
        """Record one audit entry on its own (erasure, anonymization)."""
        self._write(lambda conn: append_audit(conn, _audit_values(entry)))

    def audit_entries(self, candidate_id: int | None = None, limit: int = 100_000) -> list[AuditEntry]:
        """Audit entries, oldest first, of one candidate if given."""
        query = select(AuditRow).order_by(AuditRow.id).limit(limit)
        if candidate_id is not None:
            query = query.where(AuditRow.candidate_id == candidate_id)
        with self._session() as s:
            return [audit_entry_of(r) for r in s.scalars(query)]

    # -- personal data --------------------------------------------------------

    def erased_uids(self, uids: Iterable[str]) -> set[str]:
        """Those of ``uids`` whose candidates were erased here (see
        :func:`erased_among`); none on a database before revision 0008."""
        with self.engine.connect() as conn:
            if "erased_candidates" not in _present(conn):
                return set()
            return erased_among(conn, uids)

    def erase_candidate(self, candidate_id: int) -> dict[str, int]:
        """Delete every row of the candidate here and in every backup (see
        :mod:`assessor.store.privacy`); returns the rows deleted per table
        here, plus ``"backups"``: how many backups held the candidate."""
        counts: dict[str, int] = {}

        def work(conn: Connection) -> None:
            scrub_live(conn)
            counts.update(erase_rows(conn, candidate_id))

        self._write(work, "erase the candidate")
        self._write(truncate_wal, "erase the candidate")
        rewrite_personal_tables(self.engine)
        if self.path is not None:
            counts["backups"] = len(apply_to_backups(self.path, candidate_id))
        return counts

    def anonymize_candidate(self, candidate_id: int) -> int:
        """Replace the candidate's identifying fields here and in every backup
        (see :func:`assessor.store.anonymize_rows`); returns how many
        backups held the candidate.  ``KeyError`` if there is no such candidate."""
        now = utcnow()
        found: list[int] = []

        def work(conn: Connection) -> None:
            scrub_live(conn)
            found.append(anonymize_rows(conn, candidate_id, now))

        self._write(work, "anonymize the candidate")
        if not found[0]:
            raise KeyError(candidate_id)
        self._write(truncate_wal, "anonymize the candidate")
        rewrite_personal_tables(self.engine)
        return len(apply_to_backups(self.path, candidate_id, now)) if self.path is not None else 0

    def inactive_candidates(self, before: datetime) -> list[Candidate]:
        """Candidates not anonymized whose last activity (added, interview
        started or submitted) is before ``before`` (naive UTC), oldest first."""
        last = func.max(func.coalesce(AssessmentRow.submitted_at, AssessmentRow.started_at, CandidateRow.created_at),
                        CandidateRow.created_at)
        query = (select(CandidateRow).outerjoin(AssessmentRow, AssessmentRow.candidate_id == CandidateRow.id)
                 .where(CandidateRow.anonymized_at.is_(None)).group_by(CandidateRow.id)
                 .having(func.max(last) < before).order_by(func.max(last), CandidateRow.id))
        with self._session() as s:
            return [_candidate(r) for r in s.scalars(query)]

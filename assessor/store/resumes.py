"""The :class:`~assessor.store.Store` methods of candidates' resumes: one
row of ``resumes`` per candidate (migration 0006), its bytes in
``content``.  Erasing and anonymizing delete it (:mod:`.privacy`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select

from ..domain.resume import Resume
from .models import CandidateRow, ResumeRow


def delete_resume_rows(conn: Connection, candidate_id: int, tables: Iterable[str]) -> int:
    """Delete the candidate's resume when the database has the table (a
    backup made before migration 0006 has none); returns the rows deleted."""
    if "resumes" not in tables:
        return 0
    return conn.execute(delete(ResumeRow).where(ResumeRow.candidate_id == candidate_id)).rowcount


class ResumeMixin:
    """Resumes in the store; uses the store's ``_write`` and ``_session``."""

    def save_resume(self, candidate_id: int, resume: Resume) -> None:
        """Attach ``resume`` to the candidate, replacing the one they had, in
        one transaction.  ``KeyError`` if there is no such candidate;
        :class:`~assessor.store.StoreError` when the database refuses."""

        def work(conn: Connection) -> bool:
            if conn.execute(select(CandidateRow.id).where(CandidateRow.id == candidate_id)).first() is None:
                return False
            conn.execute(delete(ResumeRow).where(ResumeRow.candidate_id == candidate_id))
            conn.execute(insert(ResumeRow).values(
                candidate_id=candidate_id, file_name=resume.file_name, media_type=resume.media_type,
                size=resume.size, sha256=resume.sha256, content=resume.data, added_at=resume.added_at))
            return True

        if not self._write(work, "save the resume"):
            raise KeyError(candidate_id)

    def resume(self, candidate_id: int) -> Resume | None:
        """The candidate's resume, or ``None`` when they have none."""
        with self._session() as s:
            row = s.scalars(select(ResumeRow).where(ResumeRow.candidate_id == candidate_id)).first()
            if row is None:
                return None
            return Resume(row.file_name, row.media_type, bytes(row.content), row.added_at)

    def has_resume(self, candidate_id: int) -> bool:
        """True when the candidate has a resume (its bytes are not read)."""
        with self._session() as s:
            return s.scalar(select(ResumeRow.id).where(ResumeRow.candidate_id == candidate_id)) is not None

    def remove_resume(self, candidate_id: int) -> bool:
        """Delete the candidate's resume; True if there was one."""
        return self._write(lambda conn: delete_resume_rows(conn, candidate_id, ("resumes",)) > 0,
                           "remove the resume")

    def add_resume_by_uid(self, candidate_uid: str, resume: Resume) -> bool:
        """Attach ``resume`` to the candidate with ``candidate_uid`` unless they
        have one already (an import never replaces a resume); True if added."""

        def work(conn: Connection) -> bool:
            cid = conn.execute(select(CandidateRow.id).where(CandidateRow.uid == candidate_uid)).scalar()
            if cid is None or conn.execute(select(ResumeRow.id).where(ResumeRow.candidate_id == cid)).first():
                return False
            conn.execute(insert(ResumeRow).values(
                candidate_id=cid, file_name=resume.file_name, media_type=resume.media_type,
                size=resume.size, sha256=resume.sha256, content=resume.data, added_at=resume.added_at))
            return True

        return self._write(work, "import the resume")

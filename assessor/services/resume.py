"""A candidate's resume: attach or replace it, read it, remove it.

A resume is a PDF or a UTF-8 text file of at most
:data:`~assessor.domain.resume.MAX_RESUME_BYTES` (the rules are in
:mod:`assessor.domain.resume`).  A file's size is taken from the file
system (``stat``) before a byte is read, so a huge or sparse file is
refused at once; the read itself stops one byte past the limit in case the
file grew in between.  The resume is stored in the database (table
``resumes``), so it is backed up, erased and anonymized with the rest of
the candidate's data (:mod:`assessor.services.privacy`); it is never
logged, never in a report, and in a JSON export only on request
(:func:`resume_json`, ``export --with-resumes``).
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain import Candidate
from ..domain.resume import (
    MAX_RESUME_BYTES, MEDIA_TYPES, Resume, ResumeRejected, check_size, clean_name, media_type_of,
)
from ..store import StoreError, utcnow
from .workspace import AssessorError, Workspace, add_candidate

__all__ = ["MAX_RESUME_BYTES", "Resume", "add_candidate_with_resume", "attach_resume", "get_resume", "has_resume",
           "read_resume_file", "remove_resume", "resume_from_json", "resume_json"]


def read_resume_file(path: Path | str) -> Resume:
    """Read the file at ``path`` as a resume (not stored yet).

    Its size is checked with ``stat`` before it is opened; then its type by
    content (:func:`~assessor.domain.resume.media_type_of`).  Raises
    :class:`AssessorError` with a one-line reason: missing, not a file,
    empty, too big, neither PDF nor UTF-8 text, unreadable."""
    path = Path(path).expanduser()
    try:
        info = os.stat(path)
    except OSError as exc:
        raise AssessorError(f"cannot read the resume {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise AssessorError(f"the resume {path} is not a file")
    try:
        check_size(info.st_size)
        with open(path, "rb") as handle:
            data = handle.read(MAX_RESUME_BYTES + 1)  # never more than the limit, even if the file grew
        media_type = media_type_of(path.name, data)
    except ResumeRejected as exc:
        raise AssessorError(f"{exc}: {path.name}") from None
    except OSError as exc:
        raise AssessorError(f"cannot read the resume {path}: {exc.strerror or exc}") from None
    return Resume(clean_name(path.name), media_type, data, utcnow())


def _require(ws: Workspace, candidate_id: int) -> Candidate:
    try:
        return ws.store.candidate(candidate_id)
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None


def attach_resume(ws: Workspace, candidate_id: int, path: Path | str) -> Resume:
    """Attach the file at ``path`` to the candidate as their resume,
    replacing the one they had; returns it.  Raises :class:`AssessorError`
    for an unknown candidate, a file :func:`read_resume_file` refuses, or
    when the database refuses (the old resume is then kept)."""
    _require(ws, candidate_id)
    resume = read_resume_file(path)
    try:
        ws.store.save_resume(candidate_id, resume)
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return resume


def add_candidate_with_resume(ws: Workspace, name: str, email: str, role_id: str,
                              resume: Path | str | None = None) -> Candidate:
    """:func:`~assessor.services.add_candidate`, with the file ``resume``
    attached.  The file is checked first, so a refused file adds no
    candidate.  Raises :class:`AssessorError` as both do."""
    read = read_resume_file(resume) if resume is not None else None
    candidate = add_candidate(ws, name, email, role_id)
    if read is not None:
        try:
            ws.store.save_resume(candidate.id, read)
        except StoreError as exc:
            raise AssessorError(f"the candidate was added (id {candidate.id}) but not the resume: {exc}") from exc
    return candidate


def get_resume(ws: Workspace, candidate_id: int) -> Resume | None:
    """The candidate's resume, ``None`` if they have none (or the database
    cannot be read: the interview goes on without it)."""
    try:
        return ws.store.resume(candidate_id)
    except StoreError:
        return None


def has_resume(ws: Workspace, candidate_id: int) -> bool:
    """True when the candidate has a resume (its bytes are not read)."""
    try:
        return ws.store.has_resume(candidate_id)
    except StoreError:
        return False


def remove_resume(ws: Workspace, candidate_id: int) -> bool:
    """Remove the candidate's resume; True if there was one.  Raises
    :class:`AssessorError` for an unknown candidate or when the database
    refuses."""
    _require(ws, candidate_id)
    try:
        return ws.store.remove_resume(candidate_id)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


# -- in a JSON export (only when asked for) -------------------------------------

def resume_json(resume: Resume) -> dict[str, Any]:
    """The ``"resume"`` member of a candidate in a JSON export: name, media
    type, size, SHA-256, time added (ISO UTC with ``Z``) and the bytes in
    base64 (RFC 4648)."""
    return {"file_name": resume.file_name, "media_type": resume.media_type, "size": resume.size,
            "sha256": resume.sha256, "added_at": resume.added_at.isoformat() + "Z",
            "data": base64.b64encode(resume.data).decode("ascii")}


def resume_from_json(value: object) -> Resume:
    """The resume of a ``"resume"`` member written by :func:`resume_json`.
    Raises ``ValueError`` naming what is wrong: a missing member, bad
    base64, a size or SHA-256 that does not match the bytes, a type the
    content does not have, a file too big."""
    if not isinstance(value, dict):
        raise ValueError("a resume must be an object")
    members = {"file_name", "media_type", "size", "sha256", "added_at", "data"}
    if set(value) != members:
        raise ValueError(f"a resume has exactly the members {', '.join(sorted(members))}")
    if not all(isinstance(value[k], str) for k in members - {"size"}) or type(value["size"]) is not int:
        raise ValueError("a resume's size is a number and its other members are texts")
    check_size(value["size"])  # before decoding anything
    if len(value["data"]) > 4 * (MAX_RESUME_BYTES // 3 + 1):
        raise ValueError("the resume is too big")
    try:
        data = base64.b64decode(value["data"], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a resume's data is not base64") from None
    try:
        added = datetime.fromisoformat(value["added_at"].replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("a resume's added_at is not an ISO 8601 time") from None
    if added.tzinfo is not None:
        added = (added - added.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    resume = Resume(clean_name(value["file_name"]), media_type_of(value["file_name"], data), data, added)
    if value["media_type"] not in MEDIA_TYPES or (value["media_type"] == "application/pdf") != resume.is_pdf:
        raise ValueError("a resume's media_type does not match its content")
    if len(data) != value["size"] or resume.sha256 != value["sha256"]:
        raise ValueError("a resume's size or sha256 does not match its data")
    return Resume(resume.file_name, value["media_type"], data, added)

"""Personal data: erasing and anonymizing a candidate, the retention period.

Erasing removes every row of the candidate (candidate, assessments,
responses, audit entries, kit snapshots no one else uses) from the database
and from every rotating backup.  Anonymizing replaces the identifying
fields (name, email, every note and the takeaways) and keeps the ratings,
ticks, flags and recommendations for statistics.  Neither can reach files
outside the data folder: exported reports and damaged databases set aside
are listed in :attr:`PrivacyReport.leftovers` for the user to delete: every
report, JSON, CSV and comparison export in the export folders that holds the
candidate, and every partial export a killed one left (:func:`exported_files`).
:func:`assessor.services.workspace.clean_partial_exports` deletes those
partial files at start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ..domain import AuditEntry, Candidate, candidate_code
from ..files import leftovers
from ..store import StoreError, damaged_files, utcnow
from .interview import current_user
from .workspace import AssessorError, Workspace


@dataclass(frozen=True)
class PrivacyReport:
    """What an erasure or anonymization did: ``rows`` deleted per table
    (empty for an anonymization), ``backups`` changed, and ``leftovers``:
    files that may still hold the candidate's data, for the user to delete
    (exports that hold the candidate and partial exports, see
    :func:`exported_files`; damaged databases set aside)."""

    candidate_id: int
    rows: dict[str, int] = field(default_factory=dict)
    backups: int = 0
    leftovers: list[Path] = field(default_factory=list)


#: how much of an export is searched for the candidate (an export larger than this is listed unread)
_SCAN_LIMIT = 200_000_000
_CHUNK = 1 << 20
_COMPARISON_TITLES = (b"(Comparison: ", "Comparison: ".encode("utf-16-be").hex().upper().encode())


def _holds(path: Path, needles: list[bytes]) -> bool:
    """True when the file at ``path`` holds one of ``needles`` (read a
    chunk at a time, memory flat), or is larger than :data:`_SCAN_LIMIT`
    or cannot be read (then it may hold them: listed, not guessed away)."""
    needles = [n for n in needles if n]
    if not needles:
        return False
    overlap = max(len(n) for n in needles)
    try:
        if path.stat().st_size > _SCAN_LIMIT:
            return True
        with open(path, "rb") as handle:
            tail = b""
            while chunk := handle.read(_CHUNK):
                window = tail + chunk
                if any(n in window or n.upper() in window for n in needles):
                    return True
                tail = window[-overlap:]
    except OSError:
        return True
    return False


def exported_files(candidate_id: int, folders: Iterable[Path], candidate: Candidate | None = None) -> list[Path]:
    """The files in ``folders`` that hold the candidate (``docs/security.md``,
    "Personal data in exported files"):

    * their reports, by the names Assessor gives them: ``00012-*.pdf``, and
      the blind report ``C-4F9A21-blind.pdf`` (:func:`~assessor.domain.candidate_code`);
    * JSON and CSV exports (also a comparison's CSV) that hold the
      candidate's uid or name, read a chunk at a time;
    * every comparison PDF (its metadata title starts "Comparison:"): it
      lists a role's candidates, and its text is compressed;
    * every partial export (``.*.part``, :func:`assessor.files.leftovers`) a
      killed export left behind: it may hold anyone.

    Without ``candidate`` (its uid and name) only the first and last kinds
    are found.  Sorted; a missing folder holds none.
    """
    found: set[Path] = set()
    code = candidate_code(candidate) if candidate is not None else None
    needles = ([candidate.uid.encode(), candidate.name.encode()] if candidate is not None else [])
    for folder in folders:
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            continue
        found.update(leftovers(folder))
        for path in folder.iterdir():
            name = path.name
            if name.startswith(".") or not path.is_file():
                continue
            suffix = path.suffix.lower()
            if suffix == ".pdf" and (name.startswith(f"{candidate_id:05d}-")
                                     or (code is not None and name.startswith(f"{code}-"))):
                found.add(path)
            elif suffix in (".json", ".csv") and _holds(path, needles):
                found.add(path)
            elif suffix == ".pdf" and _holds(path, list(_COMPARISON_TITLES)):
                found.add(path)
    return sorted(found)


def _leftovers(ws: Workspace, candidate_id: int, export_dirs: Iterable[Path],
               candidate: Candidate | None = None) -> list[Path]:
    aside = damaged_files(ws.store.path) if ws.store.path is not None else []
    return exported_files(candidate_id, export_dirs, candidate) + aside


def _require(ws: Workspace, candidate_id: int) -> Candidate:
    try:
        return ws.store.candidate(candidate_id)
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None


def _record(ws: Workspace, candidate_id: int, what: str, actor: str) -> None:
    try:
        ws.store.add_audit(AuditEntry(utcnow(), actor or current_user(), candidate_id, None, None, what, None, None))
    except StoreError as exc:
        raise AssessorError(f"done, but the audit entry was not written: {exc}") from exc


def erase_candidate(ws: Workspace, candidate_id: int, export_dirs: Iterable[Path] = (),
                    actor: str = "") -> PrivacyReport:
    """Erase the candidate everywhere Assessor keeps data (see the module).

    The audit trail keeps one entry: candidate N was erased, when and by
    whom (``actor``, default the OS account).  Raises :class:`AssessorError`
    for an unknown candidate or when the database or a backup refuses.
    """
    candidate = _require(ws, candidate_id)
    try:
        rows = ws.store.erase_candidate(candidate_id)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    _record(ws, candidate_id, "erased", actor)
    backups = rows.pop("backups", 0)
    return PrivacyReport(candidate_id, rows, backups, _leftovers(ws, candidate_id, export_dirs, candidate))


def anonymize_candidate(ws: Workspace, candidate_id: int, export_dirs: Iterable[Path] = (),
                        actor: str = "") -> PrivacyReport:
    """Anonymize the candidate here and in every backup (see the module).

    Raises :class:`AssessorError` for an unknown candidate or when the
    database or a backup refuses.
    """
    candidate = _require(ws, candidate_id)
    try:
        backups = ws.store.anonymize_candidate(candidate_id)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None
    _record(ws, candidate_id, "anonymized", actor)
    return PrivacyReport(candidate_id, {}, backups, _leftovers(ws, candidate_id, export_dirs, candidate))


def past_retention(ws: Workspace, days: int | None = None) -> list[Candidate]:
    """Candidates (not yet anonymized) with no activity for ``days`` days
    (default ``Preferences.retention_days``); none when the period is 0."""
    days = ws.prefs.retention_days if days is None else days
    if days <= 0:
        return []
    return ws.store.inactive_candidates(utcnow() - timedelta(days=days))


def anonymize_past_retention(ws: Workspace, days: int | None = None, actor: str = "") -> list[int]:
    """Anonymize every candidate of :func:`past_retention`; returns their ids."""
    done = []
    for candidate in past_retention(ws, days):
        anonymize_candidate(ws, candidate.id, actor=actor)
        done.append(candidate.id)
    return done

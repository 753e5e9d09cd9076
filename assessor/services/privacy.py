"""Personal data: erasing and anonymizing a candidate, the retention period.

Erasing removes every row of the candidate (candidate, assessments,
responses, audit entries, kit snapshots no one else uses) from the database
and from every rotating backup.  Anonymizing replaces the identifying
fields (name, email, every note and the takeaways) and keeps the ratings,
ticks, flags and recommendations for statistics.  Neither can reach files
outside the data folder: exported reports and damaged databases set aside
are listed in :attr:`PrivacyReport.leftovers` for the user to delete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ..domain import AuditEntry, Candidate
from ..store import StoreError, damaged_files, utcnow
from .interview import current_user
from .workspace import AssessorError, Workspace


@dataclass(frozen=True)
class PrivacyReport:
    """What an erasure or anonymization did: ``rows`` deleted per table
    (empty for an anonymization), ``backups`` changed, and ``leftovers``:
    files that may still hold the candidate's data, for the user to delete
    (exported reports named ``<id>-*.pdf``, damaged databases set aside)."""

    candidate_id: int
    rows: dict[str, int] = field(default_factory=dict)
    backups: int = 0
    leftovers: list[Path] = field(default_factory=list)


def exported_files(candidate_id: int, folders: Iterable[Path]) -> list[Path]:
    """The report files of the candidate in ``folders``: the names
    :func:`assessor.services.report_filename` gives, ``00012-*.pdf``."""
    found: set[Path] = set()
    for folder in folders:
        folder = Path(folder).expanduser()
        if folder.is_dir():
            found.update(p for p in folder.glob(f"{candidate_id:05d}-*.pdf") if p.is_file())
    return sorted(found)


def _leftovers(ws: Workspace, candidate_id: int, export_dirs: Iterable[Path]) -> list[Path]:
    aside = damaged_files(ws.store.path) if ws.store.path is not None else []
    return exported_files(candidate_id, export_dirs) + aside


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
    _require(ws, candidate_id)
    try:
        rows = ws.store.erase_candidate(candidate_id)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    _record(ws, candidate_id, "erased", actor)
    backups = rows.pop("backups", 0)
    return PrivacyReport(candidate_id, rows, backups, _leftovers(ws, candidate_id, export_dirs))


def anonymize_candidate(ws: Workspace, candidate_id: int, export_dirs: Iterable[Path] = (),
                        actor: str = "") -> PrivacyReport:
    """Anonymize the candidate here and in every backup (see the module).

    Raises :class:`AssessorError` for an unknown candidate or when the
    database or a backup refuses.
    """
    _require(ws, candidate_id)
    try:
        backups = ws.store.anonymize_candidate(candidate_id)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None
    _record(ws, candidate_id, "anonymized", actor)
    return PrivacyReport(candidate_id, {}, backups, _leftovers(ws, candidate_id, export_dirs))


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

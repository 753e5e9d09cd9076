"""The audit trail: reading it, in codes for a file and in words for a
hiring manager, and exporting it as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain import Assessment, AuditEntry, FlagState, Recommendation, Status
from ..files import csv_cell as _cell
from ..files import write_atomic
from ..store.heads import assessment_heads
from .interview import item_name
from .panel import shown_to
from .workspace import AssessorError, Workspace

CSV_COLUMNS = ["time_utc", "actor", "candidate_id", "assessment_id", "item_id", "field", "from", "to"]


def audit_trail(ws: Workspace, candidate_id: int | None = None, viewer: str = "") -> list[AuditEntry]:
    """The audit entries (of one candidate if given) that ``viewer`` may
    see, oldest first: the entries of an assessment only when
    :func:`assessor.services.panel.shown_to` shows that assessment to them
    (never another interviewer's draft, whose ratings the entries carry;
    blank ``viewer``: a hiring manager, submitted assessments only);
    entries of no assessment (a candidate erased or anonymized) and of an
    assessment no longer stored are kept."""
    entries = ws.store.audit_entries(candidate_id)
    heads = assessment_heads(ws.store, None if candidate_id is None else [candidate_id])
    withheld = {h.id for h in heads} - {h.id for h in shown_to(heads, viewer).assessments}
    return [e for e in entries if e.assessment_id not in withheld]


def audit_rows(entries: list[AuditEntry]) -> list[list[str]]:
    """The entries as rows of :data:`CSV_COLUMNS` (times ISO 8601, UTC)."""
    return [[_cell(e.at.isoformat(timespec="seconds")), _cell(e.actor), _cell(e.candidate_id),
             _cell(e.assessment_id), _cell(e.item_id), _cell(e.field), _cell(e.old), _cell(e.new)]
            for e in entries]


#: what each audited field is called in a recruiter's words
FIELD_WORDS = {"rating": "Rating", "flag_state": "Resume flag", "checked": "Tick",
               "recommendation": "Overall recommendation", "status": "Status",
               "anonymized": "Anonymized", "erased": "Erased", "imported": "Imported",
               "key_registered": "Signing key registered", "key_retired": "Signing key retired (rotated)",
               "key_revoked": "Signing key revoked"}


@dataclass(frozen=True)
class AuditLine:
    """One audit entry in words: ``at`` (naive UTC, for the shell to show in
    local time), who, the candidate's name (``"candidate 12"`` once erased),
    the item's prompt or text, what changed and its old and new values as a
    person reads them ("3 Proficient", "Present", "ticked", "Strong Yes";
    ``"—"`` for none)."""

    at: datetime
    actor: str
    candidate: str
    item: str
    change: str
    old: str
    new: str


def _words(entry: AuditEntry, value: str | None, assessment: Assessment | None) -> str:
    if value is None or value == "":
        return "—"
    try:
        if entry.field == "rating":
            points = {p.value: p.label for p in assessment.kit.scale.points} if assessment else {}
            return f"{value} {points[int(value)]}" if int(value) in points else value
        if entry.field == "flag_state":
            return FlagState(value).name.capitalize()
        if entry.field == "checked":
            return "ticked" if value == "true" else "not ticked"
        if entry.field == "recommendation":
            return Recommendation(value).label
        if entry.field == "status":
            return Status(value).value.capitalize()
    except (ValueError, KeyError):
        pass
    return "yes" if value == "true" else "no" if value == "false" else value


def audit_lines(ws: Workspace, candidate_id: int | None = None, viewer: str = "") -> list[AuditLine]:
    """The audit trail (of one candidate if given) that ``viewer`` may see
    (:func:`audit_trail`), oldest first, in words:
    item ids become the prompt or text of the kit the assessment was taken
    with, codes become the scale's labels and the recommendation's words
    (see :class:`AuditLine`). Each assessment and candidate is read once."""
    assessments: dict[int, Assessment | None] = {}
    names: dict[int, str] = {}
    out: list[AuditLine] = []
    for entry in audit_trail(ws, candidate_id, viewer):
        aid = entry.assessment_id
        if aid is not None and aid not in assessments:
            try:
                assessments[aid] = ws.store.assessment(aid)
            except (KeyError, LookupError):
                assessments[aid] = None
        assessment = assessments.get(aid) if aid is not None else None
        if not entry.candidate_id:  # about a person, not a candidate (a signing key registered)
            names[entry.candidate_id] = "—"
        elif entry.candidate_id not in names:
            try:
                names[entry.candidate_id] = ws.store.candidate(entry.candidate_id).name
            except KeyError:
                names[entry.candidate_id] = f"candidate {entry.candidate_id}"
        if entry.item_id is None:
            item = ("the whole assessment" if aid is not None
                    else "the candidate" if entry.candidate_id else "their signing key")
        else:
            item = item_name(assessment, entry.item_id) if assessment is not None else entry.item_id
        out.append(AuditLine(at=entry.at, actor=entry.actor or "—", candidate=names[entry.candidate_id], item=item,
                             change=FIELD_WORDS.get(entry.field, entry.field),
                             old=_words(entry, entry.old, assessment), new=_words(entry, entry.new, assessment)))
    return out


def write_audit_csv(ws: Workspace, out: Path, candidate_id: int | None = None, viewer: str = "") -> Path:
    """Write the audit trail ``viewer`` may see (:func:`audit_trail`) to
    ``out`` as UTF-8 CSV with a header row, atomically and readable by its
    owner only.  Returns ``out``.

    Raises :class:`AssessorError` when the file cannot be written.
    """
    out = Path(out).expanduser()
    rows = audit_rows(audit_trail(ws, candidate_id, viewer))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    try:
        write_atomic(out, buffer.getvalue())
    except OSError as exc:
        raise AssessorError(f"cannot write {out}: {exc.strerror}") from exc
    return out

"""The audit trail: reading it and exporting it as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..domain import AuditEntry
from ..files import csv_cell as _cell
from ..files import write_atomic
from .workspace import AssessorError, Workspace

CSV_COLUMNS = ["time_utc", "actor", "candidate_id", "assessment_id", "item_id", "field", "from", "to"]


def audit_trail(ws: Workspace, candidate_id: int | None = None) -> list[AuditEntry]:
    """Every audit entry (of one candidate if given), oldest first."""
    return ws.store.audit_entries(candidate_id)


def audit_rows(entries: list[AuditEntry]) -> list[list[str]]:
    """The entries as rows of :data:`CSV_COLUMNS` (times ISO 8601, UTC)."""
    return [[_cell(e.at.isoformat(timespec="seconds")), _cell(e.actor), _cell(e.candidate_id),
             _cell(e.assessment_id), _cell(e.item_id), _cell(e.field), _cell(e.old), _cell(e.new)]
            for e in entries]


def write_audit_csv(ws: Workspace, out: Path, candidate_id: int | None = None) -> Path:
    """Write the audit trail to ``out`` as UTF-8 CSV with a header row,
    atomically and readable by its owner only.  Returns ``out``.

    Raises :class:`AssessorError` when the file cannot be written.
    """
    out = Path(out).expanduser()
    rows = audit_rows(audit_trail(ws, candidate_id))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    try:
        write_atomic(out, buffer.getvalue())
    except OSError as exc:
        raise AssessorError(f"cannot write {out}: {exc.strerror}") from exc
    return out

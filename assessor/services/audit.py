"""The audit trail: reading it and exporting it as CSV."""

from __future__ import annotations

import csv
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from ..domain import AuditEntry
from .workspace import AssessorError, Workspace

CSV_COLUMNS = ["time_utc", "actor", "candidate_id", "assessment_id", "item_id", "field", "from", "to"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def audit_trail(ws: Workspace, candidate_id: int | None = None) -> list[AuditEntry]:
    """Every audit entry (of one candidate if given), oldest first."""
    return ws.store.audit_entries(candidate_id)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading ``= + - @``
    gets a ``'`` (OWASP's advice against CSV formula injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


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
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise AssessorError(f"cannot write in {out.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(rows)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(tmp)
        raise AssessorError(f"cannot write {out}: {exc.strerror}") from exc
    return out

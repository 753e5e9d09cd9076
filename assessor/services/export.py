"""Exporting PDF candidate reports, one or all."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from ..report import ReportError, write_report
from .interview import load_assessment
from .workspace import AssessorError, Workspace


def report_filename(candidate_id: int, name: str) -> str:
    """A safe file name such as ``00012-zoe-angstrom.pdf`` (ASCII, no spaces)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "candidate"
    return f"{candidate_id:05d}-{slug}.pdf"


def export_report(ws: Workspace, candidate_id: int, out: Path) -> Path:
    """Write the PDF report of the candidate's latest assessment to ``out``.

    Written atomically: a failure leaves no partial file.  Raises
    :class:`AssessorError` when the candidate has no assessment or the
    report cannot be written.
    """
    ids = ws.store.assessment_ids(candidate_id)
    if not ids:
        raise AssessorError(f"candidate {candidate_id} has not been interviewed yet")
    try:
        return write_report(load_assessment(ws, ids[-1]), Path(out))
    except ReportError as exc:
        raise AssessorError(f"the report could not be written: {exc}") from exc


def export_all(
    ws: Workspace, out_dir: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Path], list[tuple[int, str]]]:
    """Write a report for every interviewed candidate into ``out_dir``.

    Returns (files written, [(candidate id, error message)]).  ``progress``
    is called with (done, total) after each candidate.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssessorError(f"cannot create {out_dir}: {exc.strerror}") from exc
    rows = [r for r in ws.store.candidates(limit=1_000_000) if r.assessment_id is not None]
    written: list[Path] = []
    failed: list[tuple[int, str]] = []
    for done, row in enumerate(rows, 1):
        c = row.candidate
        try:
            written.append(export_report(ws, c.id, out_dir / report_filename(c.id, c.name)))
        except AssessorError as exc:
            failed.append((c.id, str(exc)))
        if progress:
            progress(done, len(rows))
    return written, failed

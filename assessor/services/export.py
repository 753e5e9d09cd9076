"""Exporting PDF candidate reports, one or all.

File names come from :func:`report_filename` (ASCII letters, digits and
dashes after the candidate id), so no name a user types can lead a report
outside the chosen folder or onto a reserved device name.  A team's report
template (``Preferences.report_template`` or ``template=``) renders in the
report sandbox (see :mod:`assessor.report.sandbox`).
"""

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


def template_source(ws: Workspace, template: Path | None = None) -> str | None:
    """The text of ``template``, else of ``Preferences.report_template``;
    ``None`` for the built-in template.  Raises :class:`AssessorError` when
    the file cannot be read."""
    path = template or (Path(ws.prefs.report_template).expanduser() if ws.prefs.report_template else None)
    if path is None:
        return None
    try:
        if Path(path).stat().st_size > 1_000_000:
            raise AssessorError(f"the report template {path} is larger than 1 MB")
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssessorError(f"cannot read the report template {path}: {getattr(exc, 'strerror', None) or exc}") from exc


def export_report(ws: Workspace, candidate_id: int, out: Path, template: Path | None = None) -> Path:
    """Write the PDF report of the candidate's latest assessment to ``out``.

    Written atomically: a failure leaves no partial file.  ``template`` is
    a team's template file (default: the one in Preferences, else the
    built-in one).  Raises :class:`AssessorError` when the candidate has no
    assessment, the template is refused or the report cannot be written.
    """
    ids = ws.store.assessment_ids(candidate_id)
    if not ids:
        raise AssessorError(f"candidate {candidate_id} has not been interviewed yet")
    source = template_source(ws, template)
    try:
        return write_report(load_assessment(ws, ids[-1]), Path(out), source)
    except ReportError as exc:
        raise AssessorError(f"the report could not be written: {exc}") from exc


def export_all(
    ws: Workspace, out_dir: Path, progress: Callable[[int, int], None] | None = None, template: Path | None = None,
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
            written.append(export_report(ws, c.id, out_dir / report_filename(c.id, c.name), template))
        except AssessorError as exc:
            failed.append((c.id, str(exc)))
        if progress:
            progress(done, len(rows))
    return written, failed

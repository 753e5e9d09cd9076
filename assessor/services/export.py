"""Exporting reports: one candidate's (single or panel) and the comparison
of a role's candidates (all of them, in child processes: :mod:`.batch`).

File names come from :func:`report_filename` (ASCII letters, digits and
dashes after the candidate id), so no name a user types can lead a report
outside the chosen folder or onto a reserved device name.  A team's report
template (``Preferences.report_template`` or ``template=``) renders in the
report sandbox (see :mod:`assessor.report.sandbox`); it replaces the
single-assessment report (the panel and comparison reports use the
built-in templates: a team template is written for one assessment's
variables).

Which report a candidate gets (:func:`export_report`, :func:`report_bytes`):
the consolidated panel report when two or more of their assessments are
submitted; the report of the one submitted assessment when there is one
(never another interviewer's newer draft: a draft is not a decision and
stays hidden from the others until it is submitted); else, with nothing
submitted, the viewer's own draft, marked as a draft, or nothing
(:class:`NothingSubmitted`, saying how many drafts were left out).  Every
function takes the ``viewer`` (:func:`assessor.services.panel.shown_to`).  The branding comes
from Preferences (:func:`branding`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import Assessment, Comparison, debrief, visibility
from .panel import ScoresHidden, comparison_for, shown_to
from .settings import REPORT_SECTIONS, Preferences
from .workspace import AssessorError, Workspace, readable_snapshots

if TYPE_CHECKING:
    from ..report import Branding

# The report package (ReportLab, z3c.rml, Jinja2) is imported by the functions that
# render, not here: the window imports this module at start and needs none of it
# until the first report (docs/performance.md).

#: the sort keys of a comparison besides section ids
COMPARISON_SORTS = ("overall", "recommendation", "name")


def report_filename(candidate_id: int, name: str) -> str:
    """A safe file name such as ``00012-zoe-angstrom.pdf`` (ASCII, no
    spaces): the candidate id, then the name transliterated by ``anyascii``
    (a wide character, a Han syllable or a Hangul block, stands as its own
    word: 王小明 -> ``00003-wang-xiao-ming.pdf``), cut at 40 characters; a
    name with no letter or digit to write gives ``00003.pdf``."""
    from anyascii import anyascii

    ascii_name = "".join(f" {anyascii(ch)} " if unicodedata.east_asian_width(ch) in ("W", "F") else anyascii(ch)
                         for ch in unicodedata.normalize("NFC", name))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    return f"{candidate_id:05d}-{slug}.pdf" if slug else f"{candidate_id:05d}.pdf"


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


def branding(prefs: Preferences) -> Branding:
    """The reports' :class:`~assessor.report.Branding` from Preferences:
    company name, logo file, accent colour and the sections to print
    (unknown section keys are ignored)."""
    from ..report import Branding

    sections = tuple(key for key in getattr(prefs, "report_sections", list(REPORT_SECTIONS)) if key in REPORT_SECTIONS)
    return Branding(company_name=getattr(prefs, "company_name", ""), logo_path=getattr(prefs, "logo_path", ""),
                    accent_colour=getattr(prefs, "accent_colour", ""), sections=sections)


class NothingSubmitted(AssessorError):
    """Refused: the viewer may see no submitted assessment of the candidate
    and has no draft of their own (``drafts_left_out`` other interviewers'
    drafts were left out: a draft is not a decision)."""

    def __init__(self, candidate_id: int, drafts_left_out: int) -> None:
        n = drafts_left_out
        super().__init__(f"candidate {candidate_id} has no submitted assessment yet"
                         + (f" ({n} draft{'s' if n != 1 else ''} of other interviewers left out)" if n else ""))
        self.candidate_id = candidate_id
        self.drafts_left_out = drafts_left_out


def _panel(ws: Workspace, candidate_id: int, viewer: str) -> tuple[list[Assessment], Assessment]:
    """(the submitted assessments ``viewer`` may see when two or more, else
    []; the assessment a single report shows: the newest submitted one the
    viewer may see, else the viewer's own latest draft).  The rule is
    :func:`assessor.services.panel.shown_to`: never another interviewer's
    draft.  Raises :class:`ScoresHidden` while the viewer's own assessment
    is a draft and others assessed the candidate too,
    :class:`NothingSubmitted` when nothing is left to show, and
    :class:`AssessorError` when the candidate was never interviewed."""
    try:
        assessments = ws.store.assessments_of(candidate_id)
    except KeyError:
        assessments = []
    if not assessments:
        raise AssessorError(f"candidate {candidate_id} has not been interviewed yet")
    if visibility(assessments, viewer).scores_hidden and viewer.strip():
        raise ScoresHidden(candidate_id)
    shown = shown_to(assessments, viewer)
    if not shown.assessments:
        raise NothingSubmitted(candidate_id, shown.drafts_left_out)
    submitted = [a for a in shown.assessments if a.is_submitted]
    return (submitted if len(submitted) >= 2 else []), (submitted or shown.assessments)[-1]


@readable_snapshots()
def report_bytes(ws: Workspace, candidate_id: int, *, blind: bool = False, template: Path | None = None,
                 viewer: str = "") -> bytes:
    """The PDF a hiring manager gets for the candidate, as bytes (for the
    in-app preview): the consolidated panel report when two or more of
    their assessments are submitted, else the report of the submitted one,
    else of the viewer's own draft (marked so), from ``template`` or the
    team template in Preferences, if any; never another interviewer's
    draft (:func:`assessor.services.panel.shown_to`).
    ``blind`` leaves out the name and email (the candidate as a code).
    ``viewer`` is who asks (the acting interviewer's name; blank: a hiring
    manager, who sees submitted scorecards only); refused while their own
    assessment of the candidate is a draft and others assessed them too.

    Raises :class:`AssessorError` when the candidate has no assessment,
    :class:`NothingSubmitted` when the viewer may see none of them,
    :class:`~assessor.services.panel.ScoresHidden` while the viewer may not
    see the others' ratings yet, and :class:`AssessorError` when the
    template cannot be read or is refused, or the report cannot be made.
    """
    from ..report import ReportError, render_panel_report, render_report

    panel, latest = _panel(ws, candidate_id, viewer)
    brand = branding(ws.prefs)
    try:
        if panel:
            return render_panel_report(debrief(panel), branding=brand, blind=blind)
        return render_report(latest, template_source(ws, template), branding=brand, blind=blind)
    except ReportError as exc:
        raise AssessorError(f"the report could not be written: {exc}") from exc


def export_report(ws: Workspace, candidate_id: int, out: Path, template: Path | None = None, *,
                  blind: bool = False, viewer: str = "") -> Path:
    """Write the candidate's report (see :func:`report_bytes`) to ``out``.

    Written atomically: a failure leaves no partial file.  ``template`` is
    a team's template file for a single-assessment report (default: the
    one in Preferences, else the built-in one).  Returns ``out``.  Raises
    :class:`AssessorError` when the candidate has no assessment, the
    template is refused or the report cannot be written.
    """
    from ..report import ReportError, write_bytes

    data = report_bytes(ws, candidate_id, blind=blind, template=template, viewer=viewer)
    try:
        return write_bytes(Path(out), data)
    except ReportError as exc:
        raise AssessorError(f"the report could not be written: {exc}") from exc


# -- comparison ---------------------------------------------------------------------------------


def _comparison(ws: Workspace, role_id: str, sort: str, viewer: str) -> Comparison:
    comparison = comparison_for(ws, role_id, viewer)  # AssessorError for a blank role id
    if not comparison.rows:
        raise AssessorError(f"no candidate of the role {role_id!r} has a submitted assessment")
    if sort not in COMPARISON_SORTS and sort not in dict(comparison.sections):
        keys = ", ".join([*COMPARISON_SORTS, *dict(comparison.sections)])
        raise AssessorError(f"cannot sort the comparison by {sort!r}; one of {keys}")
    return comparison


def export_comparison(ws: Workspace, role_id: str, out: Path, sort: str = "overall", *, viewer: str = "") -> Path:
    """Write the comparison of ``role_id``'s candidates to ``out``: a PDF
    (A4 landscape table) when it ends in ``.pdf``, a CSV (UTF-8, header row)
    when it ends in ``.csv``.  Columns: candidate, interviews, each section's
    score, overall, indicated recommendation, tally, red flags, alpha.
    ``sort`` is ``overall``, ``recommendation``, ``name`` or a section id
    (best first; names A to Z).  Over the submitted assessments ``viewer``
    may see (:func:`assessor.services.panel.shown_to`; never a draft).
    Written atomically.  Returns ``out``.

    Raises :class:`AssessorError` for another suffix, a blank role, a role
    with no submitted assessment, an unknown sort key, or when the file
    cannot be written.
    """
    from ..report import ReportError, comparison_csv, render_comparison, write_bytes

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".csv"):
        raise AssessorError(f"a comparison is written as .pdf or .csv, not {out.suffix or 'a file without a suffix'}")
    comparison = _comparison(ws, role_id, sort, viewer)
    try:
        if suffix == ".csv":
            data = comparison_csv(comparison, sort)
        else:
            kit = ws.kits.get(role_id)
            data = render_comparison(comparison, sort=sort, branding=branding(ws.prefs),
                                     role_title=kit.title if kit is not None else "")
        return write_bytes(out, data)
    except ReportError as exc:
        raise AssessorError(f"the comparison could not be written: {exc}") from exc

"""The comparison of a role's candidates: the rows, as plain values (CSV)
and as the view model of ``reports/comparison_report.rml.j2`` (PDF).

One row per candidate with a submitted assessment (see
:func:`assessor.domain.compare`): candidate, interviews, each section's
panel score, the overall score, the recommendation it indicates, the tally
of the interviewers' recommendations (and their mean on 1 Strong No .. 4
Strong Yes), the red flags observed and Krippendorff's alpha.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from assessor.domain import Comparison, ComparisonRow, Recommendation, candidate_code
from assessor.files import csv_cell

from .branding import Branding
from .context import brand_context
from .rich import clean, plain

#: sort keys besides the section ids; "name" sorts A to Z, the others best first
SORTS = ("overall", "recommendation", "name")
FRAME_CM = 25.7  # A4 landscape less 2 cm margins


def sorted_rows(comparison: Comparison, sort: str = "overall") -> list[ComparisonRow]:
    """The rows sorted by ``sort``: ``overall``, ``recommendation`` or a
    section id (highest first), or ``name`` (A to Z); rows without a value
    last.  Raises ``KeyError`` for another key."""
    return comparison.sorted_by(sort, descending=sort != "name")


def _num(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def tally_text(tally: dict[Recommendation, int]) -> str:
    """``Strong Yes 1; Yes 2`` (best first, only the recommendations given)."""
    return "; ".join(f"{rec.label} {tally[rec]}" for rec in reversed(Recommendation) if tally.get(rec))


def _sort_label(comparison: Comparison, sort: str) -> str:
    sections = dict(comparison.sections)
    return {"overall": "overall score, highest first", "recommendation": "interviewers' recommendations, best first",
            "name": "name, A to Z"}.get(sort) or f"{sections.get(sort, sort)}, highest first"


def comparison_rows(comparison: Comparison, sort: str = "overall") -> tuple[list[str], list[list[str]]]:
    """(header, rows) of plain strings, sorted by ``sort`` (see
    :func:`sorted_rows`).  Columns: Candidate, Candidate ID, Interviews, one
    per section (its title), Overall, Indicated recommendation, Tally,
    Recommendation mean (1-4), Red flags, Krippendorff's alpha.  Raises
    ``KeyError`` for an unknown ``sort``."""
    header = ["Candidate", "Candidate ID", "Interviews", *[title for _, title in comparison.sections], "Overall",
              "Indicated recommendation", "Tally", "Recommendation mean (1-4)", "Red flags", "Krippendorff's alpha"]
    rows = []
    for r in sorted_rows(comparison, sort):
        rows.append([
            r.candidate.name, str(r.candidate.id), str(r.interviews),
            *[_num(r.sections.get(sid)) for sid, _ in comparison.sections],
            _num(r.overall), r.indicated.label if r.indicated else "", tally_text(r.tally),
            _num(r.recommendation_points), str(r.red_flags), _num(r.alpha, 3),
        ])
    return header, rows


def comparison_csv(comparison: Comparison, sort: str = "overall") -> bytes:
    """The comparison as CSV bytes: UTF-8, a header row, one row per
    candidate (see :func:`comparison_rows`), CRLF line ends (RFC 4180).  A
    cell a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``,
    tab or carriage return first) is prefixed with ``'``.  Raises
    ``KeyError`` for an unknown ``sort``."""
    header, rows = comparison_rows(comparison, sort)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


HEAD_PT = 8.5  # the header cells' size (``head`` style)
PAD_CM = 0.25  # a cell's left and right padding, 3 pt each, and a little air
MIN_SECTION_CM = 1.9  # "3.91 (n=3)" at 9 pt


def _longest_word_cm(title: str) -> float:
    from .fonts import text_width

    words = clean(title).split() or [""]
    return max(text_width(w, HEAD_PT, bold=True) for w in words) / 28.3465 + PAD_CM


def column_widths(section_titles: list[str]) -> list[float]:
    """The comparison's column widths in cm, summing to :data:`FRAME_CM`:
    each section column at least as wide as the longest word of its title
    (headers wrap between words, never inside one), the room left over
    shared by the section columns and the candidate's name; with many
    sections the candidate column and then the sections narrow (never a
    header word cut: ReportLab then lets it stand out)."""
    fixed = {"rank": 0.8, "interviews": 1.3, "overall": 1.9, "indicated": 2.3, "tally": 4.2, "flags": 1.4,
             "alpha": 1.5}
    need = [max(MIN_SECTION_CM, _longest_word_cm(t)) for t in section_titles]
    room = FRAME_CM - sum(fixed.values())
    candidate = max(3.0, min(5.0, room - sum(need)))
    spare = room - candidate - sum(need)
    if section_titles and spare > 0:  # share what is left among the sections, up to 3.5 cm each
        extra = min(spare / len(need), max(0.0, 3.5 - max(need)))
        need = [w + extra for w in need]
    candidate = room - sum(need)
    if candidate < 3.0 and section_titles:  # too many sections: squeeze them alike
        scale = (room - 3.0) / sum(need)
        need, candidate = [w * scale for w in need], 3.0
    return [round(w, 2) for w in (fixed["rank"], candidate, fixed["interviews"], *need, fixed["overall"],
                                  fixed["indicated"], fixed["tally"], fixed["flags"], fixed["alpha"])]


def build_comparison_context(comparison: Comparison, sort: str = "overall", branding: Branding | None = None,
                             role_title: str = "") -> dict[str, Any]:
    """The comparison template's variables; ``role_title`` names the role
    (default: its id).  Raises ``KeyError`` for an unknown ``sort``."""
    rows = sorted_rows(comparison, sort)
    widths = column_widths([title for _, title in comparison.sections])
    title = plain(role_title or comparison.role_id, 80)
    return {
        "meta": {"title": f"Comparison: {title}", "author": "Assessor",
                 "subject": f"The candidates of the role {title} side by side"},
        **brand_context(branding),
        "role": clean(role_title or comparison.role_id),
        "role_id": clean(comparison.role_id),
        "sort": _sort_label(comparison, sort),
        "sections": [{"id": sid, "title": clean(t)} for sid, t in comparison.sections],
        "widths": " ".join(f"{w:.2f}cm" for w in widths),
        "rows": [{
            "rank": i, "name": clean(r.candidate.name), "code": candidate_code(r.candidate),
            "interviews": str(r.interviews),
            "sections": [(f"{_num(r.sections.get(sid))} (n={r.section_counts.get(sid, 0)})"
                          if r.sections.get(sid) is not None else "–") for sid, _ in comparison.sections],
            "overall": (f"{_num(r.overall)} / {r.scale_max}" + (" * capped" if r.result.capped else ""))
            if r.overall is not None else "–", "indicated": r.indicated.label if r.indicated else "–",
            "tally": tally_text(r.tally) or "–", "points": _num(r.recommendation_points),
            "red_flags": str(r.red_flags), "alpha": _num(r.alpha, 3).replace("-", "\u2212") or "–",
        } for i, r in enumerate(rows, 1)],
        "caps": [{"name": clean(r.candidate.name), "note": clean(r.result.cap_note)}
                 for r in rows if r.result.capped],
    }

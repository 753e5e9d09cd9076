"""The commands that serve the hiring decision and the exchange of data.

==========================================  =========================================
``export --format json|csv --out FILE``     every candidate's assessments (or those
``[--candidate ID ...]``                    of the given candidates) as JSON, with
                                            the kit snapshots, or as CSV, one row
                                            per response (``--with-resumes``:
                                            JSON with each candidate's resume)
``import FILE [--skip-erased]``             a JSON export; prints what was added,
                                            what was there already and the conflicts;
                                            refuses a file holding a candidate erased
                                            here (``--skip-erased``: imports the rest)
``compare ROLE_ID --out F.pdf|F.csv``       the role's candidates side by side
``[--sort overall|recommendation|name|S]``
``debrief CANDIDATE_ID [--as NAME]``        the panel's ratings side by side,
``[--notes]``                               spreads, disagreements, the tally and
                                            the agreement figure
``calibration [ROLE_ID]``                   each interviewer's ratings against
                                            everyone's, question by question
==========================================  =========================================

They call :mod:`assessor.services` only.  A user error prints one line on
stderr and exits 1 (see :mod:`assessor.cli.main`).  ``export``,
``compare``, ``debrief`` and ``calibration`` take ``--as NAME``
(:mod:`assessor.cli.viewer`): never another interviewer's draft, and a
line says what was left out.  Every line goes through
:func:`assessor.cli.text.say` (control characters escaped).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import services
from .text import say
from .viewer import add_viewer_option, viewer_of

if TYPE_CHECKING:
    from ..domain import Debrief, InterviewerCalibration

#: what ``debrief`` prints beside an item whose spread is 2 points or more
DISAGREEMENT_MARK = "<< disagreement"
ALPHA_SOURCE = ("Krippendorff's alpha (interval) = 1 - D_o/D_e; Krippendorff 2011, "
                '"Computing Krippendorff\'s Alpha-Reliability"')


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``export``, ``import``, ``compare``, ``debrief`` and ``calibration`` to ``sub``."""
    export = sub.add_parser("export", help="export assessments as JSON (with the kits) or CSV (one row per response)")
    export.add_argument("--format", choices=["json", "csv"],
                        help="json or csv (default: from the --out file's extension)")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--candidate", type=int, nargs="+", action="extend", metavar="ID", dest="candidates",
                        help="only these candidates (repeatable; default: every candidate)")
    export.add_argument("--with-resumes", action="store_true",
                        help="JSON only: include each candidate's resume (personal data; default: left out)")
    add_viewer_option(export)

    imp = sub.add_parser("import", help="import a JSON export (what is there already is not added again)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--skip-erased", action="store_true",
                     help="import the rest when the file holds candidates erased here (they are never brought back)")

    compare = sub.add_parser("compare", help="write a role's candidates side by side (PDF or CSV)")
    compare.add_argument("role_id", metavar="ROLE_ID")
    compare.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.csv")
    compare.add_argument("--sort", default="overall", metavar="KEY",
                         help="overall (default), recommendation, name or a section id such as questions")
    add_viewer_option(compare)

    debrief = sub.add_parser("debrief", help="print the panel's debrief of a candidate")
    debrief.add_argument("candidate_id", type=int, metavar="CANDIDATE_ID")
    add_viewer_option(debrief)
    debrief.add_argument("--notes", action="store_true", help="print each interviewer's notes under the item")

    calibration = sub.add_parser("calibration", help="print each interviewer's ratings against everyone's")
    calibration.add_argument("role_id", nargs="?", metavar="ROLE_ID", help="one role (default: every role)")
    add_viewer_option(calibration)


def _say_left_out(shown: services.Shown) -> None:
    """One line saying what the viewer's view left out, when anything was."""
    if shown.left_out_text:
        say(f"({shown.left_out_text})")


def _export(args: argparse.Namespace) -> int:
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv"):
        raise services.AssessorError("give --format json or --format csv (or an --out file ending in .json or .csv)")
    with services.open_workspace(args.db) as ws:
        if args.with_resumes and fmt != "json":
            raise services.AssessorError("--with-resumes needs --format json")
        viewer = viewer_of(args, ws)
        if fmt == "json":
            say(services.export_json(ws, args.out, args.candidates, with_resumes=args.with_resumes, viewer=viewer))
        else:
            say(services.export_csv(ws, args.out, args.candidates, viewer=viewer))
        _say_left_out(services.left_out(ws, viewer, candidate_ids=args.candidates))
    return 0


def _import(args: argparse.Namespace) -> int:
    with services.open_workspace(args.db) as ws:
        report = services.import_json(ws, args.file, skip_erased=args.skip_erased)
    say(f"imported {report.path}: {report.summary()}")
    for line in report.conflicts:
        say(f"conflict: {line}")
    for line in report.warnings:
        say(f"warning: {line}")
    for where in report.erased:
        say(f"not imported: {where}: erased from this database")
    return 0


def _compare(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in (".pdf", ".csv"):
        raise services.AssessorError("--out must end in .pdf or .csv")
    with services.open_workspace(args.db) as ws:
        viewer = viewer_of(args, ws)
        say(services.export_comparison(ws, args.role_id, args.out, sort=args.sort, viewer=viewer))
        _say_left_out(services.left_out(ws, viewer, role_id=args.role_id))
    return 0


def _cell(value: float | int | None, width: int = 5) -> str:
    if value is None:
        return f"{'-':>{width}}"
    return f"{value:>{width}.2f}" if isinstance(value, float) else f"{value:>{width}}"


def debrief_lines(d: Debrief, notes: bool = False) -> list[str]:
    """The debrief as lines of text: each rated item with every
    interviewer's rating side by side (``-``: not rated), its spread and
    :data:`DISAGREEMENT_MARK` at a spread of 2 or more; then the computed
    scores, the recommendations tallied, the agreement figure with its
    source, departure reasons and seals."""
    c = d.candidate
    n = len(d.assessments)
    cols = [f"[{i}]" for i in range(1, n + 1)]
    out = [f"Debrief of candidate {c.id}, {c.name} ({c.role_id}): {n} submitted assessment{'s' * (n != 1)}",
           "Interviewers: " + "  ".join(f"{col} {label}" for col, label in zip(cols, d.labels)), ""]
    titles = {"questions": "Skill-level questions"}
    for a in d.assessments:
        titles.update({case.id: f"Use case: {case.title}" for case in a.kit.use_cases})
    width = 44
    section = None
    for item in d.items:
        if item.section != section:
            section = item.section
            out.append(f"{titles.get(section, section)}")
            out.append(f"  {'ITEM':<{width}}" + "".join(f"{col:>5}" for col in cols) + "  SPREAD")
        text = f"{item.item_id}  {item.prompt}"
        text = text if len(text) <= width else text[: width - 1] + "…"
        line = f"  {text:<{width}}" + "".join(_cell(r) for r in item.ratings) + f"  {_cell(item.spread, 6)}"
        out.append(line + (f"  {DISAGREEMENT_MARK}" if item.disagreement else ""))
        if notes:
            out += [f"      {label}: {' '.join(text.split())}" for label, text in item.notes]
    out.append("")
    scores = "  ".join(f"{col} {_cell(s.overall, 0)}" for col, s in zip(cols, d.scores))
    indicated = f", indicating {d.indicated.label}" if d.indicated else ""
    out.append(f"Computed scores (1..{d.scale_max}): {scores}; panel {_cell(d.overall, 0)}{indicated}")
    tally = ", ".join(f"{rec.label} {count}" for rec, count in d.tally.items()) or "none given"
    out.append(f"Recommendations: {tally}")
    out.append(f"Disagreements (spread of 2 points or more): {len(d.disagreements)} of {len(d.items)} items")
    alpha = "not computed (one interviewer, or no variation)" if d.alpha is None else f"{d.alpha:.3f}"
    out.append(f"Agreement: {alpha}  [{ALPHA_SOURCE}]")
    for col, label, a in zip(cols, d.labels, d.assessments):
        if a.departure_reason.strip():
            out.append(f"Reason for departing from the score, {col} {label}: {' '.join(a.departure_reason.split())}")
    out += [f"Seal {col}: {services.seal_status(a)}" for col, a in zip(cols, d.assessments)]
    return out


def _debrief(args: argparse.Namespace) -> int:
    with services.open_workspace(args.db) as ws:
        viewer = viewer_of(args, ws)
        try:
            d = services.debrief_for(ws, args.candidate_id, viewer)
        except services.ScoresHidden as exc:
            from .wording import visibility_text  # only on a refusal

            raise services.AssessorError(visibility_text(exc.visibility)) from None
    say(*debrief_lines(d, args.notes))
    return 0


def calibration_lines(rows: list[InterviewerCalibration], scope: str) -> list[str]:
    """The calibration table as lines of text: per interviewer their
    assessments, ratings, mean, the panel's mean on the same questions and
    the difference (positive: lenient, negative: severe), then per question
    their n, mean and standard deviation against everyone's."""
    out = [f"Calibration over the submitted assessments of {scope}",
           "LENIENCY is the interviewer's mean minus everyone's on the same questions (+ lenient, - severe)", "",
           f"{'INTERVIEWER':<24} {'ASSESSMENTS':>11} {'RATINGS':>7} {'MEAN':>6} {'PANEL':>6} {'LENIENCY':>8}"]
    for r in rows:
        leniency = "-" if r.leniency is None else f"{r.leniency:+.2f}"
        out.append(f"{r.interviewer[:24]:<24} {r.assessments:>11} {r.ratings:>7} {_cell(r.mean, 6)} "
                   f"{_cell(r.panel_mean, 6)} {leniency:>8}")
        for q in r.questions:
            prompt = f"{q.item_id}  {q.prompt}"
            prompt = prompt if len(prompt) <= 34 else prompt[:33] + "…"
            out.append(f"    {prompt:<34} n {q.n:>3} mean {q.mean:4.2f} sd {q.sd:4.2f} | everyone n {q.panel_n:>4} "
                       f"mean {q.panel_mean:4.2f} sd {q.panel_sd:4.2f} | {q.difference:+.2f}")
    return out


def _calibration(args: argparse.Namespace) -> int:
    with services.open_workspace(args.db) as ws:
        if args.role_id is not None and args.role_id not in services.known_roles(ws):
            roles = ", ".join(sorted(services.known_roles(ws))) or "none"
            raise services.AssessorError(f"no role {args.role_id!r} (roles: {roles})")
        viewer = viewer_of(args, ws)
        rows = services.calibration_for(ws, args.role_id, viewer)
        shown = services.left_out(ws, viewer, role_id=args.role_id)
    scope = f"role {args.role_id}" if args.role_id else "every role"
    left = f" ({shown.left_out_text})" if shown.left_out_text else ""
    if not rows:
        say(f"No submitted assessments of {scope} yet{left}.")
    else:
        lines = calibration_lines(rows, scope)
        say(lines[0] + left, *lines[1:])
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export": _export, "import": _import, "compare": _compare, "debrief": _debrief, "calibration": _calibration,
}

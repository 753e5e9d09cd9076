"""The command line: the same service functions the window calls.

``assessor`` with no command opens the window; ``--db`` goes before any
command.  Every error a user can cause prints a one-line message to stderr
and exits 1; no traceback is ever shown.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .. import __version__, services
from . import bank_commands, candidate_commands, data_commands, db_commands, decision_commands, key_commands
from .guard import unexpected
from .text import escape, say
from .viewer import add_viewer_option, viewer_of


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 1."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``assessor`` command."""
    parser = _Parser(prog="assessor", description="Structured technical interviews.")
    parser.add_argument("--version", action="version", version=f"assessor {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or SQLAlchemy URL "
                        "(default: $ASSESSOR_DB, else the user's data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    bank_commands.add_parser(sub)

    listing = sub.add_parser("candidates", help="list candidates (a panel: how many submitted, their recommendations)")
    listing.add_argument("--viewer", metavar="NAME", default=None,
                         help="list as this interviewer sees it: while their own assessment is a draft, "
                              "the panel's recommendations are hidden")
    candidate_commands.add_parsers(sub)  # candidate add, candidate resume

    report = sub.add_parser("report", help="export PDF candidate reports")
    report.add_argument("candidate_id", nargs="?", type=int)
    report.add_argument("--all", action="store_true", help="every interviewed candidate, into --out DIR")
    report.add_argument("--out", type=Path, required=True, metavar="FILE_OR_DIR")
    report.add_argument("--template", type=Path, metavar="FILE",
                        help="a team's report template (runs in a sandbox; default: Preferences, else built-in)")
    report.add_argument("--blind", action="store_true",
                        help="without name, email or other identifying fields (the candidate shown as a code)")
    add_viewer_option(report)

    demo = sub.add_parser("demo", help="add sample candidates with complete assessments")
    demo.add_argument("--candidates", type=int, default=6, metavar="N")

    data_commands.add_parsers(sub)
    db_commands.add_parsers(sub)  # db upgrade, db copy
    decision_commands.add_parsers(sub)  # export, import, compare, debrief, calibration
    key_commands.add_parsers(sub)  # key list, key rotate, key revoke
    return parser


def _candidates(args: argparse.Namespace) -> int:
    # The rows are printed as they are read, 1,000 lines a write: memory stays
    # flat at any number of candidates.  The list needs no kit: no bank is read.
    with services.open_workspace(args.db, kits={}) as ws:
        # a role id is never cut (ids run to 64 characters): the column is as wide as the longest id the
        # database's assessments name, and a longer one of a candidate not yet interviewed widens its line
        width = max([20, *(len(r) for r in services.known_roles(ws))])
        lines = [f"{'ID':>6}  {'NAME':<28} {'ROLE':<{width}} {'STATUS':<10} {'RECOMMENDATION':<15} "
                 f"{'LAST INTERVIEW':<16} PANEL\n"]
        labels: dict[object, str] = {None: "-"}  # each recommendation's label, worked out once
        roles: dict[str, str] = {}  # each role id escaped once (a few roles, 100,000 rows)
        for row in services.iter_candidates(ws, viewer=getattr(args, "viewer", None)):
            c, rec, at = row.candidate, row.recommendation, row.last_interview
            label = labels.get(rec) or labels.setdefault(rec, rec.label)
            lines.append(f"{c.id:>6}  {escape(c.name[:28]):<28} {roles.get(c.role_id) or roles.setdefault(c.role_id, escape(c.role_id)):<{width}} "
                         f"{row.status.value if row.status else '-':<10} {label:<15} "
                         f"{at.isoformat(' ', 'minutes') if at else '-':<16} {_panel_text(row)}\n")  # YYYY-MM-DD HH:MM
            if len(lines) >= 1000:
                sys.stdout.write("".join(lines))
                lines.clear()
        sys.stdout.write("".join(lines))
    return 0


def _panel_text(row) -> str:
    """The PANEL column: "-" for one interviewer, else the window's counts
    and, where the viewer may see them, every submitted recommendation:
    "2 of 3 submitted · Yes · No" (see :func:`assessor.domain.overview_status`)."""
    if row.panel is None:
        return "-"
    counts = f"{row.panel.submitted} of {row.panel.interviewers} submitted"
    if row.panel.hidden:
        return f"{counts} · recommendations hidden until you submit"
    shown = " · ".join(r.label for r in row.panel.recommendations)
    return f"{counts} · {shown}" if shown else counts


def _report(args: argparse.Namespace) -> int:
    if args.all == (args.candidate_id is not None):
        raise services.AssessorError("give either a CANDIDATE_ID or --all")
    if args.blind and args.all:
        raise services.AssessorError("--blind writes one candidate's report: give a CANDIDATE_ID")
    with services.open_workspace(args.db) as ws:
        viewer = viewer_of(args, ws)
        if args.all:
            result = services.export_all(ws, args.out, template=args.template, viewer=viewer)
            for cid, message in result.failed:
                say(f"candidate {cid}: {message}", file=sys.stderr)
            left = services.left_out(ws, viewer).drafts_left_out
            say(f"{len(result.written)} report(s) written to {args.out}"
                + (f"; {len(result.left_out)} candidate(s) with nothing submitted left out" if result.left_out else "")
                + (f"; {left} draft(s) of other interviewers left out" if left else ""))
            return 1 if result.failed else 0
        say(services.export_report(ws, args.candidate_id, args.out, args.template, blind=args.blind, viewer=viewer))
    return 0


def _demo(args: argparse.Namespace) -> int:
    if args.candidates < 1:
        raise services.AssessorError("--candidates must be at least 1")
    with services.open_workspace(args.db) as ws:
        added = services.run_demo(ws, args.candidates)
    say(f"{added} demo candidate(s) added")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "bank": bank_commands.run, "candidates": _candidates, "report": _report, "demo": _demo,
    **data_commands.COMMANDS, "db": db_commands.wrap(data_commands.COMMANDS["db"]), **decision_commands.COMMANDS,
    **candidate_commands.COMMANDS, **key_commands.COMMANDS,
}


def main(argv: Sequence[str] | None = None, open_window: Callable[[str | None], int] | None = None) -> int:
    """Run the command in ``argv``; with no command, call ``open_window(db)``.

    Returns the exit status: 0 on success, 1 on a user-facing error.
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) or a usage error (1, printed by _Parser.error)
        return exc.code if isinstance(exc.code, int) else 1
    try:
        if args.command is None:
            if open_window is None:
                say("assessor: no window available; try --help", file=sys.stderr)
                return 1
            return open_window(args.db)
        return COMMANDS[args.command](args)
    except (services.AssessorError, services.UnreadableSnapshotError,
            services.StoredValueError) as exc:  # a snapshot that does not read back, a bad stored value: one line too
        say(f"assessor: {exc}", file=sys.stderr)
        return 1
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the last guard: no user sees a traceback
        return unexpected(exc)

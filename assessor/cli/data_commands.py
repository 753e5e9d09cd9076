"""The commands that look after the data: backups, personal data, the audit trail.

====================================  =========================================
``db backup FILE``                    copy the database to FILE (online backup)
``db restore FILE``                   replace the database with FILE (the
                                      current one is backed up first)
``db check``                          ``PRAGMA integrity_check`` and the audit
                                      trail's hash chain; exit 1 if not ok
``erase CANDIDATE_ID``                every row, response, snapshot and backup
``[--export-dir DIR ...]``            copy of the candidate; lists the exported
                                      reports in DIR for you to delete
``anonymize CANDIDATE_ID``            replace name, email, notes, takeaways;
``anonymize --past-retention``        keep the ratings (or every candidate past
                                      the retention period in Preferences)
``audit [--candidate ID]``            the audit trail, as a table or, with
``[--out FILE.csv] [--as NAME]``      ``--out``, as CSV; never the entries of
                                      another interviewer's draft
====================================  =========================================

They call :mod:`assessor.services` only; no command prints a candidate's
name or notes (only ids), so their output can go into a ticket.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .. import services
from .text import say
from .viewer import add_viewer_option, viewer_of


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``db``, ``erase``, ``anonymize`` and ``audit`` to ``sub``."""
    db = sub.add_parser("db", help="database backups and checks").add_subparsers(
        dest="db_command", required=True, metavar="DB_COMMAND")
    db.add_parser("backup", help="copy the database to FILE").add_argument("file", type=Path, metavar="FILE")
    db.add_parser("restore", help="replace the database with the backup FILE").add_argument(
        "file", type=Path, metavar="FILE")
    db.add_parser("check", help="check the database: SQLite's integrity check and the audit trail's hash chain")

    erase = sub.add_parser("erase", help="erase a candidate everywhere (database and backups)")
    erase.add_argument("candidate_id", type=int, metavar="CANDIDATE_ID")
    erase.add_argument("--export-dir", type=Path, action="append", default=[], metavar="DIR",
                       help="a folder of exported reports to look in (repeatable)")

    anon = sub.add_parser("anonymize", help="replace a candidate's identifying fields, keep the ratings")
    anon.add_argument("candidate_id", type=int, nargs="?", metavar="CANDIDATE_ID")
    anon.add_argument("--past-retention", action="store_true",
                      help="every candidate with no activity for the retention period set in Preferences")
    anon.add_argument("--export-dir", type=Path, action="append", default=[], metavar="DIR")

    audit = sub.add_parser("audit", help="who changed which rating or recommendation, when")
    audit.add_argument("--candidate", type=int, metavar="ID")
    audit.add_argument("--out", type=Path, metavar="FILE.csv", help="write CSV to FILE instead")
    add_viewer_option(audit)


def _db(args: argparse.Namespace) -> int:
    if args.db_command == "backup":
        say(services.backup_database(args.file, args.db))
    elif args.db_command == "restore":
        before = services.restore_database(args.file, args.db)
        say(f"restored from {args.file}" + (f"; the previous database is kept as {before}" if before else ""))
    else:
        problem = services.check_database(args.db)
        say("ok" if problem is None else f"damaged: {problem}")
        return 0 if problem is None else 1
    return 0


def _print_report(report: services.PrivacyReport, what: str) -> None:
    rows = ", ".join(f"{n} {table}" for table, n in report.rows.items() if n)
    say(f"candidate {report.candidate_id} {what}" + (f" ({rows})" if rows else "")
          + f"; {report.backups} backup(s) changed")
    if report.leftovers:
        say("these files may still hold the candidate's data; delete them yourself:")
        for path in report.leftovers:
            say(f"  {path}")


def _erase(args: argparse.Namespace) -> int:
    with services.open_workspace(args.db) as ws:
        _print_report(services.erase_candidate(ws, args.candidate_id, args.export_dir), "erased")
    return 0


def _anonymize(args: argparse.Namespace) -> int:
    if args.past_retention == (args.candidate_id is not None):
        raise services.AssessorError("give either a CANDIDATE_ID or --past-retention")
    with services.open_workspace(args.db) as ws:
        if args.past_retention:
            if ws.prefs.retention_days <= 0:
                raise services.AssessorError("no retention period is set in Preferences")
            done = services.anonymize_past_retention(ws)
            say(f"{len(done)} candidate(s) anonymized" + (": " + ", ".join(map(str, done)) if done else ""))
        else:
            _print_report(services.anonymize_candidate(ws, args.candidate_id, args.export_dir), "anonymized")
    return 0


def _audit(args: argparse.Namespace) -> int:
    with services.open_workspace(args.db) as ws:
        viewer = viewer_of(args, ws)
        shown = services.left_out(ws, viewer, candidate_ids=None if args.candidate is None else [args.candidate])
        if args.out:
            say(services.write_audit_csv(ws, args.out, args.candidate, viewer))
        else:
            say(f"{'TIME (UTC)':<20} {'ACTOR':<20} {'CAND':>6} {'ASSESS':>6} {'ITEM':<24} {'FIELD':<15} FROM -> TO")
        for row in [] if args.out else services.audit_rows(services.audit_trail(ws, args.candidate, viewer)):
            at, actor, cand, assess, item, field, old, new = row
            say(f"{at[:19]:<20} {actor[:20]:<20} {cand:>6} {assess or '-':>6} {(item or '-')[:24]:<24} "
                f"{field:<15} {old or '-'} -> {new or '-'}")
        if shown.left_out_text:
            say(f"(the entries of {shown.left_out_text})")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "db": _db, "erase": _erase, "anonymize": _anonymize, "audit": _audit,
}

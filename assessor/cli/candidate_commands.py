"""The ``candidate`` commands: what the window does for candidates, for scripts.

================================================================  ===========================================
``candidate add NAME --role ROLE [--email E] [--resume FILE]``    add a candidate (with a resume); prints the id
``candidate resume ID FILE``                                      attach or replace the candidate's resume
``candidate resume ID --remove``                                  remove it
================================================================  ===========================================

A resume is a PDF or a UTF-8 text file up to 10 MB (see
:mod:`assessor.services.resume`); a refused file prints one line and exits 1.
Nothing here prints a resume's content.  The services are imported when a
command runs, so the parser costs nothing else.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .text import say


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``candidate add`` and ``candidate resume`` to ``sub``."""
    candidate = sub.add_parser("candidate", help="add a candidate, attach or remove a resume").add_subparsers(
        dest="candidate_command", required=True, metavar="CANDIDATE_COMMAND")
    add = candidate.add_parser("add", help="add a candidate; prints the new id")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--email", default="", metavar="EMAIL")
    add.add_argument("--role", required=True, metavar="ROLE_ID", help="the role's id (see `assessor bank list`)")
    add.add_argument("--resume", type=Path, metavar="FILE", help="a PDF or UTF-8 text resume, up to 10 MB")
    resume = candidate.add_parser("resume", help="attach, replace or remove a candidate's resume")
    resume.add_argument("candidate_id", type=int, metavar="ID")
    resume.add_argument("file", type=Path, nargs="?", metavar="FILE", help="a PDF or UTF-8 text file, up to 10 MB")
    resume.add_argument("--remove", action="store_true", help="remove the candidate's resume")


def _candidate(args: argparse.Namespace) -> int:
    from ..domain.resume import size_text
    from ..services import AssessorError, open_workspace
    from ..services.resume import add_candidate_with_resume, attach_resume, remove_resume

    if args.candidate_command == "add":
        with open_workspace(args.db) as ws:
            candidate = add_candidate_with_resume(ws, args.name, args.email, args.role, args.resume)
        say(f"candidate {candidate.id} added" + (" with a resume" if args.resume else ""))
        return 0
    if args.remove == (args.file is not None):
        raise AssessorError("give either a resume FILE or --remove")
    with open_workspace(args.db) as ws:
        if args.remove:
            removed = remove_resume(ws, args.candidate_id)
            say(f"candidate {args.candidate_id}: " + ("resume removed" if removed else "had no resume"))
        else:
            resume = attach_resume(ws, args.candidate_id, args.file)
            kind = "PDF" if resume.is_pdf else "text"
            say(f"candidate {args.candidate_id}: resume attached ({kind}, {size_text(resume.size)})")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"candidate": _candidate}

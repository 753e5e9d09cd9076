"""``assessor db upgrade`` and ``assessor db copy`` (schema and moving data).

==========================================  ===================================
``db upgrade``                              bring ``--db`` to this Assessor's
                                            schema (a server is never upgraded
                                            at start; a SQLite file is)
``db copy --from URL --to URL``             copy every row into an empty
                                            database (SQLite ↔ PostgreSQL)
==========================================  ===================================

They join the ``db`` command of :mod:`assessor.cli.data_commands`; any
other ``db`` subcommand is passed on to it.  Output names tables and
revisions, never data or passwords.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .. import services
from .text import say


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``upgrade`` and ``copy`` to the ``db`` command already in ``sub``."""
    db_parser = sub.choices["db"]
    db = next(a for a in db_parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    db.add_parser("upgrade", help="upgrade the database schema to this version of Assessor")
    copy = db.add_parser("copy", help="copy every row into an empty database (SQLite or PostgreSQL)")
    copy.add_argument("--from", dest="source", required=True, metavar="PATH_OR_URL")
    copy.add_argument("--to", dest="target", required=True, metavar="PATH_OR_URL")


def wrap(run_db: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The ``db`` command: ``upgrade`` and ``copy`` here, the rest by ``run_db``."""

    def run(args: argparse.Namespace) -> int:
        if args.db_command == "upgrade":
            before, after = services.upgrade_schema(args.db)
            say(f"schema at {after}" + (" (already)" if before == after else f" (was {before or 'empty'})"))
            return 0
        if args.db_command == "copy":
            counts = services.copy_data(args.source, args.target)
            say(", ".join(f"{n} {table}" for table, n in counts.items()) + " copied")
            return 0
        return run_db(args)

    return run

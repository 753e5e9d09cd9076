"""``assessor bank ...``: the question-bank commands.

=============================  ==============================================
``bank list``                  each role with its version and source file,
                               then each bank that failed with its first error
``bank schema [--out FILE]``   the JSON Schema of a bank file, for editors
``bank new ROLE_ID``           a valid, commented file to fill in (in the
``[--out FILE] [--title T]``   user's bank folder unless ``--out`` says where)
``bank validate [PATH...]``    every problem at once as
``[--strict]``                 ``path:line:column: severity: message``;
                               exit 1 on an error (or a warning if --strict)
``bank export ROLE_ID --out``  one role's bank file, to share
``bank import FILE [--force]`` a shared file into the user's bank folder
``bank upgrade FILE...``       rewrite files in the current bank format,
                               keeping their comments and layout
=============================  ==============================================

The commands call :mod:`assessor.services` only; errors a user can cause
raise :class:`~assessor.services.AssessorError`, which ``main`` prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import services
from .text import say


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``bank`` command and its subcommands to ``sub``."""
    parser = sub.add_parser("bank", help="question-bank files: list, schema, new, validate, import, export, upgrade")
    bank = parser.add_subparsers(dest="bank_command", required=True, metavar="BANK_COMMAND")

    bank.add_parser("list", help="each role with its version and file, and each bank that failed")

    schema = bank.add_parser("schema", help="print the JSON Schema of a bank file (for editors)")
    schema.add_argument("--out", type=Path, metavar="FILE", help="write it to FILE instead")

    new = bank.add_parser("new", help="scaffold a valid, commented bank file to fill in")
    new.add_argument("role_id", metavar="ROLE_ID")
    new.add_argument("--out", type=Path, metavar="FILE", help="where (default: your bank folder)")
    new.add_argument("--title", default="", help="the role's title (default: from the id)")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")

    validate = bank.add_parser("validate", help="check bank files (default: every bank folder); "
                               "print path:line:column: severity: message")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")

    export = bank.add_parser("export", help="write one role's bank file, to share")
    export.add_argument("role_id", metavar="ROLE_ID")
    export.add_argument("--out", type=Path, required=True, metavar="FILE_OR_DIR")

    imp = bank.add_parser("import", help="copy a shared bank file into your bank folder")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--force", action="store_true", help="replace your copy of that role")

    upgrade = bank.add_parser("upgrade", help="rewrite bank files in the current format, keeping their comments")
    upgrade.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return parser


def _list(_args: argparse.Namespace) -> int:
    listing = services.list_banks()
    width = max([len(r.role_id) for r in listing.roles] + [7])
    for role in listing.roles:
        over = f"  (overrides {', '.join(str(p) for p in role.overrides)})" if role.overrides else ""
        say(f"{role.role_id:<{width}}  {role.version:<10} {role.path}{over}")
    for path, problems in sorted(listing.failed.items()):
        first = problems[0]
        more = f"  (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        say(f"FAILED {path}: {first.line}:{first.column}: {first.message}{more}")
    if not listing.roles and not listing.failed:
        say("no question banks found in: " + ", ".join(str(f) for f in listing.folders))
    return 1 if listing.failed else 0


def _schema(args: argparse.Namespace) -> int:
    from ..files import write_atomic  # only here: --version and --help import none of it

    text = services.bank_schema()
    if args.out is None:
        print(text, end="")  # the schema: our own JSON text, several lines
        return 0
    try:
        write_atomic(args.out, text, mode=0o644)  # a schema holds no personal data
    except OSError as exc:
        raise services.AssessorError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    say(args.out)
    return 0


def _new(args: argparse.Namespace) -> int:
    path = services.new_bank(args.role_id, args.out, args.title, args.force)
    say(path)
    return 0


def _validate(args: argparse.Namespace) -> int:
    checked, problems = services.validate_banks(args.paths)
    for problem in problems:
        say(problem)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        say(f"valid: {', '.join(str(p) for p in checked)}")
    else:
        say(f"{errors} error(s), {warnings} warning(s)")
    return 1 if errors or (args.strict and warnings) else 0


def _export(args: argparse.Namespace) -> int:
    say(services.export_role(None, args.role_id, args.out))
    return 0


def _import(args: argparse.Namespace) -> int:
    say(services.import_role(None, args.file, replace_existing=args.force))
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    for path in args.files:
        done = services.upgrade_bank(path)
        say(f"{path}: bank format {done.before} → {done.after}" if done.changed
              else f"{path}: already in bank format {done.after}")
    return 0


SUBCOMMANDS = {"list": _list, "schema": _schema, "new": _new, "validate": _validate, "export": _export,
               "import": _import, "upgrade": _upgrade}


def run(args: argparse.Namespace) -> int:
    """Run the ``bank`` subcommand in ``args``; returns the exit status."""
    return SUBCOMMANDS[args.bank_command](args)

"""The ``key`` commands: each person's Ed25519 signing keys (issue 14, item 4).

=====================================================  ==============================================
``key list``                                           every registered key: fingerprint, whose,
                                                       registered by and when, its status
``key rotate [--as NAME]``                             a new key for you; your old one retired (what
                                                       it signed before still verifies)
``key revoke FINGERPRINT [--since TIME] [--reason]``   revoke a key (your own, or as an admin): seals
                                                       it made after TIME no longer verify
=====================================================  ==============================================

Every change is audited.  What the statuses mean: ``docs/security.md``.
Every line goes through :func:`assessor.cli.text.say` (names and reasons
escaped).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime

from .text import say
from .viewer import add_viewer_option, viewer_of


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``key list``, ``key rotate`` and ``key revoke`` to ``sub``."""
    key = sub.add_parser("key", help="signing keys: list, rotate, revoke").add_subparsers(
        dest="key_command", required=True, metavar="KEY_COMMAND")
    key.add_parser("list", help="every registered key with its owner, registration and status")
    rotate = key.add_parser("rotate", help="make a new signing key for you and retire the old one")
    add_viewer_option(rotate)
    revoke = key.add_parser("revoke", help="revoke a key: what it signed after --since no longer verifies")
    revoke.add_argument("fingerprint", metavar="FINGERPRINT", help="as `key list` shows it (8 hex digits or more)")
    revoke.add_argument("--since", metavar="TIME", default=None,
                        help="revoked as of this time (ISO 8601, UTC unless a zone is given; default: now)")
    revoke.add_argument("--reason", default="", metavar="TEXT")
    add_viewer_option(revoke)


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value is not None else "-"


def status_text(key, names: dict[str, str] | None = None) -> str:
    """A key's status in words: "active", "retired 2026-12-02 21:00 UTC
    (rotated to ed25519:1a2b …)", "revoked as of … by Ann"."""
    from ..domain import show_fingerprint

    if key.revoked_at is not None:
        by = (names or {}).get(key.revoked_by, key.revoked_by)
        return (f"revoked as of {_when(key.revoked_at)}" + (f" by {by}" if by else "")
                + (f" ({key.revoked_reason})" if key.revoked_reason else ""))
    if key.retired_at is not None:
        return f"retired {_when(key.retired_at)}" + (
            f" (replaced by {show_fingerprint(key.successor)})" if key.successor else "")
    return "active"


def _since(text: str | None) -> datetime | None:
    from ..services import AssessorError

    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.strip())
        return when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise AssessorError("--since takes a time such as 2026-12-01T09:30 (UTC unless a zone is given)") from None


def _key(args: argparse.Namespace) -> int:
    from ..domain import show_fingerprint
    from ..services import open_workspace
    from ..services.identity import acting_identity
    from ..services.signing_keys import list_keys, revoke_key, rotate_own_key

    with open_workspace(args.db, kits={}) as ws:
        if args.key_command == "list":
            rows = list_keys(ws.store)
            names = {p.id: p.display_name for p in ws.store.identities()}
            if not rows:
                say("no signing keys registered yet")
            for row in rows:
                k = row.key
                say(f"{show_fingerprint(k.fingerprint)}  {row.owner}" + (" (this account holds it)" if row.held else ""),
                    f"    registered by {names.get(k.registered_by, k.registered_by)} at {_when(k.registered_at)}; "
                    f"{status_text(k, names)}")
            return 0
        if args.key_command == "rotate":
            new, retired = rotate_own_key(ws, viewer_of(args, ws))
            me = acting_identity(ws.store, viewer_of(args, ws))
            say(f"new signing key for {me.display_name}: {show_fingerprint(new.fingerprint)}")
            for k, held in retired:
                say(f"retired {show_fingerprint(k.fingerprint)}: what it signed before still verifies" if held else
                    f"retired {show_fingerprint(k.fingerprint)}, which this account did not hold (lost): what it "
                    f"signed before still verifies for others; on your own account it reads not verifiable, "
                    f"as you can no longer tell it from a key slipped in (compare its fingerprint)")
            return 0
        me = acting_identity(ws.store, viewer_of(args, ws))
        key = revoke_key(ws.store, me, args.fingerprint, _since(args.since), args.reason)
        say(f"{show_fingerprint(key.fingerprint)} {status_text(key, {me.id: me.display_name})}: seals it made after "
            f"that no longer verify")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"key": _key}

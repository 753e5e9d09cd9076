"""Who is acting: the operating-system account, and its display names.

On a SQLite file the acting person is the operating-system account
(:func:`os_account`: ``os:<user name>:<uid>``; on Windows the user name
and, through ``win32security`` when installed, the account's SID) with a
display name (Preferences' interviewer name, or the name given with the
CLI's ``--as``).  :func:`acting_identity` turns that pair into an
:class:`~assessor.domain.Identity` stored in the database, by these rules:

* the name is NFKC-normalised with invisible characters removed
  (:func:`assessor.domain.display_name`); a blank name is refused: no
  blank identity ever opens a scorecard;
* a name equal (``casefold``) to one of this account's identities is that
  identity; one equal to a name carried over from before identities
  (migration 0010, no account yet) claims it for this account;
* a name that collides (equal, or confusable by UTS #39:
  :func:`assessor.domain.collides`) with another account's identity is
  refused, and so is a new name that merely looks like an existing one;
* else a new identity is made for this account (one account may act under
  more than one name, e.g. a shared laptop: those names prove nothing
  between them; see ``docs/security.md``).
"""

from __future__ import annotations

import getpass
import os
import sys

from ..domain import Identity, collides, display_name, name_key
from ..store import StoreError
from ..store.mapping import utcnow
from .errors import AssessorError


def os_account() -> str:
    """The stable id of the operating-system account running Assessor:
    ``os:<user name>:<uid>`` (POSIX), ``os:<SID>`` on Windows when
    ``win32security`` is there, else ``os:<user name>``."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = ""
    if sys.platform == "win32":  # pragma: no cover - not run on Linux CI
        try:
            import win32security  # type: ignore[import-not-found]

            sid, _, _ = win32security.LookupAccountName(None, user)
            return f"os:{win32security.ConvertSidToStringSid(sid)}"
        except Exception:  # noqa: BLE001 - no pywin32: the name alone
            return f"os:{user}"
    return f"os:{user}:{os.getuid()}"


class IdentityRefused(AssessorError):
    """The name given belongs to (or looks like) another person's, or is blank."""


def acting_identity(store, name: str) -> Identity:
    """The identity acting as ``name`` from this OS account, made or
    claimed in ``store`` as the module says.  Raises
    :class:`IdentityRefused` for a blank name, another account's name or a
    look-alike, :class:`AssessorError` when the database refuses."""
    account = os_account()
    shown = display_name(name)[:200]
    if not shown:
        raise IdentityRefused("set your name as interviewer first (Preferences, or --as NAME): "
                              "a scorecard is never opened without one")
    key = name_key(shown)
    known = store.identities()
    for person in known:
        if name_key(person.display_name) != key:
            continue
        if person.account == account:
            return person
        if not person.account and store.claim_identity(person.id, account):
            return Identity(person.id, account, person.display_name)
        raise IdentityRefused(f"{shown!r} is another person's name here; you act as the account "
                              f"{account.split(':')[1] if ':' in account else account} and may not write as them")
    for person in known:
        if collides(shown, person.display_name):
            raise IdentityRefused(f"{shown!r} looks like {person.display_name!r}, another name already used here "
                                  f"(letters from another script, or invisible characters): choose another")
    taken = {p.id for p in known}
    new_id = account
    n = 2
    while new_id in taken:
        new_id, n = f"{account}/{n}", n + 1
    try:
        return store.add_identity(Identity(new_id, account, shown), utcnow())
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


def known_viewer(store, name: str) -> "Identity | str":
    """The identity ``name`` names for reading (a panel view, a debrief):
    this account's identity of that name, or ``name`` itself when no one
    has it yet (it owns nothing).  Raises :class:`IdentityRefused` when it
    is another account's name: no one reads as someone else."""
    shown = display_name(name)
    if not shown:
        return name
    account = os_account()
    key = name_key(shown)
    for person in store.identities():
        if name_key(person.display_name) == key:
            if person.account in (account, ""):
                return person
            raise IdentityRefused(f"{shown!r} is another person's name here; you may not read as them")
    return shown

"""The workspace: one open database and the interview kits it can use.

Every operation a user performs starts from a :class:`Workspace`; the window
and the command line each open one and pass it to the functions of
:mod:`assessor.services`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..bank import BankError, load_builtin_kits
from ..domain import Candidate, CandidateOverview, InterviewKit
from ..store import Store, StoreError


class AssessorError(Exception):
    """An operation could not be done; ``str(error)`` is a message for the user."""


@dataclass
class Workspace:
    """An open store plus the interview kits by role id."""

    store: Store
    kits: dict[str, InterviewKit] = field(default_factory=dict)

    def kit(self, role_id: str) -> InterviewKit:
        """The kit of ``role_id``; :class:`AssessorError` if no bank has it."""
        try:
            return self.kits[role_id]
        except KeyError:
            raise AssessorError(f"no interview kit for role {role_id!r}") from None

    def close(self) -> None:
        """Close the database."""
        self.store.close()


def open_workspace(db: str | None = None, kits: dict[str, InterviewKit] | None = None) -> Workspace:
    """Open (creating or upgrading) the database and load the built-in banks.

    ``db`` is a file path or SQLAlchemy URL (default: ``$ASSESSOR_DB``, then
    the user's data folder).  Raises :class:`AssessorError` with a readable
    message when the database or a built-in bank cannot be opened.
    """
    try:
        loaded = kits if kits is not None else load_builtin_kits()
    except BankError as exc:
        raise AssessorError(f"a built-in question bank is invalid:\n{exc}") from exc
    try:
        store = Store(db)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return Workspace(store=store, kits=loaded)


def add_candidate(ws: Workspace, name: str, email: str, role_id: str) -> Candidate:
    """Add a candidate for ``role_id``.

    Raises :class:`AssessorError` when the name is blank or the role unknown.
    Leading and trailing spaces are trimmed.
    """
    name, email = name.strip(), email.strip()
    if not name:
        raise AssessorError("the candidate needs a name")
    ws.kit(role_id)
    return ws.store.add_candidate(name, email, role_id)


def list_candidates(ws: Workspace, search: str = "", limit: int = 500, offset: int = 0) -> list[CandidateOverview]:
    """Up to ``limit`` candidates by name, from row ``offset`` on, with their
    latest assessment, filtered by a case-insensitive substring of name,
    email or role."""
    return ws.store.candidates(search.strip(), limit=limit, offset=offset)

"""The workspace: one open database and the interview kits it can use.

Every operation a user performs starts from a :class:`Workspace`; the window
and the command line each open one and pass it to the functions of
:mod:`assessor.services`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import Candidate, CandidateOverview, InterviewKit
from ..files import remove_leftovers
from ..store import (
    DamagedDatabaseError, Store, StoredValueError, StoreError, UnreadableSnapshotError, newest_good_backup, set_aside,
)
from . import seal_keys  # noqa: F401 - the domain's seal key source, set on import
from . import signing_keys  # noqa: F401 - this account's own keys, for the domain (set on import)
from .errors import AssessorError, DamagedWorkspaceError
from .settings import Preferences, environment, load_preferences, save_preferences

if TYPE_CHECKING:
    from ..bank import Problem

__all__ = ["AssessorError", "DamagedWorkspaceError", "Workspace", "add_candidate", "iter_candidates", "known_roles",
           "clean_partial_exports", "list_candidates", "open_workspace", "readable_snapshots", "update_preferences"]


@contextmanager
def readable_snapshots() -> Iterator[None]:
    """Around an operation that reads assessments (also as a decorator): a
    stored kit snapshot that does not read back
    (:class:`assessor.store.UnreadableSnapshotError`) becomes an
    :class:`AssessorError` with the same message (which kit, which field;
    never candidate data), so a shell shows it like any refusal; so does a
    stored value Assessor cannot show (:class:`assessor.store.StoredValueError`:
    which row, which column)."""
    try:
        yield
    except (UnreadableSnapshotError, StoredValueError) as exc:
        raise AssessorError(str(exc)) from None


@dataclass
class Workspace:
    """An open store plus the interview kits by role id.

    ``sources`` maps a role id to the bank file it came from (empty for kits
    given in code); ``bank_problems`` holds the errors of the bank files
    that did not load (see :mod:`assessor.services.banks`).
    """

    store: Store
    kits: dict[str, InterviewKit] = field(default_factory=dict)
    prefs: Preferences = field(default_factory=Preferences)
    sources: dict[str, Path] = field(default_factory=dict)
    bank_problems: list[Problem] = field(default_factory=list)

    def kit(self, role_id: str) -> InterviewKit:
        """The kit of ``role_id``; :class:`AssessorError` if no bank has it."""
        try:
            return self.kits[role_id]
        except KeyError:
            raise AssessorError(f"no interview kit for role {role_id!r}") from None

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def __enter__(self) -> Workspace:
        """``with open_workspace(db) as ws:`` closes the workspace at the end."""
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_workspace(db: str | None = None, kits: dict[str, InterviewKit] | None = None,
                   prefs: Preferences | None = None) -> Workspace:
    """Open (creating or upgrading) the database and load the question banks.

    ``db`` is a file path or SQLAlchemy URL (default: ``$ASSESSOR_DB``, then
    the user's data folder).  ``kits`` replaces the banks (tests; ``{}`` for
    a command that needs no kit, such as ``assessor candidates``); without
    it every bank folder is loaded (:func:`assessor.services.banks.load_banks`):
    a bank that fails is listed in ``bank_problems``, never an error here.
    ``prefs`` (default: the saved :class:`Preferences`) sets how many
    rotating backups to keep; one is made now, before any upgrade.

    Raises :class:`DamagedWorkspaceError` when the database file is damaged
    (it is set aside first), :class:`AssessorError` with a readable message
    when the database cannot be opened.
    """
    prefs = prefs if prefs is not None else load_preferences()
    if kits is not None:
        loaded, sources, problems = kits, {}, []
    else:
        from .banks import load_banks  # the bank reader and checker only when banks are read (not by `candidates`)

        banks = load_banks(prefs=prefs)
        loaded, sources, problems = banks.kits, banks.sources, banks.problems
    try:
        store = Store(db or environment().db, backup_keep=prefs.backups_keep)
    except DamagedDatabaseError as exc:
        raise _damaged(exc) from exc
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    _clean_partial_files(store, prefs)
    return Workspace(store=store, kits=loaded, sources=sources, bank_problems=problems, prefs=prefs)


def _clean_partial_files(store: Store, prefs: Preferences) -> None:
    """At start: delete the partial files (``.*.part``, older than a
    minute) that a killed export, backup or cache write left in the folders
    Assessor writes to: the database's folder and its backups, the cache
    and config folders, and the export folder of Preferences
    (:func:`clean_partial_exports`)."""
    from platformdirs import user_cache_path, user_config_path

    folders = [user_cache_path("assessor", appauthor=False), user_cache_path("assessor", appauthor=False) / "kits",
               user_config_path("assessor", appauthor=False)]
    if store.path is not None:
        folders += [store.path.parent, store.path.parent / "backups"]
    if prefs.export_folder:
        folders.append(Path(prefs.export_folder))
    clean_partial_exports(folders)


def update_preferences(ws: Workspace, prefs: Preferences) -> Path:
    """Save ``prefs`` (see :func:`~assessor.services.settings.save_preferences`)
    and apply them to the open workspace (new team bank folders are loaded
    at once).  Returns the file written.

    Raises :class:`AssessorError` when the file cannot be written.
    """
    try:
        path = save_preferences(prefs)
    except OSError as exc:
        raise AssessorError(f"the preferences could not be saved: {exc.strerror or exc}") from exc
    folders_changed = prefs.bank_folders != ws.prefs.bank_folders
    ws.prefs = prefs
    ws.store.backup_keep = prefs.backups_keep
    if folders_changed:
        from .banks import load_banks

        banks = load_banks(prefs=prefs)
        ws.kits, ws.sources, ws.bank_problems = banks.kits, banks.sources, banks.problems
    return path


def _damaged(exc: DamagedDatabaseError) -> AssessorError:
    try:
        aside = set_aside(exc.path)
    except StoreError as err:
        return AssessorError(f"{exc}, and it could not be set aside: {err}")
    good = newest_good_backup(exc.path)
    offer = (f"The newest good backup is {good.name}." if good else "There is no good backup to restore.")
    return DamagedWorkspaceError(f"The database file was damaged ({exc.problem}). It was set aside as "
                                 f"{aside.name}, untouched. {offer}", aside, good)


def add_candidate(ws: Workspace, name: str, email: str, role_id: str) -> Candidate:
    """Add a candidate for ``role_id``.

    Raises :class:`AssessorError` when the name is blank or the role unknown.
    Leading and trailing spaces are trimmed.
    """
    name, email = name.strip(), email.strip()
    if not name:
        raise AssessorError("the candidate needs a name")
    ws.kit(role_id)
    try:
        return ws.store.add_candidate(name, email, role_id)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


def list_candidates(ws: Workspace, search: str = "", limit: int = 500, offset: int = 0,
                    after: CandidateOverview | None = None, viewer: str | None = None) -> list[CandidateOverview]:
    """Up to ``limit`` candidates by name, from row ``offset`` on (or after
    the row ``after``: a deep page then costs what the first does), with
    their latest assessment, filtered by a case-insensitive substring of
    name, email or role (under 3 characters: a name prefix; see
    :mod:`assessor.store.search`).  With ``viewer`` each row shows the
    viewer's own assessment, else the latest submitted one: never another
    interviewer's draft, nor their recommendation while the viewer's own
    is a draft (see :meth:`assessor.store.Store.candidates`)."""
    key = (after.candidate.name, after.candidate.id) if after is not None else None
    return ws.store.candidates(search.strip(), limit=limit, offset=offset, after=key, viewer=viewer)


def known_roles(ws: Workspace) -> set[str]:
    """The role ids of every role with a kit in the banks or with
    assessments in the database (a role whose bank is gone keeps its
    stored assessments, so it is still compared and calibrated)."""
    return set(ws.kits) | set(ws.store.role_ids())


def iter_candidates(ws: Workspace, viewer: str | None = None) -> Iterator[CandidateOverview]:
    """Every candidate by name, with their latest assessment and, on a
    panel, the panel's counts and the recommendations ``viewer`` may see
    (all submitted ones without a viewer), one at a time as they are read
    (flat memory at any number of candidates; see
    :meth:`assessor.store.Store.iter_candidates`).  Raises
    :class:`AssessorError` when the database cannot be read."""
    try:
        yield from ws.store.iter_candidates(viewer=viewer)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


def clean_partial_exports(folders: Iterable[Path], older_than: float = 60.0) -> list[Path]:
    """Delete the partial files (``.*.part``) killed exports, backups or
    caches left in ``folders``, those older than ``older_than`` seconds (a
    write under way in another process is not touched); returns those
    deleted.  Never raises (a file that cannot be deleted stays, and
    :func:`assessor.services.privacy.exported_files` lists it)."""
    gone: list[Path] = []
    for folder in folders:
        with suppress(OSError):
            gone += remove_leftovers(Path(folder).expanduser(), older_than=older_than)
    return gone

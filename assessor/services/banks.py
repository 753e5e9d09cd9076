"""Where question banks live, and what the command line and the window ask
of them: list the roles, check files, print the schema, start a new file.

Banks load from an ordered list of folders (:func:`bank_folders`): the
built-in ``question_bank/``, the user's own bank folder, then the team
folders (Preferences' ``bank_folders``, then ``$ASSESSOR_BANK_PATH``:
folders separated by ``os.pathsep``).  A role id
found in a later folder overrides an earlier one; a bank that fails to load
is listed with its errors and never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path

from ..bank import (
    SCHEMA_FILE, BankSet, Problem, builtin_bank_dir, check_paths, json_schema_text, load_folders, new_bank_text,
    write_atomic,
)
from .errors import AssessorError
from .settings import ENV_BANK_PATH, Preferences, environment, load_preferences



def user_bank_dir() -> Path:
    """The user's own bank folder, ``<user data folder>/banks`` (e.g.
    ``~/.local/share/assessor/banks``); the editor saves there."""
    return user_data_path("assessor", appauthor=False) / "banks"


def _preference_folders(prefs: Preferences | None = None) -> list[Path]:
    """Team folders set in Preferences (``prefs.bank_folders``; without
    ``prefs``, the saved file's: an unreadable file gives the defaults, so
    it never stops the banks loading)."""
    prefs = prefs if prefs is not None else load_preferences()
    return [Path(f).expanduser() for f in prefs.bank_folders if f.strip()]


def team_bank_folders(prefs: Preferences | None = None) -> list[Path]:
    """The team folders, in order: Preferences (``prefs``, else the saved
    ones), then ``$ASSESSOR_BANK_PATH`` (:func:`~assessor.services.settings.environment`)."""
    return _preference_folders(prefs) + list(environment().bank_path)


def bank_folders(prefs: Preferences | None = None) -> list[Path]:
    """Every bank folder in load order: built-in, the user's, the team's
    (of ``prefs``, else of the saved preferences)."""
    folders: list[Path] = []
    for folder in [builtin_bank_dir(), user_bank_dir(), *team_bank_folders(prefs)]:
        if folder not in folders:
            folders.append(folder)
    return folders


def load_banks(folders: list[Path] | None = None, prefs: Preferences | None = None) -> BankSet:
    """The kits of ``folders`` (default :func:`bank_folders` of ``prefs``,
    the preferences in use; without them, the saved ones), their source
    files and the problems of the files that fail.  Never raises."""
    return load_folders(bank_folders(prefs) if folders is None else folders)


def validate_banks(paths: list[Path] | None = None) -> tuple[list[Path], list[Problem]]:
    """Check bank files or folders; with no paths, every bank folder that exists.

    Returns (the paths checked, every problem found, errors and warnings,
    each printable as ``path:line:column: severity: message``).  Never
    raises for a bad file.
    """
    checked = list(paths) if paths else [f for f in bank_folders() if f.exists()]
    return checked, check_paths(checked)


@dataclass(frozen=True)
class RoleEntry:
    """One role of ``assessor bank list``: its kit's identity, the file it
    came from, and the files it overrides (earlier folders)."""

    role_id: str
    title: str
    version: str
    path: Path
    overrides: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class BankListing:
    """The roles that load, by role id, and each failed file with its problems."""

    roles: list[RoleEntry]
    failed: dict[str, list[Problem]]
    folders: list[Path]


def list_banks(folders: list[Path] | None = None) -> BankListing:
    """Every role of the bank folders with its version and source file, and
    every bank file that failed with its problems (first one first)."""
    folders = bank_folders() if folders is None else folders
    banks = load_folders(folders)
    roles = [RoleEntry(r, k.title, k.version, banks.sources[r], banks.overridden.get(r, []))
             for r, k in sorted(banks.kits.items())]
    return BankListing(roles, banks.failed_files(), folders)


def bank_schema() -> str:
    """The JSON Schema of a bank file (for editors), as JSON text."""
    return json_schema_text()


def new_bank(role_id: str, out: Path | None = None, title: str = "", force: bool = False) -> Path:
    """Write a new, valid, commented bank file for ``role_id`` to ``out``
    (default: ``<user bank folder>/<role_id>.yaml``) and the JSON Schema
    beside it (``assessor-bank.schema.json``, unless one is there).

    Raises :class:`AssessorError` for a bad role id, or when the file
    exists and ``force`` is false, or cannot be written.
    """
    target = Path(out) if out else user_bank_dir() / f"{role_id}.yaml"
    if target.exists() and not force:
        raise AssessorError(f"{target} exists already (use --force to replace it)")
    try:
        text = new_bank_text(role_id, title, file_hint=str(target))
    except ValueError as exc:
        raise AssessorError(str(exc)) from None
    try:
        write_atomic(target, text)
        schema = target.parent / SCHEMA_FILE
        if not schema.exists():
            write_atomic(schema, json_schema_text())
    except OSError as exc:
        raise AssessorError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target

"""Services: the operations a user performs, as plain functions.

The window (:mod:`assessor.gui`) and the command line (:mod:`assessor.cli`)
call these and nothing below them.  Every failure a user can cause raises
:class:`AssessorError` (:mod:`.errors`) with a message fit to show.

The names below are re-exported lazily (PEP 562 module ``__getattr__``):
``from assessor.services import list_candidates`` imports
:mod:`.workspace` and what it needs, not every service, so a command
imports only what it uses and ``assessor --version`` imports none
(``docs/performance.md``).  Each name is listed once, with its module.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, tuple[str, ...]] = {
    "errors": ("AssessorError", "DamagedWorkspaceError"),
    "workspace": ("StoredValueError", "UnreadableSnapshotError", "Workspace", "add_candidate", "clean_partial_exports", "iter_candidates", "known_roles",
                  "list_candidates", "open_workspace", "update_preferences"),
    "bank_editing": ("Issue", "RoleDocument", "bank_changed", "carry_on_with_current_kit", "check_role",
                     "duplicate_role", "export_role", "import_role", "next_version", "open_role", "open_role_file",
                     "reload_banks", "renumber_anchors", "save_role", "Upgraded", "upgrade_bank"),
    "banks": ("ENV_BANK_PATH", "BankListing", "RoleEntry", "bank_folders", "bank_schema", "list_banks", "load_banks",
              "new_bank", "user_bank_dir", "validate_banks"),
    "audit": ("audit_rows", "audit_trail", "write_audit_csv"),
    "backups": ("backup_database", "backup_workspace", "backups", "check_database", "database_file", "newest_backup",
                "note_sound_database", "restore_database"),
    "database": ("copy_data", "upgrade_schema"),
    "demo": ("run_demo",),
    "exchange": ("ImportReport", "export_csv", "export_json", "import_json"),
    "export": ("NothingSubmitted", "export_comparison", "export_report", "report_filename"),
    "panel": ("ScoresHidden", "Shown", "calibration_for", "debrief_for", "left_out", "seal_status", "shown_to"),
    "batch": ("export_all",),
    "interview": ("ASSESSMENT_ITEM", "ConflictingChange", "Interview", "UnsavedError", "item_name", "load_assessment",
                  "open_interview"),
    "privacy": ("PrivacyReport", "anonymize_candidate", "anonymize_past_retention", "erase_candidate",
                "exported_files", "past_retention"),
    "settings": ("Preferences", "load_preferences", "preferences_path", "save_preferences"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

_SUBMODULES = frozenset(_EXPORTS)

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    """Import the service module that defines ``name`` on first use."""
    module = _MODULE_OF.get(name)
    if module is None:
        if name in _SUBMODULES:  # ``services.exchange`` after ``import assessor.services``
            return import_module(f".{name}", __name__)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Services(ModuleType):
    """This package's module type: importing a submodule that has the name
    of a function it exports (``services.backups``, the module of
    ``backups()``) leaves the package's ``backups`` the function, as when
    every name was imported eagerly."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _MODULE_OF and _MODULE_OF[name] == name:
            return  # the import system naming the submodule on its package
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Services


# For type checkers and editors: the same names, imported eagerly.  Never run,
# but PyInstaller reads these import statements too, so the bundle has every
# service module although they are imported by name above (keep the two lists
# alike; tests/cli/test_cli_start.py checks they are).
if TYPE_CHECKING:
    from .audit import audit_rows, audit_trail, write_audit_csv
    from .bank_editing import (
        Issue, RoleDocument, bank_changed, carry_on_with_current_kit, check_role, duplicate_role, export_role,
        import_role, next_version, open_role, open_role_file, reload_banks, renumber_anchors, save_role, Upgraded,
        upgrade_bank,
    )
    from .banks import (
        ENV_BANK_PATH, BankListing, RoleEntry, bank_folders, bank_schema, list_banks, load_banks, new_bank,
        user_bank_dir, validate_banks,
    )
    from .backups import (
        backup_database, backup_workspace, backups, check_database, database_file, newest_backup,
        note_sound_database, restore_database,
    )
    from .batch import export_all
    from .database import copy_data, upgrade_schema
    from .demo import run_demo
    from .errors import AssessorError, DamagedWorkspaceError
    from .exchange import ImportReport, export_csv, export_json, import_json
    from .export import NothingSubmitted, export_comparison, export_report, report_filename
    from .interview import (
        ASSESSMENT_ITEM, ConflictingChange, Interview, UnsavedError, item_name, load_assessment, open_interview,
    )
    from .panel import ScoresHidden, Shown, calibration_for, debrief_for, left_out, seal_status, shown_to
    from .privacy import (
        PrivacyReport, anonymize_candidate, anonymize_past_retention, erase_candidate, exported_files,
        past_retention,
    )
    from .settings import Preferences, load_preferences, preferences_path, save_preferences
    from .workspace import (
        StoredValueError, UnreadableSnapshotError, Workspace, add_candidate, clean_partial_exports, iter_candidates, known_roles, list_candidates,
        open_workspace, update_preferences,
    )

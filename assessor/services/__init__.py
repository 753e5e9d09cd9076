"""Services: the operations a user performs, as plain functions.

The window (:mod:`assessor.gui`) and the command line (:mod:`assessor.cli`)
call these and nothing below them.  Every failure a user can cause raises
:class:`AssessorError` with a message fit to show.
"""

from .bank_editing import (
    Issue, RoleDocument, bank_changed, carry_on_with_current_kit, check_role, duplicate_role, export_role, import_role, next_version,
    open_role, open_role_file, reload_banks, renumber_anchors, save_role,
)
from .banks import (
    ENV_BANK_PATH, BankListing, RoleEntry, bank_folders, bank_schema, list_banks, load_banks, new_bank,
    user_bank_dir, validate_banks,
)
from .audit import audit_rows, audit_trail, write_audit_csv
from .backups import (
    backup_database, backups, check_database, database_file, newest_backup, note_sound_database, restore_database,
)
from .database import copy_data, upgrade_schema
from .demo import run_demo
from .exchange import ImportReport, export_csv, export_json, import_json
from .export import export_all, export_report, report_filename
from .interview import ASSESSMENT_ITEM, ConflictingChange, Interview, UnsavedError, item_name, load_assessment, open_interview
from .privacy import (
    PrivacyReport, anonymize_candidate, anonymize_past_retention, erase_candidate, exported_files, past_retention,
)
from ..store import UnreadableSnapshotError
from .settings import Preferences, load_preferences, preferences_path, save_preferences
from .workspace import (
    AssessorError, DamagedWorkspaceError, Workspace, add_candidate, list_candidates, open_workspace, update_preferences,
)

__all__ = [
    "ASSESSMENT_ITEM", "ConflictingChange", "item_name",
    # reliability and personal data (see docs/reliability.md)
    "DamagedWorkspaceError", "UnreadableSnapshotError", "Preferences", "PrivacyReport", "UnsavedError", "anonymize_candidate",
    "anonymize_past_retention", "audit_rows", "audit_trail", "backup_database", "backups", "check_database",
    "database_file", "erase_candidate", "exported_files", "load_preferences", "newest_backup", "past_retention",
    "note_sound_database", "preferences_path", "restore_database", "save_preferences", "update_preferences",
    "write_audit_csv",
    "AssessorError", "Interview", "Workspace", "add_candidate", "export_all", "export_report",
    "list_candidates", "load_assessment", "open_interview", "open_workspace", "report_filename", "run_demo",
    "validate_banks",
    # assessments out and in as JSON or CSV (see .exchange)
    "ImportReport", "export_csv", "export_json", "import_json",
    # schema upgrades and copies between databases (see .database)
    "copy_data", "upgrade_schema",
    # question banks: folders, checks, editing (see .banks and .bank_editing)
    "ENV_BANK_PATH", "BankListing", "Issue", "RoleDocument", "RoleEntry", "bank_changed", "bank_folders",
    "carry_on_with_current_kit",
    "bank_schema", "check_role", "duplicate_role", "export_role", "import_role", "list_banks", "load_banks",
    "new_bank", "next_version", "open_role", "open_role_file", "reload_banks", "renumber_anchors", "save_role",
    "user_bank_dir",
]

"""The store adapter: SQLAlchemy models, connections and Alembic migrations,
backups and integrity checks of the SQLite file.

The only package of Assessor that speaks SQL.  Use :class:`Store`.
"""

from .audit_chain import verify_database as verify_audit_chain
from .identities import check_key_statuses
from .backup import (
    DamagedDatabaseError, backups_dir, check_and_remember, check_file, check_unless_known_sound, copy_database,
    damaged_files, known_sound, list_backups, newest_good_backup, restore_file, set_aside, sound_record_path,
)
from .bulk import bulk_add
from .trust import APPLICATION_ID, ForeignDatabaseError
from .engine import (
    FAULTS, ConflictError, StoredValueError, StoreError, UnreadableSnapshotError, default_db_path, resolve_url,
    sqlite_path,
)
from .mapping import VERSIONED_FIELDS, utcnow
from .privacy import anonymous_name
from .repository import Store
from .snapshots import read_snapshot

__all__ = [
    "ConflictError", "StoredValueError", "UnreadableSnapshotError", "VERSIONED_FIELDS", "read_snapshot",
    "APPLICATION_ID", "FAULTS", "DamagedDatabaseError", "ForeignDatabaseError", "verify_audit_chain", "check_key_statuses", "Store", "StoreError", "anonymous_name", "backups_dir",
    "bulk_add", "check_file", "copy_database", "damaged_files", "default_db_path", "list_backups",
    "newest_good_backup", "resolve_url", "restore_file", "set_aside", "sqlite_path", "utcnow",
    # the record that lets an unchanged file skip its start-up check (see .backup)
    "check_and_remember", "check_unless_known_sound", "known_sound", "sound_record_path",
]

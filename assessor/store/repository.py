"""The store: every read and write of candidates, assessments and responses.

:class:`Store` is the only object the rest of Assessor uses to reach the
database; it takes and returns domain objects.  Each write is its own
committed transaction, so a rating is durable as soon as the call returns
(autosave: there is no Save button to forget).  A change of a scored answer
writes its audit entry in the same transaction.

A SQLite file is checked (``PRAGMA quick_check``, skipped for a file
unchanged since it last passed one) and backed up before it is upgraded
(when nothing is to be migrated the copy runs on a thread while the caller
goes on, and closing the store waits for it); a write that fails raises :class:`StoreError` with a
``reason`` (disk full, read-only, locked, missing) and drops the pooled
connections, so the next write reconnects once the fault is cleared.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..domain import InterviewKit
from . import backup, schema, trust
from .amendments import AmendmentsMixin
from .assessments import AssessmentsMixin
from .candidates import CandidatesMixin
from .identities import IdentityMixin, KeyStatusMixin
from .engine import (
    FAULTS, READ_ONLY_REASONS, StoreError, classify, fault, make_engine, resolve_url, sqlite_path, writable,
)
from .models import ResponseRow
from .privacy import PrivacyMixin
from .resumes import ResumeMixin


log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_BUSY_MS = 250  # the lock wait of writes after a failed one (retries), see Store._write


class Store(CandidatesMixin, AssessmentsMixin, AmendmentsMixin, PrivacyMixin, ResumeMixin, IdentityMixin,
            KeyStatusMixin):
    """Candidates, assessments and responses in one SQLAlchemy database.

    ``Store(url)`` opens (and creates or upgrades, through Alembic) the
    database at ``url``; see :func:`assessor.store.engine.resolve_url`.
    An existing SQLite file is first checked with ``PRAGMA quick_check``
    (``check``; skipped for a file unchanged since it last passed one, see
    :func:`assessor.store.backup.check_unless_known_sound`) and, with
    ``backup_keep`` > 0, copied into its rotating backups: before an
    upgrade, else on a thread that :meth:`close` waits for (a failed backup
    is logged, not raised: it must not stop work).

    Raises :class:`~assessor.store.backup.DamagedDatabaseError` when the
    file is damaged (it is left untouched), :class:`StoreError` when it
    cannot be opened or upgraded, or when a write is refused.
    """

    def __init__(self, db: str | None = None, *, backup_keep: int = 0, check: bool = True) -> None:
        self.url = resolve_url(db)
        self.path: Path | None = sqlite_path(self.url)
        self.backup_keep = backup_keep
        copying = None  # the start-up backup, when it is made on a thread
        #: why the file is open read-only (a FAULTS key: "readonly", "full"), else None
        self.read_only: str | None = None
        if self.path is not None:  # only Assessor's own file, with its own schema (assessor.store.trust)
            trust.check_sqlite_file(self.path)
        existing = self.path is not None and self.path.is_file() and self.path.stat().st_size > 0
        if existing:
            self.read_only = writable(self.path)
        if existing and self.read_only is None:
            if check:
                # quick_check, skipped only for a file unchanged since it last passed one
                # (see assessor.store.backup.check_unless_known_sound)
                try:
                    problem = backup.check_unless_known_sound(self.path)
                except StoreError as exc:  # a full disk cannot hold the check's side files: read it read-only
                    if self._cannot_write(exc.reason) is None:
                        raise
                    self.read_only, problem = self._cannot_write(exc.reason), None
                if problem is not None:
                    raise backup.DamagedDatabaseError(self.path, problem)
        if existing and self.read_only is None:
            if self.backup_keep > 0 and backup.in_wal_mode(self.path) and schema.sqlite_file_at_head(self.path):
                # Nothing to migrate: the start-up copy is made on a thread while
                # the caller goes on (backup.start_rotating_backup); else here,
                # before any upgrade.
                copying = backup.start_rotating_backup(self.path, self.backup_keep)
            else:
                self.backup_now()
        if self.read_only is None:
            self.engine: Engine = make_engine(self.url)
            if copying is not None:  # close() (engine.dispose) waits for the copy
                from .engine import call_on_dispose

                call_on_dispose(self.engine, copying.join)
            try:
                schema.open_schema(self.engine)
            except schema.SchemaMismatchError:
                self.engine.dispose()
                raise
            except SQLAlchemyError as exc:
                self.engine.dispose()
                self.read_only = self._cannot_write(classify(exc)) if existing else None
                if self.read_only is None:
                    raise fault(exc, "open the database") from exc
        if self.read_only is not None:
            self._open_read_only()
        self._identity = self._file_identity()
        self._faulted = False
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        dialect = self.engine.dialect.name
        self._kits: dict[int, InterviewKit] = {}
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(ResponseRow)
        changes = {k: stmt.excluded[k] for k in ("rating", "flag_state", "checked", "notes", "updated_at")}
        changes["version"] = ResponseRow.version + 1
        # Insert at version 1, or update and bump the version; the checked form
        # updates only the row still at the expected version (a row at another
        # version returns nothing: a conflict).  One statement, one round trip.
        self._upsert = stmt.on_conflict_do_update(index_elements=["assessment_id", "item_id"], set_=changes)
        self._upsert_versioned = stmt.on_conflict_do_update(
            index_elements=["assessment_id", "item_id"], set_=changes,
            where=ResponseRow.version == bindparam("expected_version"),
        ).returning(ResponseRow.version)
        self._upsert_one = self._upsert.returning(ResponseRow.version)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    # -- a file that cannot be written ------------------------------------------

    def _cannot_write(self, reason: str) -> str | None:
        """The reason to open the existing file read-only after a failure of
        ``reason``: ``"readonly"`` or ``"full"`` as they are; a side file that
        could not be made (``"missing"``, ``"io"``) is put down to the file
        system: read-only (:func:`writable`) or full (no free block); else
        ``None`` (a real failure)."""
        if reason in READ_ONLY_REASONS:
            return reason
        if reason not in ("missing", "io") or self.path is None or not self.path.is_file():
            return None
        probed = writable(self.path)
        if probed is not None:
            return probed
        try:
            return "full" if os.statvfs(self.path.parent).f_bavail == 0 else None
        except (OSError, AttributeError):
            return None

    def _open_read_only(self) -> None:
        """Open the existing file read-only (``engine.read_only_uri``): for
        reading commands on a read-only file system or a full disk
        (``docs/reliability.md``, "Read-only file system, full disk").  The
        file must be at this Assessor's schema (it cannot be upgraded);
        every write is refused by :meth:`_guard` with the reason."""
        self.engine = make_engine(self.url, read_only=True)
        head = schema.script_head()
        try:
            with self.engine.connect() as conn:
                stored = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise fault(exc, "open the database") from exc
        if head is not None and stored != [head]:
            self.engine.dispose()
            raise StoreError(f"cannot open the database: {FAULTS[self.read_only or 'readonly']}, and the file is "
                             "at an older schema that cannot be upgraded until it can be written", self.read_only)
        log.info("database opened read-only: %s", self.read_only)

    def _writable_again(self) -> bool:
        """True when a store opened read-only may write now (the file can be
        written and the disk has room again): its connections are reopened
        normally."""
        if self.read_only is None:
            return True
        if self.path is None or self._cannot_write("io") is not None:
            return False
        self.engine.dispose()
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_only = None
        return True

    # -- the file -----------------------------------------------------------

    def _file_identity(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        st = os.stat(self.path)
        return st.st_dev, st.st_ino

    def _check_file(self) -> None:
        """Refuse to write into a database file that is gone (its folder was
        removed or unmounted): SQLite would write into the unlinked file and
        the change would be lost.  A file replaced at the same path (a
        restore) gets fresh connections."""
        if self.path is None:
            return
        try:
            identity = self._file_identity()
        except OSError as exc:
            self.engine.dispose()
            raise StoreError("cannot save the change: the data folder or the database file is missing",
                             "missing") from exc
        if identity != self._identity:
            self.engine.dispose()
            self._identity = identity

    def backup_now(self, note: str = "") -> Path | None:
        """A rotating backup (see :func:`assessor.store.backup.rotating_backup`)
        keeping ``backup_keep``; ``None`` if off, unchanged or failed (logged)."""
        if self.path is None or self.backup_keep < 1:
            return None
        try:
            return backup.rotating_backup(self.path, self.backup_keep, note)
        except StoreError as exc:
            log.warning("backup not made: %s", exc.reason)
            return None

    def _session(self) -> Session:
        return self._sessions()

    def _refuse_if_read_only(self, doing: str) -> None:
        """Raise :class:`StoreError` ("cannot save the change: the database
        file is read-only (the database was opened read-only)", reason
        ``"readonly"`` or ``"full"``) while the store is open read-only and
        the file still cannot be written."""
        if not self._writable_again():
            raise StoreError(f"cannot {doing}: {FAULTS[self.read_only or 'readonly']} "
                             "(the database was opened read-only)", self.read_only or "readonly")

    def _write(self, work: Callable[[Connection], T], doing: str = "save the change") -> T:
        """Run ``work(connection)`` in one committed transaction.

        On failure the pooled connections are dropped (the next write opens
        fresh ones, e.g. after a read-only file became writable) and
        :class:`StoreError` is raised with the fault's ``reason``.  Until a
        write succeeds again, writes wait at most :data:`RETRY_BUSY_MS` for
        another program's lock, so retrying never freezes the window.
        """
        self._refuse_if_read_only(doing)
        self._check_file()
        try:
            with self.engine.begin() as conn:
                if self._faulted and conn.dialect.name == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={RETRY_BUSY_MS}")
                result = work(conn)
        except SQLAlchemyError as exc:
            self._faulted = True
            self.engine.dispose()
            raise fault(exc, doing) from exc
        if self._faulted:
            self._faulted = False
            self.engine.dispose()  # fresh connections get the normal busy timeout
        return result

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """:meth:`_write`'s checks and error handling around a session; a
        store opened read-only refuses with its reason until the file can be
        written again."""
        self._refuse_if_read_only(doing)
        self._check_file()
        try:
            yield
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise fault(exc, doing) from exc

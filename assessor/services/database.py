"""Schema upgrades and copies between databases, for ``assessor db upgrade``
and ``assessor db copy`` (see :mod:`assessor.store.transfer`)."""

from __future__ import annotations

from ..store.engine import StoreError
from ..store.transfer import copy_all, upgrade_database
from .workspace import AssessorError


def upgrade_schema(db: str | None = None) -> tuple[str | None, str]:
    """Upgrade the database ``db`` (path or URL; default ``$ASSESSOR_DB``,
    then the user's file) to this Assessor's schema; returns the revisions
    (before, after).  Raises :class:`AssessorError` when the database is
    newer than this Assessor or refuses."""
    try:
        return upgrade_database(db or environment().db)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc


def copy_data(source: str, target: str) -> dict[str, int]:
    """Copy every row of ``source`` into the empty database ``target``
    (paths or URLs, SQLite or PostgreSQL either way); returns the rows per
    table.  Raises :class:`AssessorError` when the target holds rows, the
    source is not at this Assessor's schema, or a database refuses."""
    try:
        return copy_all(source, target)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc

"""Copy every row of one Assessor database into another (``assessor db copy``).

Between any two SQLAlchemy URLs (SQLite file ↔ PostgreSQL server, in
either direction).  The source must be at this code's schema head (a
SQLite file is upgraded first, as at start; a server is not: run
``assessor db upgrade`` there).  The target is created or upgraded to head
and must hold no rows: the copy never merges.  Every table of the models
is copied in dependency order (parents first), ``CHUNK`` rows per
statement, inside one transaction on the target: all rows or none.
Primary keys are kept, so every reference stays valid; PostgreSQL's id
sequences are then moved past the largest id.  The search index of
migration 0003 is filled by its triggers (SQLite) or is an ordinary index
(PostgreSQL), so nothing else is copied.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, Integer, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from . import schema
from .engine import StoreError, fault, make_engine, resolve_url
from .trust import check_url
from .models import Base

CHUNK = 5000  # rows per INSERT (SQLAlchemy's insertmanyvalues batches them further)


def _require_head(engine: Engine, which: str) -> None:
    current, head = schema.current_revision(engine), schema.head_revision()
    if current != head:
        raise StoreError(f"the {which} database is at schema revision {current}, not {head}: "
                         f"run `assessor --db URL db upgrade` on it first", "schema")


def _fix_sequences(conn: Connection) -> None:
    """Move each PostgreSQL ``id`` sequence past the largest copied id
    (tables keyed by something else, such as ``erased_candidates``, have none)."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not isinstance(table.c.id.type, Integer):
            continue  # identities (a text id), signing_keys (a fingerprint): no sequence
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                          f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


def copy_all(source: str, target: str) -> dict[str, int]:
    """Copy every row from the database ``source`` into ``target`` (paths
    or URLs, see :func:`~assessor.store.engine.resolve_url`); returns rows
    copied per table name.

    Raises :class:`StoreError` when the source is not at head, the target
    already holds rows, or either database refuses (nothing is written to
    the target then).
    """
    src_url, dst_url = resolve_url(source), resolve_url(target)
    if src_url == dst_url:
        raise StoreError("the source and the target are the same database")
    check_url(src_url)  # only Assessor's own files (assessor.store.trust)
    check_url(dst_url)
    src, dst = make_engine(src_url), make_engine(dst_url)
    counts: dict[str, int] = {}
    try:
        if src.dialect.name == "sqlite":
            schema.upgrade(src)
        _require_head(src, "source")
        schema.upgrade_to_head(dst)
        with src.connect() as read, dst.begin() as write:
            for table in Base.metadata.sorted_tables:
                if write.execute(select(func.count()).select_from(table)).scalar_one():
                    raise StoreError(f"the target database already holds {table.name}: copy into an empty one")
            for table in Base.metadata.sorted_tables:
                counts[table.name] = 0
                result = read.execution_options(yield_per=CHUNK).execute(
                    select(table).order_by(*table.primary_key.columns))
                for part in result.mappings().partitions(CHUNK):
                    write.execute(insert(table), [dict(r) for r in part])
                    counts[table.name] += len(part)
            if write.dialect.name == "postgresql":
                _fix_sequences(write)
    except SQLAlchemyError as exc:
        raise fault(exc, "copy the database") from exc
    finally:
        src.dispose()
        dst.dispose()
    return counts


def upgrade_database(db: str | None) -> tuple[str | None, str]:
    """``assessor db upgrade``: bring the database ``db`` (path or URL) to
    this code's head; returns the revisions (before, after), ``before``
    ``None`` for a database that was empty.  Raises
    :class:`~assessor.store.schema.SchemaMismatchError` for a database
    newer than this code, :class:`StoreError` when it refuses."""
    url = resolve_url(db)
    check_url(url)  # only Assessor's own file, before anything is written into it
    engine = make_engine(url)
    try:
        return schema.upgrade_to_head(engine)
    except SQLAlchemyError as exc:
        raise fault(exc, "upgrade the database") from exc
    finally:
        engine.dispose()

"""The audit trail's hash chain and the one path that may remove its rows.

Every ``audit_log`` row carries ``chain_hash``: the SHA-256 (hex) of the
previous row's ``chain_hash`` (64 zeros before the first row) followed by
this row's canonical fields (:func:`canonical_fields`: id, time, actor,
candidate, assessment, item, field, old and new value).  Rows are only ever
appended (:func:`append_audit`), with ids chosen here, under a lock, so the
chain has no forks.  The database refuses ``UPDATE`` and ``DELETE`` of audit
rows with triggers (migration 0007), with one exception: erasing a
candidate (:func:`erase_audit_rows`) first records each removed row's id
and hash in ``audit_erased`` (a tombstone, no personal data), and the
trigger lets a row go only when its tombstone is there and its candidate no
longer exists.  :func:`verify_chain` walks rows and tombstones in id order
and names the first row that changed or went missing.

The chain is keyed by signatures (migration 0010): after each append the
writer's Ed25519 key (:func:`use_head_signer`, set by
:mod:`assessor.services.signing_keys` once the key is registered in this
database) signs the new head (row id and hash) into ``audit_heads``, which
only grows.  :func:`verify_chain` checks every signed head against the
registered key and the chain, so someone with only the database who
rewrites rows and recomputes every hash is caught at the first signed head
after the change.  What still is not caught (truncating the chain back to
an earlier signed head with the triggers dropped, rows after the last
signed head): ``docs/security.md``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..domain.signing import head_form, verify
from .models import AuditErasedRow, AuditHeadRow, AuditRow, SigningKeyRow

GENESIS = "0" * 64
#: the key of the PostgreSQL advisory lock held while appending (any fixed number)
_LOCK_KEY = 7_420_014


def canonical_fields(values: dict) -> bytes:
    """The bytes a row contributes to the chain: compact JSON of ``[id, at,
    actor, candidate_id, assessment_id, item_id, field, old_value,
    new_value]``, ``at`` as naive ISO 8601 with microseconds.  Never change
    this: every stored chain was computed with it."""
    at = values["at"]
    if isinstance(at, datetime):
        at = at.replace(tzinfo=None).isoformat(timespec="microseconds")
    body = [values["id"], at, values["actor"], values["candidate_id"], values["assessment_id"],
            values["item_id"], values["field"], values["old_value"], values["new_value"]]
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def link(previous: str, values: dict) -> str:
    """The ``chain_hash`` of a row with ``values`` after a row whose hash
    is ``previous``: SHA-256 hex of ``previous`` + :func:`canonical_fields`."""
    return hashlib.sha256(previous.encode("ascii") + canonical_fields(values)).hexdigest()


#: signs a head: message bytes -> (key fingerprint, signature hex); see use_head_signer
_head_signer = None


def use_head_signer(signer) -> None:
    """Set the function that signs the audit chain's head after each append
    (``message -> (fingerprint, signature hex)``), or ``None``: heads are
    signed only when the key's fingerprint is registered in the database
    being written."""
    global _head_signer
    _head_signer = signer


def _sign_head(conn: Connection, audit_id: int, chain_hash: str, at: datetime) -> None:
    signer = _head_signer
    if signer is None:
        return
    fingerprint, sign = signer
    if conn.execute(select(SigningKeyRow.fingerprint).where(SigningKeyRow.fingerprint == fingerprint)).first() is None:
        return
    conn.execute(insert(AuditHeadRow).values(audit_id=audit_id, chain_hash=chain_hash, signing_key=fingerprint,
                                             signature=sign(head_form(audit_id, chain_hash)), at=at))


def _last(conn: Connection) -> tuple[int, str]:
    """The id and hash of the newest row, live or erased; ``(0, GENESIS)``."""
    live = conn.execute(select(AuditRow.id, AuditRow.chain_hash).order_by(AuditRow.id.desc()).limit(1)).first()
    gone = conn.execute(select(AuditErasedRow.audit_id, AuditErasedRow.chain_hash)
                        .order_by(AuditErasedRow.audit_id.desc()).limit(1)).first()
    best = max((r for r in (live, gone) if r is not None), key=lambda r: r[0], default=None)
    return (0, GENESIS) if best is None else (best[0], best[1] or GENESIS)


def append_audit(conn: Connection, rows: dict | Iterable[dict]) -> None:
    """Insert audit rows (``audit_log`` column values without ``id``) at
    the end of the chain, in the caller's transaction.  On PostgreSQL a
    transaction-scoped advisory lock orders concurrent writers; on SQLite
    the write lock does (a writer that read an older end cannot commit)."""
    rows = [rows] if isinstance(rows, dict) else list(rows)
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    last_id, previous = _last(conn)
    chained = []
    for values in rows:
        last_id += 1
        row = {**values, "id": last_id}
        previous = row["chain_hash"] = link(previous, row)
        chained.append(row)
    conn.execute(insert(AuditRow), chained)
    _sign_head(conn, last_id, previous, chained[-1]["at"])


def erase_audit_rows(conn: Connection, candidate_id: int, assessment_ids: list[int], now: datetime) -> int:
    """Remove the audit rows of an erased candidate (their ``candidate_id``
    or one of ``assessment_ids``), leaving a tombstone (id, hash, time) for
    each so the chain still verifies.  Call after the candidate's row is
    deleted: the trigger refuses otherwise.  Returns the rows removed."""
    mine = (AuditRow.candidate_id == candidate_id) | AuditRow.assessment_id.in_(assessment_ids)
    rows = conn.execute(select(AuditRow.id, AuditRow.chain_hash).where(mine)).all()
    if not rows:
        return 0
    conn.execute(insert(AuditErasedRow), [{"audit_id": i, "chain_hash": h, "erased_at": now} for i, h in rows])
    return conn.execute(delete(AuditRow).where(mine)).rowcount


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found: ``rows`` live rows checked,
    ``erased`` tombstones passed, and ``problem``, a sentence naming the
    first broken row ("row 42 changed or removed"), or ``None``."""

    rows: int
    erased: int
    problem: str | None
    #: the newest row covered by a signed head that verifies (0: none), and its key
    signed_to: int = 0
    head_key: str | None = None


def verify_chain(conn: Connection, heads: bool = True) -> ChainReport:
    """Recompute the chain over every audit row and tombstone in id order.

    A row whose hash does not match (edited, re-attributed, written without
    a hash, or following a removed row) is reported as the first broken
    one; so is a tombstone whose row is still there, and a gap in the ids
    (a row deleted with the triggers dropped).  With ``heads`` (a database
    at migration 0010 or later) every signed head is checked too."""
    live = conn.execute(select(AuditRow).order_by(AuditRow.id)).mappings()
    gone = {i: h for i, h in conn.execute(select(AuditErasedRow.audit_id, AuditErasedRow.chain_hash))}
    previous, expected_id, count = GENESIS, 1, 0
    for row in live:
        while expected_id in gone and expected_id < row["id"]:
            previous = gone.pop(expected_id)
            expected_id += 1
        if row["id"] in gone:
            return ChainReport(count, 0, f"row {row['id']} is both kept and marked as erased")
        if row["id"] != expected_id:
            return ChainReport(count, 0, f"row {expected_id} changed or removed")
        if row["chain_hash"] != link(previous, dict(row)):
            return ChainReport(count, 0, f"row {row['id']} changed or removed")
        previous, expected_id, count = row["chain_hash"], expected_id + 1, count + 1
    erased = len(conn.execute(select(AuditErasedRow.audit_id)).all())
    while expected_id in gone:
        gone.pop(expected_id)
        expected_id += 1
    if gone:
        return ChainReport(count, erased, f"row {min(gone)} changed or removed")
    report = ChainReport(count, erased, None)
    return _check_heads(conn, report) if heads else report


def _check_heads(conn: Connection, report: ChainReport) -> ChainReport:
    """Check every signed head: its signature against the registered key,
    and its hash against the row (live or erased) it names."""
    hashes = dict(conn.execute(select(AuditRow.id, AuditRow.chain_hash)).all())
    hashes.update(conn.execute(select(AuditErasedRow.audit_id, AuditErasedRow.chain_hash)).all())
    keys = dict(conn.execute(select(SigningKeyRow.fingerprint, SigningKeyRow.public_key)).all())
    signed_to, head_key = 0, None
    for head in conn.execute(select(AuditHeadRow).order_by(AuditHeadRow.id)):
        public = keys.get(head.signing_key)
        if public is None or not verify(public, head_form(head.audit_id, head.chain_hash), head.signature):
            return replace(report, problem=f"the signed head at row {head.audit_id} does not verify")
        if hashes.get(head.audit_id) != head.chain_hash:
            return replace(report, problem=f"row {head.audit_id} or one before it changed after it was signed "
                                           f"(the chain was rewritten)")
        if head.audit_id >= signed_to:
            signed_to, head_key = head.audit_id, head.signing_key
    return replace(report, signed_to=signed_to, head_key=head_key)


def verify_database(url: str) -> ChainReport | None:
    """:func:`verify_chain` on the database at ``url`` (read only); ``None``
    when it has no chain yet (a SQLite file at a revision before 0007: it
    gets one when next opened).  A SQLite file on a read-only file system or
    a full disk is read immutable (``engine.read_only_uri``).  Raises
    :class:`StoreError` when it cannot be read."""
    from .engine import classify, sqlite_path, writable

    file = sqlite_path(url)
    read_only = file is not None and file.is_file() and writable(file) is not None
    try:
        return _verify(url, read_only)
    except SQLAlchemyError as exc:
        if read_only or file is None or not file.is_file() or classify(exc) not in ("io", "full", "missing",
                                                                                    "readonly"):
            raise _fault(exc) from exc
    try:  # the side files of a normal connection could not be made: read it immutable
        return _verify(url, True)
    except SQLAlchemyError as exc:
        raise _fault(exc) from exc


def _fault(exc: BaseException) -> Exception:
    from .engine import fault

    return fault(exc, "check the audit trail")


def _verify(url: str, read_only: bool) -> ChainReport | None:
    from sqlalchemy import inspect

    from .engine import make_engine

    # db check reports a foreign schema itself (trust.schema_problem); it only reads
    engine = make_engine(url, read_only=read_only)
    try:
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("audit_log")} \
                if inspect(conn).has_table("audit_log") else set()
            if "chain_hash" not in columns or not inspect(conn).has_table("audit_erased"):
                return None
            if not inspect(conn).has_table("audit_heads"):
                return verify_chain(conn, heads=False)
            return verify_chain(conn)
    finally:
        engine.dispose()

"""The :class:`~assessor.store.Store` methods of identities and signing
keys (migration 0010): who acts, by a stable id, and the registered Ed25519
public keys that verify their seals.  Key registrations are audited (an
``audit_log`` row, field ``key_registered``, candidate 0) in the same
transaction.  The matching of names (NFKC, confusables) is the caller's
(:mod:`assessor.services.identity`); this module only reads and writes rows."""

from __future__ import annotations

import weakref
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from ..domain import Identity, KeyStatus, RegisteredKey, status_problem, with_standing
from .audit_chain import append_audit
from .models import AuditRow, IdentityRow, KeyStatusRow, SigningKeyRow

#: the audit fields of a key's standing changing (migration 0011)
STATUS_FIELDS = {"retired": "key_retired", "revoked": "key_revoked"}


def _identity(row: IdentityRow) -> Identity:
    return Identity(row.id, row.account or "", row.display_name)


def _key(row: SigningKeyRow) -> RegisteredKey:
    return RegisteredKey(row.fingerprint, row.identity_id, row.public_key, row.registered_by, row.registered_at)


def registered_keys(conn: Connection, fingerprints: set[str]) -> dict[str, RegisteredKey]:
    """The registered keys with these fingerprints, by fingerprint (a
    fingerprint not registered is left out), each with its standing
    (retired, revoked: :func:`assessor.domain.with_standing`) from revision
    0011 on.  Two queries: the keys of the identities these belong to, and
    their status records."""
    wanted = sorted(f for f in fingerprints if f)
    if not wanted:
        return {}
    people = select(SigningKeyRow.identity_id).where(SigningKeyRow.fingerprint.in_(wanted)).scalar_subquery()
    rows = conn.execute(select(SigningKeyRow.fingerprint, SigningKeyRow.identity_id, SigningKeyRow.public_key,
                               SigningKeyRow.registered_by, SigningKeyRow.registered_at)
                        .where(SigningKeyRow.identity_id.in_(people))).all()
    keys = {r[0]: RegisteredKey(*r) for r in rows}
    found = {f: keys[f] for f in wanted if f in keys}
    if not found or not _has_status_table(conn):
        return found
    statuses = key_statuses(conn, set(keys), keys)
    return {f: with_standing(k, statuses, keys) for f, k in found.items()}


_WITH_STATUS: "weakref.WeakSet" = weakref.WeakSet()  # engines seen holding key_status (never dropped)


def _has_status_table(conn: Connection) -> bool:
    """True when the database has ``key_status`` (revision 0011 or later);
    remembered per engine once true (an upgrade only adds it)."""
    from sqlalchemy import inspect

    if conn.engine in _WITH_STATUS:
        return True
    found = inspect(conn).has_table("key_status")
    if found:
        _WITH_STATUS.add(conn.engine)
    return found


_STATUS_COLUMNS = (KeyStatusRow.id, KeyStatusRow.fingerprint, KeyStatusRow.status, KeyStatusRow.at,
                   KeyStatusRow.successor, KeyStatusRow.by_identity, KeyStatusRow.signing_key,
                   KeyStatusRow.signature, KeyStatusRow.old_signature, KeyStatusRow.reason)


def key_statuses(conn: Connection, fingerprints: set[str] | None = None,
                 known: dict[str, RegisteredKey] | None = None) -> dict[str, list[KeyStatus]]:
    """The stored status records (migration 0011) of these keys (every key's
    with ``None``), by fingerprint, oldest first, each with its signer's
    public key and identity (``""`` when the signer is not registered;
    ``known`` keys are not read again)."""
    query = select(*_STATUS_COLUMNS).order_by(KeyStatusRow.id)
    if fingerprints is not None:
        if not fingerprints:
            return {}
        query = query.where(KeyStatusRow.fingerprint.in_(sorted(fingerprints)))
    rows = conn.execute(query).all()
    signers = {f: (k.public_key, k.identity_id) for f, k in (known or {}).items()}
    missing = sorted({r.signing_key for r in rows} - set(signers))
    if missing:  # an admin's key, or a key of another identity
        signers.update({f: (p, i) for f, p, i in conn.execute(select(
            SigningKeyRow.fingerprint, SigningKeyRow.public_key, SigningKeyRow.identity_id)
            .where(SigningKeyRow.fingerprint.in_(missing)))})
    out: dict[str, list[KeyStatus]] = {}
    for r in rows:
        public, identity = signers.get(r.signing_key, ("", ""))
        out.setdefault(r.fingerprint, []).append(KeyStatus(
            r.fingerprint, r.status, r.at, r.successor, r.by_identity, r.signing_key, r.signature,
            r.old_signature, r.reason or "", public, identity, r.id))
    return out


def key_status_problems(conn: Connection) -> list[str]:
    """What ``db check`` says of the key status records: each one that does
    not verify (written in SQL), each without its audit row, and each audit
    row of a status change whose record is gone; ``[]`` when all hold (or
    the database has no such table yet)."""
    if not _has_status_table(conn):
        return []
    keys = {r.fingerprint: RegisteredKey(r.fingerprint, r.identity_id, r.public_key)
            for r in conn.execute(select(SigningKeyRow))}
    problems: list[str] = []
    audited = {(f, v) for f, v in conn.execute(select(AuditRow.field, AuditRow.new_value).where(
        AuditRow.field.in_(sorted(STATUS_FIELDS.values()))))}
    seen: set[tuple[str, str]] = set()
    for fingerprint, records in key_statuses(conn).items():
        for r in records:
            why = status_problem(r, keys.get(fingerprint))
            field = STATUS_FIELDS.get(r.status, "")
            seen.add((field, fingerprint))
            if why is not None:
                problems.append(f"key status row {r.row_id} ({r.status} key {fingerprint[:8]}) {why}")
            elif (field, fingerprint) not in audited:
                problems.append(f"key status row {r.row_id} ({r.status} key {fingerprint[:8]}) has no audit row "
                                f"(written in the database, not by Assessor)")
    for field, fingerprint in sorted(audited - seen):
        problems.append(f"the audit trail says key {(fingerprint or '')[:8]} was {field.removeprefix('key_')}, "
                        f"but that record is gone")
    return problems


class IdentityMixin:
    """Identities and keys in the store; uses the store's ``_write`` and ``_session``."""

    def identities(self) -> list[Identity]:
        """Every identity, oldest first."""
        with self._session() as s:
            return [_identity(r) for r in s.scalars(select(IdentityRow).order_by(IdentityRow.created_at,
                                                                                  IdentityRow.id))]

    def add_identity(self, identity: Identity, now: datetime) -> Identity:
        """Store a new identity; returns it.  Raises :class:`StoreError`
        when the database refuses (e.g. the id is taken)."""
        self._write(lambda conn: conn.execute(insert(IdentityRow).values(
            id=identity.id, account=identity.account, display_name=identity.display_name[:200], created_at=now)),
            "add the identity")
        return identity

    def claim_identity(self, identity_id: str, account: str) -> bool:
        """Give an unclaimed identity (carried over from before, no account)
        to ``account``; False when another account claimed it first."""
        return bool(self._write(lambda conn: conn.execute(update(IdentityRow).where(
            IdentityRow.id == identity_id, IdentityRow.account == "").values(account=account)).rowcount,
            "claim the identity"))

    def keys_of(self, identity_id: str) -> list[RegisteredKey]:
        """The keys registered to ``identity_id``, oldest first."""
        with self._session() as s:
            return [_key(r) for r in s.scalars(select(SigningKeyRow).where(SigningKeyRow.identity_id == identity_id)
                                               .order_by(SigningKeyRow.registered_at))]

    def registered_key(self, fingerprint: str) -> RegisteredKey | None:
        """The registered key with ``fingerprint``, or ``None``."""
        with self.engine.connect() as conn:
            return registered_keys(conn, {fingerprint}).get(fingerprint)

    def register_key(self, key: RegisteredKey, proof: str, actor: str) -> bool:
        """Register a public key (no change when its fingerprint is there
        already) with an audit row naming ``actor`` (a display name), in one
        transaction.  Returns True when it was added."""

        def work(conn: Connection) -> bool:
            if registered_keys(conn, {key.fingerprint}):
                return False
            conn.execute(insert(SigningKeyRow).values(
                fingerprint=key.fingerprint, identity_id=key.identity_id, public_key=key.public_key,
                registered_by=key.registered_by, registered_at=key.registered_at, proof=proof))
            append_audit(conn, {"at": key.registered_at, "actor": actor[:200], "candidate_id": 0,
                                "assessment_id": None, "item_id": None, "field": "key_registered",
                                "old_value": None, "new_value": key.fingerprint})
            return True

        return self._write(work, "register the signing key")


class KeyStatusMixin:
    """Retiring and revoking keys (migration 0011); uses the store's ``_write`` and ``engine``."""

    def all_keys(self) -> list[RegisteredKey]:
        """Every registered key with its standing, oldest first."""
        with self.engine.connect() as conn:
            fingerprints = {f for (f,) in conn.execute(select(SigningKeyRow.fingerprint))}
            keys = registered_keys(conn, fingerprints)
        return sorted(keys.values(), key=lambda k: (k.registered_at or datetime.min, k.fingerprint))

    def change_key_status(self, records: list[KeyStatus], actor: str, now: datetime,
                          new_key: tuple[RegisteredKey, str] | None = None) -> None:
        """Store ``records`` (retirements or revocations, signed by the
        caller), each with its audit row naming ``actor``; with ``new_key``
        (the key and its registration proof) register that key first, in
        the same transaction (a rotation).  Raises :class:`StoreError` when
        the database refuses."""

        def work(conn: Connection) -> None:
            if new_key is not None:
                key, proof = new_key
                conn.execute(insert(SigningKeyRow).values(
                    fingerprint=key.fingerprint, identity_id=key.identity_id, public_key=key.public_key,
                    registered_by=key.registered_by, registered_at=key.registered_at, proof=proof))
                append_audit(conn, {"at": key.registered_at, "actor": actor[:200], "candidate_id": 0,
                                    "assessment_id": None, "item_id": None, "field": "key_registered",
                                    "old_value": None, "new_value": key.fingerprint})
            for record in records:
                conn.execute(insert(KeyStatusRow).values(
                    fingerprint=record.fingerprint, status=record.status, at=record.at,
                    successor=record.successor, by_identity=record.by_identity, signing_key=record.signing_key,
                    signature=record.signature, old_signature=record.old_signature, reason=record.reason[:200],
                    recorded_at=now))
                append_audit(conn, {"at": now, "actor": actor[:200], "candidate_id": 0, "assessment_id": None,
                                    "item_id": None, "field": STATUS_FIELDS[record.status], "old_value": None,
                                    "new_value": record.fingerprint})

        self._write(work, "change the signing key's status")

    def is_superuser(self) -> bool:
        """True on PostgreSQL when the login is a superuser (an admin, who
        may revoke another person's key); False on SQLite."""
        if self.engine.dialect.name != "postgresql":
            return False
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return bool(conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")).scalar())


def check_key_statuses(url: str) -> list[str]:
    """:func:`key_status_problems` of the database at ``url``, read only
    (``db check``); a SQLite file whose side files cannot be made (a full
    disk, a read-only folder) is read immutable, as the audit chain's check
    does.  Raises :class:`StoreError` when it cannot be read."""
    from sqlalchemy.exc import SQLAlchemyError

    from .engine import classify, fault, sqlite_path, writable

    file = sqlite_path(url)
    read_only = file is not None and file.is_file() and writable(file) is not None
    try:
        return _check_statuses(url, read_only)
    except SQLAlchemyError as exc:
        if read_only or file is None or not file.is_file() or classify(exc) not in ("io", "full", "missing",
                                                                                    "readonly"):
            raise fault(exc, "check the signing keys") from exc
    try:
        return _check_statuses(url, True)
    except SQLAlchemyError as exc:
        raise fault(exc, "check the signing keys") from exc


def _check_statuses(url: str, read_only: bool) -> list[str]:
    from .engine import make_engine

    engine = make_engine(url, read_only=read_only)
    try:
        with engine.connect() as conn:
            return key_status_problems(conn)
    finally:
        engine.dispose()

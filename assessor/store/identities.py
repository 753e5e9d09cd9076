"""The :class:`~assessor.store.Store` methods of identities and signing
keys (migration 0010): who acts, by a stable id, and the registered Ed25519
public keys that verify their seals.  Key registrations are audited (an
``audit_log`` row, field ``key_registered``, candidate 0) in the same
transaction.  The matching of names (NFKC, confusables) is the caller's
(:mod:`assessor.services.identity`); this module only reads and writes rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from ..domain import Identity, RegisteredKey
from .audit_chain import append_audit
from .models import IdentityRow, SigningKeyRow


def _identity(row: IdentityRow) -> Identity:
    return Identity(row.id, row.account or "", row.display_name)


def _key(row: SigningKeyRow) -> RegisteredKey:
    return RegisteredKey(row.fingerprint, row.identity_id, row.public_key, row.registered_by, row.registered_at)


def registered_keys(conn: Connection, fingerprints: set[str]) -> dict[str, RegisteredKey]:
    """The registered keys with these fingerprints, by fingerprint (a
    fingerprint not registered is left out)."""
    wanted = sorted(f for f in fingerprints if f)
    if not wanted:
        return {}
    rows = conn.execute(select(SigningKeyRow).where(SigningKeyRow.fingerprint.in_(wanted))).all()
    return {r.fingerprint: RegisteredKey(r.fingerprint, r.identity_id, r.public_key, r.registered_by,
                                         r.registered_at) for r in rows}


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

"""Signed seals: Ed25519 signatures by the interviewer's own key.

A submitted scorecard is signed (:func:`signed_form`: the canonical
scorecard of :func:`assessor.domain.sealing.canonical_form` bound to the
candidate's uid, the assessment's uid, the SHA-256 of the kit snapshot and
the interviewer's identity id) with the interviewer's private key, kept in
their own config folder (:mod:`assessor.services.signing_keys`).  Public keys
are registered in the database (:class:`RegisteredKey`); a seal is intact
only when its signature verifies against a key registered to the
scorecard's own interviewer.  Each amendment is signed by its author and
hash-chained to the seal (:func:`amendment_form`, :func:`chain_link`), so
an amendment inserted, removed or reordered in the database breaks the
chain.  The crypto is the ``cryptography`` package's Ed25519.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


@dataclass(frozen=True)
class RegisteredKey:
    """A public key as registered in the database: its ``fingerprint``
    (:func:`fingerprint_of`), the ``identity_id`` whose key it is, the raw
    32-byte key as 64 hex digits, and who registered it and when (naive UTC)."""

    fingerprint: str
    identity_id: str
    public_key: str
    registered_by: str = ""
    registered_at: datetime | None = None
    #: from the key's verified status records (:func:`with_standing`): when
    #: it was retired (rotated) and to which key, when it was revoked and by whom
    retired_at: datetime | None = None
    successor: str | None = None
    revoked_at: datetime | None = None
    revoked_by: str = ""
    revoked_reason: str = ""
    #: the keys it was rotated to, in order, each rotation signed by the key
    #: it retired (so provably by whoever held it): its holder's later keys
    successors: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``active``, ``retired`` or ``revoked`` (revoked wins)."""
        return "revoked" if self.revoked_at is not None else "retired" if self.retired_at is not None else "active"


def fingerprint_of(public_key: str) -> str:
    """The fingerprint of a raw Ed25519 public key (64 hex digits): the
    first 32 hex digits of SHA-256 over a label and the key, printed in
    reports as ``ed25519:`` and groups of four."""
    return hashlib.sha256(b"assessor ed25519 key\0" + bytes.fromhex(public_key)).hexdigest()[:32]


def show_fingerprint(fingerprint: str) -> str:
    """``ed25519:1a2b 3c4d …`` for reading aloud and comparing."""
    return "ed25519:" + " ".join(fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4))


def verify(public_key: str, message: bytes, signature: str | None) -> bool:
    """True when ``signature`` (128 hex digits) is ``public_key``'s
    Ed25519 signature of ``message``; False for any malformed input."""
    if not signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(bytes.fromhex(signature), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _json(body: object) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def registration_form(fingerprint: str, identity_id: str, registered_by: str, registered_at: datetime) -> bytes:
    """What a key signs when it is registered (its proof of possession)."""
    return _json({"form": "assessor key registration 1", "fingerprint": fingerprint, "identity": identity_id,
                  "by": registered_by, "at": registered_at.isoformat(timespec="microseconds")})


def head_form(audit_id: int, chain_hash: str) -> bytes:
    """What a signed checkpoint of the audit chain covers: the head row's id and hash."""
    return _json({"form": "assessor audit head 1", "audit_id": audit_id, "chain_hash": chain_hash})


def chain_link(previous: str, form: bytes) -> str:
    """SHA-256 hex of ``previous`` (hex) followed by ``form``: the next link."""
    return hashlib.sha256(previous.encode("ascii") + form).hexdigest()


def seal_link(signature: str) -> str:
    """The link the first amendment chains to: SHA-256 hex of the seal's signature."""
    return hashlib.sha256(signature.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class KeyStatus:
    """A stored change of a key's standing (migration 0011), with the
    public key and identity of the registered key that signed it (``""``
    when that key is not registered).  ``status`` is ``retired`` or ``revoked``."""

    fingerprint: str
    status: str
    at: datetime
    successor: str | None
    by_identity: str
    signing_key: str
    signature: str
    old_signature: str | None
    reason: str = ""
    signer_public: str = ""
    signer_identity: str = ""
    row_id: int = 0


def status_form(fingerprint: str, status: str, at: datetime, successor: str | None, by_identity: str,
                reason: str) -> bytes:
    """What a change of a key's standing is signed over (by the signing key,
    and for a rotation by the retired key too)."""
    return _json({"form": "assessor key status 1", "fingerprint": fingerprint, "status": status,
                  "at": at.isoformat(timespec="microseconds"), "successor": successor, "by": by_identity,
                  "reason": reason})


def status_problem(record: KeyStatus, key: RegisteredKey | None) -> str | None:
    """``None`` when ``record`` is a valid change of ``key``'s standing,
    else why not.  Valid: signed by a registered key over
    :func:`status_form`; a retirement signed by its ``successor``, a key of
    the same identity, and, when ``old_signature`` is there, by the retired
    key itself; a revocation signed by a key of the same identity or by
    another registered person's (an admin's: who may is the service's rule,
    ``assessor key revoke``).  Each record and key is checked once
    per process (cached)."""
    return _status_problem(record, key.fingerprint if key else "", key.identity_id if key else "",
                           key.public_key if key else "")


@lru_cache(maxsize=4096)
def _status_problem(record: KeyStatus, fingerprint: str, identity_id: str, public_key: str) -> str | None:
    """:func:`status_problem` on the key's fields (hashable, so cached)."""
    if not fingerprint or fingerprint != record.fingerprint:
        return "names a key that is not registered"
    if record.status not in ("retired", "revoked"):
        return f"has an unknown status {record.status[:20]!r}"
    if not record.signer_public:
        return "is signed by a key that is not registered"
    form = status_form(record.fingerprint, record.status, record.at, record.successor, record.by_identity,
                       record.reason)
    if not verify(record.signer_public, form, record.signature):
        return "does not verify (written in the database, not by its key's owner)"
    if record.status == "retired":
        if record.signer_identity != identity_id or record.successor != record.signing_key:
            return "is not signed by the key that replaced it"
        if record.old_signature is not None and not verify(public_key, form, record.old_signature):
            return "carries a signature of the retired key that does not verify"
    return None


def with_standing(key: RegisteredKey, statuses: dict[str, list[KeyStatus]],
                  keys: dict[str, RegisteredKey]) -> RegisteredKey:
    """``key`` with the standing its valid status records give it (invalid
    ones, see :func:`status_problem`, are ignored; the earliest retirement
    and revocation count).  ``statuses`` and ``keys`` hold the records and
    keys of its identity, by fingerprint, so that
    :attr:`RegisteredKey.successors` follows rotations each signed by the
    key it retired."""

    def valid(fingerprint: str) -> list[KeyStatus]:
        own = keys.get(fingerprint) or (key if fingerprint == key.fingerprint else None)
        return sorted((r for r in statuses.get(fingerprint, []) if status_problem(r, own) is None),
                      key=lambda r: (r.at, r.row_id))

    mine = valid(key.fingerprint)
    retired = next((r for r in mine if r.status == "retired"), None)
    revoked = next((r for r in mine if r.status == "revoked"), None)
    chain: list[str] = []
    step = retired
    while step is not None and step.old_signature and step.successor and step.successor not in chain \
            and step.successor != key.fingerprint:
        chain.append(step.successor)
        step = next((r for r in valid(step.successor) if r.status == "retired"), None)
    return replace(key, retired_at=retired.at if retired else None, successor=retired.successor if retired else None,
                   revoked_at=revoked.at if revoked else None, revoked_by=revoked.by_identity if revoked else "",
                   revoked_reason=revoked.reason if revoked else "", successors=tuple(chain))

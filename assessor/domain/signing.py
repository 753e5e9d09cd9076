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
from dataclasses import dataclass
from datetime import datetime

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

"""Each person's own Ed25519 signing key, kept in their config folder.

The private key of identity ``I`` is the PEM file
``keys/<SHA-256 of I, 24 hex>.pem`` under platformdirs'
``user_config_path("assessor")`` (e.g. ``~/.config/assessor/keys/``), or
under ``$ASSESSOR_KEY_DIR`` (tests).  It is made on first need, owner-only
(0600) in an owner-only folder, never replaced once there.  Its public key
is registered in the database (:meth:`assessor.store.Store.register_key`,
audited) the first time the person acts there (:func:`ensure_registered`),
and from then on the key signs their seals, their amendments and the audit
chain's head after each of their writes
(:func:`assessor.store.audit_chain.use_head_signer`).

What a key proves, and what it does not (a shared OS account, root on the
laptop): ``docs/security.md``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from platformdirs import user_config_path

from ..domain import RegisteredKey, fingerprint_of
from ..domain.sealing import use_own_keys
from ..domain.signing import registration_form
from ..files import private_folder, write_new
from ..store.audit_chain import use_head_signer
from ..store.mapping import utcnow
from ..environment import environment
from .errors import AssessorError

def key_dir() -> Path:
    """The folder of this account's private keys (``$ASSESSOR_KEY_DIR``
    first, read by :func:`assessor.environment.environment`)."""
    override = environment().key_dir
    if override is not None:
        return override
    return user_config_path("assessor", appauthor=False) / "keys"


def key_path(identity_id: str) -> Path:
    """Where the private key of ``identity_id`` is kept."""
    return key_dir() / (hashlib.sha256(identity_id.encode("utf-8")).hexdigest()[:24] + ".pem")


class PersonalKey:
    """An identity's private key: :attr:`public_key` (64 hex digits),
    :attr:`fingerprint`, :meth:`sign`."""

    def __init__(self, identity_id: str, private: Ed25519PrivateKey) -> None:
        self.identity_id = identity_id
        self._private = private
        raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_key = raw.hex()
        self.fingerprint = fingerprint_of(self.public_key)

    def sign(self, message: bytes) -> str:
        """The Ed25519 signature of ``message``, 128 hex digits."""
        return self._private.sign(message).hex()


_loaded: dict[str, PersonalKey] = {}


def personal_key(identity_id: str) -> PersonalKey:
    """The key of ``identity_id``, made now (0600, exclusively: two
    processes starting at once end with the same key) if there is none.
    Raises :class:`AssessorError` when it cannot be read or written."""
    path = key_path(identity_id)
    try:
        if not path.exists():
            private_folder(path.parent)
            body = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
            write_new(path, body)  # another process made it first: theirs is read below
        data = path.read_bytes()
        cached = _loaded.get(identity_id)
        if cached is not None and cached._pem == data:  # type: ignore[attr-defined]
            return cached
        private = serialization.load_pem_private_key(data, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 key")
    except (OSError, ValueError, TypeError) as exc:
        raise AssessorError(f"cannot read or make your signing key {path} ({exc.__class__.__name__})") from None
    key = PersonalKey(identity_id, private)
    key._pem = data  # type: ignore[attr-defined]
    _loaded[identity_id] = key
    return key


def own_key(identity_id: str) -> tuple[str, str] | None:
    """(fingerprint, public key hex) of the private key this account holds
    for ``identity_id``, ``None`` when it holds none (never makes one)."""
    if not key_path(identity_id).is_file():
        return None
    try:
        key = personal_key(identity_id)
    except AssessorError:
        return None
    return key.fingerprint, key.public_key


use_own_keys(own_key)


def ensure_registered(store, identity_id: str, actor: str) -> PersonalKey:
    """The identity's key, registered in ``store``'s database if it is not
    yet (audited, naming ``actor``), and made the audit chain's head signer.
    Raises :class:`AssessorError` when the key cannot be made or the
    database refuses."""
    from ..store import StoreError

    key = personal_key(identity_id)
    if store.registered_key(key.fingerprint) is None:
        now = utcnow()
        proof = key.sign(registration_form(key.fingerprint, identity_id, identity_id, now))
        try:
            store.register_key(RegisteredKey(key.fingerprint, identity_id, key.public_key, identity_id, now),
                               proof, actor)
        except StoreError as exc:
            raise AssessorError(str(exc)) from exc
    use_head_signer((key.fingerprint, key.sign))
    return key

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
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from platformdirs import user_config_path

from ..domain import KeyStatus, RegisteredKey, fingerprint_of, status_form
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
        raise KeyLost(f"cannot read or make your signing key {path} ({exc.__class__.__name__}); "
                      f"if it is lost or damaged, `assessor key rotate` makes a new one and retires the old") from None
    key = PersonalKey(identity_id, private)
    key._pem = data  # type: ignore[attr-defined]
    _loaded[identity_id] = key
    return key


class KeyLost(AssessorError):
    """This account's private key cannot be read, or is gone while the
    database still has it registered as active; the message offers
    ``assessor key rotate``."""


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

    if not key_path(identity_id).exists():
        registered = store.keys_of(identity_id)
        if registered and any(k.status == "active" for k in _standing(store, registered)):
            raise KeyLost(f"your signing key is not in {key_dir()} (lost, or this is another computer), while "
                          f"the database has one registered for you as active. Run `assessor key rotate` "
                          f"to make a new key and retire the old one: what it signed before still verifies for "
                          f"your colleagues")
    key = personal_key(identity_id)
    registered = store.registered_key(key.fingerprint)
    if registered is not None and registered.status != "active":
        when = registered.revoked_at or registered.retired_at
        raise KeyLost(f"your signing key was {registered.status} on {when:%Y-%m-%d %H:%M} UTC (from another "
                      f"computer, or by an admin) and signs nothing new. Run `assessor key rotate` to make a new "
                      f"key")
    if registered is None:
        now = utcnow()
        proof = key.sign(registration_form(key.fingerprint, identity_id, identity_id, now))
        try:
            store.register_key(RegisteredKey(key.fingerprint, identity_id, key.public_key, identity_id, now),
                               proof, actor)
        except StoreError as exc:
            raise AssessorError(str(exc)) from exc
    use_head_signer((key.fingerprint, key.sign))
    return key


def _standing(store, keys: list[RegisteredKey]) -> list[RegisteredKey]:
    """``keys`` with their standing (retired, revoked) from the database."""
    wanted = {k.fingerprint for k in keys}
    return [k for k in store.all_keys() if k.fingerprint in wanted]


@dataclass(frozen=True)
class KeyRow:
    """One line of ``assessor key list``: the key with its standing, the
    display name of its identity and whether this account holds it."""

    key: RegisteredKey
    owner: str
    held: bool


def list_keys(store) -> list[KeyRow]:
    """Every registered key, oldest first, with its owner's display name
    and whether this account holds its private key."""
    names = {p.id: p.display_name for p in store.identities()}
    rows = []
    for key in store.all_keys():
        mine = own_key(key.identity_id)
        rows.append(KeyRow(key, names.get(key.identity_id, key.identity_id), mine is not None
                           and mine[0] == key.fingerprint))
    return rows


def rotate_key(store, identity_id: str, actor: str) -> tuple[PersonalKey, list[tuple[RegisteredKey, bool]]]:
    """Make a new key for ``identity_id``, register it (audited, naming
    ``actor``) and retire every key of theirs still active, as of now, in
    one transaction: (the new key, the keys retired, each with whether this
    account still held it).  A retired key this
    account still holds signs its own retirement too, so its holder's seals
    stay theirs on their own account (:attr:`RegisteredKey.successors`);
    one that is lost is retired by the new key alone.  The private key file
    is replaced only once the database took the change.  Raises
    :class:`AssessorError` when the key cannot be written or the database refuses."""
    from ..store import StoreError

    path = key_path(identity_id)
    try:
        old: PersonalKey | None = personal_key(identity_id) if path.exists() else None
    except AssessorError:
        old = None  # unreadable: as good as lost
    active = [k for k in _standing(store, store.keys_of(identity_id)) if k.status == "active"]
    private = Ed25519PrivateKey.generate()
    new = PersonalKey(identity_id, private)
    body = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    now = utcnow()
    proof = new.sign(registration_form(new.fingerprint, identity_id, identity_id, now))
    records = []
    for key in active:
        form = status_form(key.fingerprint, "retired", now, new.fingerprint, identity_id, "rotated")
        held = old is not None and old.fingerprint == key.fingerprint
        records.append(KeyStatus(key.fingerprint, "retired", now, new.fingerprint, identity_id, new.fingerprint,
                                 new.sign(form), old.sign(form) if held else None, "rotated"))  # type: ignore[union-attr]
    pending = path.with_name(path.stem + ".next.pem")
    try:
        private_folder(path.parent)
        pending.unlink(missing_ok=True)
        write_new(pending, body)
    except OSError as exc:
        raise AssessorError(f"cannot write your new signing key in {path.parent} ({exc.__class__.__name__})") from None
    try:
        use_head_signer((new.fingerprint, new.sign))
        store.change_key_status(records, actor, now,
                                new_key=(RegisteredKey(new.fingerprint, identity_id, new.public_key, identity_id, now),
                                         proof))
    except StoreError as exc:
        pending.unlink(missing_ok=True)
        if old is not None:
            use_head_signer((old.fingerprint, old.sign))
        raise AssessorError(str(exc)) from exc
    try:
        os.replace(pending, path)
    except OSError as exc:
        raise AssessorError(f"the new key is registered but could not replace {path} "
                            f"({exc.__class__.__name__}); it is in {pending}") from None
    _loaded.pop(identity_id, None)
    return personal_key(identity_id), [(k, r.old_signature is not None) for k, r in zip(active, records)]


def find_key(store, text: str) -> RegisteredKey:
    """The registered key ``text`` names: its fingerprint, whole or a
    unique beginning of at least 8 hex digits, with or without
    ``ed25519:`` and spaces.  Raises :class:`AssessorError` otherwise."""
    wanted = text.strip().lower().removeprefix("ed25519:").replace(" ", "")
    if len(wanted) < 8 or any(c not in "0123456789abcdef" for c in wanted):
        raise AssessorError("give the key's fingerprint (at least 8 hex digits, as `assessor key list` shows it)")
    found = [k for k in store.all_keys() if k.fingerprint.startswith(wanted)]
    if len(found) != 1:
        raise AssessorError("no registered key has that fingerprint" if not found
                            else "more than one key begins so: give more of the fingerprint")
    return found[0]


def revoke_key(store, me, fingerprint: str, since: datetime | None = None, reason: str = "") -> RegisteredKey:
    """Revoke the key ``fingerprint`` names (:func:`find_key`) as of
    ``since`` (naive UTC; now when ``None``, never in the future): a seal
    or amendment it made after that no longer verifies ("signed by a
    revoked key"); earlier ones verify and say when it was revoked.
    ``me`` (an :class:`~assessor.domain.Identity`) must own the key, or be
    an admin (a PostgreSQL superuser).  Revoking the key this account signs
    with rotates first (:func:`rotate_key`), so the revocation is signed by
    the new key.  Audited.  Returns the key as revoked.  Raises
    :class:`AssessorError`."""
    from ..store import StoreError

    key = find_key(store, fingerprint)
    now = utcnow()
    at = now if since is None else since
    if at > now:
        raise AssessorError("a key is revoked as of now or an earlier time, never a later one")
    if key.revoked_at is not None:
        raise AssessorError(f"that key was revoked already, as of {key.revoked_at:%Y-%m-%d %H:%M} UTC")
    if key.identity_id != me.id and not store.is_superuser():
        raise AssessorError("only the key's owner or an admin (a PostgreSQL superuser) may revoke it")
    held = own_key(me.id)
    if held is not None and held[0] == key.fingerprint:
        signer, _ = rotate_key(store, me.id, me.display_name)
    else:
        signer = ensure_registered(store, me.id, me.display_name)
    reason = " ".join(reason.split())[:200]
    form = status_form(key.fingerprint, "revoked", at, None, me.id, reason)
    record = KeyStatus(key.fingerprint, "revoked", at, None, me.id, signer.fingerprint, signer.sign(form), None,
                       reason)
    try:
        store.change_key_status([record], me.display_name, now)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return find_key(store, key.fingerprint)


def rotate_own_key(ws, name: str) -> tuple[PersonalKey, list[tuple[RegisteredKey, bool]]]:
    """:func:`rotate_key` for the person acting as ``name`` from this OS
    account (:func:`assessor.services.identity.acting_identity`): what the
    window's "Make a new key" and ``assessor key rotate`` do.  Raises
    :class:`AssessorError` (an :class:`~assessor.services.identity.IdentityRefused`
    for another person's name)."""
    from .identity import acting_identity

    me = acting_identity(ws.store, name or ws.prefs.interviewer)
    return rotate_key(ws.store, me.id, me.display_name)

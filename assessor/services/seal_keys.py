"""This installation's seal key: a secret kept outside the database.

A keyed seal (:func:`assessor.domain.keyed_seal`) is an HMAC-SHA256 with a
32-byte random key kept in a file in the user's data folder
(``seal.key`` under platformdirs' ``user_data_path("assessor")``, e.g.
``~/.local/share/assessor/seal.key``), or at the path in
``$ASSESSOR_SEAL_KEY`` (tests; a team that wants every laptop to check
every seal points it at one shared, protected file).  The file is made on
first use (the first submit), owner-only (0600) in an owner-only folder,
never replaced once there: it holds JSON ``{"assessor_seal_key": 1, "key":
64 hex digits, "created": ISO 8601 UTC}``.  ``created`` is when keyed
seals began here: an unkeyed seal dated after it is not accepted as an
old one (see :func:`assessor.domain.seal_state`).

What the key protects against, and what not: ``docs/reliability.md``.
Importing this module makes it the domain's key source
(:func:`assessor.domain.use_keys`).
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_data_path

from ..domain import key_fingerprint, use_keys
from ..files import private_folder, write_new
from ..environment import ENV_SEAL_KEY
from .settings import environment

#: the environment variable naming another key file (read by :func:`environment`)
ENV = ENV_SEAL_KEY


def key_path() -> Path:
    """Where this installation's seal key is kept (``$ASSESSOR_SEAL_KEY`` first)."""
    override = environment().seal_key
    if override is not None:
        return override
    return user_data_path("assessor", appauthor=False) / "seal.key"


class InstallationKeys:
    """The :class:`assessor.domain.SealKeys` of this installation: the one
    key in :func:`key_path`, read again whenever the file changes."""

    def __init__(self) -> None:
        self._cache: tuple[tuple, bytes, datetime] | None = None

    def _load(self) -> tuple[bytes, datetime] | None:
        """(key, created) from the file; ``None`` if there is none.  Raises
        ``OSError`` for a file that cannot be read or is not a key file."""
        path = key_path()
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        stamp = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
        if self._cache is not None and self._cache[0] == stamp:
            return self._cache[1], self._cache[2]
        try:
            data = json.loads(path.read_text(encoding="ascii"))
            key = bytes.fromhex(data["key"])
            created = datetime.fromisoformat(data["created"]).replace(tzinfo=None)
            if data.get("assessor_seal_key") != 1 or len(key) != 32:
                raise ValueError("not a version 1 key of 32 bytes")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
            raise OSError(f"{path} is not an Assessor seal key ({exc.__class__.__name__})") from None
        self._cache = (stamp, key, created)
        return key, created

    def signing_key(self) -> bytes:
        """The key, made now if there is none (exclusive: two processes
        starting at once end with the same key).  Raises ``OSError``."""
        found = self._load()
        if found is not None:
            return found[0]
        path = key_path()
        private_folder(path.parent)
        body = json.dumps({"assessor_seal_key": 1, "key": secrets.token_bytes(32).hex(),
                           "created": datetime.now(UTC).isoformat(timespec="microseconds")})
        write_new(path, body.encode("ascii"))  # another process made it first: theirs is read below
        found = self._load()
        if found is None:  # pragma: no cover - removed at once by someone else
            raise OSError(f"the seal key {path} vanished as it was made")
        return found[0]

    def key(self, fingerprint: str) -> bytes | None:
        """The key if its fingerprint is ``fingerprint``; ``None`` otherwise
        or when the file cannot be read (the seal is then not verifiable here)."""
        try:
            found = self._load()
        except OSError:
            return None
        return found[0] if found is not None and key_fingerprint(found[0]) == fingerprint else None

    def created(self) -> datetime | None:
        """When the key was made (naive UTC); ``None`` when there is none or it cannot be read."""
        try:
            found = self._load()
        except OSError:
            return None
        return found[1] if found is not None else None

    def fingerprint(self) -> str | None:
        """The key's fingerprint, ``None`` when there is none (never makes one)."""
        try:
            found = self._load()
        except OSError:
            return None
        return key_fingerprint(found[0]) if found is not None else None


#: the one instance, the domain's key source
KEYS = InstallationKeys()
use_keys(KEYS)

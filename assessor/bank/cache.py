"""A cache of validated kits, so start-up skips YAML it has already checked.

Parsing a bank with ruamel.yaml's pure-Python round-trip parser (which keeps
the line and column of every value for error messages) and checking every
rule takes a few hundred milliseconds a file; a kit that passed is stored as
JSON under the user's cache folder (platformdirs, e.g. ``~/.cache/assessor/
kits``), keyed by a SHA-256 of the file's bytes and of the loader's own code,
so editing either misses the cache.  Only files with no problems at all are
cached.  The file's size is read from the file system (``fstat`` of the open
file) before any byte is read: a file above
:data:`~assessor.bank.reading.MAX_FILE_BYTES` (a 2 GB sparse file, say) is
neither read nor hashed; the reader reports it with its size, and at most
that many bytes are ever read (``docs/security.md``, "Oversized banks").  A cache that cannot be read or written is ignored: the file is
simply parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

from platformdirs import user_cache_path
from pydantic import ValidationError

from assessor.domain import InterviewKit
from assessor.files import write_atomic

from .reading import MAX_FILE_BYTES

Loaded = tuple[InterviewKit, tuple[int, int], list]


@cache
def _salt() -> bytes:
    """A digest of the code that decides what a valid kit is (this package
    and the domain's kit models); in a frozen bundle, where no source is
    shipped, the bundle's own program file stands for it."""
    digest = hashlib.sha256(b"assessor-kit-cache-1")
    here = Path(__file__).resolve().parent
    bank_sources = sorted(here.glob("*.py"))
    kit_source = here.parent / "domain" / "kit.py"
    if bank_sources and kit_source.is_file():
        for source in [*bank_sources, kit_source]:
            digest.update(source.read_bytes())
    else:
        with suppress(OSError):
            st = Path(sys.executable).stat()
            digest.update(f"{sys.executable}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.digest()


def cache_dir() -> Path:
    """``<user cache folder>/kits``."""
    return user_cache_path("assessor", appauthor=False) / "kits"


def load_cached(path: Path, load: Callable[[Path], Loaded]) -> Loaded:
    """``load(path)``, or the cached result for a file with the same bytes.

    A file larger than :data:`MAX_FILE_BYTES` (by ``fstat``, before any
    read) goes straight to ``load``, which reports its size unread.
    Returns (kit, role_id position, problems); raises what ``load`` raises.
    """
    try:
        data = _read_bounded(Path(path))
    except OSError:
        return load(path)
    if data is None:  # too large: the reader refuses it from its size, unread
        return load(path)
    key = hashlib.sha256(_salt() + data).hexdigest()
    entry = cache_dir() / f"{key}.json"
    with suppress(OSError, ValueError, KeyError, TypeError, ValidationError):
        payload = json.loads(entry.read_text(encoding="utf-8"))
        kit = InterviewKit.model_validate_json(payload["kit"])
        line, col = payload["role_pos"]
        return kit, (int(line), int(col)), []
    kit, role_pos, problems = load(path)
    if not problems:
        _store(entry, json.dumps({"kit": kit.model_dump_json(), "role_pos": list(role_pos)}))
    return kit, role_pos, problems


def _read_bounded(path: Path) -> bytes | None:
    """The bytes of ``path``, or ``None`` when the open file's size (fstat)
    is above :data:`MAX_FILE_BYTES`; never reads more than that many bytes
    plus one, even for a file that grows while read.  Raises ``OSError``."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
            return None
        data = handle.read(MAX_FILE_BYTES + 1)
    return None if len(data) > MAX_FILE_BYTES else data


def _store(entry: Path, text: str) -> None:
    with suppress(OSError):
        write_atomic(entry, text)

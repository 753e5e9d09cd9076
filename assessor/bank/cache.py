"""A cache of validated kits, so start-up skips YAML it has already checked.

Parsing a bank with ruamel.yaml's pure-Python round-trip parser (which keeps
the line and column of every value for error messages) and checking every
rule takes a few hundred milliseconds a file; a kit that passed is stored as
JSON under the user's cache folder (platformdirs, e.g. ``~/.cache/assessor/
kits``), keyed by a SHA-256 of the file's bytes and of the loader's own code,
so editing either misses the cache.  Only files with no problems at all are
cached.  A cache that cannot be read or written is ignored: the file is
simply parsed again.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

from platformdirs import user_cache_path
from pydantic import ValidationError

from assessor.domain import InterviewKit
from assessor.files import write_atomic

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

    Returns (kit, role_id position, problems); raises what ``load`` raises.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
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


def _store(entry: Path, text: str) -> None:
    with suppress(OSError):
        write_atomic(entry, text)

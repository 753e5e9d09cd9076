"""The environment's overrides, read in this one place (issue 18, item 5).

Every variable ``assessor`` honours is named here and read by
:func:`environment`; no other module calls ``os.environ`` or ``getenv``
(``tests/test_environment_read_once.py`` fails on one).  The services see
it as :func:`assessor.services.settings.environment`.  The lowest layer,
importing nothing of ours: the window reads its start-up hooks through it
before any service is loaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: the variables, by what they override
ENV_DB = "ASSESSOR_DB"
ENV_BANK_PATH = "ASSESSOR_BANK_PATH"
ENV_DEBUG = "ASSESSOR_DEBUG"
ENV_SEAL_KEY = "ASSESSOR_SEAL_KEY"
#: the start-up benchmark's hooks (``benchmarks/bench_startup.py``, see :func:`assessor.gui.app.run`)
ENV_SHOWN_FILE = "ASSESSOR_SHOWN_FILE"
ENV_READY_FILE = "ASSESSOR_READY_FILE"
ENV_QUIT_AFTER_MS = "ASSESSOR_QUIT_AFTER_MS"
ENV_KEY_DIR = "ASSESSOR_KEY_DIR"


@dataclass(frozen=True)
class Environment:
    """The environment's overrides: ``db`` (``$ASSESSOR_DB``, the database
    file or URL; ``None`` when unset) and ``bank_path``
    (``$ASSESSOR_BANK_PATH``, more bank folders, :data:`os.pathsep`-separated,
    loaded last), ``debug`` (``$ASSESSOR_DEBUG`` set and not empty: an
    unforeseen error is raised with its traceback), ``seal_key``
    (``$ASSESSOR_SEAL_KEY``, another seal key file; ``None`` when unset),
    ``key_dir`` (``$ASSESSOR_KEY_DIR``, another folder of private signing
    keys; ``None`` when unset), and the start-up benchmark's hooks ``shown_file``, ``ready_file``
    (paths, ``""`` when unset) and ``quit_after_ms`` (``None`` unless a
    whole number)."""

    db: str | None
    bank_path: tuple[Path, ...]
    debug: bool = False
    seal_key: Path | None = None
    shown_file: str = ""
    ready_file: str = ""
    quit_after_ms: int | None = None
    key_dir: Path | None = None


def environment() -> Environment:
    """The overrides set in the environment now: the one place in
    ``assessor`` that reads the environment (a test fails on any other)."""
    env = os.environ
    paths = env.get(ENV_BANK_PATH, "").split(os.pathsep)
    seal_key = env.get(ENV_SEAL_KEY, "").strip()
    quit_after = env.get(ENV_QUIT_AFTER_MS, "").strip()
    key_dir = env.get(ENV_KEY_DIR, "").strip()
    return Environment(db=env.get(ENV_DB) or None,
                       bank_path=tuple(Path(p).expanduser() for p in paths if p.strip()),
                       debug=bool(env.get(ENV_DEBUG)),
                       seal_key=Path(seal_key).expanduser() if seal_key else None,
                       shown_file=env.get(ENV_SHOWN_FILE, ""), ready_file=env.get(ENV_READY_FILE, ""),
                       quit_after_ms=int(quit_after) if quit_after.isdigit() else None,
                       key_dir=Path(key_dir).expanduser() if key_dir else None)




#: set for PyThaiNLP (the report's Thai line breaking) before it is imported
PYTHAINLP_QUIET = {"PYTHAINLP_READ_ONLY": "1", "PYTHAINLP_OFFLINE": "1"}


def quiet_pythainlp() -> None:
    """Keep PyThaiNLP from writing or downloading: it makes
    ``~/pythainlp-data`` when imported and may fetch corpora unless
    ``PYTHAINLP_READ_ONLY`` and ``PYTHAINLP_OFFLINE`` are set
    (:data:`PYTHAINLP_QUIET`); a value already set is kept.  Called by
    :mod:`assessor.report.breaks` before it imports PyThaiNLP."""
    for name, value in PYTHAINLP_QUIET.items():
        os.environ.setdefault(name, value)

"""Shared fixtures: every test gets fresh folders and never touches the user's own."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# One seal key for the session, set before any fixture runs: a module-scoped
# fixture (made before the per-test folders below) never seals with the user's
# own key, and what it sealed still verifies in the module's later tests.
_SEAL_KEY_DIR = tempfile.mkdtemp(prefix="assessor-test-seal-")
SEAL_KEY = os.path.join(_SEAL_KEY_DIR, "keys", "seal.key")
os.environ["ASSESSOR_SEAL_KEY"] = SEAL_KEY


@pytest.fixture(scope="session", autouse=True)
def _seal_key_cleanup():
    """Remove the session's seal key folder at the end."""
    yield
    shutil.rmtree(_SEAL_KEY_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Point the data folders at a temporary directory (napari, Anki do the same)."""
    monkeypatch.setenv("ASSESSOR_SEAL_KEY", SEAL_KEY)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("ASSESSOR_DB", raising=False)
    monkeypatch.delenv("ASSESSOR_BANK_PATH", raising=False)


@pytest.fixture
def ws(tmp_path):
    """A workspace on a fresh SQLite file with the small test kit
    (``tests.kits.small_kit``); a module may define its own ``ws``."""
    from assessor.services import open_workspace
    from tests.kits import small_kit

    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    yield ws
    ws.close()

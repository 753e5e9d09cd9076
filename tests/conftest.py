"""Shared fixtures: every test gets fresh folders and never touches the user's own."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Point the data folders at a temporary directory (napari, Anki do the same)."""
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

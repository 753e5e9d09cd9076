"""Every setting is declared once (assessor/services/settings.py); the
environment is read in one place; the banks load the folders of the
preferences in use, not the file on disk."""

from __future__ import annotations

from pathlib import Path

from assessor.services import Preferences, load_banks, open_workspace, save_preferences
from assessor.services.settings import environment
from tests.kits import small_kit

EDITORS = {"text", "count", "folders", "file", "image", "colour", "choices"}


def test_every_setting_has_a_title_a_description_and_an_editor():
    for name, info in Preferences.model_fields.items():
        ui = info.json_schema_extra
        assert info.title and info.description, name
        assert isinstance(ui, dict) and ui["editor"] in EDITORS and ui["name"], name
        assert ui["tab"] in ("general", "reports", ""), name


def test_the_environment_is_read_in_one_place(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESSOR_DB", str(tmp_path / "env.sqlite3"))
    monkeypatch.setenv("ASSESSOR_BANK_PATH", f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    env = environment()
    assert env.db == str(tmp_path / "env.sqlite3")
    assert env.bank_path == (tmp_path / "a", tmp_path / "b")
    ws = open_workspace(None, kits={"test-role": small_kit()})
    try:
        assert Path(ws.store.path) == tmp_path / "env.sqlite3"
    finally:
        ws.close()


def _team_folder(tmp_path: Path) -> Path:
    from assessor.bank import builtin_bank_dir

    folder = tmp_path / "team"
    folder.mkdir()
    source = next(builtin_bank_dir().glob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    role = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("role_id:"))
    (folder / "team-role.yaml").write_text(text.replace(f"role_id: {role}", "role_id: team-only-role", 1),
                                           encoding="utf-8")
    return folder


def test_load_banks_uses_the_preferences_given_not_the_file(tmp_path):
    folder = _team_folder(tmp_path)
    save_preferences(Preferences())  # the file on disk names no team folder
    assert "team-only-role" in load_banks(prefs=Preferences(bank_folders=[str(folder)])).kits
    assert "team-only-role" not in load_banks().kits  # without them: the saved preferences
    ws = open_workspace(str(tmp_path / "db.sqlite3"), prefs=Preferences(bank_folders=[str(folder)]))
    try:
        assert "team-only-role" in ws.kits
    finally:
        ws.close()

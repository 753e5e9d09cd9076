"""The Preferences dialog is built from the settings' declaration, and
QSettings keeps no setting: what older versions kept there moves into
Preferences once."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from assessor.gui.main_window import MainWindow
from assessor.gui.preferences import PreferencesDialog
from assessor.services import Preferences, load_preferences


def test_each_declared_setting_has_its_editor_with_its_description(qtbot, small_ws):
    dialog = PreferencesDialog(small_ws)
    qtbot.addWidget(dialog)
    shown = 0
    for name, info in Preferences.model_fields.items():
        ui = info.json_schema_extra
        if not ui["tab"]:
            assert dialog.findChild(QWidget, ui["name"]) is None, name  # kept, not shown
            continue
        shown += 1
        if ui["editor"] == "choices":
            assert dialog.findChildren(QWidget, f"{ui['name']}_briefing"), name
            continue
        widget = dialog.findChild(QWidget, ui["name"])
        assert widget is not None, name
        assert widget.toolTip() == (ui.get("tip") or info.description), name
    assert shown == 9
    assert dialog.preferences() == small_ws.prefs  # the dialog shows and gives back every value


def test_old_qsettings_keys_move_into_preferences_once(qtbot, tmp_path, monkeypatch, small_ws):
    old = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    old.setValue("export_dir", str(tmp_path))
    old.setValue("bankNotice/7-abc", "asked")
    monkeypatch.setattr("assessor.gui.main_window.settings", lambda: old)
    window = MainWindow(small_ws, interviewer="Ivo")
    qtbot.addWidget(window)
    assert small_ws.prefs.export_folder == str(tmp_path) == load_preferences().export_folder
    assert small_ws.prefs.bank_changes_seen == ["7-abc"]
    assert old.allKeys() == []  # QSettings keeps no setting now
    window.close()

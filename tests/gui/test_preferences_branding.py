"""Data ▸ Preferences: the interviewer's name and the reports' branding
(company, logo, accent colour, sections) saved, read back from the file and
shown again; a bad logo is refused inline and nothing is saved.  The
preferences file lives under the test's own XDG_CONFIG_HOME (tests/conftest.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton

from assessor.gui import preferences as prefs_module
from assessor.gui.preferences import PreferencesDialog
from assessor.services import Preferences, load_preferences, preferences_path
from assessor.services.settings import REPORT_SECTIONS
from tests.gui.conftest import answer_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def logo(tmp_path):
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    path = tmp_path / "logo.png"
    assert image.save(str(path))
    return path


def test_preferences_file_is_the_test_s_own(tmp_path):
    assert str(preferences_path()).startswith(str(tmp_path))


def test_branding_round_trips_through_the_file(qtbot, window, small_ws, logo, monkeypatch):
    monkeypatch.setattr(prefs_module.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(logo), "Images (*.png *.jpg *.jpeg)")))
    monkeypatch.setattr(prefs_module.QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor("#AA3300")))
    seen = {}

    def fill(dialog: PreferencesDialog) -> None:
        qtbot.keyClicks(dialog.interviewer, "Hana Manager")
        dialog.tabs.setCurrentIndex(1)
        qtbot.keyClicks(dialog.company, "Acme Hiring")
        qtbot.mouseClick(dialog.findChild(QPushButton, "chooseLogo"), Qt.MouseButton.LeftButton)
        seen["thumbnail"] = dialog.logo_preview.pixmap().isNull()
        qtbot.mouseClick(dialog.accent, Qt.MouseButton.LeftButton)
        seen["accent"] = dialog.accent.text()
        for key in ("briefing", "amendments"):
            box = dialog.sections[key]  # a click on the box itself, as a user would
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        dialog.accept()

    answer_modal(fill)
    dialog = window.data_menu.show_preferences()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.saved == preferences_path()
    assert seen == {"thumbnail": False, "accent": "#aa3300"}
    # the briefing starts off (issue 15) and the click switches it on; amendments go off
    expected_sections = [k for k in REPORT_SECTIONS if k != "amendments"]
    saved = load_preferences()
    assert saved == Preferences(interviewer="Hana Manager", company_name="Acme Hiring", logo_path=str(logo),
                                accent_colour="#aa3300", report_sections=expected_sections)
    assert small_ws.prefs == saved  # applied to the open workspace too

    again = PreferencesDialog(small_ws)  # opened again: shows what was saved
    qtbot.addWidget(again)
    assert again.interviewer.text() == "Hana Manager" and again.company.text() == "Acme Hiring"
    assert again.logo.text() == str(logo) and not again.logo_preview.pixmap().isNull()
    assert again.accent_colour() == "#aa3300" and again.accent.text() == "#aa3300"
    assert [k for k, box in again.sections.items() if box.isChecked()] == expected_sections


def test_clearing_the_logo_saves_no_logo(qtbot, small_ws, logo):
    small_ws.prefs = Preferences(logo_path=str(logo), company_name="Kept")
    dialog = PreferencesDialog(small_ws)
    qtbot.addWidget(dialog)
    assert not dialog.logo_preview.pixmap().isNull()
    qtbot.mouseClick(dialog.clear_logo, Qt.MouseButton.LeftButton)
    assert dialog.logo.text() == "" and dialog.logo_preview.text() == "No logo"
    assert not dialog.clear_logo.isEnabled()
    dialog.accept()
    assert load_preferences().logo_path == "" and load_preferences().company_name == "Kept"


@pytest.mark.parametrize("kind", ["missing", "not-an-image"])
def test_a_bad_logo_is_refused_inline_and_nothing_is_saved(qtbot, small_ws, tmp_path, kind):
    path = tmp_path / "logo.png"
    if kind == "not-an-image":
        path.write_text("this is not a picture", encoding="utf-8")
    dialog = PreferencesDialog(small_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.logo.setText(str(path))
    assert dialog.logo_preview.text() in ("No such file", "Not an image")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.saved is None
    assert dialog.error.isVisible()
    assert ("No logo file" if kind == "missing" else "PNG or JPEG") in dialog.error.text()
    assert dialog.tabs.currentIndex() == 1  # the tab holding the logo is shown
    assert not preferences_path().exists()

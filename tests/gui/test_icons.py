"""One icon set, crisp at any scale (issue 17, item 8): the message icons
come from the app's SVG set (Lucide, its licence shipped and named in
About), dialog buttons carry words without old raster icons, and every
icon the stylesheet names exists."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QStyle

from assessor.gui.about import licences_html
from assessor.gui.style import ICONS, STYLESHEET


def test_message_icons_are_vectors_from_the_one_set(qtbot):
    style = QApplication.instance().style()
    for pixmap in (QStyle.StandardPixmap.SP_MessageBoxWarning, QStyle.StandardPixmap.SP_MessageBoxCritical,
                   QStyle.StandardPixmap.SP_MessageBoxInformation, QStyle.StandardPixmap.SP_MessageBoxQuestion):
        icon = style.standardIcon(pixmap)
        for size in (32, 128):  # a raster icon never grows past its own size; a vector one does
            assert icon.pixmap(size, size).width() == size, (pixmap, size)


def test_dialog_buttons_have_words_not_icons(qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert all(b.icon().isNull() for b in box.buttons())


def test_every_icon_named_exists_and_its_licence_ships():
    named = re.findall(r"url\(([^)]+)\)", STYLESHEET)
    assert named and all(open(path, encoding="utf-8").read().lstrip().startswith("<!--") for path in named)
    assert (ICONS / "LICENSE-lucide.txt").read_text().startswith("ISC License")
    assert "Lucide" in licences_html() and "ISC" in licences_html()

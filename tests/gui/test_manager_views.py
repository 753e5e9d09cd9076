"""Manager views read as a recruiter expects (issue 17, item 7): the
comparison keeps the candidate's name in view while its columns scroll,
a heading's sort arrow points the way the order runs (▲ lowest first,
▼ highest first), and the seal and the agreement figure each have a line
in plain words."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from tests.gui.test_amend_dialog import submitted
from tests.gui.test_comparison_window import compared, names_shown  # noqa: F401 - the fixture


def arrow(header, section: int) -> str:
    """Which way the sort arrow drawn in ``section`` of ``header`` points."""
    image = header.grab().toImage()
    right = header.sectionViewportPosition(section) + header.sectionSize(section)
    widths = []
    for y in range(image.height()):
        dark = sum(1 for x in range(max(0, right - 24), right - 2) if image.pixelColor(x, y).lightness() < 190)
        if dark:
            widths.append(dark)
    widths = [w for w in widths if w > 1]  # the section's 1 px divider is not the arrow
    assert len(widths) >= 2, "no sort arrow drawn"
    return "up" if widths[0] < widths[-1] else "down"


def test_the_sort_arrow_points_the_way_the_order_runs(qtbot):
    table = QTableWidget(3, 1)
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(["Overall"])
    for row in range(3):
        table.setItem(row, 0, QTableWidgetItem(str(row)))
    table.setSortingEnabled(True)
    table.resize(320, 160)
    table.show()
    qtbot.waitExposed(table)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert table.item(0, 0).text() == "2" and arrow(table.horizontalHeader(), 0) == "down"
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert table.item(0, 0).text() == "0" and arrow(table.horizontalHeader(), 0) == "up"


def test_the_comparison_keeps_the_name_in_view_and_the_decision_first(qtbot, compared):
    _window, dialog, _ids = compared
    assert [c.key for c in dialog.model.columns][:5] == ["name", "overall", "indicated", "tally", "red_flags"]
    dialog.resize(520, 400)  # narrower than the table: it scrolls sideways
    qtbot.waitUntil(lambda: dialog.table.horizontalScrollBar().maximum() > 0, timeout=2000)
    dialog.table.horizontalScrollBar().setValue(dialog.table.horizontalScrollBar().maximum())
    frozen = dialog.table.frozen
    assert frozen.isVisible() and frozen.x() <= dialog.table.verticalHeader().width() + dialog.table.frameWidth()
    shown = [frozen.model().index(r, 0).data() for r in range(frozen.model().rowCount())
             if not frozen.visualRect(frozen.model().index(r, 0)).isEmpty()]
    assert shown == names_shown(dialog) and frozen.columnWidth(0) == dialog.table.columnWidth(0)
    # sorting from the frozen heading sorts the table by name
    frozen.horizontalHeader().sectionClicked.emit(0)
    assert names_shown(dialog) == sorted(names_shown(dialog), key=str.casefold)


def test_a_broken_seal_is_said_in_plain_words(qtbot, window, small_ws, db):
    """A rating changed in SQL behind the app's back: the read-only banner
    says the seal is broken, and in plain words not to rely on it."""
    candidate_id = submitted(small_ws)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE responses SET rating = 4 WHERE item_id = 'q1'")
    window.candidates.refresh(select_id=candidate_id)
    window.open_candidate(candidate_id)
    view = window.view
    assert "BROKEN" in view.seal_label.text()
    assert view.seal_words.isVisible() and "Do not rely on it" in view.seal_words.text()


def test_the_status_bar_open_button_goes_with_its_message(qtbot, window, tmp_path):
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4\n")
    window.exporter._offer(report, f"Report written to {report}")
    assert window.exporter.open_button.isVisible()
    window.statusBar().clearMessage()  # as when its time runs out
    assert not window.exporter.open_button.isVisible()

"""Every control has an accessible name (issue 17, item 9): a test walks
the accessibility tree of every interview page and every window and
dialog and fails on a control a screen reader could not name; a question
reads out its prompt, its anchors and the chosen rating."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QHeaderView, QLineEdit, QPlainTextEdit, QSlider,
    QTextEdit, QWidget,
)

from assessor.gui.widgets import RatingWidget
from assessor.services import add_candidate, open_workspace, run_demo
from tests.gui.fit_probe import windows

from .conftest import show_window

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox,
            QAbstractItemView, QSlider)


def name_of(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def unnamed(root: QWidget) -> list[str]:
    """The visible controls under ``root`` without an accessible name."""
    return [f"{type(w).__name__}#{w.objectName() or '?'}" for w in [root, *root.findChildren(QWidget)]
            if isinstance(w, CONTROLS) and not isinstance(w, QHeaderView) and not part_of_a_control(w)
            and w.isVisibleTo(root.window()) and not name_of(w)]


def part_of_a_control(widget: QWidget) -> bool:
    """A control's own inner widget (a spin box's line edit): named by it."""
    parent = widget.parentWidget()
    return parent is not None and isinstance(parent, QAbstractSpinBox | QComboBox)


def test_every_control_of_every_page_and_dialog_has_a_name(qtbot, tmp_path):
    ws = open_workspace(str(tmp_path / "demo.sqlite3"))
    try:
        run_demo(ws, 6)
        window = show_window(qtbot, ws, interviewer="Probe Manager")
        missing: dict[str, list[str]] = {}
        for name, build in windows(ws, window).items():
            widget = build()
            widget.show()
            qtbot.waitExposed(widget)
            if found := unnamed(widget):
                missing[name] = found
            if widget is not window:
                widget.close()
        for role in ws.kits:
            candidate = add_candidate(ws, f"Reader {role}", "", role)
            window.open_candidate(candidate.id)
            view = window.view
            for index, step in enumerate(view.steps):
                view.go_to(index)
                if found := unnamed(view):
                    missing[f"{role}: {step.key}"] = found
            window.back_to_list()
        assert not missing, missing
    finally:
        ws.close()


def test_a_question_reads_out_its_prompt_anchors_and_chosen_rating(qtbot, small_ws):
    candidate = add_candidate(small_ws, "Ada Lovelace", "", "test-role")
    window = show_window(qtbot, small_ws)
    window.open_candidate(candidate.id)
    view = window.view
    view.go_to([s.key for s in view.steps].index("q1"))
    rating = view.page.findChild(RatingWidget)
    rating.buttons[3].click()
    notes = view.page.focusWidget()
    assert name_of(notes) == "Notes" and "Explain the philosophy" in notes.accessibleDescription()
    button = rating.buttons[1]
    assert name_of(button).startswith("1 L1") and "q1 junior" in button.accessibleDescription()
    assert rating.accessibleName() == "Rating" and "3 L3" in rating.accessibleDescription()

"""Fixtures for the window tests: a styled QApplication, a workspace, the
main window shown and active (shortcuts need an active window), and a
helper that answers the next modal dialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from assessor.gui.main_window import MainWindow
from assessor.gui.style import apply_style
from assessor.services import open_workspace
from tests.kits import small_kit


@pytest.fixture(autouse=True)
def _styled(qapp):
    apply_style(qapp)


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "db.sqlite3")


@pytest.fixture
def small_ws(db):
    kit = small_kit()
    ws = open_workspace(db, kits={kit.role_id: kit})
    yield ws
    ws.close()


def show_window(qtbot, ws, interviewer: str = "Ivo Interviewer") -> MainWindow:
    """A MainWindow on ``ws``, shown, exposed and active."""
    window = MainWindow(ws, interviewer=interviewer)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    return window


def activate(qtbot, window: QWidget) -> None:
    """Make ``window`` the active window (keyboard shortcuts need it)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


@pytest.fixture
def window(qtbot, small_ws) -> MainWindow:
    return show_window(qtbot, small_ws)


def settle(qtbot, widget: QWidget, timeout_ms: int = 20_000) -> None:
    """Wait until ``widget`` (the main window or one of its views) has its
    data: the window's database worker has finished every operation asked
    so far and the view is no longer ``loading``.  Bound by the event loop,
    not a clock: the timeout only turns a hang into a failure."""
    qtbot.waitUntil(lambda: not widget.ops.busy() and not getattr(widget, "loading", False), timeout=timeout_ms)


def finish(qtbot, op, timeout_ms: int = 20_000):  # noqa: ANN001,ANN201 - an ops.Op, its result
    """Wait until ``op`` (an :class:`assessor.gui.ops.Op`) has finished; its result."""
    qtbot.waitUntil(lambda: op.finished, timeout=timeout_ms)
    return op.result


def answer_modal(handler: Callable[[QWidget], None], timeout_ms: int = 5000) -> None:
    """Call ``handler(dialog)`` as soon as a modal dialog is open (the code
    under test is then blocked in ``exec()``)."""
    waited = 0

    def poll() -> None:
        nonlocal waited
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            handler(dialog)
        elif waited < timeout_ms:
            waited += 20
            QTimer.singleShot(20, poll)
        else:  # pragma: no cover - makes a hang a readable failure
            raise AssertionError("no modal dialog appeared")

    QTimer.singleShot(0, poll)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key.  QTest only types ASCII;
    other characters arrive as a key event carrying the text, the way a
    compose key or an input method delivers them."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

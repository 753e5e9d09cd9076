"""Windows that fit the screen they open on.

A recruiter's laptop may be 1280×720: a dialog sized for a large monitor
then hides its Save and Close buttons below the edge. Every window and
dialog asks for its preferred size through :func:`fit_to_screen`, which
gives it that size or less, so that its frame (title bar and borders
included) lies inside the screen's *available* geometry (the screen minus
panels and docks), and places it there. Content that needs more room
scrolls inside the window (see :func:`scrolling`) instead of growing it.

A window given a ``remember`` key keeps its geometry (and a main window its
toolbars' state) from one run to the next: saved when it is hidden or
closed, restored when it is made, and then clamped the same way to the
screen it opens on (a window saved on a large monitor and reopened on a
laptop shrinks to fit and moves inside).  Kept with ``QSettings`` in an INI
file beside the preferences (:func:`geometry_file`); nothing else is kept
there (every setting is in :class:`assessor.services.Preferences`).
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path
from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QMainWindow, QScrollArea, QWidget

#: room kept for a window manager's frame before the window is shown and
#: its real frame is known (title bar and borders, logical pixels)
FRAME = QSize(16, 48)


def available(window: QWidget) -> QRect:
    """The available geometry (logical pixels) of the screen ``window``
    opens on: its parent's screen, else its own, else the primary one."""
    parent = window.parentWidget()
    screen: QScreen | None = (parent.window().screen() if parent is not None else None) or window.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int, remember: str | None = None) -> None:
    """Resize ``window`` to ``width`` × ``height`` logical pixels, or less so
    that its frame fits the available geometry of its screen, and move it
    inside that geometry (centred on its parent when it has one, else on
    the screen). The window's minimum size is lowered to fit as well, so a
    layout's minimum cannot push the frame past the edge.

    With ``remember`` (a key such as ``"comparison"``), the geometry saved
    under that key by an earlier run replaces the one asked for, clamped
    to the screen it opens on likewise, and the geometry is saved again
    whenever the window is hidden or closed (see the module docstring)."""
    _place(window, QSize(width, height), None)
    if remember is None:
        return
    store = geometry_store()
    at, size = store.value(f"{remember}/position"), store.value(f"{remember}/size")
    if isinstance(at, QPoint) and isinstance(size, QSize) and size.isValid():
        # Not restoreGeometry: it refuses (returns False) a geometry saved on
        # a larger screen, the very case to clamp.
        _place(window, size, at)
        if store.value(f"{remember}/maximized") in (True, "true"):
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    if window.findChild(_GeometryKeeper, f"geometryKeeper-{remember}") is None:
        window.installEventFilter(_GeometryKeeper(window, remember))


def restore_state(window: QMainWindow, key: str) -> None:
    """Restore the toolbars' and docks' state ``window`` had when it was
    last hidden (saved under ``key`` by :func:`fit_to_screen`'s
    ``remember``); call it once they have been added."""
    state = geometry_store().value(f"{key}/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)


def _place(window: QWidget, wanted: QSize, at: QPoint | None) -> None:
    """Resize ``window`` to ``wanted`` or less and move its frame inside the
    available geometry of its screen: at ``at`` (the frame's top-left) when
    given and moved only as far as needed, else centred (see
    :func:`fit_to_screen`)."""
    area = available(window)
    if at is not None:
        screen = QGuiApplication.screenAt(QRect(at, wanted).center())
        area = screen.availableGeometry() if screen is not None else area
    room = QSize(max(area.width() - FRAME.width(), 320), max(area.height() - FRAME.height(), 240))
    size = QSize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(minimum.boundedTo(room))
    window.resize(size)
    frame = QRect(0, 0, size.width() + FRAME.width(), size.height() + FRAME.height())
    if at is not None:
        frame.moveTopLeft(at)
    else:
        parent = window.parentWidget()
        frame.moveCenter(parent.window().frameGeometry().center() if parent is not None else area.center())
    frame.moveLeft(max(area.left(), min(frame.left(), area.right() - frame.width() + 1)))
    frame.moveTop(max(area.top(), min(frame.top(), area.bottom() - frame.height() + 1)))
    window.move(frame.topLeft())


def geometry_file() -> Path:
    """``<user config folder>/window.ini``, beside ``preferences.json``
    (the folder of :func:`assessor.services.settings.preferences_path`;
    named here with platformdirs so the window can restore its geometry
    before any service is loaded)."""
    return user_config_path("assessor", appauthor=False) / "window.ini"


def geometry_store() -> QSettings:
    """The windows' geometry and state (nothing else), read from
    :func:`geometry_file` as it is now."""
    return QSettings(str(geometry_file()), QSettings.Format.IniFormat)


class _GeometryKeeper(QObject):
    """Saves its window's geometry (and a main window's state) under its
    key whenever the window is hidden: closed, accepted or rejected."""

    def __init__(self, window: QWidget, key: str) -> None:
        super().__init__(window)
        self.setObjectName(f"geometryKeeper-{key}")
        self.key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Save on :attr:`QEvent.Type.Hide` of the window; never consumes."""
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow():
            store = geometry_store()
            maximized = watched.isMaximized()
            geometry = watched.normalGeometry() if maximized else watched.geometry()
            frame = watched.frameGeometry()
            store.setValue(f"{self.key}/position", geometry.topLeft() - (watched.geometry().topLeft() - frame.topLeft()))
            store.setValue(f"{self.key}/size", geometry.size())
            store.setValue(f"{self.key}/maximized", maximized)
            if isinstance(watched, QMainWindow):
                store.setValue(f"{self.key}/state", watched.saveState())
            store.sync()
        return False


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` inside a frameless scroll area that resizes it to its
    width: a dialog's body scrolls when the screen is smaller than it."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area

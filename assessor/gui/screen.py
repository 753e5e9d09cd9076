"""Windows that fit the screen they open on.

A recruiter's laptop may be 1280×720: a dialog sized for a large monitor
then hides its Save and Close buttons below the edge. Every window and
dialog asks for its preferred size through :func:`fit_to_screen`, which
gives it that size or less, so that its frame (title bar and borders
included) lies inside the screen's *available* geometry (the screen minus
panels and docks), and places it there. Content that needs more room
scrolls inside the window (see :func:`scrolling`) instead of growing it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

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


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height`` logical pixels, or less so
    that its frame fits the available geometry of its screen, and move it
    inside that geometry (centred on its parent when it has one, else on
    the screen). The window's minimum size is lowered to fit as well, so a
    layout's minimum cannot push the frame past the edge."""
    area = available(window)
    room = QSize(max(area.width() - FRAME.width(), 320), max(area.height() - FRAME.height(), 240))
    size = QSize(min(width, room.width()), min(height, room.height()))
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(minimum.boundedTo(room))
    window.resize(size)
    parent = window.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    frame = QRect(0, 0, size.width() + FRAME.width(), size.height() + FRAME.height())
    frame.moveCenter(centre)
    frame.moveLeft(max(area.left(), min(frame.left(), area.right() - frame.width() + 1)))
    frame.moveTop(max(area.top(), min(frame.top(), area.bottom() - frame.height() + 1)))
    window.move(frame.topLeft())


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` inside a frameless scroll area that resizes it to its
    width: a dialog's body scrolls when the screen is smaller than it."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area

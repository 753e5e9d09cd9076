"""Who is looking, for a window that shows ratings (the report preview and
export, calibration, comparison, audit): the main window's interviewer.

One function, so every view asks the same place (and the source can change
in one place when identities replace typed names); the services apply the
rule (:func:`assessor.services.panel.shown_to`)."""

from __future__ import annotations

from PySide6.QtCore import QObject


def viewer_of(widget: QObject | None) -> str:
    """The ``interviewer`` of the first of ``widget`` and its parents that
    has one (the main window: its name, else the one in Preferences);
    ``""`` (a hiring manager's view: submitted scorecards only) when none
    has."""
    while widget is not None:
        name = getattr(widget, "interviewer", None)
        if isinstance(name, str):
            return name
        widget = widget.parent()
    return ""

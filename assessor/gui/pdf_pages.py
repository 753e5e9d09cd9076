"""Paging a Qt PDF view, shared by the report preview and the resume panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF


def jump(view: Any, pages: int, page: int) -> None:
    """Show page ``page`` (from 0, clamped to ``pages``) of ``view`` (a
    ``QPdfView``), keeping its zoom; nothing when the document is empty or
    already at that page."""
    if not pages:
        return
    target = max(0, min(pages - 1, page))
    navigator = view.pageNavigator()
    if target != navigator.currentPage():
        navigator.jump(target, QPointF(), navigator.currentZoom())

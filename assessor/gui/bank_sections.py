"""One section of the bank editor: the list of a role's flags (or
questions, profile areas, use cases, glossary terms, tips) and the form of
the selected item.  Items are reordered by drag and drop or Ctrl+Up /
Ctrl+Down, added with Insert (after the selected one, with fresh unique ids)
and removed with Delete; every change edits the role's plain data in place
and emits :attr:`SectionEditor.changed`.
"""

from __future__ import annotations

import copy
import itertools

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from ..services import Issue
from .bank_forms import MODELS, Field, ItemForm

TOKEN = Qt.ItemDataRole.UserRole
ERROR_COLOUR = QColor("#b91c1c")
TEXT_COLOUR = QColor("#1f2937")

TEMPLATES = {
    "green_flags": ("green-new", {"text": "New green flag"}),
    "yellow_flags": ("yellow-new", {"text": "New yellow flag"}),
    "questions": ("q-new", {"prompt": "New question?", "anchors": {"junior": "Junior answer",
                                                                   "senior": "Senior answer"}}),
    "profile": ("profile-new", {"title": "New area", "items": [{"id": "skill-new", "text": "A skill"}]}),
    "use_cases": ("uc-new", {"title": "New use case", "priority_skills": [{"id": "skill-new", "text": "A skill"}],
                             "focus": {"id": "q-new", "prompt": "Focus question?",
                                       "anchors": {"junior": "Junior answer", "senior": "Senior answer"}},
                             "red_flag": {"id": "red-new", "text": "Red flag"}}),
    "glossary": (None, {"term": "New term", "meaning": "What it means"}),
    "tips": ("tip-new", {"mistake": "New mistake", "why": "Why it misleads", "fix": "What to do instead"}),
}


def _all_ids(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["id"]} if isinstance(node.get("id"), str) else set()
        return found.union(*(_all_ids(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_all_ids(v) for v in node))
    return set()


def _fresh_ids(node: object, taken: set[str]) -> object:
    """A copy of a template with every id made unique among ``taken``."""
    if isinstance(node, dict):
        out = {k: _fresh_ids(v, taken) for k, v in node.items()}
        if isinstance(out.get("id"), str):
            base = out["id"]
            out["id"] = next(f"{base}-{n}" for n in itertools.count(1) if f"{base}-{n}" not in taken)
            taken.add(out["id"])
        return out
    if isinstance(node, list):
        return [_fresh_ids(v, taken) for v in node]
    return node


def _label(item: dict) -> str:
    for key in ("prompt", "text", "title", "term", "mistake"):
        if isinstance(item.get(key), str) and item[key].strip():
            return item[key].strip()
    return str(item.get("id") or "(empty)")


class SectionEditor(QWidget):
    """A list of items (flags, questions, …) and the form of the selected one."""

    changed = Signal()

    def __init__(self, key: str, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.data: dict = {}
        self.setObjectName(f"section-{key}")
        self.list = QListWidget()
        self.list.setObjectName("itemList")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.list.currentRowChanged.connect(self._show)
        self.form = ItemForm(fields)
        self.form.changed.connect(self._edited)
        buttons = QHBoxLayout()
        for name, text, slot, keys in (("addItem", "Add", self.add, "Ins"),
                                       ("removeItem", "Remove", self.remove, "Del"),
                                       ("moveUp", "Up", lambda: self.move(-1), "Ctrl+Up"),
                                       ("moveDown", "Down", lambda: self.move(1), "Ctrl+Down")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(f"{text} ({keys})")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        row = QHBoxLayout(self)
        row.addLayout(left, 2)
        row.addWidget(scroll, 3)

    def items(self) -> list[dict]:
        value = self.data.get(self.key)
        return value if isinstance(value, list) else []

    def load(self, data: dict) -> None:
        """Show the section of ``data`` (edited in place)."""
        self.data = data
        self._fill(0)

    def _fill(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for index, item in enumerate(self.items()):
            entry = QListWidgetItem(_label(item))
            entry.setData(TOKEN, index)
            self.list.addItem(entry)
        self.list.blockSignals(False)
        if self.items():
            self.list.setCurrentRow(max(0, min(current, len(self.items()) - 1)))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        items = self.items()
        self.form.load(items[row] if 0 <= row < len(items) else None, MODELS[self.key])

    def _edited(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items()):
            self.list.item(row).setText(_label(self.items()[row]))
        self.changed.emit()

    def _rows_moved(self, *_args: object) -> None:
        order = [self.list.item(i).data(TOKEN) for i in range(self.list.count())]
        self.data[self.key] = [self.items()[i] for i in order]
        QTimer.singleShot(0, lambda: self._fill(self.list.currentRow()))
        self.changed.emit()

    def add(self) -> None:
        """Add a new item after the selected one, with unique ids."""
        prefix, template = TEMPLATES[self.key]
        body = {"id": prefix, **template} if prefix else dict(template)
        item = _fresh_ids(copy.deepcopy(body), _all_ids(self.data))
        items = self.data.setdefault(self.key, [])
        at = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else len(items)
        items.insert(at, item)
        self._fill(at)
        self.changed.emit()

    def remove(self) -> None:
        """Remove the selected item."""
        row = self.list.currentRow()
        if 0 <= row < len(self.items()):
            del self.items()[row]
            if not self.items() and self.key not in ("green_flags", "questions"):
                del self.data[self.key]
            self._fill(row)
            self.changed.emit()

    def move(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        row, items = self.list.currentRow(), self.items()
        if 0 <= row < len(items) and 0 <= row + step < len(items):
            items[row], items[row + step] = items[row + step], items[row]
            self._fill(row + step)
            self.changed.emit()

    def mark(self, issues: list[Issue]) -> None:
        """Mark the items that have an error."""
        bad = {i.loc[1] for i in issues if i.is_error and len(i.loc) > 1 and i.loc[0] == self.key}
        for row in range(self.list.count()):
            entry = self.list.item(row)
            entry.setForeground(ERROR_COLOUR if row in bad else TEXT_COLOUR)

"""One section of the bank editor: the list of a role's flags (or
questions, profile areas, use cases, glossary terms, tips, rating-scale
points) and the form of the selected item.  Items are reordered by drag and
drop or Ctrl+Up / Ctrl+Down, added with Insert (after the selected one, with
fresh unique ids) and removed with Delete; every change edits the role's
plain data in place and emits :attr:`SectionEditor.changed`.

:class:`ScaleEditor` is the section of the rating scale (each point's
``value`` follows its place in the list); :class:`ScoringEditor` edits the
scoring rules (the cap and a weight per scored section).
"""

from __future__ import annotations

import copy
import itertools

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from ..domain import QUESTIONS_SECTION, ItemKind, RatingPoint, Scoring, walk_data
from ..domain.kit import LIST_KINDS
from ..domain.kit_rules import PREFIXES
from ..services import Issue, renumber_anchors
from .bank_forms import MODELS, POINT_FIELDS, Field, ItemForm, number_text, ordered, parse_number
from .widgets import wrapped

TOKEN = Qt.ItemDataRole.UserRole
ERROR_COLOUR = QColor("#b91c1c")
TEXT_COLOUR = QColor("#1f2937")

def _new_id(kind: ItemKind) -> str:
    """The id of a new item of ``kind``: its naming convention's prefix
    (:data:`~assessor.domain.kit_rules.PREFIXES`) and ``new``."""
    return PREFIXES.get(kind, "skill-") + "new"


_ANCHORS = {"junior": "An answer at the lowest point of the scale", "senior": "An answer at the top point of the scale"}
_SKILL = {"id": _new_id(ItemKind.SKILL), "text": "A skill"}
TEMPLATES = {
    "green_flags": (_new_id(LIST_KINDS["green_flags"]), {"text": "New green flag"}),
    "yellow_flags": (_new_id(LIST_KINDS["yellow_flags"]), {"text": "New yellow flag"}),
    "questions": (_new_id(LIST_KINDS["questions"]), {"prompt": "New question?", "anchors": _ANCHORS}),
    "profile": (_new_id(LIST_KINDS["profile"]), {"title": "New area", "items": [_SKILL]}),
    "use_cases": (_new_id(LIST_KINDS["use_cases"]), {
        "title": "New use case", "priority_skills": [_SKILL],
        "focus": {"id": _new_id(ItemKind.FOCUS), "prompt": "Focus question?", "anchors": _ANCHORS},
        "red_flag": {"id": _new_id(ItemKind.RED_FLAG), "text": "Red flag"}}),
    "glossary": (None, {"term": "New term", "meaning": "What it means"}),
    "competencies": ("new-competency", {"name": "New competency", "definition": "What it means for this role"}),
    "tips": (_new_id(LIST_KINDS["tips"]), {"mistake": "New mistake", "why": "Why it misleads",
                                           "fix": "What to do instead"}),
    "scale": (None, {"value": 0, "label": "New point", "meaning": "What an answer at this point sounds like"}),
}
"""Each section's new item: its id (from the naming convention of its kind)
and its body (copied, ids made unique, on every Add)."""
KEEP_EMPTY = ("green_flags", "questions", "scale")
"""Sections whose list stays (empty) when its last item goes: the checker
then says it needs one."""
ERROR_BORDER = "QLineEdit { border: 1px solid #b91c1c; }"


def _all_ids(data: dict) -> set[str]:
    """Every id of the role's plain ``data``, by the kit's one walk."""
    return {node.id for node in walk_data(data) if node.id is not None}


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
    for key in ("prompt", "text", "title", "term", "name", "mistake"):
        if isinstance(item.get(key), str) and item[key].strip():
            return item[key].strip()
    return str(item.get("id") or "(empty)")


class SectionEditor(QWidget):
    """A list of items (flags, questions, …) and the form of the selected one.

    The list is ``data[key]``, or the list at ``path`` in the data when the
    items are nested deeper (the scale's ``points``).
    """

    changed = Signal()

    def __init__(self, key: str, fields: list[Field], parent: QWidget | None = None,
                 path: tuple[str, ...] | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.path = path or (key,)
        self.data: dict = {}
        self.setObjectName(f"section-{key}")
        self.list = QListWidget()
        self.list.setObjectName("itemList")
        self.list.setAccessibleName("Items of this section")
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
        row = QHBoxLayout()
        row.addLayout(left, 2)
        row.addWidget(scroll, 3)
        outer = QVBoxLayout(self)
        outer.addLayout(row, 1)

    def items(self) -> list[dict]:
        """The section's items (the list in the data, edited in place)."""
        node: object = self.data
        for part in self.path:
            node = node.get(part) if isinstance(node, dict) else None
        return node if isinstance(node, list) else []

    def _container(self) -> list:
        node = self.data
        for part in self.path[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if not isinstance(node.get(self.path[-1]), list):
            node[self.path[-1]] = []
        return node[self.path[-1]]

    def label(self, item: dict) -> str:
        """The text of ``item`` in the list."""
        return _label(item)

    def load(self, data: dict) -> None:
        """Show the section of ``data`` (edited in place)."""
        self.data = data
        self._fill(0)

    def _fill(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for index, item in enumerate(self.items()):
            entry = QListWidgetItem(self.label(item))
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
            self.list.item(row).setText(self.label(self.items()[row]))
        self.changed.emit()

    def _restructured(self) -> None:
        """Called after items were added, removed or moved (before the list
        is filled again and :attr:`changed` is emitted)."""

    def _rows_moved(self, *_args: object) -> None:
        order = [self.list.item(i).data(TOKEN) for i in range(self.list.count())]
        items = self.items()
        items[:] = [items[i] for i in order]
        self._restructured()
        QTimer.singleShot(0, lambda: self._fill(self.list.currentRow()))
        self.changed.emit()

    def add(self) -> None:
        """Add a new item after the selected one, with unique ids."""
        prefix, template = TEMPLATES[self.key]
        body = {"id": prefix, **template} if prefix else dict(template)
        item = _fresh_ids(copy.deepcopy(body), _all_ids(self.data))
        items = self._container()
        at = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else len(items)
        items.insert(at, item)
        self._restructured()
        self._fill(at)
        self.changed.emit()

    def remove(self) -> None:
        """Remove the selected item."""
        row = self.list.currentRow()
        if 0 <= row < len(self.items()):
            del self.items()[row]
            if not self.items() and self.key not in KEEP_EMPTY:
                del self.data[self.key]
            self._restructured()
            self._fill(row)
            self.changed.emit()

    def move(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        row, items = self.list.currentRow(), self.items()
        if 0 <= row < len(items) and 0 <= row + step < len(items):
            items[row], items[row + step] = items[row + step], items[row]
            self._restructured()
            self._fill(row + step)
            self.changed.emit()

    def _row_of(self, loc: tuple) -> int | None:
        depth = len(self.path)
        if len(loc) > depth and tuple(loc[:depth]) == self.path and isinstance(loc[depth], int):
            return loc[depth]
        return None

    def mark(self, issues: list[Issue]) -> None:
        """Mark the items that have an error."""
        bad = {self._row_of(i.loc) for i in issues if i.is_error}
        for row in range(self.list.count()):
            entry = self.list.item(row)
            entry.setForeground(ERROR_COLOUR if row in bad else TEXT_COLOUR)

    def show_issue(self, loc: tuple) -> None:
        """Select the item a problem at ``loc`` is about."""
        row = self._row_of(loc)
        if row is not None and 0 <= row < self.list.count():
            self.list.setCurrentRow(row)


#: shown once points were added, removed or moved (see :func:`~assessor.services.renumber_anchors`)
ANCHORS_NOTICE = ("The points changed: each question's anchors moved with their points, a removed point's "
                  "anchors went with it, and a new point has none yet. Read the anchors of the questions and "
                  "use cases again before saving.")


class ScaleEditor(SectionEditor):
    """The rating scale: its points in order, each with a label and a
    meaning, and the label of a question that was not assessed.

    A point's ``value`` is its place in the list (1..N): it is set again
    whenever points are added, removed or moved, so it is never typed.
    When points are added, removed or moved, the questions' anchors move
    with them (:func:`~assessor.services.renumber_anchors`) and
    :attr:`resized` is emitted with the number of points (the question
    forms show one anchor per point, and are built again).
    """

    resized = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("scale", POINT_FIELDS, parent, path=("scale", "points"))
        self.setObjectName("section-scale")
        self._count = 0
        self.not_assessed = QLineEdit()
        self.not_assessed.setObjectName("notAssessed")
        self.not_assessed.setPlaceholderText("Not assessed")
        self.not_assessed.textChanged.connect(self._not_assessed_edited)
        form = QFormLayout()
        form.addRow("Not assessed label (optional)", self.not_assessed)
        self.anchors_notice = wrapped(ANCHORS_NOTICE, "bankIssueWarning", selectable=False)
        self.anchors_notice.hide()
        outer = self.layout()
        outer.addWidget(self.anchors_notice)
        outer.addWidget(wrapped("Points run from the lowest (1, anchored by each question's junior answer) to the "
                                "highest (anchored by its senior answer); a point's number is its place in the "
                                "list. The not-assessed label names a question that was not asked or could not "
                                "be judged: it is never scored.", "hint", selectable=False))
        outer.addLayout(form)

    def label(self, item: dict) -> str:
        """``"3  Proficient"``: the point's value and label."""
        text = item.get("label") if isinstance(item.get("label"), str) else ""
        return f"{item.get('value', '?')}  {text.strip() or '(no label)'}"

    def load(self, data: dict) -> None:
        """Show the scale of ``data`` (edited in place)."""
        super().load(data)
        self.anchors_notice.hide()
        self._count = len(self.items())
        scale = data.get("scale")
        value = scale.get("not_assessed") if isinstance(scale, dict) else None
        self.not_assessed.blockSignals(True)
        self.not_assessed.setText(value if isinstance(value, str) else "")
        self.not_assessed.blockSignals(False)

    def _restructured(self) -> None:
        old_top, moved = self._count, {}
        for value, point in enumerate(self.items(), start=1):
            if not isinstance(point, dict):
                continue
            old = point.get("value")
            if isinstance(old, int) and 1 <= old <= old_top and old not in moved:
                moved[old] = value  # a point that was there (a new one has value 0)
            if old != value:
                point["value"] = value
                reordered = ordered(point, RatingPoint)
                point.clear()
                point.update(reordered)
        self._count = len(self.items())
        if moved != {v: v for v in range(1, old_top + 1)} or self._count != old_top:
            renumber_anchors(self.data, moved, old_top, self._count)  # the anchors go with their points
            self.anchors_notice.show()
            self.resized.emit(self._count)

    def _not_assessed_edited(self, text: str) -> None:
        scale = self.data.get("scale")
        if not isinstance(scale, dict):
            return
        if text.strip():
            scale["not_assessed"] = text.strip()
        else:
            scale.pop("not_assessed", None)  # the default label
        self.changed.emit()

    def mark(self, issues: list[Issue]) -> None:
        """Mark the points that have an error, and the not-assessed label."""
        super().mark(issues)
        bad = any(i.is_error and tuple(i.loc[:2]) == ("scale", "not_assessed") for i in issues)
        self.not_assessed.setStyleSheet(ERROR_BORDER if bad else "")


class ScoringEditor(QWidget):
    """The scoring rules of a role: the cap (empty: no cap) and a weight per
    scored section (the skill-level questions and each use case, labelled by
    its title; empty: the section is not listed).  Writes ``scoring:
    {weights: {...}, cap: ...}`` into the data; an empty ``weights`` goes,
    and so does an empty ``scoring``.  A number is kept as typed when it is
    not one, so the checker reports it.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = "scoring"
        self.setObjectName("section-scoring")
        self.data: dict = {}
        self.rows: list[tuple[str, str, str]] = []
        self.weights: dict[str, QLineEdit] = {}
        self.cap = QLineEdit()
        self.cap.setObjectName("scoringCap")
        self.cap.setPlaceholderText("no cap")
        self.cap.setMaximumWidth(120)
        self.cap.textChanged.connect(self._cap_edited)
        self.scale_hint = wrapped("", "hint")
        self.cap_error = wrapped("", "bankIssueError")
        self.weights_error = wrapped("", "bankIssueError")
        self.weights_form = QFormLayout()
        self.weights_form.setSpacing(8)
        cap_row = QHBoxLayout()
        cap_row.addWidget(QLabel("Cap (optional)"))
        cap_row.addWidget(self.cap)
        cap_row.addWidget(self.scale_hint, 1)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(wrapped("Cap", "anchorTitle", selectable=False))
        layout.addWidget(wrapped("Once a red flag is observed, or a must-have question is rated below the middle of "
                                 "the scale, the overall score is at most the cap: a number on the scale. Empty: "
                                 "no cap.", "hint", selectable=False))
        layout.addLayout(cap_row)
        layout.addWidget(self.cap_error)
        layout.addSpacing(12)
        layout.addWidget(wrapped("Weights", "anchorTitle", selectable=False))
        layout.addWidget(wrapped("A weight per section: the skill-level questions and each use case. With weights, "
                                 "the overall score is the weighted mean of the section scores, and a section left "
                                 "empty (not listed) weighs 1. With no weight at all, every rating counts the same.",
                                 "hint", selectable=False))
        layout.addLayout(self.weights_form)
        layout.addWidget(self.weights_error)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)

    def scoring(self) -> dict:
        """The ``scoring`` mapping of the data (empty when it has none)."""
        value = self.data.get("scoring")
        return value if isinstance(value, dict) else {}

    def load(self, data: dict) -> None:
        """Show the scoring rules of ``data`` (edited in place)."""
        self.data = data
        self.rows = []
        self.cap.blockSignals(True)
        self.cap.setText(number_text(self.scoring().get("cap")))
        self.cap.blockSignals(False)
        self.refresh()

    def _sections(self) -> list[tuple[str, str, str]]:
        rows = [(QUESTIONS_SECTION, "Skill-level questions", QUESTIONS_SECTION)]
        cases = self.data.get("use_cases")
        for case in cases if isinstance(cases, list) else []:
            if isinstance(case, dict) and isinstance(case.get("id"), str) and case["id"]:
                title = case.get("title") if isinstance(case.get("title"), str) else ""
                rows.append((case["id"], f"Use case: {title.strip() or case['id']}", case["id"]))
        weights = self.scoring().get("weights")
        known = {row[0] for row in rows}
        for key in weights if isinstance(weights, dict) else {}:
            if key not in known:
                rows.append((key, f"{key}", "not a section: clear it"))
        return rows

    def refresh(self) -> None:
        """Follow the data's sections (use cases added, removed, renamed) and
        scale; the fields keep what is typed in them."""
        points = (self.data.get("scale") or {}).get("points") if isinstance(self.data.get("scale"), dict) else None
        points = points if isinstance(points, list) else []
        labels = [f"{n} {p.get('label', '')}".strip() for n, p in enumerate(points, start=1) if isinstance(p, dict)]
        self.scale_hint.setText(f"The scale: {' · '.join(labels)}" if labels else "")
        rows = self._sections()
        if rows == self.rows:
            return
        self.rows = rows
        while self.weights_form.rowCount():
            self.weights_form.removeRow(0)
        self.weights = {}
        weights = self.scoring().get("weights")
        weights = weights if isinstance(weights, dict) else {}
        for section, label, note in rows:
            edit = QLineEdit(number_text(weights.get(section)))
            edit.setObjectName(f"weight-{section}")
            edit.setPlaceholderText("not listed")
            edit.setMaximumWidth(120)
            edit.textChanged.connect(lambda text, s=section: self._weight_edited(s, text))
            line = QHBoxLayout()
            line.addWidget(edit)
            line.addWidget(wrapped(note, "hint"), 1)
            self.weights[section] = edit
            self.weights_form.addRow(label, line)

    def _store(self, scoring: dict) -> None:
        if scoring:
            self.data["scoring"] = ordered(scoring, Scoring)
        else:
            self.data.pop("scoring", None)

    def _cap_edited(self, text: str) -> None:
        scoring = dict(self.scoring())
        value = parse_number(text, scoring.get("cap"))
        if value is None:
            scoring.pop("cap", None)
        else:
            scoring["cap"] = value
        self._store(scoring)
        self.changed.emit()

    def _weight_edited(self, section: str, text: str) -> None:
        scoring = dict(self.scoring())
        old = scoring.get("weights") if isinstance(scoring.get("weights"), dict) else {}
        value = parse_number(text, old.get(section))
        weights = dict(old)
        if value is None:
            weights.pop(section, None)
        elif section in weights:
            weights[section] = value
        else:
            weights = self._in_section_order({**weights, section: value})
        if weights:
            scoring["weights"] = weights
        else:
            scoring.pop("weights", None)
        self._store(scoring)
        self.changed.emit()

    def _in_section_order(self, weights: dict) -> dict:
        order = [row[0] for row in self.rows]
        return dict(sorted(weights.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))

    def mark(self, issues: list[Issue]) -> None:
        """Show the problems of the cap and of the weights at their fields."""
        def text(found: list[Issue]) -> str:
            return "\n".join(f"{i.severity}: {i.message}" for i in found)

        cap = [i for i in issues if tuple(i.loc[:2]) == ("scoring", "cap")]
        self.cap_error.setText(text(cap))
        self.cap_error.setVisible(bool(cap))
        self.cap.setStyleSheet(ERROR_BORDER if any(i.is_error for i in cap) else "")
        weights = [i for i in issues if tuple(i.loc[:2]) == ("scoring", "weights")]
        for section, edit in self.weights.items():
            bad = any(i.is_error and len(i.loc) > 2 and i.loc[2] == section for i in weights)
            edit.setStyleSheet(ERROR_BORDER if bad else "")
        other = [i for i in issues if tuple(i.loc[:1]) == ("scoring",) and i not in cap]
        self.weights_error.setText(text(other))
        self.weights_error.setVisible(bool(other))

    def show_issue(self, loc: tuple) -> None:
        """Put the cursor in the field a problem at ``loc`` is about."""
        if tuple(loc[:2]) == ("scoring", "cap"):
            self.cap.setFocus()
        elif tuple(loc[:2]) == ("scoring", "weights") and len(loc) > 2 and loc[2] in self.weights:
            self.weights[loc[2]].setFocus()

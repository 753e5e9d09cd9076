"""The forms of the bank editor: one field spec per kind of item (flag,
question with its anchors and probes, profile area, use case, glossary term,
tip, rating-scale point), and :class:`ItemForm`, which edits one item (a
plain dict, as the bank file holds it) in place.

A field is a path into the item and a kind: ``line`` and ``text`` (a
string), ``bool``, ``number`` (a whole or decimal number, typed as text),
``lines`` (a list of strings, one per line), ``pairs`` (a list of
``{id, text}``, one ``id | text`` per line).  The fields of an item, their
labels (the ``title`` of each field), kinds and whether they are required
are read from the kit's one declaration, :mod:`assessor.domain.kit`
(:func:`fields_of`); only the anchors, laid out by the scale, and the
red flags nested in an area or use case are spelt out here.  An optional field
left empty is removed from the item, so the saved file gets no ``hint: ''``;
a required one stays empty and the checker says so.  Keys are kept in the
model's order so a new key lands where the format documents it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from ..domain import Competency, Flag, GlossaryTerm, InterviewKit, ProfileArea, Question, RatingPoint, Tip, UseCase
from ..domain.kit import LIST_KINDS


@dataclass(frozen=True)
class Field:
    """One field of a form: ``path`` into the item, its label and kind."""

    path: tuple[Any, ...]
    label: str
    kind: str = "line"
    required: bool = True
    note: str | None = None
    """Shown after the label instead of "(optional)" (for an optional field)."""


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds: itself, optional, or as the items of a list."""
    for tp in _types(annotation):
        if get_origin(tp) is list:
            tp = get_args(tp)[0]
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
    return None


def _types(annotation: Any) -> list[Any]:
    """The types of a field's annotation, without ``None`` and ``Annotated``."""
    found = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    return [get_args(t)[0] if get_origin(t) is Annotated else t for t in found if t is not type(None)]


TOP_LEVEL_ONLY = frozenset({"topic", "source"})
"""Fields of a question the form of a use case's focus question leaves out."""
MULTILINE = frozenset({"prompt", "meaning", "why", "fix"})
"""Text fields edited in a box of several lines (the rest: one line)."""
_HINTS = {"lines": "\n(one per line)", "probes": "\n(one per line; indent a\nline for a follow-up\nof the probe above)", "pairs": "\n(id | text per line;\n| competencies, if any;\n| must-have, if it is)"}


def _kind(annotation: Any, name: str) -> str:
    """The form kind of a model field, from its type."""
    tp = (_types(annotation) or [str])[0]
    if tp is bool:
        return "bool"
    if tp in (int, float):
        return "number"
    if name == "probes":
        return "probes"
    if get_origin(tp) is list:
        return "pairs" if _model_of(tp) is not None else "lines"
    return "text" if name in MULTILINE else "line"


def fields_of(model: type[BaseModel], *names: str, prefix: tuple = (), label: str = "") -> list[Field]:
    """The form fields of ``model``'s fields ``names`` (all its plain fields
    when none are named), each labelled with the field's ``title`` from the
    kit's declaration (:mod:`assessor.domain.kit`), its kind from the field's
    type and required unless it has a default.  ``label`` goes before each
    title (``"Focus: "``); ``prefix`` before each path."""
    out = []
    for name in names or [n for n, f in model.model_fields.items() if _model_of(f.annotation) is None]:
        info = model.model_fields[name]
        kind = _kind(info.annotation, name)
        title = info.title or name.replace("_", " ").capitalize()
        out.append(Field(prefix + (name,), label + title + _HINTS.get(kind, ""), kind, info.is_required()))
    return out


def question_fields(top: int, prefix: tuple = (), off: tuple[int, ...] = (),
                    labels: dict[int, str] | None = None) -> list[Field]:
    """The fields of a question on a 1..``top`` scale (under ``prefix``).

    ``off`` are anchor points the data holds that are not middle points of
    the scale (left over after the scale shrank): they get a field of their
    own, so the anchor the checker complains about can be seen and cleared.
    After the anchors come the question's other fields in the order the kit
    declares them (a new field of :class:`~assessor.domain.Question` gets
    its form field here without a change), but :data:`TOP_LEVEL_ONLY` for a
    focus question.  ``labels`` (point → the scale's label for it) name
    each anchor by its point, as the window and the report do ("Anchor 1
    (Novice)"); without them the ends are called junior and senior, the
    keys of the file.
    """
    labels = labels or {}
    fields = fields_of(Question, "id", "prompt", prefix=prefix)
    fields += [Field(prefix + ("anchors", "junior"), f"Anchor 1 ({labels.get(1) or 'junior'})", "text")]
    fields += [Field(prefix + ("anchors", "points", v), f"Anchor {v}" + (f": {labels[v]}" if labels.get(v) else ""),
                     "text", False) for v in range(2, top)]
    fields += [Field(prefix + ("anchors", "senior"), f"Anchor {top} ({labels.get(top) or 'senior'})", "text")]
    fields += [Field(prefix + ("anchors", "points", v), f"Left-over anchor {v}", "text", False,
                     f"\n(not a middle point of the 1..{top} scale:\nclear it)")
               for v in sorted(set(off)) if not 2 <= v < top]
    rest = [n for n in Question.model_fields if n not in ("id", "prompt", "anchors")
            and not (prefix and n in TOP_LEVEL_ONLY)]
    return fields + fields_of(Question, *rest, prefix=prefix)


FLAG_FIELDS = fields_of(Flag)
PROFILE_FIELDS = (fields_of(ProfileArea, "id", "title", "intro", "items")
                  + [Field(("red_flag", "id"), "Red flag id", "line", False),
                     Field(("red_flag", "text"), "Red flag", "line", False)])
GLOSSARY_FIELDS = fields_of(GlossaryTerm)
TIP_FIELDS = fields_of(Tip)
COMPETENCY_FIELDS = fields_of(Competency)
POINT_FIELDS = fields_of(RatingPoint, "label", "meaning")
"""A scale point's fields: its ``value`` is its position, set by the list, never typed."""


def use_case_fields(top: int, off: tuple[int, ...] = (), labels: dict[int, str] | None = None) -> list[Field]:
    """The fields of a use case, its focus question on a 1..``top`` scale
    (``off``, ``labels``: see :func:`question_fields`)."""
    return (fields_of(UseCase, "id", "title", "priority_skills")
            + [Field(f.path, f"Focus: {f.label}", f.kind, f.required, f.note)
               for f in question_fields(top, ("focus",), off, labels)]
            + [Field(("red_flag", "id"), "Red flag id"), Field(("red_flag", "text"), "Red flag")])


def ordered(item: dict, model: type[BaseModel]) -> dict:
    """``item`` with its keys in ``model``'s field order (unknown keys last),
    nested items too (the model of each nested mapping or list of mappings
    read from ``model``'s field types)."""
    keys = [k for k in model.model_fields if k in item] + [k for k in item if k not in model.model_fields]
    out = {}
    for key in keys:
        value = item[key]
        info = model.model_fields.get(key)
        nested = _model_of(info.annotation) if info is not None else None
        if nested is not None and isinstance(value, dict):
            value = ordered(value, nested)
        elif nested is not None and isinstance(value, list):
            value = [ordered(v, nested) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out


MODELS: dict[str, type[BaseModel]] = {
    key: model for key in (*LIST_KINDS, "glossary", "competencies")
    if (model := _model_of(InterviewKit.model_fields[key].annotation)) is not None}
MODELS["scale"] = RatingPoint  # the scale section lists the points
"""The model of the items of each section of the editor, from the kit's declaration."""


def get(item: dict, path: tuple) -> Any:
    """The value at ``path`` in ``item`` (``None`` where it is missing)."""
    node: Any = item
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def put(item: dict, path: tuple, value: Any, required: bool) -> None:
    """Set ``path`` in ``item``; an empty optional value removes the key,
    and a mapping left empty by that goes too."""
    empty = value in ("", [], None, False)
    if empty and not required:
        parents = [item]
        for part in path[:-1]:
            if not isinstance(parents[-1].get(part), dict):
                return
            parents.append(parents[-1][part])
        parents[-1].pop(path[-1], None)
        for depth in range(len(path) - 2, -1, -1):
            if parents[depth + 1] == {}:
                parents[depth].pop(path[depth], None)
        return
    node = item
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[path[-1]] = value


def number_text(value: Any) -> str:
    """A number of the data as the form shows it (``None``: empty)."""
    return "" if value is None else str(value)


def parse_number(text: str, old: Any = None) -> Any:
    """What a number field's ``text`` puts in the data: ``None`` when empty,
    an int or a float when it is a number (``old`` itself when equal, so an
    untouched ``2.0`` stays ``2.0``), else the text as typed, which the
    checker then reports."""
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    if number != number or number in (float("inf"), float("-inf")):
        return text
    if isinstance(old, int | float) and not isinstance(old, bool) and old == number:
        return old
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


MUST_HAVE_MARK = "must-have"
"""The last column of a checklist line that marks the item must-have."""


def _pairs_text(value: Any) -> str:
    """Checklist items as lines ``id | text``, or ``id | text | comp, comp``
    for an item naming competencies, and ``… | must-have`` last for a
    must-have item (``id | text | | must-have`` when it names none)."""
    rows = value if isinstance(value, list) else []
    lines = []
    for r in rows:
        if not isinstance(r, dict):
            lines.append(str(r))
            continue
        refs = r.get("competencies")
        tail = f" | {', '.join(str(c) for c in refs)}" if isinstance(refs, list) and refs else ""
        if r.get("must_have") is True:
            tail = (tail or " |") + f" | {MUST_HAVE_MARK}"
        lines.append(f"{r.get('id', '')} | {r.get('text', '')}{tail}")
    return "\n".join(lines)


def _probes_text(value: Any) -> str:
    """A question's probes as lines: a follow-up of a probe indented by
    two spaces under it."""
    if not isinstance(value, list):
        return ""
    lines = []
    for probe in value:
        if isinstance(probe, dict):
            lines.append(str(probe.get("prompt", "")))
            subs = probe.get("probes")
            lines += [f"  {sub}" for sub in subs] if isinstance(subs, list) else []
        else:
            lines.append(str(probe))
    return "\n".join(lines)


def _parse_probes(text: str) -> list[Any]:
    """The probes of :func:`_probes_text`'s lines: an indented line is a
    follow-up of the probe above it (which then becomes ``{prompt, probes}``);
    an indented first line is a probe of its own."""
    out: list[Any] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[:1].isspace() and out:
            last = out[-1]
            if not isinstance(last, dict):
                last = out[-1] = {"prompt": last, "probes": []}
            last["probes"].append(line.strip())
        else:
            out.append(line.strip())
    return out


def _parse_pairs(text: str) -> list[dict]:
    """The checklist items of :func:`_pairs_text`'s lines (a third column,
    comma-separated, is the item's competencies)."""
    rows = []
    for line in text.splitlines():
        if line.strip():
            parts = [part.strip() for part in line.split("|", 3)]
            if len(parts) == 1:
                rows.append({"id": "", "text": line.strip()})
                continue
            row: dict[str, Any] = {"id": parts[0], "text": parts[1]}
            must = len(parts) == 4 and parts[3] == MUST_HAVE_MARK
            if len(parts) == 3 and parts[2] == MUST_HAVE_MARK:
                must, parts = True, parts[:2]
            refs = [c.strip() for c in parts[2].split(",") if c.strip()] if len(parts) >= 3 else []
            if must:
                row["must_have"] = True
            if refs:
                row["competencies"] = refs
            rows.append(row)
    return rows


class ItemForm(QWidget):
    """Edits one item in place; emits :attr:`changed` after every edit."""

    changed = Signal()

    def __init__(self, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = fields
        self.item: dict | None = None
        self.model: type[BaseModel] | None = None
        self.widgets: dict[tuple, QWidget] = {}
        self._loading = False
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for field in fields:
            widget = self._widget(field)
            widget.setObjectName("field-" + "-".join(str(p) for p in field.path))
            self.widgets[field.path] = widget
            note = "" if field.required or field.kind == "bool" else " (optional)" if field.note is None else field.note
            layout.addRow(field.label + note, widget)

    def _widget(self, field: Field) -> QWidget:
        if field.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on, f=field: self._edited(f, bool(on)))
            return box
        if field.kind in ("line", "number"):
            edit = QLineEdit()
            edit.textChanged.connect(lambda text, f=field: self._edited(f, text))
            return edit
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64 if field.kind == "text" else 80)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # a short form stays at the top
        edit.textChanged.connect(lambda f=field, e=edit: self._edited(f, e.toPlainText()))
        return edit

    def load(self, item: dict | None, model: type[BaseModel] | None = None) -> None:
        """Show ``item`` (``None``: an empty, disabled form)."""
        self.item, self.model = item, model
        self._loading = True
        try:
            for field in self.fields:
                value = get(item, field.path) if item is not None else None
                widget = self.widgets[field.path]
                if isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif field.kind == "pairs":
                    widget.setPlainText(_pairs_text(value))
                elif field.kind == "probes":
                    widget.setPlainText(_probes_text(value))
                elif field.kind == "lines":
                    widget.setPlainText("\n".join(str(v) for v in value) if isinstance(value, list) else "")
                elif field.kind == "number":
                    widget.setText(number_text(value))
                elif isinstance(widget, QLineEdit):
                    widget.setText("" if value is None else str(value))
                else:
                    widget.setPlainText("" if value is None else str(value))
        finally:
            self._loading = False
        self.setEnabled(item is not None)

    def _edited(self, field: Field, value: Any) -> None:
        if self._loading or self.item is None:
            return
        if field.kind == "lines":
            value = [line.strip() for line in str(value).splitlines() if line.strip()]
        elif field.kind == "pairs":
            value = _parse_pairs(str(value))
        elif field.kind == "probes":
            value = _parse_probes(str(value))
        elif field.kind == "number":
            value = parse_number(str(value), get(self.item, field.path))
        elif field.kind in ("line", "text"):
            value = re.sub(r"\s*\n\s*", " ", str(value)).strip() if field.kind == "text" else str(value).strip()
        put(self.item, field.path, value, field.required)
        if self.model is not None:
            reordered = ordered(self.item, self.model)
            self.item.clear()
            self.item.update(reordered)
        self.changed.emit()

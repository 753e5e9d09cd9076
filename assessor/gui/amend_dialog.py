"""The Amend… dialog: correct a submitted (sealed) assessment.

The interviewer picks what to correct (the overall recommendation, the key
takeaways, the reason for departing from the computed score, or one item of
the kit and which of its fields), the new value and a reason, which is
required.  :func:`assessor.services.panel.amend` records it as a visible
amendment with the interviewer as author; the seal still verifies.  A
refusal (no reason, the same value, a value off the scale, a database
error) is shown in the dialog, which stays open.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ..domain import Assessment, FlagState, ItemKind, Recommendation
from ..services import AssessorError, Workspace
from ..services.panel import amend
from .style import local_time
from .widgets import notes_edit, plain_tip, value_text, wrapped

#: the fields of the whole assessment that can be amended
OVERALL_FIELDS = (("recommendation", "Overall recommendation"), ("takeaways", "Key takeaways"),
                  ("departure_reason", "Reason for departing from the computed score"))
TEXT_FIELDS = frozenset({"notes", "takeaways", "departure_reason"})
FIELD_LABELS = {"rating": "Rating", "notes": "Notes", "flag_state": "Flag (present, absent, unknown)",
                "checked": "Tick", "recommendation": "Recommendation", "takeaways": "Text",
                "departure_reason": "Text"}


@dataclass(frozen=True)
class Target:
    """Something that can be amended: ``item_id`` (``None`` for the whole
    assessment) and the fields it has, with a label for the list."""

    label: str
    item_id: str | None
    fields: tuple[str, ...]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def targets(assessment: Assessment) -> list[Target]:
    """Every amendable thing of ``assessment``: the overall fields, then
    the kit's items in interview order."""
    out = [Target(label, None, (name,)) for name, label in OVERALL_FIELDS]
    for node in assessment.kit.walk():
        kind, item, parent = node.kind, node.item, node.parent
        if kind in (ItemKind.GREEN_FLAG, ItemKind.YELLOW_FLAG):
            label = f"{'Green' if kind is ItemKind.GREEN_FLAG else 'Yellow'} flag: {_short(node.text)}"
            out.append(Target(label, item.id, ("flag_state", "notes")))
        elif kind is ItemKind.QUESTION:
            out.append(Target(f"Question: {_short(node.text)}", item.id, ("rating", "notes")))
        elif kind is ItemKind.USE_CASE:
            out.append(Target(f"Use case applies: {_short(node.text)}", item.id, ("checked",)))
        elif kind is ItemKind.SKILL:
            out.append(Target(f"{parent.title}: {_short(node.text)}", item.id, ("checked",)))
        elif kind is ItemKind.FOCUS:
            out.append(Target(f"{parent.title}, focus: {_short(node.text)}", item.id, ("rating", "notes")))
        elif kind is ItemKind.RED_FLAG:
            out.append(Target(f"{parent.title}, red flag: {_short(node.text)}", item.id, ("checked",)))
    return out


def current_value(assessment: Assessment, item_id: str | None, field: str) -> object:
    """The value ``field`` of ``item_id`` (or of the assessment) has now."""
    source = assessment if item_id is None else assessment.response(item_id)
    return getattr(source, field)


class AmendDialog(QDialog):
    """See the module docstring.  After a successful amendment
    :attr:`amended` holds the assessment as stored now (else ``None``).
    ``item_id`` preselects an item (the step on screen)."""

    def __init__(self, ws: Workspace, assessment: Assessment, author: str, parent: QWidget | None = None,
                 item_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendDialog")
        self.setWindowTitle("Amend the submitted assessment")
        self.setMinimumWidth(620)
        self.ws, self.assessment, self.author = ws, assessment, author.strip()
        self.amended: Assessment | None = None
        self.targets = targets(assessment)

        intro = wrapped(f"{assessment.candidate.name}, assessed by {assessment.interviewer or 'an unnamed interviewer'}"
                        f", submitted {local_time(assessment.submitted_at)}. The correction is recorded as an "
                        "amendment with your reason and shown in the window and the report; the value at "
                        "submission stays on record.", "hint")
        self.item_combo = QComboBox()
        self.item_combo.setObjectName("amendItem")
        self.item_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item_combo.setMinimumContentsLength(40)
        for target in self.targets:
            self.item_combo.addItem(target.label)
            self.item_combo.setItemData(self.item_combo.count() - 1, plain_tip(target.label),
                                        Qt.ItemDataRole.ToolTipRole)
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("amendField")
        self.current_label = wrapped("", "amendCurrent")
        self.choice = QComboBox()
        self.choice.setObjectName("amendValueChoice")
        self.text = notes_edit("", "The corrected text", "amendValueText", 80)
        self.value_box = QWidget()  # the list or the text box, whichever the field takes
        value_layout = QVBoxLayout(self.value_box)
        value_layout.setContentsMargins(0, 0, 0, 0)
        value_layout.addWidget(self.choice)
        value_layout.addWidget(self.text)
        self.reason = notes_edit("", "Why the submitted value was wrong (required; shown with the amendment)",
                                 "amendReason", 70)
        self.error = wrapped("", "inlineError")
        self.error.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Item", self.item_combo)
        form.addRow("&Field", self.field_combo)
        form.addRow("Now", self.current_label)
        form.addRow("&New value", self.value_box)
        form.addRow("&Reason", self.reason)
        recorded = QLabel(self.author or "(no name: set Candidates ▸ Interviewer name… first)")
        recorded.setObjectName("amendAuthor")
        recorded.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("Recorded as", recorded)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = QPushButton("Amend")
        self.ok_button.setObjectName("amendOk")
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.item_combo.currentIndexChanged.connect(self._item_changed)
        self.field_combo.currentIndexChanged.connect(self._field_changed)
        start = next((n for n, t in enumerate(self.targets) if item_id is not None and t.item_id == item_id), 0)
        self.item_combo.setCurrentIndex(start)
        self._item_changed(start)

    # -- what is being amended --------------------------------------------

    def target(self) -> Target:
        """The thing chosen in the Item list."""
        return self.targets[max(0, self.item_combo.currentIndex())]

    def field(self) -> str:
        """The field chosen (e.g. ``rating``)."""
        return self.field_combo.currentData() or self.target().fields[0]

    def select(self, item_id: str | None, field: str) -> None:
        """Choose ``item_id`` (``None``: the assessment) and its ``field``.
        Raises ``ValueError`` when there is no such choice."""
        for n, t in enumerate(self.targets):
            if t.item_id == item_id and field in t.fields:
                self.item_combo.setCurrentIndex(n)
                self.field_combo.setCurrentIndex(t.fields.index(field))
                return
        raise ValueError(f"nothing to amend as {item_id!r}.{field}")

    def _item_changed(self, _index: int) -> None:
        self.field_combo.blockSignals(True)
        self.field_combo.clear()
        for name in self.target().fields:
            self.field_combo.addItem(FIELD_LABELS.get(name, name), name)
        self.field_combo.setEnabled(self.field_combo.count() > 1)
        self.field_combo.blockSignals(False)
        self._field_changed()

    def _field_changed(self, *_args: object) -> None:
        target, field = self.target(), self.field()
        now = current_value(self.assessment, target.item_id, field)
        self.current_label.setText(value_text(self.assessment, field, now))
        self._hide_error()
        if field in TEXT_FIELDS:
            self.text.setPlainText(str(now or ""))
            self._show_editor(self.text)
            return
        self.choice.clear()
        for text, data in self._choices(field):
            self.choice.addItem(text, data)
        values = [self.choice.itemData(i) for i in range(self.choice.count())]
        key = now.value if isinstance(now, FlagState | Recommendation) else now
        self.choice.setCurrentIndex(values.index(key) if key in values else 0)
        self._show_editor(self.choice)

    def _show_editor(self, editor: QWidget) -> None:
        """Show ``editor`` (the list or the text box) for the new value."""
        self._editor = editor
        self.choice.setVisible(editor is self.choice)
        self.text.setVisible(editor is self.text)

    def _choices(self, field: str) -> list[tuple[str, object]]:
        if field == "rating":
            scale = self.assessment.kit.scale
            return [(f"{p.value}  {p.label}", p.value) for p in scale.points] + [(scale.not_assessed, None)]
        if field == "flag_state":
            return [(s.value.title(), s.value) for s in FlagState]
        if field == "checked":
            return [("Ticked", True), ("Not ticked", False)]
        return [(r.label, r.value) for r in Recommendation]

    def value(self) -> object:
        """The new value as entered."""
        if self._editor is self.text:
            return self.text.toPlainText()
        return self.choice.currentData()

    # -- saving -------------------------------------------------------------

    def _hide_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def show_error(self, message: str) -> None:
        """Say why the amendment was refused, in the dialog."""
        self.error.setText(f"Not amended: {message[:1].upper()}{message[1:]}.".replace("..", "."))
        self.error.show()

    def accept(self) -> None:  # noqa: D102 - records the amendment; stays open with the reason on a refusal
        target, field = self.target(), self.field()
        try:
            self.amended = amend(self.ws, self.assessment.id, target.item_id, field, self.value(),
                                 self.reason.toPlainText(), self.author)
        except AssessorError as exc:
            self.show_error(str(exc))
            return
        super().accept()


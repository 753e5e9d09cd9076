"""Small reusable widgets: debounced autosave of typed text, the rating
buttons with their keyboard shortcuts, the three-way flag choice, and the
words for an amendment of a submitted assessment."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout,
    QWidget,
)

from ..domain import Amendment, Assessment, FlagState, RatingScale, Recommendation
from ..services import item_name
from .style import local_time, repolish

SAVE_DELAY_MS = 400


class TextAutosave(QObject):
    """Saves the text of a QLineEdit or QPlainTextEdit as the user types.

    The save runs :data:`SAVE_DELAY_MS` after the last keystroke, and at
    once when the field loses focus or :meth:`flush` is called (on a page
    change, going back to the list, closing the window).
    """

    def __init__(self, edit: QLineEdit | QPlainTextEdit, save: Callable[[str], object]) -> None:
        super().__init__(edit)
        self._edit = edit
        self._save = save
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self._save_now)
        edit.textChanged.connect(self._timer.start)
        edit.installEventFilter(self)

    @property
    def pending(self) -> bool:
        """True while typed text has not been saved yet."""
        return self._timer.isActive()

    def text(self) -> str:
        """The field's current text."""
        edit = self._edit
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def flush(self) -> None:
        """Save now if anything typed is not saved yet."""
        if self._timer.isActive():
            self._timer.stop()
            self._save_now()

    def _save_now(self) -> None:
        self._save(self.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False


class NotesEdit(QPlainTextEdit):
    """A plain-text box whose preferred height is its minimum, so a page
    only scrolls when it must (it still grows into spare room)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self.minimumHeight())


def notes_edit(text: str, placeholder: str, object_name: str = "notes", min_height: int = 110,
               min_lines: int = 0) -> QPlainTextEdit:
    """A notes box: plain text, tab moves focus on, wraps words.
    ``min_height``: logical pixels; ``min_lines``: at least that many lines
    of its font shown, whatever the system's font size (the STAR boxes held
    barely one line with a large font)."""
    edit = NotesEdit()
    edit.setObjectName(object_name)
    edit.setPlaceholderText(placeholder)
    edit.setPlainText(text)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(max(min_height, lines_height(edit, min_lines)))
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return edit


def lines_height(edit: QPlainTextEdit, lines: int) -> int:
    """The height in logical pixels a plain-text box needs to show
    ``lines`` lines of its font: line spacing, the document margin, the
    frame and the stylesheet's padding (5 px a side, style.py)."""
    if lines <= 0:
        return 0
    margin = int(edit.document().documentMargin())
    return lines * edit.fontMetrics().lineSpacing() + 2 * (margin + edit.frameWidth() + 5)


def wrapped(text: str, object_name: str = "", selectable: bool = True) -> QLabel:
    """A word-wrapped plain-text label (user and bank text is never rich text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def plain_tip(text: str) -> str:
    """``text`` as a tooltip that shows it as written: Qt takes a tooltip
    that looks like markup for rich text, so user text (a name, a note) is
    escaped inside a paragraph (long tips then wrap too)."""
    return f"<p>{html.escape(text)}</p>" if text else ""


def boxed(widget: QWidget, background: str, border: str, left: str | None = None) -> None:
    """Give ``widget`` (a QFrame with an object name) a rounded coloured box.
    Scoped to its object name so the children keep the window's style."""
    edge = f" border-left: 4px solid {left};" if left else ""
    widget.setStyleSheet(f"QFrame#{widget.objectName()} {{ background: {background}; border: 1px solid {border};"
                         f" border-radius: 6px;{edge} }}")


#: the words for each field an amendment can change
FIELD_NAMES = {"rating": "rating", "flag_state": "flag", "checked": "tick", "notes": "notes",
               "recommendation": "overall recommendation", "takeaways": "key takeaways",
               "departure_reason": "reason for departing from the computed score"}


def value_text(assessment: Assessment, field: str, value: object) -> str:
    """A stored value as a reader says it: ``3 (Proficient)``, ``Present``,
    ``ticked``, ``Strong Yes``, a quoted text (shortened past 80
    characters), or ``nothing``."""
    if field == "rating":
        scale = assessment.kit.scale
        if value is None:
            return scale.not_assessed
        try:
            return f"{value} ({scale.label(int(value))})"  # type: ignore[call-overload]
        except ValueError:
            return str(value)
    if value is None or value == "":
        return "nothing"
    if isinstance(value, FlagState):
        return value.value.title()
    if isinstance(value, Recommendation):
        return value.label
    if isinstance(value, bool):
        return "ticked" if value else "not ticked"
    text = " ".join(str(value).split())
    return f"“{text[:77]}…”" if len(text) > 80 else f"“{text}”"


def amendment_text(assessment: Assessment, amendment: Amendment) -> str:
    """One line for an amendment: when, who, what changed from what to what,
    and why (plain text: show it in a plain-text label)."""
    field = FIELD_NAMES.get(amendment.field, amendment.field.replace("_", " "))
    name = " ".join(item_name(assessment, amendment.item_id).split()) if amendment.item_id else ""
    name = name if len(name) <= 60 else name[:59] + "…"
    what = field if amendment.item_id is None else f"{field} of “{name}”"
    who = amendment.author or "someone"
    return (f"{local_time(amendment.at)} · {who} changed the {what} from "
            f"{value_text(assessment, amendment.field, amendment.old)} to "
            f"{value_text(assessment, amendment.field, amendment.new)}. Reason: {amendment.reason}")


def amendment_change(assessment: Assessment, amendment: Amendment) -> str:
    """The short form, for beside the item amended: ``rating: 1 (Junior) →
    3 (Proficient) · Ana Lima · “reason”``."""
    field = FIELD_NAMES.get(amendment.field, amendment.field.replace("_", " "))
    return (f"{field}: {value_text(assessment, amendment.field, amendment.old)} → "
            f"{value_text(assessment, amendment.field, amendment.new)} · {amendment.author or 'someone'}, "
            f"{local_time(amendment.at)} · “{' '.join(amendment.reason.split())}”")


class AnchorRow(QFrame):
    """One point of the scale as a row: its rating button, then the anchor
    that defines the point (or the scale's own meaning of it when the
    question anchors only the ends). A click anywhere on the row rates."""

    def __init__(self, name: str, button: QPushButton, text: str, anchored: bool) -> None:
        super().__init__()
        self.setObjectName(name)
        self.button = button
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 10, 3)
        layout.setSpacing(10)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.text = wrapped(text, name + "Text" if anchored else "anchorMeaning", selectable=False)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.text, 1)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001,N802 - Qt's signature
        if self.button.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.button.click()
        super().mouseReleaseEvent(event)

    def set_chosen(self, chosen: bool) -> None:
        """Highlight the row of the chosen rating (its anchor is the one the
        answer matched)."""
        if bool(self.property("chosen")) != chosen:
            self.setProperty("chosen", chosen)
            repolish(self)
            repolish(self.text)  # its text is dark on the chosen row (style.py)


class RatingWidget(QWidget):
    """The kit's scale as a behaviourally anchored rating scale: one row per
    point, lowest first, each with its button ("1  Novice") and the anchor
    that defines that point, then "Not assessed". The anchors of the lowest
    and highest point are the question's ``junior`` and ``senior`` answers;
    with ``points`` (a question that anchors the points in between) every
    row has its anchor, else a middle row shows the scale's meaning of the
    point. The chosen row is highlighted, so rating, its anchor and its
    neighbours are read together (issue 17: anchors readable at a glance,
    for scales of 3 to 7 points).

    Keys: the digits 1..N rate and 0 means not assessed whenever the focus is
    not in a text field (a text field keeps its digits); Ctrl+digit always
    works.  Emits :attr:`rated` with the value (``None`` = not assessed).
    """

    rated = Signal(object)
    #: the chosen point's row, and the rows before and after it (``None`` at an end)
    chosen = Signal(object, object, object)

    def __init__(self, scale: RatingScale, junior: str, senior: str, parent: QWidget | None = None,
                 points: dict[int, str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingWidget")
        self.setAccessibleName("Rating")
        self._scale = scale
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QPushButton] = {}
        self.rows: dict[int, AnchorRow] = {}
        self.shortcuts: list[QShortcut] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = scale.maximum
        for point in scale.points:
            button = QPushButton(f"{point.value}  {point.label}")
            button.setObjectName("ratingButton")
            button.setProperty("value", point.value)
            button.setToolTip(f"{point.value} = {point.label}: {point.meaning}  (key {point.value})")
            self._add(button, point.value)
            anchor = junior if point.value == 1 else senior if point.value == top else (points or {}).get(point.value)
            name = {1: "anchorJunior", top: "anchorSenior"}.get(point.value, "anchorPoint")
            row = AnchorRow(name, button, anchor or point.meaning, anchored=bool(anchor))
            button.setAccessibleName(f"{point.value} {point.label}")
            button.setAccessibleDescription(f"Anchor: {anchor}" if anchor else point.meaning)
            self.rows[point.value] = row
            layout.addWidget(row)
        na = QPushButton(f"0  {scale.not_assessed}")
        na.setObjectName("notAssessedButton")
        na.setToolTip(f"{scale.not_assessed}: not asked or could not be judged  (key 0)")
        self._add(na, 0)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 2, 0, 0)
        bottom.addWidget(na)
        self.meaning = wrapped("", "hint")
        self.meaning.setObjectName("ratingMeaning")
        bottom.addWidget(self.meaning, 1)
        layout.addLayout(bottom)
        self.group.idClicked.connect(self._clicked)

    def _add(self, button: QPushButton, value: int) -> None:
        button.setCheckable(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setMinimumHeight(30)
        self.group.addButton(button, value)
        self.buttons[value] = button
        for keys in (str(value), f"Ctrl+{value}"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(button.click)
            self.shortcuts.append(shortcut)

    def set_value(self, value: int | None, touched: bool) -> None:
        """Show ``value`` without emitting; ``None`` shows "Not assessed" only
        when the item was ``touched`` (has a stored response)."""
        key = value if value is not None else (0 if touched else None)
        if key is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[key].setChecked(True)
        self._show_meaning(key)

    def value(self) -> int | None:
        """The checked value (``None`` for not assessed or nothing)."""
        checked = self.group.checkedId()
        return checked if checked > 0 else None

    def set_read_only(self, read_only: bool) -> None:
        """Disable the buttons and their keys."""
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(not read_only)

    def release(self) -> None:
        """Turn the keys off (before the page is thrown away)."""
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)

    def _clicked(self, value: int) -> None:
        self._show_meaning(value)
        self.rated.emit(value if value > 0 else None)

    def _show_meaning(self, key: int | None) -> None:
        for value, row in self.rows.items():
            row.set_chosen(value == key)
        if key in self.rows:
            self.chosen.emit(self.rows[key], self.rows.get(key - 1), self.rows.get(key + 1))
        point = self._scale.points[key - 1] if key else None
        self.setAccessibleDescription(f"Rated {point.value} {point.label}" if point else
                                      f"Rated {self._scale.not_assessed}" if key == 0 else "Not rated yet")
        if key is None:
            self.meaning.setText(f"Press 1–{self._scale.maximum} to rate, 0 if not assessed "
                                 "(Ctrl+digit while typing notes).")
            return
        if key == 0:
            self.meaning.setText(f"{self._scale.not_assessed}: left out of the scores.")
            return
        point = self._scale.points[key - 1]
        self.meaning.setText(f"{point.value} {point.label}: {point.meaning}")


class FlagChoice(QWidget):
    """Present / Absent / Unknown as a segmented control; emits :attr:`changed`."""

    changed = Signal(object)
    _STATES = ((FlagState.PRESENT, "Present", "flagPresent"), (FlagState.ABSENT, "Absent", "flagAbsent"),
               (FlagState.UNKNOWN, "Unknown", "flagUnknown"))

    def __init__(self, state: FlagState | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagChoice")
        self.group = QButtonGroup(self)
        self.buttons: dict[FlagState, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for index, (value, text, name) in enumerate(self._STATES):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setCheckable(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setProperty("segment", ("left", "mid", "right")[index])
            button.setMinimumWidth(84)
            repolish(button)
            self.group.addButton(button, index)
            self.buttons[value] = button
            layout.addWidget(button)
            button.installEventFilter(self)
        self.buttons[state or FlagState.UNKNOWN].setChecked(True)
        self.group.idClicked.connect(lambda i: self.changed.emit(self._STATES[i][0]))

    #: the letter that sets each state while one of the flag's buttons has focus (docs/keyboard.md)
    KEYS = {Qt.Key.Key_P: FlagState.PRESENT, Qt.Key.Key_A: FlagState.ABSENT, Qt.Key.Key_U: FlagState.UNKNOWN}

    def focus_target(self) -> QPushButton:
        """The button that takes focus for this flag: the checked one."""
        return self.buttons[self.state()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """P, A or U on a focused button sets Present, Absent or Unknown
        (and moves the focus to that button).  Space does nothing: pressing
        whichever button a miscounted Tab reached marked a flag Present
        unseen; the letters are the contract (docs/keyboard.md)."""
        if (event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and event.key() == Qt.Key.Key_Space
                and watched in self.buttons.values()):
            return True
        if (event.type() == QEvent.Type.KeyPress and self.isEnabled()
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
                and event.key() in self.KEYS):
            button = self.buttons[self.KEYS[event.key()]]
            button.setFocus(Qt.FocusReason.ShortcutFocusReason)
            button.click()
            return True
        return False

    def state(self) -> FlagState:
        """The checked state."""
        return self._STATES[self.group.checkedId()][0]


def tool_button(text: str, name: str, tip: str, slot: Callable[[], object], *,
                click_focus_only: bool = False) -> QPushButton:
    """A small square button of a viewer's tool row (page, zoom, find): 40 px
    wide, ``tip`` as its tooltip and, up to a " (key)" hint, its accessible
    name; ``click_focus_only`` keeps it out of the Tab order (the keys do
    its work)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.setFixedWidth(40)
    if click_focus_only:
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    button.clicked.connect(slot)
    return button

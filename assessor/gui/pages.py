"""The pages of an interview, one per step kind (the summary page is in
:mod:`assessor.gui.summary`).

A page shows one :class:`~assessor.domain.Step` and records every click
through its :class:`PageHost` (the interview view), which calls the service
and reports "Saved".  Pages hold no rules: what a click means is decided by
:class:`~assessor.services.Interview`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from ..domain import STAR_PARTS, Amendment, ChecklistItem, Flag, ProfileArea, Question, RedFlag, Step, StepKind, UseCase, probe_lines, star_parts
from ..services import Interview, item_name
from .screen import scrolling
from .style import YELLOW, repolish
from .widgets import FlagChoice, RatingWidget, amendment_change, boxed, notes_edit, wrapped

#: a STAR box (Situation, Task, Action, Result) shows at least this many lines at any font size or scale
STAR_LINES = 3


class PageHost(Protocol):
    """What a page needs from the view that shows it."""

    interview: Interview
    read_only: bool

    def save(self, fn: Callable[..., object], *args: object) -> bool:
        """Call a service method; report "Saved" or show the error."""

    def autosave(self, edit: QLineEdit | QWidget, save: Callable[[str], object]) -> None:
        """Save the field's text as it is typed (debounced, flushed on leave)."""

    def plan_changed(self) -> None:
        """The steps may have changed (use cases ticked)."""


def must_have_text(item: ChecklistItem) -> str:
    """A checklist item's text, with "(must-have: missing caps the score)"
    when the bank marks it must-have."""
    return f"{item.text}  (must-have: missing caps the score)" if item.must_have else item.text


class Page(QWidget):
    """Base of every page: a title, a vertical layout, rating widgets to
    switch off when the page is thrown away."""

    def __init__(self, host: PageHost, step: Step, title: str | None = None) -> None:
        super().__init__()
        self.setObjectName("page")
        self.setProperty("stepKey", step.key)
        self.host, self.step = host, step
        self.ratings: list[RatingWidget] = []
        self.shortcuts: list[QShortcut] = []  # page keys (the summary's Ctrl+1..4), off on release
        self.inputs: list[QWidget] = []  # the page's inputs in reading order; the first gets focus on arrival
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(28, 22, 28, 22)
        self.box.setSpacing(12)
        if title is not None:
            self.box.addWidget(wrapped(title, "pageTitle"))

    @property
    def interview(self) -> Interview:
        return self.host.interview

    def release(self) -> None:
        """Turn off keyboard shortcuts before the page is deleted."""
        for rating in self.ratings:
            rating.release()
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)

    def first_input(self) -> QWidget | None:
        """The widget that gets keyboard focus when the step is shown: the
        first of :attr:`inputs` (``None``: the page has no input)."""
        return self.inputs[0] if self.inputs else None

    def amendments(self) -> list[Amendment]:
        """The amendments of the items this page shows (of the whole
        assessment on the summary page), oldest first."""
        ids = set(self.step.item_ids)
        whole = self.step.kind is StepKind.SUMMARY
        return [m for m in self.interview.assessment.amendments
                if (m.item_id is None if whole else m.item_id in ids)]

    def show_amendments(self) -> QFrame | None:
        """Under the title, a box listing the amendments of what this page
        shows (``amendmentsBox``), so a corrected value never looks as if it
        was the one given at submission; ``None`` when there are none."""
        found = self.amendments()
        if not found:
            return None
        box = QFrame()
        box.setObjectName("amendmentsBox")
        boxed(box, "#fffbeb", "#fcd34d", YELLOW)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        count = len(found)
        layout.addWidget(wrapped(f"Amended after submission ({count}): the page shows the amended "
                                 f"value{'s' if count > 1 else ''}", "anchorTitle", selectable=False))
        for amendment in found:
            layout.addWidget(wrapped(f"•  {amendment_change(self.interview.assessment, amendment)}",
                                     "pageAmendment"))
        self.box.insertWidget(1 if self.box.count() and isinstance(self.box.itemAt(0).widget(), QLabel)
                              and self.box.itemAt(0).widget().objectName() == "pageTitle" else 0, box)
        return box

    def heading(self, text: str) -> QLabel:
        label = wrapped(text, "sectionHeading", selectable=False)
        self.box.addWidget(label)
        return label

    def notes(self, item_id: str, placeholder: str, name: str = "notes", min_height: int = 110) -> QWidget:
        edit = notes_edit(self.interview.assessment.response(item_id).notes, placeholder, name, min_height)
        edit.setProperty("itemId", item_id)
        edit.setAccessibleName("Notes")
        edit.setAccessibleDescription(f"Notes on: {item_name(self.interview.assessment, item_id)}")
        edit.setReadOnly(self.host.read_only)
        self.host.autosave(edit, lambda text, i=item_id: self.interview.write_notes(i, text))
        self.inputs.append(edit)
        return edit

    def star(self, item_id: str, min_height: int = 56) -> QWidget:
        """The notes of a behavioural question as four labelled boxes,
        Situation, Task, Action, Result (objects ``star-situation`` …), in
        that reading and Tab order; each keystroke saves the four together
        (:meth:`Interview.write_star`).  Returns the holder; the boxes are
        added to :attr:`inputs`, so focus lands in Situation."""
        holder = QWidget()
        holder.setObjectName("starNotes")
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        parts = star_parts(self.interview.assessment.response(item_id).notes)
        edits: dict[str, QWidget] = {}
        hints = {"situation": "Where and when? What was going on?", "task": "What was theirs to do?",
                 "action": "What did they do themselves? Which steps, which choices?",
                 "result": "What came of it? What did they learn?"}
        name = item_name(self.interview.assessment, item_id)

        def save(_text: str, i: str = item_id) -> None:
            self.interview.write_star(i, {key: edit.toPlainText() for key, edit in edits.items()})

        for index, (key, label) in enumerate(STAR_PARTS):
            edit = notes_edit(parts[key], hints[key], f"star-{key}", min_height, min_lines=STAR_LINES)
            edit.setProperty("itemId", item_id)
            edit.setProperty("starPart", key)
            edit.setAccessibleName(label)
            edit.setAccessibleDescription(f"{label} of the answer to: {name}")
            edit.setReadOnly(self.host.read_only)
            edits[key] = edit
            title = wrapped(label, "sectionHeading", selectable=False)
            title.setBuddy(edit)
            row, column = divmod(index, 2)
            grid.addWidget(title, row * 2, column)
            grid.addWidget(edit, row * 2 + 1, column)
            grid.setRowStretch(row * 2 + 1, 1)
            self.inputs.append(edit)
        for edit in edits.values():
            self.host.autosave(edit, save)
        return holder

    def note_boxes(self, question: Question, placeholder: str, min_height: int) -> tuple[QWidget, QWidget]:
        """(the widget to add, the box that takes focus) for the notes of
        ``question``: the four STAR boxes of a behavioural question, else
        one Notes box."""
        if question.behavioural:
            holder = self.star(question.id)
            return holder, self.inputs[-4]
        edit = self.notes(question.id, placeholder, min_height=min_height)
        return edit, edit

    def check(self, item: ChecklistItem | RedFlag | UseCase, text: str, red: bool = False) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(f"check-{item.id}")
        box.setProperty("itemId", item.id)
        box.setChecked(bool(self.interview.assessment.response(item.id).checked))
        box.setEnabled(not self.host.read_only)
        box.setCursor(Qt.CursorShape.PointingHandCursor)
        if red:
            box.setProperty("flag", "red")
            repolish(box)
        box.toggled.connect(lambda on, i=item.id: self._ticked(i, on))
        self.inputs.append(box)
        return box

    def _ticked(self, item_id: str, on: bool) -> None:
        self.host.save(self.interview.tick, item_id, on)

    def red_flag(self, flag: RedFlag) -> QFrame:
        row = QFrame()
        row.setObjectName("redFlagRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.check(flag, f"Red flag observed: {flag.text}", red=True))
        return row

    def probes(self, question: Question) -> QWidget | None:
        """The question's scripted follow-up probes (ask as written), and its
        must-have mark; ``None`` when it has neither."""
        if not question.probes and not question.must_have:
            return None
        box = QFrame()
        box.setObjectName("probes")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        if question.must_have:
            layout.addWidget(wrapped("Must-have: rated below the middle of the scale, it caps the overall score.",
                                     "mustHave"))
        if question.probes:
            layout.addWidget(wrapped("Follow-up probes — ask as written, the same for every candidate:",
                                     "anchorTitle", selectable=False))
            for depth, probe in probe_lines(question.probes):
                layout.addWidget(wrapped(f"        ◦  {probe}" if depth else f"•  {probe}",
                                         "subProbe" if depth else "probe"))
        return box

    def time_budget(self, question: Question) -> None:
        """Show the question's time budget (``minutes``), when it has one."""
        if question.minutes is not None:
            unit = "minute" if question.minutes == 1 else "minutes"
            self.box.addWidget(wrapped(f"Time budget: {question.minutes} {unit}", "timeBudget", selectable=False))

    def rating(self, question: Question) -> RatingWidget:
        widget = RatingWidget(self.interview.assessment.kit.scale, question.anchors.junior, question.anchors.senior,
                              points=question.anchors.points)
        response = self.interview.assessment.response(question.id)
        widget.set_value(response.rating, question.id in self.interview.assessment.responses)
        widget.set_read_only(self.host.read_only)
        widget.rated.connect(lambda value, i=question.id: self.host.save(self.interview.rate, i, value))
        self.ratings.append(widget)
        return widget


class FlagsPage(Page):
    """Resume flags: each with Present / Absent / Unknown and its evidence."""

    def __init__(self, host: PageHost, step: Step) -> None:
        super().__init__(host, step, step.title)
        colour = "yellow" if step.key.startswith("yellow") else "green"
        intro = ("Good signs on the resume: mark each one you found."
                 if colour == "green" else "Points to probe in the interview: mark each one you found.")
        self.box.addWidget(wrapped(intro, "hint"))
        flags: tuple[Flag, ...] = step.subject  # type: ignore[assignment]
        for flag in flags:
            self.box.addWidget(self._flag_row(flag, colour))
        self.box.addStretch(1)

    def _flag_row(self, flag: Flag, colour: str) -> QFrame:
        response = self.interview.assessment.response(flag.id)
        card = QFrame()
        card.setObjectName(f"flag-{flag.id}")
        card.setProperty("flag", colour)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(wrapped(flag.text, "flagText"))
        if flag.hint:
            text.addWidget(wrapped(flag.hint, "hint"))
        top.addLayout(text, 1)
        choice = FlagChoice(response.flag_state)
        choice.setObjectName(f"flagChoice-{flag.id}")
        choice.setEnabled(not self.host.read_only)
        choice.changed.connect(lambda state, i=flag.id: self.host.save(self.interview.set_flag, i, state))
        top.addWidget(choice, 0, Qt.AlignmentFlag.AlignTop)
        self.inputs.append(choice.focus_target())
        layout.addLayout(top)
        evidence = QLineEdit(response.notes)
        evidence.setObjectName(f"evidence-{flag.id}")
        evidence.setProperty("itemId", flag.id)
        evidence.setPlaceholderText("Evidence (where on the resume, what exactly)")
        evidence.setAccessibleName(f"Evidence: {flag.text}")
        evidence.setReadOnly(self.host.read_only)
        self.host.autosave(evidence, lambda value, i=flag.id: self.interview.write_notes(i, value))
        cite = self._cite_button(card, evidence)
        if cite is None:
            layout.addWidget(evidence)
        else:  # the resume is beside the page (gui/resume_panel.py)
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addWidget(evidence, 1)
            row.addWidget(cite)
            layout.addLayout(row)
        return card

    def _cite_button(self, card: QFrame, evidence: QLineEdit) -> QPushButton | None:
        """"Cite page" (Ctrl+Shift+P in the flag's card): inserts "p. N" of
        the resume page shown into the evidence; ``None`` without a PDF resume."""
        citation = getattr(self.host, "citation", None)
        if citation is None or citation() is None:
            return None

        def cite() -> None:
            text = citation()
            if text is None or evidence.isReadOnly():
                return
            before = evidence.text()[:evidence.cursorPosition()]
            evidence.insert((" " if before and not before.endswith(" ") else "") + text)
            evidence.setFocus(Qt.FocusReason.ShortcutFocusReason)

        button = QPushButton("Cite page")
        button.setObjectName(f"cite-{evidence.property('itemId')}")
        button.setToolTip("Insert the resume page shown into the evidence (Ctrl+Shift+P)")
        button.setAccessibleName("Cite the resume page shown")
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        button.setEnabled(not self.host.read_only)
        button.clicked.connect(cite)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), card, cite)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcuts.append(shortcut)
        return button


class QuestionPage(Page):
    """A skill-level question: prompt, rating against the anchors, notes."""

    def __init__(self, host: PageHost, step: Step) -> None:
        super().__init__(host, step)
        self.box.setContentsMargins(28, 14, 28, 10)
        self.box.setSpacing(8)
        question: Question = step.subject  # type: ignore[assignment]
        if question.topic:
            self.box.addWidget(wrapped(question.topic, "topic", selectable=False))
        self.box.addWidget(wrapped(question.prompt, "prompt"))
        self.time_budget(question)
        # Two columns, so the question, its probes, the notes and the whole
        # anchored scale are on screen together at 1280×720: the left one
        # reads and writes, the right one rates.
        columns = QHBoxLayout()
        columns.setSpacing(20)
        left = QVBoxLayout()
        left.setSpacing(8)
        probes = self.probes(question)
        if probes is not None and question.behavioural:
            # four notes boxes need the room: the probes scroll on their own
            # (as the scale does) so Situation … Result stay on screen at 1280×720
            probe_area = scrolling(probes)
            probe_area.setObjectName("probesScroll")
            probe_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            probe_area.setMinimumHeight(90)
            probe_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
            left.addWidget(probe_area, 2)
        elif probes is not None:
            left.addWidget(probes)
        if question.behavioural:
            left.addWidget(wrapped("Behavioural question: note the Situation, the Task, the Action and the "
                                   "Result the candidate tells of.", "hint", selectable=False))
        else:
            left.addWidget(wrapped("Notes", "sectionHeading", selectable=False))
        notes, _first = self.note_boxes(question, "What did the candidate say? Examples, gaps, follow-ups…", 100)
        left.addWidget(notes, 3 if question.behavioural else 1)
        columns.addLayout(left, 4)
        # The scale scrolls on its own when its anchors are many and long
        # (7 points), keeping the chosen row and its neighbours in view,
        # so the page itself never scrolls the notes away.
        rating = self.rating(question)
        holder = QWidget()
        holder.setObjectName("ratingHolder")
        right = QVBoxLayout(holder)
        right.setContentsMargins(0, 0, 4, 0)
        right.addWidget(rating)
        right.addStretch(1)
        self.scale_area = scrolling(holder)
        self.scale_area.setObjectName("scaleScroll")
        self.scale_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scale_area.setMinimumHeight(160)
        # its content's height must not make the page taller than the screen
        self.scale_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        rating.chosen.connect(self._show_rating)
        if rating.value() is not None:  # a resumed question: its rating in view once laid out
            QTimer.singleShot(0, lambda: rating.set_value(rating.value(), True))
        columns.addWidget(self.scale_area, 7)
        self.box.addLayout(columns, 1)

    def _show_rating(self, row: QWidget, before: QWidget | None, after: QWidget | None) -> None:
        """Keep the chosen anchor's row and its neighbours in view."""
        for widget in (after, before, row):
            if widget is not None:
                self.scale_area.ensureWidgetVisible(widget, 0, 4)


class ChecklistPage(Page):
    """A developer-profile area: skills demonstrated, and its red flag."""

    def __init__(self, host: PageHost, step: Step) -> None:
        super().__init__(host, step, step.title)
        area: ProfileArea = step.subject  # type: ignore[assignment]
        if area.intro:
            self.box.addWidget(wrapped(area.intro, "hint"))
        self.heading("Demonstrated in the interview")
        for item in area.items:
            self.box.addWidget(self.check(item, must_have_text(item)))
        if area.red_flag:
            self.box.addSpacing(8)
            self.box.addWidget(self.red_flag(area.red_flag))
        self.box.addStretch(1)


class UseCaseSelectPage(Page):
    """Which use cases apply to the job; only those are walked."""

    def __init__(self, host: PageHost, step: Step) -> None:
        super().__init__(host, step, step.title)
        self.box.addWidget(wrapped("Tick every use case this job involves. Each ticked use case adds a page "
                                   "with its priority skills, a focus question and a red flag.", "hint"))
        cases: tuple[UseCase, ...] = step.subject  # type: ignore[assignment]
        for case in cases:
            self.box.addWidget(self.check(case, f"{case.title} — applies to this job"))
        self.box.addStretch(1)

    def _ticked(self, item_id: str, on: bool) -> None:
        if self.host.save(self.interview.tick, item_id, on):
            self.host.plan_changed()


class UseCasePage(Page):
    """One applying use case: priority skills, focus question, red flag."""

    def __init__(self, host: PageHost, step: Step) -> None:
        super().__init__(host, step, step.title)
        case: UseCase = step.subject  # type: ignore[assignment]
        self.heading("Priority skills demonstrated")
        for item in case.priority_skills:
            self.box.addWidget(self.check(item, must_have_text(item)))
        self.heading("Interview focus")
        self.box.addWidget(wrapped(case.focus.prompt, "prompt"))
        self.time_budget(case.focus)
        probes = self.probes(case.focus)
        if probes is not None:
            self.box.addWidget(probes)
        self.box.addWidget(self.rating(case.focus))
        notes, first = self.note_boxes(case.focus, "Notes on the answer…", 90)
        self.box.addWidget(notes, 1)
        self.box.addWidget(self.red_flag(case.red_flag))
        self.notes_box = first

    def first_input(self) -> QWidget | None:
        """The focus question's Notes box, as on a question page (the
        priority skills are one Shift+Tab back)."""
        return self.notes_box


PAGES: dict[StepKind, type[Page]] = {
    StepKind.FLAGS: FlagsPage,
    StepKind.QUESTION: QuestionPage,
    StepKind.CHECKLIST: ChecklistPage,
    StepKind.USE_CASE_SELECT: UseCaseSelectPage,
    StepKind.USE_CASE: UseCasePage,
}

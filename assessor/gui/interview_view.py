"""The interview page: a header, the side panel of sections and steps, the
page of the current step, and Previous / Next.

Every click is saved at once through :class:`~assessor.services.Interview`;
typed text is saved as it is typed (debounced) and flushed on leaving the
field, the step, the interview or the window (:meth:`InterviewView.flush`).

Above the page: the panel banner (other interviewers of the candidate, whose
scores stay hidden while yours is a draft: :mod:`assessor.gui.panel_banner`)
and, once submitted, the read-only banner with the seal's status, the
amendments made since, and "Amend…" (:mod:`assessor.gui.amend_dialog`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
    QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ..domain import Assessment, Step, StepKind, verify_seal
from ..domain import progress as step_progress
from ..services import AssessorError, ConflictingChange, Interview, UnsavedError
from ..services.panel import panel_view, seal_status
from . import conflict, message
from .amend_dialog import AmendDialog
from ..services.resume import get_resume
from .pages import PAGES, Page
from .resume_panel import ResumePanel
from .panel_banner import PanelBanner
from .style import local_time, repolish
from .summary import SummaryPage
from .widgets import TextAutosave, amendment_text, wrapped

STEP_ROLE = Qt.ItemDataRole.UserRole
#: the read-only banner lists this many of the latest amendments (each page lists its own)
SHOWN_AMENDMENTS = 3


class StepTree(QTreeWidget):
    """The sidebar of sections and steps.  It has no type-ahead: a letter
    typed while it has focus never jumps to a step (a note beginning
    "Clear…" once went to another step and was lost; docs/keyboard.md).
    Mouse and arrow keys still move between steps."""

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt API
        """Ignore ``search``: no step is found by typing its title."""


#: shown once a scorecard is submitted: what the interviewer can do next
NEXT_AFTER_SUBMIT = ("Next: export the report (Ctrl+E); open the debrief (Ctrl+D) to compare with the panel once "
                     "the others have submitted; or go back to the candidates (Ctrl+W). A correction is made with "
                     "Amend… and shows as an amendment.")


def seal_words(a: Assessment) -> str:
    """The seal's status in plain words, for a reader who does not know
    what a digest is (``""`` when there is no seal to speak of)."""
    if not a.seal:
        return ""
    if a.candidate.anonymized_at is not None:
        return ("In plain words: the notes were removed when the candidate was anonymized, so this check can "
                "no longer be made.")
    ok = verify_seal(a)
    if ok is None:
        return ""
    if not ok:
        return ("In plain words: this scorecard was changed after it was submitted without the change being "
                "recorded. Do not rely on it; ask the interviewer and the administrator.")
    if a.amendments:
        return ("In plain words: since it was submitted, this scorecard changed only through the corrections "
                "listed below, each with who made it and why.")
    return "In plain words: nothing in this scorecard has changed since it was submitted."


def confirm_submit(parent: QWidget, name: str) -> bool:
    """Ask before submitting the scorecard of candidate ``name``; True for
    "Submit and seal".  The safe answer, "Keep editing", is the default
    button, so Enter keeps the draft open (never submits unasked).  The
    buttons are the Yes and Cancel roles, renamed to say what they do."""
    choices = (message.Choice("submit", "Submit and seal", standard=message.YES),
               message.Choice("keep", "Keep editing", standard=message.CANCEL))
    return message.ask(parent, "Submit scorecard",
                       f"Submit the scorecard of {name}?\n\nIt is sealed at submission: a later correction is "
                       "recorded as a visible amendment with its reason. Once submitted, you can see the other "
                       "interviewers' submitted ratings in the debrief.\n\nEnter keeps editing.",
                       choices, default="keep", escape="keep", name="submitConfirmation") == "submit"


class InterviewView(QWidget):
    """Walks one :class:`Interview`; see the module docstring."""

    saved = Signal(str)
    unsaved = Signal(str)  # a change kept in memory that the database refused (see save_guard.py)
    export_requested = Signal(int)
    submitted = Signal()
    step_changed = Signal(str)
    debrief_requested = Signal(int)  # a candidate id
    amended = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewView")
        self.interview: Interview | None = None
        self.read_only = False
        self.steps: list[Step] = []
        self._steps_seen = 0  # steps shown since this interview was opened (the panel notice shows in full once)
        self.index = 0
        self.page: Page | None = None
        self._autosaves: list[TextAutosave] = []
        self._in_go_to = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())

        self.tree = StepTree()
        self.tree.setObjectName("sidePanel")
        self.tree.setAccessibleName("Interview steps")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The marks column ("✓", "3/11") keeps one width, so titles do not
        # shift and re-elide as marks appear from step to step.
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        self.tree.header().resizeSection(1, QFontMetrics(bold).horizontalAdvance("00/00") + 10)
        self.tree.setMinimumWidth(220)
        self.tree.itemClicked.connect(self._tree_clicked)
        self.tree.currentItemChanged.connect(lambda item, _old: item and self._tree_moved(item))

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.panel_banner = PanelBanner()
        self.panel_banner.debrief_requested.connect(self._debrief_requested)
        self.banner_box = QWidget()
        banner_margin = QVBoxLayout(self.banner_box)
        banner_margin.setContentsMargins(28, 14, 28, 0)
        banner_margin.setSpacing(8)
        banner_margin.addWidget(self.panel_banner)
        banner_margin.addWidget(self._read_only_banner())
        self.banner_box.hide()
        column.addWidget(self.banner_box)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("stepScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The resume beside the flags steps (issue 17; gui/resume_panel.py)
        self.resume_panel = ResumePanel()
        self.resume_split = QSplitter(Qt.Orientation.Horizontal)
        self.resume_split.setObjectName("resumeSplitter")
        self.resume_split.setChildrenCollapsible(False)
        self.resume_split.addWidget(self.scroll)
        self.resume_split.addWidget(self.resume_panel)
        self.resume_split.setStretchFactor(0, 1)
        self.resume_split.setSizes([560, 420])
        self.resume_panel.hide()
        column.addWidget(self.resume_split, 1)
        column.addWidget(self._nav())

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("interviewSplitter")
        split.setChildrenCollapsible(False)
        split.setHandleWidth(1)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 980])
        layout.addWidget(split, 1)

    # -- layout ---------------------------------------------------------------

    def _header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(20, 10, 20, 10)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.name_label = QLabel()
        self.name_label.setObjectName("headerName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        # A right-to-left name (Arabic, Hebrew) stays where the eye expects the
        # header to start, above the role line, instead of drifting right.
        self.name_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                                     | Qt.AlignmentFlag.AlignVCenter)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("headerMeta")
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        text.addWidget(self.name_label)
        text.addWidget(self.meta_label)
        row.addLayout(text, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("headerStatus")
        row.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        return header

    def _read_only_banner(self) -> QFrame:
        """"Submitted on … — read-only", the seal's status, the amendments
        made since (one line each) and the Amend… button."""
        self.banner = QFrame()
        self.banner.setObjectName("readOnlyBanner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(14, 8, 14, 8)
        row.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.banner_label = QLabel()
        self.banner_label.setObjectName("readOnlyText")
        self.banner_label.setStyleSheet("font-weight: 600;")
        self.seal_label = QLabel()
        self.seal_label.setObjectName("sealStatus")
        self.seal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.seal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seal_label.setToolTip("A SHA-256 digest over the ratings, notes and submit time, made at submission. "
                                   "It still verifies when every later change is a recorded amendment.")
        self.amendments_box = QWidget()
        self.amendments_box.setObjectName("amendmentsList")
        self.amendments_layout = QVBoxLayout(self.amendments_box)
        self.amendments_layout.setContentsMargins(0, 4, 0, 0)
        self.amendments_layout.setSpacing(2)
        self.seal_words = QLabel()
        self.seal_words.setObjectName("sealWords")
        self.seal_words.setWordWrap(True)
        self.seal_words.setTextFormat(Qt.TextFormat.PlainText)
        self.next_steps = QLabel()
        self.next_steps.setObjectName("nextSteps")
        self.next_steps.setWordWrap(True)
        self.next_steps.hide()
        text.addWidget(self.banner_label)
        text.addWidget(self.next_steps)
        text.addWidget(self.seal_label)
        text.addWidget(self.seal_words)
        text.addWidget(self.amendments_box)
        row.addLayout(text, 1)
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setObjectName("amendButton")
        self.amend_button.setToolTip("Correct a rating, note or the recommendation: recorded as a visible "
                                     "amendment with your reason, never a silent edit")
        self.amend_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.amend_button.clicked.connect(self.amend)
        row.addWidget(self.amend_button, 0, Qt.AlignmentFlag.AlignTop)
        return self.banner

    def _nav(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("navBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(28, 8, 28, 12)
        self.prev_button = QPushButton("←  Previous")
        self.prev_button.setObjectName("previousButton")
        self.prev_button.setToolTip("Previous step (Alt+Left, Ctrl+PgUp)")
        self.prev_button.clicked.connect(self.previous)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepIndicator")
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton("Next  →")
        self.next_button.setObjectName("nextButton")
        self.next_button.setProperty("role", "primary")
        self.next_button.setToolTip("Next step (Alt+Right, Ctrl+PgDown)")
        self.next_button.clicked.connect(self.primary)
        for button in (self.prev_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setMinimumWidth(120)
        row.addWidget(self.prev_button)
        row.addWidget(self.step_label, 1)
        row.addWidget(self.next_button)
        return bar

    # -- opening and leaving --------------------------------------------------

    def open(self, interview: Interview) -> None:
        """Show ``interview`` at the step where it stopped."""
        self.leave()
        self.interview = interview
        self.read_only = interview.assessment.is_submitted
        self.next_steps.hide()  # said once, right after submitting
        self.steps = interview.steps()
        self._steps_seen = 0
        keys = [s.key for s in self.steps]
        position = interview.assessment.position
        self._fill_header()
        self._fill_tree()
        self.resume_panel.show_resume(get_resume(interview.ws, interview.assessment.candidate.id))
        self.go_to(keys.index(position) if position in keys else 0)

    def leave(self) -> None:
        """Save what is typed and drop the interview (back to the list)."""
        self.flush()
        self._drop_page()
        self.resume_panel.show_resume(None)
        self.interview = None

    def flush(self) -> None:
        """Save every field with unsaved typed text, now."""
        for autosave in self._autosaves:
            autosave.flush()

    def _fill_header(self) -> None:
        a = self.interview.assessment
        self.name_label.setText(a.candidate.name)
        meta = [a.kit.title]
        if a.interviewer:
            meta.append(f"Interviewer: {a.interviewer}")
        meta.append(f"Started {local_time(a.started_at)}")
        self.meta_label.setText("   ·   ".join(meta))
        self.status_label.setText("Submitted" if a.is_submitted else "Draft · autosaved")
        self.status_label.setProperty("status", a.status.value)
        repolish(self.status_label)
        if a.is_submitted:
            self.banner_label.setText(f"Submitted on {local_time(a.submitted_at)} — read-only")
            self.seal_label.setText(seal_status(a))
            self.seal_words.setText(seal_words(a))
            self.seal_words.setVisible(bool(self.seal_words.text()))
        self._fill_amendments()
        self.banner.setVisible(a.is_submitted)
        self._fill_panel()

    def _fill_amendments(self) -> None:
        while self.amendments_layout.count():
            widget = self.amendments_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        a = self.interview.assessment
        shown = a.amendments[-SHOWN_AMENDMENTS:] if a.is_submitted else []
        earlier = len(a.amendments) - len(shown) if a.is_submitted else 0
        if earlier:
            self.amendments_layout.addWidget(wrapped(
                f"{earlier} earlier amendment{'s' if earlier > 1 else ''}: on the pages they changed and in the "
                "report; the latest:", "hint"))
        for amendment in shown:
            self.amendments_layout.addWidget(wrapped(f"•  {amendment_text(a, amendment)}", "amendmentText"))
        self.amendments_box.setVisible(bool(a.is_submitted and a.amendments))

    def _fill_panel(self) -> None:
        """Refresh the panel banner: the others of the candidate's panel as
        the assessment's interviewer may see them."""
        a = self.interview.assessment
        try:
            view = panel_view(self.interview.ws, a.candidate.id, a.interviewer)
        except AssessorError:  # the candidate was erased meanwhile: nothing to say about a panel
            view = None
        self.panel_banner.show_panel(view, a.status)
        self.banner_box.setVisible(a.is_submitted or not self.panel_banner.isHidden())

    def _debrief_requested(self) -> None:
        if self.interview is not None:
            self.flush()
            self.debrief_requested.emit(self.interview.assessment.candidate.id)

    # -- the side panel -------------------------------------------------------

    def _fill_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        sections: dict[object, QTreeWidgetItem] = {}
        for i, step in enumerate(self.steps):
            parent = sections.get(step.section)
            if parent is None:
                parent = sections[step.section] = QTreeWidgetItem(
                    self.tree, [self.interview.assessment.kit.section_title(step.section), ""])
                parent.setData(0, STEP_ROLE, i)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFont(1, font)
            if step.kind is StepKind.SUMMARY:
                continue
            child = QTreeWidgetItem(parent, [step.title, ""])
            child.setData(0, STEP_ROLE, i)
            child.setToolTip(0, step.title)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        if self.interview is None:
            return
        counts = self.interview.progress()
        assessment = self.interview.assessment
        for top in range(self.tree.topLevelItemCount()):
            section_item = self.tree.topLevelItem(top)
            first = self.steps[section_item.data(0, STEP_ROLE)]
            done, total = counts.get(first.section, (0, 0))
            section_item.setText(1, f"{done}/{total}" if total else "")
            for c in range(section_item.childCount()):
                child = section_item.child(c)
                step = self.steps[child.data(0, STEP_ROLE)]
                d, t = step_progress(assessment, [step]).get(step.section, (0, 0))
                child.setText(1, "✓" if t and d == t else (f"{d}/{t}" if d else ""))
        self._select_current()

    def _select_current(self) -> None:
        self.tree.blockSignals(True)
        for item in self._tree_items():
            if item.data(0, STEP_ROLE) == self.index and (item.parent() or self.steps[self.index].kind
                                                          is StepKind.SUMMARY):
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)

    def _tree_items(self) -> list[QTreeWidgetItem]:
        items = []
        for top in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(top)
            items.append(item)
            items += [item.child(c) for c in range(item.childCount())]
        return items

    def _tree_clicked(self, item: QTreeWidgetItem) -> None:
        index = item.data(0, STEP_ROLE)
        if index is not None and index != self.index:
            self.go_to(index)

    def _tree_moved(self, item: QTreeWidgetItem) -> None:
        """The current item changed: by the mouse (focus goes to the page,
        like any arrival) or by the arrow keys in the sidebar (focus stays
        there, so the arrows keep walking the steps)."""
        index = item.data(0, STEP_ROLE)
        if index is not None and index != self.index:
            by_keys = self.tree.hasFocus() and QApplication.mouseButtons() == Qt.MouseButton.NoButton
            self.go_to(index, focus_page=not by_keys)

    # -- moving ---------------------------------------------------------------

    def next(self) -> None:
        """Go to the next step (if any)."""
        if self.interview and self.index + 1 < len(self.steps):
            self.go_to(self.index + 1)

    def previous(self) -> None:
        """Go to the previous step (if any)."""
        if self.interview and self.index > 0:
            self.go_to(self.index - 1)

    def primary(self) -> None:
        """The primary button (Ctrl+Enter): Next, or on the last step
        "Submit scorecard" (which asks first, see :meth:`submit`)."""
        if self.interview is None or not self.steps:
            return
        if self.index + 1 < len(self.steps):
            self.next()
        else:
            self.submit()

    def go_to(self, index: int, focus_page: bool = True) -> None:
        """Save typed text, then show step ``index`` and remember it.

        Keyboard focus goes to the step's first input
        (:meth:`~assessor.gui.pages.Page.first_input`: a question's Notes
        box, the first flag, the summary's recommendation), so typed letters
        land in the page and never in the sidebar (docs/keyboard.md);
        ``focus_page=False`` leaves it in the sidebar (arrow keys there)."""
        if self.interview is None or not self.steps:
            return
        self._in_go_to = True
        try:
            self.flush()
        finally:
            self._in_go_to = False
        self._drop_page()
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.index]
        page_type = SummaryPage if step.kind is StepKind.SUMMARY else PAGES[step.kind]
        self.resume_panel.setVisible(step.kind is StepKind.FLAGS and self.resume_panel.resume is not None)
        self.page = page_type(self, step)
        self.page.show_amendments()
        self.scroll.setWidget(self.page)
        self.scroll.verticalScrollBar().setValue(0)
        if not self.read_only:
            self._call(self.interview.set_position, step.key)
        # The panel notice in full on the first step of this visit and on
        # the summary; a one-line reminder on the steps between.
        self._steps_seen += 1
        self.panel_banner.set_compact(self._steps_seen > 1 and step.kind is not StepKind.SUMMARY)
        self.step_label.setText(f"Step {self.index + 1} of {len(self.steps)}")
        self.prev_button.setEnabled(self.index > 0)
        self._refresh_primary()
        self._select_current()
        first = self.page.first_input() if focus_page else None
        if first is not None:
            self.scroll.ensureWidgetVisible(first, 10, 10)
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        elif focus_page:
            self.scroll.setFocus(Qt.FocusReason.OtherFocusReason)
        self.step_changed.emit(step.key)

    def _drop_page(self) -> None:
        self._autosaves = []
        page = self.scroll.takeWidget()
        if page is not None:
            if isinstance(page, Page):
                page.release()
            page.hide()
            page.deleteLater()
        self.page = None

    def current_step(self) -> Step | None:
        """The step shown, if an interview is open."""
        return self.steps[self.index] if self.interview and self.steps else None

    # -- saving (the PageHost protocol) --------------------------------------

    def _call(self, fn: Callable[..., object], *args: object) -> bool:
        try:
            try:
                fn(*args)
            except ConflictingChange as change:  # someone else saved it first: ask, then show the result
                conflict.resolve(self, self.interview, change)
                self._after_conflict()
        except UnsavedError as exc:
            if exc.kept:  # shown and kept in memory: the save guard says why and retries
                self.unsaved.emit(str(exc))
                return True
            message.warning(self, "Not saved", str(exc))
            return False
        except AssessorError as exc:
            message.warning(self, "Not saved", str(exc))
            return False
        return True

    def _after_conflict(self) -> None:
        """Show the page again with the values now kept (typed text that
        was not saved is dropped with the old page: it lost)."""
        self.read_only = self.interview.assessment.is_submitted
        self._fill_header()
        if self._in_go_to:  # the page is being replaced anyway
            return
        self._drop_page()
        self.go_to(self.index)

    def save(self, fn: Callable[..., object], *args: object) -> bool:
        """Call a service method; show "Saved" and the new progress, or the error."""
        if self.read_only or not self._call(fn, *args):
            return False
        if not self.interview.unsaved:
            self.saved.emit("Saved")
        self._refresh_progress()
        return True

    def autosave(self, edit: QLineEdit | QPlainTextEdit, save: Callable[[str], object]) -> None:
        """Save the text of ``edit`` as it is typed (see :class:`TextAutosave`)."""
        if not self.read_only:
            self._autosaves.append(TextAutosave(edit, lambda text: self.save(save, text)))

    def citation(self) -> str | None:
        """"p. N" of the resume page shown beside a flags step, else ``None``
        (a flag's "Cite page" button; see gui/resume_panel.py)."""
        return self.resume_panel.citation() if self.resume_panel.resume is not None else None

    def plan_changed(self) -> None:
        """Recompute the steps after use cases were ticked; stay on this step."""
        key = self.steps[self.index].key
        self.steps = self.interview.steps()
        keys = [s.key for s in self.steps]
        self.index = keys.index(key) if key in keys else 0
        self._fill_tree()
        self.step_label.setText(f"Step {self.index + 1} of {len(self.steps)}")
        self._refresh_primary()

    def _refresh_primary(self) -> None:
        """"Next  →" before the last step, "Submit scorecard" on it (disabled
        once submitted)."""
        last = self.index + 1 >= len(self.steps)
        self.next_button.setText(("Submitted" if self.read_only else "Submit scorecard") if last else "Next  →")
        self.next_button.setObjectName("submitScorecardButton" if last else "nextButton")
        self.next_button.setToolTip("Submit and seal the scorecard: asks first (Ctrl+Enter)" if last
                                    else "Next step (Alt+Right, Ctrl+Enter, Ctrl+PgDown)")
        self.next_button.setEnabled(not (last and self.read_only))
        repolish(self.next_button)

    def submit(self) -> None:
        """Confirm, then submit: the assessment becomes read-only."""
        if self.interview is None or self.read_only:
            return
        self.flush()
        missing = self.interview.missing_for_submit()
        if missing:
            message.info(self, "Not ready", "Before submitting, set " + " and ".join(missing) + ".")
            return
        name = self.interview.assessment.candidate.name
        if not confirm_submit(self, name):
            return
        if self.save(self.interview.submit):
            self.read_only = True
            self._fill_header()
            self.go_to(self.index)
            # What happened and what is next, where the eye already is.
            self.banner_label.setText(f"Submitted and sealed — the scorecard of {name} is now read-only")
            self.next_steps.setText(NEXT_AFTER_SUBMIT)
            self.next_steps.show()
            self.saved.emit("Submitted and sealed")
            self.submitted.emit()

    def amend(self) -> AmendDialog | None:
        """Ask what to correct in the submitted assessment, record it as an
        amendment (author: the interviewer at the window), then show the
        assessment as amended.  Returns the dialog (``None`` for a draft)."""
        if self.interview is None or not self.interview.assessment.is_submitted:
            return None
        step = self.current_step()
        ids = list(step.item_ids) if step is not None else []
        kit = self.interview.assessment.kit
        preselect = next((i for i in ids if kit.find_question(i) is not None), ids[0] if ids else None)
        dialog = AmendDialog(self.interview.ws, self.interview.assessment, self.interview.actor, self,
                             item_id=preselect)
        if dialog.exec() and dialog.amended is not None:
            self.reload(Interview(self.interview.ws, dialog.amended, self.interview.actor))
            self.saved.emit("Amended")
            self.amended.emit()
        return dialog

    def reload(self, interview: Interview) -> None:
        """Show ``interview`` (the same assessment, changed elsewhere) on
        the step shown now, or the nearest one."""
        key = self.steps[self.index].key if self.steps else ""
        self.flush()
        self._drop_page()
        self.interview = interview
        self.read_only = interview.assessment.is_submitted
        self.steps = interview.steps()
        keys = [s.key for s in self.steps]
        self._fill_header()
        self._fill_tree()
        self.go_to(keys.index(key) if key in keys else min(self.index, len(self.steps) - 1))

    def export(self) -> None:
        """Ask the window to export this candidate's report."""
        if self.interview is not None:
            self.flush()
            self.export_requested.emit(self.interview.assessment.candidate.id)

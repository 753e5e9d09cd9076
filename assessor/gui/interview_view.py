"""The interview page: a header, the side panel of sections and steps, the
page of the current step, and Previous / Next.

Every click is saved at once through :class:`~assessor.services.Interview`;
typed text is saved as it is typed (debounced) and flushed on leaving the
field, the step, the interview or the window (:meth:`InterviewView.flush`).

Above the page: the panel banner (other interviewers of the candidate, whose
scores stay hidden while yours is a draft: :mod:`assessor.gui.panel_banner`)
and, once submitted, the read-only banner with the seal's status, the
amendments made since, and "Amend…" (:mod:`assessor.gui.amend_dialog`).

The view is built here (its layout, opening and leaving an interview, the
header); what it does is in one module per reason to change:
:mod:`.interview_steps` (the sidebar, Previous / Next, going to a step),
:mod:`.interview_saving` (saving, submitting, amending: the pages'
``PageHost`` protocol) and :mod:`.interview_banners` (the read-only and
panel banners).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QHBoxLayout, QHeaderView, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from ..domain import Step
from ..services import Interview
from ..services.panel import seal_status
from ..services.resume import get_resume
from .interview_banners import BannersMixin, seal_words
from .interview_clock import InterviewClock
from .interview_saving import SavingMixin
from .interview_steps import StepTree, StepsMixin
from .pages import Page
from .panel_banner import PanelBanner
from .resume_panel import ResumePanel
from .style import local_time, repolish
from .widgets import TextAutosave


class InterviewView(StepsMixin, SavingMixin, BannersMixin, QWidget):
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
        self.clock = InterviewClock()  # elapsed, and the question's time left (gui/interview_clock.py)
        row.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addSpacing(16)
        self.status_label = QLabel()
        self.status_label.setObjectName("headerStatus")
        row.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignVCenter)
        return header

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
        self.clock.stop()
        self._drop_page()
        self.resume_panel.show_resume(None)
        self.interview = None

    def flush(self) -> None:
        """Save every field with unsaved typed text, now."""
        for autosave in self._autosaves:
            autosave.flush()
        self._record_time()

    def _record_time(self) -> None:
        """Record the time spent in the section shown since the last record."""
        taken = self.clock.take()
        if taken is not None and self.interview is not None and not self.read_only:
            self._call(self.interview.add_time, *taken)

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

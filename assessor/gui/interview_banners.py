"""The banners above an interview's page: the read-only banner of a
submitted scorecard (its seal's status, in plain words too, the latest
amendments and "Amend…") and the panel banner (the other interviewers
of the candidate, :mod:`assessor.gui.panel_banner`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..domain import Assessment, verify_seal
from ..services import AssessorError
from ..services.panel import panel_view
from .widgets import amendment_text, wrapped


#: the read-only banner lists this many of the latest amendments (each page lists its own)
SHOWN_AMENDMENTS = 3


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


class BannersMixin:
    """The banners of :class:`~assessor.gui.interview_view.InterviewView`."""

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
        self.seal_label.setToolTip("A signature by the interviewer's own key (Ed25519) over the ratings, notes, "
                                   "submit time, candidate and kit, made at submission. It still verifies when "
                                   "every later change is an amendment signed by the interviewer.")
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

"""The interview's clock: an unobtrusive line in the header, never modal and
never a sound.  It shows the time spent in the interview (every section's
recorded time plus the page now open) and, on a question with a time
budget (``minutes``), the time left for it on this visit, then the time
over ("2:10 over").

It also measures the time spent in each section: :meth:`InterviewClock.take`
gives the whole seconds since the last take, for the section of the step
shown, and the view records them (:meth:`assessor.services.Interview.add_time`).
The time source is injected (:attr:`InterviewClock.clock`, seconds as a
float, :func:`time.monotonic` by default), so a test sets it and no test
depends on the machine's clock or speed; the timer only repaints.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from ..domain import Assessment, Question, Step, StepKind, UseCase

#: how often the shown time is repainted, in milliseconds (the values come from the clock)
REPAINT_MS = 1000


def clock_text(seconds: float) -> str:
    """``seconds`` as ``m:ss`` or ``h:mm:ss`` (negative counts as 0)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def step_budget(step: Step) -> int | None:
    """The time budget of ``step`` in minutes: its question's ``minutes``
    (a use case's focus question's on a use-case page), else ``None``."""
    subject = step.subject
    if step.kind is StepKind.QUESTION and isinstance(subject, Question):
        return subject.minutes
    if step.kind is StepKind.USE_CASE and isinstance(subject, UseCase):
        return subject.focus.minutes
    return None


class InterviewClock(QLabel):
    """The clock line (object name ``interviewClock``); see the module."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewClock")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Interview clock")
        self.clock: Callable[[], float] = time.monotonic
        self._assessment: Assessment | None = None
        self._step: Step | None = None
        self._since = 0.0  # the start of the time not taken yet
        self._arrived = 0.0  # when the step shown was opened
        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self.refresh)

    def show_step(self, assessment: Assessment, step: Step | None, running: bool) -> None:
        """Start timing ``step`` of ``assessment`` (call :meth:`take` first
        for the step before); ``running=False`` (a submitted scorecard)
        shows the recorded time only."""
        self._assessment, self._step = assessment, (step if running else None)
        self._since = self._arrived = self.clock()
        if running:
            self._timer.start()
        else:
            self._timer.stop()
        self.refresh()

    def take(self) -> tuple[str, int] | None:
        """(section name, whole seconds) spent since the last take on the
        step shown, the fraction left over kept for the next take; ``None``
        when nothing is being timed."""
        if self._step is None:
            return None
        seconds = int(self.clock() - self._since)
        self._since += seconds
        return self._step.section.name, seconds

    def stop(self) -> None:
        """Stop timing (the interview is left); call :meth:`take` first."""
        self._step = None
        self._timer.stop()

    def refresh(self) -> None:
        """Repaint from the clock: elapsed, and the question's time left."""
        if self._assessment is None:
            self.setText("")
            return
        now = self.clock()
        running = now - self._since if self._step is not None else 0.0
        text = f"Elapsed {clock_text(sum(self._assessment.section_seconds.values()) + running)}"
        budget = step_budget(self._step) if self._step is not None else None
        if budget is not None:
            left = budget * 60 - (now - self._arrived)
            text += (f" · this question: {clock_text(left)} left of {budget} min" if left >= 0
                     else f" · this question: {clock_text(-left)} over {budget} min")
        self.setText(text)

"""When the database refuses a save: say why, keep it, save it when it can.

The interview view reports a refused save (disk full, read-only file,
locked by another program, data folder gone) through its ``unsaved``
signal; :class:`SaveGuard` then shows a red banner under the interview's
header with the reason and a "Retry now" button, and retries every
:data:`RETRY_MS` until :meth:`~assessor.services.Interview.retry` saves
everything kept in memory; a kept change that someone else overwrote
meanwhile is asked about (keep mine / take theirs), never saved over
theirs.  Leaving the interview or closing the window
while changes are unsaved asks first (:meth:`SaveGuard.confirm_leave`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from . import message

RETRY_MS = 2000


class SaveGuard(QObject):
    """Watches ``view`` (an :class:`~assessor.gui.interview_view.InterviewView`)
    in ``window``; see the module.  Emits :attr:`recovered` once everything
    kept is saved."""

    recovered = Signal()

    def __init__(self, window: QMainWindow, view: QWidget) -> None:
        super().__init__(window)
        self.window, self.view = window, view
        self.banner = QFrame()
        self.banner.setObjectName("unsavedBanner")
        self.banner.setStyleSheet("QFrame#unsavedBanner { background: #fee2e2; border-bottom: 1px solid #fca5a5; }"
                                  "QLabel#unsavedText { color: #b91c1c; font-weight: 600; }")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(20, 8, 20, 8)
        self.label = QLabel()
        self.label.setObjectName("unsavedText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.retry_button = QPushButton("Retry now")
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self.retry)
        row.addWidget(self.label, 1)
        row.addWidget(self.retry_button)
        self.banner.hide()
        view.layout().insertWidget(1, self.banner)  # under the interview's header
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.retry)
        view.unsaved.connect(self.show_fault)

    @property
    def failing(self) -> bool:
        """True while changes are kept that the database refused."""
        interview = getattr(self.view, "interview", None)
        return bool(interview is not None and interview.unsaved)

    def show_fault(self, message: str) -> None:
        """Show ``message`` (from :class:`~assessor.services.UnsavedError`) and start retrying."""
        self.label.setText(message)
        self.banner.show()
        self.window.statusBar().showMessage("Not saved: see the message above the page", 8000)
        if not self.timer.isActive():
            self.timer.start()

    def retry(self) -> bool:
        """Try to save what is kept; hide the banner when it worked."""
        interview = getattr(self.view, "interview", None)
        if interview is None or not interview.unsaved:
            self._clear()
            return True
        if interview.retry():
            self._clear()
            self.view.saved.emit("Saved (the problem is solved)")
            self._resolve_conflicts(interview)
            self.recovered.emit()
            return True
        if interview.fault is not None:
            self.label.setText(str(interview.fault))
        return False

    def _resolve_conflicts(self, interview) -> None:  # noqa: ANN001 - an Interview
        """What someone else saved while this window's changes waited was
        not overwritten (:meth:`~assessor.services.Interview.retry`): ask
        about each such change, as for any other conflict."""
        changes = interview.conflicts()
        if not changes:
            return
        from . import conflict  # the dialog module imports the view's types

        for change in changes:
            conflict.resolve(self.window, interview, change)
        self.view._after_conflict()  # noqa: SLF001 - show the values now kept

    def _clear(self) -> None:
        self.timer.stop()
        self.banner.hide()

    def confirm_leave(self, closing: bool = False) -> bool:
        """True when the interview may be left (or the window closed): nothing
        is unsaved, or a last retry worked, or the user chose to discard."""
        if not self.failing or self.retry():
            return True
        choices = (message.Choice("stay", "Stay and retry", message.REJECT),
                   message.Choice("lose", "Quit and lose them" if closing else "Leave and lose them",
                                  message.DESTRUCTIVE))
        answer = message.ask(self.window, "Changes not saved",
                             f"{self.label.text()}\n\nIf you {'quit' if closing else 'leave'} now, the changes "
                             "that are not saved are lost.", choices, kind="warning", default="stay",
                             name="unsavedDialog")
        if answer == "lose":
            self._clear()
            return True
        return self.retry()

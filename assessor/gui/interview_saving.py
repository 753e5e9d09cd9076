"""Saving from an interview's pages (the pages' ``PageHost`` protocol):
each call through :class:`~assessor.services.Interview` with its conflict
and unsaved-change handling, typed text autosaved, submitting (after a
confirmation), amending, reloading and asking for the report.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ..services import AssessorError, ConflictingChange, Interview, UnsavedError
from . import conflict, message
from .amend_dialog import AmendDialog
from .style import repolish
from .widgets import TextAutosave


#: shown once a scorecard is submitted: what the interviewer can do next
NEXT_AFTER_SUBMIT = ("Next: export the report (Ctrl+E); open the debrief (Ctrl+D) to compare with the panel once "
                     "the others have submitted; or go back to the candidates (Ctrl+W). A correction is made with "
                     "Amend… and shows as an amendment.")


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


class SavingMixin:
    """The saving glue of :class:`~assessor.gui.interview_view.InterviewView`."""

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

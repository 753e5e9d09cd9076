"""Running an interview: every rating, tick and note, saved as it is made.

An :class:`Interview` wraps one assessment.  Each method changes the domain
object and writes the change through to the store in the same call, so what
the window shows is what the database holds (autosave).  A submitted
assessment is read-only: every change then raises :class:`AssessorError`.
"""

from __future__ import annotations

from dataclasses import replace

from ..domain import (
    Assessment, FlagState, Recommendation, Response, ScoreSummary, Status, Step, plan, progress, score,
)
from ..store import StoreError, utcnow
from .workspace import AssessorError, Workspace


class Interview:
    """One assessment being taken (or read, once submitted).

    ``assessment`` is always the current state; ``steps()`` the pages to walk.
    """

    def __init__(self, ws: Workspace, assessment: Assessment) -> None:
        self.ws = ws
        self.assessment = assessment
        self._known = set(assessment.kit.item_ids())

    # -- reading --------------------------------------------------------------

    def steps(self) -> list[Step]:
        """The interview's pages in order (see :func:`assessor.domain.plan`)."""
        return plan(self.assessment)

    def progress(self) -> dict:
        """Per section, (answered, total) items."""
        return progress(self.assessment, self.steps())

    def summary(self) -> ScoreSummary:
        """Section scores, flags and red flags by the kit's scoring rules."""
        return score(self.assessment)

    # -- writing --------------------------------------------------------------

    def _check(self, item_id: str) -> Response:
        if self.assessment.is_submitted:
            raise AssessorError("this assessment is submitted and read-only")
        if item_id not in self._known:
            raise AssessorError(f"the kit has no item {item_id!r}")
        return self.assessment.response(item_id)

    def _save(self, response: Response) -> None:
        try:
            self.ws.store.save_response(self.assessment.id, response)
        except StoreError as exc:
            raise AssessorError(str(exc)) from exc
        self.assessment.responses[response.item_id] = response

    def rate(self, item_id: str, rating: int | None) -> None:
        """Rate a question 1..N on the kit's scale; ``None`` = not assessed.

        Raises :class:`AssessorError` for a value off the scale.
        """
        current = self._check(item_id)
        if rating is not None and not 1 <= rating <= self.assessment.kit.scale.maximum:
            raise AssessorError(f"rating {rating} is off the scale 1..{self.assessment.kit.scale.maximum}")
        self._save(replace(current, rating=rating))

    def set_flag(self, item_id: str, state: FlagState) -> None:
        """Mark a resume flag present, absent or unknown."""
        self._save(replace(self._check(item_id), flag_state=FlagState(state)))

    def tick(self, item_id: str, checked: bool) -> None:
        """Tick a checklist item, a red flag (observed) or a use case (applies)."""
        self._save(replace(self._check(item_id), checked=bool(checked)))

    def write_notes(self, item_id: str, notes: str) -> None:
        """Replace the notes (or a flag's evidence) of an item."""
        current = self._check(item_id)
        if current.notes != notes:
            self._save(replace(current, notes=notes))

    def _update(self, **fields: object) -> None:
        if self.assessment.is_submitted:
            raise AssessorError("this assessment is submitted and read-only")
        try:
            self.ws.store.update_assessment(self.assessment.id, **fields)
        except StoreError as exc:
            raise AssessorError(str(exc)) from exc
        for key, value in fields.items():
            setattr(self.assessment, key, value)

    def set_position(self, step_key: str) -> None:
        """Remember the page shown, so a reopened interview resumes there.
        Does nothing once submitted."""
        if not self.assessment.is_submitted and step_key != self.assessment.position:
            self._update(position=step_key)

    def set_recommendation(self, recommendation: Recommendation | None) -> None:
        """Set the overall recommendation (Strong No .. Strong Yes)."""
        self._update(recommendation=Recommendation(recommendation) if recommendation else None)

    def set_takeaways(self, text: str) -> None:
        """Replace the key takeaways."""
        if text != self.assessment.takeaways:
            self._update(takeaways=text)

    def missing_for_submit(self) -> list[str]:
        """What must be filled before submitting: the recommendation."""
        return [] if self.assessment.recommendation else ["the overall recommendation"]

    def submit(self) -> None:
        """Submit the assessment; it is read-only from then on.

        Raises :class:`AssessorError` when the recommendation is missing or
        it was submitted already.
        """
        missing = self.missing_for_submit()
        if missing:
            raise AssessorError("before submitting, set " + " and ".join(missing))
        self._update(status=Status.SUBMITTED, submitted_at=utcnow())


def open_interview(ws: Workspace, candidate_id: int, interviewer: str = "") -> Interview:
    """Resume the candidate's latest assessment, or start one if there is none.

    A submitted latest assessment opens read-only.  A new one takes a
    snapshot of the candidate's role kit as it is now.  Raises
    :class:`AssessorError` for an unknown candidate or role.
    """
    try:
        candidate = ws.store.candidate(candidate_id)
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None
    ids = ws.store.assessment_ids(candidate_id)
    if ids:
        return Interview(ws, ws.store.assessment(ids[-1]))
    kit = ws.kit(candidate.role_id)
    return Interview(ws, ws.store.start_assessment(candidate_id, kit, interviewer.strip()))


def load_assessment(ws: Workspace, assessment_id: int) -> Assessment:
    """The stored assessment; :class:`AssessorError` if there is none."""
    try:
        return ws.store.assessment(assessment_id)
    except KeyError:
        raise AssessorError(f"no assessment with id {assessment_id}") from None

"""A relaunch returns to the interview in progress (issue 17, item 6).

When the window closes, :func:`remember_place` notes in the preferences
(:attr:`~assessor.services.settings.Preferences.in_progress`) the
candidate and the assessment it showed, per database; at the next start
:func:`place_to_return_to` says where to go back: the interviewer's own
draft reopens (at the step it was left, :attr:`Assessment.position`), a
scorecard submitted, or somebody else's, meanwhile only selects the
candidate, and an erased one is forgotten.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from ..domain import Status
from ..domain.panel import own_assessments
from .workspace import AssessorError, Workspace, update_preferences

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Place:
    """Where to return: the candidate to select (``None``: nowhere) and
    whether their assessment ``assessment_id`` is the viewer's own draft,
    to reopen (``resume``)."""

    candidate_id: int | None
    assessment_id: int | None = None
    resume: bool = False


def workspace_key(ws: Workspace) -> str:
    """The key of ``ws``'s database in the preferences: a SHA-256 digest
    of its URL (16 hex digits), so a PostgreSQL password never reaches the
    preferences file."""
    return hashlib.sha256(ws.store.url.encode("utf-8")).hexdigest()[:16]


def remember_place(ws: Workspace, candidate_id: int | None, assessment_id: int | None) -> None:
    """Note the candidate and the assessment shown as the window closes
    (both ``None``: nothing to return to).  Never raises: a preferences
    file that cannot be written only loses the place (logged, without it)."""
    key = workspace_key(ws)
    places = dict(ws.prefs.in_progress)
    places.pop(key, None)
    if candidate_id is not None:
        places[key] = [candidate_id, assessment_id or 0]
    if places == ws.prefs.in_progress:
        return
    places = dict(list(places.items())[-100:])  # the newest hundred databases
    try:
        update_preferences(ws, ws.prefs.model_copy(update={"in_progress": places}))
    except AssessorError:
        log.warning("the interview in progress could not be noted in the preferences")


def place_to_return_to(ws: Workspace, interviewer: str) -> Place:
    """Where the window returns at start (see the module docstring): the
    place noted for ``ws`` with ``resume`` only when its assessment is
    still a draft of ``interviewer``'s own (never a colleague's); the
    candidate alone when it was submitted meanwhile (or is not theirs);
    nowhere when the candidate was erased."""
    noted = ws.prefs.in_progress.get(workspace_key(ws))
    if not noted or len(noted) != 2:
        return Place(None)
    candidate_id, assessment_id = noted
    try:
        ws.store.candidate(candidate_id)
    except KeyError:
        return Place(None)  # erased meanwhile
    if not assessment_id or not interviewer.strip():
        return Place(candidate_id)
    mine = [a for a in own_assessments(ws.store.assessments_of(candidate_id), interviewer) if a.id == assessment_id]
    resume = bool(mine) and mine[0].status is Status.DRAFT
    return Place(candidate_id, assessment_id, resume)

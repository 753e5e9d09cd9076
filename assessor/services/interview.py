"""Running an interview: every rating, tick and note, saved as it is made.

An :class:`Interview` wraps one assessment.  Each method changes the domain
object and writes the change through to the store in the same call, so what
the window shows is what the database holds (autosave).  A submitted
assessment is read-only: every change then raises :class:`AssessorError`.

When the database refuses a write (disk full, read-only file, locked by
another program, data folder gone), the change is still made in memory and
kept in a queue, and :class:`UnsavedError` says why; :meth:`Interview.retry`
saves the queue in one transaction once the fault is cleared.  A change of
a rating, flag, tick, the recommendation or the status writes an audit entry
(who, when, from what to what) in the same transaction.
"""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import replace

from ..domain import (
    Assessment, AuditEntry, FlagState, Recommendation, Response, ScoreSummary, Status, Step, audit_value, departures,
    Identity, RegisteredKey, own_assessments, plan, progress, score, signed_form, star_notes,
)
from ..store import FAULTS, VERSIONED_FIELDS, ConflictError, StoreError, utcnow
from .identity import acting_identity
from .signing_keys import ensure_registered
from .workspace import AssessorError, Workspace, readable_snapshots

#: What the user can do about each fault (keys of :data:`assessor.store.FAULTS`).
FAULT_HINTS = {
    "full": "Free some disk space.",
    "readonly": "Make the database file writable again.",
    "locked": "Close the other program that uses the database.",
    "missing": "Reconnect the drive or put the data folder back.",
    "io": "Check the disk.",
    "damaged": "Restart Assessor to check the database.",
    "other": "",
    "snapshot": "",
}


class UnsavedError(AssessorError):
    """The database refused a change; ``reason`` is a key of
    :data:`assessor.store.FAULTS`.  With ``kept`` (the usual case) the change
    is made in memory (the window shows it) and saved by the next successful
    write or :meth:`Interview.retry`; without it (a submission) nothing
    changed and the user must try again."""

    def __init__(self, reason: str, kept: bool = True) -> None:
        hint = FAULT_HINTS.get(reason, "")
        fault = FAULTS.get(reason, FAULTS["other"])
        if kept:
            message = (f"Not saved: {fault}. What you entered is kept in this window and will be saved as soon "
                       f"as that is fixed. {hint}")
        else:
            message = f"Not submitted: {fault}. Nothing was changed; submit again when that is fixed. {hint}"
        super().__init__(message.strip())
        self.reason = reason
        self.kept = kept


#: The "item" of a conflicting change of the assessment's own fields
#: (recommendation, takeaways, status): pass it to keep_mine / take_theirs.
ASSESSMENT_ITEM = "assessment"


class ConflictingChange(AssessorError):
    """Someone else (another window or interviewer) changed ``item_id``
    since this interview read it; nothing was written.

    ``theirs`` is what is stored now and ``mine`` what this interview tried
    to write: :class:`~assessor.domain.Response` objects, or for
    :data:`ASSESSMENT_ITEM` dicts of the assessment fields.  ``name`` is
    the item's text.  Resolve with :meth:`Interview.keep_mine` or
    :meth:`Interview.take_theirs`."""

    def __init__(self, item_id: str, name: str, theirs: object, mine: object, version: int) -> None:
        super().__init__(f"Someone else changed {name} while you were editing")
        self.item_id, self.name, self.theirs, self.mine, self.version = item_id, name, theirs, mine, version


def item_name(assessment: Assessment, item_id: str) -> str:
    """A short human name of a kit item (its prompt, text or title)."""
    if item_id == ASSESSMENT_ITEM:
        return "the overall assessment"
    node = assessment.kit.node(item_id)
    return (node.text or item_id) if node is not None else item_id


def current_user() -> str:
    """The operating-system account name, for the audit trail when no
    interviewer name is given (``""`` if it cannot be found)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


class Interview:
    """One assessment being taken (or read, once submitted).

    ``assessment`` is always the current state; ``steps()`` the pages to walk.
    """

    def __init__(self, ws: Workspace, assessment: Assessment, actor: str = "",
                 identity: Identity | None = None) -> None:
        self.ws = ws
        self.assessment = assessment
        #: who acts (see :mod:`assessor.services.identity`); ``None``: read only
        self.identity = identity
        self.actor = (identity.display_name if identity is not None else "") or actor.strip() \
            or assessment.interviewer or current_user()
        self._known = set(assessment.kit.item_ids())
        self._pending: dict[str, Response] = {}
        self._pending_audit: list[AuditEntry] = []
        self._pending_fields: dict[str, object] = {}
        self._conflicts: dict[str, ConflictingChange] = {}
        self.fault: UnsavedError | None = None

    @property
    def unsaved(self) -> bool:
        """True while changes are kept in memory that the database refused."""
        return bool(self._pending or self._pending_fields or self._pending_audit)

    def retry(self) -> bool:
        """Save every change kept in memory, in one transaction.

        Each kept change is checked against the version it was based on:
        what someone else saved meanwhile is not overwritten but becomes a
        :class:`ConflictingChange` (see :meth:`conflicts`), to resolve with
        :meth:`keep_mine` or :meth:`take_theirs` as for any other conflict.
        Returns True when nothing is left unsaved; on failure keeps the
        queue, sets :attr:`fault` and returns False (never raises).
        """
        if not self.unsaved:
            return True
        found: dict[str | None, ConflictError] = {}
        fields = self._pending_fields
        checked = bool(VERSIONED_FIELDS & fields.keys())
        try:
            versions = self.ws.store.save_batch(
                self.assessment.id, list(self._pending.values()), self._pending_audit, fields,
                expected_version=self.assessment.version if checked else None, conflicts=found)
        except StoreError as exc:
            self.fault = UnsavedError(exc.reason)
            return False
        for item_id, version in versions.items():
            if item_id is None:
                self.assessment.version = version
            elif item_id in self.assessment.responses:
                self.assessment.responses[item_id] = replace(self.assessment.responses[item_id], version=version)
        for item_id, error in found.items():
            if item_id is None:
                mine = {k: v for k, v in fields.items() if k in VERSIONED_FIELDS}
                self._conflict(ASSESSMENT_ITEM, error.current, mine, error.version)
            else:
                self._conflict(item_id, error.current, self._pending[item_id], error.version)
        self._pending, self._pending_audit, self._pending_fields = {}, [], {}
        self.fault = None
        return True

    def conflicts(self) -> list[ConflictingChange]:
        """The unresolved conflicting changes (e.g. found by :meth:`retry`),
        oldest first."""
        return list(self._conflicts.values())

    def _audit(self, item_id: str | None, field: str, old: object, new: object) -> AuditEntry | None:
        before, after = audit_value(old), audit_value(new)
        if before == after:
            return None
        a = self.assessment
        return AuditEntry(utcnow(), self.actor, a.candidate.id, a.id, item_id, field, before, after)

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

    def _save(self, response: Response, audit: AuditEntry | None = None) -> None:
        try:
            if self.unsaved and not self.retry():
                raise StoreError("still failing", self.fault.reason if self.fault else "other")
            version = self.ws.store.save_response(self.assessment.id, response, audit,
                                                  expected_version=response.version)
        except ConflictError as exc:
            raise self._conflict(response.item_id, exc.current, response, exc.version) from None
        except StoreError as exc:
            self.assessment.responses[response.item_id] = response
            self._pending[response.item_id] = response
            if audit is not None:
                self._pending_audit.append(audit)
            self.fault = UnsavedError(exc.reason)
            raise self.fault from None
        self.assessment.responses[response.item_id] = replace(response, version=version)

    def _conflict(self, item_id: str, theirs: object, mine: object, version: int) -> ConflictingChange:
        change = ConflictingChange(item_id, item_name(self.assessment, item_id), theirs, mine, version)
        self._conflicts[item_id] = change
        return change

    def conflict(self, item_id: str) -> ConflictingChange | None:
        """The unresolved conflicting change of ``item_id``, if any."""
        return self._conflicts.get(item_id)

    def keep_mine(self, item_id: str) -> None:
        """Resolve a :class:`ConflictingChange`: write this interview's
        value over the stored one (based on the stored version now, so a
        third change in between is again a conflict)."""
        change = self._conflicts.pop(item_id)
        if item_id == ASSESSMENT_ITEM:
            self.assessment.version = change.version
            theirs = change.theirs
            audit = None
            if "recommendation" in change.mine:
                audit = self._audit(None, "recommendation", theirs["recommendation"], change.mine["recommendation"])
            elif "status" in change.mine:
                audit = self._audit(None, "status", theirs["status"], change.mine["status"])
            self._update(audit, **change.mine)
            return
        theirs, mine = change.theirs, change.mine
        audit = None
        for name in ("rating", "flag_state", "checked"):
            if getattr(theirs, name) != getattr(mine, name):
                audit = self._audit(item_id, name, getattr(theirs, name), getattr(mine, name))
                break
        self._save(replace(mine, version=change.version), audit)

    def take_theirs(self, item_id: str) -> None:
        """Resolve a :class:`ConflictingChange`: drop this interview's value
        and show the stored one (nothing is written)."""
        change = self._conflicts.pop(item_id)
        if item_id == ASSESSMENT_ITEM:
            for key, value in change.theirs.items():
                setattr(self.assessment, key, value)
            self.assessment.version = change.version
            return
        self.assessment.responses[item_id] = replace(change.theirs, version=change.version)

    def rate(self, item_id: str, rating: int | None) -> None:
        """Rate a question 1..N on the kit's scale; ``None`` = not assessed.

        Raises :class:`AssessorError` for a value off the scale.
        """
        current = self._check(item_id)
        if rating is not None and not 1 <= rating <= self.assessment.kit.scale.maximum:
            raise AssessorError(f"rating {rating} is off the scale 1..{self.assessment.kit.scale.maximum}")
        self._save(replace(current, rating=rating), self._audit(item_id, "rating", current.rating, rating))

    def set_flag(self, item_id: str, state: FlagState) -> None:
        """Mark a resume flag present, absent or unknown."""
        current = self._check(item_id)
        state = FlagState(state)
        self._save(replace(current, flag_state=state), self._audit(item_id, "flag_state", current.flag_state, state))

    def tick(self, item_id: str, checked: bool) -> None:
        """Tick a checklist item, a red flag (observed) or a use case (applies)."""
        current = self._check(item_id)
        self._save(replace(current, checked=bool(checked)),
                   self._audit(item_id, "checked", current.checked, bool(checked)))

    def write_notes(self, item_id: str, notes: str) -> None:
        """Replace the notes (or a flag's evidence) of an item."""
        current = self._check(item_id)
        if current.notes != notes:
            self._save(replace(current, notes=notes))

    def add_time(self, section: str, seconds: int) -> None:
        """Add ``seconds`` (whole, ≥ 0) to the time spent in ``section`` (a
        :class:`~assessor.domain.Section` name, e.g. ``QUESTIONS``).  Nothing
        is recorded once submitted, nor for 0 seconds."""
        if seconds <= 0 or self.assessment.is_submitted:
            return
        times = dict(self.assessment.section_seconds)
        times[section] = times.get(section, 0) + int(seconds)
        self._update(section_seconds=times)

    def write_star(self, item_id: str, parts: dict[str, str]) -> None:
        """Replace the notes of a behavioural question by its four parts
        (``situation``, ``task``, ``action``, ``result``; a missing key is
        empty), kept as one value (:func:`assessor.domain.star_notes`)."""
        self.write_notes(item_id, star_notes(parts))

    def _update(self, audit: AuditEntry | None = None, **fields: object) -> None:
        if self.assessment.is_submitted:
            raise AssessorError("this assessment is submitted and read-only")
        entries = [audit] if audit is not None else []
        checked = bool(VERSIONED_FIELDS & fields.keys())
        try:
            if self.unsaved and not self.retry():
                raise StoreError("still failing", self.fault.reason if self.fault else "other")
            version = self.ws.store.update_assessment(
                self.assessment.id, entries, expected_version=self.assessment.version if checked else None, **fields)
        except ConflictError as exc:
            raise self._conflict(ASSESSMENT_ITEM, exc.current, dict(fields), exc.version) from None
        except StoreError as exc:
            if "status" in fields:  # a submission is never kept for later: it must not happen unseen
                raise UnsavedError(exc.reason, kept=False) from None
            self._pending_fields.update(fields)
            self._pending_audit += entries
            for key, value in fields.items():
                setattr(self.assessment, key, value)
            self.fault = UnsavedError(exc.reason)
            raise self.fault from None
        for key, value in fields.items():
            setattr(self.assessment, key, value)
        if version is not None:
            self.assessment.version = version

    def set_position(self, step_key: str) -> None:
        """Remember the page shown, so a reopened interview resumes there.
        Does nothing once submitted."""
        if not self.assessment.is_submitted and step_key != self.assessment.position:
            self._update(position=step_key)

    def set_recommendation(self, recommendation: Recommendation | None) -> None:
        """Set the overall recommendation (Strong No .. Strong Yes)."""
        new = Recommendation(recommendation) if recommendation else None
        self._update(self._audit(None, "recommendation", self.assessment.recommendation, new), recommendation=new)

    def set_takeaways(self, text: str) -> None:
        """Replace the key takeaways."""
        if text != self.assessment.takeaways:
            self._update(takeaways=text)

    def set_departure_reason(self, text: str) -> None:
        """Replace the written reason for a recommendation that departs
        from the computed score (see :meth:`departures`)."""
        if text != self.assessment.departure_reason:
            self._update(departure_reason=text)

    def departures(self) -> list[str]:
        """Why the recommendation needs a written reason (empty when it
        follows the computed score); see :func:`assessor.domain.departures`."""
        return departures(self.assessment)

    def missing_for_submit(self) -> list[str]:
        """What must be filled before submitting: the recommendation, and a
        written reason when the recommendation departs from the computed
        score or hires despite a red flag."""
        if not self.assessment.recommendation:
            return ["the overall recommendation"]
        if self.departures() and not self.assessment.departure_reason.strip():
            return ["a written reason for the recommendation (" + "; ".join(self.departures()) + ")"]
        return []

    def submit(self) -> None:
        """Submit the assessment; it is read-only from then on.

        Then a rotating backup of the database is made (see
        :class:`~assessor.services.settings.Preferences`).

        Raises :class:`AssessorError` when the recommendation is missing or
        it was submitted already, :class:`UnsavedError` (and nothing is
        submitted) while changes are kept unsaved.
        """
        missing = self.missing_for_submit()
        if missing:
            raise AssessorError("before submitting, set " + " and ".join(missing))
        if self.assessment.is_submitted:
            raise AssessorError("this assessment is submitted already")
        a = self.assessment
        if self.identity is None or a.interviewer_id != self.identity.id:
            raise AssessorError("only the interviewer who took this scorecard may submit it")
        audit = self._audit(None, "status", a.status, Status.SUBMITTED)
        now = utcnow().replace(microsecond=0)
        key = ensure_registered(self.ws.store, self.identity.id, self.actor)
        form = signed_form(replace(a, status=Status.SUBMITTED, submitted_at=now))
        seal, signature = hashlib.sha256(form).hexdigest(), key.sign(form)
        self._update(audit, status=Status.SUBMITTED, submitted_at=now, seal=seal, seal_key=None,
                     signature=signature, signing_key=key.fingerprint)
        a.keys = {**a.keys, key.fingerprint: RegisteredKey(key.fingerprint, self.identity.id, key.public_key)}
        self.ws.store.backup_now()


def open_interview(ws: Workspace, candidate_id: int, interviewer: str = "") -> Interview:
    """Resume the acting person's latest assessment of the candidate, or
    start one: on a panel each interviewer scores in an assessment of their
    own, found by identity id (never by name).  The acting person is this
    OS account under the name ``interviewer`` (Preferences' name when
    blank): :func:`assessor.services.identity.acting_identity`, which
    refuses a blank name, another account's name and look-alikes
    (:class:`~assessor.services.identity.IdentityRefused`).  Their signing
    key is made and registered on first need.

    A submitted assessment opens read-only.  A new one takes a snapshot of
    the candidate's role kit as it is now.  Raises :class:`AssessorError`
    for an unknown candidate or role, or when an assessment's stored kit
    snapshot does not read back (the message says which kit; see
    :class:`assessor.store.UnreadableSnapshotError`).
    """
    with readable_snapshots():
        return _open_interview(ws, candidate_id, interviewer)


def _open_interview(ws: Workspace, candidate_id: int, interviewer: str) -> Interview:
    try:
        candidate = ws.store.candidate(candidate_id)
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None
    me = acting_identity(ws.store, interviewer or ws.prefs.interviewer)
    ensure_registered(ws.store, me.id, me.display_name)
    if ws.store.assessment_ids(candidate_id):
        mine = own_assessments(ws.store.assessments_of(candidate_id), me)
        if mine:
            return Interview(ws, mine[-1], me.display_name, me)
    kit = ws.kit(candidate.role_id)
    try:
        assessment = ws.store.start_assessment(candidate_id, kit, me.display_name, me.id)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return Interview(ws, assessment, me.display_name, me)


@readable_snapshots()
def load_assessment(ws: Workspace, assessment_id: int) -> Assessment:
    """The stored assessment; :class:`AssessorError` if there is none or
    its kit snapshot does not read back."""
    try:
        return ws.store.assessment(assessment_id)
    except KeyError:
        raise AssessorError(f"no assessment with id {assessment_id}") from None

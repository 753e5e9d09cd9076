"""The hiring manager's side: panels, debriefs, amendments, calibration and
comparison, over the store and the rules of :mod:`assessor.domain.panel`.

Independent scoring is enforced here, not in the window: whoever asks for a
candidate's panel (:func:`panel_view`) or debrief (:func:`debrief_for`)
gets what :func:`assessor.domain.visible_to` allows them, and why, as a
:class:`~assessor.domain.Visibility` value decided here once (each shell
words it; none derives it again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..domain import (
    Amendment, Assessment, AuditEntry, Comparison, Debrief, FlagState, InterviewerCalibration, Recommendation,
    SealState, Status, Visibility, audit_value, calibration, compare, debrief, own_assessments, seal_state,
    visibility,
    visible_to,
)
from ..domain.sealing import ASSESSMENT_FIELDS, RESPONSE_FIELDS
from ..store import StoreError, utcnow
from ..store.heads import assessment_heads
from .interview import item_name
from ..domain import amendment_form, next_amendment_link, show_fingerprint
from ..domain.signing import chain_link
from .identity import acting_identity, known_viewer
from .signing_keys import ensure_registered
from .workspace import AssessorError, Workspace, readable_snapshots

T = TypeVar("T")


@dataclass(frozen=True)
class Shown:
    """What :func:`shown_to` kept of some assessments for a viewer.

    ``assessments`` are the ones kept (in the order given);
    ``drafts_left_out`` counts the other interviewers' drafts withheld
    (never shown to anyone but their author: a hiring manager's tools treat
    them as not there); ``hidden`` counts others' *submitted* assessments
    withheld because the viewer's own assessment of that candidate is a
    draft (independent scoring)."""

    assessments: list[Any]
    drafts_left_out: int = 0
    hidden: int = 0

    @property
    def left_out_text(self) -> str:
        """"2 drafts left out; 1 scorecard hidden until you submit yours"
        (only the parts that apply), "" when nothing was withheld."""
        parts = []
        if self.drafts_left_out:
            n = self.drafts_left_out
            parts.append(f"{n} draft{'s' if n != 1 else ''} of other interviewers left out")
        if self.hidden:
            n = self.hidden
            parts.append(f"{n} submitted scorecard{'s' if n != 1 else ''} hidden until you submit your own")
        return "; ".join(parts)


def _by_candidate(a: Any) -> int:
    return a.candidate_id if hasattr(a, "candidate_id") else a.candidate.id


def shown_to(assessments: Iterable[T], viewer: str, key: Callable[[T], object] = _by_candidate) -> Shown:
    """The one rule every report, view and export applies: of
    ``assessments`` (of any candidates, grouped by ``key``: the candidate's
    id), what ``viewer`` may see, per candidate
    (:func:`assessor.domain.visible_to`): their own assessments, drafts
    included, and the others' submitted ones unless the viewer still has a
    draft of that candidate; never another interviewer's draft.  A blank
    ``viewer`` (a hiring manager, or nobody named) owns nothing: they see
    submitted assessments only.  Works on anything with ``interviewer`` and
    ``status`` (domain assessments, the store's export records and
    :class:`~assessor.store.heads.AssessmentHead`)."""
    listed = list(assessments)
    groups: dict[object, list[T]] = {}
    for a in listed:
        groups.setdefault(key(a), []).append(a)
    keep: set[int] = set()
    for group in groups.values():
        if viewer.strip():
            kept = visible_to(group, viewer)
        else:
            kept = [a for a in group if a.status == Status.SUBMITTED]  # type: ignore[attr-defined]
        keep.update(id(a) for a in kept)
    dropped = [a for a in listed if id(a) not in keep]
    drafts = sum(a.status == Status.DRAFT for a in dropped)  # type: ignore[attr-defined]
    return Shown([a for a in listed if id(a) in keep], drafts, len(dropped) - drafts)


def left_out(ws: Workspace, viewer: str, *, candidate_ids: Sequence[int] | None = None,
             role_id: str | None = None) -> Shown:
    """What :func:`shown_to` withholds from ``viewer`` of the assessments of
    ``candidate_ids`` and/or ``role_id`` (everyone's when neither is
    given), counted from the assessments' heads (one query, nothing
    loaded): for a shell to say "2 drafts left out"."""
    return shown_to(assessment_heads(ws.store, candidate_ids, role_id), viewer)


class ScoresHidden(AssessorError):
    """Refused: the viewer's own assessment of the candidate is a draft, so
    nothing that shows the others' ratings is given to them (independent
    scoring).  ``visibility`` is
    :attr:`~assessor.domain.Visibility.HIDDEN_UNTIL_YOU_SUBMIT`; a shell
    words it (the message is a plain fallback)."""

    def __init__(self, candidate_id: int) -> None:
        super().__init__("the other interviewers' ratings stay hidden until you submit your own assessment")
        self.candidate_id = candidate_id
        self.visibility = Visibility.HIDDEN_UNTIL_YOU_SUBMIT


@dataclass(frozen=True)
class PanelView:
    """What ``viewer`` may see of one candidate's panel.

    ``visible`` are the assessments shown (their own, and the others'
    submitted ones once they have no draft); ``hidden`` counts the others'
    assessments withheld and ``visibility`` says why
    (:attr:`~assessor.domain.Visibility.VISIBLE` when nothing is hidden);
    ``interviewers`` names everyone who assessed the candidate."""

    candidate_id: int
    viewer: str
    visible: list[Assessment]
    hidden: int
    visibility: Visibility
    interviewers: list[str] = field(default_factory=list)

    @property
    def submitted(self) -> list[Assessment]:
        """The visible submitted assessments, oldest first."""
        return [a for a in self.visible if a.is_submitted]

    @property
    def own(self) -> list[Assessment]:
        """The viewer's own assessments of the candidate, oldest first
        (names compared without case, :func:`assessor.domain.own_assessments`)."""
        return own_assessments(self.visible, self.viewer)

    @property
    def own_status(self) -> Status | None:
        """The status of the viewer's latest own assessment (the one that
        opens for them), ``None`` when they have none."""
        own = self.own
        return own[-1].status if own else None

    @property
    def scores_hidden(self) -> bool:
        """True while the others' ratings are hidden from the viewer (their own assessment is a draft)."""
        return self.visibility.scores_hidden


@readable_snapshots()
def panel_view(ws: Workspace, candidate_id: int, viewer: str) -> PanelView:
    """The candidate's assessments as ``viewer`` may see them, and their
    :class:`~assessor.domain.Visibility` (see
    :func:`assessor.domain.visibility`): the one place it is decided.
    Raises :class:`AssessorError` for an unknown candidate."""
    try:
        ws.store.candidate(candidate_id)
    except KeyError:
        raise AssessorError(f"no candidate with id {candidate_id}") from None
    everyone = ws.store.assessments_of(candidate_id)
    who = known_viewer(ws.store, viewer)
    shown = visible_to(everyone, who)
    return PanelView(candidate_id, viewer, shown, len(everyone) - len(shown), visibility(everyone, who),
                     [a.interviewer for a in everyone])


def check_scores_visible(ws: Workspace, candidate_id: int, viewer: str) -> PanelView:
    """The :func:`panel_view`, or :class:`ScoresHidden` while the viewer's
    own assessment is a draft."""
    view = panel_view(ws, candidate_id, viewer)
    if view.scores_hidden:
        raise ScoresHidden(candidate_id)
    return view


def debrief_for(ws: Workspace, candidate_id: int, viewer: str = "") -> Debrief:
    """The debrief of the candidate's submitted assessments that ``viewer``
    may see.  Raises :class:`ScoresHidden` while the viewer's own
    assessment is a draft (independent scoring), :class:`AssessorError`
    when nothing is submitted yet."""
    submitted = check_scores_visible(ws, candidate_id, viewer).submitted
    if not submitted:
        raise AssessorError("no assessment of this candidate is submitted yet")
    return debrief(submitted)


def _coerce(field_name: str, value: object) -> object:
    if value is None:
        return None
    if field_name == "rating":
        return int(value)  # type: ignore[call-overload]
    if field_name == "flag_state":
        return FlagState(value)
    if field_name == "checked":
        return bool(value)
    if field_name == "recommendation":
        return Recommendation(value)
    return str(value)


def amend(ws: Workspace, assessment_id: int, item_id: str | None, field_name: str, value: object, reason: str,
          author: str) -> Assessment:
    """Correct a submitted assessment: set ``field_name`` of ``item_id``
    (``None``: of the assessment: recommendation, takeaways,
    departure_reason) to ``value``, recorded as a visible
    :class:`~assessor.domain.Amendment` with ``reason`` and ``author``; the
    seal is kept and still verifies (:func:`assessor.domain.verify_seal`).
    Returns the assessment as stored now.

    Raises :class:`AssessorError` for a draft (edit it instead), a blank
    reason, an unknown item or field, a value off the scale, or when the
    database refuses."""
    try:
        current = ws.store.assessment(assessment_id)
    except KeyError:
        raise AssessorError(f"no assessment with id {assessment_id}") from None
    if not current.is_submitted:
        raise AssessorError("a draft is edited, not amended")
    if not reason.strip():
        raise AssessorError("an amendment needs a reason")
    fields = ASSESSMENT_FIELDS if item_id is None else RESPONSE_FIELDS
    if field_name not in fields:
        raise AssessorError(f"cannot amend {field_name!r}; one of {', '.join(fields)}")
    if item_id is not None and item_id not in set(current.kit.item_ids()):
        raise AssessorError(f"the kit has no item {item_id!r}")
    try:
        new = _coerce(field_name, value)
    except (ValueError, TypeError):
        raise AssessorError(f"{value!r} is not a valid {field_name.replace('_', ' ')}") from None
    if field_name == "rating" and new is not None and not 1 <= new <= current.kit.scale.maximum:  # type: ignore[operator]
        raise AssessorError(f"rating {new} is off the scale 1..{current.kit.scale.maximum}")
    if item_id is None:
        old = getattr(current, field_name)
    else:
        old = getattr(current.response(item_id), field_name)
    if field_name in ("notes", "takeaways", "departure_reason"):
        old, new = old or "", new or ""
    if old == new:
        raise AssessorError(f"{item_name(current, item_id or 'assessment')} already has that value")
    me = acting_identity(ws.store, author)
    if current.interviewer_id != me.id:
        raise AssessorError(f"only {current.interviewer or 'its interviewer'} may amend this scorecard")
    key = ensure_registered(ws.store, me.id, me.display_name)
    now = utcnow()
    previous = next_amendment_link(current)
    amendment = Amendment(now, me.display_name, item_id, field_name, old, new, reason.strip(), author_id=me.id)
    form = amendment_form(current.uid, previous, amendment)
    amendment = replace(amendment, signature=key.sign(form), signing_key=key.fingerprint,
                        link=chain_link(previous, form))
    audit = None
    if field_name in ("rating", "flag_state", "checked", "recommendation"):
        audit = AuditEntry(now, me.display_name, current.candidate.id, assessment_id, item_id, field_name,
                           audit_value(old), audit_value(new))
    try:
        ws.store.add_amendment(assessment_id, amendment, audit)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return ws.store.assessment(assessment_id)


def seal_status(assessment: Assessment) -> str:
    """One line on the seal for the window and report: "Signed by Ann at
    submission, key ed25519:1a2b …; intact" (a signed seal, with the key's
    fingerprint), "…, sealed with the older shared key; intact" (an HMAC
    seal of before signatures), "… BROKEN, that key is not registered to its
    interviewer", "Sealed 1a2b3c4d… at submission; intact", "…; 2 amendments since", "…: BROKEN …",
    "…, before keyed seals; intact" (an unkeyed seal of before, checked by
    its old rule), "… not verifiable here" (a key this installation does
    not hold), or "Not sealed" (a draft, or submitted before seals
    existed).  See :func:`assessor.domain.seal_state`."""
    found = seal_state(assessment)
    if found is SealState.ANONYMIZED:
        return "Sealed at submission; not verifiable since the candidate was anonymized (notes removed)"
    if found is SealState.NONE:
        return "Not sealed (a draft, or submitted before sealing existed)"
    head = f"Sealed {assessment.seal[:16]}… at submission"  # type: ignore[index]
    if assessment.signing_key:
        head = f"Signed by {assessment.interviewer} at submission, key {show_fingerprint(assessment.signing_key)}"
    signer = assessment.keys.get(assessment.signing_key or "")
    if found is SealState.REVOKED:
        return head + (f": signed by a revoked key (revoked as of {signer.revoked_at:%Y-%m-%d %H:%M} UTC, "  # type: ignore[union-attr]
                       f"before this was signed or amended): not verifiable" if signer is not None and signer.revoked_at
                       else ": signed by a revoked key: not verifiable")
    if found is SealState.RETIRED:
        return head + ": signed by a key after its retirement (rotation): not verifiable"
    if found is SealState.NOT_HELD:
        return head + (", registered to its interviewer in the database but not the key their own account "
                       "holds: not verifiable (a key slipped in, or their old key was lost)")
    if found is SealState.UNKNOWN_KEY:
        return head + ", which is not registered in this database: not verifiable"
    if found is SealState.UNREGISTERED:
        return head + ": BROKEN, that key is not registered to its interviewer"
    if found is SealState.AMENDMENT_BROKEN:
        return head + ": BROKEN, an amendment is not signed by the interviewer or not in its chain"
    if found in (SealState.SHARED_INTACT, SealState.SHARED_BROKEN):
        head += ", sealed with the older shared key"
    if found is SealState.OTHER_KEY:
        return head + f" with key {assessment.seal_key}, which this installation does not hold: not verifiable here"
    if found is SealState.OLD_LATE:
        return head + (" without a signature, after signed seals began here: not verifiable (written by an "
                       "older Assessor, or its signature was removed in the database)")
    if found in (SealState.OLD_INTACT, SealState.OLD_BROKEN):
        head += ", before keyed seals"
    if not found.ok:
        return head + ": BROKEN, a rating or note changed without an amendment" + (
            "" if found is SealState.OLD_BROKEN else " (or the candidate or the kit it was scored against)")
    n = len(assessment.amendments)
    later = ""
    if found is SealState.REVOKED_LATER and signer is not None and signer.revoked_at is not None:
        later = f"; signed by a key revoked later on {signer.revoked_at:%Y-%m-%d}"
    elif signer is not None and signer.retired_at is not None:
        later = f"; key retired {signer.retired_at:%Y-%m-%d} (rotated), after it signed this"
    return head + ("; intact" if not n else f"; intact, {n} amendment{'s' if n > 1 else ''} since") + later


def _role_shown(ws: Workspace, role_id: str, viewer: str) -> list[Assessment]:
    """The submitted assessments of ``role_id`` that ``viewer`` may see
    (:func:`shown_to`, applied to the heads: no draft is loaded)."""
    heads = left_out(ws, viewer, role_id=role_id).assessments
    ids = {h.id for h in _drained(heads) if h.status == Status.SUBMITTED}
    # both lists let go one item at a time (see _drained): at 100,000 candidates each freed whole held
    # the interpreter lock for tens of milliseconds (the window's event loop stalled while calibration ran)
    return [a for a in _drained(ws.store.role_assessments(role_id)) if a.id in ids]


@readable_snapshots()
def calibration_for(ws: Workspace, role_id: str | None = None, viewer: str = "") -> list[InterviewerCalibration]:
    """Each interviewer's ratings against everyone's (see
    :func:`assessor.domain.calibration`), over the submitted assessments of
    ``role_id`` (every role when ``None``) that ``viewer`` may see
    (:func:`shown_to`: while the viewer's own assessment of a candidate is
    a draft, the others' scorecards of that candidate are left out; blank:
    a hiring manager's view, every submitted one).  Never a draft."""
    roles = [role_id] if role_id else sorted(ws.store.role_ids())
    return calibration(a for r in roles for a in _drained(_role_shown(ws, r, viewer)))


def _drained(items: list[T]) -> Iterator[T]:
    """``items`` one by one, each let go once the next is asked for, the
    list emptied as it goes: a role's hundred thousand assessments freed in
    one go would hold the interpreter lock (and freeze the window) for a
    quarter second; freed one at a time, the worker yields between them."""
    items.reverse()
    while items:
        yield items.pop()


@readable_snapshots()
def comparison_for(ws: Workspace, role_id: str, viewer: str = "") -> Comparison:
    """The candidates of ``role_id`` side by side (see
    :func:`assessor.domain.compare`) over the submitted assessments
    ``viewer`` may see (:func:`shown_to`); candidates with none are left
    out.  Never a draft.  Raises :class:`AssessorError` for an empty
    role id."""
    if not role_id.strip():
        raise AssessorError("name the role to compare")
    panels: dict[int, list[Assessment]] = {}
    for a in _drained(_role_shown(ws, role_id, viewer)):
        panels.setdefault(a.candidate.id, []).append(a)
    return compare(role_id, (panels.pop(cid) for cid in list(panels)))

"""Sealed ratings, amendments, and recommendations that depart from the score.

Submitting an assessment seals it: :func:`keyed_seal` is an HMAC-SHA256,
with this installation's secret key, over a canonical JSON form of
everything the interviewer decided (every response's rating, flag state,
tick and notes, the recommendation, the takeaways, the reason for a
departure, who and when) bound to the candidate's uid, the assessment's uid
and the SHA-256 of the kit snapshot's stored text (:func:`keyed_form`).
The seal and the key's fingerprint are stored and printed in the report, so
a hiring manager can check that no rating moved after the debrief began,
that the scorecard was not moved to another candidate, and that the kit it
was scored against was not edited.  The key lives outside the database
(:mod:`assessor.services.seal_keys` keeps it; the domain only receives it
through :func:`use_keys`), so a colleague with only SQL access cannot
compute a seal that verifies.

Seals made before keyed seals (:func:`seal_digest`, an unkeyed SHA-256 of
:func:`canonical_form`, ``seal_key`` empty) still verify by their old rule
and say so (:class:`SealState`).  Such a seal is accepted only for a
scorecard submitted before this installation's key was created: a keyed
seal whose key column was blanked in SQL does not pass as an old one unless
its submit time is also moved back before the upgrade (the report prints
that time).

A later correction is an :class:`~assessor.domain.Amendment`: the change is
made, and the amendment (old value, new value, who, when, why) is stored
beside it and listed in every report.  :func:`sealed_state` undoes the
amendments, newest first, to rebuild the assessment as it was submitted;
:func:`verify_seal` compares that state's digest with the stored seal, so
an edit made without an amendment (a silent one, e.g. straight in the
database) shows as a broken seal.

The departure rule (:func:`departures`) makes the decision follow the rule
set in advance: the overall score is computed mechanically from the kit's
weights (:func:`assessor.domain.score`; mechanical combination predicts
better than holistic judgement: Kuncel, Klieger, Connelly & Ones 2013,
*Journal of Applied Psychology* 98(6)), and a recommendation that departs
from it needs a written reason.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime
from enum import Enum
from typing import Protocol

from .assessment import Amendment, Assessment, FlagState, Recommendation, Response
from .scoring import ScoreSummary, midpoint, score
from .signing import RegisteredKey, chain_link, seal_link, verify

#: the response fields an amendment may change
RESPONSE_FIELDS = ("rating", "flag_state", "checked", "notes")
#: the assessment fields an amendment may change
ASSESSMENT_FIELDS = ("recommendation", "takeaways", "departure_reason")


def _plain(value: object) -> object:
    if isinstance(value, FlagState | Recommendation):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value


def canonical_form(assessment: Assessment) -> bytes:
    """The bytes the seal is computed over: compact JSON with sorted keys
    of the kit's role id and version, the interviewer, the submit time (to
    the second), the recommendation, takeaways, departure reason and every
    stored response (rating, flag state, tick, notes) sorted by item id.
    Row versions and ids are left out: a copy or an import to another
    database keeps the same seal."""
    a = assessment
    responses = [
        [r.item_id, r.rating, _plain(r.flag_state), r.checked, r.notes]
        for r in sorted(a.responses.values(), key=lambda r: r.item_id)
        if r.rating is not None or r.flag_state is not None or r.checked is not None or r.notes
    ]
    body = {
        "kit": [a.kit.role_id, a.kit.version],
        "interviewer": a.interviewer,
        "submitted_at": _plain(a.submitted_at),
        "recommendation": _plain(a.recommendation),
        "takeaways": a.takeaways,
        "departure_reason": a.departure_reason,
        "responses": responses,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def seal_digest(assessment: Assessment) -> str:
    """SHA-256 (hex, 64 characters) of :func:`canonical_form`: the unkeyed
    seal of before keyed seals (and of the bulk demo, whose candidates have
    no uid yet when it is computed)."""
    return hashlib.sha256(canonical_form(assessment)).hexdigest()


def keyed_form(assessment: Assessment) -> bytes:
    """The bytes a keyed seal covers: compact JSON with sorted keys of
    :func:`canonical_form` (as text), the candidate's uid, the assessment's
    uid and ``kit_digest`` (the SHA-256 of the kit snapshot's stored text),
    with ``"form": 2``."""
    a = assessment
    body = {"form": 2, "scorecard": canonical_form(a).decode("utf-8"), "candidate": a.candidate.uid,
            "assessment": a.uid, "kit_digest": a.kit_digest}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signed_form(assessment: Assessment) -> bytes:
    """The bytes a signed seal covers: :func:`keyed_form`'s fields with
    ``"form": 3`` and the interviewer's identity id (see
    :mod:`assessor.domain.signing`)."""
    a = assessment
    body = {"form": 3, "scorecard": canonical_form(a).decode("utf-8"), "candidate": a.candidate.uid,
            "assessment": a.uid, "kit_digest": a.kit_digest, "interviewer_id": a.interviewer_id}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def amendment_form(assessment_uid: str, previous: str, amendment: Amendment) -> bytes:
    """The bytes an amendment's signature covers: the assessment's uid,
    the previous link (:func:`assessor.domain.signing.seal_link` of the seal
    for the first amendment, else the previous amendment's ``link``) and
    every field of the amendment."""
    m = amendment
    body = {"form": "assessor amendment 1", "assessment": assessment_uid, "previous": previous,
            "at": m.at.isoformat(timespec="microseconds"), "author": m.author, "author_id": m.author_id,
            "item": m.item_id, "field": m.field, "old": _plain(m.old), "new": _plain(m.new), "reason": m.reason}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def next_amendment_link(assessment: Assessment) -> str:
    """The link a new amendment of ``assessment`` chains to: the newest
    amendment's ``link``, or the seal's when there is none yet (``""`` for
    a scorecard that is not signed)."""
    for m in reversed(assessment.amendments):
        if m.link:
            return m.link
    return seal_link(assessment.signature) if assessment.signature else ""


def key_fingerprint(key: bytes) -> str:
    """The first 16 hex digits of the key's SHA-256: names the key in the
    database and the report without revealing it."""
    return hashlib.sha256(b"assessor seal key\0" + key).hexdigest()[:16]


def keyed_seal(assessment: Assessment, key: bytes) -> tuple[str, str]:
    """(seal, key fingerprint): the HMAC-SHA256 (hex, 64 characters) of
    :func:`keyed_form` with ``key``, and :func:`key_fingerprint`."""
    return hmac.new(key, keyed_form(assessment), hashlib.sha256).hexdigest(), key_fingerprint(key)


class SealKeys(Protocol):
    """Where seal keys come from (see :mod:`assessor.services.seal_keys`)."""

    def signing_key(self) -> bytes:
        """This installation's key, created on first use; raises ``OSError``
        when it cannot be read or written."""

    def key(self, fingerprint: str) -> bytes | None:
        """The key with ``fingerprint`` if this installation holds it (never creates one)."""

    def created(self) -> datetime | None:
        """When this installation's key was made (naive UTC); ``None`` if it has none yet."""


_keys: SealKeys | None = None


def use_keys(keys: SealKeys | None) -> None:
    """Set where :func:`seal_state` and :func:`seal_now` get keys (done once
    by :mod:`assessor.services`; ``None``: no key, keyed seals cannot be
    checked)."""
    global _keys
    _keys = keys


def seal_now(assessment: Assessment) -> tuple[str, str | None]:
    """(seal, key fingerprint) for ``assessment`` as it is submitted: keyed
    with the installation's key, or :func:`seal_digest` and ``None`` when no
    key source is set.  Raises ``OSError`` when the key cannot be read or made."""
    if _keys is None:
        return seal_digest(assessment), None
    return keyed_seal(assessment, _keys.signing_key())


class SealState(Enum):
    """What :func:`seal_state` found; ``value`` is a short word for reports."""

    NONE = "not sealed"
    ANONYMIZED = "not verifiable"
    #: a signed seal (Ed25519, the interviewer's own registered key)
    INTACT = "intact"
    BROKEN = "broken"
    #: an unkeyed seal of before keyed seals, checked by its old rule
    OLD_INTACT = "intact (old seal)"
    OLD_BROKEN = "broken (old seal)"
    #: an unkeyed seal dated after this installation's key was made: written
    #: by an older Assessor, or a keyed seal whose key was blanked in SQL
    OLD_LATE = "unkeyed after keyed seals began"
    #: a keyed seal by a key this installation does not hold
    OTHER_KEY = "not verifiable here"
    #: signed by a key registered to someone else than the scorecard's interviewer
    UNREGISTERED = "broken (not signed by a key registered to its interviewer)"
    #: signed by a key registered to the owner in the database, but not the
    #: one their own account holds: a key slipped in, or their lost old key
    NOT_HELD = "not verifiable (a key registered to you that this account does not hold)"
    #: signed by a key not registered in this database at all (e.g. imported)
    UNKNOWN_KEY = "not verifiable (signed by a key not registered here)"
    #: an amendment unsigned, signed by someone else, or out of its chain
    AMENDMENT_BROKEN = "broken (an amendment is not signed by the interviewer or not in the chain)"
    #: keyed seals of before signatures: the older shared installation key
    SHARED_INTACT = "intact (sealed with the older shared key)"
    SHARED_BROKEN = "broken (sealed with the older shared key)"
    #: signed (or amended) after its key was revoked: refused
    REVOKED = "not verifiable (signed by a revoked key)"
    #: signed before its key was revoked: verifies, and says when the key was revoked
    REVOKED_LATER = "intact (signed by a key revoked later)"
    #: signed (or amended) after its key was retired by a rotation: refused
    RETIRED = "not verifiable (signed by a key after its retirement)"

    @property
    def ok(self) -> bool | None:
        """True intact, False broken, ``None`` neither (see :func:`verify_seal`)."""
        return {SealState.INTACT: True, SealState.OLD_INTACT: True, SealState.BROKEN: False,
                SealState.OLD_BROKEN: False, SealState.SHARED_INTACT: True, SealState.SHARED_BROKEN: False,
                SealState.UNREGISTERED: False, SealState.AMENDMENT_BROKEN: False, SealState.REVOKED: False,
                SealState.RETIRED: False, SealState.REVOKED_LATER: True}.get(self)


_own_keys = None


def use_own_keys(source) -> None:
    """Set the source of this account's own keys: ``source(identity_id)``
    gives (fingerprint, public key hex) of the private key this account
    holds for that identity, or ``None``.  Its own key is trusted here even
    where the database does not register it (an imported scorecard of one's own).  A scorecard of an identity whose key is held
    here verifies only with that key, whatever else the database registers
    for it (see ``docs/security.md``)."""
    global _own_keys
    _own_keys = source


def signed_state(assessment: Assessment) -> SealState:
    """The state of a signed seal: INTACT only when the signature
    of :func:`signed_form` of the state before the amendments verifies
    against a key in ``assessment.keys`` registered to the scorecard's
    ``interviewer_id``, and every amendment is signed by a key registered
    to that same identity and chained in order to the seal; UNKNOWN_KEY
    (not verifiable) when the seal's key is not registered at all."""
    a = assessment
    key = a.keys.get(a.signing_key or "")
    own_key = _own_keys(a.interviewer_id) if _own_keys is not None and a.interviewer_id else None
    own = own_key[0] if own_key is not None else None
    if key is None and own is not None and own == a.signing_key:
        key = RegisteredKey(own, a.interviewer_id, own_key[1])  # type: ignore[arg-type]
    if key is None:
        return SealState.UNKNOWN_KEY
    if not a.interviewer_id or key.identity_id != a.interviewer_id:
        return SealState.UNREGISTERED
    if own is not None and own != key.fingerprint and own not in key.successors:
        return SealState.NOT_HELD  # registered for them in the database, not the key they hold (nor rotated to it)
    if not verify(key.public_key, signed_form(sealed_state(a)), a.signature):
        return SealState.BROKEN
    late = _late(key, a.submitted_at)
    if late is not None:
        return late
    previous = seal_link(a.signature or "")
    for m in a.amendments:
        by = a.keys.get(m.signing_key or "") or (key if m.signing_key == key.fingerprint else None)
        form = amendment_form(a.uid, previous, m)
        if (by is None or m.author_id != a.interviewer_id or by.identity_id != m.author_id
                or (own is not None and by.fingerprint != own and by.fingerprint != key.fingerprint
                    and own not in by.successors)
                or m.link != chain_link(previous, form) or not verify(by.public_key, form, m.signature)):
            return SealState.AMENDMENT_BROKEN
        late = _late(by, m.at)
        if late is not None:
            return late
        previous = m.link
    if key.revoked_at is not None or any(
            (a.keys.get(m.signing_key or "") or key).revoked_at is not None for m in a.amendments):
        return SealState.REVOKED_LATER
    return SealState.INTACT


def _late(key: RegisteredKey, when: datetime | None) -> SealState | None:
    """REVOKED or RETIRED when ``when`` (a submit or amendment time) is
    after ``key`` was revoked or retired, else ``None``.  Submit times are
    whole seconds, standing times are not: a seal in the second a key was
    retired counts as before it."""
    if when is None:
        return None
    at = _naive_utc(when)
    if key.revoked_at is not None and at > key.revoked_at:
        return SealState.REVOKED
    if key.retired_at is not None and at > key.retired_at:
        return SealState.RETIRED
    return None


def _naive_utc(when: datetime) -> datetime:
    """``when`` as naive UTC (stored times are; one built in code may carry a zone)."""
    return when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)


def seal_state(assessment: Assessment, keys: SealKeys | None = None) -> SealState:
    """The seal's state: compare the state before the amendments
    (:func:`sealed_state`) with the stored seal, by the keyed rule (key
    named by ``seal_key``, from ``keys`` or the source of :func:`use_keys`)
    or, for a seal with no key, by the old unkeyed rule, accepted only when
    submitted before this installation's key was created (else OLD_LATE:
    it cannot be told from a keyed seal whose key was blanked to pass a
    recomputed digest as an old seal)."""
    a = assessment
    if not a.seal:
        return SealState.NONE
    if a.candidate.anonymized_at is not None:
        return SealState.ANONYMIZED
    if a.signature or a.signing_key:
        return signed_state(a)
    if a.signed_since is not None and a.submitted_at is not None and \
            _naive_utc(a.submitted_at) >= a.signed_since.replace(microsecond=0):
        return SealState.OLD_LATE  # unsigned after signed seals began here: a signature was removed
    keys = keys if keys is not None else _keys
    before = sealed_state(a)
    if not a.seal_key:
        created = keys.created() if keys is not None else None
        # submit times are whole seconds: one in the key's own second is not "before" it
        if created is not None and a.submitted_at is not None and _naive_utc(a.submitted_at) >= created.replace(
                microsecond=0):
            return SealState.OLD_LATE
        return SealState.OLD_INTACT if hmac.compare_digest(seal_digest(before), a.seal) else SealState.OLD_BROKEN
    key = keys.key(a.seal_key) if keys is not None else None
    if key is None:
        return SealState.OTHER_KEY
    seal, _ = keyed_seal(before, key)
    return SealState.SHARED_INTACT if hmac.compare_digest(seal, a.seal) else SealState.SHARED_BROKEN


def apply_amendment(assessment: Assessment, amendment: Amendment, *, undo: bool = False) -> None:
    """Set ``amendment.field`` to its new value (its old one with ``undo``)
    in ``assessment``, in place.  Raises ``ValueError`` for a field an
    amendment cannot change."""
    value = amendment.old if undo else amendment.new
    if amendment.item_id is None:
        if amendment.field not in ASSESSMENT_FIELDS:
            raise ValueError(f"an amendment cannot change {amendment.field!r}")
        if amendment.field == "recommendation":
            value = Recommendation(value) if value else None
        elif value is None:
            value = ""
        setattr(assessment, amendment.field, value)
        return
    if amendment.field not in RESPONSE_FIELDS:
        raise ValueError(f"an amendment cannot change {amendment.field!r}")
    if amendment.field == "flag_state" and value is not None:
        value = FlagState(value)
    if amendment.field == "notes" and value is None:
        value = ""
    current = assessment.responses.get(amendment.item_id) or Response(item_id=amendment.item_id)
    assessment.responses[amendment.item_id] = replace(current, **{amendment.field: value})


def sealed_state(assessment: Assessment) -> Assessment:
    """A copy of ``assessment`` as it was submitted: its amendments undone,
    newest first (the original is not changed)."""
    copy = replace(assessment, responses=dict(assessment.responses), amendments=[])
    for amendment in reversed(assessment.amendments):
        apply_amendment(copy, amendment, undo=True)
    return copy


def verify_seal(assessment: Assessment) -> bool | None:
    """``None`` when the assessment is not sealed (a draft), when its
    candidate was anonymized (the notes the seal covered are gone on
    purpose) or when its key is not held here; else True when the state
    before its amendments still matches the stored seal, False when
    something changed without an amendment (see :func:`seal_state`)."""
    return seal_state(assessment).ok


def indicated_recommendation(overall: float | None, scale_max: int) -> Recommendation | None:
    """The recommendation the computed score points to: the scale 1..N cut
    into four equal bands, Strong No, No, Yes, Strong Yes (on 1..4: below
    1.75, below 2.5, below 3.25, the rest).  ``None`` without a score.  The
    middle cut is the scale's midpoint, the line between hire and no hire."""
    if overall is None:
        return None
    width = (scale_max - 1) / 4
    for bound, rec in ((1 + width, Recommendation.STRONG_NO), (1 + 2 * width, Recommendation.NO),
                       (1 + 3 * width, Recommendation.YES)):
        if overall < bound:
            return rec
    return Recommendation.STRONG_YES


def departures(assessment: Assessment, summary: ScoreSummary | None = None) -> list[str]:
    """Why the recommendation needs a written reason; ``[]`` when it
    follows the computed score.  A recommendation departs when:

    * it recommends a hire while the computed overall score is below the
      scale's midpoint, or no hire while it is at or above it (the hire
      line of :func:`indicated_recommendation`; a step within one side,
      Yes for Strong Yes, is the interviewer's to take); a red flag
      observed is reason enough for no hire, and the report lists it;
    * it recommends a hire with no question rated (no score to follow);
    * it recommends a hire despite an observed red flag.
    """
    rec = assessment.recommendation
    if rec is None:
        return []
    summary = summary or score(assessment)
    overall, mid = summary.overall, midpoint(assessment.kit)
    reasons: list[str] = []
    if overall is None:
        if rec.is_hire:
            reasons.append(f"{rec.label} with no question rated")
    elif rec.is_hire and overall < mid:
        reasons.append(f"{rec.label} although the computed score {overall:g} is below the midpoint {mid:g}")
    elif not rec.is_hire and overall >= mid and not summary.red_flags:
        reasons.append(f"{rec.label} although the computed score {overall:g} is at or above the midpoint {mid:g}")
    if rec.is_hire:
        reasons += [f"{rec.label} despite the red flag observed: {text}" for text in summary.red_flags]
    return reasons

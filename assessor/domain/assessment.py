"""Candidates, assessments and the responses an interviewer records.

An :class:`Assessment` is one interviewer's scorecard for one candidate on
one interview kit.  It keeps a snapshot of the kit it was taken with, so its
report renders the same years later, whatever became of the bank file.

A :class:`Response` is one row per kit item; which fields it uses depends on
the item:

==================  =========================================================
item                fields
==================  =========================================================
resume flag         ``flag_state`` (present / absent / unknown), ``notes``
                    (the evidence)
question            ``rating`` (1..N, ``None`` = not assessed), ``notes``
checklist item      ``checked`` (demonstrated)
red flag            ``checked`` (observed), ``notes``
use case            ``checked`` (applies to this job)
==================  =========================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from .kit import InterviewKit


class FlagState(str, Enum):
    """Whether a resume flag was found on the candidate's resume."""

    UNKNOWN = "unknown"
    PRESENT = "present"
    ABSENT = "absent"


class Status(str, Enum):
    """A draft can still change; a submitted assessment is read-only."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class Recommendation(str, Enum):
    """The overall recommendation, on the four-point hire scale used by
    structured-interview scorecards (no neutral middle, so the interviewer
    must lean one way)."""

    STRONG_NO = "strong_no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Strong Yes"``."""
        return self.value.replace("_", " ").title()

    @property
    def points(self) -> int:
        """1 (Strong No) .. 4 (Strong Yes): the order of the scale, for
        sorting and averaging recommendations."""
        return _POINTS[self]

    @property
    def is_hire(self) -> bool:
        """True for Yes and Strong Yes."""
        return self in (Recommendation.YES, Recommendation.STRONG_YES)


#: each recommendation's :attr:`Recommendation.points`, worked out once (the
#: candidate list asks for it for every panel row)
_POINTS: dict[Recommendation, int] = {r: n for n, r in enumerate(Recommendation, 1)}


@dataclass(frozen=True)
class Candidate:
    """A person interviewed for a role.  Personal data: never logged.

    ``anonymized_at`` is set once the identifying fields were replaced."""

    id: int
    name: str
    email: str
    role_id: str
    created_at: datetime
    anonymized_at: datetime | None = None
    #: a stable id across databases (exports, imports, copies); "" until stored
    uid: str = ""


@dataclass(frozen=True)
class Response:
    """The interviewer's answer for one kit item (see the module table)."""

    item_id: str
    rating: int | None = None
    flag_state: FlagState | None = None
    checked: bool | None = None
    notes: str = ""
    #: the stored row's version (0 = not stored yet); not part of equality
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Amendment:
    """A correction of a submitted (sealed) assessment: at ``at`` (naive
    UTC) ``author`` changed ``field`` of ``item_id`` (``None`` for a field
    of the whole assessment: recommendation, takeaways) from ``old`` to
    ``new``, for ``reason``.  Values are the domain values (an ``int``
    rating, a :class:`FlagState`, a ``bool``, a :class:`Recommendation`, a
    ``str`` of notes, or ``None``).  Never a silent edit: every report
    lists them, and the seal is checked against the state before them."""

    at: datetime
    author: str
    item_id: str | None
    field: str
    old: object
    new: object
    reason: str
    #: the author's identity id, their signature (Ed25519, hex) and key
    #: fingerprint, and the link chaining it to the seal (see
    #: :mod:`assessor.domain.signing`); ``None`` for an amendment of before
    author_id: str | None = None
    signature: str | None = None
    signing_key: str | None = None
    link: str | None = None


@dataclass
class Assessment:
    """One interviewer's scorecard for one candidate.

    ``responses`` maps a kit item id to its response; an item with no entry
    has not been touched.  ``position`` is the id of the interview step last
    shown, so a closed interview resumes where it stopped.
    """

    id: int
    candidate: Candidate
    kit: InterviewKit
    interviewer: str
    started_at: datetime
    status: Status = Status.DRAFT
    submitted_at: datetime | None = None
    recommendation: Recommendation | None = None
    takeaways: str = ""
    position: str = ""
    responses: dict[str, Response] = field(default_factory=dict)
    #: the stored version of recommendation, takeaways and status
    version: int = 0
    #: why the recommendation departs from the computed score (see
    #: :func:`assessor.domain.sealing.departures`); shown in the report
    departure_reason: str = ""
    #: the seal set at submission, 64 hex digits (see :mod:`assessor.domain.sealing`)
    seal: str | None = None
    #: fingerprint of the installation key of a keyed seal; ``None`` with a
    #: seal: an unkeyed seal made before keyed seals
    seal_key: str | None = None
    #: SHA-256 hex of the kit snapshot's stored text, as read now ("" when
    #: not stored yet); a keyed seal covers it
    kit_digest: str = ""
    #: corrections made after submission, oldest first; ``responses`` and the
    #: fields above already hold their result
    amendments: list["Amendment"] = field(default_factory=list)
    #: a stable id across databases (exports, imports, copies); "" until stored
    uid: str = ""
    #: whole seconds the interviewer spent in each section, by the name of
    #: its :class:`~assessor.domain.Section` (``QUESTIONS``); recorded by the
    #: window, printed in the report; not sealed (it is not an answer)
    section_seconds: dict[str, int] = field(default_factory=dict)
    #: the interviewer's identity id (see :mod:`assessor.domain.identity`);
    #: ``None`` for a record that has none
    interviewer_id: str | None = None
    #: the seal's Ed25519 signature (hex) and the signing key's fingerprint
    signature: str | None = None
    signing_key: str | None = None
    #: the registered keys that sign this scorecard and its amendments, by
    #: fingerprint, as the store read them (see :mod:`assessor.domain.signing`)
    keys: dict = field(default_factory=dict, compare=False, repr=False)
    #: when the database's first signing key was registered (signed seals
    #: began there); an unsigned seal dated after it is not accepted as old
    signed_since: datetime | None = field(default=None, compare=False, repr=False)

    @property
    def is_submitted(self) -> bool:
        """True once submitted: the assessment is then read-only."""
        return self.status is Status.SUBMITTED

    def response(self, item_id: str) -> Response:
        """The response for ``item_id``, or an empty one if untouched."""
        return self.responses.get(item_id) or Response(item_id=item_id)


@dataclass(frozen=True)
class PanelSummary:
    """The panel of one candidate as the candidate list tells it to one
    viewer: how many interviewers assess the candidate, how many submitted,
    and the submitted recommendations the viewer may see, strongest first
    (none while the viewer's own assessment is a draft: ``hidden``; the
    rule of :func:`assessor.domain.visible_to`)."""

    interviewers: int
    submitted: int
    recommendations: tuple[Recommendation, ...] = ()
    hidden: bool = False


def panel_summary(entries: list[tuple[str, Status, Recommendation | None]],
                  viewer: str | None) -> PanelSummary | None:
    """The :class:`PanelSummary` of one candidate's assessments, given as
    (interviewer, status, recommendation) oldest first; ``None`` for fewer
    than two interviewers (no panel to tell of). Interviewers are the same
    when their names match without case (``str.casefold``, spaces
    stripped); each counts with their latest assessment. While ``viewer``'s
    own latest assessment is a draft, the others' recommendations are
    hidden: counts only."""
    latest: dict[str, tuple[Status, Recommendation | None]] = {}
    for name, status, recommendation in entries:
        latest[name.strip().casefold()] = (status, recommendation)
    if len(latest) < 2:
        return None
    own = latest.get(viewer.strip().casefold()) if viewer else None
    hidden = own is not None and own[0] is Status.DRAFT
    submitted = [r for status, r in latest.values() if status is Status.SUBMITTED]
    shown = () if hidden else tuple(sorted((r for r in submitted if r is not None), key=lambda r: -r.points))
    return PanelSummary(interviewers=len(latest), submitted=len(submitted), recommendations=shown, hidden=hidden)


@dataclass(frozen=True)
class CandidateOverview:
    """One row of the candidate list: the candidate and their latest
    assessment's status, recommendation and date (``None`` if never
    interviewed); on a panel (two interviewers or more) its
    :class:`PanelSummary` for the viewer."""

    candidate: Candidate
    assessment_id: int | None
    status: Status | None
    recommendation: Recommendation | None
    last_interview: datetime | None
    panel: PanelSummary | None = None


def overview_status(row: CandidateOverview) -> str:
    """ "Not started", "In progress" or "Submitted" (the assessment the row
    shows: the viewer's own, else the latest submitted), and on a panel how
    many of its interviewers submitted: "In progress · 2 of 3 submitted".
    The candidate list's wording, in the window and ``assessor candidates``."""
    own = ("Not started" if row.status is None else
           "Submitted" if row.status is Status.SUBMITTED else "In progress")
    if row.panel is None:
        return own
    return f"{own} · {row.panel.submitted} of {row.panel.interviewers} submitted"


def overview_recommendation(row: CandidateOverview) -> str:
    """The row's recommendation; on a panel with two or more submitted, every
    submitted interviewer's, strongest first ("Yes · No · Strong No"), so one
    interviewer's "Yes" never stands for a split panel; nothing of the others
    while the viewer's own assessment is a draft ("Hidden until you
    submit"); ``""`` for none."""
    panel = row.panel
    if panel is not None and panel.hidden:
        return "Hidden until you submit"
    if panel is not None and len(panel.recommendations) >= 2:
        return " · ".join(r.label for r in panel.recommendations)
    return row.recommendation.label if row.recommendation else ""

"""Assessments out and in: JSON for another Assessor or an applicant-tracking
system, CSV for a spreadsheet.

The JSON file (``assessor export --format json``)
==================================================

UTF-8 JSON, one object, written one candidate a line so that a large file
can be read (and diffed) line by line::

    {"format": "assessor.assessments", "version": 1,
     "exported_at": "2025-03-01T09:30:00Z", "generator": "assessor 0.1.0",
     "kits": {"<sha256 of the kit's JSON>": {<the kit snapshot, as in a bank file>}, ...},
     "candidates": [
      {"uid": "…", "id": 12, "name": "…", "email": "…", "role_id": "…",
       "created_at": "…Z", "anonymized_at": null,
       "assessments": [
        {"uid": "…", "id": 31, "kit": "<digest>", "role_id": "…", "interviewer": "…",
         "status": "draft" | "submitted", "started_at": "…Z", "submitted_at": "…Z" | null,
         "recommendation": "strong_no" | "no" | "yes" | "strong_yes" | null,
         "takeaways": "…", "departure_reason": "…", "position": "…", "seal": "<sha256>" | null,
         "responses": [{"item_id": "…", "rating": 1..N | null,
                        "flag_state": "present" | "absent" | "unknown" | null,
                        "checked": true | false | null, "notes": "…", "updated_at": "…Z"}, …],
         "amendments": [{"at": "…Z", "author": "…", "item_id": "…" | null, "field": "rating" | …,
                         "old": …, "new": …, "reason": "…"}, …]}, …]}, …]}

* Times are UTC, ISO 8601 with a ``Z`` (microseconds kept when stored).
* ``uid`` is a candidate's or assessment's identity in every database:
  an import matches on it.  ``id`` is the exporting database's own id,
  for reference only (an import ignores it).
* A kit is stored once, under the SHA-256 digest of its compact JSON
  (``json.dumps(kit, separators=(",", ":"), ensure_ascii=False)``); an
  assessment names its kit by that digest, so it keeps the wording it was
  taken with.  An import refuses a kit that does not match its digest.
* ``seal`` is the digest made at submission (:mod:`assessor.domain.sealing`);
  ``amendments`` are the visible corrections made since, oldest first, their
  ``old`` and ``new`` plain JSON values (a rating, a flag state's or a
  recommendation's value, a tick, a text or ``null``).
* The audit trail is not exported: it belongs to the database it happened in.
* A candidate's resume is exported only when asked for
  (``export --with-resumes``): then a candidate with one has
  ``"resume": {"file_name", "media_type", "size", "sha256", "added_at",
  "data": "<base64>"}`` (:mod:`assessor.services.resume`).  An import
  attaches it to a candidate who has none, never replacing one.
* A later format raises ``version``; this code reads version 1 only and says
  so for a newer file.

Importing (:func:`import_json`) validates the whole file first (pydantic,
then the rules: every kit matches its digest, every item is in its kit,
ratings on the kit's scale, uids unique), naming the file and the JSON path
of each problem, then adds everything in one transaction (see
:mod:`assessor.store.exchange`): what is already there is counted, not
added again, and an assessment already there with other content is a
conflict, reported and left as it is.  The file is read twice, one
candidate at a time: to validate it (keeping only the uids it has seen),
then to import it a chunk of candidates at a time (the same bytes: its
SHA-256 is checked), so memory holds its text and one chunk, never all its
candidates (measured: docs/performance.md).  An imported seal that does not match its
assessment is reported as a warning (it still imports: the report shows
the broken seal).

The CSV file (:func:`export_csv`) has one row per response, with a header
row (:data:`CSV_COLUMNS`).  A cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` so that a spreadsheet
shows it as text instead of running it as a formula (OWASP, "CSV
Injection"); :func:`assessor.files.csv_cell` does it.

Every file is written to a temporary file in the same folder, flushed to
disk and renamed over the target (readable by its owner only: it holds
personal data), so a failure never leaves a half-written file.  Both
exports stream: they read the database a chunk of candidates at a time.

This module holds that shape: the format's name and version, the
strict pydantic schema a file is read with (its field types and limits),
the JSON writing helpers and the mapping of a read candidate to the
store's record.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter

from ...domain import Amendment, FlagState, Recommendation, Status
from ...domain.sealing import ASSESSMENT_FIELDS, RESPONSE_FIELDS
from ...store.exchange import AssessmentRecord, CandidateRecord, ResponseRecord
from ..resume import resume_from_json


#: the ``format`` of the JSON file
FORMAT = "assessor.assessments"
#: the newest ``version`` of the JSON file this code writes and reads
VERSION = 1


def _iso(value: datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with ``Z``."""
    return None if value is None else value.isoformat() + "Z"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (it holds an unpaired surrogate)") from None
    return value


def _iso_only(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("a time must be an ISO 8601 text such as 2025-03-01T09:30:00Z")
    return value


def _naive_utc(value: datetime) -> datetime:
    """``value`` in UTC without its offset; a ``ValueError`` (named at its
    JSON path by pydantic) when UTC falls outside the years 1 to 9999
    (``9999-12-31T23:59:59-14:00``)."""
    try:
        return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise ValueError("the time is out of range once converted to UTC (years 1 to 9999)") from None


def _plain_value(value: object) -> object:
    if value is not None and not isinstance(value, bool | int | str):
        raise ValueError("an amended value must be a whole number, a text, true, false or null")
    return _text(value) if isinstance(value, str) else value


Text = Annotated[str, Field(strict=True), AfterValidator(_text)]
Time = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_naive_utc)]
Uid = Annotated[str, Field(strict=True, min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]
Digest = Annotated[str, Field(strict=True, pattern=r"^[0-9a-f]{64}$")]
#: the fingerprint of a keyed seal's key (see :func:`assessor.domain.key_fingerprint`)
KeyFingerprint = Annotated[str, Field(strict=True, pattern=r"^[0-9a-f]{16}$")]
#: an Ed25519 key's fingerprint, a signature, an identity id, a public key (migration 0010)
SigningKey = Annotated[str, Field(strict=True, pattern=r"^[0-9a-f]{32}$")]
Signature = Annotated[str, Field(strict=True, pattern=r"^[0-9a-f]{128}$")]
IdentityId = Annotated[str, Field(strict=True, min_length=1, max_length=160)]
PublicKey = Annotated[str, Field(strict=True, pattern=r"^[0-9a-f]{64}$")]


def _limited(n: int, min_length: int = 0) -> Any:
    """A text of at most ``n`` characters (the column's size)."""
    return Annotated[str, Field(strict=True, min_length=min_length, max_length=n), AfterValidator(_text)]


ItemId = _limited(64, 1)
RoleId = _limited(64, 1)
Position = _limited(64)
Person = _limited(200)
Name = _limited(200, 1)
Email = _limited(320)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _checked_resume(value: dict[str, Any]) -> dict[str, Any]:
    resume_from_json(value)  # ValueError: pydantic names the JSON path
    return value


class _ResponseIn(_Model):
    item_id: ItemId
    rating: StrictInt | None = None
    flag_state: FlagState | None = None
    checked: StrictBool | None = None
    notes: Text = ""
    updated_at: Time


class _AmendmentIn(_Model):
    at: Time
    author: Person = ""
    item_id: ItemId | None = None
    field: Literal[RESPONSE_FIELDS + ASSESSMENT_FIELDS]  # type: ignore[valid-type]
    old: Annotated[Any, AfterValidator(_plain_value)] = None
    new: Annotated[Any, AfterValidator(_plain_value)] = None
    reason: Text = ""
    author_id: IdentityId | None = None
    signature: Signature | None = None
    signing_key: SigningKey | None = None
    link: Digest | None = None


class _AssessmentIn(_Model):
    """An assessment as the file holds it (the file's schema, strict): its
    kit by digest, its database ``id`` for reference only.  Not the domain
    :class:`Assessment` because it is the file's contract with other
    programs (validated with JSON paths in the messages); it becomes an
    :class:`~assessor.store.exchange.AssessmentRecord` (:func:`_record_of`),
    and that the domain object through the store's mapping."""

    uid: Uid
    id: int | None = None
    kit: Digest
    role_id: RoleId
    interviewer: Person = ""
    status: Status
    started_at: Time
    submitted_at: Time | None = None
    recommendation: Recommendation | None = None
    takeaways: Text = ""
    departure_reason: Text = ""
    position: Position = ""
    seal: Digest | None = None
    seal_key: KeyFingerprint | None = None
    interviewer_id: IdentityId | None = None
    signature: Signature | None = None
    signing_key: SigningKey | None = None
    public_keys: dict[SigningKey, PublicKey] = {}
    responses: list[_ResponseIn] = []
    amendments: list[_AmendmentIn] = []


class _CandidateIn(_Model):
    uid: Uid
    id: int | None = None
    name: Name
    email: Email = ""
    role_id: RoleId
    created_at: Time
    anonymized_at: Time | None = None
    assessments: list[_AssessmentIn] = []
    #: written by ``export --with-resumes`` only (see assessor.services.resume)
    resume: Annotated[dict[str, Any], AfterValidator(_checked_resume)] | None = None


class _Header(_Model):
    """The members of the file but its candidates."""

    format: Literal["assessor.assessments"]
    version: Literal[1]
    exported_at: Time | None = None
    generator: Text = ""
    kits: dict[Digest, dict[str, Any]] = {}
    #: only when "candidates" is not an array (an array is read one candidate at a time)
    candidates: list[Any] = []


def _record_of(c: _CandidateIn) -> CandidateRecord:
    """The store record of a validated candidate (responses in the file's
    order: the store compares them by item id)."""
    return CandidateRecord(
        uid=c.uid, name=c.name, email=c.email, role_id=c.role_id, created_at=c.created_at,
        anonymized_at=c.anonymized_at,
        assessments=tuple(AssessmentRecord(
            uid=a.uid, kit_digest=a.kit, role_id=a.role_id, interviewer=a.interviewer, started_at=a.started_at,
            status=a.status.value, submitted_at=a.submitted_at,
            recommendation=a.recommendation.value if a.recommendation else None, takeaways=a.takeaways,
            position=a.position, departure_reason=a.departure_reason, seal=a.seal, seal_key=a.seal_key,
            responses=tuple(ResponseRecord(r.item_id, r.rating, r.flag_state.value if r.flag_state else None,
                                           r.checked, r.notes, r.updated_at) for r in a.responses),
            amendments=tuple(Amendment(m.at, m.author, m.item_id, m.field, m.old, m.new, m.reason, m.author_id,
                                       m.signature, m.signing_key, m.link)
                             for m in a.amendments),
            interviewer_id=a.interviewer_id, signature=a.signature, signing_key=a.signing_key,
            public_keys=tuple(sorted(a.public_keys.items())),
        ) for a in c.assessments),
    )


_KITS = TypeAdapter(dict[Digest, dict[str, Any]])

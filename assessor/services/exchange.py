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
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter, ValidationError,
)

from .. import __version__
from ..domain import (
    Amendment, Assessment, Candidate, FlagState, InterviewKit, ItemKind, Recommendation, Status, verify_seal,
)
from ..domain.flow import Section
from ..domain.sealing import ASSESSMENT_FIELDS, RESPONSE_FIELDS
from ..files import atomic_open, csv_cell
from ..store import StoreError, read_snapshot
from ..store.mapping import assessment_of
from ..store.exchange import (
    KINDS, AssessmentRecord, CandidateRecord, KitRecord, ResponseRecord, candidate_records, import_records,
    kit_records,
)
from .resume import resume_from_json, resume_json
from .workspace import AssessorError, Workspace, readable_snapshots

#: the ``format`` of the JSON file
FORMAT = "assessor.assessments"
#: the newest ``version`` of the JSON file this code writes and reads
VERSION = 1
#: the CSV header: one row per response
CSV_COLUMNS = [
    "candidate_uid", "candidate_name", "candidate_email", "role_id", "assessment_uid", "interviewer", "status",
    "submitted_at", "recommendation", "item_id", "section", "item_text", "rating", "rating_label", "flag_state",
    "checked", "notes",
]
#: problems listed in the message of a refused file (the rest are counted)
SHOWN_PROBLEMS = 3


# -- writing files ---------------------------------------------------------------




def _iso(value: datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with ``Z``."""
    return None if value is None else value.isoformat() + "Z"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _kit_key(kit: KitRecord) -> tuple[str, object]:
    """(digest, JSON value) of a stored kit snapshot: the stored digest,
    unless its text does not come back byte for byte from its JSON value
    (a snapshot written by another serializer), then the digest of that."""
    value = json.loads(kit.content)
    canonical = _dumps(value)
    return (kit.digest if canonical == kit.content else hashlib.sha256(canonical.encode()).hexdigest()), value


def _assessment_json(a: AssessmentRecord, kit_key: dict[str, str]) -> dict:
    return {
        "uid": a.uid, "id": a.id, "kit": kit_key.get(a.kit_digest, a.kit_digest), "role_id": a.role_id,
        "interviewer": a.interviewer, "status": a.status, "started_at": _iso(a.started_at),
        "submitted_at": _iso(a.submitted_at), "recommendation": a.recommendation, "takeaways": a.takeaways,
        "departure_reason": a.departure_reason, "position": a.position, "seal": a.seal,
        "seal_key": a.seal_key,
        "responses": [{"item_id": r.item_id, "rating": r.rating, "flag_state": r.flag_state, "checked": r.checked,
                       "notes": r.notes, "updated_at": _iso(r.updated_at)} for r in a.responses],
        "amendments": [{"at": _iso(m.at), "author": m.author, "item_id": m.item_id, "field": m.field,
                        "old": m.old, "new": m.new, "reason": m.reason} for m in a.amendments],
    }


def candidate_json(record: CandidateRecord, kit_key: dict[str, str] | None = None) -> dict:
    """The JSON object of one candidate with their assessments, as written
    in the ``candidates`` list of the file (``kit_key`` maps a stored kit
    digest to the one written, when they differ)."""
    kit_key = kit_key or {}
    return {
        "uid": record.uid, "id": record.id, "name": record.name, "email": record.email,
        "role_id": record.role_id, "created_at": _iso(record.created_at),
        "anonymized_at": _iso(record.anonymized_at),
        "assessments": [_assessment_json(a, kit_key) for a in record.assessments],
    }


def _records(ws: Workspace, candidate_ids: Sequence[int] | None) -> Iterator[CandidateRecord]:
    """The candidates' records; raises :class:`AssessorError` at the end
    for an id with no candidate (the caller's file is then not written)."""
    wanted = None if candidate_ids is None else set(candidate_ids)
    seen: set[int] = set()
    for record in candidate_records(ws.store, None if wanted is None else sorted(wanted)):
        seen.add(record.id)
        yield record
    if wanted is not None and wanted - seen:
        missing = sorted(wanted - seen)
        raise AssessorError(f"no candidate with id {', '.join(map(str, missing[:5]))}"
                            + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))


def export_json(ws: Workspace, out: Path, candidate_ids: Sequence[int] | None = None,
                with_resumes: bool = False) -> Path:
    """Write every candidate (or those of ``candidate_ids``) with all their
    assessments and the kits they were taken with to ``out`` as the JSON
    file described above; returns ``out``.  Streams: memory holds one chunk
    of candidates whatever the total.  A candidate's resume is in the file
    (their ``"resume"`` member, see :func:`assessor.services.resume.resume_json`)
    only ``with_resumes``; by default the file neither names nor holds it.

    Raises :class:`AssessorError` for an unknown candidate id or when the
    file cannot be written (the target is then untouched)."""
    out = Path(out).expanduser()
    ids = None if candidate_ids is None else sorted(set(candidate_ids))
    kits = kit_records(ws.store, ids)
    keys = {k.digest: _kit_key(k) for k in kits}
    kit_key = {digest: key for digest, (key, _) in keys.items()}
    exported_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    try:
        with atomic_open(out) as handle:
            handle.write(f'{{"format": {_dumps(FORMAT)}, "version": {VERSION}, '
                         f'"exported_at": {_dumps(_iso(exported_at))}, '
                         f'"generator": {_dumps("assessor " + __version__)},\n "kits": {{')
            for n, (key, value) in enumerate(sorted(keys.values(), key=lambda kv: kv[0])):
                handle.write(("," if n else "") + f"\n  {_dumps(key)}: {_dumps(value)}")
            handle.write("\n },\n \"candidates\": [")
            for n, record in enumerate(_records(ws, ids)):
                value = candidate_json(record, kit_key)
                if with_resumes:  # issue 17: the resume only when asked for
                    _with_resume(ws, record.id, value)
                handle.write(("," if n else "") + "\n  " + _dumps(value))
            handle.write("\n ]\n}\n")
    except OSError as exc:
        raise AssessorError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return out


def _item_index(kit: InterviewKit) -> dict[str, tuple[int, str, str]]:
    """Item id to (interview order, section, text) for the CSV: the kit's
    walk, without the profile areas (they hold no response)."""
    rows: list[tuple[str, str, str]] = []
    for node in kit.walk():
        if not node.kind.recorded:
            continue
        if node.kind in (ItemKind.GREEN_FLAG, ItemKind.YELLOW_FLAG):
            section = f"{Section.RESUME.value}: {'green' if node.kind is ItemKind.GREEN_FLAG else 'yellow'}"
        elif node.parent is not None or node.kind is ItemKind.USE_CASE:
            holder = node.parent if node.parent is not None else node.item
            section = f"{node.section.value}: {holder.title}"
        else:
            section = node.section.value
        text = ("Applies to this job" if node.kind is ItemKind.USE_CASE
                else f"Red flag: {node.text}" if node.kind is ItemKind.RED_FLAG else node.text)
        rows.append((node.item.id, section, text))
    return {item_id: (n, section, text) for n, (item_id, section, text) in enumerate(rows)}


@readable_snapshots()
def export_csv(ws: Workspace, out: Path, candidate_ids: Sequence[int] | None = None) -> Path:
    """Write one CSV row per response of every assessment (of the
    candidates in ``candidate_ids``, else of everyone) to ``out``: UTF-8,
    a header row of :data:`CSV_COLUMNS`, responses in interview order,
    every text cell neutralised by :func:`assessor.files.csv_cell`; returns
    ``out``.  Streams like :func:`export_json`.

    Raises :class:`AssessorError` for an unknown candidate id or when the
    file cannot be written (the target is then untouched)."""
    out = Path(out).expanduser()
    ids = None if candidate_ids is None else sorted(set(candidate_ids))
    kits = {k.digest: read_snapshot(k.content, k.role_id, k.version) for k in kit_records(ws.store, ids)}
    index = {digest: _item_index(kit) for digest, kit in kits.items()}
    try:
        with atomic_open(out) as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for c in _records(ws, ids):
                for a in c.assessments:
                    kit, items = kits[a.kit_digest], index[a.kit_digest]
                    head = [c.uid, c.name, c.email, c.role_id, a.uid, a.interviewer, a.status,
                            _iso(a.submitted_at), a.recommendation]
                    for r in sorted(a.responses, key=lambda r: items.get(r.item_id, (len(items), "", ""))):
                        _, section, text = items.get(r.item_id, (0, "", ""))
                        try:
                            label = kit.scale.label(r.rating) if r.rating is not None else ""
                        except ValueError:
                            label = ""
                        checked = "" if r.checked is None else ("yes" if r.checked else "no")
                        writer.writerow([csv_cell(v) for v in (
                            *head, r.item_id, section, text, r.rating, label, r.flag_state, checked, r.notes)])
    except OSError as exc:
        raise AssessorError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return out


# -- reading the JSON file ---------------------------------------------------------


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
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


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


# -- resumes (issue 17), only in a file exported --with-resumes -------------------

def _checked_resume(value: dict[str, Any]) -> dict[str, Any]:
    resume_from_json(value)  # ValueError: pydantic names the JSON path
    return value


def _with_resume(ws: Workspace, candidate_id: int, value: dict) -> None:
    resume = ws.store.resume(candidate_id)
    if resume is not None:
        value["resume"] = resume_json(resume)


def _import_resumes(ws: Workspace, path: Path, read: "_Read") -> int:
    """Attach the file's resumes to their candidates that have none; the
    file was validated, and is read once more (the same bytes)."""
    text, digest = _read_text(path)
    if digest != read.sha256:
        raise AssessorError(f"{path} changed while it was being imported; its resumes were not imported")
    added = 0
    for key, value in _scan(text, path):
        if key is None and isinstance(value, dict) and value.get("resume") is not None:
            added += ws.store.add_resume_by_uid(value["uid"], resume_from_json(value["resume"]))
    return added


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


def _where(loc: Sequence[object]) -> str:
    """A JSON path such as ``candidates[3].assessments[0].responses[2].rating``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(the whole file)"


class _Problems:
    """Problems found in one file, each ``path: message``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []
        #: digests of the kits found invalid (assessments naming them are not checked further)
        self.bad_kits: set[str] = set()

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def add_validation(self, exc: ValidationError, prefix: Sequence[object] = ()) -> None:
        for err in exc.errors(include_url=False, include_context=False, include_input=False):
            message = err["msg"].removeprefix("Value error, ")
            self.add(_where([*prefix, *err["loc"]]), message)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = "; ".join(self.items[:SHOWN_PROBLEMS])
        more = len(self.items) - SHOWN_PROBLEMS
        raise AssessorError(f"{self.path}: {shown}" + (f" (and {more} more problem{'s' if more > 1 else ''})"
                                                        if more > 0 else ""))


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, i: int) -> int:
    return _SPACE.match(text, i).end()  # type: ignore[union-attr]


def _expect(text: str, i: int, char: str, message: str) -> int:
    if not text.startswith(char, i):
        raise json.JSONDecodeError(message, text, i)
    return i + 1


def _array_values(text: str, start: int, end: list[int]) -> Iterator[object]:
    """Each value of the JSON array whose ``[`` is at ``start``, parsed one
    at a time (so a large array is never held whole); the index after its
    ``]`` is appended to ``end``.  Raises ``json.JSONDecodeError``."""
    i = _skip(text, start + 1)
    if text.startswith("]", i):
        end.append(i + 1)
        return
    while True:
        value, i = _DECODER.raw_decode(text, i)
        yield value
        i = _skip(text, i)
        if text.startswith(",", i):
            i = _skip(text, i + 1)
            continue
        end.append(_expect(text, i, "]", "Expecting ',' delimiter"))
        return


def _scan(text: str, path: Path) -> Iterator[tuple[str | None, object]]:
    """The members of the top-level object of ``text`` in file order, each
    as ``(key, value)``; the values of a ``candidates`` array come one at a
    time as ``(None, value)`` (so a large array is never held whole).
    Raises ``json.JSONDecodeError`` for a syntax error (after yielding what
    came before it) and :class:`AssessorError` when the file holds JSON
    that is not an object."""
    i = _skip(text, 0)
    if not text.startswith("{", i):
        value, end = _DECODER.raw_decode(text, i)  # raises for text that is not JSON
        if _skip(text, end) != len(text):
            raise json.JSONDecodeError("Extra data", text, _skip(text, end))
        raise AssessorError(f'{path} is not an Assessor assessments export (it has no "format": "{FORMAT}")')
    i = _skip(text, i + 1)
    if text.startswith("}", i):
        i += 1
    else:
        while True:
            if not text.startswith('"', i):
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, i)
            key, i = _DECODER.raw_decode(text, i)
            i = _skip(text, _expect(text, _skip(text, i), ":", "Expecting ':' delimiter"))
            if key == "candidates" and text.startswith("[", i):
                end: list[int] = []
                for value in _array_values(text, i, end):
                    yield None, value
                i = end[0]
            else:
                value, i = _DECODER.raw_decode(text, i)
                yield key, value
            i = _skip(text, i)
            if text.startswith(",", i):
                i = _skip(text, i + 1)
                continue
            i = _expect(text, i, "}", "Expecting ',' delimiter")
            break
    if _skip(text, i) != len(text):
        raise json.JSONDecodeError("Extra data", text, _skip(text, i))


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
            amendments=tuple(Amendment(m.at, m.author, m.item_id, m.field, m.old, m.new, m.reason)
                             for m in a.amendments),
        ) for a in c.assessments),
    )


@dataclass
class _Read:
    """A file read and validated (see :func:`_read`): its kits (digest to
    the kit and its compact JSON), how many candidates it holds, and the
    SHA-256 of its bytes (:func:`_candidates` reads the same file again)."""

    kits: dict[str, tuple[InterviewKit, str]]
    count: int
    sha256: str


def _read_text(path: Path) -> tuple[str, str]:
    """The text of ``path`` and the SHA-256 of its bytes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AssessorError(f"cannot read {path}: {exc.strerror or exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        return raw.decode("utf-8-sig"), digest
    except UnicodeDecodeError:
        raise AssessorError(f"{path} is not an Assessor export: it is not UTF-8 text") from None


_KITS = TypeAdapter(dict[Digest, dict[str, Any]])


def _read(path: Path) -> _Read:
    """Read and validate the whole file, holding none of its candidates:
    the JSON (one candidate at a time), the types (pydantic), then the
    rules (see :func:`_check_candidate`).  The kits come before the
    candidates in an export, so each candidate is checked as it is read
    and dropped; a file that lists them after its candidates (written by
    hand) has its candidates kept until the kits are known.  Memory holds
    the file's text, the uids seen and the kits.

    Raises :class:`AssessorError` naming the file and the JSON path of the
    first problems, or saying the file is not ours: the header's problems
    first, then each candidate's types, the kits', and the rules."""
    text, digest = _read_text(path)
    problems = _Problems(path)  # the candidates' types, in file order
    kit_problems, rules = _Problems(path), _Problems(path)
    members: dict[str, object] = {}
    kits: dict[str, tuple[InterviewKit, str]] | None = None
    pending: list[tuple[int, CandidateRecord]] = []
    seen = _Seen()
    count = 0
    try:
        for key, value in _scan(text, path):
            if key is not None:
                members[key] = value
                if key == "kits" and kits is None:
                    try:
                        kits = _check_kits(_KITS.validate_python(value), kit_problems)
                        rules.bad_kits = kit_problems.bad_kits
                    except ValidationError:
                        kits = None  # the header's check names the problem
                continue
            n, count = count, count + 1
            try:
                record = _record_of(_CandidateIn.model_validate(value))
            except ValidationError as exc:
                problems.add_validation(exc, ("candidates", n))
                continue
            if kits is None:
                pending.append((n, record))
            else:
                _check_candidate(n, record, kits, seen, rules)
    except json.JSONDecodeError as exc:
        raise AssessorError(f"{path} is not an Assessor export: it is not JSON "
                            f"(line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except ValueError as exc:
        raise AssessorError(f"{path}: {exc}") from None
    except RecursionError:
        raise AssessorError(f"{path} is not an Assessor export: its JSON is nested too deeply") from None
    if members.get("format") != FORMAT:
        raise AssessorError(f'{path} is not an Assessor assessments export (it has no "format": "{FORMAT}")')
    version = members.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise AssessorError(f"{path} was written by a newer Assessor (format version {version}); this one reads "
                            f"version {VERSION}: update Assessor to import it")
    try:
        _Header.model_validate(members)
    except ValidationError as exc:
        first = _Problems(path)  # the header's problems come first
        first.add_validation(exc)
        problems.items[:0] = first.items
        problems.raise_if_any()
        raise  # unreachable: a ValidationError has errors
    if kits is None:  # no "kits" member: every assessment names a kit that is not there
        kits = {}
    for n, record in pending:
        _check_candidate(n, record, kits, seen, rules)
    problems.items += kit_problems.items + rules.items
    problems.raise_if_any()
    return _Read(kits, count, digest)


def _candidates(path: Path, read: _Read, warnings: list[str]) -> Iterator[CandidateRecord]:
    """The candidates of the file :func:`_read` validated, read again one at
    a time (for :func:`~assessor.store.exchange.import_records`, which
    takes them a chunk at a time).  A submitted assessment whose seal does
    not match it adds a line to ``warnings``.  Raises :class:`AssessorError`
    if the file changed since it was validated (the import then rolls back)."""
    text, digest = _read_text(path)
    if digest != read.sha256:
        raise AssessorError(f"{path} changed while it was being imported; nothing was imported")
    for key, value in _scan(text, path):
        if key is not None:
            continue
        record = _record_of(_CandidateIn.model_validate(value))
        if record.anonymized_at is None:  # anonymizing blanks the notes a seal covers
            for a in record.assessments:
                if a.seal and verify_seal(_domain_assessment(record, a, read.kits[a.kit_digest][0])) is False:
                    warnings.append(f"assessment {a.uid}: its seal does not match its ratings and notes "
                                    "(changed after submission without an amendment)")
        yield record


def _check_kits(values: dict[str, dict[str, Any]], problems: _Problems) -> dict[str, tuple[InterviewKit, str]]:
    """Each kit validated and checked against its digest: digest to (kit,
    its compact JSON text).  The digests of the kits that fail go into
    ``problems.bad_kits``."""
    kits: dict[str, tuple[InterviewKit, str]] = {}
    for digest, value in values.items():
        where = ["kits", digest]
        content = _dumps(value)
        try:
            encoded = content.encode("utf-8")
        except UnicodeEncodeError:
            problems.add(_where(where), "text must be valid Unicode (it holds an unpaired surrogate)")
            continue
        try:  # in JSON mode, as the store reads its snapshots: an anchor key "2" is the point 2
            kit = InterviewKit.model_validate_json(encoded)
        except ValidationError as exc:
            problems.add_validation(exc, where)
            continue
        if hashlib.sha256(encoded).hexdigest() != digest:
            problems.add(_where(where), "the kit does not match its digest (it was changed after export)")
            continue
        kits[digest] = (kit, content)
    problems.bad_kits = set(values) - set(kits)
    return kits


_VALUE_CHECKS = {
    "rating": lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
    "checked": lambda v: v is None or isinstance(v, bool),
    "flag_state": lambda v: v is None or v in {s.value for s in FlagState},
    "recommendation": lambda v: v is None or v in {r.value for r in Recommendation},
    "notes": lambda v: v is None or isinstance(v, str),
    "takeaways": lambda v: v is None or isinstance(v, str),
    "departure_reason": lambda v: v is None or isinstance(v, str),
}


def _check_assessment(a: AssessmentRecord, where: str, kits: dict[str, tuple[InterviewKit, str]],
                      problems: _Problems) -> None:
    if a.kit_digest not in kits:
        if a.kit_digest not in problems.bad_kits:
            problems.add(f"{where}.kit", 'no kit with this digest in "kits"')
        return
    kit = kits[a.kit_digest][0]
    if a.role_id != kit.role_id:
        problems.add(f"{where}.role_id", f"{a.role_id!r} is not the role of its kit ({kit.role_id!r})")
    known, top = set(kit.item_ids()), kit.scale.maximum
    seen: set[str] = set()
    for n, r in enumerate(a.responses):
        at = f"{where}.responses[{n}]"
        if r.item_id not in known:
            problems.add(f"{at}.item_id", f"the kit has no item {r.item_id!r}")
        if r.item_id in seen:
            problems.add(f"{at}.item_id", f"a second response for {r.item_id!r}")
        seen.add(r.item_id)
        if r.rating is not None and not 1 <= r.rating <= top:
            problems.add(f"{at}.rating", f"{r.rating} is off the kit's scale 1..{top}")
    for n, m in enumerate(a.amendments):
        at = f"{where}.amendments[{n}]"
        allowed = ASSESSMENT_FIELDS if m.item_id is None else RESPONSE_FIELDS
        if m.field not in allowed:
            problems.add(f"{at}.field", f"an amendment {'of the assessment' if m.item_id is None else 'of an item'} "
                                        f"changes one of {', '.join(allowed)}")
        elif m.item_id is not None and m.item_id not in known:
            problems.add(f"{at}.item_id", f"the kit has no item {m.item_id!r}")
        else:
            for name in ("old", "new"):
                if not _VALUE_CHECKS[m.field](getattr(m, name)):
                    problems.add(f"{at}.{name}", f"not a valid {m.field.replace('_', ' ')}")


@dataclass
class _Seen:
    """The uids met so far in a file: a candidate's to its index, an
    assessment's to its JSON path (for "the uid of … again")."""

    candidates: dict[str, int] = field(default_factory=dict)
    assessments: dict[str, str] = field(default_factory=dict)


def _check_candidate(i: int, c: CandidateRecord, kits: dict[str, tuple[InterviewKit, str]], seen: _Seen,
                     problems: _Problems) -> None:
    """The rules beyond types for ``candidates[i]``: every assessment's kit
    is in the file and its items in the kit, ratings on the kit's scale,
    amendments change fields they may change with values of the field's
    type, uids unique in the file (``seen``)."""
    if c.uid in seen.candidates:
        problems.add(f"candidates[{i}].uid", f"the uid of candidates[{seen.candidates[c.uid]}] again")
    seen.candidates.setdefault(c.uid, i)
    for j, a in enumerate(c.assessments):
        where = f"candidates[{i}].assessments[{j}]"
        if a.uid in seen.assessments:
            problems.add(f"{where}.uid", f"the uid of {seen.assessments[a.uid]} again")
        seen.assessments.setdefault(a.uid, where)
        _check_assessment(a, where, kits, problems)


def _domain_assessment(c: CandidateRecord, a: AssessmentRecord, kit: InterviewKit) -> Assessment:
    """The domain :class:`Assessment` of an imported record (for its seal),
    made by the store's one mapping (:func:`assessor.store.mapping.assessment_of`)."""
    candidate = Candidate(0, c.name, c.email, c.role_id, c.created_at, c.anonymized_at, c.uid)
    return assessment_of(a, candidate, kit, a.responses, a.amendments, a.kit_digest)


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_json` did with ``path``: per kind (kits,
    candidates, assessments, responses, amendments) the rows ``added`` and
    those ``present`` already (same uid, same content: not added again);
    ``conflicts``, one line each (a uid already here with other content:
    the database's version was kept); ``warnings`` (a seal that does not
    match its assessment: changed after submission without an
    amendment)."""

    path: Path
    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: resumes attached to candidates that had none (a file exported --with-resumes)
    resumes: int = 0

    def summary(self) -> str:
        """One line: "added 3 candidates, 5 assessments, …; already present
        (skipped): …; 1 conflict"."""
        def counts(table: dict[str, int]) -> str:
            return ", ".join(f"{table[k]} {k if table[k] != 1 else k[:-1]}" for k in KINDS if table.get(k)) or "nothing"

        line = f"added {counts(self.added)}; already present (skipped): {counts(self.present)}"
        n = len(self.conflicts)
        line += f"; {n} conflict{'s' if n != 1 else ''}"
        return line + (f"; {self.resumes} resume{'s' if self.resumes != 1 else ''} attached" if self.resumes else "")


def import_json(ws: Workspace, path: Path) -> ImportReport:
    """Import the JSON file at ``path`` (see the module's notes): read and
    validate it whole, then add every candidate, kit and assessment not yet
    in the database, in one transaction (all or nothing).  Importing the
    same file twice adds nothing the second time.  A rotating backup of
    the database is made first (when backups are on).

    Raises :class:`AssessorError` naming the file and the JSON path of
    each problem (a file that is not an Assessor export says so), or when
    the database refuses (nothing is imported then)."""
    path = Path(path).expanduser()
    read = _read(path)
    kits = [KitRecord(digest, kit.role_id, kit.version, content) for digest, (kit, content) in read.kits.items()]
    ws.store.backup_now("before-import")
    warnings: list[str] = []
    try:
        result = import_records(ws.store, kits, _candidates(path, read, warnings))
    except StoreError as exc:
        raise AssessorError(f"{path} was not imported: {exc}") from exc
    try:
        resumes = _import_resumes(ws, path, read)
    except StoreError as exc:
        raise AssessorError(f"{path} was imported but not its resumes: {exc}") from exc
    return ImportReport(path, result.added, result.present, result.conflicts, warnings, resumes)


def check_export(path: Path) -> int:
    """Read and validate the export at ``path`` as :func:`import_json`
    does, without importing it; returns how many candidates it holds.
    Raises :class:`AssessorError` as :func:`import_json` does."""
    return _read(Path(path).expanduser()).count


__all__ = ["CSV_COLUMNS", "FORMAT", "ImportReport", "VERSION", "candidate_json", "check_export", "export_csv",
           "export_json", "import_json"]

"""Writing the JSON export (:func:`export_json`), streamed a chunk of
candidates at a time from the store, and the JSON object of one
candidate (:func:`candidate_json`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from ... import __version__
from ...files import atomic_open
from ...store import StoreError
from ...store.exchange import AssessmentRecord, CandidateRecord, KitRecord, candidate_records, kit_records
from ..panel import shown_to
from ..resume import resume_json
from ..workspace import AssessorError, Workspace
from .format import FORMAT, VERSION, _dumps, _iso


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
        "seal_key": a.seal_key, "interviewer_id": a.interviewer_id, "signature": a.signature,
        "signing_key": a.signing_key, "public_keys": dict(a.public_keys),
        "responses": [{"item_id": r.item_id, "rating": r.rating, "flag_state": r.flag_state, "checked": r.checked,
                       "notes": r.notes, "updated_at": _iso(r.updated_at)} for r in a.responses],
        "amendments": [{"at": _iso(m.at), "author": m.author, "item_id": m.item_id, "field": m.field,
                        "old": m.old, "new": m.new, "reason": m.reason, "author_id": m.author_id,
                        "signature": m.signature, "signing_key": m.signing_key, "link": m.link}
                       for m in a.amendments],
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


def _records(ws: Workspace, candidate_ids: Sequence[int] | None, viewer: str) -> Iterator[CandidateRecord]:
    """The candidates' records, each with only the assessments ``viewer``
    may see (:func:`assessor.services.panel.shown_to`: never another
    interviewer's draft); raises :class:`AssessorError` at the end for an
    id with no candidate (the caller's file is then not written)."""
    wanted = None if candidate_ids is None else set(candidate_ids)
    seen: set[int] = set()
    for record in candidate_records(ws.store, None if wanted is None else sorted(wanted)):
        seen.add(record.id)
        shown = shown_to(record.assessments, viewer, key=lambda _a: record.id).assessments
        if len(shown) != len(record.assessments):
            record = replace(record, assessments=tuple(shown))
        yield record
    if wanted is not None and wanted - seen:
        missing = sorted(wanted - seen)
        raise AssessorError(f"no candidate with id {', '.join(map(str, missing[:5]))}"
                            + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))


def export_json(ws: Workspace, out: Path, candidate_ids: Sequence[int] | None = None,
                with_resumes: bool = False, *, viewer: str = "") -> Path:
    """Write every candidate (or those of ``candidate_ids``) with the
    assessments ``viewer`` may see (:func:`assessor.services.panel.shown_to`:
    their own, drafts included, and the others' submitted ones; blank: a
    hiring manager, submitted only) and the kits they were taken with to
    ``out`` as the JSON file described above; returns ``out``.  Streams: memory holds one chunk
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
            for n, record in enumerate(_records(ws, ids, viewer)):
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


def _with_resume(ws: Workspace, candidate_id: int, value: dict) -> None:
    resume = ws.store.resume(candidate_id)
    if resume is not None:
        value["resume"] = resume_json(resume)

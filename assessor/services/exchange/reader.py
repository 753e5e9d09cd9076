"""Importing an export (:func:`import_json`) and checking one without
importing it (:func:`check_export`): the file read and validated whole,
then read again a candidate at a time into the store in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ...domain import Assessment, Candidate, InterviewKit, RegisteredKey, fingerprint_of, verify_seal
from ...store import StoreError, utcnow
from ...store.mapping import assessment_of
from ...store.exchange import KINDS, AssessmentRecord, CandidateRecord, ImportAudit, KitRecord, import_records
from ..interview import current_user
from ..resume import resume_from_json
from ..workspace import AssessorError, Workspace
from .format import FORMAT, VERSION, _CandidateIn, _Header, _KITS, _record_of
from .rules import SHOWN_PROBLEMS, _Problems, _Seen, _check_candidate, _check_kits
from .scan import _scan, _Stream, file_sha256


@dataclass
class _Read:
    """A file read and validated (see :func:`_read`): its kits (digest to
    the kit and its compact JSON), how many candidates it holds, and the
    SHA-256 of its bytes (:func:`_candidates` reads the same file again)."""

    kits: dict[str, tuple[InterviewKit, str]]
    count: int
    sha256: str
    #: the candidates' uids, in file order (to find those erased here)
    uids: list[str] = field(default_factory=list)


def _read(path: Path) -> _Read:
    """Read and validate the whole file, holding none of its candidates:
    the JSON (one candidate at a time), the types (pydantic), then the
    rules (see :func:`_check_candidate`).  The kits come before the
    candidates in an export, so each candidate is checked as it is read
    and dropped; a file that lists them after its candidates (written by
    hand) has its candidates kept until the kits are known.  Memory holds
    the uids seen and the kits (the file is read as a stream).

    Raises :class:`AssessorError` naming the file and the JSON path of the
    first problems, or saying the file is not ours: the header's problems
    first, then each candidate's types, the kits', and the rules."""
    stream = _Stream(path)
    problems = _Problems(path)  # the candidates' types, in file order
    kit_problems, rules = _Problems(path), _Problems(path)
    members: dict[str, object] = {}
    kits: dict[str, tuple[InterviewKit, str]] | None = None
    pending: list[tuple[int, CandidateRecord]] = []
    seen = _Seen()
    count = 0
    try:
        for key, value in _scan(stream, path):
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
    else:
        digest = stream.sha256()
    finally:
        stream.close()
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
    return _Read(kits, count, digest, list(seen.candidates))


def _candidates(path: Path, read: _Read, warnings: list[str], skip: frozenset[str] = frozenset(),
                store=None) -> Iterator[CandidateRecord]:
    """The candidates of the file :func:`_read` validated, read again one at
    a time (for :func:`~assessor.store.exchange.import_records`, which
    takes them a chunk at a time).  A submitted assessment whose seal does
    not match it adds a line to ``warnings``.  Raises :class:`AssessorError`
    if the file changed since it was validated (the import then rolls back).
    Candidates whose uid is in ``skip`` (erased here) are left out."""
    if file_sha256(path) != read.sha256:
        raise AssessorError(f"{path} changed while it was being imported; nothing was imported")
    stream = _Stream(path)
    for key, value in _scan(stream, path):
        if key is not None:
            continue
        record = _record_of(_CandidateIn.model_validate(value))
        if record.uid in skip:
            continue
        if record.anonymized_at is None:  # anonymizing blanks the notes a seal covers
            for a in record.assessments:
                domain = _domain_assessment(record, a, read.kits[a.kit_digest][0])
                # first: is the file consistent with the keys it carries (a tampered rating shows)?
                domain.keys = {f: RegisteredKey(f, a.interviewer_id or "", k) for f, k in a.public_keys
                               if fingerprint_of(k) == f}
                verified = verify_seal(domain) if a.seal else True
                if verified is not False and store is not None:
                    # then trust: only the keys registered here (or held by this account), never the file's
                    wanted = {f for f in (a.signing_key, *(m.signing_key for m in a.amendments)) if f}
                    domain.keys = {f: k for f in wanted if (k := store.registered_key(f)) is not None}
                    verified = verify_seal(domain) if a.seal else True
                if verified is False:
                    warnings.append(f"assessment {a.uid}: its seal does not match its ratings and notes "
                                    "(changed after submission without an amendment)")
                elif verified is None and a.signature:
                    warnings.append(f"assessment {a.uid}: signed by a key not registered in this database: "
                                    "imported as not verifiable")
        yield record
    digest = stream.sha256()
    stream.close()
    if digest != read.sha256:  # changed while read: the import's transaction rolls back
        raise AssessorError(f"{path} changed while it was being imported; nothing was imported")


def _import_resumes(ws: Workspace, path: Path, read: "_Read") -> int:
    """Attach the file's resumes to their candidates that have none; the
    file was validated, and is read once more (the same bytes)."""
    if file_sha256(path) != read.sha256:
        raise AssessorError(f"{path} changed while it was being imported; its resumes were not imported")
    added = 0
    stream = _Stream(path)
    for key, value in _scan(stream, path):
        if key is None and isinstance(value, dict) and value.get("resume") is not None:
            added += ws.store.add_resume_by_uid(value["uid"], resume_from_json(value["resume"]))
    stream.close()
    return added


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
    #: candidates of the file erased from this database, left out (``skip_erased``): their JSON paths
    erased: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: "added 3 candidates, 5 assessments, …; already present
        (skipped): …; 1 conflict"."""
        def counts(table: dict[str, int]) -> str:
            return ", ".join(f"{table[k]} {k if table[k] != 1 else k[:-1]}" for k in KINDS if table.get(k)) or "nothing"

        line = f"added {counts(self.added)}; already present (skipped): {counts(self.present)}"
        n = len(self.conflicts)
        line += f"; {n} conflict{'s' if n != 1 else ''}"
        return line + (f"; {self.resumes} resume{'s' if self.resumes != 1 else ''} attached" if self.resumes else "")


def _erased_paths(ws: Workspace, read: _Read) -> tuple[frozenset[str], list[str]]:
    """(the uids of the file's candidates erased here, their JSON paths)."""
    erased = frozenset(ws.store.erased_uids(read.uids))
    return erased, [f"candidates[{n}]" for n, uid in enumerate(read.uids) if uid in erased]


def import_json(ws: Workspace, path: Path, *, actor: str = "", skip_erased: bool = False) -> ImportReport:
    """Import the JSON file at ``path`` (see :mod:`.format`): read and
    validate it whole, then add every candidate, kit and assessment not yet
    in the database, in one transaction (all or nothing).  Importing the
    same file twice adds nothing the second time.  A rotating backup of
    the database is made first (when backups are on).  Each candidate and
    assessment added gets an ``imported`` audit row by ``actor`` (default:
    the OS account) naming the file by its SHA-256, in the same transaction.

    A candidate erased from this database (the salted hash of their uid is
    kept by erasure, :func:`assessor.store.privacy.uid_hash`) is never
    brought back: the import is refused, naming their JSON paths, unless
    ``skip_erased``, which imports the rest and lists them in
    :attr:`ImportReport.erased`.

    Raises :class:`AssessorError` naming the file and the JSON path of
    each problem (a file that is not an Assessor export says so), for an
    erased candidate (above), or when the database refuses (nothing is
    imported then)."""
    path = Path(path).expanduser()
    read = _read(path)
    erased, erased_at = _erased_paths(ws, read)
    if erased and not skip_erased:
        n = len(erased_at)
        shown = ", ".join(erased_at[:SHOWN_PROBLEMS]) + (f" and {n - SHOWN_PROBLEMS} more" if n > SHOWN_PROBLEMS else "")
        raise AssessorError(f"{path}: {shown}: {'this candidate was' if n == 1 else f'these {n} candidates were'} "
                            "erased from this database; an old export does not bring them back, so nothing was "
                            "imported (import the rest with --skip-erased)")
    kits = [KitRecord(digest, kit.role_id, kit.version, content) for digest, (kit, content) in read.kits.items()]
    ws.store.backup_now("before-import")
    warnings: list[str] = []
    try:
        audit = ImportAudit(actor or current_user(), f"sha256:{read.sha256[:16]}", utcnow())
        result = import_records(ws.store, kits, _candidates(path, read, warnings, erased, ws.store), audit)
    except StoreError as exc:
        raise AssessorError(f"{path} was not imported: {exc}") from exc
    try:
        resumes = _import_resumes(ws, path, read)
    except StoreError as exc:
        raise AssessorError(f"{path} was imported but not its resumes: {exc}") from exc
    return ImportReport(path, result.added, result.present, result.conflicts, warnings, resumes, erased_at)


def check_export(path: Path) -> int:
    """Read and validate the export at ``path`` as :func:`import_json`
    does, without importing it; returns how many candidates it holds.
    Raises :class:`AssessorError` as :func:`import_json` does."""
    return _read(Path(path).expanduser()).count

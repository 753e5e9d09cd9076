"""The checks of a file beyond its types (the rules an import enforces:
every kit matches its digest, every item is in its kit, ratings on the
kit's scale, amendments of the fields they may change, uids unique), and
the list of problems a refused file's message names by JSON path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...domain import FlagState, InterviewKit, Recommendation
from ...domain.sealing import ASSESSMENT_FIELDS, RESPONSE_FIELDS
from ...store.exchange import AssessmentRecord, CandidateRecord
from ..workspace import AssessorError
from .format import _dumps


#: problems listed in the message of a refused file (the rest are counted)
SHOWN_PROBLEMS = 3


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
                value = getattr(m, name)
                if not _VALUE_CHECKS[m.field](value):
                    problems.add(f"{at}.{name}", f"not a valid {m.field.replace('_', ' ')}")
                elif m.field == "rating" and value is not None and not 1 <= value <= top:
                    problems.add(f"{at}.{name}", f"{value} is off the kit's scale 1..{top}")


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

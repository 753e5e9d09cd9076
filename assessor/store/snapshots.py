"""Kit snapshots as stored: the JSON text an assessment's kit is kept as
(:func:`snapshot_content`, checked to read back before it is written) and
the kit read back from it (:func:`read_snapshot`, with a message naming
the snapshot instead of a raw pydantic error)."""

from __future__ import annotations

from pydantic import ValidationError

from ..domain import InterviewKit
from .engine import StoreError, UnreadableSnapshotError


def read_snapshot(content: str, role_id: str = "", version: str = "") -> InterviewKit:
    """The :class:`InterviewKit` of a stored snapshot's JSON ``content``.
    Raises :class:`UnreadableSnapshotError` naming the snapshot's role and
    version and the first problem (its JSON path), never a raw pydantic
    error."""
    try:
        return InterviewKit.model_validate_json(content)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "the kit"
        others = exc.error_count() - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        raise UnreadableSnapshotError(
            f"the interview kit stored with this assessment ({role_id or '?'} version {version or '?'}) "
            f"cannot be read back: {where}: {first.get('msg', 'invalid')}{more}") from None
    except ValueError as exc:  # not JSON at all
        raise UnreadableSnapshotError(
            f"the interview kit stored with this assessment ({role_id or '?'} version {version or '?'}) "
            f"cannot be read back: it is not valid JSON ({type(exc).__name__})") from None


def snapshot_content(kit: InterviewKit) -> str:
    """The JSON text a snapshot of ``kit`` is stored as, checked to read
    back: parsed again into the kit model it must equal ``kit`` (a
    non-finite weight, for one, would come back as ``null``).  Raises
    :class:`StoreError` (reason ``"snapshot"``) when it does not, so an
    assessment is never started on a snapshot that could not be opened."""
    content = kit.model_dump_json()
    try:
        back = read_snapshot(content, kit.role_id, kit.version)
    except UnreadableSnapshotError as exc:
        raise StoreError(f"cannot store the interview kit {kit.role_id} version {kit.version}: "
                         f"it would not read back ({str(exc).split(': ', 1)[-1]})", "snapshot") from None
    if back != kit:
        raise StoreError(f"cannot store the interview kit {kit.role_id} version {kit.version}: it does not read "
                         "back as it was written (a value JSON cannot hold, such as an infinite weight?)",
                         "snapshot")
    return content

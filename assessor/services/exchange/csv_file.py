"""The CSV export (:func:`export_csv`): one row per response, in
interview order, every text cell guarded against formulas.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from ...domain import InterviewKit, ItemKind, readable_notes
from ...domain.flow import Section
from ...files import atomic_open, csv_cell
from ...store import StoreError, read_snapshot
from ...store.exchange import kit_records
from ..workspace import AssessorError, Workspace, readable_snapshots
from .format import _iso
from .writer import _records


#: the CSV header: one row per response
CSV_COLUMNS = [
    "candidate_uid", "candidate_name", "candidate_email", "role_id", "assessment_uid", "interviewer", "status",
    "submitted_at", "recommendation", "item_id", "section", "item_text", "rating", "rating_label", "flag_state",
    "checked", "notes",
]


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
def export_csv(ws: Workspace, out: Path, candidate_ids: Sequence[int] | None = None, *, viewer: str = "") -> Path:
    """Write one CSV row per response of every assessment ``viewer`` may
    see (as :func:`~assessor.services.exchange.export_json`; of the
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
            for c in _records(ws, ids, viewer):
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
                            *head, r.item_id, section, text, r.rating, label, r.flag_state, checked,
                            readable_notes(r.notes))])
    except OSError as exc:
        raise AssessorError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return out

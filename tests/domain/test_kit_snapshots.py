"""Kit snapshots stored before the kit models were strict still read back.

``tests/data/kit_snapshots/before-strict-models.json`` holds the JSON that
the store (``kit_snapshots.content``) and the bank cache kept for the
built-in banks and for a bank whose values the old loader coerced
(``must_have: "true"``, ``cap: "2"``, weight ``"2"``, anchor key ``2.0``),
written by the code before this change.  Strict models must read every one
of them, as the store reads them (``model_validate_json``) and as an
exchange file's kit is read (parsed JSON, validated in JSON mode)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessor.bank import load_builtin_kits, load_kit
from assessor.domain import InterviewKit

SNAPSHOTS = json.loads((Path(__file__).resolve().parents[1] / "data" / "kit_snapshots"
                        / "before-strict-models.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("role_id", sorted(SNAPSHOTS))
def test_an_old_snapshot_reads_back(role_id):
    content = SNAPSHOTS[role_id]
    kit = InterviewKit.model_validate_json(content)
    assert kit == InterviewKit.model_validate_json(json.dumps(json.loads(content)))  # the exchange path
    assert InterviewKit.model_validate_json(kit.model_dump_json()) == kit  # and round-trips again


EARLIER_BANKS = Path(__file__).resolve().parents[1] / "data" / "earlier_banks"


def test_old_snapshots_of_the_builtin_banks_equal_the_kits_of_the_files_they_were_taken_from():
    # the built-in banks as shipped in bank format 2, before they named competencies
    for role_id in ("backend-developer", "flask-developer"):  # (the SRE role was first shipped in format 4)
        kit = load_kit(EARLIER_BANKS / f"{role_id}-format-2.yaml")
        assert InterviewKit.model_validate_json(SNAPSHOTS[role_id]) == kit.model_copy(update={"schema_version": 2})


def test_values_the_old_loader_coerced_read_back_as_they_were_stored():
    kit = InterviewKit.model_validate_json(SNAPSHOTS["demo"])
    question = kit.questions[0]
    assert question.must_have is True and question.anchors.points == {2: "a middle answer"}
    assert kit.scoring.cap == 2.0 and kit.scoring.weights == {"questions": 2.0, "uc-api": 1.0}

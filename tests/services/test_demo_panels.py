"""The demo data has panels: about a third of the candidates assessed by 2
or 3 interviewers with independent ratings and some two-point
disagreements, every submitted assessment sealed, and a written reason
wherever a recommendation departs from the computed score."""

import pytest

from assessor.domain import debrief, departures, verify_seal
from assessor.services import open_workspace, run_demo
from assessor.services.demo import BULK_FROM, PANELISTS


def _everything(ws):
    rows = ws.store.candidates(limit=100_000)
    return {r.candidate.id: ws.store.assessments_of(r.candidate.id) for r in rows}


@pytest.mark.parametrize("count", [6, BULK_FROM + 100])
def test_demo_panels_are_sealed_independent_and_follow_the_departure_rule(tmp_path, count):
    ws = open_workspace(str(tmp_path / "demo.sqlite3"))
    try:
        assert run_demo(ws, candidates=count) == count
        panels = _everything(ws)
    finally:
        ws.close()
    assert len(panels) == count
    sizes = [len(v) for v in panels.values()]
    assert set(sizes) <= {1, 2, 3} and {2, 3} & set(sizes)
    with_panel = [v for v in panels.values() if len(v) > 1]
    assert abs(len(with_panel) - count / 3) <= 1  # about a third
    for panel in with_panel:
        names = [a.interviewer for a in panel]
        assert len(set(names)) == len(names) and set(names[1:]) <= set(PANELISTS)
    submitted = [a for v in panels.values() for a in v if a.is_submitted]
    assert submitted and all(a.seal and verify_seal(a) is True for a in submitted)
    assert all(a.seal is None for v in panels.values() for a in v if not a.is_submitted)
    assert all(a.departure_reason.strip() for a in submitted if departures(a))  # the rule holds
    assert any(a.departure_reason for a in submitted)  # and some depart, with a reason
    debriefs = [debrief([a for a in v if a.is_submitted]) for v in with_panel
                if sum(a.is_submitted for a in v) >= 2]
    assert debriefs and any(d.disagreements for d in debriefs)  # some two-point disagreements
    assert any(d.alpha is not None for d in debriefs)


def test_a_small_demo_keeps_one_assessment_per_candidate(tmp_path):
    ws = open_workspace(str(tmp_path / "demo.sqlite3"))
    try:
        run_demo(ws, candidates=5)
        assert [len(v) for v in _everything(ws).values()] == [1] * 5
    finally:
        ws.close()

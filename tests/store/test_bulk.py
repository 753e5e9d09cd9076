"""Bulk loading (the demo's large data sets) on SQLite and PostgreSQL."""

from datetime import datetime

from assessor.domain import Assessment, Candidate, Recommendation, Response, Status
from assessor.store import Store, bulk_add
from tests.kits import small_kit


def test_bulk_add_stores_every_row_and_the_list_pages(store_url):
    store = Store(store_url)
    kit = small_kit()
    store.add_candidate("Before", "", kit.role_id)  # ids must follow what is there
    records = [
        [Assessment(id=0, candidate=Candidate(0, f"Cand {i:04d}", f"c{i}@example.com", kit.role_id,
                                              datetime(2020, 1, 1)),
                    kit=kit, interviewer="I", started_at=datetime(2020, 1, 1),
                    status=Status.SUBMITTED if i % 2 else Status.DRAFT,
                    recommendation=Recommendation.YES if i % 2 else None,
                    responses={"q1": Response("q1", rating=1 + i % 4), "q2": Response("q2", notes=f"n{i}")})]
        for i in range(250)
    ]
    assert bulk_add(store, records, chunk=100) == 250
    page = store.candidates(limit=50)
    assert [r.candidate.name for r in page[:2]] == ["Before", "Cand 0000"]
    second = store.candidates(limit=50, offset=50)
    assert second[0].candidate.name == "Cand 0049"
    row = next(r for r in second if r.candidate.name == "Cand 0051")
    assert row.status is Status.SUBMITTED and row.recommendation is Recommendation.YES
    a = store.assessment(row.assessment_id)
    assert a.responses["q1"].rating == 4 and a.responses["q2"].notes == "n51"
    # an ordinary insert after the bulk load gets a fresh id
    assert store.add_candidate("After", "", kit.role_id).id == 252
    store.close()

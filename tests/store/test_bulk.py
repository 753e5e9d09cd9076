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


def test_an_assessment_comes_back_from_its_rows_as_it_went_in(store_url):
    """The one mapping (assessor.store.mapping) both ways: every field of a
    domain assessment, its responses and its panel, through the bulk load
    and back."""
    from assessor.domain import FlagState, seal_digest

    store = Store(store_url)
    kit = small_kit()
    at = datetime(2021, 3, 4, 5, 6, 7, 890)
    candidate = Candidate(0, "Rita Rows", "rita@example.com", kit.role_id, at)
    first = Assessment(id=0, candidate=candidate, kit=kit, interviewer="Ann", started_at=at,
                       status=Status.SUBMITTED, submitted_at=datetime(2021, 3, 4, 6, 0), recommendation=Recommendation.NO,
                       takeaways="Took ages", position="summary", departure_reason="Gut feeling",
                       responses={"q1": Response("q1", rating=4, notes="deep"), "g1": Response("g1", flag_state=FlagState.PRESENT),
                                  "u1": Response("u1", checked=True), "u2": Response("u2", checked=False)})
    first.seal = seal_digest(first)
    second = Assessment(id=0, candidate=candidate, kit=kit, interviewer="Bo", started_at=at, position="q2",
                        responses={"q2": Response("q2", rating=1)})
    assert bulk_add(store, [(first, second)]) == 1
    try:
        (cid,) = {a.candidate.id for a in map(store.assessment, store.assessment_ids())}
        back = store.assessments_of(cid)
        assert [a.interviewer for a in back] == ["Ann", "Bo"]
        for went, came in zip((first, second), back, strict=True):
            for name in ("interviewer", "started_at", "status", "submitted_at", "recommendation", "takeaways",
                         "position", "departure_reason", "seal", "responses", "kit"):
                assert getattr(came, name) == getattr(went, name), name
            assert came.candidate.name == "Rita Rows" and came.candidate.created_at == at
            assert came.uid and came.version == 1 and all(r.version == 1 for r in came.responses.values())
    finally:
        store.close()

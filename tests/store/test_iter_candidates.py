"""``Store.iter_candidates`` (what ``assessor candidates`` prints): every
candidate in the list's order with their latest assessment, read in
batches from one query (a server-side cursor on PostgreSQL)."""

from datetime import datetime

from assessor.domain import Recommendation, Status
from assessor.store import Store
from tests.kits import small_kit


def test_every_candidate_as_the_list_shows_them(store_url):
    store = Store(store_url)
    try:
        kit = small_kit()
        never = store.add_candidate("Bea Never", "", kit.role_id)
        twice = store.add_candidate("Ann Twice", "", kit.role_id)
        store.add_candidate("Ann Twice", "", kit.role_id)  # the same name: by id then
        store.start_assessment(twice.id, kit, "First")
        latest = store.start_assessment(twice.id, kit, "Second")
        store.update_assessment(latest.id, recommendation=Recommendation.STRONG_YES, status=Status.SUBMITTED,
                                submitted_at=datetime(2026, 5, 4, 3, 2))
        for i in range(7):
            store.add_candidate(f"Cy {i}", "", kit.role_id)

        streamed = list(store.iter_candidates(batch=2))  # more batches than one
        # the same rows, each panel told as the list tells it (2 interviewers, 1 submitted)
        listed = store.candidates(limit=1000)
        assert [r.panel for r in listed if r.candidate.id == twice.id][0].interviewers == 2
        assert streamed == listed
        assert streamed[0].panel.submitted == 1 and streamed[0].panel.recommendations == (Recommendation.STRONG_YES,)
        assert [r.candidate.name for r in streamed[:3]] == ["Ann Twice", "Ann Twice", "Bea Never"]
        first = streamed[0]
        assert first.assessment_id == latest.id and first.status is Status.SUBMITTED
        assert first.recommendation is Recommendation.STRONG_YES
        assert first.last_interview == datetime(2026, 5, 4, 3, 2)
        bea = streamed[2]
        assert bea.candidate == never and bea.status is None and bea.last_interview is None
        assert len(streamed) == 10

        rows = store.iter_candidates(batch=2)
        assert next(rows).candidate.name == "Ann Twice"
        rows.close()  # stopped early: the session is closed, the store goes on
        assert len(store.candidates(limit=1000)) == 10
    finally:
        store.close()

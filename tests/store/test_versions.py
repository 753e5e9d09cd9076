"""Row versions: two stores on one database never silently overwrite each
other; a write based on a stale version is refused and nothing changes."""

import pytest

from assessor.domain import Recommendation, Response
from assessor.store import ConflictError, Store
from tests.kits import small_kit


@pytest.fixture
def two(store_url):
    a, b = Store(store_url), Store(store_url)
    yield a, b
    a.close()
    b.close()


def test_a_stale_response_write_is_refused(two):
    a, b = two
    cand = a.add_candidate("Two Writers", "", "test-role")
    assessment = a.start_assessment(cand.id, small_kit(), "Ivo")
    assert a.save_response(assessment.id, Response("q1", rating=2), expected_version=0) == 1
    assert b.assessment(assessment.id).responses["q1"].version == 1
    assert b.save_response(assessment.id, Response("q1", rating=4, notes="B"), expected_version=1) == 2
    with pytest.raises(ConflictError) as caught:  # A still thinks version 1
        a.save_response(assessment.id, Response("q1", rating=1, notes="A"), expected_version=1)
    assert caught.value.version == 2
    assert caught.value.current == Response("q1", rating=4, notes="B") and caught.value.current.version == 2
    with pytest.raises(ConflictError):  # A thinks there is no row yet
        a.save_response(assessment.id, Response("q1", rating=1), expected_version=0)
    stored = a.assessment(assessment.id).responses["q1"]
    assert (stored.rating, stored.notes, stored.version) == (4, "B", 2)
    assert a.save_response(assessment.id, Response("q1", rating=1, notes="A"), expected_version=2) == 3
    assert b.assessment(assessment.id).responses["q1"].rating == 1


def test_a_stale_assessment_change_is_refused(two):
    a, b = two
    cand = a.add_candidate("Two Writers", "", "test-role")
    assessment = a.start_assessment(cand.id, small_kit(), "Ivo")
    assert assessment.version == 1
    assert b.update_assessment(assessment.id, expected_version=1, recommendation=Recommendation.YES) == 2
    assert a.update_assessment(assessment.id, position="q2") is None  # the page shown never conflicts
    with pytest.raises(ConflictError) as caught:
        a.update_assessment(assessment.id, expected_version=1, recommendation=Recommendation.NO, takeaways="A")
    assert caught.value.version == 2 and caught.value.current["recommendation"] is Recommendation.YES
    stored = b.assessment(assessment.id)
    assert (stored.recommendation, stored.takeaways, stored.position, stored.version) == \
        (Recommendation.YES, "", "q2", 2)

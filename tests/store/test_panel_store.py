"""Panels in the store, on SQLite and PostgreSQL: several assessments of one
candidate, seals and amendments stored and read back, a role's assessments
loaded in three queries."""

from datetime import datetime

from sqlalchemy import event

from assessor.domain import Amendment, AuditEntry, FlagState, Recommendation, Response, Status, verify_seal
from assessor.store import Store
from tests.kits import small_kit

AT = datetime(2026, 11, 20, 9, 0)


def test_amendments_and_seals_round_trip(store_url):
    store = Store(store_url)
    try:
        kit = small_kit()
        cand = store.add_candidate("Panel Person", "p@x.test", kit.role_id)
        assert len(cand.uid) == 36
        first = store.start_assessment(cand.id, kit, "Ann")
        second = store.start_assessment(cand.id, kit, "Bo")
        assert first.uid and first.uid != second.uid
        store.save_response(first.id, Response("q1", rating=2, notes="thin"))
        store.save_response(first.id, Response("g1", flag_state=FlagState.ABSENT))
        store.update_assessment(first.id, recommendation=Recommendation.NO, status=Status.SUBMITTED,
                                submitted_at=AT, departure_reason="why", seal="0" * 64)
        store.add_amendment(first.id, Amendment(AT, "Ann", "q1", "rating", 2, 3, "misread"),
                            AuditEntry(AT, "Ann", cand.id, first.id, "q1", "rating", "2", "3"))
        store.add_amendment(first.id, Amendment(AT, "Ann", "g1", "flag_state", "absent", "present", "found it"))
        store.add_amendment(first.id, Amendment(AT, "Ann", None, "recommendation", "no", "yes", "after the fix"))
        store.add_amendment(first.id, Amendment(AT, "Ann", "q2", "notes", "", "added later", "forgot"))
        a = store.assessment(first.id)
        assert a.responses["q1"].rating == 3 and a.responses["q1"].notes == "thin"
        assert a.responses["g1"].flag_state is FlagState.PRESENT and a.responses["q2"].notes == "added later"
        assert a.recommendation is Recommendation.YES and a.departure_reason == "why" and a.seal == "0" * 64
        assert [(m.item_id, m.field, m.old, m.new) for m in a.amendments] == [
            ("q1", "rating", 2, 3), ("g1", "flag_state", "absent", "present"),
            (None, "recommendation", "no", "yes"), ("q2", "notes", "", "added later")]
        assert verify_seal(a) is False  # the seal above is not the digest of the state
        assert [x.id for x in store.assessments_of(cand.id)] == [first.id, second.id]
        assert [e.field for e in store.audit_entries(cand.id)] == ["rating"]
    finally:
        store.close()


def test_role_assessments_cost_four_queries_whatever_the_count(store_url):
    store = Store(store_url)
    try:
        kit = small_kit()
        for i in range(12):
            cand = store.add_candidate(f"C{i}", "", kit.role_id)
            for who in ("Ann", "Bo"):
                a = store.start_assessment(cand.id, kit, who)
                store.save_response(a.id, Response("q1", rating=1 + i % 4))
                if i % 3:
                    store.update_assessment(a.id, status=Status.SUBMITTED, submitted_at=AT)
        statements: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        loaded = store.role_assessments(kit.role_id)
        assert len(loaded) == 16 and all(a.is_submitted for a in loaded)
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 4
        assert len(store.role_assessments(kit.role_id, submitted_only=False)) == 24
        assert store.role_ids() == [kit.role_id]
    finally:
        store.close()


def test_the_list_shows_the_viewers_own_assessment_never_a_colleagues_draft(store_url):
    store = Store(store_url)
    try:
        kit = small_kit()
        cand = store.add_candidate("Listed", "", kit.role_id)
        ann = store.start_assessment(cand.id, kit, "Ann")
        store.update_assessment(ann.id, recommendation=Recommendation.STRONG_YES, status=Status.SUBMITTED,
                                submitted_at=AT)
        bo = store.start_assessment(cand.id, kit, "Bo")
        store.update_assessment(bo.id, recommendation=Recommendation.NO)  # Bo's draft
        row = lambda viewer: store.candidates("Listed", viewer=viewer)[0]  # noqa: E731
        assert (row(None).assessment_id, row(None).status) == (bo.id, Status.DRAFT)  # no viewer: the latest
        assert (row("bo").assessment_id, row("bo").recommendation) == (bo.id, Recommendation.NO)  # own draft
        assert (row("Ann").assessment_id, row("Ann").recommendation) == (ann.id, Recommendation.STRONG_YES)
        hm = row("Hiring Manager")  # not on the panel: the latest submitted, never Bo's draft
        assert (hm.assessment_id, hm.status) == (ann.id, Status.SUBMITTED)
        nobody = store.add_candidate("Listed too", "", kit.role_id)
        assert store.candidates("Listed too", viewer="Ann")[0].assessment_id is None and nobody.id
    finally:
        store.close()

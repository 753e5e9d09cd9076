"""Whole assessments read out of and written into the store, on SQLite and
PostgreSQL: the records read back equal the records written, importing
twice adds nothing, a changed assessment is a conflict left as it is, and a
failed import writes nothing."""

from datetime import datetime

import pytest
from sqlalchemy import text

from assessor.domain import Amendment, FlagState, Recommendation, Response, Status
from assessor.store import Store, StoreError
from assessor.store import exchange
from assessor.store.exchange import candidate_records, import_records, kit_records
from tests.kits import small_kit

AT = datetime(2026, 11, 20, 9, 0, 0, 123456)


def _fill(store: Store) -> None:
    """A panel of two (one submitted, sealed and amended), a draft, an
    anonymized candidate and a candidate never interviewed."""
    kit, other = small_kit(), small_kit(version="2.0.0", prompt="Reworded")
    pat = store.add_candidate("Pat Panel", "pat@x.test", kit.role_id)
    ann = store.start_assessment(pat.id, kit, "Ann")
    store.save_response(ann.id, Response("q1", rating=4, notes="deep, with \"quotes\"\nand lines"))
    store.save_response(ann.id, Response("g1", flag_state=FlagState.PRESENT, notes="résumé"))
    store.save_response(ann.id, Response("p1-a", checked=True))
    store.save_response(ann.id, Response("p1-red", checked=False))
    store.update_assessment(ann.id, recommendation=Recommendation.STRONG_YES, takeaways="Hire", status=Status.SUBMITTED,
                            submitted_at=AT.replace(microsecond=0), departure_reason="the red flag was old",
                            seal="a" * 64, position="summary")
    store.add_amendment(ann.id, Amendment(AT, "Ann", "q1", "rating", 4, 3, "pressed 4 for 3"))
    store.add_amendment(ann.id, Amendment(AT, "Ann", None, "recommendation", "strong_yes", "yes", "after the fix"))
    bo = store.start_assessment(pat.id, other, "Bo")
    store.save_response(bo.id, Response("q1", rating=1))
    store.update_assessment(bo.id, position="q2")
    anon = store.add_candidate("Ana Anon", "ana@x.test", kit.role_id)
    a = store.start_assessment(anon.id, kit, "Ann")
    store.save_response(a.id, Response("q2", rating=2, notes="to be blanked"))
    store.anonymize_candidate(anon.id)
    store.add_candidate("王小明", "", kit.role_id)


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("kit_snapshots", "candidates", "assessments", "responses", "amendments")}


def test_records_read_back_as_written_from_either_database(store_url, tmp_path):
    source = Store(store_url)
    target = Store(str(tmp_path / "target.sqlite3"))
    try:
        _fill(source)
        records, kits = list(candidate_records(source, chunk=2)), kit_records(source)
        assert len(records) == 3 and len(kits) == 2
        pat = records[0]
        assert [a.interviewer for a in pat.assessments] == ["Ann", "Bo"]
        assert [(m.field, m.old, m.new) for m in pat.assessments[0].amendments] == [
            ("rating", 4, 3), ("recommendation", "strong_yes", "yes")]
        assert records[1].anonymized_at is not None and records[1].assessments[0].responses[0].notes == ""

        result = import_records(target, kits, records)
        assert result.added == {"kits": 2, "candidates": 3, "assessments": 3, "responses": 6, "amendments": 2}
        assert result.conflicts == []
        again = list(candidate_records(target))
        assert again == records  # every field, database ids aside
        assert [r.id for r in again] != [0, 0, 0]
        assert {k.digest: k.content for k in kit_records(target)} == {k.digest: k.content for k in kits}

        before = _counts(target)
        second = import_records(target, kits, records)
        assert sum(second.added.values()) == 0 and second.conflicts == []
        assert second.present == {"kits": 2, "candidates": 3, "assessments": 3, "responses": 6, "amendments": 2}
        assert _counts(target) == before

        into_itself = import_records(source, kits, records)  # the source knows every uid already
        assert sum(into_itself.added.values()) == 0 and into_itself.present["assessments"] == 3
    finally:
        source.close()
        target.close()


def test_import_into_either_database_then_a_changed_assessment_is_a_conflict(store_url, tmp_path):
    source = Store(str(tmp_path / "source.sqlite3"))
    target = Store(store_url)
    try:
        _fill(source)
        records, kits = list(candidate_records(source)), kit_records(source)
        import_records(target, kits, records)
        assert list(candidate_records(target)) == records

        # someone edits Bo's draft in the target; the file still has the old one
        bo = records[0].assessments[1]
        target_bo = next(a for a in target.assessments_of(list(candidate_records(target))[0].id) if a.uid == bo.uid)
        target.save_response(target_bo.id, Response("q1", rating=3))
        result = import_records(target, kits, records)
        assert len(result.conflicts) == 1
        assert result.conflicts[0].startswith(f"assessment {bo.uid}: differs in responses")
        assert "Pat" not in result.conflicts[0]  # uids and field names only, never the data
        assert target.assessment(target_bo.id).responses["q1"].rating == 3  # kept, not overwritten
        assert result.present["assessments"] == 2

        # a candidate renamed here is kept as it is, and reported
        with target.engine.begin() as conn:
            conn.execute(text("UPDATE candidates SET name = 'Renamed' WHERE uid = :u"), {"u": records[0].uid})
        result = import_records(target, kits, records)
        assert any(c.startswith(f"candidate {records[0].uid}: differs in name") for c in result.conflicts)
        assert list(candidate_records(target))[0].name == "Renamed"
    finally:
        source.close()
        target.close()


def test_a_failed_import_writes_nothing(store_url, tmp_path, monkeypatch):
    source = Store(str(tmp_path / "source.sqlite3"))
    target = Store(store_url)
    try:
        _fill(source)
        records, kits = list(candidate_records(source)), kit_records(source)
        empty = _counts(target)
        calls = []
        real = exchange._import_chunk

        def failing(conn, part, snapshots, result, *audit):
            calls.append(len(part))
            if len(calls) == 2:  # the first chunk is written, then the database refuses
                conn.execute(text("INSERT INTO no_such_table VALUES (1)"))
            real(conn, part, snapshots, result, *audit)

        monkeypatch.setattr(exchange, "CHUNK", 1)
        monkeypatch.setattr(exchange, "_import_chunk", failing)
        with pytest.raises(StoreError, match="cannot import the file"):
            import_records(target, kits, records)
        assert calls == [1, 1]
        assert _counts(target) == empty  # all or nothing
    finally:
        source.close()
        target.close()


def test_export_reads_in_chunks_and_only_the_chosen_candidates(store_url):
    store = Store(store_url)
    try:
        kit = small_kit()
        ids = []
        for i in range(7):
            c = store.add_candidate(f"C{i}", "", kit.role_id)
            store.save_response(store.start_assessment(c.id, kit, "Ann").id, Response("q1", rating=1 + i % 4))
            ids.append(c.id)
        assert [r.name for r in candidate_records(store, chunk=3)] == [f"C{i}" for i in range(7)]
        chosen = list(candidate_records(store, [ids[5], ids[1], 999_999], chunk=1))
        assert [r.name for r in chosen] == ["C1", "C5"]
        assert [r.assessments[0].responses[0].rating for r in chosen] == [2, 2]
        assert len(kit_records(store, [ids[1]])) == 1 and kit_records(store, [999_999]) == []
    finally:
        store.close()

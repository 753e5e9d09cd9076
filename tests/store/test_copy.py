"""``assessor db copy``: every row of every table survives SQLite → (SQLite
or PostgreSQL) → SQLite, and the copy works as a database afterwards."""

from sqlalchemy import select

from assessor.cli.main import main
from assessor.domain import Amendment, AuditEntry, FlagState, Recommendation, Response, Status
from assessor.store import Store, utcnow
from assessor.store.models import Base
from assessor.domain.resume import Resume
from tests.kits import small_kit
from tests.resumes import pdf_bytes


def _fill(store: Store) -> None:
    from assessor.domain import Identity
    from assessor.services.signing_keys import ensure_registered, rotate_key

    store.add_identity(Identity("os:ivo:1000", "os:ivo:1000", "Ivo"), utcnow())  # migration 0010's tables
    ensure_registered(store, "os:ivo:1000", "Ivo")  # a key, and signed heads of the audit rows below
    rotate_key(store, "os:ivo:1000", "Ivo")  # a retired key: a key_status row (migration 0011)
    for i in range(30):
        c = store.add_candidate(f"Cand {i} ünïcode", f"c{i}@x.test", "test-role")
        if i % 3 == 0:
            continue
        a = store.start_assessment(c.id, small_kit(version=str(i % 2)), "Ivo")
        store.save_response(a.id, Response("q1", rating=i % 4 + 1, notes=f"note {i}\nline"),
                            AuditEntry(utcnow(), "Ivo", c.id, a.id, "q1", "rating", None, str(i % 4 + 1)))
        store.save_response(a.id, Response("g1", flag_state=FlagState.PRESENT))
        store.save_response(a.id, Response("u1", checked=bool(i % 2)))
        if i % 5 == 0:
            store.update_assessment(a.id, recommendation=Recommendation.YES, status=Status.SUBMITTED,
                                    submitted_at=utcnow(), takeaways="x" * 3000, seal="f" * 64)
            store.add_amendment(a.id, Amendment(utcnow(), "Ivo", "q1", "rating", i % 4 + 1, 4, "misread"))
    store.anonymize_candidate(2)
    store.erase_candidate(8)  # its audit rows leave tombstones (migration 0007), copied too
    for cid in (4, 5):  # resumes (migration 0006): their bytes survive the copy
        store.save_resume(cid, Resume(f"cv{cid}.pdf", "application/pdf", pdf_bytes(f"Cand {cid}"), utcnow()))


def _rows(db: str) -> dict[str, list[tuple]]:
    store = Store(db)
    try:
        with store.engine.connect() as conn:
            return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                    for t in Base.metadata.sorted_tables}
    finally:
        store.close()


def test_round_trip_keeps_every_row(store_url, tmp_path):
    first, last = str(tmp_path / "first.sqlite3"), str(tmp_path / "last.sqlite3")
    store = Store(first)
    _fill(store)
    store.close()
    assert main(["db", "copy", "--from", first, "--to", store_url]) == 0
    assert main(["db", "copy", "--from", store_url, "--to", last]) == 0
    original = _rows(first)
    assert all(original.values()), "every table has rows to copy"
    assert _rows(store_url) == original
    assert _rows(last) == original

    middle = Store(store_url)  # the copy is a working database: new ids, search
    try:
        new = middle.add_candidate("After Copy", "", "test-role")
        assert new.id == max(r[0] for r in original["candidates"]) + 1
        assert [r.candidate.name for r in middle.candidates("after cop")] == ["After Copy"]
        assert len(middle.candidates("ünïcode")) == 28  # one anonymized, one erased
    finally:
        middle.close()


def test_copy_refuses_a_target_with_rows(tmp_path, capsys):
    a, b = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    for db in (a, b):
        s = Store(db)
        s.add_candidate("Someone", "", "r")
        s.close()
    assert main(["db", "copy", "--from", a, "--to", b]) == 1
    assert "copy into an empty one" in capsys.readouterr().err
    assert len(_rows(b)["candidates"]) == 1

"""Exporting assessments as JSON and CSV and importing the JSON back, as a
user does it through the services, read back from the files and the
database."""

import csv
import json
import re

import pytest
from sqlalchemy import text

from assessor.domain import FlagState, Recommendation, verify_seal
from assessor.services import (
    AssessorError, add_candidate, anonymize_candidate, export_csv, export_json, import_json, load_assessment,
    open_interview, open_workspace,
)
from assessor.services import exchange
from assessor.services.exchange import check_export
from assessor.services.panel import amend, debrief_for, seal_status
from tests.kits import small_kit

KIT = small_kit()
#: fields that differ between two databases by design
#: database ids, the export time, and the public keys: registered where the file was written, never
#: registered from a file (an import trusts only the keys of its own database)
LOCAL = {"id", "exported_at", "public_keys"}


def _workspace(path):
    return open_workspace(str(path), kits={KIT.role_id: KIT})


def _score(ws, cid, who, q1, q2, rec, *, reason="", notes="", submit=True):
    interview = open_interview(ws, cid, who)
    interview.set_flag("g1", FlagState.PRESENT)
    interview.set_flag("y1", FlagState.ABSENT)
    interview.rate("q1", q1)
    interview.rate("q2", q2)
    interview.write_notes("q1", notes or f"{who} heard it")
    interview.tick("p1-a", True)
    interview.tick("u1", True)
    interview.tick("u1-red", False)
    interview.set_recommendation(rec)
    interview.set_takeaways(f"{who}: takeaways")
    interview.set_position("summary")
    if reason:
        interview.set_departure_reason(reason)
    if submit:
        interview.submit()
    return interview.assessment.id


def _fill(ws) -> dict:
    """A panel (one disagreement, a departure reason, amendments), a draft,
    an anonymized candidate, a candidate never interviewed, formula-like
    and non-Latin text."""
    pat = add_candidate(ws, "Pat Panel", "pat@example.com", KIT.role_id).id
    ann = _score(ws, pat, "Ann", 4, 4, Recommendation.STRONG_YES, notes="=HYPERLINK(\"http://x\",\"click\")")
    bo = _score(ws, pat, "Bo", 2, 4, Recommendation.YES,
                reason="Strong where this team needs it, \"quoted\"\nand two lines")
    amend(ws, ann, "q1", "rating", 3, "pressed 4 for 3", "Ann")
    amend(ws, ann, "q2", "notes", "-added later", "forgot", "Ann")
    amend(ws, bo, None, "recommendation", "no", "after the debrief", "Bo")
    draft = add_candidate(ws, "@王小明", "=wang@example.com", KIT.role_id).id
    _score(ws, draft, "Ann", 1, 2, Recommendation.NO, submit=False)
    anon = add_candidate(ws, "+Ana Anon", "@ana@example.com", KIT.role_id).id
    _score(ws, anon, "Ann", 3, 3, Recommendation.YES)
    anonymize_candidate(ws, anon)
    add_candidate(ws, "@Never Interviewed", "", KIT.role_id)
    return {"pat": pat, "ann": ann, "bo": bo, "draft": draft, "anon": anon}


@pytest.fixture
def filled(tmp_path):
    ws = _workspace(tmp_path / "source.sqlite3")
    ids = _fill(ws)
    yield ws, ids
    ws.close()


def _differences(a, b, path="") -> list[str]:
    """Every JSON path where ``a`` and ``b`` differ, database ids and the
    export time aside."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only on one side" for k in sorted(set(a) ^ set(b)) if k not in LOCAL]
        for k in sorted(set(a) & set(b) - LOCAL):
            out += _differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items against {len(b)}"]
        return [d for n, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, f"{path}[{n}]")]
    return [] if a == b and type(a) is type(b) else [f"{path}: {a!r} != {b!r}"]


def test_json_round_trip_keeps_every_field(filled, tmp_path):
    ws, ids = filled
    first = export_json(ws, tmp_path / "first.json", viewer="Ann")  # Ann sees her own draft
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["format"] == "assessor.assessments" and doc["version"] == 1
    assert len(doc["kits"]) == 1 and len(doc["candidates"]) == 4
    pat = doc["candidates"][0]
    assert [a["interviewer"] for a in pat["assessments"]] == ["Ann", "Bo"]  # the panel
    ann, bo = pat["assessments"]
    assert ann["seal"] and len(ann["seal"]) == 64 and ann["submitted_at"].endswith("Z")
    assert [(m["item_id"], m["field"], m["old"], m["new"]) for m in ann["amendments"]] == [
        ("q1", "rating", 4, 3), ("q2", "notes", "", "-added later")]
    assert bo["departure_reason"].startswith("Strong where") and bo["recommendation"] == "no"
    assert {r["item_id"]: r["rating"] for r in ann["responses"] if r["rating"]} == {"q1": 3, "q2": 4}
    assert doc["candidates"][1]["assessments"][0]["status"] == "draft"
    assert doc["candidates"][2]["anonymized_at"] and doc["candidates"][2]["email"] == ""
    assert doc["candidates"][3]["assessments"] == []

    assert check_export(first) == 4  # reads and validates without importing
    target = _workspace(tmp_path / "target.sqlite3")
    try:
        report = import_json(target, first)
        assert report.added == {"kits": 1, "candidates": 4, "assessments": 4,
                                "responses": sum(len(a["responses"]) for c in doc["candidates"]
                                                 for a in c["assessments"]), "amendments": 3}
        assert report.conflicts == [] and report.warnings == []
        second = export_json(target, tmp_path / "second.json", viewer="Ann")
        again = json.loads(second.read_text(encoding="utf-8"))
        assert _differences(doc, again) == []
        assert [c["id"] for c in again["candidates"]] == [1, 2, 3, 4]

        # the seals still verify in the new database, amendments and all
        pat_here = target.store.candidates(search="Pat Panel")[0].candidate.id
        panel = target.store.assessments_of(pat_here)
        assert [verify_seal(a) for a in panel] == [True, True]
        assert seal_status(panel[0]).endswith("intact, 2 amendments since")
        assert debrief_for(target, pat_here).tally == {Recommendation.STRONG_YES: 1, Recommendation.NO: 1}
    finally:
        target.close()


def test_importing_twice_adds_nothing_twice(filled, tmp_path):
    ws, _ = filled
    path = export_json(ws, tmp_path / "x.json")
    target = _workspace(tmp_path / "target.sqlite3")
    try:
        first = import_json(target, path)
        counts = _rows(target)
        second = import_json(target, path)
        assert sum(second.added.values()) == 0
        assert second.present == first.added
        assert second.summary().startswith("added nothing; already present (skipped): 1 kit, 4 candidates")
        assert _rows(target) == counts
        # and into the database it came from: everything is there already
        assert sum(import_json(ws, path).added.values()) == 0
    finally:
        target.close()


def _rows(ws) -> dict[str, int]:
    with ws.store.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("candidates", "assessments", "responses", "amendments", "kit_snapshots")}


def test_a_changed_assessment_is_a_conflict_and_is_kept(filled, tmp_path):
    ws, ids = filled
    path = export_json(ws, tmp_path / "x.json")
    target = _workspace(tmp_path / "target.sqlite3")
    try:
        import_json(target, path)
        bo_uid = load_assessment(ws, ids["bo"]).uid
        bo_here = next(a for a in target.store.assessments_of(1) if a.uid == bo_uid)
        amend(target, bo_here.id, "q2", "rating", 3, "second thoughts", "Bo")
        report = import_json(target, path)
        assert report.conflicts == [f"assessment {bo_uid}: differs in responses, amendments; "
                                    "the one in this database is kept"]
        assert "1 conflict" in report.summary()
        assert target.store.assessment(bo_here.id).responses["q2"].rating == 3
    finally:
        target.close()


def test_a_tampered_rating_shows_as_a_broken_seal_on_import(filled, tmp_path):
    ws, ids = filled
    path = export_json(ws, tmp_path / "x.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    q2 = next(r for r in doc["candidates"][0]["assessments"][1]["responses"] if r["item_id"] == "q2")
    q2["rating"] = 1  # edited by hand, with no amendment
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = _workspace(tmp_path / "target.sqlite3")
    try:
        report = import_json(target, path)
        uid = doc["candidates"][0]["assessments"][1]["uid"]
        assert report.warnings == [f"assessment {uid}: its seal does not match its ratings and notes "
                                   "(changed after submission without an amendment)"]
    finally:
        target.close()


def _problem(tmp_path, filled, edit) -> str:
    """The message of importing the export after ``edit(doc)``; the target
    database must stay empty."""
    ws, _ = filled
    path = export_json(ws, tmp_path / "x.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = _workspace(tmp_path / "target.sqlite3")
    try:
        with pytest.raises(AssessorError) as caught:
            import_json(target, path)
        assert _rows(target) == dict.fromkeys(("candidates", "assessments", "responses", "amendments",
                                               "kit_snapshots"), 0)
    finally:
        target.close()
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message and "Traceback" not in message
    return message


def _assessment(doc, n=0):
    return doc["candidates"][0]["assessments"][n]


@pytest.mark.parametrize("edit, expected", [
    (lambda d: _assessment(d)["responses"][2].update(rating="four"),
     "candidates[0].assessments[0].responses[2].rating: Input should be a valid integer"),
    (lambda d: _assessment(d)["responses"][2].update(rating=9), "responses[2].rating: 9 is off the kit's scale 1..4"),
    (lambda d: _assessment(d)["responses"][0].update(item_id="nope"), "the kit has no item 'nope'"),
    (lambda d: _assessment(d).update(status="maybe"), "candidates[0].assessments[0].status: Input should be"),
    (lambda d: _assessment(d).update(kit="0" * 64), "candidates[0].assessments[0].kit: no kit with this digest"),
    (lambda d: d["candidates"][1].update(uid=d["candidates"][0]["uid"]),
     "candidates[1].uid: the uid of candidates[0] again"),
    (lambda d: d["candidates"][0].update(name="Pat\x00"), "candidates[0].name: text must not contain a NUL"),
    (lambda d: d["candidates"][0].update(nickname="Patty"), "candidates[0].nickname: Extra inputs are not permitted"),
    (lambda d: _assessment(d)["amendments"][0].update(field="status"), "amendments[0].field: Input should be"),
    (lambda d: _assessment(d).update(started_at=1700000000), "started_at: a time must be an ISO 8601 text"),
    (lambda d: next(iter(d["kits"].values()))["questions"][0].update(prompt="Reworded"),
     "the kit does not match its digest"),
    (lambda d: next(iter(d["kits"].values())).pop("scale"), ".scale: Field required"),
])
def test_a_broken_file_is_refused_with_the_json_path_of_the_problem(tmp_path, filled, edit, expected):
    assert expected in _problem(tmp_path, filled, edit)


def test_many_problems_are_counted_not_all_listed(tmp_path, filled):
    def edit(doc):
        for r in _assessment(doc)["responses"]:
            r["rating"] = "x"
    message = _problem(tmp_path, filled, edit)
    assert message.count("Input should be a valid integer") == 3 and "more problems)" in message


@pytest.mark.parametrize("content, expected", [
    (b"name,rating\nPat,4\n", "is not an Assessor export: it is not JSON (line 1, column 1"),
    (b"\xff\xfe\x00garbage", "is not an Assessor export: it is not UTF-8 text"),
    (b"[1, 2, 3]", 'is not an Assessor assessments export (it has no "format": "assessor.assessments")'),
    (b'{"format": "something.else", "version": 1}', "is not an Assessor assessments export"),
    (b'{"format": "assessor.assessments", "version": 2, "candidates": []}',
     "was written by a newer Assessor (format version 2); this one reads version 1"),
    (b'{"format": "assessor.assessments", "version": 1, "candidates": [', "it is not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "not an Assessor"),
    (b'{"format": "assessor.assessments", "version": 1, "candidates": [{"uid": NaN}]}', "NaN is not a JSON number"),
])
def test_a_file_that_is_not_ours_says_so(tmp_path, content, expected):
    path = tmp_path / "foreign.json"
    path.write_bytes(content)
    ws = _workspace(tmp_path / "db.sqlite3")
    try:
        with pytest.raises(AssessorError) as caught:
            import_json(ws, path)
    finally:
        ws.close()
    assert str(caught.value).startswith(str(path)) and expected in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    ws = _workspace(tmp_path / "db.sqlite3")
    try:
        with pytest.raises(AssessorError, match="cannot read .*missing.json: No such file"):
            import_json(ws, tmp_path / "missing.json")
    finally:
        ws.close()


def test_csv_has_one_row_per_response_and_neutralised_formulas(filled, tmp_path):
    ws, ids = filled
    path = export_csv(ws, tmp_path / "responses.csv", viewer="Ann")  # Ann sees her own draft
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == exchange.CSV_COLUMNS
    stored = sum(len(a.responses) for cid in (ids["pat"], ids["draft"], ids["anon"])
                 for a in ws.store.assessments_of(cid))
    assert len(rows) == stored
    ann = [r for r in rows if r["interviewer"] == "Ann" and r["candidate_name"] == "Pat Panel"]
    q1 = next(r for r in ann if r["item_id"] == "q1")
    assert q1["notes"] == "'=HYPERLINK(\"http://x\",\"click\")"  # shown as text, never run
    assert (q1["rating"], q1["rating_label"], q1["section"], q1["item_text"]) == (
        "3", "L3", "Skill-level questions", "Explain the philosophy")
    assert next(r for r in ann if r["item_id"] == "q2")["notes"] == "'-added later"
    assert next(r for r in ann if r["item_id"] == "g1")["flag_state"] == "present"
    assert next(r for r in ann if r["item_id"] == "p1-a")["checked"] == "yes"
    assert [r["item_id"] for r in ann] == ["g1", "y1", "q1", "q2", "p1-a", "u1", "u1-red"]  # interview order
    draft = [r for r in rows if r["interviewer"] == "Ann" and r["status"] == "draft"]
    assert {(r["candidate_name"], r["candidate_email"]) for r in draft} == {("'@王小明", "'=wang@example.com")}
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert {r["recommendation"] for r in rows if r["candidate_name"] == "Pat Panel"} == {"strong_yes", "no"}


def test_export_of_chosen_candidates_and_an_unknown_id(filled, tmp_path):
    ws, ids = filled
    doc = json.loads(export_json(ws, tmp_path / "one.json", [ids["draft"]]).read_text(encoding="utf-8"))
    assert [c["name"] for c in doc["candidates"]] == ["@王小明"]  # JSON keeps text as it is
    rows = list(csv.DictReader(export_csv(ws, tmp_path / "one.csv", [ids["pat"]]).open(encoding="utf-8")))
    assert {r["candidate_name"] for r in rows} == {"Pat Panel"}
    with pytest.raises(AssessorError, match="no candidate with id 4242"):
        export_json(ws, tmp_path / "none.json", [ids["pat"], 4242])
    assert not (tmp_path / "none.json").exists()


def test_a_failed_export_leaves_the_old_file_whole(filled, tmp_path, monkeypatch):
    ws, _ = filled
    path = tmp_path / "x.json"
    path.write_text("the previous export", encoding="utf-8")

    def broken(store, ids=None, chunk=500):
        yield from []
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange.writer, "candidate_records", broken)
    with pytest.raises(AssessorError, match="cannot write .*x.json: No space left on device"):
        export_json(ws, path)
    assert path.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".x.json")] == []  # no temporary file left


def test_a_hand_written_file_with_its_kits_last_imports_the_same(filled, tmp_path):
    """The import checks each candidate as it reads it when the kits come
    first (as exports write them), and keeps the candidates until the kits
    are known when they come last: both import the same rows, and a rule
    broken in such a file is still named."""
    ws, _ = filled
    doc = json.loads(export_json(ws, tmp_path / "x.json").read_text(encoding="utf-8"))
    reordered = {"candidates": doc["candidates"], **{k: v for k, v in doc.items() if k != "candidates"}}
    path = tmp_path / "kits-last.json"
    path.write_text(json.dumps(reordered), encoding="utf-8")
    target = _workspace(tmp_path / "target.sqlite3")
    try:
        assert import_json(target, path).added == import_json(_workspace(tmp_path / "t2.sqlite3"),
                                                              tmp_path / "x.json").added
        assert _rows(target)["candidates"] == len(doc["candidates"])
        reordered["candidates"][1]["uid"] = reordered["candidates"][0]["uid"]
        path.write_text(json.dumps(reordered), encoding="utf-8")
        with pytest.raises(AssessorError, match=r"candidates\[1\]\.uid: the uid of candidates\[0\] again"):
            check_export(path)
    finally:
        target.close()


def test_a_file_changed_between_checking_and_importing_imports_nothing(filled, tmp_path, monkeypatch):
    """The file is read twice (checked, then imported a chunk at a time):
    if it changed in between, nothing is imported."""
    ws, _ = filled
    path = export_json(ws, tmp_path / "x.json")
    target = _workspace(tmp_path / "target.sqlite3")
    before = _rows(target)
    read = exchange.reader._read

    def read_then_change(p):
        result = read(p)
        changed = re.sub(r'("name":\s*")', r"\1X", p.read_text(encoding="utf-8"), count=1)
        assert changed != p.read_text(encoding="utf-8")
        p.write_text(changed, encoding="utf-8")
        return result

    monkeypatch.setattr(exchange.reader, "_read", read_then_change)
    try:
        with pytest.raises(AssessorError, match="changed while it was being imported; nothing was imported"):
            import_json(target, path)
        assert _rows(target) == before
    finally:
        target.close()

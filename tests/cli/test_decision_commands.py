"""The decision side from the command line, as a user runs it: export and
import, blind and panel reports, the comparison, the debrief and the
calibration table, each read back (JSON, the csv module, pypdf)."""

import csv
import json

import pytest
from pypdf import PdfReader

from assessor.cli.main import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The default demo (6 candidates, two of them assessed by a panel)."""
    db = str(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    return db


@pytest.fixture(scope="module")
def exported(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "all.json"
    assert main(["--db", demo_db, "export", "--format", "json", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _panels(doc) -> list[dict]:
    return [c for c in doc["candidates"] if sum(a["status"] == "submitted" for a in c["assessments"]) >= 2]


def _text(pdf) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_export_then_import_twice_adds_nothing_twice(exported, tmp_path, capsys):
    path = tmp_path / "all.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    target = str(tmp_path / "target.sqlite3")
    capsys.readouterr()
    assert main(["--db", target, "import", str(path)]) == 0
    first = capsys.readouterr().out
    responses = sum(len(a["responses"]) for c in exported["candidates"] for a in c["assessments"])
    assessments = sum(len(c["assessments"]) for c in exported["candidates"])
    kits = len({a["kit"] for c in exported["candidates"] for a in c["assessments"]})
    assert f"added {kits} kits, 6 candidates, {assessments} assessments, {responses} responses;" in first
    assert first.splitlines()[0].endswith("0 conflicts")  # then: signed by keys not registered here
    assert all("not verifiable" in line for line in first.splitlines()[1:])
    assert main(["--db", target, "import", str(path)]) == 0
    second = capsys.readouterr().out
    assert f"added nothing; already present (skipped): {kits} kits, 6 candidates, {assessments} assessments" in second

    again = tmp_path / "again.json"
    assert main(["--db", target, "export", "--out", str(again)]) == 0  # the format from the extension
    doc = json.loads(again.read_text(encoding="utf-8"))
    strip = lambda c: {k: v for k, v in c.items() if k != "id"} | {  # noqa: E731
        "assessments": [{k: v for k, v in a.items() if k not in ("id", "public_keys")}  # keys: never from a file
                        for a in c["assessments"]]}
    assert [strip(c) for c in doc["candidates"]] == [strip(c) for c in exported["candidates"]]
    assert doc["kits"] == exported["kits"]


def test_export_csv_of_chosen_candidates(demo_db, exported, tmp_path):
    panel = _panels(exported)[0]
    out = tmp_path / "panel.csv"
    assert main(["--db", demo_db, "export", "--format", "csv", "--out", str(out),
                 "--candidate", str(panel["id"])]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(a["responses"]) for a in panel["assessments"])
    assert {r["candidate_uid"] for r in rows} == {panel["uid"]}
    assert {r["interviewer"] for r in rows} == {a["interviewer"] for a in panel["assessments"]}
    assert all(r["section"] and r["item_text"] for r in rows)


def test_blind_report_has_no_name_and_the_panel_report_has_every_interviewer(demo_db, exported, tmp_path):
    panel = _panels(exported)[0]
    blind, full = tmp_path / "blind.pdf", tmp_path / "full.pdf"
    assert main(["--db", demo_db, "report", str(panel["id"]), "--out", str(full)]) == 0
    assert main(["--db", demo_db, "report", str(panel["id"]), "--out", str(blind), "--blind"]) == 0
    full_text, blind_text = _text(full), _text(blind)
    surname = panel["name"].split()[-1]
    assert surname in full_text
    assert surname not in blind_text and panel["email"] not in blind_text and "C-" in blind_text
    for a in panel["assessments"]:
        assert a["interviewer"].split()[0] in full_text


def test_compare_writes_a_pdf_and_a_sorted_csv(demo_db, exported, tmp_path, capsys):
    role = "flask-developer"
    csv_out, pdf_out = tmp_path / "compare.csv", tmp_path / "compare.pdf"
    assert main(["--db", demo_db, "compare", role, "--out", str(csv_out), "--sort", "name"]) == 0
    with csv_out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    interviewed = [c["name"] for c in exported["candidates"] if c["role_id"] == role
                   and any(a["status"] == "submitted" for a in c["assessments"])]
    names = [r[0] for r in rows[1:]]
    assert sorted(names) == sorted(interviewed) and names == sorted(names, key=str.casefold)
    assert main(["--db", demo_db, "compare", role, "--out", str(pdf_out)]) == 0
    assert all(name.split()[-1] in _text(pdf_out) for name in interviewed)
    capsys.readouterr()
    assert main(["--db", demo_db, "compare", role, "--out", str(tmp_path / "x.txt")]) == 1
    assert capsys.readouterr().err.strip() == "assessor: --out must end in .pdf or .csv"
    assert main(["--db", demo_db, "compare", role, "--out", str(csv_out), "--sort", "bogus"]) == 1
    assert "cannot sort the comparison by 'bogus'" in capsys.readouterr().err


def test_debrief_prints_ratings_side_by_side_with_disagreements(demo_db, exported, capsys):
    panel = _panels(exported)[0]
    capsys.readouterr()
    assert main(["--db", demo_db, "debrief", str(panel["id"])]) == 0
    out = capsys.readouterr().out
    names = [a["interviewer"] for a in panel["assessments"]]
    assert out.startswith(f"Debrief of candidate {panel['id']}, {panel['name']}")
    assert "  ".join(f"[{n}] {name}" for n, name in enumerate(names, 1)) in out
    # one line per rated question: the ratings in panel order, then the spread
    first = panel["assessments"][0]["responses"]
    rated = {r["item_id"]: [r["rating"]] for r in first if r["rating"] is not None}
    for a in panel["assessments"][1:]:
        mine = {r["item_id"]: r["rating"] for r in a["responses"]}
        for item, ratings in rated.items():
            ratings.append(mine.get(item))
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.split()}
    for item, ratings in rated.items():
        given = [r for r in ratings if r is not None]
        spread = max(given) - min(given) if len(given) > 1 else None
        line = lines[item]
        cells = line.removesuffix("  << disagreement").split()[-len(ratings) - 1:]
        assert cells == [str(r) if r is not None else "-" for r in (*ratings, spread)]
        assert line.endswith("<< disagreement") == (spread is not None and spread >= 2)
    assert "<< disagreement" in out  # the demo makes one panelist disagree by two points
    assert "Recommendations: " in out and "Krippendorff" in out and "D_o/D_e" in out
    assert out.count("Seal [") == len(names) and "intact" in out


def test_debrief_of_a_draft_only_candidate_and_of_a_hidden_panel(demo_db, exported, capsys):
    draft = next(c for c in exported["candidates"] if all(a["status"] == "draft" for a in c["assessments"]))
    assert main(["--db", demo_db, "debrief", str(draft["id"])]) == 1
    err = capsys.readouterr().err
    assert err == "assessor: no assessment of this candidate is submitted yet\n"
    assert main(["--db", demo_db, "debrief", "9999"]) == 1
    assert capsys.readouterr().err == "assessor: no candidate with id 9999\n"


def test_calibration_prints_each_interviewer_against_everyone(demo_db, exported, capsys):
    capsys.readouterr()
    assert main(["--db", demo_db, "calibration", "flask-developer"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Calibration over the submitted assessments of role flask-developer")
    flask = [a for c in exported["candidates"] if c["role_id"] == "flask-developer" for a in c["assessments"]
             if a["status"] == "submitted"]
    rows = [line for line in out.splitlines() if line and not line.startswith((" ", "Calibration", "LENIENCY",
                                                                               "INTERVIEWER"))]
    assert sorted(line[:24].strip() for line in rows) == sorted({a["interviewer"] for a in flask}, key=str.casefold)
    for line in rows:  # leniency = their mean minus everyone's, with its sign
        mean, panel, leniency = line.split()[-3:]
        assert abs(float(mean) - float(panel) - float(leniency)) < 0.011
    assert main(["--db", demo_db, "calibration"]) == 0
    assert "of every role" in capsys.readouterr().out
    assert main(["--db", demo_db, "calibration", "no-such-role"]) == 1
    assert capsys.readouterr().err.startswith("assessor: no role 'no-such-role' (roles: backend-developer")


@pytest.mark.parametrize("args, message", [
    (["import", "{db}"], "is not an Assessor export: it is not UTF-8 text"),
    (["export", "--out", "{tmp}/x.txt"], "give --format json or --format csv"),
    (["export", "--format", "json", "--out", "{tmp}/x.json", "--candidate", "4242"], "no candidate with id 4242"),
    (["export", "--format", "xml", "--out", "{tmp}/x.xml"], "argument --format: invalid choice: 'xml'"),
    (["export"], "the following arguments are required: --out"),
    (["report", "--all", "--blind", "--out", "{tmp}"], "--blind writes one candidate's report"),
    (["import", "{tmp}/missing.json"], "cannot read"),
])
def test_user_errors_are_one_line_and_exit_1(demo_db, tmp_path, capsys, args, message):
    capsys.readouterr()
    argv = ["--db", demo_db, *[a.format(db=demo_db, tmp=tmp_path) for a in args]]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err

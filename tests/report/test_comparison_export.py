"""The comparison of a role's candidates, as CSV (read back with the csv
module) and as a landscape PDF (read back with pypdf), sorted as asked;
refused with a message for another suffix, an unknown or empty role or an
unknown sort key, and never half written."""

from __future__ import annotations

import csv
import io

import pytest

from assessor.domain import Recommendation
from assessor.services import AssessorError, add_candidate, open_workspace
from assessor.services.export import export_comparison
from tests.kits import small_kit

from .helpers import flat, reader, text
from .panels import score

HEADER = ["Candidate", "Candidate ID", "Interviews", "Skill-level questions", "Use case 1", "Overall",
          "Indicated recommendation", "Tally", "Recommendation mean (1-4)", "Red flags", "Krippendorff's alpha"]


@pytest.fixture
def ws(tmp_path):
    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    # Cy: both high; Ünal: split; Di: both low; =SUM(1): a name a spreadsheet would run
    for name, (ann, bo) in {"Cy Cole": ((4, 4), (3, 4)), "Ünal Öztürk": ((4, 4), (2, 2)),
                            "Di Dorn": ((1, 2), (2, 1)), "=SUM(1)": ((3, 3), (3, 2))}.items():
        cid = add_candidate(ws, name, "", "test-role").id
        for who, (q1, q2) in (("Ann", ann), ("Bo", bo)):
            mean = (q1 + q2 + q1) / 3
            score(ws, cid, who, q1, q2, Recommendation.YES if mean >= 2.5 else Recommendation.NO, focus=q1)
    add_candidate(ws, "Never Seen", "", "test-role")
    yield ws
    ws.close()


def read_csv(path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # plain UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == HEADER
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_csv_has_a_row_per_interviewed_candidate_best_first(ws, tmp_path):
    path = export_comparison(ws, "test-role", tmp_path / "compare.csv")
    rows = read_csv(path)
    assert [r["Candidate"] for r in rows] == ["Cy Cole", "Ünal Öztürk", "'=SUM(1)", "Di Dorn"]
    overall = [float(r["Overall"]) for r in rows]
    assert overall == sorted(overall, reverse=True)
    cy = rows[0]
    # Cy: Ann 4, 4, focus 4 (4.00); Bo 3, 4, focus 3 (3.33): the panel's mean of the two
    assert cy["Interviews"] == "2" and cy["Skill-level questions"] == "3.75" and cy["Use case 1"] == "3.50"
    assert float(cy["Overall"]) == pytest.approx((4 + 10 / 3) / 2, abs=0.01)
    assert cy["Indicated recommendation"] == "Strong Yes" and cy["Tally"] == "Yes 2" and cy["Red flags"] == "0"
    assert rows[1]["Tally"] == "Yes 1; No 1" and rows[1]["Recommendation mean (1-4)"] == "2.50"
    assert rows[1]["Overall"] == "3.00" and rows[1]["Indicated recommendation"] == "Yes"
    assert all(r["Krippendorff's alpha"] == "" or -1 <= float(r["Krippendorff's alpha"]) <= 1 for r in rows)


def test_csv_sorted_by_name_or_section(ws, tmp_path):
    rows = read_csv(export_comparison(ws, "test-role", tmp_path / "by-name.csv", sort="name"))
    assert [r["Candidate"] for r in rows] == ["'=SUM(1)", "Cy Cole", "Di Dorn", "Ünal Öztürk"]
    rows = read_csv(export_comparison(ws, "test-role", tmp_path / "by-case.csv", sort="u1"))
    assert [float(r["Use case 1"]) for r in rows] == sorted((float(r["Use case 1"]) for r in rows), reverse=True)


def test_pdf_is_a_landscape_table_in_the_order_asked(ws, tmp_path):
    pdf = export_comparison(ws, "test-role", tmp_path / "compare.pdf").read_bytes()
    box = reader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    body = text(pdf)
    assert "Test Role" in body and "sorted by overall score, highest first" in body
    order = [body.index(name) for name in ("Cy Cole", "Ünal Öztürk", "=SUM(1)", "Di Dorn")]
    assert order == sorted(order) and "Never Seen" not in body
    for column in ("Panel", "Skill-levelquestions", "Usecase1", "Overall", "Indicated", "Tally", "Redflags", "Alpha"):
        assert column in flat(pdf)
    by_name = text(export_comparison(ws, "test-role", tmp_path / "by-name.pdf", sort="name").read_bytes())
    order = [by_name.index(name) for name in ("=SUM(1)", "Cy Cole", "Di Dorn", "Ünal Öztürk")]
    assert order == sorted(order) and "sorted by name, A to Z" in by_name
    assert "Page 1 of 1" in body


@pytest.mark.parametrize("role, out, sort, says", [
    ("test-role", "compare.txt", "overall", "as .pdf or .csv"),
    ("test-role", "compare", "overall", "as .pdf or .csv"),
    ("no-such-role", "compare.csv", "overall", "no candidate of the role"),
    ("  ", "compare.pdf", "overall", "name the role"),
    ("test-role", "compare.csv", "charisma", "cannot sort the comparison by 'charisma'"),
])
def test_refused_with_a_message_and_nothing_written(ws, tmp_path, role, out, sort, says):
    (tmp_path / "keep.csv").write_text("old", encoding="utf-8")
    with pytest.raises(AssessorError, match=says):
        export_comparison(ws, role, tmp_path / out, sort=sort)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file() and not p.name.startswith("db.sqlite3")) == ["keep.csv"]


def test_an_empty_role_is_refused(tmp_path):
    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit})
    add_candidate(ws, "Only Draft", "", "test-role")
    with pytest.raises(AssessorError, match="no candidate of the role"):
        export_comparison(ws, "test-role", tmp_path / "c.pdf")
    ws.close()


def test_an_existing_file_is_replaced_whole(ws, tmp_path):
    target = tmp_path / "compare.csv"
    target.write_text("old contents", encoding="utf-8")
    export_comparison(ws, "test-role", target)
    assert read_csv(target)[0]["Candidate"] == "Cy Cole"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []

"""Candidates ▸ Compare candidates: a role's candidates side by side, sorted
by clicking the headings (a missing value stays last), exported as CSV and
PDF and read back, a double-click previews the candidate's report."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPoint, Qt
from pypdf import PdfReader

from assessor.domain import Recommendation
from assessor.gui import comparison_view
from assessor.services import add_candidate, open_interview
from assessor.services.panel import comparison_for
from tests.gui.conftest import settle, show_window

pytestmark = pytest.mark.gui
R = Recommendation


def score(ws, candidate_id: int, interviewer: str, q1: int, q2: int, rec: Recommendation, submit: bool = True):
    """``interviewer`` rates q1 and q2, recommends ``rec`` (with a written
    reason when it departs from the computed score) and submits."""
    interview = open_interview(ws, candidate_id, interviewer)
    interview.rate("q1", q1)
    interview.rate("q2", q2)
    interview.write_notes("q1", f"{interviewer} heard it")
    interview.set_recommendation(rec)
    if interview.departures():
        interview.set_departure_reason("The panel discussed it")
    if submit:
        interview.submit()
    return interview


def panels(ws) -> dict[str, int]:
    """Four candidates of test-role: two panels of Ann and Bo, one
    interview by Ann alone, and one draft (not compared)."""
    ids = {name: add_candidate(ws, name, f"{name.split()[0].lower()}@example.test", "test-role").id
           for name in ("Ada Lovelace", "Bob Builder", "Cleo Chen", "Dan Draft")}
    score(ws, ids["Ada Lovelace"], "Ann", 4, 3, R.YES)
    score(ws, ids["Ada Lovelace"], "Bo", 4, 4, R.STRONG_YES)
    score(ws, ids["Bob Builder"], "Ann", 2, 2, R.NO)
    score(ws, ids["Bob Builder"], "Bo", 3, 1, R.NO)
    score(ws, ids["Cleo Chen"], "Ann", 3, 3, R.YES)
    score(ws, ids["Dan Draft"], "Ann", 1, 1, R.STRONG_NO, submit=False)
    return ids


def names_shown(dialog) -> list[str]:
    model = dialog.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def column(dialog, key: str) -> int:
    return next(n for n, c in enumerate(dialog.model.columns) if c.key == key)


def cell(dialog, name: str, key: str) -> str:
    row = names_shown(dialog).index(name)
    return dialog.model.index(row, column(dialog, key)).data()


def click_header(qtbot, dialog, key: str) -> None:
    header = dialog.table.horizontalHeader()
    col = column(dialog, key)
    dialog.table.scrollTo(dialog.model.index(0, col))
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


@pytest.fixture
def compared(qtbot, small_ws):
    ids = panels(small_ws)
    window = show_window(qtbot, small_ws, interviewer="Hiring Manager")
    dialog = window.show_comparison()
    settle(qtbot, dialog)
    qtbot.waitExposed(dialog)
    return window, dialog, ids


def test_the_table_shows_the_role_s_submitted_candidates_best_first(compared, small_ws):
    _window, dialog, _ids = compared
    assert dialog.role_id() == "test-role"
    assert names_shown(dialog) == ["Ada Lovelace", "Cleo Chen", "Bob Builder"]  # Dan's draft is not compared
    assert dialog.count.text() == "3 candidates"
    headings = [c.title for c in dialog.model.columns]
    assert headings == ["Candidate", "Overall", "Indicated", "Recommendations", "Red flags", "Interviews",
                        "Skill-level questions", "Agreement α"]  # the decision first, then the evidence
    expected = {r.candidate.name: r for r in comparison_for(small_ws, "test-role").rows}
    ada = expected["Ada Lovelace"]
    assert cell(dialog, "Ada Lovelace", "interviews") == "2"
    assert cell(dialog, "Ada Lovelace", "overall") == f"{ada.overall:.2f} / 4" == "3.75 / 4"  # with its scale
    assert cell(dialog, "Ada Lovelace", "questions") == "3.75 (n=2)"  # two interviewers behind the mean
    assert cell(dialog, "Ada Lovelace", "indicated") == ada.indicated.label
    assert cell(dialog, "Ada Lovelace", "tally") == "1× Strong Yes, 1× Yes"
    assert cell(dialog, "Bob Builder", "tally") == "2× No"
    assert cell(dialog, "Bob Builder", "alpha") == f"{expected['Bob Builder'].alpha:.2f}"
    assert cell(dialog, "Cleo Chen", "alpha") == "—"  # one interviewer: no agreement figure


def test_clicking_a_heading_sorts_and_a_missing_value_stays_last(qtbot, compared):
    _window, dialog, _ids = compared
    click_header(qtbot, dialog, "name")
    assert names_shown(dialog) == ["Ada Lovelace", "Bob Builder", "Cleo Chen"]
    click_header(qtbot, dialog, "name")
    assert names_shown(dialog) == ["Cleo Chen", "Bob Builder", "Ada Lovelace"]
    click_header(qtbot, dialog, "alpha")  # a number column sorts highest first on the first click
    order = names_shown(dialog)
    assert order[-1] == "Cleo Chen"
    first = [cell(dialog, n, "alpha") for n in order[:2]]
    assert float(first[0]) > float(first[1])
    click_header(qtbot, dialog, "alpha")  # lowest first: Cleo, who has no figure, still last
    assert names_shown(dialog) == list(reversed(order[:2])) + ["Cleo Chen"]
    click_header(qtbot, dialog, "tally")  # by the mean recommendation: Strong Yes + Yes, Yes, No + No
    assert names_shown(dialog) == ["Ada Lovelace", "Cleo Chen", "Bob Builder"]
    assert dialog.sort_key() == "recommendation"


def test_csv_export_follows_the_table_and_reads_back(qtbot, compared, tmp_path, monkeypatch):
    _window, dialog, _ids = compared
    click_header(qtbot, dialog, "name")  # A to Z, then export: the file follows the table
    assert dialog.sort_key() == "name"
    target = tmp_path / "out" / "comparison"
    target.parent.mkdir()
    monkeypatch.setattr(comparison_view.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "CSV files (*.csv)")))
    qtbot.mouseClick(dialog.export_csv, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_written is not None or bool(dialog.last_error), timeout=20000)
    assert dialog.last_error == ""
    written = dialog.last_written
    assert written == target.with_suffix(".csv") and written.is_file()
    assert dialog.status.text() == f"Saved to {written}, sorted by name, A to Z."
    rows = list(csv.reader(written.open(encoding="utf-8-sig", newline="")))
    shown = names_shown(dialog)

    def line_of(name: str) -> int:
        return next(n for n, row in enumerate(rows) if any(name in value for value in row))

    assert [line_of(n) for n in shown] == sorted(line_of(n) for n in shown)  # the order shown
    assert all("Dan Draft" not in value for row in rows for value in row)
    header = rows[0]
    ada = dict(zip(header, rows[line_of("Ada Lovelace")], strict=True))
    assert ada["Overall"] == "3.75" and cell(dialog, "Ada Lovelace", "overall") == "3.75 / 4"  # the CSV keeps the number
    assert ada["Interviews"] == cell(dialog, "Ada Lovelace", "interviews") == "2"
    assert ada["Skill-level questions"] == "3.75" and cell(dialog, "Ada Lovelace", "questions") == "3.75 (n=2)"
    assert not list(tmp_path.joinpath("out").glob("*.part"))  # no temporary file left


def test_pdf_export_carries_every_candidate(qtbot, compared, tmp_path):
    _window, dialog, _ids = compared
    out = tmp_path / "comparison.pdf"
    dialog.export(out)
    qtbot.waitUntil(lambda: dialog.last_written is not None or bool(dialog.last_error), timeout=30000)
    assert dialog.last_error == ""
    text = " ".join(page.extract_text() for page in PdfReader(dialog.last_written).pages)
    for name in ("Ada Lovelace", "Bob Builder", "Cleo Chen"):
        assert name in text
    assert "Dan Draft" not in text


def test_double_click_previews_the_candidate(qtbot, compared):
    window, dialog, ids = compared
    row = names_shown(dialog).index("Bob Builder")
    index = dialog.model.index(row, 0)
    rect = dialog.table.visualRect(index)
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # press, then
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the second click
    qtbot.waitUntil(lambda: window.preview is not None, timeout=5000)
    assert window.preview.candidate.id == ids["Bob Builder"]
    assert window.candidates.current_id() == ids["Bob Builder"]
    window.preview.close()


def test_a_role_with_no_submitted_assessment_says_so(qtbot, small_ws):
    add_candidate(small_ws, "Only Draft", "", "test-role")
    window = show_window(qtbot, small_ws)
    dialog = window.show_comparison()
    settle(qtbot, dialog)
    assert dialog.empty.isVisible() and "No candidate for this role" in dialog.empty.text()
    assert not dialog.export_csv.isEnabled() and not dialog.export_pdf.isEnabled()


def test_an_export_says_when_it_cannot_follow_the_table_s_order(qtbot, compared, tmp_path):
    _window, dialog, _ids = compared
    click_header(qtbot, dialog, "red_flags")  # the export sorts by overall, name, recommendation or a section
    out = tmp_path / "by-flags.csv"
    dialog.export(out)
    qtbot.waitUntil(lambda: dialog.last_written is not None or bool(dialog.last_error), timeout=20000)
    assert dialog.status.text() == (f"Saved to {out}, sorted by overall, best first (a file sorts by overall "
                                    "score, recommendations, name or a section, best first).")
    names = [row[0] for row in csv.reader(out.open(encoding="utf-8-sig", newline=""))][1:]
    assert names == ["Ada Lovelace", "Cleo Chen", "Bob Builder"]


def test_sorting_is_computed_on_the_worker_never_on_the_gui_thread(qtbot, small_ws, monkeypatch):
    """The sort keys and every column's order are computed beside the query,
    off the GUI thread; a heading click then only swaps one list: no sort key
    is computed and no order sorted on the GUI thread (counted, not timed)."""
    import threading

    from assessor.gui import table_model

    gui = threading.current_thread()
    on_gui: list[str] = []
    real_order, real_value = table_model.order_of, comparison_view.sort_value

    def order_of(keys, descending):
        if threading.current_thread() is gui:
            on_gui.append("order")
        return real_order(keys, descending)

    def sort_value(row, key):
        if threading.current_thread() is gui:
            on_gui.append(key)
        return real_value(row, key)

    monkeypatch.setattr(table_model, "order_of", order_of)
    monkeypatch.setattr(comparison_view, "sort_value", sort_value)
    panels(small_ws)
    window = show_window(qtbot, small_ws, interviewer="Hiring Manager")
    dialog = window.show_comparison()
    settle(qtbot, dialog)
    dialog.table.selectRow(names_shown(dialog).index("Bob Builder"))
    for key in ("name", "name", "alpha", "interviews", "tally", "overall"):
        click_header(qtbot, dialog, key)
        selected = dialog.table.selectionModel().selectedRows()
        assert [dialog.model.row_at(i.row()).candidate.name for i in selected] == ["Bob Builder"]  # it follows
    assert on_gui == []
    header = dialog.table.horizontalHeader()
    assert header.sortIndicatorSection() == column(dialog, "overall")


def test_an_order_puts_missing_values_last_and_keeps_ties_in_either_direction():
    from assessor.gui.table_model import order_of, sorted_rows

    keys = [2.0, None, 1.0, 2.0, None, 3.0]
    assert order_of(keys, descending=False) == [2, 0, 3, 5, 1, 4]
    assert order_of(keys, descending=True) == [5, 0, 3, 2, 1, 4]  # the tie 0, 3 keeps its order
    table = sorted_rows(["b", "a", "c"], [str.casefold, lambda r: None])
    assert table.orders[(0, False)] == [1, 0, 2] and table.orders[(1, True)] == [0, 1, 2]
    assert len(table.orders) == 4  # every column, both directions, computed where it was built


@pytest.mark.parametrize("show", ["show_comparison", "show_calibration"])
def test_the_role_list_is_read_on_the_worker_never_on_the_gui_thread(qtbot, small_ws, monkeypatch, show):
    """Opening the comparison or the calibration reads the database's roles
    on the window's worker (counted by thread, not timed); the list then
    holds every role and the selected candidate's role is chosen."""
    import threading

    gui = threading.current_thread()
    threads: list[bool] = []
    real = comparison_view.known_roles

    def known_roles(ws):
        threads.append(threading.current_thread() is gui)
        return real(ws)

    monkeypatch.setattr(comparison_view, "known_roles", known_roles)
    panels(small_ws)
    window = show_window(qtbot, small_ws, interviewer="Hiring Manager")
    dialog = getattr(window, show)()
    settle(qtbot, dialog)
    assert threads == [False]
    roles = [dialog.role.itemData(i) for i in range(dialog.role.count())]
    assert "test-role" in roles
    if show == "show_comparison":
        assert dialog.role_id() == "test-role" and names_shown(dialog) == ["Ada Lovelace", "Cleo Chen", "Bob Builder"]

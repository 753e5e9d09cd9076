"""The candidate list pages: a large database opens with one page of rows,
and scrolling brings the next."""

from assessor.services import run_demo
from tests.gui.conftest import show_window


def test_list_loads_a_page_and_fetches_more_on_scroll(qtbot, small_ws):
    run_demo(small_ws, candidates=450)  # the bulk path
    window = show_window(qtbot, small_ws)
    model = window.candidates.model
    assert model.rowCount() == model.PAGE
    table = window.candidates.table
    for _ in range(3):
        table.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: model.rowCount() == 450, timeout=3000)
    names = [model.candidate_row(i).candidate.name for i in range(model.rowCount())]
    assert names == sorted(names)
    window.candidates.search.setText("fatima")
    qtbot.waitUntil(lambda: 0 < model.rowCount() < 450, timeout=3000)
    assert all("fatima" in model.candidate_row(i).candidate.name.lower() or
               "fatima" in model.candidate_row(i).candidate.email for i in range(model.rowCount()))

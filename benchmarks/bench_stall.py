"""Event-loop stalls: the longest gap of a 5 ms heartbeat while the window works.

A ``QTimer`` fires every ``BEAT_MS``; the longest time between two beats,
minus the period, is the worst stall a user could feel (target: none over
50 ms).  Measured twice in one offscreen window (``QT_QPA_PLATFORM=offscreen``)
on a demo database:

* scoring: 200 ratings through the window: each emits a ``RatingWidget``'s
  ``rated`` signal on the interview page (what a click or a key does, so
  the same slot saves through ``Interview.rate`` on the GUI thread), one
  per event-loop turn;
* a batch export of 20 reports, run as the window runs it
  (``ExportController.start_batch`` → :class:`assessor.services.batch.BatchExport`
  on a worker thread that only waits on the child processes rendering
  the reports), the heartbeat on the GUI thread; from the click to the
  result shown, child start-up included.

* every slow operation of the window, run as a click runs it (through
  its database worker, :mod:`assessor.gui.ops`), on a database of
  ``CANDIDATES`` demo candidates with ``BACKUPS`` rotating backups: erase
  and anonymize a candidate (each rewrites every backup), the manual
  backup, saving a question bank (which reloads the banks), the
  comparison (and then sorting it by every heading, both ways: the orders
  are computed on the worker, :mod:`assessor.gui.table_model`),
  calibration and debrief queries, and closing the window;
  from the click to the result shown.  The confirmations are answered
  through the message seam (:func:`assessor.gui.message.present`).

Floor: the same heartbeat in an idle event loop (the timer's own jitter).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .result import Result

BEAT_MS = 5
RATINGS = 200
REPORTS = 20
CANDIDATES = 100_000  # quick: QUICK_CANDIDATES
BACKUPS = 10  # quick: 3
QUICK_CANDIDATES = 5_000


class Heartbeat:
    """Counts the longest gap between beats of a ``BEAT_MS`` timer, in ms."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.worst = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self.last) * 1000 - BEAT_MS)
        self.last = now

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def _spin(app, until, timeout_s: float = 120.0) -> None:  # noqa: ANN001 - QApplication, a predicate
    """Run the event loop until ``until()`` (or ``timeout_s``).  A local
    ``QEventLoop`` polled by a 1 ms timer, not ``app.processEvents()`` in a
    Python loop: that call drops a reference to ``None`` each time in this
    PySide6 (about 20,000 calls end the process with "deallocating None")."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: (until() or time.perf_counter() >= end) and loop.quit())
    timer.start()
    if not until():
        loop.exec()
    timer.stop()


def run(quick: bool = False) -> list[Result]:
    """Worst stall while scoring and while exporting, against an idle loop."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assessor.gui.main_window import MainWindow
    from assessor.gui.widgets import RatingWidget
    from assessor.services import open_interview, open_workspace, run_demo

    app = QApplication.instance() or QApplication([])
    beat = Heartbeat()
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "stall.sqlite3"))
        run_demo(ws, candidates=REPORTS - 1)  # and the candidate scored below: REPORTS reports
        role = next(iter(ws.kits))
        cand = ws.store.add_candidate("Stall Bench", "", role)
        window = MainWindow(ws, interviewer="Demo Interviewer")  # a draft is exported only for its author
        window.show()
        window.view.open(open_interview(ws, cand.id, "Demo Interviewer"))
        widgets: list = []
        for index in range(len(window.view.interview.steps())):
            window.view.go_to(index)
            app.processEvents()
            widgets = window.findChildren(RatingWidget)
            if widgets:
                break

        beat.start()
        _spin(app, lambda: False, 0.5)
        idle = beat.stop()

        done = []

        def rate_next() -> None:
            i = len(done)
            if i >= RATINGS:
                return
            widgets[i % len(widgets)].rated.emit(1 + i % 4)
            done.append(i)
            QTimer.singleShot(0, rate_next)

        beat.start()
        QTimer.singleShot(0, rate_next)
        _spin(app, lambda: len(done) >= RATINGS)
        scoring = beat.stop()

        finished = []
        window.exporter.finished.connect(finished.append)
        beat.start()
        dialog = window.exporter.start_batch(Path(d) / "out")
        _spin(app, lambda: bool(finished), 600)
        exporting = beat.stop()
        assert finished == [Path(d) / "out"] and dialog is not None and dialog.result is not None
        assert len(dialog.result.written) == REPORTS, dialog.result
        window.close()
        ws.close()
    results = [
        Result(f"worst stall, {RATINGS} ratings through the window", scoring, idle, "ms", max_value=50),
        Result(f"worst stall, batch export of {REPORTS} reports", exporting, idle, "ms", max_value=50),
    ]
    n, keep = (QUICK_CANDIDATES, 3) if quick else (CANDIDATES, BACKUPS)
    size = f"{n // 1000}k, {keep} backups"
    for name, stall in operation_stalls(app, beat, n, keep):
        results.append(Result(f"worst stall, {name} ({size})", stall, idle, "ms", max_value=50))
    return results


def operation_stalls(app, beat: Heartbeat, candidates: int, backups: int) -> list[tuple[str, float]]:  # noqa: ANN001
    """The worst stall of each slow operation of the window (see the module
    docstring) on ``candidates`` demo candidates with ``backups`` backups."""
    from PySide6.QtCore import Qt, QTimer

    from assessor.gui import message
    from assessor.gui.main_window import MainWindow
    from assessor.services import open_workspace, run_demo

    stalls: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as d:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):  # the bank save writes the user's bank folder
            os.environ[var] = str(Path(d) / var.lower())
        ws = open_workspace(str(Path(d) / "ops.sqlite3"))
        run_demo(ws, candidates=candidates)
        ws.store.backup_keep = backups
        for i in range(backups):  # each backup differs from the last (an unchanged file is not copied)
            ws.store.add_candidate(f"Backup Marker {i}", "", next(iter(ws.kits)))
            ws.store.backup_now()
        answers = message.present
        message.present = lambda *_a, **_k: "go"  # "Erase", "Anonymize": the confirmations, answered
        try:
            window = MainWindow(ws, interviewer="Demo Interviewer")
            window.show()
            _spin(app, lambda: False, 0.3)
            submitted = next(r for r in window.candidates.model.rows if r.status is not None
                             and r.status.value == "submitted")

            def timed(name: str, start, done) -> None:  # noqa: ANN001 - callables
                beat.start()
                handle = start()
                _spin(app, lambda: done(handle), 1800)
                stalls.append((name, beat.stop()))
                assert done(handle), f"{name} did not finish"

            def select(row: int) -> None:
                window.candidates.table.selectRow(row)
                window.candidates.table.setCurrentIndex(window.candidates.model.index(row, 0))

            select(1)
            timed("erase a candidate", window.data_menu.erase_selected, lambda op: op.finished)
            select(1)
            timed("anonymize a candidate", window.data_menu.anonymize_selected, lambda op: op.finished)
            timed("back up the database", lambda: window.data_menu.backup(Path(d) / "manual.sqlite3"),
                  lambda op: op.finished)

            editor = window.show_bank_editor()
            editor.open_role(sorted(ws.kits)[0])
            editor.data["title"] = f"{editor.data.get('title', '')} (edited)"
            timed("save a question bank", editor.save, lambda saved: saved is True)
            editor.close()

            window.candidates.refresh(select_id=submitted.candidate.id)
            timed("comparison of a role", window.show_comparison, lambda dialog: not dialog.loading)

            def sort_every_column() -> list[bool]:  # a click on each heading, twice, one per event-loop turn
                dialog, clicks, done = window.comparison, [], []
                for column in range(dialog.model.columnCount()):
                    clicks += [(column, Qt.SortOrder.AscendingOrder), (column, Qt.SortOrder.DescendingOrder)]

                def click() -> None:
                    if not clicks:
                        done.append(True)
                        return
                    dialog.table.sortByColumn(*clicks.pop(0))
                    QTimer.singleShot(0, click)

                QTimer.singleShot(0, click)
                return done

            timed("sorting the comparison by every heading", sort_every_column, bool)
            window.comparison.close()
            timed("interviewer calibration", window.show_calibration, lambda dialog: not dialog.loading)
            window.calibration.close()
            window.candidates.refresh(select_id=submitted.candidate.id)
            timed("debrief of a candidate", window.show_debrief, lambda dialog: not dialog.loading)
            window.debrief.close()
            window.data_menu.backup(Path(d) / "at-close.sqlite3")  # closing waits for this one
            timed("close while a backup runs", lambda: window.close(), lambda _none: not window.isVisible())
        finally:
            message.present = answers
        ws.close()
    return stalls

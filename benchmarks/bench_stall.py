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
    end = time.perf_counter() + timeout_s
    while not until() and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)


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
        window = MainWindow(ws)
        window.show()
        window.view.open(open_interview(ws, cand.id, "bench"))
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
    return [
        Result(f"worst stall, {RATINGS} ratings through the window", scoring, idle, "ms", max_value=50),
        Result(f"worst stall, batch export of {REPORTS} reports", exporting, idle, "ms", max_value=50),
    ]

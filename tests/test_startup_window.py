"""Start-up of the window: the moment it is shown is reported for the
benchmark, and when it closes the file is checked for the next start
(assessor/gui/app.py, benchmarks/bench_startup.py)."""

from __future__ import annotations

import json
import sys
import time

from assessor.gui import app as gui_app
from assessor.store import backup


def test_run_reports_the_window_shown_and_records_the_checked_file(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    db = tmp_path / "db.sqlite3"
    shown = tmp_path / "shown"
    monkeypatch.setenv("ASSESSOR_QUIT_AFTER_MS", "0")
    monkeypatch.setenv("ASSESSOR_SHOWN_FILE", str(shown))
    before = time.monotonic_ns()
    assert gui_app.run(str(db)) == 0
    assert before < int(shown.read_text()) < time.monotonic_ns()
    records = json.loads(backup.sound_record_path().read_text())
    assert records[str(db.resolve())]["state"] == backup.file_state(db)
    assert backup.known_sound(db)  # the next start skips the check of the unchanged file

"""Start-up of the window: the moment it is shown is reported for the
benchmark, and when it closes the file is checked for the next start
(assessor/gui/app.py, benchmarks/bench_startup.py)."""

from __future__ import annotations

import json
import os
import subprocess
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


SHOWN_BEFORE_IMPORTS = """
import sys
from assessor import __main__ as entry
from assessor.gui import app

loaded = {}
note = app._note_time

def noted(path):
    if path.endswith("shown") and "shown" not in loaded:  # the window is on screen: what has been imported so far?
        loaded["shown"] = sorted(m for m in ("assessor.services", "assessor.store", "sqlalchemy", "pydantic",
                                             "assessor.report", "reportlab") if m in sys.modules)
    note(path)

app._note_time = noted
sys.argv = ["assessor", "--db", sys.argv[1]]
status = entry.main()
print(status, loaded["shown"])
"""


def test_the_window_is_shown_before_the_database_layer_loads_then_filled(tmp_path):
    """``assessor --db X`` shows the window first (no service, database or
    report module imported yet), then fills it: the ready moment comes
    after the shown one, and the process ends cleanly."""
    shown, ready = tmp_path / "shown", tmp_path / "ready"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ASSESSOR_QUIT_AFTER_MS="0", ASSESSOR_SHOWN_FILE=str(shown),
               ASSESSOR_READY_FILE=str(ready), XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", SHOWN_BEFORE_IMPORTS, str(tmp_path / "db.sqlite3")], env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[0] == "0"
    assert out.stdout.strip().endswith("[]"), out.stdout  # nothing of the database layer before the first frame
    assert int(shown.read_text()) < int(ready.read_text())
    assert (tmp_path / "db.sqlite3").exists()  # the workspace was opened after all


def test_window_only_command_lines():
    from assessor.__main__ import _window_only

    assert _window_only([]) == (True, None)
    assert _window_only(["--db", "x.sqlite3"]) == (True, "x.sqlite3")
    assert _window_only(["--db=postgresql+psycopg://h/db"]) == (True, "postgresql+psycopg://h/db")
    for argv in (["--help"], ["--version"], ["demo"], ["--db", "x", "candidates"], ["--db"], ["--db", "--help"]):
        assert _window_only(argv) == (False, None), argv

"""Window geometry is kept between runs (issue 18, item 5; issue 17, item 3):
saved when a window closes, restored when it opens, clamped to the
available geometry of the screen it opens on.  Each run is a process of
its own on an offscreen screen of the size the test asks for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.services import open_workspace, run_demo

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

RUN = """
import json, sys
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication
app = QApplication([])
from assessor.gui.main_window import MainWindow
from assessor.gui.comparison_view import ComparisonDialog
from assessor.services import open_workspace
ws = open_workspace(sys.argv[1])
size = json.loads(sys.argv[2])
window = MainWindow(ws, interviewer="Demo Interviewer")
dialog = ComparisonDialog(ws, window, sorted(ws.kits)[0])
out = {}
for name, w in (("main", window), ("comparison", dialog)):
    w.show()
    app.processEvents()
    if size:  # the user resizes and moves the window, then closes it
        w.setGeometry(QRect(*size[name]))
        app.processEvents()
    f = w.frameGeometry()
    a = w.screen().availableGeometry()
    out[name] = {"frame": [f.x(), f.y(), f.width(), f.height()], "size": [w.width(), w.height()],
                 "available": [a.x(), a.y(), a.width(), a.height()]}
dialog.close()
window.close()
app.processEvents()
ws.close()
print(json.dumps(out))
"""


def run(tmp_path: Path, db: Path, width: int, height: int, size: dict | None) -> dict:
    screen = tmp_path / f"screen-{width}.json"
    screen.write_text(json.dumps({"windowFrameMargins": True, "screens": [
        {"name": "one", "x": 0, "y": 0, "width": width, "height": height,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", RUN, str(db), json.dumps(size)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(shown: dict) -> bool:
    x, y, w, h = shown["frame"]
    ax, ay, aw, ah = shown["available"]
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_a_window_reopens_as_it_was_left_and_inside_a_smaller_screen(tmp_path):
    db = tmp_path / "demo.sqlite3"
    ws = open_workspace(str(db))
    run_demo(ws, 6)
    ws.close()
    big = {"main": [300, 200, 1500, 900], "comparison": [120, 90, 1000, 500]}
    left = run(tmp_path, db, 1920, 1200, big)  # left at these sizes on a large monitor

    again = run(tmp_path, db, 1920, 1200, None)  # the same monitor: as it was left
    assert again["main"]["size"] == [1500, 900] and again["comparison"]["size"] == [1000, 500]
    assert again["main"]["frame"] == left["main"]["frame"] and again["comparison"]["frame"] == left["comparison"]["frame"]

    laptop = run(tmp_path, db, 1280, 720, None)  # then on a laptop: shrunk to fit, moved inside
    for name in ("main", "comparison"):
        assert laptop[name]["available"] == [0, 0, 1280, 720]
        assert inside(laptop[name]), laptop[name]
    assert laptop["main"]["size"][0] < 1500 and laptop["main"]["size"][1] < 900
    assert laptop["comparison"]["size"] == [1000, 500]  # it fits: its size is kept, only moved if needed

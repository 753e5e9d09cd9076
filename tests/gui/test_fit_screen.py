"""Every window fits the screen it opens on (issue 17, item 3): on a
1280×720 screen, at scale 1 and 2, the frame of the main window and of
every dialog lies inside the screen's available geometry, so Save and
Close are never below the edge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assessor.services import open_workspace, run_demo

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = {"MainWindow", "NewCandidateDialog", "ReferenceDialog", "PreviewDialog", "ComparisonDialog",
           "CalibrationDialog", "DebriefDialog", "BankEditor", "AboutDialog", "PreferencesDialog",
           "AuditDialog", "AmendDialog"}


@pytest.mark.parametrize("scale", [1, 2])
def test_every_window_fits_a_1280_by_720_screen(tmp_path, scale):
    db = tmp_path / "demo.sqlite3"
    ws = open_workspace(str(db))
    run_demo(ws, 6)
    ws.close()
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"windowFrameMargins": True, "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": scale}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "tests.gui.fit_probe", str(db)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    frames = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert {f["window"] for f in frames} == WINDOWS
    outside = []
    for f in frames:
        x, y, w, h = f["frame"]
        ax, ay, aw, ah = f["available"]
        assert (aw, ah) == (1280, 720)
        if x < ax or y < ay or x + w > ax + aw or y + h > ay + ah:
            outside.append(f)
    assert not outside, outside


def test_no_heading_of_the_candidate_list_is_cut(qtbot, window):
    header = window.candidates.table.horizontalHeader()
    cut = [window.candidates.model.headerData(c, Qt.Orientation.Horizontal) for c in range(header.count() - 1)
           if header.sectionSize(c) < header.sectionSizeHint(c)]
    assert not cut, f"headings cut: {cut}"

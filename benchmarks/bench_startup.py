"""Cold start to the main window shown, against a bare PySide6 window.

Ours: ``python -m assessor`` (opening the database, loading the built-in
banks, building the window), closed by ``ASSESSOR_QUIT_AFTER_MS=0`` as soon
as the event loop runs.  Floor: the same interpreter showing a bare
QMainWindow with a QTableView and closing it the same way.  Both offscreen,
each a fresh process, best of N.  When a frozen bundle exists at
``dist/assessor/assessor`` (``pyinstaller assessor.spec``) it is timed too,
against the source app.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .result import Result

BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow, QTableView\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1280, 720); w.show()\n"
    "QTimer.singleShot(0, w.close)\n"
    "app.exec()\n"
)
FROZEN = Path(__file__).resolve().parents[1] / "dist" / "assessor" / "assessor"


def _best(cmd: list[str], env: dict[str, str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
        best = min(best, time.perf_counter() - t)
    return best * 1000


def run(quick: bool = False) -> list[Result]:
    """Start to window, source (and frozen) against its floor."""
    repeat = 3 if quick else 7
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ASSESSOR_QUIT_AFTER_MS="0",
                   XDG_DATA_HOME=d, XDG_CONFIG_HOME=d)
        db = str(Path(d) / "start.sqlite3")
        source = [sys.executable, "-m", "assessor", "--db", db]
        subprocess.run(source, env=env, check=True, capture_output=True)  # create the database once
        ours = _best(source, env, repeat)
        floor = _best([sys.executable, "-c", BARE], env, repeat)
        rows = [Result(f"start to main window, source (best of {repeat})", ours, floor, "ms", max_ratio=1.5)]
        if FROZEN.exists():
            frozen = _best([str(FROZEN), "--db", db], env, repeat)
            rows.append(Result("start to main window, frozen vs source", frozen, ours, "ms", max_ratio=2))
    return rows

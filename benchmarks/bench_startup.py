"""Cold start to the main window shown, against a bare PySide6 window.

Ours: ``python -m assessor --db FILE``.  The window is shown first, empty
("Opening the database…", with its menus and toolbar), and filled from the
event loop: the services imported, the database opened and checked, the
built-in banks loaded, the candidate list built (``assessor/gui/app.py``).
Floor: the same interpreter showing a bare QMainWindow with a QTableView.
Both offscreen, each a fresh process, best of N.

What is timed: from just before the process is started to the moment the
window is shown and its event loop runs: ``ASSESSOR_SHOWN_FILE`` makes the
app write ``time.monotonic_ns()`` (a clock shared by all processes) from
the loop's first pass, and the floor writes it the same way.  This is the
row the target holds.  A second row, for information, times the moment the
candidate list is filled and the window can be used (``ASSESSOR_READY_FILE``,
written from the loop's first pass after that), against the same floor.
Both then close at once (``ASSESSOR_QUIT_AFTER_MS=0``, counted from the
window filled).  A third row times the whole process, until it has exited,
as earlier versions of this benchmark did: that adds closing the window,
the integrity check at close when the file changed, and the interpreter's
clean-up of every imported module (about 100 ms for ours), which a user
does not wait for.

Byte code: the processes may write and read compiled ``.pyc`` files (in a
temporary ``PYTHONPYCACHEPREFIX``, so the checkout is not touched; a first,
untimed run of each fills it), as an installed Assessor does: pip compiles
a wheel's modules at install, an editable install writes them on the first
run, the bundle ships them.  ``PYTHONDONTWRITEBYTECODE`` set in the calling
environment would otherwise compile all of our modules again at every start
(about 80 ms) while the floor's PySide6 has its byte code.

Two more rows show what a large file costs at start, to the list filled
(``--quick``: 20,000 candidates, else 100,000; floor: ours on an empty
database, to the list filled): after a window
session that saved something (a backup is due; the file was checked when
that window closed, so the start may skip the check) and after another
program changed the file (check and backup both due).  When a frozen bundle
exists at ``dist/assessor/assessor`` (``pyinstaller assessor.spec``) it is
timed too, against the source app.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .result import Result

BARE = (
    "import os, sys, time\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow, QTableView\n"
    "def shown():\n"
    "    with open(os.environ['ASSESSOR_SHOWN_FILE'], 'w') as f: f.write(str(time.monotonic_ns()))\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1280, 720); w.show()\n"
    "QTimer.singleShot(0, shown)\n"
    "QTimer.singleShot(0, w.close)\n"
    "app.exec()\n"
)
# What the window does when it closes after a session that saved something
# (assessor/gui/app.py: close the workspace, then note_sound_database).
SESSION = (
    "import sys\n"
    "from assessor.services import add_candidate, note_sound_database, open_workspace\n"
    "ws = open_workspace(sys.argv[1])\n"
    "add_candidate(ws, 'Saved In A Session', '', sorted(ws.kits)[0])\n"
    "ws.close()\n"
    "note_sound_database(ws)\n"
)
FROZEN = Path(__file__).resolve().parents[1] / "dist" / "assessor" / "assessor"


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ASSESSOR_QUIT_AFTER_MS="0",
               XDG_DATA_HOME=str(folder), XDG_CONFIG_HOME=str(folder), XDG_CACHE_HOME=str(folder / "cache"),
               PYTHONPYCACHEPREFIX=str(folder / "pycache"), ASSESSOR_SHOWN_FILE=str(folder / "shown"),
               ASSESSOR_READY_FILE=str(folder / "ready"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ASSESSOR_DB", None)
    return env


def _once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(ms to the window shown, ms to the window filled, ms to the process
    exited) of one run; a process that writes no ready mark (the floor) is
    filled when shown."""
    mark, ready = Path(env["ASSESSOR_SHOWN_FILE"]), Path(env["ASSESSOR_READY_FILE"])
    mark.unlink(missing_ok=True)
    ready.unlink(missing_ok=True)
    start = time.monotonic_ns()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
    end = time.monotonic_ns()
    shown = int(mark.read_text())
    filled = int(ready.read_text()) if ready.exists() else shown
    return (shown - start) / 1e6, (filled - start) / 1e6, (end - start) / 1e6


def _best(cmd: list[str], env: dict[str, str], repeat: int,
          before_each: Callable[[], None] | None = None) -> tuple[float, float, float]:
    """Best (shown, filled, exited) of ``repeat`` runs, each separately."""
    best = [float("inf")] * 3
    for _ in range(repeat):
        if before_each is not None:
            before_each()
        best = [min(b, x) for b, x in zip(best, _once(cmd, env), strict=True)]
    return best[0], best[1], best[2]


def _large_database(path: Path, n: int, env: dict[str, str]) -> None:
    code = ("import sys\nfrom assessor.services import open_workspace, run_demo\n"
            "ws = open_workspace(sys.argv[1]); run_demo(ws, candidates=int(sys.argv[2])); ws.close()\n")
    subprocess.run([sys.executable, "-c", code, str(path), str(n)], env=env, check=True, capture_output=True)


def _changed_elsewhere(path: Path) -> None:
    """Another program writes to the file (the stdlib sqlite3 module)."""
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE candidates SET email = email || '' WHERE id = (SELECT min(id) FROM candidates)")
        con.execute("PRAGMA user_version = user_version")  # a write that leaves the data alone
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def run(quick: bool = False) -> list[Result]:
    """Start to window shown (and to exit), source (and frozen), against its floor;
    start at a large database against an empty one."""
    repeat = 3 if quick else 7
    n = 20_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        env = _environment(folder)
        db = folder / "start.sqlite3"
        source = [sys.executable, "-m", "assessor", "--db", str(db)]
        bare = [sys.executable, "-c", BARE]
        _once(source, env)  # create the database, fill the kit cache and the byte code cache
        _once(bare, env)
        ours, ours_ready, ours_exit = _best(source, env, repeat)
        floor, _, floor_exit = _best(bare, env, repeat)
        rows = [
            Result(f"start to main window shown, source (best of {repeat})", ours, floor, "ms", max_ratio=1.5),
            Result("start to candidate list filled (information)", ours_ready, floor, "ms"),
            Result("start to exit (shown, closed, cleaned up)", ours_exit, floor_exit, "ms"),
        ]

        big = folder / "large.sqlite3"
        _large_database(big, n, env)
        at_large = [sys.executable, "-m", "assessor", "--db", str(big)]
        session = [sys.executable, "-c", SESSION, str(big)]
        _, saved, _ = _best(at_large, env, repeat,
                            before_each=lambda: subprocess.run(session, env=env, check=True, capture_output=True))
        rows.append(Result(f"list filled at {n // 1000}k candidates, after a session", saved, ours_ready, "ms"))
        _, elsewhere, _ = _best(at_large, env, repeat, before_each=lambda: _changed_elsewhere(big))
        rows.append(Result(f"list filled at {n // 1000}k candidates, changed elsewhere", elsewhere, ours_ready, "ms"))

        if FROZEN.exists():
            frozen, _, _ = _best([str(FROZEN), "--db", str(db)], env, repeat)
            rows.append(Result("start to main window, frozen vs source", frozen, ours, "ms", max_ratio=2))
    return rows

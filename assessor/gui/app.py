"""Starting the window: :func:`run` is what ``assessor`` with no command calls.

Start-up time is measured by ``benchmarks/bench_startup.py`` against a bare
PySide6 window (``docs/performance.md``).  What may wait until the window is
up does: the start-up backup is copied on a thread while the window is
built (:mod:`assessor.store.backup`), the retention offer comes from the
event loop, and the integrity check that lets the next start skip its own
runs after the window has closed (:func:`assessor.services.note_sound_database`).
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..services import AssessorError, note_sound_database
from . import tasks
from .about import app_icon
from .recovery import open_or_recover
from .style import apply_style

log = logging.getLogger("assessor.gui")
_showing_error = False


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Show an unexpected error as a dialog instead of a traceback on a
    terminal nobody reads.  The log names the error type and the code
    locations only: the message may quote a candidate's name or notes."""
    global _showing_error
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}"
                        for f in reversed(traceback.extract_tb(tb)))
    log.error("unexpected %s at %s", kind.__name__, where or "?")
    app = QApplication.instance()
    if app is None or _showing_error:
        return
    _showing_error = True
    try:
        text = str(error) if isinstance(error, AssessorError) else (
            f"Something went wrong ({kind.__name__}).\n\n"
            "Everything entered so far is saved. If it happens again, restart Assessor."
        )
        QMessageBox.critical(QApplication.activeWindow(), "Assessor", text)
    finally:
        _showing_error = False


def install_excepthook() -> None:
    """Route uncaught exceptions to :func:`_excepthook`."""
    sys.excepthook = _excepthook


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named and styled (created once)."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Assessor")
    app.setOrganizationName("Assessor")
    app.setApplicationDisplayName("Assessor")
    app.setWindowIcon(app_icon())
    apply_style(app)
    return app


def run(db: str | None) -> int:
    """Open the workspace ``db`` and show the window; returns the exit status
    (1 when the database or the question bank cannot be opened).

    ``ASSESSOR_QUIT_AFTER_MS=N`` closes the window after N ms: a smoke test
    of a build (the bundle test) that the window opens and closes cleanly.
    ``ASSESSOR_SHOWN_FILE=PATH`` writes ``time.monotonic_ns()`` to PATH once
    the window is shown and the event loop runs (before anything the loop
    does next): the moment ``benchmarks/bench_startup.py`` measures.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app()
    install_excepthook()
    try:
        ws = open_or_recover(db)  # a damaged database: set aside, a backup offered
    except AssessorError as exc:
        QMessageBox.critical(None, "Assessor cannot start", str(exc))
        return 1
    if ws is None:
        return 1
    from .main_window import MainWindow  # after the QApplication exists

    try:
        window = MainWindow(ws)
        window.show()
        shown_file = os.environ.get("ASSESSOR_SHOWN_FILE", "")
        if shown_file:
            QTimer.singleShot(0, lambda: _note_shown(shown_file))
        QTimer.singleShot(0, window.data_menu.offer_retention)
        quit_after = os.environ.get("ASSESSOR_QUIT_AFTER_MS", "")
        if quit_after.isdigit():
            QTimer.singleShot(int(quit_after), window.close)
        return app.exec()
    finally:
        tasks.wait_all()
        ws.close()
        # After the window has gone: check the file if this session changed
        # it, so that the next start can skip the check (see the docstring).
        note_sound_database(ws)


def _note_shown(path: str) -> None:
    """Write the monotonic clock to ``path`` (see ``ASSESSOR_SHOWN_FILE``)."""
    try:
        Path(path).write_text(f"{time.monotonic_ns()}\n", encoding="ascii")
    except OSError as exc:
        log.warning("cannot write ASSESSOR_SHOWN_FILE: %s", exc.strerror)

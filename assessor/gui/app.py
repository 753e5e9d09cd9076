"""Starting the window: :func:`run` is what ``assessor`` with no command calls.

Start-up time is measured by ``benchmarks/bench_startup.py`` against a bare
PySide6 window (``docs/performance.md``).  The window is on screen before
anything of ours that is slow has loaded: this module imports only Qt and
the style at its top, :func:`run` shows an empty :class:`MainWindow`
("Opening the database…"), and from the event loop's first pass
:func:`_open` imports the services, opens (or recovers) the database and
loads the banks on the window's database worker (:mod:`assessor.gui.ops`),
the window painting meanwhile, and fills the window.  What may wait longer does too: the
start-up backup is copied on a thread while the window is filled
(:mod:`assessor.store.backup`), the retention offer comes from the event
loop, and the integrity check that lets the next start skip its own runs
after the window has closed (:func:`assessor.services.note_sound_database`).
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ..environment import environment
from . import message
from .style import app_icon, apply_style

if TYPE_CHECKING:
    from ..services import Workspace
    from .main_window import MainWindow

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
        errors = sys.modules.get("assessor.services.workspace")  # loaded once the window is filled
        store = sys.modules.get("assessor.store.engine")
        # an AssessorError, or a stored kit that does not read back: their messages never quote data
        known = ((errors is not None and isinstance(error, errors.AssessorError))
                 or (store is not None and isinstance(error, store.UnreadableSnapshotError | store.StoredValueError)))
        text = str(error) if known else (
            f"Something went wrong ({kind.__name__}).\n\n"
            "Everything entered so far is saved. If it happens again, restart Assessor."
        )
        message.error(QApplication.activeWindow(), "Assessor", text)
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
    """Show the window, then open the workspace ``db`` in it (see the
    module docstring); returns the exit status (1 when the database or the
    question bank cannot be opened).

    ``ASSESSOR_QUIT_AFTER_MS=N`` closes the window N ms after it is filled:
    a smoke test of a build (the bundle test) that the window opens and
    closes cleanly.  ``ASSESSOR_SHOWN_FILE=PATH`` writes
    ``time.monotonic_ns()`` to PATH once the window is shown and the event
    loop runs (before anything the loop does next), and
    ``ASSESSOR_READY_FILE=PATH`` once the candidate list is filled: the two
    moments ``benchmarks/bench_startup.py`` measures.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app()
    install_excepthook()
    from .main_window import MainWindow  # after the QApplication exists; imports only Qt

    window = MainWindow()
    window.show()
    shown_file = environment().shown_file
    if shown_file:
        QTimer.singleShot(0, lambda: _note_time(shown_file))
    opened: list[Workspace] = []
    QTimer.singleShot(0, lambda: _open(app, window, db, opened))
    try:
        return app.exec()
    finally:
        window.hide()  # after a failed start it is still shown: no window outlives run()
        window.deleteLater()
        if opened:
            from ..services import note_sound_database

            window.ops.wait()  # idle already: the window closes once its worker is (MainWindow.closeEvent)
            opened[0].close()
            # After the window has gone: check the file if this session changed
            # it, so that the next start can skip the check (see the docstring).
            note_sound_database(opened[0])


def _open(app: QApplication, window: MainWindow, db: str | None, opened: list[Workspace]) -> None:
    """From the event loop, with the empty window on screen: open the
    workspace ``db`` on the window's database worker (the window paints
    and answers meanwhile), recovering a damaged file if the user chooses,
    then fill ``window`` with it and append it to ``opened``; on failure
    say why and end the event loop with status 1."""
    from ..services import DamagedWorkspaceError, open_workspace
    from .ops import Ops
    from .recovery import ask_damaged, restore_and_open

    ops = window.ops = Ops(None, window)

    def first_try(db: str | None) -> Workspace | DamagedWorkspaceError:
        try:
            return open_workspace(db)
        except DamagedWorkspaceError as error:  # asked on the GUI thread, below
            return error

    def opened_or_damaged(result: Workspace | DamagedWorkspaceError) -> None:
        if not isinstance(result, DamagedWorkspaceError):
            _opened(app, window, result, opened)
            return
        choice = ask_damaged(result, window)  # a damaged database: set aside, a backup offered
        if choice == "quit":
            app.exit(1)
            return
        ops.run(restore_and_open, result.backup if choice == "restore" else None, db,
                on_success=lambda ws: _opened(app, window, ws, opened), on_failure=failed)

    def failed(text: str) -> None:
        message.error(window, "Assessor cannot start", text)
        app.exit(1)

    ops.run(first_try, db, on_success=opened_or_damaged, on_failure=failed)


def _opened(app: QApplication, window: MainWindow, ws: Workspace | None, opened: list[Workspace]) -> None:
    """Fill ``window`` with the workspace just opened (``None``: the user quit)."""
    if ws is None:
        app.exit(1)
        return
    opened.append(ws)
    window.attach(ws)
    env = environment()
    if env.ready_file:
        QTimer.singleShot(0, lambda: _note_time(env.ready_file))
    QTimer.singleShot(0, window.data_menu.offer_retention)
    if env.quit_after_ms is not None:
        QTimer.singleShot(env.quit_after_ms, window.close)


def _note_time(path: str) -> None:
    """Write the monotonic clock to ``path`` (see ``ASSESSOR_SHOWN_FILE``)."""
    try:
        Path(path).write_text(f"{time.monotonic_ns()}\n", encoding="ascii")
    except OSError as exc:
        log.warning("cannot write the start-up time file: %s", exc.strerror)

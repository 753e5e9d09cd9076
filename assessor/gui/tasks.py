"""Background work: every slow action (exporting reports) runs here, off the
GUI thread, so the window never freezes.

:func:`run_task` runs ``fn(*args)`` on a thread pool and reports back on the
GUI thread through Qt signals (queued connections): ``done(result)``,
``failed(message)`` and, for functions that accept a ``progress`` callback,
``progress(done, total)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..services import AssessorError

log = logging.getLogger(__name__)

_pool: QThreadPool | None = None
_running: set[Task] = set()


def pool() -> QThreadPool:
    """The thread pool of every background task (one worker at a time is
    plenty for reports; the report engine renders one document at a time)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


class TaskSignals(QObject):
    """Signals of a :class:`Task`, living on the GUI thread."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()


class Task(QRunnable):
    """Runs ``fn(*args, **kwargs)``; ``with_progress`` passes
    ``progress=callable(done, total)`` that emits :attr:`TaskSignals.progress`."""

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it (in _running) until finished
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = TaskSignals()
        if with_progress:
            self.kwargs["progress"] = self.signals.progress.emit

    def run(self) -> None:  # noqa: D102 - QRunnable API, runs on a worker thread
        try:
            result = self.fn(*self.args, **self.kwargs)
        except AssessorError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # never let an exception die silently on a worker
            # Log the kind and the place only: messages may quote personal data.
            log.error("background task failed: %s", type(exc).__name__)
            self.signals.failed.emit(f"An unexpected error stopped the task ({type(exc).__name__}).")
        else:
            self.signals.done.emit(result)
        finally:
            self.signals.finished.emit()


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    **kwargs: Any,
) -> Task:
    """Start ``fn(*args, **kwargs)`` in the background and return its task.

    The callbacks run on the GUI thread.  With ``on_progress``, ``fn`` gets
    a ``progress`` keyword argument to call with (done, total).
    """
    task = Task(fn, *args, with_progress=on_progress is not None, **kwargs)
    if on_done:
        task.signals.done.connect(on_done)
    if on_failed:
        task.signals.failed.connect(on_failed)
    if on_progress:
        task.signals.progress.connect(on_progress)
    _running.add(task)
    task.signals.finished.connect(lambda: _running.discard(task))
    pool().start(task)
    return task


def busy() -> bool:
    """True while a background task is running."""
    return bool(_running)


def wait_all(msecs: int = 30_000) -> bool:
    """Block until every background task has finished (on closing)."""
    return pool().waitForDone(msecs)

"""One way off the GUI thread: the window's single database worker, as
Anki's ``taskman`` and ``CollectionOp``.

:class:`Ops` (one per window, ``window.ops``) owns

* **one worker thread** (a ``QThreadPool`` of one thread): every slow call
  of the window (erase, anonymize, backup, saving and reloading banks,
  the comparison, calibration and debrief queries, reports) runs there,
  one after another, in the order asked;
* **one lock** around the workspace's ``Store``: :class:`SerialStore`
  replaces ``ws.store`` so that each call to it, from the worker or from
  the GUI thread, holds the lock; no two threads are ever inside the
  ``Store`` at once (its kit cache, fault flag and ``engine.dispose()``);
* **progress** (a busy dialog, window-modal, for the operations that
  change data: nothing else can be clicked meanwhile), **cancel** for an
  operation that takes a ``cancelled`` callable, **errors** (through
  :mod:`assessor.gui.message`, the kind and place logged, never the
  message: it may quote a candidate), and **the change notice**: after
  success, :attr:`Ops.sig_changed` carries a :class:`Changes` saying what
  changed, and every view that shows it refreshes itself.

An action is one call: ``window.ops.run(erase_candidate, ws, cid,
changes=Changes(candidates=True), on_success=show, progress="Erasing…")``.

Interview saves (a rating, a tick, notes) stay on the GUI thread, through
the same lock: each is a sub-millisecond commit that must be acknowledged
before the next keystroke (``tests/reliability/test_crash.py``); they keep
their order and the flush on close.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..services import AssessorError
from . import message

log = logging.getLogger(__name__)

_busy_ops = 0  # operations running in any Ops, for the garbage collector's pause
_gc_was_enabled = True
_switch_interval = 0.005  # the interpreter's own, restored once no operation runs

#: the interpreter's thread switch interval while an operation runs, in
#: seconds (``sys.setswitchinterval``; CPython's default is 0.005).  A
#: worker busy in Python (reading YAML, building ORM rows) keeps the GIL
#: until the interval asks it to drop it; the GUI thread needs the GIL
#: again for each Python call Qt makes (a timer, a model's ``data()``, a
#: paint), so with the default every such call may wait 5 ms, and one
#: repaint of a few dozen cells waits over 50 ms.  At 0.5 ms the worker
#: gives way ten times sooner (measured: saving a bank at 100,000
#: candidates stalled the event loop 63-118 ms at 5 ms; see
#: ``docs/performance.md``).
SWITCH_INTERVAL_S = 0.0005


def _pause_gc() -> None:
    """While an operation runs, Python's cyclic garbage collector is off:
    run on the worker it could finalize a Qt widget there, off the GUI
    thread (a crash).  As Anki does, cycles are collected on the GUI thread.
    The thread switch interval is shortened meanwhile (:data:`SWITCH_INTERVAL_S`)."""
    global _busy_ops, _gc_was_enabled, _switch_interval
    if _busy_ops == 0:
        _gc_was_enabled = gc.isenabled()
        gc.disable()
        _switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(_switch_interval, SWITCH_INTERVAL_S))
    _busy_ops += 1


def _resume_gc() -> None:
    """The collector back on (on the GUI thread) once no operation runs.

    Every object an operation allocated while the collector was off is
    still in its youngest generation: the first collection after
    ``gc.enable()`` would walk them all on the GUI thread (the rows of a
    100,000-candidate comparison: a quarter second frozen).  ``freeze`` then
    ``unfreeze`` moves every tracked object to the oldest generation
    without examining any (both are constant-time list splices), so the
    next young collection is small; cycles among them are still found, by
    the next full collection."""
    global _busy_ops
    _busy_ops -= 1
    if _busy_ops == 0:
        sys.setswitchinterval(_switch_interval)
    if _busy_ops == 0 and _gc_was_enabled:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


@dataclass(frozen=True)
class Changes:
    """What an operation changed (the change notice): ``candidates`` the
    candidate list (added, erased, renamed, anonymized), ``candidate_id``
    the candidate to keep selected, ``assessment_id`` one assessment
    (ratings, submission, amendment), ``banks`` the interview kits,
    ``preferences`` the user's preferences."""

    candidates: bool = False
    candidate_id: int | None = None
    assessment_id: int | None = None
    banks: bool = False
    preferences: bool = False


class SerialStore:
    """``store`` with every method call under ``lock`` (see the module
    docstring).  Attributes read and written pass through; ``wrapped`` is
    the store itself."""

    def __init__(self, store: Any, lock: threading.RLock) -> None:
        object.__setattr__(self, "wrapped", store)
        object.__setattr__(self, "lock", lock)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.wrapped, name)
        if not callable(value) or name.startswith("__"):
            return value
        lock = self.lock

        def serialised(*args: Any, **kwargs: Any) -> Any:
            with lock:
                return value(*args, **kwargs)

        return serialised

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.wrapped, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self.wrapped, name)


class Op(QObject):
    """One operation on the worker, living on the GUI thread.  When it
    has run, :attr:`finished` is True with :attr:`result` or :attr:`error`
    (the message) set, and :attr:`sig_finished` has been emitted.  The
    worker hands its outcome over in Python attributes and signals with no
    Python object in them (PySide's queued ``Signal(object)`` is where
    cross-thread reference bugs live)."""

    sig_progress = Signal(int, int)
    """(done, total) from an operation run with ``on_progress``."""
    sig_finished = Signal()
    """The operation has succeeded or failed (emitted by the worker,
    delivered on the GUI thread after :attr:`finished` is set)."""

    def __init__(self) -> None:
        super().__init__()
        self.result: Any = None
        self.error: str | None = None
        self.finished = False
        self._cancel = threading.Event()
        self._outcome: tuple[bool, Any] | None = None  # set by the worker: (ok, result or message)
        self._then: Callable[[Op], None] | None = None
        self._done_signal.connect(self._on_done)

    _done_signal = Signal()

    @Slot()
    def _on_done(self) -> None:
        ok, value = self._outcome if self._outcome is not None else (False, "the operation did not run")
        self.finished = True
        if ok:
            self.result = value
        else:
            self.error = str(value)
        try:
            if self._then is not None:
                self._then(self)
        finally:
            _resume_gc()
            self.sig_finished.emit()

    def cancel(self) -> None:
        """Ask an operation that takes ``cancelled`` to stop early."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()


class _Job(QRunnable):
    def __init__(self, op: Op, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Ops keeps it until finished
        self.op, self.fn = op, fn

    def run(self) -> None:  # noqa: D102 - QRunnable API, runs on the worker thread
        try:
            self.op._outcome = (True, self.fn())  # noqa: SLF001 - same module
        except AssessorError as exc:
            self.op._outcome = (False, str(exc))  # noqa: SLF001
        except Exception as exc:  # never let an exception die silently on the worker
            # The kind only: messages may quote personal data.
            log.error("background operation failed: %s", type(exc).__name__)
            self.op._outcome = (False, f"An unexpected error stopped the operation ({type(exc).__name__}).")  # noqa: SLF001
        finally:
            self.op._done_signal.emit()  # noqa: SLF001 - queued to the GUI thread


class Ops(QObject):
    """The window's operations (see the module docstring).  ``ws``: the
    workspace, whose ``store`` becomes a :class:`SerialStore`; ``parent``:
    the widget that owns the progress and error dialogs."""

    sig_changed = Signal(object)
    """A :class:`Changes`, after an operation (or an interview save) changed data."""

    def __init__(self, ws: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = parent
        self.ws = None
        self.lock = threading.RLock()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # ONE worker: operations run one after another
        self._running: dict[Op, _Job] = {}
        if ws is not None:
            self.serialise(ws)

    def serialise(self, ws: Any) -> None:
        """From now on every call to ``ws.store`` holds :attr:`lock` (made
        a :class:`SerialStore` once; a store already wrapped keeps its lock)."""
        self.ws = ws
        if isinstance(ws.store, SerialStore):
            self.lock = ws.store.lock
        else:
            ws.store = SerialStore(ws.store, self.lock)

    def run(self, fn: Callable[..., Any], *args: Any, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[str], None] | None = None, on_progress: Callable[[int, int], None] | None = None,
            changes: Changes | Callable[[Any], Changes | None] | None = None, progress: str = "",
            cancellable: bool = False, title: str = "Assessor", parent: QWidget | None = None,
            **kwargs: Any) -> Op:
        """Run ``fn(*args, **kwargs)`` on the worker and return its :class:`Op`.

        On the GUI thread afterwards: ``changes`` (a :class:`Changes`, or a
        function of the result giving one) is announced on
        :attr:`sig_changed`, then ``on_success(result)``; on failure
        ``on_failure(message)``, else the message is shown as a warning
        titled ``title``.  ``progress``: the text of a window-modal busy
        dialog shown meanwhile (with a Cancel button when ``cancellable``:
        ``fn`` then gets ``cancelled=callable()``).  ``on_progress``:
        ``fn`` gets ``progress=callable(done, total)``.
        """
        op = Op()
        if on_progress is not None:
            kwargs["progress"] = op.sig_progress.emit
            op.sig_progress.connect(on_progress)
        if cancellable:
            kwargs["cancelled"] = lambda: op.cancelled
        owner = parent or self.widget
        dialog = self._progress_dialog(op, progress, cancellable, owner) if progress else None

        def then(finished_op: Op) -> None:  # on the GUI thread, the busy dialog gone first
            self._running.pop(finished_op, None)
            if dialog is not None:
                dialog.reset()
                dialog.hide()
                dialog.deleteLater()
            if finished_op.error is None:
                notice = changes(finished_op.result) if callable(changes) else changes
                if notice is not None:
                    self.sig_changed.emit(notice)
                if on_success is not None:
                    on_success(finished_op.result)
            elif on_failure is not None:
                on_failure(finished_op.error)
            else:
                message.warning(owner, title, finished_op.error)

        op._then = then  # noqa: SLF001 - same module
        job = _Job(op, lambda: fn(*args, **kwargs))
        self._running[op] = job
        _pause_gc()
        self.pool.start(job)
        return op

    def _progress_dialog(self, op: Op, text: str, cancellable: bool, owner: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(text, "Cancel" if cancellable else "", 0, 0, owner)
        dialog.setObjectName("operationProgress")
        dialog.setWindowTitle("Assessor")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        else:
            dialog.canceled.connect(op.cancel)
        dialog.show()
        return dialog

    def call(self, fn: Callable[..., Any], *args: Any, progress: str, changes: Changes | None = None,
             parent: QWidget | None = None, **kwargs: Any) -> Any:
        """Run ``fn(*args, **kwargs)`` on the worker and return its result,
        the event loop running meanwhile under the window-modal busy dialog
        ``progress`` (so nothing else can be clicked and the window paints);
        for a step whose caller goes on with the result (saving a bank
        before leaving it).  Raises :class:`AssessorError` with the
        operation's message when it fails; ``changes`` is announced after
        success."""
        loop = QEventLoop()
        op = self.run(fn, *args, progress=progress, changes=changes, parent=parent,
                      on_failure=lambda _text: None, **kwargs)
        op.sig_finished.connect(loop.quit)
        if not op.finished:
            loop.exec()
        if op.error is not None:
            raise AssessorError(op.error)
        return op.result

    def notify(self, changes: Changes) -> None:
        """Announce a change made on the GUI thread (an interview save)."""
        self.sig_changed.emit(changes)

    def busy(self) -> bool:
        """True while an operation is queued or running."""
        return bool(self._running)

    def when_idle(self, then: Callable[[], None], text: str = "", parent: QWidget | None = None) -> None:
        """Call ``then()`` on the GUI thread once every operation asked so
        far has finished, the event loop running meanwhile (closing: a
        busy dialog saying ``text`` paints while the worker finishes)."""
        if not self._running:
            then()
            return
        dialog = self._progress_dialog(Op(), text, False, parent or self.widget) if text else None

        def check() -> None:
            if self._running:
                QTimer.singleShot(20, check)
                return
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
            then()

        QTimer.singleShot(20, check)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle: only once the event loop has
        ended (the application's teardown), never from the window."""
        return self.pool.waitForDone(msecs)


def ops_of(widget: QWidget | None, ws: Any) -> Ops:
    """The :class:`Ops` of ``widget``'s window (``window.ops``), else a new
    one for ``ws`` owned by ``widget`` (a dialog opened on its own, as a
    test does; it shares the store's lock)."""
    probe = widget
    while probe is not None:
        found = getattr(probe, "ops", None)
        if isinstance(found, Ops):
            return found
        probe = probe.parentWidget()
    return Ops(ws, widget)

"""The window's one database worker (assessor/gui/ops.py): one operation at
a time, in order; every store call under one lock; errors through the
message seam; change notices that views follow; closing waits for the
worker while the event loop runs.  Bound by counts and events, never by
a clock."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication

from assessor.gui import message
from assessor.gui.ops import Changes, SerialStore
from assessor.services import AssessorError, add_candidate
from tests.gui.conftest import finish, settle


def test_one_worker_runs_operations_one_at_a_time_in_order(qtbot, window):
    assert window.ops.pool.maxThreadCount() == 1
    running, most, order, threads = [0], [0], [], set()
    guard = threading.Lock()

    def step(n: int) -> int:
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        threads.add(threading.get_ident())
        order.append(n)
        with guard:
            running[0] -= 1
        return n

    ops = [window.ops.run(step, n) for n in range(20)]
    assert [finish(qtbot, op) for op in ops] == list(range(20))
    assert order == list(range(20)) and most[0] == 1
    assert threading.get_ident() not in threads  # never on the GUI thread


def test_every_store_call_holds_the_one_lock(qtbot, window, small_ws):
    assert isinstance(small_ws.store, SerialStore)
    seen = []
    real = small_ws.store.wrapped.role_ids

    def role_ids():  # noqa: ANN202
        other = threading.Thread(target=lambda: seen.append(window.ops.lock.acquire(blocking=False)))
        other.start()
        other.join()
        return real()

    small_ws.store.wrapped.role_ids = role_ids
    finish(qtbot, window.ops.run(lambda: small_ws.store.role_ids()))  # from the worker
    small_ws.store.role_ids()  # from the GUI thread
    assert seen == [False, False]  # another thread could not enter meanwhile


def test_a_failure_is_said_through_the_message_seam(qtbot, window, monkeypatch):
    said = []
    monkeypatch.setattr(message, "present", lambda parent, kind, title, text, *_a, **_k: said.append(
        (kind, title, text)))

    def refuse() -> None:
        raise AssessorError("the file is locked")

    def crash() -> None:
        raise KeyError("Zoë's notes")

    finish(qtbot, window.ops.run(refuse, title="Not saved"))
    finish(qtbot, window.ops.run(crash))
    assert said[0] == ("warning", "Not saved", "the file is locked")
    assert "KeyError" in said[1][2] and "Zoë" not in said[1][2]


def test_views_follow_the_change_notice(qtbot, window, small_ws):
    notices = []
    assert window.candidates.model.row_of(-1) < 0 and not any(
        r.candidate.name == "Noticed Later" for r in window.candidates.model.rows)
    window.ops.sig_changed.connect(notices.append)
    added = finish(qtbot, window.ops.run(add_candidate, small_ws, "Noticed Later", "", "test-role",
                                         changes=lambda cand: Changes(candidates=True, candidate_id=cand.id)))
    assert notices == [Changes(candidates=True, candidate_id=added.id)]
    assert window.candidates.model.row_of(added.id) >= 0  # the list, loaded before the add, reloaded on the notice


def test_closing_waits_for_the_worker_with_the_loop_running(qtbot, window, small_ws):
    release = threading.Event()
    op = window.ops.run(release.wait)
    window.close()
    assert window.isVisible()  # not closed while an operation runs
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().objectName() == "operationProgress")
    beats = [0]
    qtbot.waitUntil(lambda: beats.__setitem__(0, beats[0] + 1) or beats[0] > 3)  # the loop answers meanwhile
    release.set()
    finish(qtbot, op)
    qtbot.waitUntil(lambda: not window.isVisible())
    settle(qtbot, window)


def test_the_worker_gives_way_sooner_while_an_operation_runs(qtbot, window):
    """While an operation runs the interpreter's thread switch interval is
    short (so a worker busy in Python does not keep the GUI thread waiting
    for the interpreter lock at each call Qt makes into Python); once no
    operation runs, it is the interpreter's own again."""
    import sys

    from assessor.gui.ops import SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    during = finish(qtbot, window.ops.run(sys.getswitchinterval))
    assert during == min(before, SWITCH_INTERVAL_S) < 0.005
    assert sys.getswitchinterval() == before

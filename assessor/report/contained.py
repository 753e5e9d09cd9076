"""A team's report template renders in a child process with limits.

The sandbox (:mod:`assessor.report.sandbox`) bounds what the Jinja part of a
template may do, but not what its RML costs to lay out: a one-line template
looping 1,000 × 1,000 paragraphs passes every Jinja limit, yet ReportLab
then took 332 s and 2.7 GB to lay it out (issue 14).  So a team's template
is filled *and* laid out in a child process (:func:`run_contained`) started
with the ``spawn`` method (a fresh interpreter, never a fork of a window
with Qt's threads) and limited by the kernel (:func:`resource.setrlimit`):

* ``RLIMIT_CPU`` = :data:`CPU_SECONDS` of processor time: at the soft limit
  the kernel sends ``SIGXCPU``, which the child turns into a message; one
  second later ``SIGKILL`` ends a child stuck in C code.
* ``RLIMIT_AS`` = :data:`MEMORY_BYTES` of address space: an allocation
  beyond it fails with ``MemoryError`` in the child, never in the window.
* a wall-clock backstop (:data:`WALL_SECONDS`) in the parent, for a child
  that neither computes nor ends (it is killed).

Whatever the child does, the parent gets either the PDF bytes or a
:class:`~assessor.report.render.ReportError` whose message says which limit
stopped the template.  On a platform without :mod:`resource` (Windows) only
the wall-clock backstop applies.

The built-in templates ship with the code and skip the child (the cost of
a fresh interpreter is measured in ``docs/report.md``, "Contained team
templates").
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from typing import Any

#: processor seconds a team template may use, filling and layout together
CPU_SECONDS = 20
#: bytes of address space the child may map (the interpreter, ReportLab and the fonts take about 250 MB)
MEMORY_BYTES = 1536 * 1024 * 1024
#: seconds the parent waits for the child's answer before killing it
WALL_SECONDS = 120.0
START_METHOD = "spawn"


class ContainedError(Exception):
    """The child stopped without a result; the message says which limit
    (processor time, memory) or that it ended abnormally."""


class _CpuLimit(BaseException):
    """Raised in the child by SIGXCPU (a BaseException, so no ``except
    Exception`` of a library swallows it)."""


def _on_xcpu(_signum: int, _frame: Any) -> None:
    raise _CpuLimit


def _limit(cpu_seconds: int, memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows: the wall-clock backstop only
        return
    signal.signal(signal.SIGXCPU, _on_xcpu)
    used = resource.getrusage(resource.RUSAGE_SELF)
    start = int(used.ru_utime + used.ru_stime)  # the limit counts the interpreter's start-up too
    resource.setrlimit(resource.RLIMIT_CPU, (start + cpu_seconds, start + cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _child(conn: Any, fn: Callable[..., bytes], args: tuple, cpu_seconds: int, memory_bytes: int) -> None:
    try:
        _limit(cpu_seconds, memory_bytes)
        result: tuple[str, Any] = ("ok", fn(*args))
    except _CpuLimit:
        result = ("limit", f"it used more than {cpu_seconds} s of processor time")
    except MemoryError:
        result = ("limit", f"it needed more than {memory_bytes // (1024 * 1024):,} MB of memory")
    except Exception as exc:  # noqa: BLE001 - handed to the parent as its class and message
        result = ("error", (type(exc).__name__, str(exc)))
    try:
        conn.send(result)
    except (MemoryError, _CpuLimit):  # pragma: no cover - the parent sees the exit
        pass
    finally:
        conn.close()


def run_contained(fn: Callable[..., bytes], *args: Any, cpu_seconds: int | None = None,
                  memory_bytes: int | None = None, wall_seconds: float | None = None) -> tuple[str, Any]:
    """``fn(*args)`` (a module-level function whose arguments pickle) in a
    spawned child under the limits of the module (defaults read at each
    call: :data:`CPU_SECONDS`, :data:`MEMORY_BYTES`, :data:`WALL_SECONDS`).

    Returns ``("ok", bytes)`` or ``("error", (exception class name,
    message))`` for an exception ``fn`` raised.  Raises
    :class:`ContainedError` naming the limit when the child was stopped by
    one, or ended without an answer.
    """
    cpu_seconds = CPU_SECONDS if cpu_seconds is None else cpu_seconds
    memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes
    wall_seconds = WALL_SECONDS if wall_seconds is None else wall_seconds
    ctx = multiprocessing.get_context(START_METHOD)
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, cpu_seconds, memory_bytes),
                        name="assessor-team-template", daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(wall_seconds):
            raise ContainedError(f"it ran longer than {wall_seconds:g} s")
        try:
            kind, value = receive.recv()
        except (EOFError, OSError):
            kind, value = "gone", None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "limit":
        raise ContainedError(value)
    if kind == "gone":
        code = child.exitcode or 0
        if code == -signal.SIGXCPU:
            raise ContainedError(f"it used more than {cpu_seconds} s of processor time")
        if code == -signal.SIGKILL:
            raise ContainedError(f"it reached its limit of {cpu_seconds} s of processor time or "
                                 f"{memory_bytes // (1024 * 1024):,} MB of memory")
        raise ContainedError(f"its process ended abnormally (exit {code})")
    return kind, value

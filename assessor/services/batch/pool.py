"""The worker pool's plumbing: the pool itself (loky's
:class:`loky.ProcessPoolExecutor`, a well-kept ``concurrent.futures``
executor that detects a dead worker and can kill its workers through its
public API), how children start, settling a finished future into the
tally (a lost report when its child died), stopping every child at once,
and removing what a killed child left behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from loky import ProcessPoolExecutor
from loky.backend import get_context
from loky.process_executor import ShutdownExecutorError

from ...files import remove_leftovers
from .results import BatchJob, _Tally


log = logging.getLogger(__name__)


START_METHOD = "spawn"
"""How children start: a fresh interpreter (safe beside Qt, same on every OS)."""


def pool_context() -> Any:
    """The multiprocessing context the pool's children and the batch's
    cancel event are made with (:data:`START_METHOD`)."""
    return get_context(START_METHOD)


def new_pool(workers: int, context: Any, initializer: Callable[..., None], initargs: tuple) -> ProcessPoolExecutor:
    """A pool of ``workers`` child processes made with ``context``, each
    running ``initializer(*initargs)`` once when it starts.  A child that
    dies breaks the pool: the futures it held (and every other one not yet
    answered) raise ``BrokenProcessPool`` (loky's ``TerminatedWorkerError``)."""
    return ProcessPoolExecutor(max_workers=workers, context=context, initializer=initializer, initargs=initargs)


def _settle(future: Future, job: BatchJob, tally: _Tally) -> bool:
    """Record a finished future's outcome; True when the report was lost
    instead: its child died, or it never ran because the pool broke or was
    shut down (the caller decides whether to retry or skip it)."""
    if not future.done():
        return True
    try:
        status, value = future.result()
    except (CancelledError, BrokenProcessPool, ShutdownExecutorError):
        return True
    except Exception as exc:  # noqa: BLE001 - e.g. an answer that could not be sent back
        log.error("batch export: candidate %d: %s in the pool", job.candidate_id, type(exc).__name__)
        tally.fail(job, f"an unexpected error stopped the report ({type(exc).__name__})")
    else:
        tally.record(job, status, value)
    return False


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop every child of ``executor`` now (loky kills each worker's
    process tree) and wait until they are gone; the futures not answered
    raise ``ShutdownExecutorError`` or are cancelled."""
    executor.shutdown(wait=True, kill_workers=True)


def _remove_temp_files(jobs: Iterable[BatchJob]) -> None:
    """Remove the temporary files a killed child left beside its target
    (:mod:`assessor.files` names them ``.<file>.<random>.part``)."""
    for job in jobs:
        remove_leftovers(job.path.parent, job.path.name)

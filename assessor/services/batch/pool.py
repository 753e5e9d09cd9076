"""The worker pool's plumbing: how children start, settling a finished
future into the tally (a lost report when its child died), stopping
every child at once, and removing what a killed child left behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress

from ...files import remove_leftovers
from .results import BatchJob, _Tally


log = logging.getLogger(__name__)


START_METHOD = "spawn"
"""How children start: a fresh interpreter (safe beside Qt, same on every OS)."""


def _settle(future: Future, job: BatchJob, tally: _Tally) -> bool:
    """Record a finished future's outcome; True when the report was lost
    instead: its child died, or it never ran because the pool broke or was
    shut down (the caller decides whether to retry or skip it)."""
    if not future.done():
        return True
    try:
        status, value = future.result()
    except (CancelledError, BrokenProcessPool):
        return True
    except Exception as exc:  # noqa: BLE001 - e.g. an answer that could not be sent back
        log.error("batch export: candidate %d: %s in the pool", job.candidate_id, type(exc).__name__)
        tally.fail(job, f"an unexpected error stopped the report ({type(exc).__name__})")
    else:
        tally.record(job, status, value)
    return False


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop every child of ``executor`` now and wait until they are gone."""
    processes = list((getattr(executor, "_processes", None) or {}).values())  # public only from Python 3.14
    for process in processes:
        with suppress(Exception):
            process.terminate()
    for process in processes:
        with suppress(Exception):
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)


def _remove_temp_files(jobs: Iterable[BatchJob]) -> None:
    """Remove the temporary files a killed child left beside its target
    (:mod:`assessor.files` names them ``.<file>.<random>.part``)."""
    for job in jobs:
        remove_leftovers(job.path.parent, job.path.name)

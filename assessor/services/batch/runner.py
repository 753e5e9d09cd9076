"""The batch itself: :class:`BatchExport` plans the reports, runs them
here or in a pool of child processes, keeps each child busy, handles a
cancel (with a grace period) and a child that dies (a fresh pool, one
retry), and :func:`export_batch` / :func:`export_all` as shortcuts.
"""

from __future__ import annotations

import inspect
import logging
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import suppress
from pathlib import Path
from typing import Any

from ...domain import Candidate, candidate_code
from ...files import check_writable
from ...store import StoreError
from .. import export
from ..workspace import AssessorError, Workspace, list_candidates
from .child import _child_export, _child_init, _export_one
from .pool import ProcessPoolExecutor, _remove_temp_files, _settle, _terminate, new_pool, pool_context
from .results import _DIED, WRITTEN, BatchJob, BatchResult, _Tally


log = logging.getLogger(__name__)


MAX_WORKERS = 8
"""The most child processes a batch starts by default (each holds its own
copy of the report stack, some 100 MB)."""

CANCEL_GRACE_S = 30.0
"""Seconds a report being rendered may take to finish after a cancel
before its process is terminated."""

MAX_RESTARTS = 3
"""How many times a batch replaces a pool whose process died before it
gives up on the reports left."""


_POLL_S = 0.1  # how often the waiting thread looks at the cancel flag
_PAGE = 1000  # candidates read at a time when planning "all"


def default_workers(jobs: int) -> int:
    """Child processes for ``jobs`` reports: one a usable core, at most
    :data:`MAX_WORKERS` and at most ``jobs``; at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS, jobs))


class BatchExport:
    """A batch export of PDF reports into ``out_dir``; run it once with :meth:`run`.

    ``candidate_ids``: the candidates to export (a list of ids, duplicates
    ignored; an unknown id or a candidate never interviewed is listed as a
    failure), or ``None`` for every candidate with an assessment.
    ``template``: a team's template file (default: the one in Preferences,
    else the built-in one).  ``options``: keyword arguments passed unchanged
    to :func:`~assessor.services.export.export_report` for every report
    (plain, picklable values such as ``{"blind": True}``).  ``workers``:
    child processes (default :func:`default_workers`); ``0`` renders in the
    calling process, as does a batch of at most ``in_process_up_to`` reports
    (saves a child's start-up, about a second, for a single report; never
    use it on the GUI thread's behalf) and any batch on an in-memory SQLite
    database (which no other process can open).  ``cancel_grace``: seconds
    a report in flight may take to finish after :meth:`cancel`.

    Raises :class:`AssessorError` when an option is not one
    ``export_report`` takes or cannot be sent to a child process.
    """

    def __init__(self, ws: Workspace, out_dir: Path | str, candidate_ids: Iterable[int] | None = None, *,
                 template: Path | None = None, options: dict[str, Any] | None = None,
                 workers: int | None = None, in_process_up_to: int = 0,
                 cancel_grace: float = CANCEL_GRACE_S) -> None:
        self.ws = ws
        self.folder = Path(out_dir)
        self.candidate_ids = None if candidate_ids is None else list(candidate_ids)
        self.template = Path(template) if template is not None else None
        self.options: dict[str, Any] = dict(options or {})
        self.workers = workers
        self.in_process_up_to = in_process_up_to
        self.cancel_grace = cancel_grace
        self._check_options()
        self._cancel = threading.Event()
        self._child_cancel: Any = None  # a multiprocessing Event once children run
        self._lock = threading.Lock()
        self._started = False

    def _check_options(self) -> None:
        try:
            inspect.signature(export.export_report).bind(self.ws, 0, self.folder, self.template, **self.options)
        except TypeError as exc:
            raise AssessorError(f"the report options are not accepted: {exc}") from None
        try:
            pickle.dumps(self.options)
        except Exception as exc:  # noqa: BLE001 - any pickling failure means the same thing
            raise AssessorError(f"the report options must be plain values ({type(exc).__name__})") from None

    # -- control, from any thread ------------------------------------------------

    def cancel(self) -> None:
        """Stop the batch: no report starts after this call; reports being
        rendered finish (or are discarded after ``cancel_grace`` seconds).
        Safe from any thread, any number of times; :meth:`run` then returns
        soon with ``cancelled`` set."""
        self._cancel.set()
        child_cancel = self._child_cancel
        if child_cancel is not None:
            child_cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    # -- running --------------------------------------------------------------------

    def run(self, progress: Callable[[int, int], None] | None = None) -> BatchResult:
        """Write the reports and return the :class:`BatchResult`; blocks until
        done or cancelled (call it from a worker thread in a window: it only
        waits on the child processes).

        ``progress(done, total)`` is called on this thread, first with
        ``(0, total)``, then after each report written or failed.
        Raises :class:`AssessorError` when the folder cannot be created or
        written in, the template cannot be read, or the database refuses
        the list of candidates; a report that fails is listed in
        ``failed``, never raised.  Raises ``RuntimeError`` on a second call.
        """
        with self._lock:
            if self._started:
                raise RuntimeError("a BatchExport runs once")
            self._started = True
        self._prepare_folder()
        export.template_source(self.ws, self.template)  # an unreadable template stops the batch, not 200 reports
        jobs, planning_failures = self._plan()
        tally = _Tally(self.folder, jobs, planning_failures, progress)
        workers = self.workers if self.workers is not None else default_workers(len(jobs))
        in_memory = self.ws.store.path is None and self.ws.store.url.startswith("sqlite")  # no child can open it
        if jobs and (workers <= 0 or len(jobs) <= self.in_process_up_to or in_memory):
            self._run_here(jobs, tally)
        elif jobs:
            self._run_in_children(jobs, tally, min(workers, len(jobs)))
        result = tally.result(self.cancelled)
        log.info("batch export: %d of %d written, %d failed, %d not started%s", len(result.written),
                 result.total, len(result.failed), len(result.skipped), " (cancelled)" if result.cancelled else "")
        return result

    def _prepare_folder(self) -> None:
        try:
            check_writable(self.folder)
        except OSError as exc:
            raise AssessorError(f"cannot write in {self.folder}: {exc.strerror or exc}") from exc

    def _plan(self) -> tuple[list[BatchJob], list[tuple[int, str]]]:
        jobs: list[BatchJob] = []
        failed: list[tuple[int, str]] = []
        try:
            if self.candidate_ids is None:
                after = None
                while True:
                    page = list_candidates(self.ws, limit=_PAGE, after=after)
                    jobs += [BatchJob(r.candidate.id, self.folder / self._file_name(r.candidate))
                             for r in page if r.assessment_id is not None]
                    if len(page) < _PAGE:
                        break
                    after = page[-1]
            else:
                for cid in dict.fromkeys(self.candidate_ids):
                    try:
                        candidate = self.ws.store.candidate(cid)
                    except KeyError:
                        failed.append((cid, f"there is no candidate {cid}"))
                        continue
                    jobs.append(BatchJob(cid, self.folder / self._file_name(candidate)))
        except StoreError as exc:
            raise AssessorError(f"the list of candidates could not be read: {exc}") from exc
        return jobs, failed

    def _file_name(self, candidate: Candidate) -> str:
        """``00012-ana-lima.pdf``; with the ``blind`` option ``C-4F9A21-blind.pdf``,
        so a blind report's file does not name the candidate either."""
        if self.options.get("blind"):
            return f"{candidate_code(candidate)}-blind.pdf"
        return export.report_filename(candidate.id, candidate.name)

    def _run_here(self, jobs: list[BatchJob], tally: _Tally) -> None:
        for job in jobs:
            if self.cancelled:
                tally.skip(job)
                continue
            tally.record(job, *_export_one(self.ws, job.candidate_id, job.path, self.template, self.options))

    def _run_in_children(self, jobs: list[BatchJob], tally: _Tally, workers: int) -> None:
        ctx = pool_context()
        self._child_cancel = ctx.Event()
        if self.cancelled:  # cancel() ran before the event existed
            self._child_cancel.set()
        pending = deque(jobs)
        in_flight: dict[Future, BatchJob] = {}
        retried: set[int] = set()
        executor: ProcessPoolExecutor | None = None
        restarts = 0
        cancelled_at: float | None = None
        try:
            while in_flight or (pending and not self.cancelled):
                if executor is None:
                    executor = new_pool(min(workers, len(pending)), ctx, _child_init,
                                        (self.ws.store.url, self.ws.prefs, self._child_cancel))
                # Keep each child busy with one report and one queued, no more:
                # a cancel then has little to skip.
                while pending and not self.cancelled and len(in_flight) < 2 * workers:
                    job = pending.popleft()
                    future = executor.submit(_child_export, job.candidate_id, str(job.path), self.template, self.options)
                    in_flight[future] = job
                if self.cancelled:
                    if cancelled_at is None:
                        cancelled_at = time.monotonic()
                        for future in [f for f in in_flight if f.cancel()]:
                            tally.skip(in_flight.pop(future))
                    elif time.monotonic() - cancelled_at > self.cancel_grace:
                        log.warning("batch export: %d report(s) still rendering %.0f s after cancel; stopping them",
                                    len(in_flight), self.cancel_grace)
                        self._discard(executor, in_flight, tally)
                        executor = None
                        break
                if not in_flight:
                    break
                done, _ = wait(in_flight, timeout=_POLL_S, return_when=FIRST_COMPLETED)
                broken: list[BatchJob] = []
                for future in done:
                    job = in_flight.pop(future)
                    if _settle(future, job, tally):
                        broken.append(job)
                if not broken:
                    continue
                # A child died: the pool is unusable and every report it held is lost.
                _terminate(executor)
                executor = None
                for future, job in list(in_flight.items()):
                    if _settle(future, job, tally):
                        broken.append(job)
                in_flight.clear()
                restarts += 1
                _remove_temp_files(broken)
                log.warning("batch export: a report process stopped; %d report(s) lost (restart %d)",
                            len(broken), restarts)
                for job in broken:
                    if self.cancelled:
                        tally.skip(job)
                    elif job.candidate_id in retried or restarts > MAX_RESTARTS:
                        tally.fail(job, _DIED)
                    else:
                        retried.add(job.candidate_id)
                        pending.appendleft(job)
                if restarts > MAX_RESTARTS:
                    while pending:
                        tally.fail(pending.popleft(), _DIED)
            while pending:  # cancelled: what never went to a child
                tally.skip(pending.popleft())
        except BaseException:  # KeyboardInterrupt in the command line, or a bug: leave only whole files
            self.cancel()
            if executor is not None:
                self._discard(executor, in_flight, tally)
                executor = None
            raise
        finally:
            if executor is not None:
                # Every report sent to a child has its answer: the children
                # only have to exit, which they do on their own (waiting for
                # it would hold the result back by half a second).
                executor.shutdown(wait=False)

    def _discard(self, executor: ProcessPoolExecutor, in_flight: dict[Future, BatchJob], tally: _Tally) -> None:
        """Terminate the children, keep the reports they finished, remove the
        temporary files of the others."""
        _terminate(executor)
        lost = [job for future, job in in_flight.items() if _settle(future, job, tally)]
        in_flight.clear()
        _remove_temp_files(lost)
        for job in lost:
            # A child killed between its rename and its answer did write a whole file.
            with suppress(OSError):
                if job.path.stat().st_mtime >= tally.started:
                    tally.record(job, WRITTEN, str(job.path))
                    continue
            tally.skip(job)


def export_batch(ws: Workspace, out_dir: Path | str, candidate_ids: Iterable[int] | None = None, *,
                 template: Path | None = None, options: dict[str, Any] | None = None,
                 progress: Callable[[int, int], None] | None = None, workers: int | None = None) -> BatchResult:
    """Write the reports of ``candidate_ids`` (``None``: every interviewed
    candidate) into ``out_dir`` in child processes and return the
    :class:`BatchResult`.  A shortcut for ``BatchExport(...).run(progress)``
    (see :class:`BatchExport` for the arguments and the errors raised); to
    cancel from another thread, make the :class:`BatchExport` yourself."""
    return BatchExport(ws, out_dir, candidate_ids, template=template, options=options, workers=workers).run(progress)


def export_all(
    ws: Workspace, out_dir: Path, progress: Callable[[int, int], None] | None = None, template: Path | None = None,
    *, viewer: str = "",
) -> BatchResult:
    """Write a report for every interviewed candidate into ``out_dir``
    (``assessor report --all``), each as ``viewer`` may see it
    (:func:`~assessor.services.export.report_bytes`: never another
    interviewer's draft; a candidate with nothing to show is in
    ``left_out``, without a file).

    Returns the :class:`BatchResult` (``written``, ``failed`` as
    [(candidate id, error message)], ``left_out``).  ``progress``
    is called with (done, total) after each candidate.  The reports render
    in child processes, one a core (:class:`BatchExport`); a single report
    renders in this process.  Raises :class:`AssessorError` when the folder
    cannot be created or written in.
    """
    return BatchExport(ws, out_dir, template=template, options={"viewer": viewer}, in_process_up_to=1).run(progress)

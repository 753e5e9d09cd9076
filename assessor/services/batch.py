"""Batch export: the PDF reports of all or of selected candidates, into a folder.

Rendering a report is pure-Python work (Jinja2, z3c.rml, ReportLab) that
holds the GIL for long stretches, so a batch renders in **child processes**
(:class:`concurrent.futures.ProcessPoolExecutor`, one process a core by
default) and the calling thread only waits on futures: the window's event
loop never waits for ReportLab, and a batch uses every core.

Children are started with the ``spawn`` method (a fresh interpreter, never a
``fork`` of a process that runs Qt); a frozen app must call
:func:`multiprocessing.freeze_support` first thing (``assessor/__main__.py``
does).  Each child opens its own :class:`~assessor.services.Workspace` on the
same database URL, read-only in use: no integrity check, no backup, no
question banks (an assessment carries its kit snapshot).  It then calls
:func:`assessor.services.export.export_report` for one candidate at a time,
passing the batch's ``options`` through unchanged.

Every report is written atomically (:func:`assessor.report.write_report`:
a temporary ``.<file>.<random>.part`` file, then a rename), so the folder
only ever holds whole PDFs.  After :meth:`BatchExport.cancel` no report
starts; those being rendered finish (their files are whole and counted),
and a child that does not finish within ``cancel_grace`` seconds is
terminated and its temporary file removed.  A child that dies (killed, out
of memory) breaks only the reports it had in hand: they are tried once more
in a fresh pool, then listed as failed.

Failure reasons never hold a candidate's name (nor the file name, which is
made from it), and neither does anything logged here: only ids and counts.
"""

from __future__ import annotations

import inspect
import logging
import multiprocessing
import multiprocessing.util
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import Candidate, candidate_code
from ..files import check_writable, remove_leftovers
from ..store import Store, StoreError
from . import export
from .settings import Preferences
from .workspace import AssessorError, Workspace, list_candidates

log = logging.getLogger(__name__)

START_METHOD = "spawn"
"""How children start: a fresh interpreter (safe beside Qt, same on every OS)."""

MAX_WORKERS = 8
"""The most child processes a batch starts by default (each holds its own
copy of the report stack, some 100 MB)."""

CANCEL_GRACE_S = 30.0
"""Seconds a report being rendered may take to finish after a cancel
before its process is terminated."""

MAX_RESTARTS = 3
"""How many times a batch replaces a pool whose process died before it
gives up on the reports left."""

CHILD_NICENESS = 10
"""Children run at a lower priority (POSIX ``nice``): on a machine with as
many busy children as cores, the window's thread is still scheduled at
once, and an idle machine gives the children every core all the same."""

_POLL_S = 0.1  # how often the waiting thread looks at the cancel flag
_PAGE = 1000  # candidates read at a time when planning "all"

WRITTEN, FAILED, SKIPPED = "written", "failed", "skipped"
_DIED = "the report process stopped unexpectedly"


@dataclass(frozen=True)
class BatchJob:
    """One report to write: the candidate and the file (in the batch folder)."""

    candidate_id: int
    path: Path


@dataclass
class BatchResult:
    """What a batch did.

    * ``folder``: the folder written to.
    * ``total``: reports asked for (candidates planned, including failures).
    * ``written``: the PDF files written, whole, in the order planned.
    * ``failed``: ``(candidate id, reason)`` for each report not written
      because of an error; the reason is fit to show and never holds the
      candidate's name.
    * ``skipped``: ids of the candidates whose report was not written
      because the batch was cancelled.
    * ``cancelled``: True when :meth:`BatchExport.cancel` was called.
    * ``files``: the file planned for each candidate id (written or not),
      to show which files failed.
    """

    folder: Path
    total: int = 0
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    cancelled: bool = False
    files: dict[int, Path] = field(default_factory=dict)


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
        ctx = multiprocessing.get_context(START_METHOD)
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
                    executor = ProcessPoolExecutor(
                        min(workers, len(pending)), mp_context=ctx, initializer=_child_init,
                        initargs=(self.ws.store.url, self.ws.prefs, self._child_cancel),
                    )
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
                executor.shutdown(wait=True)
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
                executor.shutdown(wait=False, cancel_futures=True)

    def _discard(self, executor: ProcessPoolExecutor, in_flight: dict[Future, BatchJob], tally: _Tally) -> None:
        """Terminate the children, keep the reports they finished, remove the
        temporary files of the others."""
        _terminate(executor)
        executor.shutdown(wait=True, cancel_futures=True)
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


class _Tally:
    """Results as they come, and the progress callback."""

    def __init__(self, folder: Path, jobs: list[BatchJob], failed: list[tuple[int, str]],
                 progress: Callable[[int, int], None] | None) -> None:
        self.started = time.time() - 1  # file times may be coarser than a second
        self.folder = folder
        self.order = {job.candidate_id: i for i, job in enumerate(jobs)}
        self.files = {job.candidate_id: job.path for job in jobs}
        self.total = len(jobs) + len(failed)
        self.written: list[tuple[int, Path]] = []
        self.failed = list(failed)
        self.skipped: list[int] = []
        self.progress = progress
        for cid, reason in failed:
            log.info("batch export: candidate %d not exported: %s", cid, reason)
        self.done = len(failed)
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)

    def record(self, job: BatchJob, status: str, value: str) -> None:
        if status == WRITTEN:
            self.written.append((job.candidate_id, Path(value)))
        elif status == SKIPPED:
            self.skip(job)
            return
        else:
            self.failed.append((job.candidate_id, value))
            log.info("batch export: candidate %d not exported: %s", job.candidate_id, value)
        self.done += 1
        self._report()

    def fail(self, job: BatchJob, reason: str) -> None:
        self.record(job, FAILED, reason)

    def skip(self, job: BatchJob) -> None:
        self.skipped.append(job.candidate_id)

    def result(self, cancelled: bool) -> BatchResult:
        last = len(self.order)
        return BatchResult(
            folder=self.folder, total=self.total, cancelled=cancelled, files=self.files,
            written=[p for _, p in sorted(self.written, key=lambda w: self.order.get(w[0], last))],
            failed=sorted(self.failed, key=lambda f: self.order.get(f[0], -1)),
            skipped=sorted(self.skipped, key=lambda c: self.order.get(c, last)),
        )


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


def _export_one(ws: Workspace, candidate_id: int, out: Path, template: Path | None,
                options: dict[str, Any]) -> tuple[str, str]:
    """(``WRITTEN``, path) or (``FAILED``, a reason without the candidate's name)."""
    try:
        path = export.export_report(ws, candidate_id, out, template, **options)
    except AssessorError as exc:
        return FAILED, _name_free(str(exc), ws, candidate_id, out)
    except Exception as exc:  # noqa: BLE001 - one report's bug must not stop the batch
        log.error("batch export: candidate %d: unexpected %s", candidate_id, type(exc).__name__)
        return FAILED, f"an unexpected error stopped the report ({type(exc).__name__})"
    return WRITTEN, str(path)


def _name_free(message: str, ws: Workspace, candidate_id: int, out: Path) -> str:
    """``message`` with the file's path and name (made from the candidate's
    name) and the candidate's name itself replaced by neutral words."""
    name = ""
    with suppress(Exception):
        name = ws.store.candidate(candidate_id).name.strip()
    for secret, neutral in ((str(out), "the report file"), (out.name, "the report file"), (name, "the candidate")):
        if secret:
            message = message.replace(secret, neutral)
    return message


# -- in the child process ----------------------------------------------------------

_CHILD: dict[str, Any] = {}


def _child_init(url: str, prefs: Preferences, cancel: Any) -> None:
    """Runs once in each child: lower its priority, remember where the
    database is; Ctrl+C is the parent's to handle (it cancels the batch)."""
    with suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(CHILD_NICENESS)
    _CHILD.clear()
    _CHILD.update(url=url, prefs=prefs, cancel=cancel, ws=None)


def _child_workspace() -> Workspace:
    """The child's own workspace on the parent's database, opened on first
    use: no integrity check, no backup, no banks."""
    ws = _CHILD.get("ws")
    if ws is None:
        try:
            store = Store(_CHILD["url"], backup_keep=0, check=False)
        except StoreError as exc:
            raise AssessorError(f"the database could not be opened: {exc}") from exc
        ws = _CHILD["ws"] = Workspace(store=store, kits={}, prefs=_CHILD["prefs"])
        multiprocessing.util.Finalize(None, ws.close, exitpriority=10)
    return ws


def _child_export(candidate_id: int, out: str, template: Path | None, options: dict[str, Any]) -> tuple[str, str]:
    """One report, in a child: (status, path or reason)."""
    if _CHILD["cancel"].is_set():
        return SKIPPED, ""
    try:
        ws = _child_workspace()
    except AssessorError as exc:
        return FAILED, str(exc)
    return _export_one(ws, candidate_id, Path(out), template, options)


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
) -> tuple[list[Path], list[tuple[int, str]]]:
    """Write a report for every interviewed candidate into ``out_dir``
    (``assessor report --all``).

    Returns (files written, [(candidate id, error message)]).  ``progress``
    is called with (done, total) after each candidate.  The reports render
    in child processes, one a core (:class:`BatchExport`); a single report
    renders in this process.  Raises :class:`AssessorError` when the folder
    cannot be created or written in.
    """
    result = BatchExport(ws, out_dir, template=template, in_process_up_to=1).run(progress)
    return result.written, result.failed

"""What a batch did: the jobs planned (:class:`BatchJob`), the
:class:`BatchResult` handed back, and the tally that collects the
outcomes as they come and reports progress.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


log = logging.getLogger(__name__)


WRITTEN, FAILED, SKIPPED, LEFT_OUT = "written", "failed", "skipped", "left_out"
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
    * ``left_out``: ids of the candidates with nothing the viewer may see
      (only other interviewers' drafts:
      :class:`~assessor.services.export.NothingSubmitted`); no file, no
      failure.
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
    left_out: list[int] = field(default_factory=list)
    files: dict[int, Path] = field(default_factory=dict)


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
        self.left_out: list[int] = []
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
        elif status == LEFT_OUT:
            self.left_out.append(job.candidate_id)
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
            left_out=sorted(self.left_out, key=lambda c: self.order.get(c, last)),
        )

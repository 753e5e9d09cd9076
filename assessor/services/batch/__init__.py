"""Batch export: the PDF reports of all or of selected candidates, into a folder.

Rendering a report is pure-Python work (Jinja2, z3c.rml, ReportLab) that
holds the GIL for long stretches, so a batch renders in **child processes**
(loky's :class:`loky.ProcessPoolExecutor`, one process a core by
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

One module per reason to change: :mod:`.runner` (:class:`BatchExport`,
planning, cancel, restarts), :mod:`.pool` (the child processes' plumbing),
:mod:`.child` (what runs in a child), :mod:`.results` (the jobs, the
result and the tally with its progress callback).
"""

from __future__ import annotations

from .child import CHILD_NICENESS
from .pool import START_METHOD
from .results import FAILED, LEFT_OUT, SKIPPED, WRITTEN, BatchJob, BatchResult
from .runner import CANCEL_GRACE_S, MAX_RESTARTS, MAX_WORKERS, BatchExport, default_workers, export_all, export_batch


__all__ = ["CANCEL_GRACE_S", "CHILD_NICENESS", "FAILED", "LEFT_OUT", "MAX_RESTARTS", "MAX_WORKERS", "SKIPPED",
           "START_METHOD",
           "WRITTEN", "BatchExport", "BatchJob", "BatchResult", "default_workers", "export_all", "export_batch"]

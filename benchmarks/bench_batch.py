"""Reports in a batch on 2 cores, in reports per second, against the same documents in bare ReportLab.

Ours: :class:`assessor.services.batch.BatchExport` with 2 child processes
(what *Export all reports*, *Export selected reports* and ``assessor report
--all`` run) writing PDFs of a demo database of 200 candidates (40 with
``--quick``) into a folder: each child starts (``spawn``), opens the
database, then loads, renders and atomically writes one report after
another.  Timed from the call to the result, child start-up included.

A candidate with two or more submitted assessments gets the panel report
(:func:`assessor.services.export.report_bytes`), which has no bare mirror;
so there are two rows:

* **Candidate reports** (target 1.5×): the batch of the candidates whose
  report is a single-assessment candidate report (*Export selected
  reports*: 173 of the 200, 27 of the 40), against
  :func:`benchmarks.bare_report.bare_report` of each one's latest
  assessment, the same document (pages, text, look; see that module)
  built straight with ReportLab platypus.  The floor runs in a pool of the
  same 2 ``spawn`` processes (start-up included too); each child gets the
  assessments pickled (they are plain domain objects) instead of loading
  them from the database, and writes each PDF with the same atomic writer
  (:func:`assessor.report.write_bytes`).  Same cores, same start-up, same
  writes: the ratio is the cost of our report route (template, RML,
  z3c.rml) over a bare platypus document of the same content, not of the
  pool.  The row below it sums the pages of both folders (pypdf, when the
  test extra is installed): they match.
* **The whole batch** (information, no target): every candidate, panel
  reports included, as a user's *Export all reports* writes them, against
  the same pool writing ``bare_report`` for the single-assessment
  candidates and, for each panel, :func:`benchmarks.bench_report._bare` of
  all its assessments' strings (a smaller document than the panel report:
  this row is not a floor).

Figures are milliseconds per report (lower is better); the name gives
reports per second.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from assessor.report import write_bytes
from assessor.services import open_workspace, run_demo
from assessor.services.batch import START_METHOD, BatchExport

from .bare_report import bare_report
from .bench_report import _bare, _strings
from .result import Result

WORKERS = 2


def _bare_file(job: tuple[str, object], path: str) -> None:
    """In a child: one bare document written to ``path``: ``job`` is
    ``("report", assessment)`` or ``("strings", [str, ...])``."""
    kind, what = job
    write_bytes(path, bare_report(what) if kind == "report" else _bare(what))  # type: ignore[arg-type]


def _pool(jobs: list[tuple[str, object]], folder: Path) -> float:
    """Seconds per document for ``jobs`` built and written by a pool of
    :data:`WORKERS` ``spawn`` processes into ``folder``."""
    folder.mkdir()
    paths = [str(folder / f"{i}.pdf") for i in range(len(jobs))]
    t = time.perf_counter()
    with ProcessPoolExecutor(WORKERS, mp_context=get_context(START_METHOD)) as pool:
        list(pool.map(_bare_file, jobs, paths))
    return (time.perf_counter() - t) / max(len(jobs), 1)


def _ours(ws, folder: Path, candidate_ids: list[int] | None) -> tuple[float, int]:  # noqa: ANN001 - a Workspace
    """Seconds per report and reports written by a :class:`BatchExport` into ``folder``."""
    t = time.perf_counter()
    result = BatchExport(ws, folder, candidate_ids, workers=WORKERS).run()
    seconds = (time.perf_counter() - t) / max(len(result.written), 1)
    assert not result.failed, result.failed
    return seconds, len(result.written)


def _pages(folder: Path) -> float | None:
    """Pages of every PDF in ``folder`` (``None`` without pypdf)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return float(sum(len(PdfReader(p).pages) for p in folder.glob("*.pdf")))


def run(quick: bool = False) -> list[Result]:
    """Milliseconds per report in a batch on 2 processes: candidate reports
    against the same documents in bare platypus, and (information) the whole
    batch with its panel reports."""
    n = 40 if quick else 200
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "batch.sqlite3"))
        run_demo(ws, candidates=n)
        singles: list[tuple[int, object]] = []
        panels: list[list] = []
        for row in ws.store.candidates(limit=100_000):
            assessments = ws.store.assessments_of(row.candidate.id)
            submitted = [a for a in assessments if a.is_submitted]
            if len(submitted) >= 2:  # what export.report_bytes turns into a panel report
                panels.append(submitted)
            elif assessments:
                singles.append((row.candidate.id, assessments[-1]))
        ours, written = _ours(ws, Path(d) / "ours", [cid for cid, _ in singles])
        ours_all, written_all = _ours(ws, Path(d) / "ours-all", None)
        ws.close()
        reports = [("report", a) for _, a in singles]
        floor = _pool(reports, Path(d) / "bare")
        floor_all = _pool(reports + [("strings", [s for a in p for s in _strings(a)]) for p in panels],
                          Path(d) / "bare-all")
        pages = _pages(Path(d) / "ours"), _pages(Path(d) / "bare")
    assert written == len(singles) and written_all == len(singles) + len(panels), (written, written_all)
    results = [Result(f"{written} candidate reports, batch, {WORKERS} cores ({1 / ours:.1f}/s)",
                      ours * 1000, floor * 1000, "ms", max_ratio=1.5)]
    if pages[0] is not None:
        results.append(Result("  same documents? pages in the batch", pages[0], pages[1], "pp"))
    results.append(Result(f"all {written_all} incl. {len(panels)} panel, batch (information)",
                          ours_all * 1000, floor_all * 1000, "ms"))
    return results

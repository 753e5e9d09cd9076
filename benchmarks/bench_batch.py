"""200 reports in a batch on 2 cores, in reports per second, against 200 bare documents.

Ours: :class:`assessor.services.batch.BatchExport` with 2 child processes
(what *Export all reports*, *Export selected reports* and ``assessor report
--all`` run) writing the PDFs of 200 demo candidates (40 with ``--quick``)
into a folder: each child starts (``spawn``), opens the database, then
loads, renders and atomically writes one report after another.  Timed from
the call to the result, child start-up included.

Floor: :func:`benchmarks.bench_report._bare` on the same assessments'
strings, in a pool of the same 2 ``spawn`` processes (start-up included
too), each bare document written to a file in the same kind of folder.
Same cores, same start-up: the ratio is the cost of our report pipeline
(template, RML, font runs) over a bare platypus document, not of the pool.
Figures are seconds per report (lower is better); the name gives reports
per second.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from assessor.services import load_assessment, open_workspace, run_demo
from assessor.services.batch import START_METHOD, BatchExport

from .bench_report import _bare, _strings
from .result import Result

WORKERS = 2


def _bare_file(strings: list[str], path: str) -> None:
    """In a child: one bare document written to ``path``."""
    Path(path).write_bytes(_bare(strings))


def run(quick: bool = False) -> list[Result]:
    """Seconds per report in a batch on 2 processes, ours against bare platypus documents."""
    n = 40 if quick else 200
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "batch.sqlite3"))
        run_demo(ws, candidates=n)
        assessments = [load_assessment(ws, i) for i in ws.store.assessment_ids()]
        t = time.perf_counter()
        result = BatchExport(ws, Path(d) / "ours", workers=WORKERS).run()
        ours = (time.perf_counter() - t) / max(len(result.written), 1)
        ws.close()
        bare = Path(d) / "bare"
        bare.mkdir()
        strings = [(_strings(a), str(bare / f"{a.id}.pdf")) for a in assessments]
        t = time.perf_counter()
        with ProcessPoolExecutor(WORKERS, mp_context=get_context(START_METHOD)) as pool:
            list(pool.map(_bare_file, *zip(*strings)))
        floor = (time.perf_counter() - t) / max(len(assessments), 1)
    assert not result.failed and len(result.written) == n, result.failed
    return [Result(f"{len(result.written)} reports, batch on {WORKERS} cores ({1 / ours:.1f} reports/s)",
                   ours * 1000, floor * 1000, "ms", max_ratio=1.5)]

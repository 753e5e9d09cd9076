"""200 reports in a batch, in reports per second, against 200 bare documents.

Ours: :func:`assessor.services.export_all` (what *Export every report* and
``assessor report --all`` run) writing the PDFs of 200 demo candidates (40
with ``--quick``) into a folder: a load, a render and an atomic write each.
Floor: :func:`benchmarks.bench_report._bare` on the same assessments'
strings, written to files in the same folder.  Both run in this one
process (``export_all`` renders one report after another: the GIL keeps
ReportLab to one core, so the machine's second core is left idle).
Figures are seconds per report (lower is better); the name gives reports
per second.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from assessor.services import export_all, load_assessment, open_workspace, run_demo

from .bench_report import _bare, _strings
from .result import Result


def run(quick: bool = False) -> list[Result]:
    """Seconds per report in a batch, ours against bare platypus documents."""
    n = 40 if quick else 200
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "batch.sqlite3"))
        run_demo(ws, candidates=n)
        assessments = [load_assessment(ws, i) for i in ws.store.assessment_ids()]
        t = time.perf_counter()
        written, failed = export_all(ws, Path(d) / "ours")
        ours = (time.perf_counter() - t) / max(len(written), 1)
        ws.close()
        bare = Path(d) / "bare"
        bare.mkdir()
        t = time.perf_counter()
        for a in assessments:
            (bare / f"{a.id}.pdf").write_bytes(_bare(_strings(a)))
        floor = (time.perf_counter() - t) / max(len(assessments), 1)
    assert not failed, failed
    return [Result(f"{len(written)} reports in a batch ({1 / ours:.1f} reports/s)", ours * 1000, floor * 1000,
                   "ms", max_ratio=1.5)]

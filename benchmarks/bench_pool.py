"""The batch export's worker pool: loky against the standard library's pool
it replaced, in milliseconds per report (lower is better).

Ours: :class:`assessor.services.batch.BatchExport` with 2 children as the
app runs it, its pool made by :func:`assessor.services.batch.pool.new_pool`
(``loky.ProcessPoolExecutor``).  Floor: the same batch, same candidates,
same child start-up and report code, with the pool made by
``concurrent.futures.ProcessPoolExecutor`` (the pool before issue 18,
item 10), swapped in for this measure only.  The two runs alternate, three
times each (once each with ``--quick``), and the best of each is kept, so
a load that comes and goes on the machine touches both alike.  Target:
1.3× (the pool is not to cost report throughput).
"""

from __future__ import annotations

import concurrent.futures
import tempfile
import time
from pathlib import Path
from unittest import mock

from assessor.services import open_workspace, run_demo
from assessor.services.batch import BatchExport, runner

from .result import Result

WORKERS = 2


def _stdlib_pool(workers, context, initializer, initargs):  # noqa: ANN001, ANN202 - new_pool's signature
    return concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=initializer,
                                                  initargs=initargs)


def _once(ws, folder: Path, ids: list[int], stdlib: bool) -> float:  # noqa: ANN001 - a Workspace
    """Seconds per report of one batch of ``ids`` into ``folder``."""
    t = time.perf_counter()
    if stdlib:
        with mock.patch.object(runner, "new_pool", _stdlib_pool):
            result = BatchExport(ws, folder, ids, workers=WORKERS).run()
    else:
        result = BatchExport(ws, folder, ids, workers=WORKERS).run()
    seconds = time.perf_counter() - t
    assert len(result.written) == len(ids) and not result.failed, (len(result.written), result.failed)
    return seconds / len(ids)


def run(quick: bool = False) -> list[Result]:
    """Milliseconds per report of a batch through loky against the standard pool."""
    n = 20 if quick else 60
    rounds = 1 if quick else 3
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "pool.sqlite3"))
        run_demo(ws, candidates=n)
        ids = [row.candidate.id for row in ws.store.candidates(limit=100_000)]
        ours, floor = [], []
        for i in range(rounds):
            floor.append(_once(ws, Path(d) / f"stdlib-{i}", ids, stdlib=True))
            ours.append(_once(ws, Path(d) / f"loky-{i}", ids, stdlib=False))
        ws.close()
    return [Result(f"batch of {n} through loky vs stdlib pool", min(ours) * 1000, min(floor) * 1000, "ms",
                   max_ratio=1.3)]


if __name__ == "__main__":
    for r in run():
        print(r.name, f"{r.ours:.1f} {r.unit}", f"{r.floor:.1f} {r.unit}", f"{r.ratio:.2f}x", r.holds)

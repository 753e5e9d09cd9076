"""The candidate list and its search on a large database, against raw SQL.

Ours: :func:`assessor.services.list_candidates` (what the window calls for
each page and each search), on a demo database of 100,000 candidates
(20,000 with ``--quick``).  Floor: stdlib ``sqlite3`` running the plainest
query that returns the same rows' candidate columns (no latest-assessment
join), on the same file.  Median of repeated calls.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path
from statistics import median

from assessor.services import list_candidates, open_workspace, run_demo

from .result import Result

PAGE = 50


def _median_ms(fn, repeat: int) -> float:  # noqa: ANN001 - a callable
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return median(times) * 1000


def run(quick: bool = False) -> list[Result]:
    """A page of the list and two searches (a hit, a miss) at N candidates."""
    n = 20_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "list.sqlite3"
        ws = open_workspace(str(path))
        run_demo(ws, candidates=n)
        raw = sqlite3.connect(path)
        like = ("select id, name, email, role_id from candidates where lower(name) like ? or lower(email) like ? "
                "or lower(role_id) like ? order by name, id limit ?")
        rows = []
        for label, term in (("hit", "wang"), ("miss", "zzqx")):
            pat = f"%{term}%"
            rows.append(Result(
                f"search '{term}' ({label}) at {n:,} candidates",
                _median_ms(lambda t=term: list_candidates(ws, t, limit=PAGE), 9),
                _median_ms(lambda p=pat: raw.execute(like, (p, p, p, PAGE)).fetchall(), 9),
                "ms", max_value=20,
            ))
        page = Result(
            f"a page of {PAGE} at {n:,} candidates",
            _median_ms(lambda: list_candidates(ws, limit=PAGE), 21),
            _median_ms(lambda: raw.execute(
                "select id, name, email, role_id from candidates order by name, id limit ?", (PAGE,)).fetchall(), 21),
            "ms", max_value=5,
        )
        raw.close()
        ws.close()
    return [page, *rows]

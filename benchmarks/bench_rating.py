"""A rating, from the service call to a durable commit, against raw sqlite3.

Ours: ``Interview.rate`` (domain check, one upsert through SQLAlchemy,
commit) on SQLite WAL with ``synchronous=FULL``.  Floor: the stdlib
``sqlite3`` module committing the same upsert with the same pragmas.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path
from statistics import quantiles

from assessor.services import open_interview, open_workspace
from tests.kits import small_kit

from .result import Result


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = quantiles(samples, n=100)
    return cuts[49] * 1000, cuts[98] * 1000


def _ours(folder: Path, n: int) -> list[float]:
    kit = small_kit()
    ws = open_workspace(str(folder / "ours.sqlite3"), kits={kit.role_id: kit})
    cand = ws.store.add_candidate("Bench", "", kit.role_id)
    interview = open_interview(ws, cand.id, "bench")
    samples = []
    for i in range(n):
        t = time.perf_counter()
        interview.rate("q1", 1 + i % 4)
        samples.append(time.perf_counter() - t)
    ws.close()
    return samples


def _floor(folder: Path, n: int) -> list[float]:
    con = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("create table r (a int, item text, rating int, notes text, ts text, unique(a, item))")
    samples = []
    for i in range(n):
        t = time.perf_counter()
        con.execute("begin")
        con.execute("insert into r values (1, 'q1', ?, '', datetime('now')) on conflict(a, item) "
                    "do update set rating=excluded.rating, ts=excluded.ts", (1 + i % 4,))
        con.execute("commit")
        samples.append(time.perf_counter() - t)
    con.close()
    return samples


def run(quick: bool = False) -> list[Result]:
    """p50 and p99 of a durable rating, against raw sqlite3."""
    n = 300 if quick else 2000
    with tempfile.TemporaryDirectory() as d:
        ours50, ours99 = _percentiles(_ours(Path(d), n))
        raw50, raw99 = _percentiles(_floor(Path(d), n))
    return [
        Result(f"rating to durable commit, p50 (n={n})", ours50, raw50, "ms"),
        Result(f"rating to durable commit, p99 (n={n})", ours99, raw99, "ms", max_ratio=3, max_value=2),
    ]

"""The command line's start and ``assessor candidates`` at scale.

Start: ``python -m assessor --version`` and ``--help``, each a fresh
process, against ``python -c pass`` measured in the same run (median of N;
byte code cached in a temporary ``PYTHONPYCACHEPREFIX``, as in
``bench_startup``).  Target: at most 3 × the bare interpreter.

``candidates`` at 100,000 candidates (20,000 with ``--quick``), stdout to a
pipe that is read and dropped: against "its query alone", a bare
interpreter (``python -c``, stdlib ``sqlite3``, nothing of ours) running the
same SELECTs (every candidate by name with the latest assessment's status,
recommendation and date; the assessments of the candidates with two
interviewers or more, for the PANEL column) and writing the same lines
(the "same lines?" row).  Target: the command
within 2 × ``python -c pass`` of that floor (the row's value target is
floor + 2 × pass, both from this run).  The information row below it is
the command against the same query run through our store alone
(``Store.iter_candidates``, rows read and dropped): what the printing and
the command line add; the next, the command against its query in CPU time
(user + system of the child, least of N), which other work on a shared
machine moves less than the wall clock.

Peak resident memory of ``candidates``: ``ru_maxrss`` of
``resource.getrusage(RUSAGE_CHILDREN)`` read in a small parent process that
runs only that command (so no earlier child of this run counts), against
the same reading for ``python -c pass``.  Target: 150 MB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from .result import Result

QUERY = """
select c.id, c.name, c.role_id, a.status, a.recommendation, coalesce(a.submitted_at, a.started_at)
from candidates c
left join assessments a on a.id = (select max(id) from assessments where candidate_id = c.id)
order by c.name, c.id
"""
# candidates whose assessments name two interviewers or more, all their assessments oldest first (the PANEL column)
PANEL_QUERY = """
select candidate_id, interviewer, status, recommendation from assessments
where candidate_id in (select candidate_id from assessments group by candidate_id
                       having count(distinct lower(trim(interviewer))) >= 2)
order by id
"""
# The query alone: the same rows and the same printed lines (role column as wide as the longest stored role id,
# the PANEL column "2 of 3 submitted · Yes · No"), through the standard library.
BARE_QUERY = (
    "import sqlite3, sys\n"
    "con = sqlite3.connect(sys.argv[1])\n"
    "w = sys.stdout.write\n"
    "width = max([20, *(len(r) for (r,) in con.execute('select distinct role_id from assessments'))])\n"
    "points = {'strong_no': 1, 'no': 2, 'yes': 3, 'strong_yes': 4}\n"
    "def label(rec):\n"
    "    return rec.replace('_', ' ').title() if rec else '-'\n"
    "panels = {}\n"
    f"for cid, who, status, rec in con.execute({PANEL_QUERY!r}):\n"
    "    panels.setdefault(cid, {})[(who or '').strip().casefold()] = (status, rec)\n"
    "def panel(cid):\n"
    "    latest = panels.get(cid)\n"
    "    if latest is None or len(latest) < 2:\n"
    "        return '-'\n"
    "    sub = [r for s, r in latest.values() if s == 'submitted']\n"
    "    shown = ' \u00b7 '.join(label(r) for r in sorted((r for r in sub if r), key=lambda r: -points[r]))\n"
    "    counts = f'{len(sub)} of {len(latest)} submitted'\n"
    "    return f'{counts} \u00b7 {shown}' if shown else counts\n"
    "lines = [f\"{'ID':>6}  {'NAME':<28} {'ROLE':<{width}} {'STATUS':<10} {'RECOMMENDATION':<15} \"\n"
    "         f\"{'LAST INTERVIEW':<16} PANEL\\n\"]\n"
    f"for i, n, r, s, rec, at in con.execute({QUERY!r}):\n"
    "    lines.append(f\"{i:>6}  {n[:28]:<28} {r:<{width}} {s or '-':<10} {label(rec):<15} \"\n"
    "                 f\"{at[:16] if at else '-':<16} {panel(i)}\\n\")\n"
    "    if len(lines) >= 1000:\n"
    "        w(''.join(lines))\n"
    "        lines.clear()\n"
    "w(''.join(lines))\n"
)
STORE_ONLY = (
    "import sys\n"
    "from assessor.store import Store\n"
    "store = Store(sys.argv[1])\n"
    "for _ in store.iter_candidates():\n"
    "    pass\n"
    "store.close()\n"
)
# Runs argv[1:] with stdout to /dev/null and prints the child's peak resident set in KiB.
PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ, XDG_DATA_HOME=str(folder), XDG_CONFIG_HOME=str(folder),
               XDG_CACHE_HOME=str(folder / "cache"), PYTHONPYCACHEPREFIX=str(folder / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ASSESSOR_DB", None)
    return env


def _median_ms(cmd: list[str], env: dict[str, str], repeat: int) -> float:
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # untimed: fills the byte code cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def _cpu_ms(cmd: list[str], env: dict[str, str], repeat: int) -> float:
    """Least CPU time (user + system, of the child) of ``repeat`` runs: less
    moved than the wall clock by other work on a shared machine."""
    def used() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    best = float("inf")
    for _ in range(repeat):
        before = used()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        best = min(best, used() - before)
    return best * 1000


def _peak_mb(cmd: list[str], env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", PEAK, *cmd], env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def _same_lines(ours: list[str], bare: list[str], env: dict[str, str]) -> bool:
    a = subprocess.run(ours, env=env, check=True, capture_output=True).stdout
    b = subprocess.run(bare, env=env, check=True, capture_output=True).stdout
    return a == b


def run(quick: bool = False) -> list[Result]:
    """--version and --help against python -c pass; candidates at N against its query; its peak memory."""
    repeat = 5 if quick else 9
    n = 20_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        env = _environment(folder)
        ours = [sys.executable, "-m", "assessor"]
        bare = _median_ms([sys.executable, "-c", "pass"], env, repeat)
        rows = [
            Result(f"assessor --version vs python -c pass (median {repeat})",
                   _median_ms([*ours, "--version"], env, repeat), bare, "ms", max_ratio=3),
            Result("assessor --help vs python -c pass",
                   _median_ms([*ours, "--help"], env, repeat), bare, "ms", max_ratio=3),
        ]
        db = folder / "cli.sqlite3"
        code = ("import sys\nfrom assessor.services import open_workspace, run_demo\n"
                "ws = open_workspace(sys.argv[1]); run_demo(ws, candidates=int(sys.argv[2])); ws.close()\n")
        subprocess.run([sys.executable, "-c", code, str(db), str(n)], env=env, check=True, capture_output=True)
        listing = [*ours, "--db", str(db), "candidates"]
        query = [sys.executable, "-c", BARE_QUERY, str(db)]
        few = max(3, repeat // 3)
        ours_ms = _median_ms(listing, env, few)
        query_ms = _median_ms(query, env, few)
        store_ms = _median_ms([sys.executable, "-c", STORE_ONLY, str(db)], env, few)
        rows += [
            Result(f"candidates at {n // 1000}k vs its query (+2×pass: target)", ours_ms, query_ms, "ms",
                   max_value=query_ms + 2 * bare),
            Result("  same lines? (1: yes)", float(_same_lines(listing, query, env)), 1.0, "-"),
            Result("candidates vs the store's query alone (info)", ours_ms, store_ms, "ms"),
            Result("candidates vs its query, CPU time (info)", _cpu_ms(listing, env, few), _cpu_ms(query, env, few),
                   "ms"),
            Result(f"candidates at {n // 1000}k, peak resident memory", _peak_mb(listing, env),
                   _peak_mb([sys.executable, "-c", "pass"], env), "MB", max_value=150),
        ]
    return rows


if __name__ == "__main__":  # python -m benchmarks.bench_cli [--quick]
    for r in run(quick="--quick" in sys.argv):
        print(json.dumps([r.name, round(r.ours, 3), round(r.floor, 3), r.target, r.holds]))

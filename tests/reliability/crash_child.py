"""The child of ``test_crash.py``: a scripted interview that is killed at random.

Run as ``python -m tests.reliability.crash_child``: it imports Assessor once,
then for each ``GO <db> <seed>`` line on stdin forks a fresh process (the
"restart") that opens the workspace, resumes the interview and rates and
writes notes in a loop, printing ``TRY [item, rating, notes]`` before and
``ACK [item, rating, notes]`` after each save returns (the app's "Saved"),
flushed at once.  The parent kills that process with SIGKILL; this one
reports ``DIED <pid>`` and waits for the next line.
"""

from __future__ import annotations

import json
import os
import random
import sys

ITEMS = ["q1", "q2", "u1-focus", "u2-focus"]


def interview(db: str, seed: int) -> None:
    """Open the workspace and rate and write notes until killed."""
    from assessor.services import Preferences, add_candidate, list_candidates, open_interview, open_workspace
    from tests.kits import small_kit

    kit = small_kit()
    ws = open_workspace(db, kits={kit.role_id: kit}, prefs=Preferences(backups_keep=3))
    rows = list_candidates(ws)
    candidate = rows[0].candidate if rows else add_candidate(ws, "Crash Test", "", kit.role_id)
    session = open_interview(ws, candidate.id, "crash test")
    print("READY", session.assessment.id, flush=True)
    rng = random.Random(seed)
    for n in range(1_000_000):
        item, rating = rng.choice(ITEMS), rng.randint(1, 4)
        notes = f"{seed}-{n} " + "é✓" * rng.randint(0, 600)
        line = json.dumps([item, rating, notes], ensure_ascii=False)
        print("TRY", line, flush=True)
        session.rate(item, rating)
        session.write_notes(item, notes)
        print("ACK", line, flush=True)


def main() -> None:
    """The fork server loop (see the module)."""
    import assessor.services  # noqa: F401 - import once, before forking
    import assessor.store.schema  # noqa: F401
    import tests.kits  # noqa: F401

    assessor.store.schema.preload_alembic()  # the store imports it only to create or upgrade a database

    print("SERVER", flush=True)
    for line in sys.stdin:
        _go, db, seed = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                interview(db, int(seed))
            except BaseException:  # os._exit would swallow it: say why this child stopped by itself
                import traceback

                print("FAILED", traceback.format_exc().replace("\n", " | "), flush=True)
            finally:
                os._exit(0)
        print("PID", pid, flush=True)
        os.waitpid(pid, 0)
        print("DIED", pid, flush=True)


if __name__ == "__main__":
    main()

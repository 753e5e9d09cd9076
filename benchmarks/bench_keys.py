"""Loading a signed scorecard once keys have a standing (migration 0011):
:meth:`assessor.store.Store.assessment` on a demo database after a key
rotation, each seal's key with its retirement record read and verified.

* **Time** (target 1.5×): the same loads with the standing left out
  (``store.identities._has_status_table`` patched false: the keys alone,
  as before revision 0011) as the floor, in the same process and run.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .result import Result


def run(quick: bool = False) -> list[Result]:
    """Milliseconds per load of each of the demo's assessments, 20 (``--quick``) or 100 rounds."""
    rounds = 20 if quick else 100
    with tempfile.TemporaryDirectory() as d:
        os.environ["ASSESSOR_KEY_DIR"] = str(Path(d) / "keys")
        from assessor.services import open_workspace, run_demo
        from assessor.services.signing_keys import rotate_own_key
        from assessor.store import identities

        ws = open_workspace(str(Path(d) / "keys.sqlite3"))
        try:
            run_demo(ws, 7)
            rotate_own_key(ws, ws.store.assessment(1).interviewer)
            ids = [i for c in ws.store.candidates() for i in ws.store.assessment_ids(c.candidate.id)]
            real = identities._has_status_table

            def once() -> float:
                start = time.perf_counter()
                for _ in range(rounds):
                    for i in ids:
                        ws.store.assessment(i)
                return (time.perf_counter() - start) * 1000 / (rounds * len(ids))

            ours, floor = [], []
            for _ in range(5):  # interleaved, the best of each: the machine's load hits both alike
                identities._has_status_table = real
                ours.append(once())
                identities._has_status_table = lambda conn: False
                floor.append(once())
            identities._has_status_table = real
        finally:
            ws.close()
            os.environ.pop("ASSESSOR_KEY_DIR", None)
    return [Result("load a signed scorecard, key standing checked", min(ours), min(floor), "ms", max_ratio=1.5)]

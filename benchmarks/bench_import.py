"""Reading an export to import it, in a fresh process each: time and peak
memory of :func:`assessor.services.exchange.check_export` (the import's
first, validating pass: the file read as a stream with ijson, one
candidate at a time) on an export of a demo database.

* **Time** (information): against the standard library's ``json.loads``
  of the same file whole (its C parser, no validation) as the floor.
* **Memory** (target 1.3×): peak RSS (``ru_maxrss``) against the same
  process importing the app and reading the file's bytes through a
  SHA-256 in 64 KiB blocks, holding nothing: the ratio stays flat as the
  file grows (the reader before ijson held the file's bytes and text).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from assessor.services import open_workspace, run_demo
from assessor.services.exchange import export_json

from .result import Result

_CODE = """
import hashlib, json, resource, sys, time
from pathlib import Path
from assessor.services.exchange import check_export
what, path = sys.argv[1], Path(sys.argv[2])
t = time.perf_counter()
if what == "ours":
    check_export(path)
elif what == "json":
    json.loads(path.read_bytes())
else:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 16):
            h.update(block)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _measure(what: str, path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one fresh process reading ``path``."""
    out = subprocess.run([sys.executable, "-c", _CODE, what, str(path)], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def run(quick: bool = False) -> list[Result]:
    """Seconds and MiB to read an export of 2,000 (``--quick``) or 20,000 candidates."""
    n = 2_000 if quick else 20_000
    with tempfile.TemporaryDirectory() as d:
        ws = open_workspace(str(Path(d) / "source.sqlite3"))
        run_demo(ws, candidates=n)
        path = export_json(ws, Path(d) / "export.json")
        ws.close()
        size = path.stat().st_size / 2**20
        ours_t, ours_m = _measure("ours", path)
        json_t, _ = _measure("json", path)
        _, bare_m = _measure("bytes", path)
    return [Result(f"import check, {n} candidates ({size:.0f} MiB), time", ours_t, json_t, "s"),
            Result("  its peak memory, vs reading the bytes", ours_m, bare_m, "MB", max_ratio=1.3)]


if __name__ == "__main__":
    for r in run(quick="--quick" in sys.argv):
        print(r.name, f"{r.ours:.2f} {r.unit}", f"{r.floor:.2f} {r.unit}", f"{r.ratio:.2f}x", r.holds)

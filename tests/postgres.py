"""A throwaway PostgreSQL server for the store's tests.

Debian's ``initdb`` and ``pg_ctl`` start a private cluster listening only on
a Unix socket in a temporary folder (no TCP port, so nothing else can reach
it).  PostgreSQL refuses to run as root, so under root (as in CI) the
cluster belongs to the ``postgres`` user the Debian package creates.  Where
PostgreSQL is not installed the tests that need it are skipped with the
reason, except in CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` with initdb, or one on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


@contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[str]:
    """Start a private cluster; yield a SQLAlchemy URL to its database."""
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="assessor-pg-"))
    prefix: list[str] = []
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, log = folder / "data", folder / "log"
    run = lambda *cmd: subprocess.run([*prefix, *map(str, cmd)], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(bindir / "initdb", "-D", data, "-U", "assessor", "--auth=trust", "-E", "UTF8", "--locale=C")
        run(bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-o",
            f"-k {folder} -c listen_addresses='' -c fsync=off -p 5439", "start")
        run(bindir / "createdb", "-h", folder, "-p", "5439", "-U", "assessor", "assessor")
        yield f"postgresql+psycopg://assessor@/assessor?host={folder}&port=5439"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

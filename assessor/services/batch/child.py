"""The child process's side of a batch: its start-up (lower priority,
Ctrl+C left to the parent), its own read-only workspace on the parent's
database, and one report rendered with a failure reason that never holds
the candidate's name.  :func:`_export_one` also renders in the calling
process for a batch run here.
"""

from __future__ import annotations

import logging
import multiprocessing.util
import os
import signal
from contextlib import suppress
from pathlib import Path
from typing import Any

from ...store import Store, StoreError
from .. import export
from ..settings import Preferences
from ..workspace import AssessorError, Workspace
from .results import FAILED, LEFT_OUT, SKIPPED, WRITTEN


log = logging.getLogger(__name__)


CHILD_NICENESS = 10
"""Children run at a lower priority (POSIX ``nice``): on a machine with as
many busy children as cores, the window's thread is still scheduled at
once, and an idle machine gives the children every core all the same."""


def _export_one(ws: Workspace, candidate_id: int, out: Path, template: Path | None,
                options: dict[str, Any]) -> tuple[str, str]:
    """(``WRITTEN``, path), (``LEFT_OUT``, "") when the viewer may see
    nothing of the candidate, or (``FAILED``, a reason without the
    candidate's name)."""
    try:
        path = export.export_report(ws, candidate_id, out, template, **options)
    except export.NothingSubmitted:
        return LEFT_OUT, ""
    except AssessorError as exc:
        return FAILED, _name_free(str(exc), ws, candidate_id, out)
    except Exception as exc:  # noqa: BLE001 - one report's bug must not stop the batch
        log.error("batch export: candidate %d: unexpected %s", candidate_id, type(exc).__name__)
        return FAILED, f"an unexpected error stopped the report ({type(exc).__name__})"
    return WRITTEN, str(path)


def _name_free(message: str, ws: Workspace, candidate_id: int, out: Path) -> str:
    """``message`` with the file's path and name (made from the candidate's
    name) and the candidate's name itself replaced by neutral words."""
    name = ""
    with suppress(Exception):
        name = ws.store.candidate(candidate_id).name.strip()
    for secret, neutral in ((str(out), "the report file"), (out.name, "the report file"), (name, "the candidate")):
        if secret:
            message = message.replace(secret, neutral)
    return message


# -- in the child process ----------------------------------------------------------

_CHILD: dict[str, Any] = {}


def _child_init(url: str, prefs: Preferences, cancel: Any) -> None:
    """Runs once in each child: lower its priority, remember where the
    database is; Ctrl+C is the parent's to handle (it cancels the batch)."""
    with suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(CHILD_NICENESS)
    _CHILD.clear()
    _CHILD.update(url=url, prefs=prefs, cancel=cancel, ws=None)


def _child_workspace() -> Workspace:
    """The child's own workspace on the parent's database, opened on first
    use: no integrity check, no backup, no banks."""
    ws = _CHILD.get("ws")
    if ws is None:
        try:
            store = Store(_CHILD["url"], backup_keep=0, check=False)
        except StoreError as exc:
            raise AssessorError(f"the database could not be opened: {exc}") from exc
        ws = _CHILD["ws"] = Workspace(store=store, kits={}, prefs=_CHILD["prefs"])
        multiprocessing.util.Finalize(None, ws.close, exitpriority=10)
    return ws


def _child_export(candidate_id: int, out: str, template: Path | None, options: dict[str, Any]) -> tuple[str, str]:
    """One report, in a child: (status, path or reason)."""
    if _CHILD["cancel"].is_set():
        return SKIPPED, ""
    try:
        ws = _child_workspace()
    except AssessorError as exc:
        return FAILED, str(exc)
    return _export_one(ws, candidate_id, Path(out), template, options)

"""The window's side of changing banks: the notice a draft interview shows
when its question bank changed underneath it, and the status-bar note about
banks that failed to load.

The notice asks once per draft and bank content: carry on with the version
the interview started with (its snapshot, kept), or with the new one
(:func:`assessor.services.carry_on_with_current_kit` copies the answers of
the items the new version still has).  The answer is remembered, so the
question is not asked again for the same change.
"""

from __future__ import annotations

import hashlib

from PySide6.QtWidgets import QWidget

from ..services import (
    AssessorError, Interview, Workspace, bank_changed, carry_on_with_current_kit, update_preferences,
)
from . import message


def _key(interview: Interview, digest: str) -> str:
    return f"{interview.assessment.id}-{digest}"


def ask_bank_version(parent: QWidget, ws: Workspace, interview: Interview) -> Interview:
    """When the draft ``interview``'s bank changed since it started, ask
    which version to carry on with (once per version: remembered in
    ``Preferences.bank_changes_seen``); returns the interview to show."""
    newer = bank_changed(ws, interview.assessment)
    if newer is None:
        return interview
    digest = hashlib.sha256(newer.model_dump_json().encode()).hexdigest()[:16]
    if _key(interview, digest) in ws.prefs.bank_changes_seen:
        return interview
    old = interview.assessment.kit
    choices = (message.Choice("keep", f"Keep version {old.version}", message.REJECT,
                              name="keepOldBank"),
               message.Choice("move", f"Use version {newer.version}", message.ACCEPT,
                              name="useNewBank"))
    answer = message.ask(parent, "The question bank changed",
                         f"The question bank of {old.title} changed since this interview started "
                         f"(version {old.version} → {newer.version}).", choices, kind="info", default="keep",
                         name="bankChangedNotice",
                         informative="Carry on with the version the interview started with, or move to the new "
                                     "version? Answers to questions the new version still has are kept.")
    seen = [*ws.prefs.bank_changes_seen, _key(interview, digest)][-1000:]
    try:
        update_preferences(ws, ws.prefs.model_copy(update={"bank_changes_seen": seen}))
    except AssessorError:
        pass  # asked again at a later start: not worth an error
    if answer != "move":
        return interview
    try:
        return carry_on_with_current_kit(ws, interview)
    except AssessorError as exc:
        message.warning(parent, "Not changed", str(exc))
        return interview


def failed_banks_message(ws: Workspace) -> str:
    """A one-line note on the banks that failed to load ("" when none)."""
    files = sorted({p.path for p in ws.bank_problems})
    if not files:
        return ""
    return (f"{len(files)} question bank(s) failed to load ({', '.join(files)}); "
            "see Banks ▸ Question banks for their errors.")

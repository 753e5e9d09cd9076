"""Who is looking, for the commands that show ratings: one option and one
rule, so every report, view and export takes the same viewer (and the
source can change in one place when identities replace typed names).

The viewer is ``--as NAME`` when given, else the interviewer's name in
Preferences (the name the window uses); a blank name is a hiring
manager's view: submitted scorecards only
(:func:`assessor.services.panel.shown_to`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services import Workspace

VIEWER_HELP = ("whose view (default: the interviewer set in Preferences; blank: a hiring manager's, submitted "
               "scorecards only); other interviewers' drafts are never shown, and while your own assessment of "
               "a candidate is a draft the others' stay hidden")


def add_viewer_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--as NAME`` (``args.viewer``) to ``parser``."""
    parser.add_argument("--as", dest="viewer", metavar="NAME", help=VIEWER_HELP)


def viewer_of(args: argparse.Namespace, ws: Workspace) -> str:
    """The viewer of a command: ``--as`` when given, else
    ``Preferences.interviewer`` (``""`` when none is set)."""
    given = getattr(args, "viewer", None)
    return given if given is not None else ws.prefs.interviewer

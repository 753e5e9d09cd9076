"""Services: the operations a user performs, as plain functions.

The window (:mod:`assessor.gui`) and the command line (:mod:`assessor.cli`)
call these and nothing below them.  Every failure a user can cause raises
:class:`AssessorError` with a message fit to show.
"""

from .banks import validate_banks
from .demo import run_demo
from .export import export_all, export_report, report_filename
from .interview import Interview, load_assessment, open_interview
from .workspace import AssessorError, Workspace, add_candidate, list_candidates, open_workspace

__all__ = [
    "AssessorError", "Interview", "Workspace", "add_candidate", "export_all", "export_report",
    "list_candidates", "load_assessment", "open_interview", "open_workspace", "report_filename", "run_demo",
    "validate_banks",
]

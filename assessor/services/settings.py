"""Preferences: every setting declared once, in a small typed settings file.

Saved as JSON in the user's config folder (platformdirs
``user_config_path("assessor")/preferences.json``, e.g.
``~/.config/assessor/preferences.json``), written atomically and readable
by its owner only.  A missing or unreadable file gives the defaults; an
invalid value is replaced by its default (the file is the user's, a typo
must not stop the app).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import environment as _environment
from ..files import write_atomic

log = logging.getLogger(__name__)

FILE_NAME = "preferences.json"

#: the optional sections of a report, in print order: key and label
REPORT_SECTIONS = {
    "briefing": "Role briefing",
    "flags": "Resume flags",
    "questions": "Skill-level questions",
    "profile": "Profile checklists (under the bank's profile heading)",
    "use_cases": "Use cases",
    "notes": "All notes grouped by item",
    "scoring_rules": "How the scores are made",
    "amendments": "Amendments and seal",
}

#: the sections a new user's reports leave out until switched on in Preferences (the same as
#: ``assessor.report.branding.OFF_BY_DEFAULT``, a test holds them equal; importing the report
#: package here would load the PDF engine at the window's start)
SECTIONS_OFF_BY_DEFAULT = ("briefing",)


def _ui(tab: str, editor: str, name: str, **more: object) -> dict:
    """The dialog's part of a setting's declaration: its ``tab``
    (``"general"``/``"reports"``, ``""``: not shown), the ``editor`` kind
    (``text``, ``count``, ``folders``, ``file``, ``image``, ``colour``,
    ``choices``), the widget's object ``name`` and options (``placeholder``,
    ``note``, ``special`` for the spin box's 0, ``suffix``, ``choices``)."""
    return {"tab": tab, "editor": editor, "name": name, **more}


class Preferences(BaseModel):
    """Every setting of Assessor, declared once: its name (the attribute),
    type, default, bounds, ``title`` and ``description`` (Pydantic field
    metadata) and, in ``json_schema_extra``, how the Preferences dialog
    edits it (:func:`_ui`); the dialog (:mod:`assessor.gui.preferences`) is
    built from this declaration, in this order.  Settings with an empty
    ``tab`` are kept for the user but not shown (the export folder last
    used, the bank changes already asked about).  The environment's
    overrides are read by :func:`environment`, nowhere else.
    """

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    interviewer: str = Field(
        "", max_length=200, title="Your &name as interviewer",
        description="The user's name as an interviewer, set once and kept; each of a panel's interviewers scores "
                    "in an assessment of their own, found by this name.",
        json_schema_extra=_ui("general", "text", "interviewerName",
                              placeholder="Your name, as reports and the panel show it",
                              tip="Set once and kept: each interviewer of a panel scores in an assessment of their "
                                  "own, found by this name",
                              note="Each interviewer of a panel scores in an assessment of their own, found by this "
                                   "name; the others' ratings stay hidden from you until you submit yours."))
    backups_keep: int = Field(
        10, ge=0, le=1000, title="Automatic &backups to keep",
        description="Rotating backups of the database to keep (0 = none), made at start and after each submitted "
                    "assessment.",
        json_schema_extra=_ui("general", "count", "backupsKeep", special="No automatic backups",
                              tip="Copies of the database made at start and after each submitted assessment, "
                                  "kept in the data folder's 'backups' folder"))
    retention_days: int = Field(
        0, ge=0, le=36_500, title="Anonymize candidates after",
        description="Offer to anonymize candidates with no activity for this many days (0 = never ask).",
        json_schema_extra=_ui("general", "count", "retentionDays", special="Never ask", suffix=" days",
                              tip="At start, offer to anonymize candidates with no activity for this long"))
    bank_folders: list[str] = Field(
        default_factory=list, title="Team question-bank &folders",
        description="A team's question-bank folders (a shared drive, a git checkout), loaded after the built-in and "
                    "the user's own folder and before $ASSESSOR_BANK_PATH; a role id in a later folder overrides "
                    "an earlier one (see assessor.services.banks).",
        json_schema_extra=_ui("general", "folders", "bankFolders",
                              placeholder="One folder a line, e.g. a shared drive or a git checkout",
                              tip="Loaded after the built-in banks and your own; a role in a later folder "
                                  "overrides an earlier one. ASSESSOR_BANK_PATH adds more."))
    report_template: str = Field(
        "", title="Team report &template",
        description="A team's own report template (a .rml.j2 file); empty for the built-in one.  It is not "
                    "trusted code: it renders in Jinja2's sandbox with a time limit (assessor.report.render).",
        json_schema_extra=_ui("reports", "file", "reportTemplate", placeholder="Built-in report",
                              filter="Report templates (*.j2 *.rml);;All files (*)",
                              note="A team template runs in a sandbox: it cannot read files or run code, and it "
                                   "is stopped after 10 seconds."))
    company_name: str = Field(
        "", max_length=200, title="&Company name", description="The company named at the top of each report.",
        json_schema_extra=_ui("reports", "text", "companyName", placeholder="Shown at the top of each report"))
    logo_path: str = Field(
        "", title="&Logo", description="The reports' logo: a PNG or JPEG file.",
        json_schema_extra=_ui("reports", "image", "logoPath", placeholder="No logo"))
    accent_colour: str = Field(
        "#1f4e79", pattern=r"^#[0-9a-fA-F]{6}$", title="&Accent colour",
        description="The colour of the reports' headings and bars (#rrggbb); the reports stay readable in "
                    "greyscale print whatever it is.",
        json_schema_extra=_ui("reports", "colour", "accentColour",
                              tip="The colour of the reports' headings and bars; they stay readable in greyscale "
                                  "print whatever it is"))
    report_sections: list[str] = Field(
        default_factory=lambda: [key for key in REPORT_SECTIONS if key not in SECTIONS_OFF_BY_DEFAULT],
        title="Sections to include",
        description="The optional sections of a report to include (REPORT_SECTIONS; the role briefing is off by "
                    "default, SECTIONS_OFF_BY_DEFAULT: it is generic copy, printed in the appendix when switched on).",
        json_schema_extra=_ui("reports", "choices", "section", choices="REPORT_SECTIONS",
                              note="The summary page (recommendation, scores, the panel's tally) is always "
                                   "included."))
    export_folder: str = Field(
        "", title="Export folder", description="The folder a report was last exported to (offered next time).",
        json_schema_extra=_ui("", "text", "exportFolder"))
    in_progress: dict[str, list[int]] = Field(
        default_factory=dict, max_length=100, title="Interviews in progress",
        description="Per database (a digest of its address, never the address): the candidate and the "
                    "assessment the window showed when it closed, so that the next start returns there.",
        json_schema_extra=_ui("", "text", "inProgress"))
    bank_changes_seen: list[str] = Field(
        default_factory=list, max_length=1000, title="Bank changes asked about",
        description="The interviews whose kit's newer version was already offered (asked once each).",
        json_schema_extra=_ui("", "text", "bankChangesSeen"))


#: the environment's overrides: read in one place, :mod:`assessor.environment`
#: (the lowest layer, so that the window can read its start-up hooks before
#: any service loads), and seen by the services through :func:`environment`
ENV_DB, ENV_BANK_PATH = _environment.ENV_DB, _environment.ENV_BANK_PATH
Environment = _environment.Environment
environment = _environment.environment


def preferences_path() -> Path:
    """``<user config folder>/preferences.json``."""
    return user_config_path("assessor", appauthor=False) / FILE_NAME


def load_preferences(path: Path | None = None) -> Preferences:
    """The saved preferences, or the defaults for a missing or unreadable
    file; each invalid value is replaced by its default (logged by name only)."""
    path = Path(path) if path else preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        log.warning("preferences file unreadable (%s); using the defaults", type(exc).__name__)
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    try:
        return Preferences.model_validate(data)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        log.warning("invalid preferences replaced by defaults: %s", ", ".join(sorted(bad)))
        return Preferences.model_validate({k: v for k, v in data.items() if k not in bad})


def save_preferences(prefs: Preferences, path: Path | None = None) -> Path:
    """Write ``prefs`` atomically (mode 0600); returns the file.

    Raises ``OSError`` when the config folder cannot be written.
    """
    path = Path(path) if path else preferences_path()
    return write_atomic(path, prefs.model_dump_json(indent=2) + "\n", private_parent=True)

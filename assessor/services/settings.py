"""Preferences: a small typed settings file.

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
from pathlib import Path

from platformdirs import user_config_path
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..files import write_atomic

log = logging.getLogger(__name__)

FILE_NAME = "preferences.json"

#: the optional sections of a report, in print order: key and label
REPORT_SECTIONS = {
    "briefing": "Role briefing",
    "flags": "Resume flags",
    "questions": "Skill-level questions",
    "profile": "Developer profile",
    "use_cases": "Use cases",
    "notes": "All notes grouped by item",
    "scoring_rules": "How the scores are made",
    "amendments": "Amendments and seal",
}

#: the sections a new user's reports leave out until switched on in Preferences (the same as
#: ``assessor.report.branding.OFF_BY_DEFAULT``, a test holds them equal; importing the report
#: package here would load the PDF engine at the window's start)
SECTIONS_OFF_BY_DEFAULT = ("briefing",)


class Preferences(BaseModel):
    """What a user can set in Preferences.

    * ``backups_keep``: rotating backups of the database to keep (0 = none),
      made at start and after each submitted assessment.
    * ``retention_days``: offer to anonymize candidates with no activity for
      this many days (0 = never ask).
    * ``report_template``: a team's own report template (a ``.rml.j2``
      file); empty for the built-in one.  It is not trusted code: it renders
      in Jinja2's sandbox with a time limit (see :mod:`assessor.report.render`).
    * ``bank_folders``: a team's question-bank folders (a shared drive, a git
      checkout), loaded after the built-in and the user's own folder and
      before ``$ASSESSOR_BANK_PATH``; a role id in a later folder overrides
      an earlier one (see :mod:`assessor.services.banks`).
    * ``interviewer``: the user's name as an interviewer, set once and kept;
      each of a panel's interviewers scores in an assessment of their own.
    * Branding of the reports: ``company_name``, ``logo_path`` (a PNG or
      JPEG file), ``accent_colour`` (``#rrggbb``; the reports stay readable
      in greyscale print whatever it is) and ``report_sections``, the
      optional sections to include (:data:`REPORT_SECTIONS`; the role
      briefing is off by default, :data:`SECTIONS_OFF_BY_DEFAULT`: it is
      generic copy, printed in the appendix when switched on).
    """

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    backups_keep: int = Field(10, ge=0, le=1000)
    retention_days: int = Field(0, ge=0, le=36_500)
    report_template: str = ""
    bank_folders: list[str] = Field(default_factory=list)
    interviewer: str = Field("", max_length=200)
    company_name: str = Field("", max_length=200)
    logo_path: str = ""
    accent_colour: str = Field("#1f4e79", pattern=r"^#[0-9a-fA-F]{6}$")
    report_sections: list[str] = Field(
        default_factory=lambda: [key for key in REPORT_SECTIONS if key not in SECTIONS_OFF_BY_DEFAULT])


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

"""Assessments out and in: JSON for another Assessor or an applicant-tracking
system, CSV for a spreadsheet.

One module per reason to change:

* :mod:`.format`: the JSON file's shape (its name, version, field types and
  limits, as the strict schema a file is read with); the file is described
  there.
* :mod:`.writer`: :func:`export_json`, streamed from the store.
* :mod:`.scan`: the streaming reader of the JSON text (one candidate at a
  time).
* :mod:`.rules`: the checks beyond types and the problems a refused file
  names by JSON path.
* :mod:`.reader`: :func:`import_json` and :func:`check_export`.
* :mod:`.csv_file`: :func:`export_csv`, one row per response.
"""

from __future__ import annotations

from .csv_file import CSV_COLUMNS, export_csv
from .format import FORMAT, VERSION
from .reader import ImportReport, check_export, import_json
from .writer import candidate_json, export_json


__all__ = ["CSV_COLUMNS", "FORMAT", "ImportReport", "VERSION", "candidate_json", "check_export", "export_csv",
           "export_json", "import_json"]

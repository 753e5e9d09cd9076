"""The PDF reports that hiring managers read.

Jinja2 renders the RML templates in ``reports/`` from the domain's objects;
z3c.rml and ReportLab turn them into PDF (see ``docs/report.md``).  This
package uses only :mod:`assessor.domain` of our code: no Qt, no SQL.

Public API:

* :func:`render_report` ``(assessment, template_source=None, *, branding=None, blind=False) -> bytes``
* :func:`write_report` ``(assessment, path, ...) -> Path`` (atomic)
* :func:`render_panel_report` ``(debrief, *, branding=None, blind=False) -> bytes``
* :func:`render_comparison` ``(comparison, *, sort="overall", branding=None, role_title="") -> bytes``
* :func:`comparison_csv` ``(comparison, sort="overall") -> bytes``
* :func:`write_bytes` ``(path, data) -> Path`` (atomic, owner-only)
* :class:`Branding` (company name, logo, accent colour, sections)
* :class:`ReportError`
"""

from .branding import SECTIONS, Branding
from .comparison import comparison_csv
from .render import (
    ReportError, render_comparison, render_panel_report, render_report, write_bytes, write_report,
)

__all__ = [
    "SECTIONS", "Branding", "ReportError", "comparison_csv", "render_comparison", "render_panel_report",
    "render_report", "write_bytes", "write_report",
]

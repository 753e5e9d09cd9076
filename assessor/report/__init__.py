"""The PDF candidate report that hiring managers read.

Jinja2 renders the RML template ``reports/candidate_report.rml.j2`` from an
:class:`~assessor.domain.Assessment`; z3c.rml and ReportLab turn it into a
PDF (see ``docs/report.md``).  This package uses only :mod:`assessor.domain`
of our code: no Qt, no SQL.

Public API:

* :func:`render_report` ``(assessment) -> bytes``
* :func:`write_report` ``(assessment, path) -> Path`` (atomic)
* :class:`ReportError`
"""

from .render import ReportError, render_report, write_report

__all__ = ["ReportError", "render_report", "write_report"]

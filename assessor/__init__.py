"""Assessor: structured technical interviews, from question bank to PDF report."""

__version__ = "0.1.0"

"""Tiny resumes for the tests: a PDF made with ReportLab, one page per text."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path


def pdf_bytes(*pages: str) -> bytes:
    """A PDF with one page per string, each page showing its string."""
    from reportlab.pdfgen import canvas

    out = BytesIO()
    c = canvas.Canvas(out, pageCompression=0)
    for text in pages:
        c.drawString(72, 720, text)
        c.showPage()
    c.save()
    return out.getvalue()


def write_pdf(path: Path, *pages: str) -> Path:
    """Write :func:`pdf_bytes` to ``path``; returns ``path``."""
    path.write_bytes(pdf_bytes(*pages))
    return path

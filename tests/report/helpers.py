"""Helpers for reading back the PDFs the report tests render."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pages_text(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [p.extract_text() or "" for p in reader(pdf).pages]


def text(pdf: bytes, nfkc: bool = False) -> str:
    """All the text; ``nfkc`` folds compatibility forms, so shaped Arabic
    (presentation forms) reads back as plain Arabic letters."""
    joined = "\n".join(pages_text(pdf))
    return unicodedata.normalize("NFKC", joined) if nfkc else joined


def flat(pdf: bytes) -> str:
    """All text with whitespace removed: immune to where lines wrap."""
    return "".join(text(pdf).split())


def outline_titles(pdf: bytes) -> list[tuple[int, str]]:
    """(level, title) of every outline entry, in order."""
    found: list[tuple[int, str]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))

    walk(reader(pdf).outline, 0)
    return found

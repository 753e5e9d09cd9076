"""A candidate's resume: what it is, and the rules a file must meet.

A resume is a PDF or a plain UTF-8 text (``.txt`` or Markdown ``.md``),
at most :data:`MAX_RESUME_BYTES`.  Its type is decided by its content,
never by its name: a PDF starts with the magic ``%PDF-`` (ISO 32000-1,
7.5.2 "File header"); anything else must decode as UTF-8 and hold no NUL
byte.  The resume is personal data: see ``docs/resume.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

#: the largest resume accepted, in bytes (10 MiB); checked before a file is read
MAX_RESUME_BYTES = 10 * 1024 * 1024
#: the longest file name kept (the column's size)
MAX_NAME_CHARS = 255
PDF = "application/pdf"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
MEDIA_TYPES = (PDF, TEXT, MARKDOWN)
PDF_MAGIC = b"%PDF-"


class ResumeRejected(ValueError):
    """A file that cannot be a resume; the message says why, fit to show."""


def size_text(n: int) -> str:
    """``n`` bytes for a person: "812 bytes", "34 KB", "10 MB", "12.3 MB"
    (binary units, one decimal when needed)."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"


def check_size(size: int) -> None:
    """Raise :class:`ResumeRejected` when ``size`` (bytes) is 0 or above
    :data:`MAX_RESUME_BYTES`."""
    if size <= 0:
        raise ResumeRejected("the resume file is empty")
    if size > MAX_RESUME_BYTES:
        raise ResumeRejected(f"the resume is too big ({size_text(size)}; the limit is {size_text(MAX_RESUME_BYTES)})")


def media_type_of(file_name: str, data: bytes) -> str:
    """The media type of a resume's bytes: :data:`PDF` when ``data`` starts
    with ``%PDF-``; else :data:`MARKDOWN` (name ending ``.md``) or
    :data:`TEXT` when it decodes as UTF-8 with no NUL byte.  Raises
    :class:`ResumeRejected` otherwise."""
    check_size(len(data))
    if data.startswith(PDF_MAGIC):
        return PDF
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResumeRejected("the resume is neither a PDF nor UTF-8 text (.txt or .md)") from None
    if "\x00" in text:
        raise ResumeRejected("the resume is neither a PDF nor UTF-8 text (.txt or .md)")
    return MARKDOWN if file_name.lower().endswith((".md", ".markdown")) else TEXT


def clean_name(file_name: str) -> str:
    """The file name kept with a resume: its last path part, without
    control characters, at most :data:`MAX_NAME_CHARS` characters."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "resume")[-MAX_NAME_CHARS:]


@dataclass(frozen=True)
class Resume:
    """A candidate's resume: ``file_name`` (as given, path dropped),
    ``media_type`` (one of :data:`MEDIA_TYPES`), ``data`` (the file's
    bytes), ``added_at`` (naive UTC).  ``size`` and ``sha256`` follow
    from ``data``.  ``repr`` never shows the name or the bytes (never in logs)."""

    file_name: str = field(repr=False)
    media_type: str
    data: bytes = field(repr=False)
    added_at: datetime

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return len(self.data)

    @property
    def sha256(self) -> str:
        """The SHA-256 of the bytes, hex."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_pdf(self) -> bool:
        """True for a PDF resume (else it is text)."""
        return self.media_type == PDF

    def text(self) -> str:
        """The text of a text resume (``""`` for a PDF)."""
        return "" if self.is_pdf else self.data.decode("utf-8-sig")

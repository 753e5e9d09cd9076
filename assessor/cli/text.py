"""What the command line prints of user text: control characters shown
escaped, as ``ls -b`` and git's quoted paths do, so a name or a note can
never drive the terminal.

A candidate's name, a note, a role id or an interviewer's name is typed by
someone else (or read from a crafted file): printed raw, ``ESC ] 52``
(OSC 52) writes the reader's clipboard, ``ESC [ 2 J`` clears the screen and
U+202E (RIGHT-TO-LEFT OVERRIDE) reverses the rest of the line.  Every line
the command line prints goes through :func:`say`, which applies
:func:`escape`:

* C0 controls U+0000–U+001F and DEL U+007F: ``\\t``, ``\\n``, ``\\r`` or
  ``\\xNN`` (ESC is ``\\x1b``);
* C1 controls U+0080–U+009F (a single-byte CSI is U+009B): ``\\xNN``;
* bidirectional controls (embeddings, overrides and isolates U+202A–U+202E,
  U+2066–U+2069, and the marks U+200E, U+200F, U+061C): ``\\uNNNN``;
* the backslash itself: ``\\\\``, but only in a line that has something
  else to escape (as git quotes a path only when it must): a Windows path
  prints as it is, and an escape shown is never text typed.

Everything else (letters of any script, emoji) is printed as it is.
"""

from __future__ import annotations

import sys
from typing import TextIO

_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))

#: the translation table of :func:`escape` (code point to its escaped form)
ESCAPES: dict[int, str] = {
    **{c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))},
    **{c: f"\\u{c:04x}" for c in _BIDI},
    **_NAMED,
}
_WITH_BACKSLASH = {**ESCAPES, 0x5C: "\\\\"}


def escape(text: object) -> str:
    """``text`` (``str()`` of it) with every control character escaped
    (see the module docstring): one line, safe to print on a terminal.
    ``escape("a\\x1b]52;c;eA==\\x07")`` is ``'a\\\\x1b]52;c;eA==\\\\x07'``."""
    plain = str(text)
    escaped = plain.translate(ESCAPES)
    return plain if escaped == plain else plain.translate(_WITH_BACKSLASH)


def say(*lines: object, file: TextIO | None = None) -> None:
    """Print each of ``lines`` as one line, escaped (:func:`escape`), to
    ``file`` (default: standard output)."""
    (file or sys.stdout).write("".join(escape(line) + "\n" for line in lines))

"""The last guard of the ``assessor`` program: an error nobody foresaw ends
in one line on stderr, never a traceback.  Light on purpose (no services):
the window's start (``assessor/__main__.py``) uses it before anything else
of ours is imported."""

from __future__ import annotations

import sys

from ..environment import environment


def unexpected(exc: BaseException) -> int:
    """Print a one-line message naming only the error's kind (its text may
    quote candidate data) and return the exit status, 2; 130 for Ctrl+C.
    With ``ASSESSOR_DEBUG`` set the error is raised again instead, with its
    traceback."""
    if isinstance(exc, KeyboardInterrupt):
        return 130
    if environment().debug:
        raise exc
    print(f"assessor: unexpected error ({exc.__class__.__name__}); "
          "run again with ASSESSOR_DEBUG=1 to see the details", file=sys.stderr)
    return 2

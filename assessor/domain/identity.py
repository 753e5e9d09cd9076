"""Who is acting: identities with a stable id, and display names.

An :class:`Identity` is a person as Assessor knows them: a stable ``id``
(on a SQLite file the operating-system account, ``os:<user>:<uid>``; a
name carried over from before identities, ``name:<normalised name>``,
until its account claims it), the ``account`` acting as them and a display
name.  Ownership is decided by ``id``, never by comparing names.

Display names are normalised once (:func:`display_name`: Unicode NFKC,
invisible format and control characters removed, white space collapsed)
and two names *collide* (:func:`collides`) when they are the same after
``casefold`` or are confusable by Unicode's confusables table (UTS #39;
the ``confusables`` package): Latin ``Ann`` and Cyrillic ``Аnn``.  A new
name that collides with another person's is refused, so a debrief never
shows two columns that read alike.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from confusables import is_confusable

#: Unicode categories removed from display names: format (zero-width
#: spaces and joiners, bidirectional marks) and control characters
_INVISIBLE = ("Cf", "Cc")


@dataclass(frozen=True)
class Identity:
    """A person: stable ``id``, the OS ``account`` acting as them ("" when
    none has claimed the identity yet) and their ``display_name``."""

    id: str
    account: str
    display_name: str


def display_name(text: str) -> str:
    """``text`` as a display name: NFKC, invisible characters (Unicode
    categories Cf and Cc: U+200B, U+202E, …) removed, runs of white space
    made one space, stripped."""
    normal = unicodedata.normalize("NFKC", text or "")
    normal = "".join(c for c in normal if unicodedata.category(c) not in _INVISIBLE)
    return " ".join(normal.split())


def name_key(text: str) -> str:
    """The form two names are equal by: :func:`display_name`, ``casefold``."""
    return display_name(text).casefold()


def collides(name: str, other: str) -> bool:
    """True when ``name`` and ``other`` would read as one person: equal by
    :func:`name_key`, or confusable (UTS #39, the ``confusables`` package)."""
    a, b = name_key(name), name_key(other)
    if not a or not b:
        return False
    return a == b or is_confusable(a, b)

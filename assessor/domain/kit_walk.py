"""The shape of an interview kit and its one walk.

:data:`_LAYOUT` says once where the items of a kit are (which top-level
list, which nested list or single item), with each item's
:class:`ItemKind` and :class:`Section`.  :meth:`InterviewKit.walk
<assessor.domain.kit.InterviewKit.walk>` follows it over the validated
model, :func:`walk_data` over a bank's plain data (for the checker and the
editor, before the data is a kit): the same items, in the same order, with
the same ``loc``.  Every layer that goes over a kit's items uses one of the
two (flow, checker, editor, exchange, report).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

RESERVED_IDS = frozenset({"green-flags", "yellow-flags", "use-cases", "summary"})
"""Step keys of :func:`assessor.domain.flow.plan` that no item may use."""

SCHEMA_VERSION = 4
"""The newest bank-file format this code reads and writes.

1: the first format (no ``schema_version`` key).  2: adds ``schema_version``,
question ``probes`` and ``must_have``, anchors for every scale point
(``anchors.points``) and the ``scoring`` rules.  3: adds ``competencies``
(declared at the top, named by questions and checklist items), a question's
``minutes`` and the ``profile_heading``.  4: adds behavioural (STAR)
questions, probes nested one level, must-haves on checklist items and
competencies (``must_have_below``) and ``scoring.must_have_below``, the
interview plan (``stages``) and the ``recommendations`` definitions.  Every earlier file is a valid
file of the next format, so upgrading only sets the number
(``assessor bank upgrade FILE``).
"""

QUESTIONS_SECTION = "questions"
"""The section id of the skill-level questions in ``scoring.weights`` (each
use case that applies is a section of its own, under its id)."""


class Section(str, Enum):
    """The sections of an interview (and of the window's side panel), in
    interview order; each item of a kit belongs to one."""

    RESUME = "Resume flags"
    QUESTIONS = "Skill-level questions"
    PROFILE = "Developer profile"
    USE_CASES = "Use cases"
    SUMMARY = "Summary"
    TIPS = "Tips"


class ItemKind(str, Enum):
    """What an item of a kit is.  Every kind but a profile area records a
    response under its id; questions and use-case focus questions are rated."""

    GREEN_FLAG = "green_flag"
    YELLOW_FLAG = "yellow_flag"
    QUESTION = "question"
    AREA = "profile_area"
    SKILL = "skill"
    RED_FLAG = "red_flag"
    USE_CASE = "use_case"
    FOCUS = "focus_question"
    TIP = "tip"

    @property
    def rated(self) -> bool:
        """Rated on the kit's scale (a question or a focus question)."""
        return self in (ItemKind.QUESTION, ItemKind.FOCUS)

    @property
    def recorded(self) -> bool:
        """Has a response of its own (every kind but a profile area)."""
        return self is not ItemKind.AREA


Loc = tuple[str | int, ...]
"""A place in a kit's data: keys and 0-based list indexes, e.g.
``("use_cases", 0, "focus")``; the same path pydantic gives its errors."""


@dataclass(frozen=True)
class KitNode:
    """One item met by the walk of a kit (:meth:`InterviewKit.walk`, or
    :func:`walk_data` on a bank's plain data).

    ``item`` is the model object (a :class:`Flag`, :class:`Question`, …) or,
    from :func:`walk_data`, the plain dict; ``parent`` is the profile area or
    use case holding it (``None`` at the top); ``loc`` is where it is in the
    bank data, so a problem of the item can point at its line."""

    kind: ItemKind
    section: Section
    loc: Loc
    item: Any
    parent: Any = None

    @property
    def id(self) -> str | None:
        """The item's id (``None`` in plain data without a text id)."""
        value = self.item.get("id") if isinstance(self.item, dict) else getattr(self.item, "id", None)
        return value if isinstance(value, str) else None

    @property
    def scored_in(self) -> str | None:
        """The id of the scored section a rated item counts in (the key of
        ``scoring.weights``): :data:`QUESTIONS_SECTION` for a skill-level
        question, its use case's id for a focus question; ``None`` for an
        item that is not rated."""
        if self.kind is ItemKind.QUESTION:
            return QUESTIONS_SECTION
        if self.kind is ItemKind.FOCUS:
            value = self.parent.get("id") if isinstance(self.parent, dict) else getattr(self.parent, "id", None)
            return value if isinstance(value, str) else None
        return None

    @property
    def text(self) -> str:
        """The item's words: a question's prompt, a flag's or skill's text,
        an area's or use case's title, a tip's mistake."""
        key = _TEXT_FIELD[self.kind]
        value = self.item.get(key) if isinstance(self.item, dict) else getattr(self.item, key, "")
        return value if isinstance(value, str) else ""


_TEXT_FIELD = {ItemKind.QUESTION: "prompt", ItemKind.FOCUS: "prompt", ItemKind.AREA: "title",
               ItemKind.USE_CASE: "title", ItemKind.TIP: "mistake"}
_TEXT_FIELD.update({k: "text" for k in ItemKind if k not in _TEXT_FIELD})

_LAYOUT: tuple[tuple[str, ItemKind, Section, tuple[tuple[str, ItemKind, bool], ...]], ...] = (
    ("green_flags", ItemKind.GREEN_FLAG, Section.RESUME, ()),
    ("yellow_flags", ItemKind.YELLOW_FLAG, Section.RESUME, ()),
    ("questions", ItemKind.QUESTION, Section.QUESTIONS, ()),
    ("profile", ItemKind.AREA, Section.PROFILE, (("items", ItemKind.SKILL, True),
                                                 ("red_flag", ItemKind.RED_FLAG, False))),
    ("use_cases", ItemKind.USE_CASE, Section.USE_CASES, (("priority_skills", ItemKind.SKILL, True),
                                                         ("focus", ItemKind.FOCUS, False),
                                                         ("red_flag", ItemKind.RED_FLAG, False))),
    ("tips", ItemKind.TIP, Section.TIPS, ()),
)
"""Where the items of a kit are: each top-level list, its kind and section,
and the items nested in each of its entries (a list, or a single item).
The one description of the kit's shape that :func:`_walk` follows."""


LIST_KINDS: dict[str, ItemKind] = {key: kind for key, kind, _section, _nested in _LAYOUT}
"""The kind of the items of each top-level list of a kit (``"questions"``:
:attr:`ItemKind.QUESTION`, …)."""


def _walk(root: Any, get: Callable[[Any, str], Any], is_item: Callable[[Any], bool]) -> Iterator[KitNode]:
    """The items of ``root`` in interview order, as :data:`_LAYOUT` places them."""
    for key, kind, section, nested in _LAYOUT:
        top = get(root, key)
        for index, item in enumerate(top if isinstance(top, list) else ()):
            if not is_item(item):
                continue
            yield KitNode(kind, section, (key, index), item)
            for child_key, child_kind, many in nested:
                value = get(item, child_key)
                if many:
                    for n, child in enumerate(value if isinstance(value, list) else ()):
                        if is_item(child):
                            yield KitNode(child_kind, section, (key, index, child_key, n), child, item)
                elif is_item(value):
                    yield KitNode(child_kind, section, (key, index, child_key), value, item)


def walk_data(data: Any) -> Iterator[KitNode]:
    """The walk of :meth:`InterviewKit.walk` over a bank's plain ``data``
    (dicts and lists, as read from a file or held by an editor, not yet
    validated): ``item`` is each item's dict; entries that are not mappings
    are skipped.  Never raises."""
    if not isinstance(data, dict):
        return iter(())
    return _walk(data, lambda node, key: node.get(key), lambda value: isinstance(value, dict))


"""Structured notes of a behavioural question: Situation, Task, Action,
Result (the STAR method of behavioural interviewing: the candidate tells of
one real situation, the task it set, what they did and what came of it).

The four parts are kept in the response's ``notes`` as one JSON object
(``{"situation": "...", "task": "...", "action": "...", "result": "..."}``,
keys in that order, empty parts left out), so that every path a note takes
(autosave, conflicts, the seal, amendments, exports, erasure) carries them
unchanged.  Notes that are not such an object are plain notes: they read as
the Situation of a behavioural question (nothing typed is ever lost when a
question becomes behavioural) and as themselves elsewhere.
"""

from __future__ import annotations

import json

STAR_PARTS: tuple[tuple[str, str], ...] = (
    ("situation", "Situation"), ("task", "Task"), ("action", "Action"), ("result", "Result"),
)
"""The parts of a behavioural answer in order: (key, label)."""

_KEYS = frozenset(key for key, _ in STAR_PARTS)


def is_star(notes: str) -> bool:
    """True when ``notes`` is a stored STAR object (see the module docstring)."""
    return _parse(notes) is not None


def _parse(notes: str) -> dict[str, str] | None:
    text = notes.strip()
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if (not isinstance(value, dict) or not value.keys() <= _KEYS
            or not all(isinstance(v, str) for v in value.values())):
        return None
    return value


def star_parts(notes: str) -> dict[str, str]:
    """The four parts of ``notes``, keyed ``situation``, ``task``,
    ``action``, ``result`` (every key present, ``""`` when empty).  Plain
    notes become the Situation."""
    found = _parse(notes)
    if found is None:
        found = {"situation": notes} if notes else {}
    return {key: found.get(key, "") for key, _ in STAR_PARTS}


def star_notes(parts: dict[str, str]) -> str:
    """The stored form of ``parts`` (keys of :data:`STAR_PARTS`; others are
    ignored): a JSON object of the non-empty parts in S, T, A, R order, or
    ``""`` when every part is empty, so an untouched answer stays empty."""
    kept = {key: parts[key] for key, _ in STAR_PARTS if parts.get(key)}
    return json.dumps(kept, ensure_ascii=False) if kept else ""


def readable_notes(notes: str) -> str:
    """``notes`` for a reader: a STAR object as one labelled line per
    non-empty part ("Situation: ..."), plain notes unchanged."""
    found = _parse(notes)
    if found is None:
        return notes
    return "\n".join(f"{label}: {found[key]}" for key, label in STAR_PARTS if found.get(key))

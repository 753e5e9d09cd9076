"""The kit's cross-field rules, in one place, checked on plain data with the
place of each finding.

The pydantic models of :mod:`assessor.domain.kit` check types and fields;
the rules here check what spans several fields, and say exactly where the
problem is (``loc``, a path of keys and list indexes into the data), so a
file's problem points at its line and an editor's at its field.  The same
rules guard the model: :class:`~assessor.domain.InterviewKit` runs
:func:`check_rules` on its own data and refuses any error, so a kit built
from a file, a stored snapshot or an exchange file obeys them alike.

errors (the kit is refused)
    an id used twice (at the second use); an id reserved for an interview
    step; scale points that do not run 1..N; anchors of points off the
    scale; a weight for a section that does not exist, or all weights zero;
    a cap off the scale; a file written in a newer format than this code
    reads; a competency declared twice, or named by an item but not
    declared (with the closest declared id).

warnings (style; the bank loads)
    an empty optional section; an id that does not follow the naming
    convention (``green-``, ``yellow-``, ``q-``, ``profile-``, ``uc-``,
    ``red-``, ``tip-``); anchors for some middle points but not all; a
    junior anchor equal to the senior one; a prompt, glossary term or scale
    label used twice; a section weighing 0; a cap that never lowers a score;
    ``must_have`` without a cap; an older ``schema_version``; a declared
    competency that no question or checklist item gives evidence for; a
    ``TODO`` placeholder left by ``assessor bank new``.

The conventions are those of ``docs/question-bank.md``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .kit_walk import QUESTIONS_SECTION, RESERVED_IDS, SCHEMA_VERSION, ItemKind, Loc, walk_data

ERROR = "error"
"""The severity of a finding that refuses the kit."""
WARNING = "warning"
"""The severity of a finding of style: the kit is accepted."""

LineOf = Callable[[Loc], int]

OPTIONAL_SECTIONS = ("briefing", "competencies", "yellow_flags", "profile", "use_cases", "glossary", "tips")
PREFIXES = {ItemKind.GREEN_FLAG: "green-", ItemKind.YELLOW_FLAG: "yellow-", ItemKind.QUESTION: "q-",
            ItemKind.AREA: "profile-", ItemKind.USE_CASE: "uc-", ItemKind.FOCUS: "q-", ItemKind.RED_FLAG: "red-",
            ItemKind.TIP: "tip-"}
"""The naming convention of ids, by kind of item (skills have none)."""


@dataclass(frozen=True)
class Finding:
    """One problem at ``loc`` in the data.  In a file it points at the
    value, or at its key (``at_key``), or at the mapping holding ``loc``
    (``at_parent``, for a missing field).  ``severity`` is ``error`` or
    ``warning``."""

    loc: Loc
    message: str
    severity: str = ERROR
    at_key: bool = False
    at_parent: bool = False


def _items(data: dict, key: str) -> Iterator[tuple[int, dict]]:
    value = data.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def duplicate_ids(data: dict, line_of: LineOf | None = None) -> list[Finding]:
    """Every id used a second time, at that use, and every id reserved for
    an interview step (:data:`~assessor.domain.kit_walk.RESERVED_IDS`), at
    its line.  ``line_of`` (loc → 1-based line), when known, lets the
    message say where the first use is."""
    found = [(node.id, node.loc + ("id",)) for node in walk_data(data) if node.id is not None]
    first: dict[str, Loc] = {}
    out = []
    for item_id, loc in found:
        if item_id in RESERVED_IDS:
            out.append(Finding(loc, f"id '{item_id}' is reserved for an interview step "
                                    f"(reserved: {', '.join(sorted(RESERVED_IDS))})"))
        elif item_id in first:
            where = (f"first at line {line_of(first[item_id])}" if line_of
                     else f"first at {describe_loc(first[item_id])}")
            out.append(Finding(loc, f"id '{item_id}' is used more than once ({where})"))
        else:
            first[item_id] = loc
    return out


def _scale(data: dict) -> tuple[list[Finding], int | None]:
    """Scale-order findings and the scale's top point (None if unknown)."""
    scale = data.get("scale")
    points = scale.get("points") if isinstance(scale, dict) else None
    if not isinstance(points, list):
        return [], None
    values = [p.get("value") if isinstance(p, dict) else None for p in points]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return [], None
    for index, value in enumerate(values, start=1):
        if value != index:
            loc = ("scale", "points", index - 1, "value")
            return [Finding(loc, f"scale points must run 1..{len(values)} in order: "
                                 f"expected value {index} here, got {value}")], None
    out = []
    labels: dict[str, int] = {}
    for index, point in enumerate(points):
        label = point.get("label")
        if isinstance(label, str) and label.strip().lower() in labels:
            out.append(Finding(("scale", "points", index, "label"),
                               f"the label '{label}' is used by point {labels[label.strip().lower()]} too",
                               WARNING))
        elif isinstance(label, str):
            labels[label.strip().lower()] = index + 1
    return out, len(values)


def rated_questions(data: dict) -> Iterator[tuple[Loc, dict]]:
    """Every rated question of a role's plain ``data`` with its place: the
    skill-level questions, then each use case's focus question (items that
    are not mappings are skipped)."""
    for node in walk_data(data):
        if node.kind.rated:
            yield node.loc, node.item


def _anchors(data: dict, top: int | None) -> list[Finding]:
    out: list[Finding] = []
    prompts: dict[str, Loc] = {}
    for loc, q in rated_questions(data):
        prompt = q.get("prompt")
        if isinstance(prompt, str) and prompt.strip():
            if prompt.strip() in prompts:
                first = describe_loc(prompts[prompt.strip()])
                out.append(Finding(loc + ("prompt",), f"the same prompt is asked at {first}", WARNING))
            prompts.setdefault(prompt.strip(), loc)
        anchors = q.get("anchors")
        if not isinstance(anchors, dict):
            continue
        junior, senior = anchors.get("junior"), anchors.get("senior")
        if isinstance(junior, str) and junior.strip() and junior == senior:
            out.append(Finding(loc + ("anchors", "senior"), "the senior anchor is the same as the junior one",
                               WARNING))
        points = anchors.get("points")
        if top is None or not isinstance(points, dict):
            continue
        keys = [k for k in points if isinstance(k, int) and not isinstance(k, bool)]
        for key in keys:
            if not 2 <= key < top:
                between = f"between 2 and {top - 1}" if top > 2 else "none: a 2-point scale has no middle point"
                out.append(Finding(loc + ("anchors", "points", key),
                                   f"anchors.points may only hold the middle points of the scale ({between}); "
                                   f"point 1 is the junior anchor, point {top} the senior one", at_key=True))
        missing = [v for v in range(2, top) if v not in keys]
        if any(2 <= k < top for k in keys) and missing:
            out.append(Finding(loc + ("anchors", "points"),
                               f"anchors describe some middle points but not {', '.join(map(str, missing))}: "
                               f"describe every point between junior and senior, or none", WARNING))
    return out


def _scoring(data: dict, top: int | None) -> list[Finding]:
    scoring = data.get("scoring")
    out: list[Finding] = []
    if not isinstance(scoring, dict):
        scoring = {}
    sections = [QUESTIONS_SECTION] + [str(c.get("id")) for _, c in _items(data, "use_cases")]
    weights = scoring.get("weights")
    if isinstance(weights, dict):
        for key, value in weights.items():
            loc = ("scoring", "weights", key)
            if key not in sections:
                close = difflib.get_close_matches(str(key), sections, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"sections: {', '.join(sections)}"
                out.append(Finding(loc, f"weight for '{key}', which is not a section ({hint})", at_key=True))
            elif _number(value) and value == 0:
                out.append(Finding(loc, f"section '{key}' weighs 0: its ratings never count", WARNING))
        numbers = [weights.get(s, 1) for s in sections]
        if weights and all(_number(v) and v == 0 for v in numbers):
            out.append(Finding(("scoring", "weights"), "every section weighs 0: no rating could count"))
    cap = scoring.get("cap")
    if _number(cap) and top is not None:
        if cap > top:
            out.append(Finding(("scoring", "cap"), f"the cap {cap} is above the scale's top point {top}"))
        elif cap == top:
            out.append(Finding(("scoring", "cap"), f"a cap at the top point ({top}) never lowers a score", WARNING))
    has_cap = cap is not None  # a cap of the wrong type is an error of its own, not a missing cap
    for loc, q in rated_questions(data):
        if q.get("must_have") is True and not has_cap:
            out.append(Finding(loc + ("must_have",), "must_have has no effect without a 'cap' under 'scoring'",
                               WARNING))
    for node in walk_data(data):
        if node.kind is ItemKind.SKILL and node.item.get("must_have") is True and not has_cap:
            out.append(Finding(node.loc + ("must_have",), "must_have has no effect without a 'cap' under 'scoring'",
                               WARNING))
    thresholds = [(("scoring", "must_have_below"), scoring.get("must_have_below"))]
    thresholds += [(("competencies", i, "must_have_below"), c.get("must_have_below"))
                   for i, c in _items(data, "competencies")]
    for loc, below in thresholds:
        if not _number(below):
            continue
        if top is not None and not 1 < below <= top:
            out.append(Finding(loc, f"must_have_below {below:g} is off the scale: a rating below it must be "
                                    f"possible and reaching it too (more than 1, at most {top})"))
        elif not has_cap:
            out.append(Finding(loc, "must_have_below has no effect without a 'cap' under 'scoring'", WARNING))
    return out


EVIDENCE_KINDS = (ItemKind.QUESTION, ItemKind.FOCUS, ItemKind.SKILL)
"""The kinds of item that may name competencies: rated questions and checklist skills."""


def _competencies(data: dict) -> list[Finding]:
    """A competency declared twice (error), an item naming a competency the
    bank does not declare (error, with the closest declared id), and a
    declared competency no item gives evidence for (warning)."""
    declared: dict[str, int] = {}
    out: list[Finding] = []
    for index, comp in _items(data, "competencies"):
        cid = comp.get("id")
        if not isinstance(cid, str):
            continue
        if cid in declared:
            out.append(Finding(("competencies", index, "id"),
                               f"competency '{cid}' is declared twice (first as competency {declared[cid] + 1})"))
        else:
            declared[cid] = index
    used: set[str] = set()
    for node in walk_data(data):
        refs = node.item.get("competencies") if node.kind in EVIDENCE_KINDS else None
        if not isinstance(refs, list):
            continue
        for n, ref in enumerate(refs):
            if not isinstance(ref, str):
                continue
            used.add(ref)
            if ref not in declared:
                close = difflib.get_close_matches(ref, list(declared), n=1, cutoff=0.6)
                hint = (f"did you mean '{close[0]}'?" if close else
                        f"declared: {', '.join(declared)}" if declared else
                        "declare it under 'competencies' at the top of the file")
                out.append(Finding(node.loc + ("competencies", n),
                                   f"competency '{ref}' is not declared ({hint})"))
    for cid, index in declared.items():
        if cid not in used:
            out.append(Finding(("competencies", index, "id"),
                               f"no question or checklist item gives evidence for competency '{cid}'", WARNING))
    return out


def _stages(data: dict) -> list[Finding]:
    """The interview plan: a stage id used twice, a stage naming a section
    the kit does not have or a competency it does not declare (errors,
    with the closest id); a declared competency no stage covers is a
    warning (at the first stage), when the bank declares stages."""
    out: list[Finding] = []
    sections = [QUESTIONS_SECTION] + [str(a.get("id")) for _, a in _items(data, "profile")]
    sections += [str(c.get("id")) for _, c in _items(data, "use_cases")]
    declared = [str(c.get("id")) for _, c in _items(data, "competencies")]
    seen: dict[str, int] = {}
    for index, stage in _items(data, "stages"):
        sid = stage.get("id")
        if isinstance(sid, str):
            if sid in seen:
                out.append(Finding(("stages", index, "id"),
                                   f"stage '{sid}' is declared twice (first as stage {seen[sid] + 1})"))
            seen.setdefault(sid, index)
        for key, known, what in (("sections", sections, "section"), ("competencies", declared, "competency")):
            refs = stage.get(key)
            for n, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in known:
                    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
                    hint = f"did you mean '{close[0]}'?" if close else f"{key}: {', '.join(known) or 'none'}"
                    out.append(Finding(("stages", index, key, n), f"{what} '{ref}' is not in this bank ({hint})"))
    return out


PLACEHOLDER = "TODO"
"""How the texts ``assessor bank new`` writes for the author to replace begin."""


def _leaves(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, loc + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, loc + (index,))
    else:
        yield loc, node


def _placeholders(data: dict) -> list[Finding]:
    """Every text still holding a ``TODO`` placeholder of the scaffold (a
    warning each, so that ``bank validate --strict`` fails on a file that
    is not filled in yet)."""
    return [Finding(loc, "a TODO placeholder left by 'assessor bank new': write the real text", WARNING)
            for loc, value in _leaves(data)
            if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER)]


def _style(data: dict) -> list[Finding]:
    out: list[Finding] = []
    for key in OPTIONAL_SECTIONS:
        if data.get(key) == []:
            out.append(Finding((key,), f"empty section '{key}': add items or remove the key", WARNING, at_key=True))
    for node in walk_data(data):
        prefix = PREFIXES.get(node.kind)
        if prefix:
            _prefix(out, node.loc + ("id",), node.item.get("id"), prefix)
    terms: dict[str, int] = {}
    for index, term in _items(data, "glossary"):
        name = term.get("term")
        if isinstance(name, str) and name.strip().lower() in terms:
            out.append(Finding(("glossary", index, "term"), f"the term '{name}' is explained twice", WARNING))
        elif isinstance(name, str):
            terms[name.strip().lower()] = index
    return out


def _prefix(out: list[Finding], loc: Loc, value: Any, prefix: str) -> None:
    if isinstance(value, str) and value and not value.startswith(prefix):
        out.append(Finding(loc, f"id '{value}' does not follow the convention: start it with '{prefix}'", WARNING))


def schema_version(data: dict) -> list[Finding]:
    """A ``schema_version`` newer than this code reads (error) or older than
    the current one (warning: it loads; saving upgrades it)."""
    value = data.get("schema_version")
    if not _number(value) or isinstance(value, float):
        return []
    if value > SCHEMA_VERSION:
        return [Finding(("schema_version",), f"this file is written in bank format {value}, but this Assessor "
                                             f"reads formats up to {SCHEMA_VERSION}: update Assessor")]
    if 1 <= value < SCHEMA_VERSION:
        return [Finding(("schema_version",), f"bank format {value} is older than the current {SCHEMA_VERSION}; "
                                             f"it loads unchanged; 'assessor bank upgrade FILE' or saving in the editor "
                                             f"upgrades it", WARNING)]
    return []


def check_rules(data: dict, line_of: LineOf | None = None) -> list[Finding]:
    """Every finding of the module's rules on the plain ``data`` of a bank
    (errors and warnings).  Never raises, whatever the data's shape."""
    if not isinstance(data, dict):
        return []
    scale, top = _scale(data)
    return (schema_version(data) + duplicate_ids(data, line_of) + scale + _anchors(data, top)
            + _scoring(data, top) + _competencies(data) + _stages(data) + _style(data) + _placeholders(data))


def describe_loc(loc: Loc) -> str:
    """A readable place such as ``questions › 3 › anchors › senior`` (list
    indexes shown 1-based).  The number under ``anchors › points`` is a
    point of the scale, a key rather than an index, so it is shown as it is."""
    parts = []
    for n, p in enumerate(loc):
        is_point = n >= 2 and tuple(loc[n - 2:n]) == ("anchors", "points")
        parts.append(str(p + 1) if isinstance(p, int) and not is_point else str(p))
    return " › ".join(parts) or "the top level"

"""The report's view model: an :class:`Assessment` as plain data for the template.

Everything the template shows is computed here (labels, counts, dates, bar
fractions, the seal's state, the amendments in words), so the template only
lays it out and a team can restyle it without Python.  Every string goes
through :func:`~assessor.report.rich.clean`, so even ``{{ value }}`` without
the ``rich`` filter is valid XML.

The helpers :func:`seal_context`, :func:`amendments_context` and
:func:`candidate_context` serve the panel report too
(:mod:`assessor.report.panel_context`).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from assessor.domain import (
    STAR_PARTS, Probe, Section, readable_notes, star_parts,
    Amendment, Assessment, Candidate, FlagState, InterviewKit, ItemKind, Question, Recommendation, RedFlag, ScoreSummary,
    blind_assessment, candidate_code, show_fingerprint, departures, describe_rules, indicated_recommendation, score, SealState, seal_state,
)

from .branding import Branding
from .rich import clean, plain

_STATE_LABEL = {FlagState.PRESENT: "Present", FlagState.ABSENT: "Absent", FlagState.UNKNOWN: "Unknown"}
_STATE_MARK = {FlagState.PRESENT: "✓", FlagState.ABSENT: "✗", FlagState.UNKNOWN: "?"}
#: a yellow flag is a concern: present is a warning, absent a relief, never a tick
_CONCERN_LABEL = {FlagState.PRESENT: "Concern seen", FlagState.ABSENT: "Not seen", FlagState.UNKNOWN: "Unknown"}
_CONCERN_MARK = {FlagState.PRESENT: "⚠", FlagState.ABSENT: "–", FlagState.UNKNOWN: "?"}
#: the one wording of a rating, score or bar with nothing rated
NOT_ASSESSED = "Not assessed"
#: strongest and weakest answers on page 1: at most this many each (with the decision, the votes,
#: red flags, caps and takeaways, two each keep page 1 to one page for the demo panels and singles)
BRIEF_ANSWERS = 2
_ASSESSMENT_FIELDS = {"recommendation": "Overall recommendation", "takeaways": "Key takeaways",
                      "departure_reason": "Reason for departing from the computed score"}
_FIELD_LABEL = {"rating": "Rating", "flag_state": "Flag", "checked": "Tick", "notes": "Notes",
                "recommendation": "Recommendation", "takeaways": "Takeaways", "departure_reason": "Reason"}
_TEXT_FIELDS = frozenset({"notes", "takeaways", "departure_reason"})
#: characters of an amended text shown before and after (the whole current text is printed with its item)
AMENDED_TEXT_LIMIT = 1_500
#: the seal's states as printed
SEAL_INTACT, SEAL_BROKEN, SEAL_NONE = "intact", "broken", "not sealed"
SEAL_UNVERIFIABLE = "not verifiable"


#: the document language (``/Lang``, BCP 47) when the kit names none
DEFAULT_LANG = "en"


def document_language(kit: InterviewKit) -> str:
    """The PDF's ``/Lang``: the kit's ``language`` when it has one, else
    :data:`DEFAULT_LANG`."""
    lang = getattr(kit, "language", "") or ""
    return lang.strip() if isinstance(lang, str) and lang.strip() else DEFAULT_LANG


def document_date(*assessments: Assessment) -> datetime | None:
    """The PDF's creation date: the latest submit time of ``assessments``
    (else the latest start), so the same scorecards give the same bytes."""
    submitted = [a.submitted_at for a in assessments if a.submitted_at is not None]
    started = [a.started_at for a in assessments if a.started_at is not None]
    return max(submitted or started, default=None, key=_utc_key)


def _utc_key(value: datetime) -> float:
    return value.timestamp() if value.tzinfo else value.replace(tzinfo=timezone.utc).timestamp()


_DOUBLE_STOP = re.compile(r"([?!…])\.(?=\s|$)|(\.)(?=;)")


def sentence(text: str) -> str:
    """``text`` without a full stop doubled after a question's own mark
    ("…a large app?." -> "…a large app?", "fault.; must-have" ->
    "fault; must-have"): rules and reasons quote prompts and flags inside
    sentences."""
    return _DOUBLE_STOP.sub(lambda m: m.group(1) or "", text)


def cap_state(summaries: list[ScoreSummary], caps: list[str]) -> str:
    """One line on the cap when none lowered the score: the hurdles that
    would cap it (the score is at or below the cap anyway), else that no
    hurdle failed.  Empty when ``caps`` (the reasons a cap applied) is not."""
    if caps:
        return ""
    hurdles = list(dict.fromkeys(h for s in summaries for h in s.hurdles))
    if hurdles:  # the red flags are in their box just above: name only the other hurdles
        others = [h for h in hurdles if not h.startswith("red flag observed")]
        named = others + (["the red flags above"] if len(others) < len(hurdles) else [])
        return sentence("No cap lowered the score: it is already at or below the cap set by " + "; ".join(named) + ".")
    return "No cap applies: no red flag observed and no must-have question rated below the middle of the scale."


def date_text(value: datetime | None, missing: str) -> str:
    """``2024-05-03 15:10 UTC`` (the zone when known), or ``missing``."""
    if value is None:
        return missing
    return f"{value:%Y-%m-%d %H:%M} {value:%Z}".strip()


_date = date_text  # the old name, for team code that imported it


def rating_text(kit: InterviewKit, value: int | None) -> str:
    """``3 — Proficient``; the scale's not-assessed label for ``None``."""
    scale = kit.scale
    if value is None:
        return clean(scale.not_assessed)
    try:
        return f"{value} — {clean(scale.label(value))}"
    except ValueError:
        return f"{value} — (not on the scale 1..{scale.maximum})"


def _rating(assessment: Assessment, value: int | None) -> str:
    return rating_text(assessment.kit, value)


def recommendation_text(rec: Recommendation | None, missing: str = "None yet") -> str:
    """The recommendation's label, or ``missing``."""
    return rec.label if rec else missing


def score_text(value: float | None, scale_max: int, missing: str = NOT_ASSESSED) -> str:
    """``3.50 / 4``, or ``missing``."""
    return f"{value:.2f} / {scale_max}" if value is not None else missing


def anchors_context(kit: InterviewKit, q: Question, rating: int | None = None) -> list[dict[str, Any]]:
    """The anchors of ``q`` from the lowest point of the kit's scale to the
    highest, each named by its point: ``value``, ``label`` (the scale's
    label, "Novice" rather than "Junior answer"), ``name`` ("1 Novice"),
    ``text`` and ``matched`` (True for the point of ``rating``).  A middle
    point the bank does not describe is left out."""
    scale = kit.scale
    out = []
    for p in scale.points:
        text = q.anchors.for_point(p.value, scale.maximum)
        if text:
            out.append({"value": p.value, "label": clean(p.label), "name": f"{p.value} {clean(p.label)}",
                        "text": clean(text), "matched": rating == p.value})
    return out


def matched_anchor(kit: InterviewKit, q: Question, rating: int | None) -> dict[str, str] | None:
    """The anchor of ``q`` at ``rating`` (``name`` "4 Advanced", ``text``),
    or ``None`` when unrated; ``text`` is empty when the bank describes no
    anchor at that point."""
    if rating is None:
        return None
    try:
        label = clean(kit.scale.label(rating))
    except ValueError:
        return None
    return {"name": f"{rating} {label}", "text": clean(q.anchors.for_point(rating, kit.scale.maximum))}


def _probe_text(probe: str | Probe) -> str:
    """A probe as one line of the report: a nested one with its follow-ups
    after it ("What first? (then: Why? ; Who else?)")."""
    if isinstance(probe, Probe):
        return f"{probe.prompt} (then: {' ; '.join(probe.probes)})"
    return probe


def _question(assessment: Assessment, q: Question, label: str) -> dict[str, Any]:
    r = assessment.response(q.id)
    scale = assessment.kit.scale
    anchors = anchors_context(assessment.kit, q, r.rating)
    middle = [a for a in anchors if a["value"] not in (1, scale.maximum)]
    return {
        "id": q.id, "label": label, "prompt": clean(q.prompt), "outline": plain(q.prompt, 90),
        "topic": clean(q.topic), "rated": r.rating is not None, "rating": _rating(assessment, r.rating),
        "value": r.rating, "junior": clean(q.anchors.junior), "senior": clean(q.anchors.senior),
        "low_label": f"1 {clean(scale.points[0].label)}",
        "high_label": f"{scale.maximum} {clean(scale.points[-1].label)}",
        "anchors": anchors, "matched": matched_anchor(assessment.kit, q, r.rating),
        "notes": "" if q.behavioural else clean(readable_notes(r.notes)),
        "behavioural": q.behavioural,
        "star": [{"label": label, "text": clean(star_parts(r.notes)[key])} for key, label in STAR_PARTS]
        if q.behavioural else [],
        "middle": middle, "probes": [clean(_probe_text(p)) for p in q.probes], "must_have": q.must_have,
        "minutes": q.minutes,
    }


def ranked_answers(rated: list[tuple[float, dict[str, Any]]], limit: int = BRIEF_ANSWERS
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(strongest, weakest) of ``rated`` ((rating, answer) pairs in the
    kit's order): the highest ratings first, the lowest first, at most
    ``limit`` each and never the same answer in both (with five rated
    answers: three strongest, two weakest); ties keep the kit's order."""
    strong_n = min(limit, (len(rated) + 1) // 2)
    weak_n = min(limit, len(rated) - strong_n)
    by_high = sorted(range(len(rated)), key=lambda i: (-rated[i][0], i))
    strongest = by_high[:strong_n]
    by_low = [i for i in sorted(range(len(rated)), key=lambda i: (rated[i][0], i)) if i not in strongest]
    return [rated[i][1] for i in strongest], [rated[i][1] for i in by_low[:weak_n]]


def _brief_answers(assessment: Assessment, questions: list[dict[str, Any]]
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rated = [(float(q["value"]), {"label": q["label"], "prompt": plain(q["prompt"], 140), "rating": q["rating"],
                                  "anchor": q["matched"]})
             for q in questions if q["value"] is not None]
    return ranked_answers(rated)


def _red_flag(assessment: Assessment, flag: RedFlag | None) -> dict[str, Any] | None:
    if flag is None:
        return None
    r = assessment.response(flag.id)
    return {"text": clean(flag.text), "observed": bool(r.checked), "notes": clean(r.notes)}


def _checklist(assessment: Assessment, items: list) -> tuple[list[dict[str, Any]], str]:
    rows = [{"text": clean(i.text + (" (must-have)" if i.must_have else "")),
             "done": bool(assessment.response(i.id).checked)} for i in items]
    return rows, f"{sum(r['done'] for r in rows)} of {len(rows)} demonstrated"


def bar_fraction(mean: float, scale_max: int) -> float:
    """How far along a bar ``mean`` reaches (0..1) on a 1..``scale_max``
    scale: the bar starts at the lowest point, 1, not at 0."""
    return max(0.0, min(1.0, (mean - 1) / (scale_max - 1))) if scale_max > 1 else 0.0


def bar_ticks(scale_max: int, width: float) -> list[str]:
    """The x positions (points, as text) of the scale's inner points 2..N-1
    on a bar ``width`` points long that starts at point 1."""
    return [f"{(i - 1) / (scale_max - 1) * width:.2f}" for i in range(2, scale_max)] if scale_max > 1 else []


def duration_text(seconds: int) -> str:
    """Whole ``seconds`` as "1 h 05 min", "12 min 30 s" or "45 s"."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def section_times(assessment: Assessment) -> list[dict[str, str]]:
    """The time spent in each section, in interview order, as ``{"title",
    "time"}`` with the total last; empty when nothing was measured (an
    assessment made before times were recorded).  Section titles are the
    kit's (:meth:`InterviewKit.section_title`); a key that names no section
    is left out."""
    spent = assessment.section_seconds
    rows = [{"title": clean(assessment.kit.section_title(s)), "time": duration_text(spent[s.name])}
            for s in Section if spent.get(s.name)]
    if not rows:
        return []
    return rows + [{"title": "Total", "time": duration_text(sum(spent.get(s.name, 0) for s in Section))}]


def recommendation_words(kit: InterviewKit) -> list[dict[str, str]]:
    """The bank's definitions of the recommendations, Strong No first, as
    ``{"label", "text"}`` (only those the bank defines; empty: none)."""
    return [{"label": r.label, "text": clean(kit.recommendations.definition(r.value))}
            for r in Recommendation if kit.recommendations.definition(r.value)]


def _bar(title: str, mean: float | None, rated: int, total: int, demonstrated: int, checklist: int,
         scale_max: int) -> dict[str, Any]:
    """One bar of a score table: a section's or a competency's mean on the
    scale, with what is behind it."""
    detail = []
    if total:
        detail.append(f"{rated} of {total} rated")
    if checklist:
        detail.append(f"{demonstrated} of {checklist} demonstrated")
    return {
        "title": plain(title, 120),
        "has_mean": mean is not None,
        "fraction": bar_fraction(mean, scale_max) if mean is not None else 0.0,
        "value": f"{mean:.2f} / {scale_max}" if mean is not None else "",
        "detail": detail or ["Nothing to rate"], "missing": NOT_ASSESSED,
    }


def _bars(summary: ScoreSummary) -> list[dict[str, Any]]:
    return [_bar(s.title, s.mean, s.rated, s.total, s.demonstrated, s.checklist, summary.scale_max)
            for s in summary.sections]


def competency_bars(summary: ScoreSummary) -> list[dict[str, Any]]:
    """The competency profile as bars (the same greyscale bars as the
    sections'); empty when the kit declares no competencies."""
    return [_bar(c.label, c.mean, c.rated, c.total, c.demonstrated, c.checklist, summary.scale_max)
            for c in summary.competencies]


# -- seal, amendments, candidate: shared with the panel report ---------------------------------


def key_standing_text(key) -> str:
    """" Key retired 2026-12-02 21:00 UTC (rotated)." or " Key revoked as of
    … UTC." for a registered key that is no longer active, else ``""``."""
    if key is None:
        return ""
    if key.revoked_at is not None:
        return f" Key revoked as of {key.revoked_at:%Y-%m-%d %H:%M} UTC."
    if key.retired_at is not None:
        return f" Key retired {key.retired_at:%Y-%m-%d %H:%M} UTC (rotated); it signed this before."
    return ""


def seal_context(assessment: Assessment) -> dict[str, Any]:
    """The seal of ``assessment`` (the original, never a blind copy: the
    seal was made over the real text) for a template: ``state`` (intact,
    broken, not sealed, not verifiable), ``line`` (one sentence),
    ``explain`` (what the state means, with the key's fingerprint for a
    keyed seal), ``short`` (first 16 hex digits) and ``full`` (all 64),
    ``amendments`` (count).  Uses :func:`assessor.domain.seal_state`."""
    found = seal_state(assessment)
    ok = found.ok
    n = len(assessment.amendments)
    digest = clean(assessment.seal or "")
    since = f"{n} amendment{'s' if n != 1 else ''} since" if n else "no amendment since"
    old = found in (SealState.OLD_INTACT, SealState.OLD_BROKEN)
    signer = assessment.keys.get(assessment.signing_key or "")
    if assessment.signing_key:
        key = f" Signed (Ed25519) with key {clean(show_fingerprint(assessment.signing_key))}" + (
            f", registered {signer.registered_at:%Y-%m-%d %H:%M} UTC." if signer is not None and signer.registered_at
            else ".")
    else:
        key = (f" Sealed with the older shared key (HMAC-SHA256), key {clean(assessment.seal_key)}."
               if assessment.seal_key else " Sealed before keyed seals: checked by the older, unkeyed rule."
               if old else "")
    key += key_standing_text(signer)
    if found in (SealState.REVOKED, SealState.RETIRED):
        state = SEAL_BROKEN if found is SealState.REVOKED else SEAL_UNVERIFIABLE
        line = ("Signed by a revoked key, after it was revoked; not verifiable" if found is SealState.REVOKED else
                "Signed by a key after its retirement; not verifiable")
        explain = ("The key was no longer valid when this was signed (or amended): it does not count as the "
                   "interviewer's." + key)
    elif found in (SealState.OTHER_KEY, SealState.OLD_LATE, SealState.UNKNOWN_KEY, SealState.NOT_HELD):
        state = SEAL_UNVERIFIABLE
        line = ("Sealed at submission with a key this installation does not hold; not verifiable here"
                if found is SealState.OTHER_KEY else
                "Signed with a key not registered in this database; not verifiable"
                if found is SealState.UNKNOWN_KEY else
                "Signed with a key registered to its interviewer that their own account does not hold; "
                "not verifiable" if found is SealState.NOT_HELD else
                "Sealed without a signature after signed seals began here; not verifiable")
        explain = ("The seal cannot be checked here: nothing shows whether a rating changed after submission."
                   + key)
    elif ok is None:
        state, line = SEAL_NONE, "Not sealed (a draft, or submitted before sealing existed)"
        explain = "Nothing shows whether a rating changed after submission."
    elif ok:
        state = SEAL_INTACT
        line = ("Sealed at submission" + (", before keyed seals" if old else "") + "; intact"
                + (f", {since}" if n else "")
                + (f"; signed by a key revoked later on {signer.revoked_at:%Y-%m-%d}"  # type: ignore[union-attr]
                   if found is SealState.REVOKED_LATER and signer is not None and signer.revoked_at else ""))
        explain = ("No rating, note or recommendation changed after submission"
                   + (", except by the amendments listed." if n else ".") + key)
    elif found in (SealState.UNREGISTERED, SealState.AMENDMENT_BROKEN):
        state = SEAL_BROKEN
        line = ("Signed at submission; BROKEN: " + ("not signed by a key registered to its interviewer"
                if found is SealState.UNREGISTERED else "an amendment is not signed by the interviewer or "
                "not in its chain"))
        explain = "BROKEN: " + line.split("BROKEN: ", 1)[1] + "." + key
    else:
        state = SEAL_BROKEN
        line = ("Sealed at submission" + (", before keyed seals" if old else "")
                + "; BROKEN: a rating or note changed without an amendment")
        explain = ("BROKEN: the assessment as stored no longer matches its seal; something changed after "
                   "submission without an amendment" + ("." if old else " (a rating, a note, the candidate or "
                                                                       "the kit it was scored against).") + key)
    return {"state": state, "ok": ok, "line": line, "explain": explain, "short": digest[:16], "full": digest,
            "amendments": n}


def _item_names(kit: InterviewKit) -> dict[str, str]:
    """Every item id of ``kit`` to a short name for amendment lists."""
    names: dict[str, str] = {}
    number = 0
    for node in kit.walk():
        if node.kind in (ItemKind.GREEN_FLAG, ItemKind.YELLOW_FLAG):
            names[node.item.id] = f"Flag: {node.text}"
        elif node.kind is ItemKind.QUESTION:
            number += 1
            names[node.item.id] = f"Q{number}. {node.text}"
        elif node.kind is ItemKind.USE_CASE:
            names[node.item.id] = f"Use case applies: {node.text}"
        elif node.kind is ItemKind.RED_FLAG:
            names[node.item.id] = f"Red flag: {node.text}"
        elif node.kind in (ItemKind.SKILL, ItemKind.FOCUS):
            names[node.item.id] = f"{node.parent.title}: {node.text}"
    return names


def _value_text(kit: InterviewKit, field: str, value: object) -> str:
    if field == "rating":
        return rating_text(kit, value if isinstance(value, int) and not isinstance(value, bool) else None)
    if field == "recommendation":
        try:
            return Recommendation(value).label if value else "None"
        except ValueError:
            return clean(value)
    if field == "flag_state":
        try:
            return _STATE_LABEL[FlagState(value)] if value else "Not set"
        except ValueError:
            return clean(value)
    if field == "checked":
        return {True: "Ticked", False: "Not ticked"}.get(value, "Not set")  # type: ignore[arg-type]
    if not value:
        return ""
    text = clean(value)
    if len(text) > AMENDED_TEXT_LIMIT:
        rest = len(text) - AMENDED_TEXT_LIMIT
        text = text[:AMENDED_TEXT_LIMIT] + f" […] ({rest:,} more characters; Assessor keeps the full text)"
    return text


def amendments_context(assessment: Assessment) -> list[dict[str, Any]]:
    """Each amendment of ``assessment``, oldest first: ``when``, ``who``,
    ``item`` (the item's name, or the assessment field's), ``field``,
    ``old`` and ``new`` in words (a free text cut at
    :data:`AMENDED_TEXT_LIMIT` characters), ``text`` (True when old and new
    are free text, printed as paragraphs rather than on one line), ``reason``."""
    names = _item_names(assessment.kit)
    out = []
    for m in assessment.amendments:
        item = _ASSESSMENT_FIELDS.get(m.field, m.field) if m.item_id is None else names.get(m.item_id, m.item_id)
        out.append(_amendment(assessment.kit, m, item))
    return out


def _amendment(kit: InterviewKit, m: Amendment, item: str) -> dict[str, Any]:
    is_text = m.field in _TEXT_FIELDS
    return {
        "when": date_text(m.at, "Unknown time"), "who": clean(m.author) or "Unknown", "item": clean(item),
        "field": _FIELD_LABEL.get(m.field, clean(m.field)), "text": is_text,
        "old": _value_text(kit, m.field, m.old) or ("(empty)" if is_text else ""),
        "new": _value_text(kit, m.field, m.new) or ("(empty)" if is_text else ""),
        "reason": clean(m.reason),
    }


def candidate_context(candidate: Candidate, blind: bool) -> dict[str, Any]:
    """The ``candidate`` variable: ``name`` (the code when ``blind``),
    ``email`` (empty when ``blind``), ``code``, ``blind``.  Pass the
    original candidate: the code comes from its stable id."""
    code = candidate_code(candidate)
    if blind:
        return {"name": code, "email": "", "code": code, "blind": True, "line": code}
    return {"name": clean(candidate.name), "email": clean(candidate.email), "code": code, "blind": False,
            "line": plain(candidate.name, 200)}


def brand_context(branding: Branding | None) -> dict[str, Any]:
    """The ``brand`` and ``show`` variables of every template (see
    :class:`~assessor.report.branding.Branding`)."""
    b = branding or Branding()
    return {"brand": b.template_values(), "show": b.show()}


def _briefing(kit: InterviewKit) -> dict[str, Any] | None:
    if not kit.briefing:
        return None
    return {"intro": clean(kit.description),
            "sections": [{"heading": clean(s.heading), "outline": plain(s.heading, 90), "text": clean(s.text),
                          "bullets": [clean(b) for b in s.bullets]} for s in kit.briefing]}


def decision_context(assessment: Assessment, summary: ScoreSummary) -> dict[str, Any]:
    """The decision against the rule set in advance: ``indicated`` (the
    recommendation the computed score points to), ``departures`` (why a
    written reason is needed, :func:`assessor.domain.departures`) and
    ``reason`` (the interviewer's written reason)."""
    indicated = indicated_recommendation(summary.overall, summary.scale_max)
    return {
        "indicated": recommendation_text(indicated, "None (nothing rated)"),
        "departures": [clean(d) for d in departures(assessment, summary)],
        "reason": clean(assessment.departure_reason).strip(),
    }


def build_context(assessment: Assessment, branding: Branding | None = None, *, blind: bool = False) -> dict[str, Any]:
    """The template's variables for ``assessment`` (see the template for
    their use), with ``branding`` (default :class:`Branding` ``()``).
    ``blind`` builds them from :func:`assessor.domain.blind_assessment`
    (no name, no email, the candidate as a code; the seal is checked on
    the original first).  Raises only what :func:`assessor.domain.score`
    or a broken assessment object raises."""
    seal = seal_context(assessment)
    candidate = candidate_context(assessment.candidate, blind)
    if blind:
        assessment = blind_assessment(assessment)
    kit = assessment.kit
    summary = score(assessment)
    resp = assessment.response
    name, role = candidate["line"], plain(kit.title, 200)
    flag_groups = []
    for title, flags in (("Green flags", kit.green_flags), ("Yellow flags", kit.yellow_flags)):
        rows = []
        concern = title == "Yellow flags"
        for f in flags:
            state = resp(f.id).flag_state or FlagState.UNKNOWN
            rows.append({"text": clean(f.text), "hint": clean(f.hint),
                         "state": (_CONCERN_LABEL if concern else _STATE_LABEL)[state],
                         "mark": (_CONCERN_MARK if concern else _STATE_MARK)[state], "notes": clean(resp(f.id).notes),
                         "concern": concern and state == FlagState.PRESENT})
        if rows:
            flag_groups.append({"title": title, "flags": rows})
    areas = []
    for area in kit.profile:
        items, demonstrated = _checklist(assessment, area.items)
        areas.append({"title": clean(area.title), "outline": plain(area.title, 90), "intro": clean(area.intro),
                      "checks": items, "demonstrated": demonstrated, "red_flag": _red_flag(assessment, area.red_flag)})
    cases = []
    for case in kit.use_cases:
        skills, demonstrated = _checklist(assessment, case.priority_skills)
        cases.append({"title": clean(case.title), "outline": plain(case.title, 90), "applies": bool(resp(case.id).checked),
                      "skills": skills, "demonstrated": demonstrated, "focus": _question(assessment, case.focus, "Focus question:"),
                      "red_flag": _red_flag(assessment, case.red_flag)})
    questions = [_question(assessment, q, f"Q{i}.") for i, q in enumerate(kit.questions, 1)]
    strongest, weakest = _brief_answers(assessment, questions)
    rated = sum(q["value"] is not None for q in questions)
    return {
        "meta": {
            "title": f"{'Blind candidate report' if blind else 'Candidate report'}: {name} — {role}",
            "author": plain(assessment.interviewer, 200),
            "subject": f"Structured interview assessment for {role} (question bank version {plain(kit.version, 40)})",
        },
        "candidate": candidate,
        "blind": blind,
        **brand_context(branding),
        "role": clean(kit.title),
        "interviewer": clean(assessment.interviewer),
        "started": date_text(assessment.started_at, "Not started"),
        "submitted": date_text(assessment.submitted_at, "Not submitted"),
        "status": assessment.status.value.title(),
        "is_draft": not assessment.is_submitted,
        "bank_version": clean(kit.version),
        "recommendation": recommendation_text(assessment.recommendation),
        "overall": score_text(summary.overall, summary.scale_max),
        "capped": sentence(f"Capped from {summary.uncapped:.2f}: " + "; ".join(clean(c) for c in summary.capped_by))
        if summary.capped_by else "",
        "decision": decision_context(assessment, summary),
        "seal": seal,
        "amendments": amendments_context(assessment),
        "rules": [sentence(clean(rule)) for rule in describe_rules(kit)],
        "recommendation_words": recommendation_words(kit),
        "section_times": section_times(assessment),
        "scale_max": summary.scale_max,
        "scale": [{"value": p.value, "label": clean(p.label), "meaning": clean(p.meaning)} for p in kit.scale.points],
        "bars": _bars(summary),
        "competency_bars": competency_bars(summary),
        "bar_tables": [{"title": "Scores by section", "bars": _bars(summary)}]
        + ([{"title": "Scores by competency", "bars": competency_bars(summary)}] if summary.competencies else []),
        "red_flags": [clean(t) for t in summary.red_flags],
        "briefing": _briefing(kit),
        "flag_groups": flag_groups,
        "questions": questions,
        "strongest": strongest,
        "weakest": weakest,
        "caps": [sentence(clean(c)) for c in summary.capped_by],
        "cap_state": cap_state([summary], summary.capped_by),
        "votes": [{"who": clean(assessment.interviewer) or "Interviewer",
                   "recommendation": recommendation_text(assessment.recommendation),
                   "score": score_text(summary.overall, summary.scale_max),
                   # the reasons stand beside the overall score and under "Caps applied"
                   "capped": f"capped from {summary.uncapped:.2f}" if summary.cap_note else "",
                   "draft": not assessment.is_submitted}],
        "draft_line": (f"DRAFT: not submitted. {rated} of {len(questions)} questions rated; the score and the "
                       "recommendation may still change.") if not assessment.is_submitted else "",
        "bar_ticks": bar_ticks(summary.scale_max, 170.08),
        "not_assessed": clean(kit.scale.not_assessed),
        "areas": areas,
        "profile_heading": clean(kit.profile_heading),
        "profile_outline": plain(kit.profile_heading, 90),
        "use_cases": cases,
        "any_use_case_applies": any(c["applies"] for c in cases),
        "takeaways": clean(assessment.takeaways),
    }

"""The consolidated panel report's view model: a :class:`~assessor.domain.Debrief`
as plain data for ``reports/panel_report.rml.j2``.

Everything is computed here (the tally, the chart's bars, the alpha and how
to read it, the side-by-side rows with their spread and flag, the notes by
item), so the template only lays it out.  Every string is cleaned
(:func:`~assessor.report.rich.clean`); the template still puts user text
through ``| rich``.

The agreement figure is Krippendorff's interval alpha, computed by
:func:`assessor.domain.debrief`; how it is read (``>= 0.800`` reliable,
``>= 0.667`` tentative, below that low) follows its source: Klaus
Krippendorff, "Computing Krippendorff's Alpha-Reliability", University of
Pennsylvania, 2011.
"""

from __future__ import annotations

from typing import Any

from assessor.domain import (
    readable_notes,
    QUESTIONS_SECTION, Assessment, Debrief, FlagState, ItemKind, Recommendation, blind_assessment, debrief, departures,
    indicated_recommendation,
)

from .branding import Branding
from .context import (
    NOT_ASSESSED, _item_names, amendments_context, anchors_context, bar_fraction, bar_ticks, brand_context,
    cap_state, candidate_context, date_text, matched_anchor, ranked_answers, recommendation_text,
    recommendation_words, score_text,
    seal_context, sentence,
)
from .rich import clean, plain

#: bar fills per interviewer, in panel order: distinct greys (every bar is also labelled)
BAR_GREYS = ("#262626", "#737373", "#a6a6a6", "#4d4d4d", "#8c8c8c", "#bfbfbf")
BAR_WIDTH = 226.77  # 8 cm in points
ALPHA_SOURCE = ("Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. "
                "Annenberg School for Communication, University of Pennsylvania.")
ALPHA_RELIABLE, ALPHA_TENTATIVE = 0.800, 0.667
FRAME_CM = 17.0
_STATE_SHORT = {FlagState.PRESENT: "✓ Present", FlagState.ABSENT: "✗ Absent", FlagState.UNKNOWN: "? Unknown"}
#: a yellow flag is a concern: present is a warning, never a tick
_CONCERN_SHORT = {FlagState.PRESENT: "⚠ Concern", FlagState.ABSENT: "– Not seen", FlagState.UNKNOWN: "? Unknown"}


def alpha_reading(alpha: float | None) -> str:
    """One line on how to read ``alpha`` (Krippendorff 2011: rely on
    ``alpha >= 0.800``, draw tentative conclusions from ``0.667``)."""
    if alpha is None:
        return ("Not computed: it needs two or more interviewers rating the same questions, "
                "with some variation among the ratings.")
    if alpha >= ALPHA_RELIABLE:
        return f"Reliable agreement (at or above {ALPHA_RELIABLE:.3f})."
    if alpha >= ALPHA_TENTATIVE:
        return (f"Tentative agreement (from {ALPHA_TENTATIVE:.3f} to below {ALPHA_RELIABLE:.3f}): "
                "draw conclusions with care.")
    return (f"Low agreement (below {ALPHA_TENTATIVE:.3f}): the interviewers' ratings disagree too much "
            "to rely on the panel's score alone; read the disagreements.")


def _section_titles(assessments: list[Assessment]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for a in assessments:
        titles.setdefault(QUESTIONS_SECTION, "Skill-level questions")
        for case in a.kit.use_cases:
            titles.setdefault(case.id, case.title)
    return titles


def _question_labels(assessments: list[Assessment]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for a in assessments:
        number = 0
        for node in a.kit.walk():
            if node.kind is ItemKind.QUESTION:
                number += 1
                labels.setdefault(node.item.id, f"Q{number}.")
            elif node.kind is ItemKind.FOCUS:
                labels.setdefault(node.item.id, "Focus:")
    return labels


def _chart(d: Debrief) -> list[dict[str, Any]]:
    """The section scores per interviewer, one group of bars per section,
    then the panel's mean of them."""
    titles: dict[str, str] = {}
    for summary in d.scores:
        for s in summary.sections:
            if s.total:
                titles.setdefault(s.id, s.title)
    groups = []
    for sid, means in d.section_means().items():
        given = [m for m in means if m is not None]
        panel = round(sum(given) / len(given), 2) if given else None
        bars = []
        for n, (label, mean) in enumerate(zip(d.labels, means)):
            bars.append(_bar(clean(label), mean, d.scale_max, BAR_GREYS[n % len(BAR_GREYS)], outline=False))
        bars.append(_bar("Panel mean", panel, d.scale_max, "#ffffff", outline=True))
        groups.append({"title": clean(titles.get(sid, sid)), "bars": bars})
    return groups


def _bar(label: str, mean: float | None, scale_max: int, fill: str, outline: bool) -> dict[str, Any]:
    fraction = bar_fraction(mean, scale_max) if mean is not None else 0.0
    return {"label": label, "has_mean": mean is not None,
            "value": f"{mean:.2f}" if mean is not None else NOT_ASSESSED.lower(),
            "width": f"{fraction * BAR_WIDTH:.2f}", "fill": fill, "outline": outline,
            # the number sits at the end of the bar, inside when there is room, else just after it
            "text_x": f"{max(fraction * BAR_WIDTH - 4, 24):.2f}" if fraction * BAR_WIDTH >= 28 else f"{fraction * BAR_WIDTH + 4:.2f}",
            "inside": fraction * BAR_WIDTH >= 28, "light": fill in ("#a6a6a6", "#bfbfbf", "#ffffff")}


def _columns(n: int) -> dict[str, Any]:
    """Column widths (cm) of the side-by-side tables for ``n`` interviewers."""
    spread = 3.2
    each = round(min(2.6, (FRAME_CM - spread - 5.0) / max(n, 1)), 2)
    prompt = round(FRAME_CM - spread - n * each, 2)
    return {"prompt": prompt, "each": each, "spread": spread,
            "widths": " ".join([f"{prompt}cm"] + [f"{each}cm"] * n + [f"{spread}cm"]),
            "flag_widths": " ".join([f"{prompt + spread}cm"] + [f"{each}cm"] * n),
            "head_clip": max(4, int(each * 5.5))}


def _questions_by_id(d: Debrief) -> dict[str, Any]:
    """Every question of the panel's kits (and each use case's focus
    question) by id, the first kit's first."""
    out: dict[str, Any] = {}
    for a in d.assessments:
        for q in [*a.kit.questions, *(case.focus for case in a.kit.use_cases)]:
            out.setdefault(q.id, (a.kit, q))
    return out


def _nearest_point(mean: float | None) -> int | None:
    """The scale point nearest ``mean`` (halves round up: 2.5 -> 3)."""
    return None if mean is None else int(mean + 0.5)


def _rows(d: Debrief, show: dict[str, bool]) -> list[dict[str, Any]]:
    """The rated questions side by side, grouped by section: each with its
    anchors (named by the scale's points, the one nearest the panel's mean
    marked) and each interviewer's notes on it."""
    titles = _section_titles(d.assessments)
    labels = _question_labels(d.assessments)
    questions = _questions_by_id(d)
    groups: dict[str, dict[str, Any]] = {}
    for item in d.items:
        is_question = item.section == QUESTIONS_SECTION
        if (is_question and not show["questions"]) or (not is_question and not show["use_cases"]):
            continue
        if not any(r is not None for r in item.ratings):
            continue
        group = groups.setdefault(item.section, {"title": clean(titles.get(item.section, item.section)), "rows": []})
        if item.spread is None:
            spread = "–"
        elif item.disagreement:
            spread = f"⚠ {item.spread}-point spread"
        else:
            spread = str(item.spread)
        kit, question = questions.get(item.item_id, (None, None))
        nearest = _nearest_point(item.mean)
        group["rows"].append({
            "id": item.item_id, "label": labels.get(item.item_id, ""), "prompt": clean(item.prompt),
            "ratings": ["–" if r is None else str(r) for r in item.ratings],
            "spread": spread, "disagreement": item.disagreement,
            "mean": f"{item.mean:.2f}" if item.mean is not None else "",
            "anchors": anchors_context(kit, question, nearest) if question is not None else [],
            "matched": matched_anchor(kit, question, nearest) if question is not None else None,
            "notes": [{"who": clean(who), "text": clean(text)} for who, text in item.notes],
        })
    out = list(groups.values())
    for group in out:
        group["shaded"] = [i + 1 for i, r in enumerate(group["rows"]) if r["disagreement"]]  # +1: the heading row
    return out


def _flags(d: Debrief) -> list[dict[str, Any]]:
    kit = d.assessments[0].kit
    groups = []
    for title, flags, marks in (("Green flags", kit.green_flags, _STATE_SHORT),
                                ("Yellow flags", kit.yellow_flags, _CONCERN_SHORT)):
        rows = [{"text": clean(f.text),
                 "states": [marks[a.response(f.id).flag_state or FlagState.UNKNOWN] for a in d.assessments]}
                for f in flags]
        if rows:
            groups.append({"title": title, "rows": rows})
    return groups


def _profile(d: Debrief) -> list[dict[str, Any]]:
    kit = d.assessments[0].kit
    rows = []
    for area in kit.profile:
        counts = [f"{sum(bool(a.response(i.id).checked) for i in area.items)} of {len(area.items)}" for a in d.assessments]
        rows.append({"text": clean(area.title), "cells": counts, "red": False})
        if area.red_flag:
            rows.append({"text": "Red flag: " + clean(area.red_flag.text), "red": True,
                         "cells": ["✗ Observed" if a.response(area.red_flag.id).checked else "– Not seen"
                                   for a in d.assessments]})
    for case in kit.use_cases:
        rows.append({"text": "Use case applies: " + clean(case.title), "red": False,
                     "cells": ["✓ Yes" if a.response(case.id).checked else "– No" for a in d.assessments]})
        if case.red_flag:
            rows.append({"text": "Red flag: " + clean(case.red_flag.text), "red": True,
                         "cells": ["✗ Observed" if a.response(case.red_flag.id).checked else "– Not seen"
                                   for a in d.assessments]})
    return rows


def _notes(d: Debrief, skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Every note of the panel, grouped by item in the first kit's order
    (items only a later kit has come after); the
    items of ``skip`` (the rated questions, whose notes stand beside their
    ratings) are left out."""
    names: dict[str, str] = {}
    order: list[str] = []
    for a in d.assessments:
        for item_id, name in _item_names(a.kit).items():
            if item_id not in names:
                names[item_id] = name
                order.append(item_id)
    groups = []
    for item_id in order:
        if item_id in skip:
            continue
        notes = [{"who": clean(label), "text": clean(readable_notes(a.responses[item_id].notes))}
                 for label, a in zip(d.labels, d.assessments)
                 if item_id in a.responses and a.responses[item_id].notes.strip()]
        if notes:
            groups.append({"item": clean(names[item_id]), "outline": plain(names[item_id], 90), "notes": notes})
    return groups  # the key takeaways are on page 1


def _brief_answers(d: Debrief, groups: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The panel's strongest and weakest answers by their mean rating
    (see :func:`~assessor.report.context.ranked_answers`), each with the
    anchor nearest that mean."""
    rated = []
    for g in groups:
        for r in g["rows"]:
            if r["mean"]:
                given = ", ".join(x for x in r["ratings"] if x != "–")
                anchor = r["matched"] and {**r["matched"], "name": r["matched"]["name"] + ", nearest the mean"}
                rated.append((float(r["mean"]), {"label": r["label"], "prompt": plain(r["prompt"], 140),
                                                 "rating": f"mean {r['mean']} ({given})", "anchor": anchor}))
    return ranked_answers(rated)


def _interviewers(d: Debrief, seals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for label, a, summary, seal in zip(d.labels, d.assessments, d.scores, seals):
        indicated = indicated_recommendation(summary.overall, summary.scale_max)
        out.append({
            "label": clean(label), "recommendation": recommendation_text(a.recommendation),
            "score": score_text(summary.overall, summary.scale_max), "capped": sentence(clean(summary.cap_note)),
            "indicated": recommendation_text(indicated, "None (nothing rated)"),
            "submitted": date_text(a.submitted_at, "Not submitted"), "is_draft": not a.is_submitted,
            "bank_version": clean(a.kit.version),
            "departures": [clean(x) for x in departures(a, summary)], "reason": clean(a.departure_reason).strip(),
            "seal": seal, "amendments": amendments_context(a), "red_flags": [clean(t) for t in summary.red_flags],
        })
    return out


def _red_flags(d: Debrief) -> list[dict[str, str]]:
    seen: dict[str, list[str]] = {}
    for label, summary in zip(d.labels, d.scores):
        for text in summary.red_flags:
            seen.setdefault(text, []).append(label)
    return [{"text": clean(text), "who": clean(", ".join(who))} for text, who in seen.items()]


def build_panel_context(d: Debrief, branding: Branding | None = None, *, blind: bool = False) -> dict[str, Any]:
    """The panel template's variables for the debrief ``d`` with
    ``branding``.  ``blind`` rebuilds the debrief from
    :func:`assessor.domain.blind_assessment` copies (no name, no email;
    the candidate as a code); the seals are checked on the originals first.
    Raises ``ValueError`` for an empty debrief (as :func:`assessor.domain.debrief`)."""
    seals = [seal_context(a) for a in d.assessments]
    candidate = candidate_context(d.candidate, blind)
    if blind:
        d = debrief([blind_assessment(a) for a in d.assessments])
    brand = brand_context(branding)
    show = brand["show"]
    kit = d.assessments[0].kit
    role = plain(kit.title, 200)
    tally = [{"label": rec.label, "count": d.tally.get(rec, 0)} for rec in reversed(Recommendation)]
    interviewers = _interviewers(d, seals)
    item_groups = _rows(d, show)
    strongest, weakest = _brief_answers(d, item_groups)
    shown = frozenset(r["id"] for g in item_groups for r in g["rows"])
    pending = sum(not a.is_submitted for a in d.assessments)
    return {
        "meta": {
            "title": f"{'Blind panel report' if blind else 'Panel report'}: {candidate['line']} — {role}",
            "author": plain(", ".join(d.labels), 200),
            "subject": f"Consolidated structured interview assessment for {role} by a panel of {len(d.labels)}",
        },
        "candidate": candidate,
        "blind": blind,
        "profile_heading": clean(kit.profile_heading),
        "profile_outline": plain(kit.profile_heading, 90),
        **brand,
        "role": clean(kit.title),
        "bank_versions": clean(", ".join(dict.fromkeys(a.kit.version for a in d.assessments))),
        "panel_size": len(d.labels),
        "labels": [clean(label) for label in d.labels],
        "is_draft": not d.complete,
        "tally": tally,
        "tally_line": " · ".join(f"{t['label']} {t['count']}" for t in tally if t["count"]) or "No recommendation yet",
        "overall": score_text(d.overall, d.scale_max),
        "capped": sentence(clean(d.result.cap_note)),
        "indicated": recommendation_text(d.indicated, "None (nothing rated)"),
        "alpha": {"value": None if d.alpha is None else f"{d.alpha:.3f}".replace("-", "\u2212"),  # a real minus
                  "reading": alpha_reading(d.alpha),
                  "source": ALPHA_SOURCE},
        "disagreements": len(d.disagreements),
        "scale_max": d.scale_max,
        "scale": [{"value": p.value, "label": clean(p.label)} for p in kit.scale.points],
        "chart": _chart(d),
        "bar_width": f"{BAR_WIDTH:.2f}",
        "ticks": bar_ticks(d.scale_max, BAR_WIDTH),
        "columns": _columns(len(d.labels)),
        "item_groups": item_groups,
        "strongest": strongest,
        "weakest": weakest,
        "caps": [sentence(clean(c)) for c in d.result.capped_by],
        "cap_state": cap_state(list(d.scores), d.result.capped_by),
        "votes": [{"who": i["label"], "recommendation": i["recommendation"], "score": i["score"], "capped": i["capped"],
                   "draft": i["is_draft"]} for i in interviewers],
        "takeaways": [{"who": clean(label), "text": clean(a.takeaways)}
                      for label, a in zip(d.labels, d.assessments) if a.takeaways.strip()],
        "draft_line": (f"DRAFT: {pending} of {len(d.assessments)} scorecards not submitted; the panel's score and "
                       "recommendation may still change.") if pending else "",
        "not_assessed": clean(kit.scale.not_assessed),
        "flag_groups": _flags(d),
        "profile": _profile(d),
        "red_flags": _red_flags(d),
        "interviewers": interviewers,
        "notes": _notes(d, shown),
        "rules": [sentence(clean(r)) for r in _rules(d)],
        "recommendation_words": recommendation_words(d.assessments[0].kit),
        "plan": [clean(line) for line in d.assessments[0].kit.plan_lines()],
    }


def _rules(d: Debrief) -> list[str]:
    from assessor.domain import describe_rules

    rules = describe_rules(d.assessments[0].kit)
    return [*rules, "The panel's overall score is the mean of the interviewers' computed overall scores; a red flag "
                    "observed, or a must-have missed, on any interviewer's scorecard caps it as it caps one scorecard; "
                    "its recommendation is read from the scale cut into four equal bands "
                    "(Strong No, No, Yes, Strong Yes)."]

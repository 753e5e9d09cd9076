"""The report's view model: an :class:`Assessment` as plain data for the template.

Everything the template shows is computed here (labels, counts, dates, bar
fractions), so the template only lays it out and a team can restyle it
without Python.  Every string goes through :func:`~assessor.report.rich.clean`,
so even ``{{ value }}`` without the ``rich`` filter is valid XML.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from assessor.domain import Assessment, FlagState, Question, RedFlag, ScoreSummary, describe_rules, score

from .rich import clean, plain

_STATE_LABEL = {FlagState.PRESENT: "Present", FlagState.ABSENT: "Absent", FlagState.UNKNOWN: "Unknown"}
_STATE_MARK = {FlagState.PRESENT: "✓", FlagState.ABSENT: "✗", FlagState.UNKNOWN: "?"}


def _date(value: datetime | None, missing: str) -> str:
    if value is None:
        return missing
    return f"{value:%Y-%m-%d %H:%M} {value:%Z}".strip()


def _rating(assessment: Assessment, value: int | None) -> str:
    scale = assessment.kit.scale
    if value is None:
        return clean(scale.not_assessed)
    try:
        return f"{value} — {clean(scale.label(value))}"
    except ValueError:
        return f"{value} — (not on the scale 1..{scale.maximum})"


def _question(assessment: Assessment, q: Question, label: str) -> dict[str, Any]:
    r = assessment.response(q.id)
    scale = assessment.kit.scale
    middle = [{"value": p.value, "label": clean(p.label), "text": clean(q.anchors.points[p.value])}
              for p in scale.points if p.value in q.anchors.points]
    return {
        "id": q.id, "label": label, "prompt": clean(q.prompt), "outline": plain(q.prompt, 90),
        "topic": clean(q.topic), "rated": r.rating is not None, "rating": _rating(assessment, r.rating),
        "junior": clean(q.anchors.junior), "senior": clean(q.anchors.senior), "notes": clean(r.notes),
        "middle": middle, "probes": [clean(p) for p in q.probes], "must_have": q.must_have,
    }


def _red_flag(assessment: Assessment, flag: RedFlag | None) -> dict[str, Any] | None:
    if flag is None:
        return None
    r = assessment.response(flag.id)
    return {"text": clean(flag.text), "observed": bool(r.checked), "notes": clean(r.notes)}


def _checklist(assessment: Assessment, items: list) -> tuple[list[dict[str, Any]], str]:
    rows = [{"text": clean(i.text), "done": bool(assessment.response(i.id).checked)} for i in items]
    return rows, f"{sum(r['done'] for r in rows)} of {len(rows)} demonstrated"


def _bars(summary: ScoreSummary) -> list[dict[str, Any]]:
    bars = []
    for s in summary.sections:
        detail = []
        if s.total:
            detail.append(f"{s.rated} of {s.total} rated")
        if s.checklist:
            detail.append(f"{s.demonstrated} of {s.checklist} demonstrated")
        bars.append({
            "title": plain(s.title, 120),
            "has_mean": s.mean is not None,
            "fraction": max(0.0, min(1.0, s.mean / summary.scale_max)) if s.mean is not None else 0.0,
            "value": f"{s.mean:.2f} / {summary.scale_max}" if s.mean is not None else "",
            "detail": detail or ["Nothing to rate"],
        })
    return bars


def build_context(assessment: Assessment) -> dict[str, Any]:
    """The template's variables for ``assessment`` (see the template for
    their use).  Raises only what :func:`assessor.domain.score` or a broken
    assessment object raises."""
    kit = assessment.kit
    summary = score(assessment)
    resp = assessment.response
    name, role = plain(assessment.candidate.name, 200), plain(kit.title, 200)
    flag_groups = []
    for title, flags in (("Green flags", kit.green_flags), ("Yellow flags", kit.yellow_flags)):
        rows = []
        for f in flags:
            state = resp(f.id).flag_state or FlagState.UNKNOWN
            rows.append({"text": clean(f.text), "hint": clean(f.hint), "state": _STATE_LABEL[state],
                         "mark": _STATE_MARK[state], "notes": clean(resp(f.id).notes)})
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
    return {
        "meta": {
            "title": f"Candidate report: {name} — {role}",
            "author": plain(assessment.interviewer, 200),
            "subject": f"Structured interview assessment for {role} (question bank version {plain(kit.version, 40)})",
        },
        "candidate": {"name": clean(assessment.candidate.name), "email": clean(assessment.candidate.email)},
        "role": clean(kit.title),
        "interviewer": clean(assessment.interviewer),
        "started": _date(assessment.started_at, "Not started"),
        "submitted": _date(assessment.submitted_at, "Not submitted"),
        "status": assessment.status.value.title(),
        "is_draft": not assessment.is_submitted,
        "bank_version": clean(kit.version),
        "recommendation": assessment.recommendation.label if assessment.recommendation else "None yet",
        "overall": f"{summary.overall:.2f} / {summary.scale_max}" if summary.overall is not None else "Not rated",
        "capped": (f"Capped from {summary.uncapped:.2f}: " + "; ".join(summary.capped_by)) if summary.capped_by else "",
        "rules": [clean(rule) for rule in describe_rules(kit)],
        "scale_max": summary.scale_max,
        "scale": [{"value": p.value, "label": clean(p.label), "meaning": clean(p.meaning)} for p in kit.scale.points],
        "bars": _bars(summary),
        "red_flags": [clean(t) for t in summary.red_flags],
        "flag_groups": flag_groups,
        "questions": [_question(assessment, q, f"Q{i}.") for i, q in enumerate(kit.questions, 1)],
        "areas": areas,
        "use_cases": cases,
        "any_use_case_applies": any(c["applies"] for c in cases),
        "takeaways": clean(assessment.takeaways),
    }

"""The order of an interview: the steps a kit is walked through.

Sections come in the order of the hiring guide's cheat sheet: resume flags,
skill-level questions, developer profile, use cases, summary.  Use cases are
walked only once the interviewer has ticked which apply to the job, so the
plan depends on the assessment as well as the kit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .assessment import Assessment
from .kit import ChecklistItem, Flag, UseCase
from .scoring import applicable_use_cases


class StepKind(str, Enum):
    """What a step shows, and so which page of the window renders it."""

    FLAGS = "flags"
    QUESTION = "question"
    CHECKLIST = "checklist"
    USE_CASE_SELECT = "use_case_select"
    USE_CASE = "use_case"
    SUMMARY = "summary"


class Section(str, Enum):
    """The sections of the side panel, in interview order."""

    RESUME = "Resume flags"
    QUESTIONS = "Skill-level questions"
    PROFILE = "Developer profile"
    USE_CASES = "Use cases"
    SUMMARY = "Summary"


@dataclass(frozen=True)
class Step:
    """One page of the interview.

    ``key`` is stable across sessions (it is stored as the resume position);
    ``item_ids`` are the response ids the step records, used for progress;
    ``subject`` is the kit object shown (flags list, question, area, case).
    """

    key: str
    kind: StepKind
    section: Section
    title: str
    item_ids: tuple[str, ...]
    subject: object = None


def plan(assessment: Assessment) -> list[Step]:
    """The steps of ``assessment`` in order.  Never empty: ends in a summary."""
    kit = assessment.kit
    steps: list[Step] = []
    for key, title, flags in (
        ("green-flags", "Resume green flags", kit.green_flags),
        ("yellow-flags", "Resume yellow flags", kit.yellow_flags),
    ):
        if flags:
            steps.append(Step(key, StepKind.FLAGS, Section.RESUME, title, _ids(flags), tuple(flags)))
    for q in kit.questions:
        steps.append(Step(q.id, StepKind.QUESTION, Section.QUESTIONS, q.prompt, (q.id,), q))
    for area in kit.profile:
        ids = _ids(area.items) + ((area.red_flag.id,) if area.red_flag else ())
        steps.append(Step(area.id, StepKind.CHECKLIST, Section.PROFILE, area.title, ids, area))
    if kit.use_cases:
        steps.append(
            Step("use-cases", StepKind.USE_CASE_SELECT, Section.USE_CASES, "Which use cases apply to this job?",
                 _ids(kit.use_cases), tuple(kit.use_cases))
        )
        applying = set(applicable_use_cases(assessment))
        for case in kit.use_cases:
            if case.id in applying:
                ids = _ids(case.priority_skills) + (case.focus.id, case.red_flag.id)
                steps.append(Step(case.id, StepKind.USE_CASE, Section.USE_CASES, case.title, ids, case))
    steps.append(Step("summary", StepKind.SUMMARY, Section.SUMMARY, "Summary", ()))
    return steps


def progress(assessment: Assessment, steps: list[Step]) -> dict[Section, tuple[int, int]]:
    """For each section, (items answered, items in all) over ``steps``.

    An item counts as answered once its response holds a rating, a flag
    state other than unknown, or a tick.
    """
    counts: dict[Section, tuple[int, int]] = {}
    for step in steps:
        done, total = counts.get(step.section, (0, 0))
        for item_id in step.item_ids:
            r = assessment.responses.get(item_id)
            answered = r is not None and (
                r.rating is not None or r.checked is not None
                or (r.flag_state is not None and r.flag_state.value != "unknown")
            )
            done, total = done + answered, total + 1
        counts[step.section] = (done, total)
    return counts


def _ids(items: Sequence[Flag | ChecklistItem | UseCase]) -> tuple[str, ...]:
    return tuple(i.id for i in items)

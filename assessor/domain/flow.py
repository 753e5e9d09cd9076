"""The order of an interview: the steps a kit is walked through.

Sections come in the order of the hiring guide's cheat sheet: resume flags,
skill-level questions, developer profile, use cases, summary.  Use cases are
walked only once the interviewer has ticked which apply to the job, so the
plan depends on the assessment as well as the kit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from .assessment import Assessment
from .kit import ItemKind, KitNode, Section
from .scoring import applicable_use_cases

__all__ = ["Section", "Step", "StepKind", "plan", "progress"]


class StepKind(str, Enum):
    """What a step shows, and so which page of the window renders it."""

    FLAGS = "flags"
    QUESTION = "question"
    CHECKLIST = "checklist"
    USE_CASE_SELECT = "use_case_select"
    USE_CASE = "use_case"
    SUMMARY = "summary"


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
    """The steps of ``assessment`` in order.  Never empty: ends in a summary.

    One pass over the kit's walk (:meth:`~assessor.domain.InterviewKit.walk`):
    each flag list is a step, each question, each profile area with its
    skills and red flag, the choice of use cases, then each use case that
    applies with its skills, focus question and red flag."""
    kit = assessment.kit
    applying = set(applicable_use_cases(assessment))
    flags: dict[ItemKind, list[KitNode]] = {ItemKind.GREEN_FLAG: [], ItemKind.YELLOW_FLAG: []}
    steps: list[Step] = []
    held: dict[str, list[str]] = {}  # the ids each area or use case step records
    for node in kit.walk():
        if node.kind in flags:
            flags[node.kind].append(node)
        elif node.kind is ItemKind.QUESTION:
            steps.append(Step(node.item.id, StepKind.QUESTION, Section.QUESTIONS, node.item.prompt,
                              (node.item.id,), node.item))
        elif node.kind is ItemKind.AREA:
            steps.append(Step(node.item.id, StepKind.CHECKLIST, Section.PROFILE, node.item.title, (), node.item))
            held[node.item.id] = []
        elif node.kind is ItemKind.USE_CASE:
            if node.loc[-1] == 0:  # before the first use case: which apply?
                steps.append(Step("use-cases", StepKind.USE_CASE_SELECT, Section.USE_CASES,
                                  "Which use cases apply to this job?", tuple(c.id for c in kit.use_cases),
                                  tuple(kit.use_cases)))
            if node.item.id in applying:
                steps.append(Step(node.item.id, StepKind.USE_CASE, Section.USE_CASES, node.item.title, (),
                                  node.item))
                held[node.item.id] = []
        elif node.parent is not None and node.parent.id in held:
            held[node.parent.id].append(node.item.id)
    steps = [replace(s, item_ids=tuple(held[s.key])) if s.key in held else s for s in steps]
    head = [Step(key, StepKind.FLAGS, Section.RESUME, title, tuple(n.item.id for n in nodes),
                 tuple(n.item for n in nodes))
            for key, title, nodes in (("green-flags", "Resume green flags", flags[ItemKind.GREEN_FLAG]),
                                      ("yellow-flags", "Resume yellow flags", flags[ItemKind.YELLOW_FLAG])) if nodes]
    return head + steps + [Step("summary", StepKind.SUMMARY, Section.SUMMARY, "Summary", ())]


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

"""Scoring rules: how ratings become the numbers on the summary and report.

The rules are deliberately mechanical and shown to the hiring manager
(mechanical combination of ratings predicts better than a holistic
impression: Kuncel, Klieger, Connelly & Ones 2013):

* A section's score is the plain mean of the ratings given in it, on the
  kit's scale (1..N).  "Not assessed" ratings are left out of the mean, and
  the section reports how many of its questions were rated.
* The skill-level section holds the kit's questions; each use case that the
  interviewer marked as applying to the job is a section of its own, scored
  by its interview-focus rating.
* The overall score is the mean of every rating given across those
  sections, so each rated question weighs the same.
* Checklists (profile areas, a use case's priority skills) are counted as
  "n of m demonstrated"; they inform, they are not averaged in.
* Every red flag marked observed is listed; the summary and the report show
  them above the scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from .assessment import Assessment, FlagState


@dataclass(frozen=True)
class SectionScore:
    """The score of one section.

    ``mean`` is on the kit's scale (``None`` when nothing was rated);
    ``rated`` of ``total`` questions carry a rating; ``demonstrated`` of
    ``checklist`` skills were ticked.
    """

    id: str
    title: str
    mean: float | None
    rated: int
    total: int
    demonstrated: int = 0
    checklist: int = 0


@dataclass(frozen=True)
class ScoreSummary:
    """Everything the summary screen and report show about the numbers."""

    sections: list[SectionScore]
    overall: float | None
    scale_max: int
    green_present: list[str]
    yellow_present: list[str]
    red_flags: list[str]


def _mean(values: list[int]) -> float | None:
    return round(fmean(values), 2) if values else None


def applicable_use_cases(assessment: Assessment) -> list[str]:
    """Ids of the use cases the interviewer marked as applying to the job."""
    return [c.id for c in assessment.kit.use_cases if assessment.response(c.id).checked]


def score(assessment: Assessment) -> ScoreSummary:
    """Apply the module's rules to ``assessment``.  Never raises."""
    kit = assessment.kit
    resp = assessment.response
    sections: list[SectionScore] = []
    all_ratings: list[int] = []

    ratings = [r for q in kit.questions if (r := resp(q.id).rating) is not None]
    all_ratings += ratings
    sections.append(
        SectionScore("questions", "Skill-level questions", _mean(ratings), len(ratings), len(kit.questions))
    )
    for area in kit.profile:
        ticked = sum(1 for i in area.items if resp(i.id).checked)
        sections.append(SectionScore(area.id, area.title, None, 0, 0, ticked, len(area.items)))

    applying = set(applicable_use_cases(assessment))
    for case in kit.use_cases:
        if case.id not in applying:
            continue
        rating = resp(case.focus.id).rating
        ratings = [rating] if rating is not None else []
        all_ratings += ratings
        ticked = sum(1 for i in case.priority_skills if resp(i.id).checked)
        sections.append(
            SectionScore(case.id, case.title, _mean(ratings), len(ratings), 1, ticked, len(case.priority_skills))
        )

    red = [a.red_flag.text for a in kit.profile if a.red_flag and resp(a.red_flag.id).checked]
    red += [c.red_flag.text for c in kit.use_cases if c.id in applying and resp(c.red_flag.id).checked]
    return ScoreSummary(
        sections=sections,
        overall=_mean(all_ratings),
        scale_max=kit.scale.maximum,
        green_present=[f.text for f in kit.green_flags if resp(f.id).flag_state is FlagState.PRESENT],
        yellow_present=[f.text for f in kit.yellow_flags if resp(f.id).flag_state is FlagState.PRESENT],
        red_flags=red,
    )

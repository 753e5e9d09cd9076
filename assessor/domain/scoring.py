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
  sections, so each rated question weighs the same.  When the kit sets
  ``scoring.weights``, the overall score is instead the weighted mean of
  the section scores (a section without a weight weighs 1; a section with
  no rating is left out), so a team can say how much each part counts.
* Checklists (profile areas, a use case's priority skills) are counted as
  "n of m demonstrated"; they inform, they are not averaged in.
* Every red flag marked observed is listed; the summary and the report show
  them above the scores.
* When the kit sets ``scoring.cap``, an observed red flag, or a question
  marked ``must_have`` rated below the scale's midpoint ((1 + N) / 2), caps
  the overall score at that value: a strength elsewhere cannot make up for
  it (a non-compensatory, "multiple hurdle" rule: Gatewood, Feild & Barrick,
  *Human Resource Selection*, ch. on combining predictors).  The uncapped
  score and the reasons are kept and shown.
* A competency's score (:func:`competency_profile`) is the plain mean of
  the ratings of the questions (of sections that apply) that name it, on
  the kit's scale, with how many of them were rated; its checklist items
  are counted as "n of m demonstrated".  The profile informs: it does not
  enter the overall score (weights and caps per competency are not rules
  yet).
* :func:`describe_rules` states these rules for one kit in plain sentences;
  the summary page and the report print them, so a hiring manager knows
  how a number was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean

from .assessment import Assessment, FlagState
from .kit import QUESTIONS_SECTION, InterviewKit, UseCase


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
class CompetencyScore:
    """The evidence for one competency of the kit.

    ``mean`` is the mean rating, on the kit's scale, of the questions that
    name the competency (``None`` when none of them was rated); ``rated`` of
    ``total`` such questions carry a rating; ``demonstrated`` of
    ``checklist`` checklist items naming it were ticked.  Only the questions
    and checklists of sections that apply count (skill-level questions and
    profile areas always; a use case's only when it applies).
    """

    id: str
    name: str
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
    uncapped: float | None = None
    """The overall score before the cap (equal to ``overall`` when not capped)."""
    capped_by: list[str] = field(default_factory=list)
    """Why the cap applies: "red flag observed: ...", "must-have rated 1: ..."."""
    must_have_unrated: list[str] = field(default_factory=list)
    """Prompts of must-have questions (of sections that apply) not rated yet."""
    hurdles: list[str] = field(default_factory=list)
    """Every hurdle this scorecard failed when the kit sets ``scoring.cap``
    (same wording as ``capped_by``), whether or not the cap lowered its own
    score; the panel's cap is made from these (:func:`assessor.domain.panel_score`)."""
    competencies: list[CompetencyScore] = field(default_factory=list)
    """The competency profile (:func:`competency_profile`), in the kit's order;
    empty when the kit declares no competencies."""

    @property
    def cap_note(self) -> str:
        """"capped from 4.89: red flag observed: ..." when the cap lowered
        the overall score, else ""."""
        if not self.capped_by or self.uncapped is None:
            return ""
        return f"capped from {self.uncapped:.2f}: " + "; ".join(self.capped_by)


def _mean(values: list[int]) -> float | None:
    return round(fmean(values), 2) if values else None


def applicable_use_cases(assessment: Assessment) -> list[str]:
    """Ids of the use cases the interviewer marked as applying to the job."""
    return [c.id for c in assessment.kit.use_cases if assessment.response(c.id).checked]


def midpoint(kit: InterviewKit) -> float:
    """The middle of the kit's scale, (1 + N) / 2: 2.5 on a 1..4 scale."""
    return (1 + kit.scale.maximum) / 2


def _overall(kit: InterviewKit, sections: list[SectionScore], all_ratings: list[int]) -> float | None:
    weights = kit.scoring.weights
    if not weights:
        return _mean(all_ratings)
    scored = [(weights.get(s.id, 1.0), s.mean) for s in sections if s.mean is not None and s.total]
    total = sum(w for w, _ in scored)
    if not total:
        return None
    return round(sum(w * m for w, m in scored) / total, 2)


def _cap(assessment: Assessment, applying: set[str], red: list[str]) -> tuple[list[str], list[str]]:
    kit = assessment.kit
    reasons = [f"red flag observed: {text}" for text in red]
    unrated: list[str] = []
    asked = list(kit.questions) + [c.focus for c in kit.use_cases if c.id in applying]
    for q in asked:
        if not q.must_have:
            continue
        rating = assessment.response(q.id).rating
        if rating is None:
            unrated.append(q.prompt)
        elif rating < midpoint(kit):
            reasons.append(f"must-have question rated {rating} ({kit.scale.label(rating)}): {q.prompt}")
    return (reasons if kit.scoring.cap is not None else []), unrated


def competency_profile(assessment: Assessment) -> list[CompetencyScore]:
    """The competency profile of ``assessment``: one :class:`CompetencyScore`
    per competency the kit declares, in the kit's order (empty when it
    declares none).  Walks the kit (:meth:`InterviewKit.walk`); the items of
    a use case that does not apply are left out.  Never raises."""
    kit = assessment.kit
    if not kit.competencies:
        return []
    applying = set(applicable_use_cases(assessment))
    ratings: dict[str, list[int]] = {c.id: [] for c in kit.competencies}
    totals = dict.fromkeys(ratings, 0)
    ticked = dict.fromkeys(ratings, 0)
    items = dict.fromkeys(ratings, 0)
    for node in kit.walk():
        refs = getattr(node.item, "competencies", None)
        if not refs:
            continue
        if isinstance(node.parent, UseCase) and node.parent.id not in applying:
            continue
        response = assessment.response(node.item.id)
        for ref in dict.fromkeys(refs):
            if ref not in ratings:
                continue
            if node.kind.rated:
                totals[ref] += 1
                if response.rating is not None:
                    ratings[ref].append(response.rating)
            else:
                items[ref] += 1
                ticked[ref] += bool(response.checked)
    return [CompetencyScore(c.id, c.name, _mean(ratings[c.id]), len(ratings[c.id]), totals[c.id],
                            ticked[c.id], items[c.id]) for c in kit.competencies]


def panel_profile(summaries: list[ScoreSummary]) -> list[CompetencyScore]:
    """A panel's competency profile from its interviewers' ``summaries`` (of
    one kit): each competency's mean is the mean of the interviewers' means
    (those who rated it), as the panel score is the mean of their scores;
    ``rated``, ``total`` and the checklist counts are summed over the
    scorecards.  In the order of the first scorecard that names each (the
    kit's order); empty when the kit declares no competencies."""
    by_id: dict[str, list[CompetencyScore]] = {}
    for summary in summaries:
        for row in summary.competencies:
            by_id.setdefault(row.id, []).append(row)
    out = []
    for rows in by_id.values():
        means = [r.mean for r in rows if r.mean is not None]
        out.append(CompetencyScore(rows[0].id, rows[0].name, round(fmean(means), 2) if means else None,
                                   sum(r.rated for r in rows), sum(r.total for r in rows),
                                   sum(r.demonstrated for r in rows), sum(r.checklist for r in rows)))
    return out


def score(assessment: Assessment) -> ScoreSummary:
    """Apply the module's rules to ``assessment``.  Never raises."""
    kit = assessment.kit
    resp = assessment.response
    sections: list[SectionScore] = []
    all_ratings: list[int] = []

    ratings = [r for q in kit.questions if (r := resp(q.id).rating) is not None]
    all_ratings += ratings
    sections.append(
        SectionScore(QUESTIONS_SECTION, "Skill-level questions", _mean(ratings), len(ratings), len(kit.questions))
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
    uncapped = _overall(kit, sections, all_ratings)
    capped_by, unrated = _cap(assessment, applying, red)
    overall = uncapped
    if capped_by and uncapped is not None and kit.scoring.cap is not None:
        overall = min(uncapped, kit.scoring.cap)
    return ScoreSummary(
        sections=sections,
        overall=overall,
        scale_max=kit.scale.maximum,
        green_present=[f.text for f in kit.green_flags if resp(f.id).flag_state is FlagState.PRESENT],
        yellow_present=[f.text for f in kit.yellow_flags if resp(f.id).flag_state is FlagState.PRESENT],
        red_flags=red,
        uncapped=uncapped,
        capped_by=capped_by if overall != uncapped else [],
        must_have_unrated=unrated,
        hurdles=capped_by,
        competencies=competency_profile(assessment),
    )


def _number(value: float) -> str:
    return f"{value:g}"


def describe_rules(kit: InterviewKit) -> list[str]:
    """The scoring rules of ``kit`` as plain sentences, in the order they
    apply; the summary page and the report print them."""
    top, scale = kit.scale.maximum, kit.scale
    rules = [f"Each question is rated 1 ({scale.label(1)}) to {top} ({scale.label(top)}) against its anchors; "
             f"\"{scale.not_assessed}\" is left out of every score.",
             "A section's score is the mean of the ratings given in it; each use case that applies is a "
             "section scored by its focus question."]
    weights = kit.scoring.weights
    if weights:
        titles = {QUESTIONS_SECTION: "skill-level questions", **{c.id: c.title for c in kit.use_cases}}
        listed = ", ".join(f"{titles[s]} ×{_number(w)}" for s, w in weights.items())
        rules.append(f"The overall score is the weighted mean of the section scores ({listed}; any other "
                     "section ×1); sections with no rating are left out.")
    else:
        rules.append("The overall score is the mean of every rating given, so each rated question counts the same.")
    must = [q.prompt for q in kit.all_questions() if q.must_have]
    if must:
        listed = "; ".join(must)
        rules.append("Must-have questions: " + listed + ("" if listed.endswith(("?", "!", ".")) else "."))
    cap = kit.scoring.cap
    if cap is not None:
        hurdles = "a red flag is observed" + (
            f", or a must-have question is rated below the midpoint ({_number(midpoint(kit))})" if must else "")
        label = f" ({scale.label(int(cap))})" if cap == int(cap) else ""
        rules.append(f"If {hurdles}, the overall score is capped at {_number(cap)}{label}.")
    heading = kit.profile_heading
    heading = heading[:1].lower() + heading[1:] if heading[1:2].islower() else heading
    rules.append(f"Checklists ({heading}, priority skills) are counted, not averaged in.")
    return rules

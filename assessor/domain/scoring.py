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
  score and the reasons are kept and shown.  The bank states each
  must-have's rule: a question is failed when rated below
  ``scoring.must_have_below`` (default: the midpoint), a checklist item
  marked ``must_have`` when it is missing (not ticked; only in sections that
  apply), a competency with ``must_have_below: N`` when its mean rating
  (:func:`competency_profile`) is below N.
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
from .kit import QUESTIONS_SECTION, InterviewKit, ItemKind, UseCase


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
    #: the bank's must-have rule for it: a mean below this caps the score
    must_have_below: float | None = None

    @property
    def label(self) -> str:
        """The name with its must-have rule, as every table shows it:
        "System design (must-have: rated below 3)"."""
        if self.must_have_below is None:
            return self.name
        return f"{self.name} (must-have: rated below {_number(self.must_have_below)})"


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


def must_have_threshold(kit: InterviewKit) -> float:
    """The rating a must-have question must reach: the bank's
    ``scoring.must_have_below``, else the scale's :func:`midpoint`."""
    below = kit.scoring.must_have_below
    return below if below is not None else midpoint(kit)


def _cap(assessment: Assessment, applying: set[str], red: list[str],
         profile: list[CompetencyScore]) -> tuple[list[str], list[str]]:
    kit = assessment.kit
    reasons = [f"red flag observed: {text}" for text in red]
    unrated: list[str] = []
    asked = list(kit.questions) + [c.focus for c in kit.use_cases if c.id in applying]
    threshold = must_have_threshold(kit)
    for q in asked:
        if not q.must_have:
            continue
        rating = assessment.response(q.id).rating
        if rating is None:
            unrated.append(q.prompt)
        elif rating < threshold:
            reasons.append(f"must-have question rated {rating} ({kit.scale.label(rating)}): {q.prompt}")
    items = [i for a in kit.profile for i in a.items]
    items += [i for c in kit.use_cases if c.id in applying for i in c.priority_skills]
    reasons += [f"must-have item missing: {i.text}" for i in items
                if i.must_have and not assessment.response(i.id).checked]
    scores = {c.id: c for c in profile}
    for comp in kit.competencies:
        below, found = comp.must_have_below, scores.get(comp.id)
        if below is None or found is None:
            continue
        if found.mean is None:
            unrated.append(f"competency {comp.name}")
        elif found.mean < below:
            reasons.append(f"must-have competency rated {found.mean:.2f}, below {_number(below)}: {comp.name}")
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
                            ticked[c.id], items[c.id], c.must_have_below) for c in kit.competencies]


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
                                   sum(r.demonstrated for r in rows), sum(r.checklist for r in rows),
                                   rows[0].must_have_below))
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
    profile = competency_profile(assessment)
    capped_by, unrated = _cap(assessment, applying, red, profile)
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
        competencies=profile,
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
    items = [i.text for node in kit.walk() if node.kind is ItemKind.SKILL and (i := node.item).must_have]
    if items:
        listed = "; ".join(items)
        rules.append("Must-have checklist items (missing when not ticked): " + listed
                     + ("" if listed.endswith(("?", "!", ".")) else "."))
    comps = [f"{c.name} (rated below {_number(c.must_have_below)})" for c in kit.competencies
             if c.must_have_below is not None]
    if comps:
        rules.append("Must-have competencies: " + "; ".join(comps) + ".")
    cap = kit.scoring.cap
    if cap is not None:
        threshold = must_have_threshold(kit)
        where = ("the midpoint" if kit.scoring.must_have_below is None else "the bank's threshold")
        hurdles = "a red flag is observed" + (
            f", or a must-have question is rated below {where} ({_number(threshold)})" if must else "") + (
            ", or a must-have checklist item is missing" if items else "") + (
            ", or a must-have competency is rated below its threshold" if comps else "")
        label = f" ({scale.label(int(cap))})" if cap == int(cap) else ""
        rules.append(f"If {hurdles}, the overall score is capped at {_number(cap)}{label}.")
    heading = kit.profile_heading
    heading = heading[:1].lower() + heading[1:] if heading[1:2].islower() else heading
    rules.append(f"Checklists ({heading}, priority skills) are counted, not averaged in.")
    return rules

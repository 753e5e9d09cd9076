"""The interview kit: what an interviewer asks, checks and rates for one role.

A kit is read from one question-bank file (see :mod:`assessor.bank`) and is
frozen once built.  Every item carries a stable ``id`` (lower-case letters,
digits and dashes); the store keeps responses by that id, so the wording of
an item can be corrected later without breaking old assessments.

The interview walks the kit in this order (the order of the first role's
hiring guide, its "Recruiter's Cheat Sheet"): resume flags, skill-level
questions, the developer-profile checklists, the use cases, then the summary.

All models reject unknown fields (``extra="forbid"``) so that a misspelt key
in a bank file is an error, not a silently dropped value.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from .kit_rules import ERROR, check_rules, describe_loc
from .kit_walk import (  # noqa: F401  (re-exported: the kit's shape is part of the model)
    LIST_KINDS, QUESTIONS_SECTION, RESERVED_IDS, SCHEMA_VERSION, ItemKind, KitNode, Loc, Section, _walk, walk_data,
)

ItemId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=64,
        description="Stable id: lower-case letters, digits and dashes.",
    ),
]
Text = Annotated[str, Field(min_length=1)]

FINITE = sys.float_info.max
"""The largest finite number: the bound that tells the JSON Schema what the
models' ``allow_inf_nan=False`` tells the loader (no ``.inf``)."""


class _Frozen(BaseModel):
    """The base of every kit model: unknown fields are errors, values are
    never coerced (text is never a number or a yes/no, ``2.0`` is not a whole
    number) and numbers must be finite (``.inf`` and ``.nan`` are refused).

    Data read from JSON (a stored kit snapshot, an exchange file) must be
    validated with ``model_validate_json``: JSON writes every mapping key as
    text, and only JSON mode reads the key ``"2"`` of ``anchors.points`` as
    the number 2.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class RatingPoint(_Frozen):
    """One point of the rating scale, e.g. ``3 = "Proficient"``."""

    value: int = Field(ge=1, le=9, title="Value", description="The point's place on the scale, 1..N.")
    label: Text = Field(title="Label", description="A short name of the point, e.g. Proficient.")
    meaning: Text = Field(title="Meaning", description="What an answer at this point shows.")


class RatingScale(_Frozen):
    """A behaviourally anchored rating scale (Smith & Kendall 1963).

    ``points`` run 1..N without gaps (a kit rule, checked by
    :mod:`assessor.domain.kit_rules`); ``not_assessed`` labels the answer for
    a question that was not asked or could not be judged (stored as NULL,
    never counted in a score).
    """

    points: list[RatingPoint] = Field(min_length=2)
    not_assessed: Text = "Not assessed"

    @property
    def maximum(self) -> int:
        """The highest point of the scale (4 for the built-in banks)."""
        return self.points[-1].value

    def label(self, value: int | None) -> str:
        """The label of ``value``; ``None`` gives the not-assessed label.

        Raises ``ValueError`` for a value outside the scale.
        """
        if value is None:
            return self.not_assessed
        for point in self.points:
            if point.value == value:
                return point.label
        raise ValueError(f"{value} is not on the scale 1..{self.maximum}")


class FlagKind(str, Enum):
    """Resume flags: green (a good sign) and yellow (worth probing)."""

    GREEN = "green"
    YELLOW = "yellow"


class Flag(_Frozen):
    """A resume flag the interviewer marks present, absent or unknown."""

    id: ItemId = Field(title="Id")
    text: Text = Field(title="Text", description="What the interviewer looks for on the resume.")
    hint: str = Field(default="", title="Hint", description="Where to look, or what it suggests.")


class Anchors(_Frozen):
    """The behavioural anchors of a question.

    ``junior`` anchors the low end of the scale (point 1), ``senior`` the
    high end (point N): the guide's "Junior Answer" and "Senior Answer"
    columns.  ``points`` may anchor the points in between, ``{2: "...",
    3: "..."}``, so that every point of the scale is described (a
    behaviourally anchored rating scale: Smith & Kendall 1963); the kit
    checks that its keys lie in 2..N-1.
    """

    junior: Text = Field(description="What an answer at point 1 (the low end of the scale) sounds like.")
    senior: Text = Field(description="What an answer at the top point of the scale sounds like.")
    points: dict[int, Text] = Field(
        default={}, description="Anchors of the points between the ends, e.g. {2: ..., 3: ...}.")

    def for_point(self, value: int, maximum: int) -> str:
        """The anchor of scale point ``value`` on a 1..``maximum`` scale
        (empty when that middle point has none)."""
        if value == 1:
            return self.junior
        if value == maximum:
            return self.senior
        return self.points.get(value, "")


CompetencyRefs = Annotated[list[ItemId], Field(
    default=[], title="Competencies",
    description="Ids of the bank's competencies this item gives evidence for.")]


class Competency(_Frozen):
    """A competency the kit assesses (a knowledge, skill or ability that
    several items give evidence for: the OPM structured-interview guide's
    unit of rating).  Items name it in their ``competencies`` list; the
    score gives each competency the mean rating of its questions (see
    :func:`assessor.domain.scoring.competency_profile`)."""

    id: ItemId = Field(title="Id")
    name: Text = Field(title="Name", description="A short name, e.g. Incident response.")
    definition: str = Field(default="", title="Definition",
                            description="What the competency means for this role.")
    must_have_below: Annotated[float, Field(ge=1, le=FINITE)] | None = Field(
        default=None, title="Must-have: rated below",
        description="A must-have competency: its mean rating below this number caps the overall score "
                    "(with scoring.cap).")


class Probe(_Frozen):
    """A follow-up probe with its own follow-ups, one level deep (a
    behavioural drill-down: "What did you do first?" then "Why that?")."""

    prompt: Text = Field(title="Probe", description="The follow-up prompt, asked as written.")
    probes: list[Text] = Field(min_length=1, title="Its follow-ups",
                               description="Follow-ups of this probe, asked as written (one level only).")


def _probe_kind(value: object) -> str:
    return "nested" if isinstance(value, (dict, Probe)) else "text"


ProbeEntry = Annotated[
    Annotated[Text, Tag("text")] | Annotated[Probe, Tag("nested")], Discriminator(_probe_kind)]
"""A probe: its text, or a mapping with its own follow-ups.  The tag
(``text`` / ``nested``) is chosen by the value's shape, so a wrong mapping
is reported as a probe's mapping, never as "not text" too; the loader
drops the tag from an error's place (:data:`PROBE_TAGS`)."""

PROBE_TAGS = ("text", "nested")


class Question(_Frozen):
    """A question rated on the kit's scale against its anchors.

    ``probes`` are the scripted follow-up prompts an interviewer may use,
    the same for every candidate (Campion, Palmer & Campion 1997).  A
    ``must_have`` question rated below the scale's midpoint caps the overall
    score when the kit's ``scoring.cap`` is set (see
    :mod:`assessor.domain.scoring`).  ``minutes`` is the question's time
    budget (whole minutes, 1..600), shown beside the prompt and in the report.
    A ``behavioural`` question's notes are taken in four parts, Situation,
    Task, Action and Result (:mod:`assessor.domain.star`).
    """

    id: ItemId = Field(title="Id")
    prompt: Text = Field(title="Prompt", description="The question, asked as written.")
    anchors: Anchors
    probes: list[ProbeEntry] = Field(
        default=[], title="Follow-up probes",
        description="Scripted follow-up prompts, asked as written; a probe may have follow-ups of its own "
                    "({prompt: ..., probes: [...]}, one level deep).")
    must_have: bool = Field(default=False, title="Must-have",
                            description="Rated below the midpoint, it caps the overall score.")
    minutes: Annotated[int, Field(ge=1, le=600)] | None = Field(
        default=None, title="Time budget (minutes)",
        description="How long the interviewer should spend on the question, in whole minutes.")
    behavioural: bool = Field(
        default=False, title="Behavioural (STAR)",
        description="Notes are taken as Situation, Task, Action and Result (a past-behaviour question).")
    competencies: CompetencyRefs
    topic: str = Field(default="", title="Topic", description="What the question is about (free text).")
    source: str = Field(default="", title="Source", description="Where the question comes from.")


def probe_lines(probes: list[str | Probe]) -> list[tuple[int, str]]:
    """``probes`` flattened in reading order as (depth, text): depth 0 for a
    probe, 1 for a follow-up of a probe."""
    out: list[tuple[int, str]] = []
    for probe in probes:
        if isinstance(probe, Probe):
            out.append((0, probe.prompt))
            out.extend((1, sub) for sub in probe.probes)
        else:
            out.append((0, probe))
    return out


class ChecklistItem(_Frozen):
    """A skill the interviewer ticks once the candidate has demonstrated it.
    A ``must_have`` item left unticked ("missing") caps the overall score
    when the kit's ``scoring.cap`` is set."""

    id: ItemId = Field(title="Id")
    text: Text = Field(title="Text")
    must_have: bool = Field(default=False, title="Must-have",
                            description="Missing (not ticked), it caps the overall score (with scoring.cap).")
    competencies: CompetencyRefs


class RedFlag(_Frozen):
    """A red flag the interviewer marks observed; any observed red flag is
    shown on the summary and in the report."""

    id: ItemId
    text: Text


class ProfileArea(_Frozen):
    """One area of the developer profile, e.g. "Architecture skills": the
    skills a strong candidate shows, and an optional red flag."""

    id: ItemId = Field(title="Id")
    title: Text = Field(title="Title")
    intro: str = Field(default="", title="Intro", description="A sentence read before the checklist.")
    items: list[ChecklistItem] = Field(min_length=1, title="Skills")
    red_flag: RedFlag | None = None


class UseCase(_Frozen):
    """A use case of the role ("If you're building REST APIs"): its priority
    skills, the interview-focus question, and its red flag.  The interviewer
    ticks which use cases apply to the job; only those are walked."""

    id: ItemId = Field(title="Id")
    title: Text = Field(title="Title")
    priority_skills: list[ChecklistItem] = Field(min_length=1, title="Priority skills")
    focus: Question
    red_flag: RedFlag


class GlossaryTerm(_Frozen):
    """A technical term and what it means, for the interviewer's glossary."""

    term: Text = Field(title="Term")
    meaning: Text = Field(title="Meaning")


class Tip(_Frozen):
    """A common hiring mistake and its fix, shown as an interviewer tip."""

    id: ItemId = Field(title="Id")
    mistake: Text = Field(title="Mistake")
    why: Text = Field(title="Why it matters")
    fix: Text = Field(title="Fix")


class BriefingSection(_Frozen):
    """A heading with paragraphs and bullet points, read before interviewing."""

    heading: Text
    text: str = ""
    bullets: list[str] = []


class Scoring(_Frozen):
    """How the ratings become the overall score (see
    :mod:`assessor.domain.scoring` for the rules).

    ``weights`` maps a section id (``questions`` for the skill-level
    questions, or a use case's id) to its weight; with no weights, every
    rating counts the same.  ``cap`` (on the scale, e.g. 2) is the highest
    overall score a candidate can get once a red flag is observed or a
    must-have question is rated below the scale's midpoint; ``None`` means
    no cap.
    """

    weights: dict[ItemId, Annotated[float, Field(ge=0, le=FINITE)]] = Field(
        default={}, title="Weights",
        description="Section id (questions, or a use case id) to weight; unlisted sections weigh 1.")
    cap: Annotated[float, Field(ge=1, le=FINITE)] | None = Field(
        default=None, title="Cap",
        description="Overall score ceiling once a red flag is observed or a must-have is failed.")
    must_have_below: Annotated[float, Field(ge=1, le=FINITE)] | None = Field(
        default=None, title="Must-have questions: rated below",
        description="A must-have question rated below this number fails (default: the scale's midpoint).")



class Stage(_Frozen):
    """One stage of the role's interview plan (a 30-minute screen, a
    90-minute technical interview, …): the sections of the kit it asks
    (``questions``, a profile area's id, a use case's id), the competencies
    it is meant to cover beyond those, and how many interviewers sit in it.
    See :func:`assessor.domain.uncovered_competencies`."""

    id: ItemId = Field(title="Id")
    name: Text = Field(title="Name", description="The stage's name, e.g. Technical interview.")
    minutes: Annotated[int, Field(ge=1, le=600)] | None = Field(
        default=None, title="Duration (minutes)", description="How long the stage lasts, in whole minutes.")
    sections: list[ItemId] = Field(
        default=[], title="Sections",
        description="The kit's sections it asks: questions, a profile area's id or a use case's id.")
    competencies: CompetencyRefs
    interviewers: Annotated[int, Field(ge=1, le=20)] = Field(
        default=1, title="Interviewers", description="How many interviewers sit in the stage.")


class RecommendationWords(_Frozen):
    """What each overall recommendation means for this team (shown beside
    each choice on the summary page and in the report's appendix); a choice
    left empty has no definition.  The keys are the values of
    :class:`assessor.domain.Recommendation`."""

    strong_no: str = Field(default="", title="Strong No", description="What Strong No means for this team.")
    no: str = Field(default="", title="No", description="What No means for this team.")
    yes: str = Field(default="", title="Yes", description="What Yes means for this team.")
    strong_yes: str = Field(default="", title="Strong Yes", description="What Strong Yes means for this team.")

    def definition(self, value: str) -> str:
        """The definition of the recommendation ``value`` (``"strong_yes"``;
        ``""`` when the bank gives none)."""
        return str(getattr(self, value, "") or "")


class InterviewKit(_Frozen):
    """All the content of one role's interview, in interview order.

    Raises ``pydantic.ValidationError`` when built from data of the wrong
    shape (an unknown field, a missing one, a value of the wrong type: no
    coercion, no infinite number) or that breaks one of the kit's
    cross-field rules (:mod:`assessor.domain.kit_rules`: an id used twice
    or reserved, scale points not 1..N, anchors of points off the scale, a
    weight for no section, all weights zero, a cap off the scale).
    """

    role_id: ItemId
    title: Text
    version: Text
    schema_version: Annotated[int, Field(ge=1, le=SCHEMA_VERSION)] = Field(
        default=SCHEMA_VERSION, description="The bank-file format version (absent: 1).")
    description: str = ""
    briefing: list[BriefingSection] = []
    profile_heading: Text = Field(
        default=Section.PROFILE.value, title="Profile heading",
        description="The heading of the profile checklists in the window and the report (default: "
                    "Developer profile).")
    competencies: list[Competency] = []
    scale: RatingScale
    green_flags: list[Flag] = Field(min_length=1)
    yellow_flags: list[Flag] = []
    questions: list[Question] = Field(min_length=1)
    profile: list[ProfileArea] = []
    use_cases: list[UseCase] = []
    glossary: list[GlossaryTerm] = []
    tips: list[Tip] = []
    scoring: Scoring = Scoring()
    stages: list[Stage] = Field(default=[], title="Interview plan",
                                description="The stages of the role's interview loop, in order.")
    recommendations: RecommendationWords = Field(
        default=RecommendationWords(), title="Recommendation definitions",
        description="What Strong No, No, Yes and Strong Yes mean for this team.")

    @model_validator(mode="after")
    def _obeys_the_kit_rules(self) -> "InterviewKit":
        errors = [f for f in check_rules(self.model_dump()) if f.severity == ERROR]
        if errors:
            raise ValueError("; ".join(f"{describe_loc(f.loc)}: {f.message}" for f in errors))
        return self

    def stage_competencies(self, stage: Stage) -> list[str]:
        """The ids of the competencies ``stage`` covers, in the kit's order:
        those it names, and those named by the items of its sections (the
        skill-level questions for ``questions``; a profile area's checklist
        items; a use case's priority skills and focus question)."""
        named = set(stage.competencies)
        sections = set(stage.sections)
        for node in self.walk():
            refs = getattr(node.item, "competencies", None)
            if not refs:
                continue
            parent = node.parent
            if (node.kind is ItemKind.QUESTION and QUESTIONS_SECTION in sections) or (
                    parent is not None and getattr(parent, "id", None) in sections):
                named.update(refs)
        return [c.id for c in self.competencies if c.id in named]

    def uncovered_competencies(self) -> list[Competency]:
        """The declared competencies no stage covers (:meth:`stage_competencies`);
        empty when the kit declares no stages (no plan to check)."""
        if not self.stages:
            return []
        covered = {cid for stage in self.stages for cid in self.stage_competencies(stage)}
        return [c for c in self.competencies if c.id not in covered]

    def plan_lines(self) -> list[str]:
        """The interview plan in plain lines: each stage with its duration,
        interviewers, sections and the competencies it covers ("1. Screen
        (30 min, 1 interviewer): Skill-level questions · covers Design"),
        then the competencies no stage covers; empty without stages."""
        if not self.stages:
            return []
        titles = {QUESTIONS_SECTION: self.section_title(Section.QUESTIONS),
                  **{a.id: a.title for a in self.profile}, **{c.id: c.title for c in self.use_cases}}
        names = {c.id: c.name for c in self.competencies}
        lines = []
        for n, stage in enumerate(self.stages, 1):
            facts = ([f"{stage.minutes} min"] if stage.minutes else []) + [
                f"{stage.interviewers} interviewer{'s' if stage.interviewers != 1 else ''}"]
            parts = [titles.get(s, s) for s in stage.sections]
            covered = [names[c] for c in self.stage_competencies(stage)]
            lines.append(f"{n}. {stage.name} ({', '.join(facts)})" + (f": {', '.join(parts)}" if parts else "")
                         + (f" · covers {', '.join(covered)}" if covered else ""))
        missing = [c.name for c in self.uncovered_competencies()]
        lines.append(f"Not covered by any stage: {', '.join(missing)}" if missing
                     else "Every competency is covered by a stage.")
        return lines

    def section_title(self, section: Section) -> str:
        """The heading of ``section`` for this kit: the bank's
        ``profile_heading`` for the profile checklists, the section's own
        name for the others."""
        return self.profile_heading if section is Section.PROFILE else section.value

    def walk(self) -> Iterator[KitNode]:
        """Every item of the kit in interview order, with its kind, section,
        place and parent: green flags, yellow flags, questions, each profile
        area then its skills and red flag, each use case then its priority
        skills, focus question and red flag, and the tips.  The one walk of
        a kit: every layer that goes over the items uses it."""
        return _walk(self, lambda node, key: getattr(node, key, None), lambda value: isinstance(value, BaseModel))

    def all_questions(self) -> list[Question]:
        """The skill-level questions, then each use case's focus question."""
        return [node.item for node in self.walk() if node.kind.rated]

    def section_ids(self) -> list[str]:
        """The ids of the scored sections: ``questions``, then every use case."""
        return [QUESTIONS_SECTION] + [c.id for c in self.use_cases]

    def item_ids(self) -> list[str]:
        """The id of every item that records a response, in interview order
        (tips last): the walk without the profile areas."""
        return [node.item.id for node in self.walk() if node.kind.recorded]

    def node(self, item_id: str) -> KitNode | None:
        """The item with ``item_id`` (``None`` if the kit has none)."""
        return next((node for node in self.walk() if node.item.id == item_id), None)

    def find_question(self, item_id: str) -> Question | None:
        """The question (skill-level or use-case focus) with ``item_id``."""
        node = self.node(item_id)
        return node.item if node is not None and node.kind.rated else None

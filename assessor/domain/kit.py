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

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

ItemId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=64,
        description="Stable id: lower-case letters, digits and dashes.",
    ),
]
Text = Annotated[str, Field(min_length=1)]

RESERVED_IDS = frozenset({"green-flags", "yellow-flags", "use-cases", "summary"})
"""Step keys of :func:`assessor.domain.flow.plan` that no item may use."""

SCHEMA_VERSION = 2
"""The newest bank-file format this code reads and writes.

1: the first format (no ``schema_version`` key).  2: adds ``schema_version``,
question ``probes`` and ``must_have``, anchors for every scale point
(``anchors.points``) and the ``scoring`` rules.  Every version-1 file is a
valid version-2 file, so upgrading only sets the number.
"""

QUESTIONS_SECTION = "questions"
"""The section id of the skill-level questions in ``scoring.weights`` (each
use case that applies is a section of its own, under its id)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatingPoint(_Frozen):
    """One point of the rating scale, e.g. ``3 = "Proficient"``."""

    value: int = Field(ge=1, le=9)
    label: Text
    meaning: Text


class RatingScale(_Frozen):
    """A behaviourally anchored rating scale (Smith & Kendall 1963).

    ``points`` run 1..N without gaps; ``not_assessed`` labels the answer for
    a question that was not asked or could not be judged (stored as NULL,
    never counted in a score).
    """

    points: list[RatingPoint] = Field(min_length=2)
    not_assessed: Text = "Not assessed"

    @model_validator(mode="after")
    def _points_are_one_to_n(self) -> "RatingScale":
        values = [p.value for p in self.points]
        if values != list(range(1, len(values) + 1)):
            raise ValueError(f"scale points must be 1..{len(values)} in order, got {values}")
        return self

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

    id: ItemId
    text: Text
    hint: str = ""


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


class Question(_Frozen):
    """A question rated on the kit's scale against its anchors.

    ``probes`` are the scripted follow-up prompts an interviewer may use,
    the same for every candidate (Campion, Palmer & Campion 1997).  A
    ``must_have`` question rated below the scale's midpoint caps the overall
    score when the kit's ``scoring.cap`` is set (see
    :mod:`assessor.domain.scoring`).
    """

    id: ItemId
    prompt: Text
    anchors: Anchors
    probes: list[Text] = Field(default=[], description="Scripted follow-up prompts, asked as written.")
    must_have: bool = Field(default=False, description="Rated below the midpoint, it caps the overall score.")
    topic: str = ""
    source: str = ""


class ChecklistItem(_Frozen):
    """A skill the interviewer ticks once the candidate has demonstrated it."""

    id: ItemId
    text: Text


class RedFlag(_Frozen):
    """A red flag the interviewer marks observed; any observed red flag is
    shown on the summary and in the report."""

    id: ItemId
    text: Text


class ProfileArea(_Frozen):
    """One area of the developer profile, e.g. "Architecture skills": the
    skills a strong candidate shows, and an optional red flag."""

    id: ItemId
    title: Text
    intro: str = ""
    items: list[ChecklistItem] = Field(min_length=1)
    red_flag: RedFlag | None = None


class UseCase(_Frozen):
    """A use case of the role ("If you're building REST APIs"): its priority
    skills, the interview-focus question, and its red flag.  The interviewer
    ticks which use cases apply to the job; only those are walked."""

    id: ItemId
    title: Text
    priority_skills: list[ChecklistItem] = Field(min_length=1)
    focus: Question
    red_flag: RedFlag


class GlossaryTerm(_Frozen):
    """A technical term and what it means, for the interviewer's glossary."""

    term: Text
    meaning: Text


class Tip(_Frozen):
    """A common hiring mistake and its fix, shown as an interviewer tip."""

    id: ItemId
    mistake: Text
    why: Text
    fix: Text


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

    weights: dict[ItemId, Annotated[float, Field(ge=0)]] = Field(
        default={}, description="Section id (questions, or a use case id) to weight; unlisted sections weigh 1.")
    cap: Annotated[float, Field(ge=1)] | None = Field(
        default=None, description="Overall score ceiling once a red flag is observed or a must-have is failed.")


class InterviewKit(_Frozen):
    """All the content of one role's interview, in interview order.

    Raises ``pydantic.ValidationError`` when built from data that breaks a
    rule: an unknown field, a missing one, an id used twice, anchors of
    points off the scale, a weight for no section, all weights zero, or a
    cap off the scale.
    """

    role_id: ItemId
    title: Text
    version: Text
    schema_version: Annotated[int, Field(ge=1, le=SCHEMA_VERSION)] = Field(
        default=SCHEMA_VERSION, description="The bank-file format version (absent: 1).")
    description: str = ""
    briefing: list[BriefingSection] = []
    scale: RatingScale
    green_flags: list[Flag] = Field(min_length=1)
    yellow_flags: list[Flag] = []
    questions: list[Question] = Field(min_length=1)
    profile: list[ProfileArea] = []
    use_cases: list[UseCase] = []
    glossary: list[GlossaryTerm] = []
    tips: list[Tip] = []
    scoring: Scoring = Scoring()

    @model_validator(mode="after")
    def _ids_are_unique(self) -> "InterviewKit":
        seen: set[str] = set()
        for item_id in self.item_ids() + [a.id for a in self.profile]:
            if item_id in RESERVED_IDS:
                raise ValueError(f"id {item_id!r} is reserved for an interview step")
            if item_id in seen:
                raise ValueError(f"id {item_id!r} is used more than once")
            seen.add(item_id)
        return self

    @model_validator(mode="after")
    def _anchors_and_scoring_fit_the_scale(self) -> "InterviewKit":
        top = self.scale.maximum
        for q in self.all_questions():
            off = sorted(v for v in q.anchors.points if not 2 <= v < top)
            if off:
                raise ValueError(f"question {q.id!r} anchors point {off[0]}, which is not between 2 and {top - 1}")
        sections = self.section_ids()
        for section in self.scoring.weights:
            if section not in sections:
                raise ValueError(f"scoring weight for {section!r}, which is not a section")
        if self.scoring.weights and not any(self.scoring.weights.get(s, 1.0) for s in sections):
            raise ValueError("every section weighs 0: no rating could count")
        if self.scoring.cap is not None and self.scoring.cap > top:
            raise ValueError(f"the scoring cap {self.scoring.cap} is above the scale's top point {top}")
        return self

    def all_questions(self) -> list[Question]:
        """The skill-level questions, then each use case's focus question."""
        return list(self.questions) + [c.focus for c in self.use_cases]

    def section_ids(self) -> list[str]:
        """The ids of the scored sections: ``questions``, then every use case."""
        return [QUESTIONS_SECTION] + [c.id for c in self.use_cases]

    def item_ids(self) -> list[str]:
        """Every id of the kit, in interview order (tips last)."""
        ids = [f.id for f in self.green_flags] + [f.id for f in self.yellow_flags]
        ids += [q.id for q in self.questions]
        for area in self.profile:
            ids += [i.id for i in area.items]
            if area.red_flag:
                ids.append(area.red_flag.id)
        for case in self.use_cases:
            ids.append(case.id)
            ids += [i.id for i in case.priority_skills]
            ids += [case.focus.id, case.red_flag.id]
        ids += [t.id for t in self.tips]
        return ids

    def find_question(self, item_id: str) -> Question | None:
        """The question (skill-level or use-case focus) with ``item_id``."""
        for q in self.questions:
            if q.id == item_id:
                return q
        for case in self.use_cases:
            if case.focus.id == item_id:
                return case.focus
        return None

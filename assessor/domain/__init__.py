"""The domain: interview kits, candidates, assessments and scoring rules.

Plain typed objects with no Qt, no SQL and no files, so every rule here is
testable without a window or a database.
"""

from .assessment import Assessment, Candidate, CandidateOverview, FlagState, Recommendation, Response, Status
from .flow import Section, Step, StepKind, plan, progress
from .kit import (
    Anchors, BriefingSection, ChecklistItem, Flag, GlossaryTerm, InterviewKit, ProfileArea,
    Question, RatingPoint, RatingScale, RedFlag, Tip, UseCase,
)
from .scoring import ScoreSummary, SectionScore, applicable_use_cases, score

__all__ = [
    "Anchors", "Assessment", "BriefingSection", "Candidate", "CandidateOverview", "ChecklistItem", "Flag", "FlagState",
    "GlossaryTerm", "InterviewKit", "ProfileArea", "Question", "RatingPoint", "RatingScale",
    "Recommendation", "RedFlag", "Response", "ScoreSummary", "Section", "SectionScore", "Status",
    "Step", "StepKind", "Tip", "UseCase", "applicable_use_cases", "plan", "progress", "score",
]

"""The domain: interview kits, candidates, assessments and scoring rules.

Plain typed objects with no Qt, no SQL and no files, so every rule here is
testable without a window or a database.
"""

from .audit import AUDITED_FIELDS, AuditEntry, audit_value
from .assessment import Assessment, Candidate, CandidateOverview, FlagState, Recommendation, Response, Status
from .flow import Section, Step, StepKind, plan, progress
from .kit import (
    Anchors, BriefingSection, ChecklistItem, Flag, GlossaryTerm, InterviewKit, ProfileArea,
    QUESTIONS_SECTION, SCHEMA_VERSION, Question, RatingPoint, RatingScale, RedFlag, Scoring, Tip, UseCase,
)
from .scoring import ScoreSummary, SectionScore, applicable_use_cases, describe_rules, midpoint, score

__all__ = [
    "AUDITED_FIELDS", "AuditEntry", "audit_value",
    "Anchors", "Assessment", "BriefingSection", "Candidate", "CandidateOverview", "ChecklistItem", "Flag", "FlagState",
    "GlossaryTerm", "InterviewKit", "ProfileArea", "Question", "RatingPoint", "RatingScale",
    "Recommendation", "RedFlag", "Response", "ScoreSummary", "Section", "SectionScore", "Status",
    "Step", "StepKind", "Tip", "UseCase", "applicable_use_cases", "plan", "progress", "score",
    "QUESTIONS_SECTION", "SCHEMA_VERSION", "Scoring", "describe_rules", "midpoint",
]

"""The domain: interview kits, candidates, assessments and scoring rules.

Plain typed objects with no Qt, no SQL and no files, so every rule here is
testable without a window or a database.
"""

from .audit import AUDITED_FIELDS, AuditEntry, audit_value
from .agreement import krippendorff_alpha
from .assessment import (
    Amendment, Assessment, Candidate, CandidateOverview, FlagState, PanelSummary, Recommendation, Response, Status,
    panel_summary, overview_recommendation, overview_status,
)
from .blind import blind_assessment, blind_candidate, candidate_code
from .flow import Section, Step, StepKind, plan, progress
from .kit import (
    Anchors, BriefingSection, ChecklistItem, Competency, Flag, GlossaryTerm, InterviewKit, ItemKind, KitNode, ProfileArea,
    QUESTIONS_SECTION, walk_data, SCHEMA_VERSION, Stage, Probe, probe_lines, Question, RatingPoint, RatingScale, RedFlag, Scoring, Tip, UseCase,
)
from .star import STAR_PARTS, is_star, readable_notes, star_notes, star_parts
from .scoring import CompetencyScore, ScoreSummary, competency_profile, panel_profile, SectionScore, applicable_use_cases, describe_rules, midpoint, score
from .panel import (
    DISAGREEMENT_SPREAD, Comparison, ComparisonRow, Debrief, InterviewerCalibration, ItemRatings,
    PanelResult, QuestionCalibration, panel_score, calibration, compare, debrief, hidden_from, interviewer_labels, own_assessments, visible_to, Visibility, visibility,
)
from .sealing import (
    SealKeys, SealState, apply_amendment, canonical_form, departures, indicated_recommendation, key_fingerprint,
    keyed_seal, seal_digest, seal_now, seal_state, sealed_state, use_keys, verify_seal, signed_form, amendment_form,
    next_amendment_link,
)
from .identity import Identity, collides, display_name, name_key
from .signing import KeyStatus, RegisteredKey, fingerprint_of, show_fingerprint, status_form, status_problem, with_standing

__all__ = [
    "AUDITED_FIELDS", "AuditEntry", "audit_value",
    "Anchors", "Assessment", "BriefingSection", "Candidate", "CandidateOverview", "PanelSummary", "panel_summary", "overview_recommendation", "overview_status", "ChecklistItem", "Flag", "FlagState",
    "GlossaryTerm", "InterviewKit", "ProfileArea", "Question", "RatingPoint", "RatingScale",
    "Recommendation", "RedFlag", "Response", "ScoreSummary", "Section", "SectionScore", "Status",
    "Step", "StepKind", "Tip", "UseCase", "applicable_use_cases", "plan", "progress", "score",
    "QUESTIONS_SECTION", "SCHEMA_VERSION", "Scoring", "describe_rules", "midpoint",
    "ItemKind", "KitNode", "walk_data", "Competency", "CompetencyScore", "competency_profile", "panel_profile",
    # panels, sealing, blind mode (see .panel, .sealing, .blind, .agreement)
    "Amendment", "DISAGREEMENT_SPREAD", "Comparison", "ComparisonRow", "Debrief", "InterviewerCalibration",
    "ItemRatings", "PanelResult", "QuestionCalibration", "panel_score", "apply_amendment", "blind_assessment", "blind_candidate", "calibration",
    "candidate_code", "canonical_form", "compare", "debrief", "departures", "hidden_from", "indicated_recommendation",
    "interviewer_labels", "krippendorff_alpha", "own_assessments", "seal_digest", "sealed_state", "verify_seal",
    "SealKeys", "SealState", "key_fingerprint", "keyed_seal", "seal_now", "seal_state", "use_keys",
    "visible_to", "Visibility", "visibility",
    "Stage", "Probe", "probe_lines", "STAR_PARTS", "is_star", "readable_notes", "star_notes", "star_parts",
    # identities and signed seals (see .identity, .signing)
    "Identity", "collides", "display_name", "name_key", "RegisteredKey", "fingerprint_of", "show_fingerprint", "KeyStatus", "status_form",
    "status_problem", "with_standing",
    "signed_form", "amendment_form", "next_amendment_link",
]

"""SQLAlchemy 2 declarative models: the tables Assessor keeps.

Times are stored as naive UTC.  A response is one row per (assessment, kit
item id); the item id is the stable id from the bank, so rewording an item
never orphans an old answer.  Kit snapshots are stored once per distinct
content (keyed by a SHA-256 digest) and shared by every assessment taken
with that kit version.
"""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every Assessor table."""


def new_uid() -> str:
    """A random UUID as 36 characters: the stable id of a new row."""
    return str(uuid4())


class CandidateRow(Base):
    """A candidate: name, email and the role they applied for.

    ``anonymized_at`` is set when the identifying fields were replaced
    (the ratings are kept for statistics)."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    role_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    anonymized_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    #: stable across databases: an import matches on it (migration 0005)
    uid: Mapped[str | None] = mapped_column(String(36), nullable=True, default=new_uid)

    assessments: Mapped[list["AssessmentRow"]] = relationship(back_populates="candidate")

    __table_args__ = (Index("ix_candidates_name", "name"), Index("ux_candidates_uid", "uid", unique=True))


class KitSnapshotRow(Base):
    """The JSON of an interview kit as it was when an assessment began."""

    __tablename__ = "kit_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)


class AssessmentRow(Base):
    """One interviewer's scorecard for one candidate."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    kit_snapshot_id: Mapped[int] = mapped_column(ForeignKey("kit_snapshots.id"))
    role_id: Mapped[str] = mapped_column(String(64))
    interviewer: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    recommendation: Mapped[str | None] = mapped_column(String(16), nullable=True)
    takeaways: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[str] = mapped_column(String(64), default="")
    #: bumped by every change of recommendation, takeaways or status (not position)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: why the recommendation departs from the computed score (migration 0005)
    departure_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: SHA-256 hex of the submitted state (see assessor.domain.sealing)
    seal: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: fingerprint of the installation key of a keyed seal (migration 0007);
    #: ``NULL`` with a seal: an unkeyed seal made before keyed seals
    seal_key: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: the interviewer's identity (migration 0010, see :mod:`assessor.store.identities`)
    interviewer_id: Mapped[str | None] = mapped_column(String(160), nullable=True)
    #: Ed25519 signature (hex) of the sealed scorecard, and the key's fingerprint (migration 0010)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    signing_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    uid: Mapped[str | None] = mapped_column(String(36), nullable=True, default=new_uid)
    #: JSON: section key (a ``Section`` name) -> whole seconds spent in it (migration 0009)
    section_seconds: Mapped[str] = mapped_column(Text, default="", server_default="")

    candidate: Mapped[CandidateRow] = relationship(back_populates="assessments")
    kit_snapshot: Mapped[KitSnapshotRow] = relationship()
    responses: Mapped[list["ResponseRow"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    amendments: Mapped[list["AmendmentRow"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AmendmentRow.id"
    )

    __table_args__ = (Index("ix_assessments_candidate", "candidate_id"), Index("ux_assessments_uid", "uid", unique=True),
                      Index("ix_assessments_role_status", "role_id", "status"))


class ResponseRow(Base):
    """The answer for one kit item in one assessment."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    flag_state: Mapped[str | None] = mapped_column(String(16), nullable=True)
    checked: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    #: bumped by every write; a write based on another version is refused
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    assessment: Mapped[AssessmentRow] = relationship(back_populates="responses")

    __table_args__ = (UniqueConstraint("assessment_id", "item_id", name="uq_response_item"),)


class AmendmentRow(Base):
    """A correction of a submitted assessment (see
    :class:`assessor.domain.Amendment`).  ``old_value`` and ``new_value``
    are JSON (a rating, a flag state, a tick, notes or ``null``)."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    author: Mapped[str] = mapped_column(String(200), default="")
    item_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    #: the author's identity, their Ed25519 signature and key, and the hash
    #: chaining this amendment to the seal and the amendments before (migration 0010)
    author_id: Mapped[str | None] = mapped_column(String(160), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    signing_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    link: Mapped[str | None] = mapped_column(String(64), nullable=True)

    assessment: Mapped[AssessmentRow] = relationship(back_populates="amendments")

    __table_args__ = (Index("ix_amendments_assessment", "assessment_id"),)


class AuditRow(Base):
    """One change of a scored answer, recommendation or status (see
    :mod:`assessor.domain.audit`).  No foreign keys: the entry that says a
    candidate was erased outlives the candidate's rows."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200), default="")
    candidate_id: Mapped[int] = mapped_column(Integer)
    assessment_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    item_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(String(64), nullable=True)
    new_value: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: SHA-256 hex over the previous row's hash and this row (migration 0007,
    #: see assessor.store.audit_chain); the database refuses UPDATE and DELETE
    chain_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (
        Index("ix_audit_candidate", "candidate_id"),
        Index("ix_audit_assessment", "assessment_id"),
    )


class AuditErasedRow(Base):
    """A tombstone of an audit row removed by erasing its candidate
    (migration 0007): the row's id and chain hash, and when; no personal
    data.  Append-only like ``audit_log`` (see :mod:`assessor.store.audit_chain`)."""

    __tablename__ = "audit_erased"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(Integer, unique=True)
    chain_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime)


class ErasedCandidateRow(Base):
    """A candidate erased here (migration 0008): the salted SHA-256 of
    their uid (:func:`assessor.store.privacy.uid_hash`), and when; no
    personal data.  An import finds an old export's candidate here and
    refuses to bring them back (:mod:`assessor.services.exchange`)."""

    __tablename__ = "erased_candidates"

    uid_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime)


class ErasureSaltRow(Base):
    """The database's one salt for :class:`ErasedCandidateRow` (migration
    0008): 32 random bytes as hex, made at the first erasure (so an empty
    database stays empty, for ``db copy``)."""

    __tablename__ = "erasure_salt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class IdentityRow(Base):
    """A person (migration 0010): a stable ``id``, the operating-system
    ``account`` acting as them ("" for a name carried over from before,
    until an account claims it) and their NFKC-normalised display name."""

    __tablename__ = "identities"

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    account: Mapped[str] = mapped_column(String(160), default="", server_default="")
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_identities_account", "account"),)


class SigningKeyRow(Base):
    """A registered Ed25519 public key (migration 0010): whose key it is,
    who registered it and when, and ``proof``, the key's own signature over
    the registration.  Append-only (triggers)."""

    __tablename__ = "signing_keys"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    identity_id: Mapped[str] = mapped_column(String(160))
    public_key: Mapped[str] = mapped_column(String(64))
    registered_by: Mapped[str] = mapped_column(String(160))
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    proof: Mapped[str] = mapped_column(String(128))

    __table_args__ = (Index("ix_signing_keys_identity", "identity_id"),)


class AuditHeadRow(Base):
    """A signed checkpoint of the audit chain (migration 0010): the head
    row's id and hash when it was written, signed by the writer's key.
    Append-only (triggers); see :mod:`assessor.store.audit_chain`."""

    __tablename__ = "audit_heads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(Integer)
    chain_hash: Mapped[str] = mapped_column(String(64))
    signing_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime)


class ResumeRow(Base):
    """A candidate's resume (migration 0006): one per candidate, the file's
    bytes with its name, media type, size and SHA-256 (see
    :mod:`assessor.domain.resume`).  Personal data: erase and anonymize
    delete the row (:mod:`assessor.store.privacy`)."""

    __tablename__ = "resumes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class KeyStatusRow(Base):
    """A change of a registered key's standing (migration 0011): ``retired``
    (rotated to ``successor``) or ``revoked`` as of ``at``, signed by
    ``signing_key`` (and, for a rotation, by the retired key itself:
    ``old_signature``).  Append-only (triggers)."""

    __tablename__ = "key_status"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime)
    successor: Mapped[str | None] = mapped_column(String(64), nullable=True)
    by_identity: Mapped[str] = mapped_column(String(160))
    signing_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    old_signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    reason: Mapped[str] = mapped_column(String(200), server_default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_key_status_fingerprint", "fingerprint"),)

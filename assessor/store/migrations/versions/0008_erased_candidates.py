"""erased candidates: the salted hashes of erased candidates' uids

* ``erased_candidates``: ``uid_hash`` (SHA-256 hex of the database's salt
  and the uid, :func:`assessor.store.privacy.uid_hash`) and ``erased_at``;
  no name, no email, no uid: only what lets an import of an old export
  recognise an erased candidate and refuse to bring them back.
* ``erasure_salt``: the one salt (32 random bytes, hex), written at the
  first erasure, not here (an empty database stays empty for ``db copy``).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erased_candidates",
        sa.Column("uid_hash", sa.String(64), primary_key=True),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "erasure_salt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("salt", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("erasure_salt")
    op.drop_table("erased_candidates")

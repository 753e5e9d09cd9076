"""panels: sealed assessments, amendments, departure reasons, stable ids

* ``assessments.seal``: the SHA-256 digest of the submitted state
  (:mod:`assessor.domain.sealing`); ``NULL`` for drafts and for
  assessments submitted before this revision.
* ``assessments.departure_reason``: the written reason for a
  recommendation that departs from the computed score.
* ``amendments``: corrections of submitted assessments, never silent.
* ``candidates.uid`` and ``assessments.uid``: a random UUID per row, the
  same in every copy and export, so importing the same file twice adds
  nothing twice.  Existing rows get one here.
* an index on ``assessments (role_id, status)`` for comparing a role's
  candidates.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


#: SQLite: turn the 32 hex digits of 16 random bytes in ``uid`` into a version-4 UUID
_SQLITE_UUID = ("lower(substr(uid, 1, 8) || '-' || substr(uid, 9, 4) || '-4' || substr(uid, 14, 3) || '-' || "
                "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(uid, 18, 3) || '-' || substr(uid, 21, 12))")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("assessments", sa.Column("departure_reason", sa.Text(), nullable=False, server_default=""))
    op.add_column("assessments", sa.Column("seal", sa.String(64), nullable=True))
    for table in ("candidates", "assessments"):
        op.add_column(table, sa.Column("uid", sa.String(36), nullable=True))
        if dialect == "sqlite":  # randomblob() is drawn anew for every row
            op.execute(f"UPDATE {table} SET uid = hex(randomblob(16))")
            op.execute(f"UPDATE {table} SET uid = {_SQLITE_UUID}")
        else:
            op.execute(f"UPDATE {table} SET uid = CAST(gen_random_uuid() AS VARCHAR)")
    op.create_index("ux_candidates_uid", "candidates", ["uid"], unique=True)
    op.create_index("ux_assessments_uid", "assessments", ["uid"], unique=True)
    op.create_index("ix_assessments_role_status", "assessments", ["role_id", "status"])
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(), sa.ForeignKey("assessments.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=True),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_index("ix_amendments_assessment", "amendments", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_amendments_assessment", "amendments")
    op.drop_table("amendments")
    op.drop_index("ix_assessments_role_status", "assessments")
    op.drop_index("ux_assessments_uid", "assessments")
    op.drop_index("ux_candidates_uid", "candidates")
    for table, columns in (("candidates", ("uid",)), ("assessments", ("uid", "seal", "departure_reason"))):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)

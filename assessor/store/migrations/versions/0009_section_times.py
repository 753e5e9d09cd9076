"""section times: the time an interviewer spent in each section

* ``assessments.section_seconds``: JSON, a section's key (the name of
  :class:`assessor.domain.Section`, e.g. ``QUESTIONS``) to the whole seconds
  spent on its pages; ``""`` (nothing measured) for every earlier
  assessment.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("section_seconds", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("section_seconds")

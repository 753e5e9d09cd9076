"""row versions: an integer ``version`` on responses and assessments

Two app instances (or two interviewers on one server) must never silently
overwrite each other: every write of a response, or of an assessment's
recommendation, takeaways or status, names the version it was based on and
bumps it; a write based on an older version is refused
(:class:`assessor.store.ConflictError`).  Existing rows start at 1.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_TABLES = ("responses", "assessments")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")

"""key status: signing keys retired (rotated) or revoked, as of a time

* ``key_status``: one row per change of a registered key's standing, never
  updated or deleted (triggers, like ``signing_keys``): the key's
  ``fingerprint``, ``status`` (``retired``: replaced by ``successor`` in a
  rotation; ``revoked``: no seal made after ``at`` verifies), ``at`` (naive
  UTC), who made the change (``by_identity``), the registered key that
  signed the change (``signing_key``, ``signature``), the retired key's own
  signature over the same form when its holder still had it
  (``old_signature``: a rotation, not a lost key), a short ``reason`` and
  ``recorded_at``.  A row written in SQL without those private keys does
  not verify and is ignored (and reported by ``db check``).

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_REFUSE = "the audit trail only grows"


def upgrade() -> None:
    op.create_table(
        "key_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("successor", sa.String(64), nullable=True),
        sa.Column("by_identity", sa.String(160), nullable=False),
        sa.Column("signing_key", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("old_signature", sa.String(128), nullable=True),
        sa.Column("reason", sa.String(200), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_key_status_fingerprint", "key_status", ["fingerprint"])
    if op.get_bind().dialect.name == "sqlite":
        for op_name in ("UPDATE", "DELETE"):
            op.execute(f"""CREATE TRIGGER key_status_no_{op_name.lower()} BEFORE {op_name} ON key_status
                BEGIN SELECT RAISE(ABORT, '{_REFUSE}: {op_name} of key_status refused'); END""")
    else:  # keys_only_grow() is revision 0010's
        op.execute("""CREATE TRIGGER key_status_only_grows BEFORE UPDATE OR DELETE ON key_status
            FOR EACH ROW EXECUTE FUNCTION keys_only_grow()""")
        op.execute("""CREATE TRIGGER key_status_no_truncate BEFORE TRUNCATE ON key_status
            FOR EACH STATEMENT EXECUTE FUNCTION keys_only_grow()""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for op_name in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS key_status_no_{op_name}")
    op.drop_index("ix_key_status_fingerprint", "key_status")
    op.drop_table("key_status")

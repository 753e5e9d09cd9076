"""audit chain: an append-only, hash-chained audit trail; keyed seals

* ``audit_log.chain_hash``: SHA-256 over the previous row's hash and this
  row (:mod:`assessor.store.audit_chain`), computed here for every existing
  row in id order.
* ``audit_erased``: tombstones (id, hash, time) of audit rows removed by
  erasing their candidate, so the chain still verifies.
* triggers on both tables refuse ``UPDATE`` and ``DELETE`` (and
  ``TRUNCATE`` on PostgreSQL), except the delete of an audit row whose
  tombstone is recorded and whose candidate is gone (erasure).
* ``assessments.seal_key``: the fingerprint of the installation key of a
  keyed seal (:mod:`assessor.domain.sealing`); ``NULL`` for the unkeyed
  seals made before.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_REFUSE = "the audit trail only grows"

#: SQLite: a row of audit_log may be deleted only through erasure (see the module)
_SQLITE = [
    f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: UPDATE of audit_log refused'); END""",
    f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        WHEN NOT EXISTS (SELECT 1 FROM audit_erased e WHERE e.audit_id = OLD.id
                         AND e.chain_hash IS OLD.chain_hash)
          OR EXISTS (SELECT 1 FROM candidates c WHERE c.id = OLD.candidate_id)
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: DELETE of audit_log refused'); END""",
    f"""CREATE TRIGGER audit_erased_no_update BEFORE UPDATE ON audit_erased
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: UPDATE of audit_erased refused'); END""",
    f"""CREATE TRIGGER audit_erased_no_delete BEFORE DELETE ON audit_erased
        BEGIN SELECT RAISE(ABORT, '{_REFUSE}: DELETE of audit_erased refused'); END""",
]

_POSTGRES = [
    f"""CREATE FUNCTION audit_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_log' THEN
            IF EXISTS (SELECT 1 FROM audit_erased e WHERE e.audit_id = OLD.id
                       AND e.chain_hash IS NOT DISTINCT FROM OLD.chain_hash)
               AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.id = OLD.candidate_id) THEN
                RETURN OLD;
            END IF;
        END IF;
        RAISE EXCEPTION '{_REFUSE}: % of % refused', TG_OP, TG_TABLE_NAME;
    END $$""",
    *(f"""CREATE TRIGGER {table}_only_grows BEFORE UPDATE OR DELETE ON {table}
          FOR EACH ROW EXECUTE FUNCTION audit_only_grows()""" for table in ("audit_log", "audit_erased")),
    *(f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
          FOR EACH STATEMENT EXECUTE FUNCTION audit_only_grows()""" for table in ("audit_log", "audit_erased")),
]


def upgrade() -> None:
    from assessor.store.audit_chain import GENESIS, link

    conn = op.get_bind()
    op.add_column("assessments", sa.Column("seal_key", sa.String(16), nullable=True))
    op.add_column("audit_log", sa.Column("chain_hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_erased",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audit_id", sa.Integer(), nullable=False, unique=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
    )
    audit = sa.table("audit_log", *(sa.column(c) for c in (
        "id", "at", "actor", "candidate_id", "assessment_id", "item_id", "field", "old_value", "new_value",
        "chain_hash")))
    previous, hashes = GENESIS, []
    for row in conn.execute(sa.select(audit).order_by(audit.c.id)).mappings():
        previous = link(previous, dict(row))
        hashes.append({"row_id": row["id"], "hash": previous})
    if hashes:
        conn.execute(audit.update().where(audit.c.id == sa.bindparam("row_id"))
                     .values(chain_hash=sa.bindparam("hash")), hashes)
    for statement in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("audit_log_no_update", "audit_log_no_delete", "audit_erased_no_update", "audit_erased_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP FUNCTION audit_only_grows() CASCADE")
    op.drop_table("audit_erased")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("chain_hash")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("seal_key")

"""identities and signed seals: who acted, by a stable id; Ed25519 seals

* ``identities``: a person as Assessor knows them: a stable ``id``, the
  operating-system ``account`` that acts as them ("" for a name carried over
  from before, until its account claims it) and an NFKC-normalised
  ``display_name``.  Every distinct interviewer and amendment author name
  already stored becomes one identity (names that match after NFKC,
  invisible characters removed and ``casefold``), id ``name:<that form>``.
* ``signing_keys``: the registered Ed25519 public keys: fingerprint, the
  identity whose key it is, who registered it and when, and ``proof`` (the
  key's own signature over the registration).
* ``audit_heads``: signed checkpoints of the audit chain's head (row id and
  hash, the signing key, the signature), append-only like ``audit_log``.
* ``assessments.interviewer_id``, ``.signature``, ``.signing_key``;
  ``amendments.author_id``, ``.signature``, ``.signing_key``, ``.link``.

Revision ID: 0010
Revises: 0009
"""
import unicodedata

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_REFUSE = "the audit trail only grows"


def _key(name: str) -> str:
    """The same form as :func:`assessor.domain.identity.name_key` (kept
    here so the migration never changes with the code)."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
    return " ".join(text.split()).casefold()


def _display(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
    return " ".join(text.split())


def upgrade() -> None:
    conn = op.get_bind()
    op.create_table(
        "identities",
        sa.Column("id", sa.String(160), primary_key=True),
        sa.Column("account", sa.String(160), nullable=False, server_default=""),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_identities_account", "identities", ["account"])
    op.create_table(
        "signing_keys",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("identity_id", sa.String(160), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("registered_by", sa.String(160), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("proof", sa.String(128), nullable=False),
    )
    op.create_index("ix_signing_keys_identity", "signing_keys", ["identity_id"])
    op.create_table(
        "audit_heads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("chain_hash", sa.String(64), nullable=False),
        sa.Column("signing_key", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("interviewer_id", sa.String(160), nullable=True))
        batch.add_column(sa.Column("signature", sa.String(128), nullable=True))
        batch.add_column(sa.Column("signing_key", sa.String(64), nullable=True))
    with op.batch_alter_table("amendments") as batch:
        batch.add_column(sa.Column("author_id", sa.String(160), nullable=True))
        batch.add_column(sa.Column("signature", sa.String(128), nullable=True))
        batch.add_column(sa.Column("signing_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("link", sa.String(64), nullable=True))

    # existing names -> identities, one per name that matches after normalising
    assessments = sa.table("assessments", sa.column("id"), sa.column("interviewer"), sa.column("started_at"),
                           sa.column("interviewer_id"))
    amendments = sa.table("amendments", sa.column("id"), sa.column("author"), sa.column("at"),
                          sa.column("author_id"))
    identities = sa.table("identities", sa.column("id"), sa.column("account"), sa.column("display_name"),
                          sa.column("created_at"))
    names: dict[str, tuple[str, object]] = {}
    links: list[tuple[str, int, str]] = []
    for table, name_col, at_col in ((assessments, "interviewer", "started_at"), (amendments, "author", "at")):
        for row in conn.execute(sa.select(table.c.id, table.c[name_col], table.c[at_col]).order_by(table.c.id)):
            key = _key(row[1])
            if not key:
                continue
            names.setdefault(key, (_display(row[1])[:200], row[2]))
            links.append((name_col, row[0], f"name:{key}"[:160]))
    if names:
        conn.execute(sa.insert(identities), [{"id": f"name:{k}"[:160], "account": "", "display_name": d,
                                              "created_at": at} for k, (d, at) in names.items()])
    for table, name_col, id_col in ((assessments, "interviewer", "interviewer_id"), (amendments, "author", "author_id")):
        rows = [{"row_id": i, "ident": ident} for col, i, ident in links if col == name_col]
        if rows:
            conn.execute(table.update().where(table.c.id == sa.bindparam("row_id"))
                         .values({id_col: sa.bindparam("ident")}), rows)

    _erasure_rule(conn.dialect.name, keep_zero=True)
    if conn.dialect.name == "sqlite":
        for op_name in ("UPDATE", "DELETE"):
            for table in ("audit_heads", "signing_keys"):
                op.execute(f"""CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table}
                    BEGIN SELECT RAISE(ABORT, '{_REFUSE}: {op_name} of {table} refused'); END""")
    else:
        op.execute(f"""CREATE FUNCTION keys_only_grow() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{_REFUSE}: % of % refused', TG_OP, TG_TABLE_NAME; END $$""")
        for table in ("audit_heads", "signing_keys"):
            op.execute(f"""CREATE TRIGGER {table}_only_grows BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION keys_only_grow()""")
            op.execute(f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION keys_only_grow()""")


def _erasure_rule(dialect: str, keep_zero: bool) -> None:
    """Migration 0007's erasure exception, now never for rows of candidate 0
    (key registrations and other rows of no candidate: nothing to erase)."""
    zero_sqlite = " OR OLD.candidate_id = 0" if keep_zero else ""
    zero_pg = " AND OLD.candidate_id <> 0" if keep_zero else ""
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            WHEN NOT EXISTS (SELECT 1 FROM audit_erased e WHERE e.audit_id = OLD.id
                             AND e.chain_hash IS OLD.chain_hash)
              OR EXISTS (SELECT 1 FROM candidates c WHERE c.id = OLD.candidate_id){zero_sqlite}
            BEGIN SELECT RAISE(ABORT, '{_REFUSE}: DELETE of audit_log refused'); END""")
        return
    op.execute(f"""CREATE OR REPLACE FUNCTION audit_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_log' THEN
            IF EXISTS (SELECT 1 FROM audit_erased e WHERE e.audit_id = OLD.id
                       AND e.chain_hash IS NOT DISTINCT FROM OLD.chain_hash)
               AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.id = OLD.candidate_id){zero_pg} THEN
                RETURN OLD;
            END IF;
        END IF;
        RAISE EXCEPTION '{_REFUSE}: % of % refused', TG_OP, TG_TABLE_NAME;
    END $$""")


def downgrade() -> None:
    _erasure_rule(op.get_bind().dialect.name, keep_zero=False)
    if op.get_bind().dialect.name == "sqlite":
        for op_name in ("update", "delete"):
            for table in ("audit_heads", "signing_keys"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op_name}")
    else:
        op.execute("DROP FUNCTION keys_only_grow() CASCADE")
    with op.batch_alter_table("amendments") as batch:
        for column in ("link", "signing_key", "signature", "author_id"):
            batch.drop_column(column)
    with op.batch_alter_table("assessments") as batch:
        for column in ("signing_key", "signature", "interviewer_id"):
            batch.drop_column(column)
    op.drop_table("audit_heads")
    op.drop_index("ix_signing_keys_identity", "signing_keys")
    op.drop_table("signing_keys")
    op.drop_index("ix_identities_account", "identities")
    op.drop_table("identities")

"""Alembic environment: runs migrations on the connection the store hands in.

The store calls Alembic programmatically (see :mod:`assessor.store.schema`)
and passes its open connection as ``config.attributes["connection"]``, so
migrations run with the same pragmas as the application.
"""

from alembic import context

from assessor.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run every pending migration on the connection given by the store."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()

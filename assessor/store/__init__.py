"""The store adapter: SQLAlchemy models, connections and Alembic migrations.

The only package of Assessor that speaks SQL.  Use :class:`Store`.
"""

from .engine import StoreError, default_db_path, resolve_url
from .bulk import NewAssessment, bulk_add
from .repository import Store, utcnow

__all__ = ["NewAssessment", "Store", "StoreError", "bulk_add", "default_db_path", "resolve_url", "utcnow"]

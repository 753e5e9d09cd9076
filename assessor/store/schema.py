"""Create and upgrade the schema with Alembic, at start.

Alembic is driven from code, not from an ``alembic.ini``: the script folder
is found with :mod:`importlib.resources`, so the same code runs from a
source checkout, a wheel and a PyInstaller bundle.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("assessor.store") / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id."""
    with as_file(files("assessor.store") / "migrations"):
        return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, ``None`` for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision (creating it if empty).

    Raises ``sqlalchemy.exc.SQLAlchemyError`` when the database refuses.
    """
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")

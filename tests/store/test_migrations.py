"""Every migration: upgrade from each earlier revision with data in it, the
models match the migrations, and a server at another revision is refused."""

import re
from datetime import datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, insert

from assessor.cli.main import main
from assessor.store import Store, StoreError
from assessor.store.engine import make_engine, resolve_url
from assessor.store.models import Base
from assessor.store.schema import SchemaMismatchError, _config, current_revision, head_revision
from assessor.store.search import SEARCH_OBJECTS
from tests.kits import small_kit

REVISIONS = [s.revision for s in reversed(list(ScriptDirectory.from_config(_config()).walk_revisions()))]
AT = datetime(2024, 5, 1, 9, 30)
ROWS = {  # a row per table, by the columns of the oldest revision that has the table
    "candidates": {"id": 7, "name": "Old Timer", "email": "old@x.test", "role_id": "test-role", "created_at": AT},
    "kit_snapshots": {"id": 3, "role_id": "test-role", "version": "1.0.0", "digest": "d" * 64,
                      "content": small_kit().model_dump_json()},
    "assessments": {"id": 11, "candidate_id": 7, "kit_snapshot_id": 3, "role_id": "test-role", "interviewer": "Ivo",
                    "started_at": AT, "submitted_at": None, "status": "draft", "recommendation": "yes",
                    "takeaways": "sharp", "position": "q1"},
    "responses": {"id": 5, "assessment_id": 11, "item_id": "q1", "rating": 4, "flag_state": None, "checked": None,
                  "notes": "kept", "updated_at": AT},
    "audit_log": {"id": 2, "at": AT, "actor": "Ivo", "candidate_id": 7, "assessment_id": 11, "item_id": "q1",
                  "field": "rating", "old_value": None, "new_value": "4"},
}


def _at_revision(url: str, revision: str) -> None:
    engine = make_engine(resolve_url(url))
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        tables = MetaData()
        tables.reflect(conn)
        for name, row in ROWS.items():
            if name in tables.tables:
                conn.execute(insert(tables.tables[name]), [row])
    engine.dispose()


@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_upgrade_from_each_revision_keeps_the_data(store_url, revision):
    _at_revision(store_url, revision)
    if not resolve_url(store_url).startswith("sqlite"):
        with pytest.raises(SchemaMismatchError, match="assessor --db URL db upgrade"):
            Store(store_url)
        assert main(["--db", store_url, "db", "upgrade"]) == 0
    store = Store(store_url)  # SQLite: upgraded at start
    try:
        assert current_revision(store.engine) == head_revision()
        a = store.assessment(11)
        assert (a.candidate.name, a.interviewer, a.takeaways, a.responses["q1"].rating) == \
            ("Old Timer", "Ivo", "sharp", 4)
        uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
        if revision < "0005":  # rows inserted at 0005 or later have no uid unless given one
            assert re.fullmatch(uuid, a.uid) and re.fullmatch(uuid, a.candidate.uid)  # 0005 gave old rows stable ids
        assert store.resume(7) is None  # 0006: the resumes table
        assert (a.seal, a.departure_reason, a.amendments) == (None, "", [])
        assert [r.candidate.id for r in store.candidates("timer")] == [7]  # the search index covers old rows
        store.add_candidate("New One", "", "test-role")
        assert [r.candidate.name for r in store.candidates("one")] == ["New One"]
    finally:
        store.close()


def _skip_search_objects(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001 - alembic's hook
    return not (name in SEARCH_OBJECTS or (name or "").startswith("candidates_fts"))


def test_models_match_the_migrations(store_url):
    store = Store(store_url)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "include_object": _skip_search_objects})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        store.close()


def test_a_newer_schema_is_refused(store_url):
    Store(store_url).close()
    engine = make_engine(resolve_url(store_url))
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this Assessor"):
        Store(store_url)
    assert main(["--db", store_url, "db", "upgrade"]) == 1

"""``store_url`` and the throwaway PostgreSQL server, as for the store's tests."""

from tests.store.conftest import postgres_server, store_url  # noqa: F401 - fixtures

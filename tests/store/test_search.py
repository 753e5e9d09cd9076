"""The candidate search on each database's index (migration 0003): what it
finds, that the index follows every change, and keyset paging."""

from assessor.store import Store

NAMES = [("Wang Li", "li.wang@example.com"), ("Ana Müller", "ana@mail.test"), ("anabel Ortiz", "ao@x.test"),
         ("Bob 100%_done", "bob@x.test"), ("Zoë Ångström", "zoe@example.com"), ("Abe Wangari", "abe@x.test")]


def names(store: Store, term: str, **kw) -> list[str]:
    return [r.candidate.name for r in store.candidates(term, **kw)]


def test_substring_prefix_and_escaping(store_url):
    store = Store(store_url)
    try:
        for name, email in NAMES:
            store.add_candidate(name, email, "flask-developer")
        assert names(store, "WANG") == ["Abe Wangari", "Wang Li"]           # name, any case, by name
        assert names(store, "mail.te") == ["Ana Müller"]                     # email
        assert len(names(store, "flask-dev")) == len(NAMES)                  # role
        assert names(store, "ngstr") == ["Zoë Ångström"]                     # non-ASCII
        assert names(store, "0%_") == ["Bob 100%_done"]                      # LIKE characters are literal
        assert names(store, "%_x") == []
        assert names(store, 'a"b') == []                                     # FTS quoting
        assert names(store, "an") == ["Ana Müller", "anabel Ortiz"]           # short: name prefix, any case
        assert names(store, "A") == ["Abe Wangari", "Ana Müller", "anabel Ortiz"]
        assert names(store, "li") == []                                      # not a prefix of any name
        assert names(store, "zzqx") == []
    finally:
        store.close()


def test_the_index_follows_updates_and_deletes(store_url):
    store = Store(store_url)
    try:
        gone = store.add_candidate("Temporary Person", "t@x.test", "r")
        kept = store.add_candidate("Kept Person", "k@x.test", "r")
        assert names(store, "person") == ["Kept Person", "Temporary Person"]
        store.anonymize_candidate(kept.id)
        store.erase_candidate(gone.id)
        assert names(store, "person") == []
        assert names(store, "temporary") == []
    finally:
        store.close()


def test_keyset_pages_equal_offset_pages(store_url):
    store = Store(store_url)
    try:
        for i in range(57):
            store.add_candidate(f"Name {i % 7}", f"n{i}@x.test", "r")  # duplicate names: ties broken by id
        every = store.candidates("", limit=1000)
        pages, after = [], None
        while page := store.candidates("", limit=10, after=after):
            pages += page
            after = (page[-1].candidate.name, page[-1].candidate.id)
        assert [r.candidate.id for r in pages] == [r.candidate.id for r in every]
        assert [r.candidate.id for r in store.candidates("name", limit=10, offset=20)] == \
            [r.candidate.id for r in every[20:30]]
        assert [r.candidate.id for r in store.candidates("n", limit=10, offset=50)] == \
            [r.candidate.id for r in every[50:57]]
    finally:
        store.close()

"""Resumes in the store, on SQLite and PostgreSQL: saved, replaced, removed,
gone with the candidate."""

from __future__ import annotations

from datetime import datetime

from assessor.domain.resume import PDF, TEXT, Resume
from assessor.store import Store
from tests.resumes import pdf_bytes

AT = datetime(2025, 3, 1, 9, 30)


def test_save_replace_remove_and_erase(store_url):
    store = Store(store_url)
    try:
        cand = store.add_candidate("Ana Costa", "", "test-role")
        assert store.resume(cand.id) is None and not store.has_resume(cand.id)
        pdf = pdf_bytes("page one", "page two")
        store.save_resume(cand.id, Resume("cv.pdf", PDF, pdf, AT))
        got = store.resume(cand.id)
        assert (got.file_name, got.media_type, got.data, got.added_at, got.size) == ("cv.pdf", PDF, pdf, AT, len(pdf))
        store.save_resume(cand.id, Resume("cv.txt", TEXT, "Flask, 5 years".encode(), AT))  # replaces
        assert store.resume(cand.id).text() == "Flask, 5 years" and store.has_resume(cand.id)
        assert store.remove_resume(cand.id) and store.resume(cand.id) is None
        assert not store.remove_resume(cand.id)
        store.save_resume(cand.id, Resume("cv.pdf", PDF, pdf, AT))
        assert store.erase_candidate(cand.id)["resumes"] == 1
        assert store.resume(cand.id) is None
    finally:
        store.close()

"""The candidate search, by the index each database has (migration 0003).

:func:`search_filters` turns what the user typed into ``WHERE`` clauses on
``candidates``:

* 3 characters or more: a case-insensitive substring of name, email or
  role id.  SQLite answers from the FTS5 ``trigram`` table
  ``candidates_fts`` (a phrase ``MATCH``: https://sqlite.org/fts5.html#the_trigram_tokenizer);
  past ``FTS_CAP`` matches the name index is walked instead;
  PostgreSQL from the ``pg_trgm`` GIN indexes on ``lower(column)`` through
  ``LIKE`` (https://www.postgresql.org/docs/current/pgtrgm.html#PGTRGM-INDEX);
  any other database scans with ``LIKE``.
* 1 or 2 characters (no trigram to look up): names *starting* with the
  text, case-insensitively, as a few ranges on ``ix_candidates_name`` (one
  per upper/lower-case spelling of the prefix, at most 4, each read in
  name order and merged) checked by
  ``lower(name) LIKE 'te%'``.

``%``, ``_`` and ``\\`` typed by the user match themselves.
"""

from __future__ import annotations

from itertools import product

from sqlalchemy import ColumnElement, Connection, and_, func, literal_column, or_, select, table, text

from .models import CandidateRow

#: Database objects made by migration 0003 and not in the models (they
#: differ by dialect): the models-versus-migrations check skips them.
SEARCH_OBJECTS = frozenset({
    "candidates_fts", "candidates_fts_data", "candidates_fts_idx", "candidates_fts_docsize",
    "candidates_fts_config", "candidates_fts_content", "ix_candidates_name_trgm", "ix_candidates_email_trgm",
    "ix_candidates_role_id_trgm",
})

TRIGRAM = 3  # shortest text a trigram index can look up


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _spellings(prefix: str) -> list[str]:
    """Every upper/lower-case spelling of a 1–2 character prefix whose case
    change keeps its length (``"ab"`` → ab, aB, Ab, AB)."""
    options = [sorted({c, *(v for v in (c.lower(), c.upper()) if len(v) == 1)}) for c in prefix]
    return ["".join(p) for p in product(*options)]


def _prefix_filters(term: str) -> list[ColumnElement[bool]]:
    check = func.lower(CandidateRow.name).like(_escape_like(term.lower()) + "%", escape="\\")
    return [and_(CandidateRow.name >= spelling, CandidateRow.name < spelling[:-1] + chr(ord(spelling[-1]) + 1), check)
            for spelling in _spellings(term)]


def _like_filter(term: str) -> ColumnElement[bool]:
    pattern = f"%{_escape_like(term.lower())}%"
    return or_(*(func.lower(c).like(pattern, escape="\\")
                 for c in (CandidateRow.name, CandidateRow.email, CandidateRow.role_id)))


#: A term the trigram table finds in more rows than this is common: the
#: list then walks the name index in order, testing each row with ``LIKE``
#: (a page is found within a few hundred rows unless the matches cluster
#: at the end of the name order), instead of sorting every match by name.
#: Measured at 100,000 candidates: under 9 ms either way (docs/performance.md).
FTS_CAP = 20_000


def _fts_filter(conn: Connection, term: str) -> ColumnElement[bool]:
    phrase = '"' + term.replace('"', '""') + '"'
    matches = select(literal_column("rowid")).select_from(table("candidates_fts")).where(
        text("candidates_fts MATCH :fts_phrase").bindparams(fts_phrase=phrase))
    common = conn.execute(select(func.count()).select_from(matches.limit(FTS_CAP + 1).subquery())).scalar_one()
    if common > FTS_CAP:
        return _like_filter(term)
    return CandidateRow.id.in_(matches)


def search_filters(conn: Connection, term: str) -> list[ColumnElement[bool]]:
    """``WHERE`` clauses on ``candidates`` for ``term`` (already stripped)
    on the database of ``conn``; the rows wanted are the union of the rows
    each clause selects (one clause, except for a short prefix: one per
    spelling, each a range of the name index read in order).  ``[]`` for
    an empty term (every candidate).  On SQLite the trigram table is asked
    first (at most ``FTS_CAP`` + 1 ids)."""
    if not term:
        return []
    if len(term) < TRIGRAM:
        return _prefix_filters(term)
    if conn.dialect.name == "sqlite":
        return [_fts_filter(conn, term)]
    return [_like_filter(term)]

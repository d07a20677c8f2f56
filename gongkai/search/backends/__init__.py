"""Search backends behind one interface (`base.Backend`): SQLite FTS5, the embedded default,
and PostgreSQL. `get_backend()` gives the one for the database in use."""

from __future__ import annotations

from django.db import connection

from gongkai.search.backends.base import (
    FACETS,
    Backend,
    Document,
    Filters,
    Hits,
    Query,
    query_terms,
)
from gongkai.search.tokenise import Tokeniser


def get_backend(tokeniser: Tokeniser | None = None) -> Backend:
    if connection.vendor == "postgresql":
        from gongkai.search.backends.postgres import PostgresBackend

        return PostgresBackend(tokeniser)
    if connection.vendor == "sqlite":
        from gongkai.search.backends.sqlite import SqliteBackend

        return SqliteBackend(tokeniser)
    raise NotImplementedError(f"no search backend for {connection.vendor}")


__all__ = [
    "FACETS",
    "Backend",
    "Document",
    "Filters",
    "Hits",
    "Query",
    "get_backend",
    "query_terms",
]

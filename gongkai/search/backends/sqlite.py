"""SQLite FTS5 backend (the embedded default).

The text is tokenised in Python (gongkai.search.tokenise) and stored space-separated in an FTS5
table whose `unicode61` tokenizer only splits at the spaces; the `trigram` tokenisation stores
the normalised text itself under FTS5's `trigram` tokenizer. Filters are tokens of a `facets`
column, so a filter narrows the match inside the index instead of row by row afterwards.
Ranking is bm25 with column weights (title highest), after the pinned exact matches.

Nothing typed by a person reaches MATCH as syntax: every token is double-quoted, and tokens
hold only letters and digits (the trigram phrase has its quotes doubled).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from gongkai.search.backends.base import (
    COUNT_LIMIT,
    ENTRY_COLUMNS,
    RANK_ALL,
    AnyOf,
    Document,
    Hits,
    Phrase,
    Query,
    Substring,
    entry_values,
    facet_tokens,
    pin,
)
from gongkai.search.models import Entry
from gongkai.search.tokenise import Tokeniser, get_tokeniser

TABLE = "search_fts"
COLUMNS = ("title", "doc_number", "keywords", "body", "attachments", "facets")
CONTENT = "{title doc_number keywords body attachments}"
# bm25 weights, in column order (measured on the relevance set, docs/benchmarks.md).
WEIGHTS = (10.0, 8.0, 4.0, 1.0, 0.5, 0.0)
CHUNK = 500
HASHSIZE = 64 * 1024 * 1024


def create_sql(table: str = TABLE, tokenize: str = "unicode61 remove_diacritics 0") -> str:
    """The table's definition (the same as migration 0002's for the default table)."""
    return f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(COLUMNS)}, tokenize = '{tokenize}')"


def _phrase(phrase: Phrase) -> str:
    text = '"' + " ".join(phrase.tokens).replace('"', '""') + '"'
    return f"{text} *" if phrase.prefix else text


def _expression(clause: Phrase | AnyOf) -> str:
    """A phrase, or alternatives (each a conjunction) ORed: FTS5 syntax."""
    if isinstance(clause, Phrase):
        return _phrase(clause)
    options = []
    for option in clause.options:
        parts = [_expression(c) for c in option if isinstance(c, Phrase | AnyOf)]
        options.append("(" + " AND ".join(parts) + ")")
    return "(" + " OR ".join(options) + ")"


def _like(substring: Substring) -> tuple[str, list[str]]:
    pattern = (
        "%" + substring.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    )
    columns = COLUMNS[:-1]
    sql = " OR ".join(f"t.{column} LIKE %s ESCAPE '\\'" for column in columns)
    return f"({sql})", [pattern] * len(columns)


class SqliteBackend:
    vendor = "sqlite"

    def __init__(
        self, tokeniser: Tokeniser | None = None, table: str = TABLE, entries: bool = True
    ) -> None:
        self.tokeniser = tokeniser or get_tokeniser()
        self.table = table
        self.entries = entries  # False: another table of the same items (benchmarks)

    # -- writes ------------------------------------------------------------------------------

    def index(self, documents: Sequence[Document], *, replace: bool = True) -> None:
        """Add documents (`replace`: first removing what the index holds of them)."""
        if not documents:
            return
        tokens = self.tokeniser.index_text
        rows = [
            (
                d.item_id,
                tokens(d.title),
                tokens(d.doc_number),
                tokens(d.keywords),
                tokens(d.body),
                tokens(d.attachments),
                facet_tokens(d),
            )
            for d in documents
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            if replace:
                self._delete(cursor, [d.item_id for d in documents])
            if self.entries:
                cursor.executemany(
                    f"INSERT INTO search_entry ({ENTRY_COLUMNS}) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [entry_values(d) for d in documents],
                )
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, {', '.join(COLUMNS)}) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

    def remove(self, item_ids: Iterable[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, list(item_ids))

    def _delete(self, cursor, ids: list[int]) -> None:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({marks})", chunk)  # noqa: S608
            if self.entries:
                Entry.objects.filter(item_id__in=chunk).delete()

    def clear(self) -> None:
        """Empty the index. Dropping and recreating the table is much faster than deleting
        every row of an FTS5 table, which undoes each row's tokens one by one."""
        tokenize = "trigram" if self.tokeniser.name == "trigram" else None
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            cursor.execute(create_sql(self.table, tokenize) if tokenize else create_sql(self.table))
            # Pending tokens are flushed to the index when this much accumulates (default 1 MB):
            # larger, fewer segments, about twice as fast a rebuild.
            cursor.execute(
                f"INSERT INTO {self.table}({self.table}, rank) VALUES ('hashsize', %s)",  # noqa: S608
                [HASHSIZE],
            )
            if self.entries:
                Entry.objects.all().delete()

    def optimise(self) -> None:
        """Merge the index's segments into one (after a rebuild): faster queries."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {self.table}({self.table}) VALUES ('optimize')")  # noqa: S608

    # -- reads -------------------------------------------------------------------------------

    def _parts(self, query: Query) -> tuple[list[str], list[str], list]:
        """(each term as an FTS5 expression, LIKE conditions, their parameters)."""
        terms, likes, params = [], [], []
        for clauses in query.terms:
            phrases = [_expression(c) for c in clauses if isinstance(c, Phrase | AnyOf)]
            if phrases:
                terms.append("(" + " AND ".join(phrases) + ")")
            for substring in (c for c in clauses if isinstance(c, Substring)):
                sql, like_params = _like(substring)
                likes.append(sql)
                params.extend(like_params)
        return terms, likes, params

    def _sql(
        self,
        query: Query,
        terms: list[str],
        likes: list[str],
        like_params: list,
        columns: str = CONTENT,
        filters: bool = True,
    ) -> tuple[str, list]:
        """A WHERE clause over `t` (the FTS table): the terms in `columns`, the filters as
        tokens of the facets column, and the LIKE conditions (always ANDed)."""
        joiner = " OR " if query.any_term else " AND "
        match = []
        if terms:
            match.append(f"{columns} : (" + joiner.join(terms) + ")")
        tokens = query.filters.tokens() if filters else []
        if tokens:
            match.append("facets : (" + " AND ".join(f'"{f}"' for f in tokens) + ")")
        where, params = [], []
        if match:
            where.append(f"{self.table} MATCH %s")
            params.append(" AND ".join(match))
        return " AND ".join([*where, *likes]) or "1", [*params, *like_params]

    def _where(self, query: Query) -> tuple[str, list] | None:
        """The whole WHERE clause; None when there is nothing to look for."""
        terms, likes, like_params = self._parts(query)
        if not terms and not likes:
            return None
        return self._sql(query, terms, likes, like_params)

    def search(self, query: Query) -> Hits:
        terms, likes, like_params = self._parts(query)
        if not terms and not likes:
            return Hits([], [], 0)
        where, params = self._sql(query, terms, likes, like_params)
        table = self.table
        pinned = list(query.pinned) if query.sort != "date" else []
        wanted = query.offset + query.limit + len(pinned)
        with connection.cursor() as cursor:
            count = self._count(cursor, where, params, COUNT_LIMIT)
            if not count:
                return Hits([], [], 0)
            more = count > COUNT_LIMIT
            floor = self._floor(cursor, where, params, COUNT_LIMIT) if more else None
            if query.sort == "date":
                window = " AND t.rowid >= %s" if floor else ""
                cursor.execute(
                    f"SELECT t.rowid, 0.0 FROM {table} t "  # noqa: S608
                    f"JOIN search_entry e ON e.item_id = t.rowid WHERE {where}{window} "
                    "ORDER BY e.published_on DESC, t.rowid DESC LIMIT %s",
                    [*params, *([floor] if floor else []), wanted],
                )
                rows = cursor.fetchall()
            elif terms and all(
                self._count(cursor, *self._sql(query, [term], [], [], filters=False), RANK_ALL)
                <= RANK_ALL
                for term in terms
            ):
                rows = self._bm25(cursor, query, terms, likes, like_params, wanted)
            else:
                rows = self._tiers(cursor, query, terms, likes, like_params, wanted)
            facets: dict[str, list[tuple[object, int]]] = {}
            if query.facets:
                facets = self._facets(cursor, where, params, floor)
        ids, scores = pin(rows, pinned, query.offset, query.limit)
        total = min(count, COUNT_LIMIT)
        return Hits(ids, scores, total, facets, COUNT_LIMIT if floor else 0, more)

    def _count(self, cursor, where: str, params: list, limit: int) -> int:
        """Matches, counted up to limit + 1 (counting all 800,000 of a common word would take
        a tenth of a second)."""
        cursor.execute(
            f"SELECT count(*) FROM (SELECT t.rowid FROM {self.table} t WHERE {where} "  # noqa: S608
            "LIMIT %s)",
            [*params, limit + 1],
        )
        return cursor.fetchone()[0]

    def _floor(self, cursor, where: str, params: list, size: int) -> int:
        """The rowid from which on lie the newest `size` matches."""
        cursor.execute(
            f"SELECT t.rowid FROM {self.table} t WHERE {where} "  # noqa: S608
            "ORDER BY t.rowid DESC LIMIT 1 OFFSET %s",
            [*params, size - 1],
        )
        return cursor.fetchone()[0]

    def _bm25(self, cursor, query, terms, likes, like_params, wanted) -> list[tuple[int, float]]:
        """Every term is rare enough: bm25 over all matches. The filters are applied through
        search_entry, not as tokens in MATCH: bm25 would count every row holding a filter
        token (its IDF), which for a year or a validity is a fifth of the catalogue."""
        where, params = self._sql(query, terms, likes, like_params, filters=False)
        conditions, values = [], []
        for column, value in vars(query.filters).items():  # named as search_entry's columns
            if value is not None:
                conditions.append(f" AND e.{column} = %s")
                values.append(value)
        score = f"bm25({self.table}, {', '.join(map(str, WEIGHTS))})"
        cursor.execute(
            f"SELECT t.rowid, -{score} AS score FROM {self.table} t "  # noqa: S608
            f"JOIN search_entry e ON e.item_id = t.rowid WHERE {where}{''.join(conditions)} "
            "ORDER BY score DESC, e.published_on DESC, t.rowid DESC LIMIT %s",
            [*params, *values, wanted],
        )
        return cursor.fetchall()

    def _tiers(self, cursor, query, terms, likes, like_params, wanted) -> list[tuple[int, float]]:
        """A term too common for bm25 (its IDF alone reads every row that holds it): the
        items with the terms in the title first, then in the title, document number or
        keywords, then anywhere; newest first within each. Each step stops at what the page
        needs, so the cost does not grow with the catalogue."""
        tiers = [
            self._sql(query, terms, likes, like_params, columns="{title}"),
            self._sql(query, terms, likes, like_params, columns="{title doc_number keywords}"),
            self._sql(query, terms, likes, like_params),
        ]
        if not terms:
            tiers = tiers[-1:]
        rows: list[tuple[int, float]] = []
        seen: set[int] = set()
        for rank, (where, params) in enumerate(tiers):
            if len(rows) >= wanted:
                break
            cursor.execute(
                f"SELECT t.rowid FROM {self.table} t WHERE {where} "  # noqa: S608
                "ORDER BY t.rowid DESC LIMIT %s",
                [*params, wanted + len(seen)],
            )
            for (rowid,) in cursor.fetchall():
                if rowid not in seen:
                    seen.add(rowid)
                    rows.append((rowid, float(len(tiers) - rank)))
        return rows[:wanted]

    def _facets(
        self, cursor, where: str, params: list, floor: int | None
    ) -> dict[str, list[tuple[object, int]]]:
        if floor:
            where, params = where + " AND t.rowid >= %s", [*params, floor]
        cursor.execute(
            "WITH m AS MATERIALIZED ("  # noqa: S608
            "SELECT e.agency_id AS a, e.statutory_category AS c, e.subject_id AS s, "
            "e.year AS y, e.validity AS v "
            f"FROM {self.table} t JOIN search_entry e ON e.item_id = t.rowid WHERE {where}) "
            "SELECT 'agency', a, count(*) FROM m GROUP BY a UNION ALL "
            "SELECT 'category', c, count(*) FROM m GROUP BY c UNION ALL "
            "SELECT 'subject', s, count(*) FROM m GROUP BY s UNION ALL "
            "SELECT 'year', y, count(*) FROM m GROUP BY y UNION ALL "
            "SELECT 'validity', v, count(*) FROM m GROUP BY v",
            params,
        )
        facets: dict[str, list[tuple[object, int]]] = {}
        for name, value, count in cursor.fetchall():
            facets.setdefault(name, []).append((value, count))
        return facets

"""PostgreSQL backend: a tsvector of the pre-tokenised text ('simple' configuration: no
stemming, no stop words; the tokens are already what should match), weighted by field, with a
GIN index; ranking with ts_rank_cd, after the pinned exact matches.

Matching uses every token of a term (`&`), not the phrase (`<->`): GIN holds no positions, so
a phrase makes PostgreSQL re-read each candidate's whole tsvector from TOAST (66 against 12 ms
to count 老旧小区 in 100,000 items). The phrase still ranks: ts_rank_cd with the phrase query
scores an item where the tokens are not consecutive at zero, so it comes last. ts_rank_cd
reads the whole tsvector too: above a few hundred matches it ranks a small tsvector of the
title, document number and keywords of the newest matches instead, and lists the older ones
after them, newest first.

The tokens hold only letters and digits, so a tsquery built from them cannot carry syntax
typed by a person. tsvector keeps positions up to 16,383 and at most 1 MB, so the body and the
attachments' text are cut at a length far past what any search of a catalogue item needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from gongkai.search.backends.base import (
    COUNT_LIMIT,
    ENTRY_COLUMNS,
    AnyOf,
    Document,
    Hits,
    Phrase,
    Query,
    entry_values,
    facet_tokens,
    pin,
)
from gongkai.search.tokenise import Tokeniser, get_tokeniser

# ts_rank_cd weights for {D, C, B, A}: attachments, body, keywords, title and document number.
WEIGHTS = [0.05, 0.1, 0.4, 1.0]
# ts_rank_cd normalisation: 1 = divide by 1 + log(document length), like bm25's length term.
NORMALISATION = 1
MAX_TOKENS_TEXT = 200_000  # characters of token text per field
CHUNK = 500
# ts_rank_cd over the whole text reads each match's tsvector from TOAST (60–90 µs a match):
# done for up to PG_RANK_ALL matches; above, the small title/number/keywords tsvector of the
# newest PG_RANK_HEAD matches is ranked instead.
PG_RANK_ALL = 300
PG_RANK_HEAD = 2_000

_HEAD = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B')"
)
# The text by field, then the filter values as tokens (base.facet_tokens: ag…, ct…, yr…):
# a filter is then one more term of the tsquery, answered by the GIN index, where a condition
# on a column made PostgreSQL read every candidate row and its TOASTed tsvector (3–7 s for a
# common word in one year at a million items; docs/benchmarks.md). Ranking never asks for
# them, so they do not weigh in any score.
_DOCUMENT = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C') || "
    "setweight(to_tsvector('simple', %s), 'D') || to_tsvector('simple', %s)"
)
_FACETS = {0b01111: "agency", 0b10111: "category", 0b11011: "subject", 0b11101: "year"}


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(phrase: Phrase, operator: str = " <-> ") -> str:
    parts = [_lexeme(token) for token in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return "(" + operator.join(parts) + ")"


def _expression(clause: Phrase | AnyOf, operator: str) -> str:
    """A phrase, or alternatives (each a conjunction) ORed: tsquery syntax."""
    if isinstance(clause, Phrase):
        return _phrase(clause, operator)
    options = []
    for option in clause.options:
        if not all(isinstance(c, Phrase | AnyOf) for c in option):
            raise ValueError("PostgreSQL backend: substring clauses are not supported")
        options.append("(" + " & ".join(_expression(c, operator) for c in option) + ")")  # type: ignore[arg-type]
    return "(" + " | ".join(options) + ")"


def _window(source: str, where: str, size: int) -> str:
    """The newest `size` matches, as a subquery with the columns of search_entry."""
    return (
        f"(SELECT search_entry.* {source} WHERE {where} "  # noqa: S608
        f"ORDER BY item_id DESC LIMIT {int(size)}) AS w"
    )


def tsquery(query: Query, *, phrases: bool = True) -> str | None:
    """The query as a tsquery: with `phrases`, each term's tokens consecutive (`<->`), else
    only all present (`&`)."""
    operator = " <-> " if phrases else " & "
    terms = []
    for clauses in query.terms:
        phrases_ = [_expression(c, operator) for c in clauses if isinstance(c, Phrase | AnyOf)]
        if len(phrases_) != len(clauses):
            raise ValueError("PostgreSQL backend: substring clauses are not supported")
        if phrases_:
            terms.append("(" + " & ".join(phrases_) + ")")
    if not terms:
        return None
    return (" | " if query.any_term else " & ").join(terms)


class PostgresBackend:
    vendor = "postgresql"

    def __init__(self, tokeniser: Tokeniser | None = None) -> None:
        self.tokeniser = tokeniser or get_tokeniser()
        if self.tokeniser.name == "trigram":
            raise ValueError("PostgreSQL backend: use bigram or jieba tokenisation")

    def index(self, documents: Sequence[Document], *, replace: bool = True) -> None:
        """Add documents (`replace`: first removing what the index holds of them)."""
        if not documents:
            return
        tokens = self.tokeniser.index_text
        rows = [
            (
                *entry_values(d),
                *head,
                *head,
                tokens(d.body)[:MAX_TOKENS_TEXT],
                tokens(d.attachments)[:MAX_TOKENS_TEXT],
                facet_tokens(d),
            )
            for d in documents
            for head in [
                (
                    tokens(d.title)[:MAX_TOKENS_TEXT],
                    tokens(d.doc_number)[:MAX_TOKENS_TEXT],
                    tokens(d.keywords)[:MAX_TOKENS_TEXT],
                )
            ]
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            if replace:
                self._delete(cursor, [d.item_id for d in documents])
            cursor.executemany(
                f"INSERT INTO search_entry ({ENTRY_COLUMNS}, head, document) "  # noqa: S608
                f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, {_HEAD}, {_DOCUMENT})",
                rows,
            )

    def remove(self, item_ids: Iterable[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, list(item_ids))

    def _delete(self, cursor, ids: list[int]) -> None:
        for start in range(0, len(ids), CHUNK):
            cursor.execute(
                "DELETE FROM search_entry WHERE item_id = ANY(%s)", [ids[start : start + CHUNK]]
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            # DELETE, not TRUNCATE: TRUNCATE refuses while deferred constraint checks are pending.
            cursor.execute("DELETE FROM search_entry")

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")

    def _where(self, query: Query) -> tuple[str, list] | None:
        text = tsquery(query, phrases=False)
        if text is None:
            return None
        filters = query.filters.tokens()
        if filters:
            text = f"({text}) & " + " & ".join(_lexeme(token) for token in filters)
        return "document @@ q", [text]

    def search(self, query: Query) -> Hits:
        found = self._where(query)
        if found is None:
            return Hits([], [], 0)
        where, params = found
        source = "FROM search_entry, to_tsquery('simple', %s) AS q"
        pinned = list(query.pinned) if query.sort != "date" else []
        wanted = query.offset + query.limit + len(pinned)
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner does not price reading a TOASTed tsvector: left to itself it chose a
            # sequential scan testing every row's (seconds at a million items). Matches come
            # from the GIN index or, newest first, the primary key. JIT only added compile
            # time (30 ms) to these short queries.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL jit = off")
            # Counted up to COUNT_LIMIT + 1, as on SQLite.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {source} WHERE {where} LIMIT %s) AS m",  # noqa: S608
                [*params, COUNT_LIMIT + 1],
            )
            count = cursor.fetchone()[0]
            if not count:
                return Hits([], [], 0)
            more = count > COUNT_LIMIT
            # Above the limit, the date order and the facets are over the newest matches.
            newest = (
                f"FROM {_window(source, where, COUNT_LIMIT)}" if more else f"{source} WHERE {where}"
            )
            if query.sort == "date":
                cursor.execute(
                    f"SELECT item_id, 0.0 {newest} "  # noqa: S608
                    "ORDER BY published_on DESC, item_id DESC LIMIT %s",
                    [*params, wanted],
                )
                rows = [(pk, float(score)) for pk, score in cursor.fetchall()]
            else:
                rows = self._ranked(cursor, query, source, where, params, count, wanted)
            facets: dict[str, list[tuple[object, int]]] = {}
            if query.facets:
                facets = self._facets(cursor, newest, params)
        ids, scores = pin(rows, pinned, query.offset, query.limit)
        total = min(count, COUNT_LIMIT)
        return Hits(ids, scores, total, facets, COUNT_LIMIT if more else 0, more)

    def _ranked(self, cursor, query, source, where, params, count, wanted):
        """ts_rank_cd with the phrases: over the whole text when there are at most
        PG_RANK_ALL matches; above, over the title, document number and keywords of the newest
        PG_RANK_HEAD matches, then the older ones, newest first."""
        rank = f"ts_rank_cd(%s::float4[], document, to_tsquery('simple', %s), {NORMALISATION})"
        if count <= PG_RANK_ALL:
            cursor.execute(
                f"SELECT item_id, {rank} AS score {source} WHERE {where} "  # noqa: S608
                "ORDER BY score DESC, published_on DESC, item_id DESC LIMIT %s",
                [WEIGHTS, tsquery(query), *params, wanted],
            )
            return [(pk, float(score)) for pk, score in cursor.fetchall()]
        rank = rank.replace("document", "head")
        cursor.execute(
            f"SELECT item_id, {rank} AS score, min(item_id) OVER () "  # noqa: S608
            f"FROM {_window(source, where, PG_RANK_HEAD)} "
            "ORDER BY score DESC, published_on DESC, item_id DESC LIMIT %s",
            [WEIGHTS, tsquery(query), *params, wanted],
        )
        found = cursor.fetchall()
        rows = [(pk, float(score)) for pk, score, _ in found]
        if found and len(rows) < wanted:
            cursor.execute(
                f"SELECT item_id, 0.0 {source} WHERE {where} AND item_id < %s "  # noqa: S608
                "ORDER BY item_id DESC LIMIT %s",
                [*params, found[0][2], wanted - len(rows)],
            )
            rows += [(pk, float(score)) for pk, score in cursor.fetchall()]
        return rows

    def _facets(self, cursor, matches: str, params: list):
        columns = "agency_id, statutory_category, subject_id, year, validity"
        cursor.execute(
            f"SELECT GROUPING({columns}), {columns}, count(*) {matches} "  # noqa: S608
            "GROUP BY GROUPING SETS "
            "((agency_id), (statutory_category), (subject_id), (year), (validity))",
            params,
        )
        facets: dict[str, list[tuple[object, int]]] = {}
        for grouping, agency, category, subject, year, validity, count in cursor.fetchall():
            name = _FACETS.get(grouping, "validity")
            value = {
                "agency": agency,
                "category": category,
                "subject": subject,
                "year": year,
                "validity": validity,
            }[name]
            facets.setdefault(name, []).append((value, count))
        return facets

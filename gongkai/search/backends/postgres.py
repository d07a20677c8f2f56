"""PostgreSQL backend: a tsvector of the pre-tokenised text ('simple' configuration: no
stemming, no stop words; the tokens are already what should match), weighted by field, with a
GIN index; phrases with `<->`, ranking with ts_rank_cd, after the pinned exact matches.

The tokens hold only letters and digits, so a tsquery built from them cannot carry syntax
typed by a person. tsvector keeps positions up to 16,383 and at most 1 MB, so the body and the
attachments' text are cut at a length far past what any search of a catalogue item needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from gongkai.search.backends.base import (
    COUNT_LIMIT,
    RANK_ALL,
    Document,
    Hits,
    Phrase,
    Query,
    pin,
)
from gongkai.search.tokenise import Tokeniser, get_tokeniser

# ts_rank_cd weights for {D, C, B, A}: attachments, body, keywords, title and document number.
WEIGHTS = [0.05, 0.1, 0.4, 1.0]
# ts_rank_cd normalisation: 1 = divide by 1 + log(document length), like bm25's length term.
NORMALISATION = 1
MAX_TOKENS_TEXT = 200_000  # characters of token text per field
CHUNK = 500

_DOCUMENT = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C') || "
    "setweight(to_tsvector('simple', %s), 'D')"
)
_FILTERS = {
    "agency_id": "agency_id = %s",
    "statutory_category": "statutory_category = %s",
    "subject_id": "subject_id = %s",
    "year": "year = %s",
    "validity": "validity = %s",
}
_FACETS = {0b01111: "agency", 0b10111: "category", 0b11011: "subject", 0b11101: "year"}


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(phrase: Phrase) -> str:
    parts = [_lexeme(token) for token in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def tsquery(query: Query) -> str | None:
    terms = []
    for clauses in query.terms:
        phrases = [_phrase(c) for c in clauses if isinstance(c, Phrase)]
        if len(phrases) != len(clauses):
            raise ValueError("PostgreSQL backend: substring clauses are not supported")
        if phrases:
            terms.append("(" + " & ".join(phrases) + ")")
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
                d.item_id,
                d.agency_id,
                d.statutory_category,
                d.subject_id,
                d.year,
                d.validity,
                d.published_on,
                d.doc_number_key[:100],
                d.title_key[:300],
                tokens(d.title)[:MAX_TOKENS_TEXT],
                tokens(d.doc_number)[:MAX_TOKENS_TEXT],
                tokens(d.keywords)[:MAX_TOKENS_TEXT],
                tokens(d.body)[:MAX_TOKENS_TEXT],
                tokens(d.attachments)[:MAX_TOKENS_TEXT],
            )
            for d in documents
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            if replace:
                self._delete(cursor, [d.item_id for d in documents])
            cursor.executemany(
                "INSERT INTO search_entry (item_id, agency_id, statutory_category, subject_id, "  # noqa: S608
                "year, validity, published_on, doc_number_key, title_key, document) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, {_DOCUMENT})",
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
        text = tsquery(query)
        if text is None:
            return None
        where, params = ["document @@ q"], []
        for name, sql in _FILTERS.items():
            value = getattr(query.filters, name)
            if value is not None:
                where.append(sql)
                params.append(value)
        return " AND ".join(where), [text, *params]

    def search(self, query: Query) -> Hits:
        found = self._where(query)
        if found is None:
            return Hits([], [], 0)
        where, params = found
        source = "FROM search_entry, to_tsquery('simple', %s) AS q"
        pinned = list(query.pinned) if query.sort != "date" else []
        wanted = query.offset + query.limit + len(pinned)
        with connection.cursor() as cursor:
            # Counted up to COUNT_LIMIT + 1, as on SQLite.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {source} WHERE {where} LIMIT %s) AS m",  # noqa: S608
                [*params, COUNT_LIMIT + 1],
            )
            count = cursor.fetchone()[0]
            if not count:
                return Hits([], [], 0)
            floor = (
                self._floor(cursor, source, where, params, COUNT_LIMIT)
                if (count > COUNT_LIMIT)
                else None
            )
            rank_floor = None
            if query.sort == "date":
                window = " AND item_id >= %s" if floor else ""
                cursor.execute(
                    f"SELECT item_id, 0.0 {source} WHERE {where}{window} "  # noqa: S608
                    "ORDER BY published_on DESC, item_id DESC LIMIT %s",
                    [*params, *([floor] if floor else []), wanted],
                )
            else:
                # ts_rank_cd reads each match's whole tsvector: over the newest RANK_ALL.
                rank_floor = (
                    self._floor(cursor, source, where, params, RANK_ALL)
                    if count > RANK_ALL
                    else None
                )
                window = " AND item_id >= %s" if rank_floor else ""
                cursor.execute(
                    f"SELECT item_id, ts_rank_cd(%s::float4[], document, q, {NORMALISATION}) "  # noqa: S608
                    f"AS score {source} WHERE {where}{window} "
                    "ORDER BY score DESC, item_id DESC LIMIT %s",
                    [WEIGHTS, *params, *([rank_floor] if rank_floor else []), wanted],
                )
            rows = [(pk, float(score)) for pk, score in cursor.fetchall()]
            if query.sort != "date" and rank_floor and len(rows) < wanted:
                # Past the ranked window: the older matches, newest first.
                cursor.execute(
                    f"SELECT item_id, 0.0 {source} WHERE {where} AND item_id < %s "  # noqa: S608
                    "ORDER BY item_id DESC LIMIT %s",
                    [*params, rank_floor, wanted - len(rows)],
                )
                rows += [(pk, float(score)) for pk, score in cursor.fetchall()]
            facets: dict[str, list[tuple[object, int]]] = {}
            if query.facets:
                if floor:
                    where, params = where + " AND item_id >= %s", [*params, floor]
                facets = self._facets(cursor, source, where, params)
        ids, scores = pin(rows, pinned, query.offset, query.limit)
        total = min(count, COUNT_LIMIT)
        return Hits(ids, scores, total, facets, COUNT_LIMIT if floor else 0, count > COUNT_LIMIT)

    def _floor(self, cursor, source, where, params, size: int) -> int:
        """The item id from which on lie the newest `size` matches."""
        cursor.execute(
            f"SELECT item_id {source} WHERE {where} "  # noqa: S608
            "ORDER BY item_id DESC OFFSET %s LIMIT 1",
            [*params, size - 1],
        )
        return cursor.fetchone()[0]

    def _facets(self, cursor, source: str, where: str, params: list):
        columns = "agency_id, statutory_category, subject_id, year, validity"
        cursor.execute(
            f"SELECT GROUPING({columns}), {columns}, count(*) {source} "  # noqa: S608
            f"WHERE {where} GROUP BY GROUPING SETS "
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

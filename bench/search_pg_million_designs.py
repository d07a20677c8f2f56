"""Benchmark: designs of PostgreSQL full-text search at a million catalogue items, prototyped
in SQL beside the code in use (gongkai/search/backends/postgres.py), on the database and the
1,000 queries of `bench/search_scale.py`.

    .venv/bin/python bench/search_pg_million_designs.py \\
        --database postgres://postgres@127.0.0.1:5432/wt_search1m \\
        --queries /tmp/…/queries_1000000.json --prepare --designs current,head

`--prepare` adds what the designs read (idempotent; timed): a GIN index on `head`, the token
document-frequency table `search_token_df`, VACUUM ANALYZE; `--rum` a RUM index as well.
Designs (docs/benchmarks.md, "PostgreSQL at 1,000,000 items: designs"): `current` (the
backend in use), `head`/`head_small` (first attempt: GIN window ∪ GIN head window), `adaptive500`
(token frequencies choose walk or GIN bitmap), `slice500` (+ newest-id slices: the fallback
without RUM), `rum500`/`rum500n`/`rum300n`/`rum500i`/`rum500if` (RUM newest-first window;
`n`: no separate title tier — the recommended one). `--table sub` runs a design on a copy
of part of search_entry (`sub`, with its own `sub_df` frequencies); `--hard` only the
filtered, several-word and OR-group queries; `--profile` prints time by statement.
Each design answers every query as the portal asks it: the exact-match pins, the count
(capped), the first page of 20 ranked, the facet counts (second pass), the looser queries when
nothing matches, and the page's items read by primary key. Times are per query, warm cache
(a first pass over 50 queries is not counted). Queries with OR groups of synonyms
(`(城管 | 城市管理) & 执法`) are added (seeded) to exercise that shape.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from search_common import database, environment, percentile

# ts_rank_cd weights {D, C, B, A}, as gongkai/search/backends/postgres.py.
WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"
PAGE = 20

# Synonym groups for the OR-group queries: (alternatives, a second required word).
SYNONYMS = [
    ("城管", "城市管理"),
    ("低保", "最低生活保障"),
    ("加装电梯", "增设电梯"),
    ("三公经费", "三公"),
    ("营业执照", "执照"),
    ("招标", "招投标"),
    ("养老保险", "社会保险"),
    ("义务教育", "学前教育"),
    ("垃圾分类", "生活垃圾"),
    ("老旧小区", "旧城改造"),
    ("地质灾害", "应急预案"),
    ("食品安全", "抽检"),
]
SECOND = ["执法", "通知", "公示", "补贴", "改造", "预算", "审批", "救助", "2023", "年度"]


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass
class Compiled:
    """A query as the designs take it: groups that must all match, each an OR of
    alternatives, each alternative a phrase of tokens (the last maybe a prefix)."""

    kind: str
    text: str
    groups: list[list[tuple[tuple[str, ...], bool]]]
    filter_tokens: list[str] = field(default_factory=list)
    filter_sql: str = ""  # the same filters as conditions on search_entry's columns
    filter_params: list = field(default_factory=list)
    key: str = ""  # the exact-match key (doc number or title)

    def tokens(self) -> set[str]:
        return {t for g in self.groups for tokens, _ in g for t in tokens}

    def tsquery(self, *, phrase: bool, filters: bool = True, any_group: bool = False) -> str:
        op = " <-> " if phrase else " & "
        out = []
        for group in self.groups:
            alternatives = []
            for tokens, prefix in group:
                parts = [_lexeme(t) for t in tokens]
                if prefix:
                    parts[-1] += ":*"
                alternatives.append("(" + op.join(parts) + ")")
            out.append("(" + " | ".join(alternatives) + ")")
        text = (" | " if any_group else " & ").join(out)
        if filters and self.filter_tokens:
            text = f"({text}) & " + " & ".join(_lexeme(t) for t in self.filter_tokens)
        return text


def compile_queries(raw: list[dict], agencies: dict[str, int]) -> list[Compiled]:
    from gongkai.search.backends.base import Filters
    from gongkai.search.query import parse
    from gongkai.search.tokenise import get_tokeniser

    tokeniser = get_tokeniser()
    out = []
    for q in raw:
        parsed = parse(q["q"])
        groups = []
        for alternatives in q.get("groups") or [[t] for t in parsed.terms]:
            group = []
            for term in alternatives:
                for clause in tokeniser.clauses(parse(term).terms[0] if parse(term).terms else ""):
                    group.append((clause.tokens, clause.prefix))
            if group:
                groups.append(group)
        f = q["filters"]
        filters = Filters(
            agency_id=agencies[f["agency"]] if "agency" in f else None,
            year=f.get("year"),
            statutory_category=f.get("category"),
        )
        conditions, params = [], []
        for column, value in (
            ("agency_id", filters.agency_id),
            ("year", filters.year),
            ("statutory_category", filters.statutory_category),
        ):
            if value is not None:
                conditions.append(f"{column} = %s")
                params.append(value)
        out.append(
            Compiled(
                q["kind"],
                q["q"],
                groups,
                filters.tokens(),
                "".join(f" AND {c}" for c in conditions),
                params,
                parsed.key,
            )
        )
    return out


def synonym_queries(count: int, rng: random.Random, codes: list[str]) -> list[dict]:
    out = []
    for _ in range(count):
        alternatives = list(rng.choice(SYNONYMS))
        second = rng.choice(SECOND)
        query = {
            "kind": "or_groups",
            "q": f"({' | '.join(alternatives)}) & {second}",
            "groups": [alternatives, [second]],
            "filters": {},
        }
        if rng.random() < 0.3:
            which = rng.choice(("agency", "year", "category"))
            query["filters"] = {
                "agency": {"agency": rng.choice(codes)},
                "year": {"year": rng.randrange(2016, 2026)},
                "category": {"category": rng.choice(["20-3", "20-6", "20-9", "20-11", "20-13"])},
            }[which]
        out.append(query)
    return out


# --------------------------------------------------------------------------------------------
# Preparation (DDL), timed


PREPARE = [
    # autovacuum is off on the benchmark server: VACUUM sets the visibility map (counting a
    # bitmap then reads no heap page) and ANALYZE gives the planner the tokens' frequencies.
    ("vacuum analyze", "VACUUM ANALYZE search_entry"),
    (
        "head GIN index",
        "CREATE INDEX IF NOT EXISTS search_entry_head ON search_entry USING gin (head)",
    ),
    (
        "token document frequencies",
        "CREATE TABLE IF NOT EXISTS search_token_df (token text PRIMARY KEY, df integer NOT NULL)",
    ),
]
DF_FILL = (
    "INSERT INTO search_token_df (token, df) "
    "SELECT word, ndoc FROM ts_stat('SELECT document FROM search_entry') "
    "ON CONFLICT (token) DO UPDATE SET df = EXCLUDED.df"
)
RUM = [
    ("rum extension", "CREATE EXTENSION IF NOT EXISTS rum"),
    (
        "RUM index on document (item_id attached)",
        "CREATE INDEX IF NOT EXISTS search_entry_document_rum ON search_entry "
        "USING rum (document rum_tsvector_addon_ops, item_id) "
        "WITH (attach = 'item_id', to = 'document', order_by_attach = 't')",
    ),
    (
        "RUM index on head (item_id attached)",
        "CREATE INDEX IF NOT EXISTS search_entry_head_rum ON search_entry "
        "USING rum (head rum_tsvector_addon_ops, item_id) "
        "WITH (attach = 'item_id', to = 'head', order_by_attach = 't')",
    ),
]


def prepare(cursor, rum: bool) -> dict[str, float]:
    took = {}
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for label, sql in PREPARE + (RUM if rum else []):
        started = time.perf_counter()
        cursor.execute(sql)
        took[label] = time.perf_counter() - started
        print(f"  {label}: {took[label]:.1f} s", flush=True)
        if label == "token document frequencies":
            cursor.execute("SELECT count(*) FROM search_token_df")
            if not cursor.fetchone()[0]:
                started = time.perf_counter()
                cursor.execute("SET work_mem = '1GB'")
                cursor.execute(DF_FILL)
                cursor.execute("RESET work_mem")
                cursor.execute("ANALYZE search_token_df")
                took["token df fill"] = time.perf_counter() - started
                print(f"  token df fill: {took['token df fill']:.1f} s", flush=True)
    cursor.execute(
        "SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname LIKE 'search_entry%' "
        "OR relname = 'search_token_df' ORDER BY 1"
    )
    for name, size in cursor.fetchall():
        print(f"  {name}: {size / 2**20:,.0f} MiB")
    return took


# --------------------------------------------------------------------------------------------
# Designs. Each: (cursor, Compiled, facets) → (ids, count, facets)


FACET_SQL = (
    "SELECT GROUPING(agency_id, statutory_category, subject_id, year, validity), "
    "agency_id, statutory_category, subject_id, year, validity, count(*) FROM ({matches}) AS m "
    "GROUP BY GROUPING SETS ((agency_id), (statutory_category), (subject_id), (year), (validity))"
)


def current(cursor, q: Compiled, facets: bool):
    """The code in use, through the backend (what selectors.search calls), with its looser
    queries when nothing matches."""
    from dataclasses import replace

    from gongkai.search.backends.base import Query
    from gongkai.search.backends.postgres import PostgresBackend
    from gongkai.search.tokenise import Phrase

    backend = PostgresBackend()
    terms = tuple(tuple(Phrase(tokens, prefix) for tokens, prefix in g) for g in q.groups)
    if any(len(g) > 1 for g in q.groups):
        # OR groups do not exist in the code in use: the first alternative only.
        terms = tuple((g[0],) for g in terms)
    filters = _filters(q)
    query = Query(terms=terms, filters=filters, pinned=_pins(cursor, q), facets=facets)
    hits = backend.search(query)
    if not hits.total:
        tokens = sorted({t for g in q.groups for a, _ in g for t in a if len(t) > 1})
        for looser in ([replace(query, any_term=True)] if len(terms) > 1 else []) + (
            [replace(query, terms=tuple((Phrase((t,)),) for t in tokens), any_term=True)]
            if len(tokens) > 1
            else []
        ):
            hits = backend.search(looser)
            if hits.total:
                break
    _fetch(cursor, hits.ids)
    return hits.ids, hits.total, hits.facets


def _filters(q: Compiled):
    from gongkai.search.backends.base import Filters

    f = dict(zip(("agency_id", "year", "statutory_category"), [None] * 3, strict=True))
    for cond, value in zip(q.filter_sql.split(" AND ")[1:], q.filter_params, strict=True):
        f[cond.split(" = ")[0]] = value
    return Filters(**f)


def _pins(cursor, q: Compiled) -> tuple[int, ...]:
    if not q.key:
        return ()
    found = []
    for column in ("doc_number_key", "title_key"):
        cursor.execute(
            f"SELECT item_id FROM search_entry WHERE {column} = %s{q.filter_sql} "  # noqa: S608
            "ORDER BY published_on DESC LIMIT 10",
            [q.key, *q.filter_params],
        )
        found += [r[0] for r in cursor.fetchall()]
    return tuple(dict.fromkeys(found))


def _fetch(cursor, ids: list[int]) -> None:
    """The page's items by primary key, as catalogue.selectors.public_items_by_pk does."""
    if ids:
        cursor.execute(
            "SELECT id, title, body, summary, status, attribute FROM catalogue_item "
            "WHERE id = ANY(%s)",
            [list(ids)],
        )
        cursor.fetchall()


@dataclass
class Tuning:
    count_cap: int = 1000  # matches counted up to this ("1000+")
    window: int = 1000  # candidates: the newest this many matches; facets over them
    head_window: int = 1000  # title/number/keywords matches ranked, newest first
    body_check: int = 40  # top candidates whose body is checked for the phrase
    work_mem: str = "64MB"
    independent: bool = False  # sparse path when the expected (independent) count is small
    head_unfiltered: bool = False  # no title tier when a filter is chosen
    rum: bool = False  # a RUM index (rum_tsvector_addon_ops, item_id attached) is there
    sparse: int = 2000  # at most this many matches (bound): the GIN bitmap even with RUM
    slices: bool = False  # GIN alone: read the newest ids only (see adaptive)
    dense: float = 0.3  # walk the primary key when the matches may be this share of the rows


def make_head_design(t: Tuning):
    def design(cursor, q: Compiled, facets: bool):
        return head_design(cursor, q, facets, t)

    return design


def head_design(cursor, q: Compiled, facets: bool, t: Tuning, any_group: bool = False):
    """Candidates = the newest `window` matches of the whole text (GIN on `document`,
    an exact bitmap: enough work_mem, no tsvector read) ∪ the newest `head_window` matches of
    title/number/keywords (GIN on `head`). Ranked by tier then ts_rank_cd over `head` only
    (small, stored inline): 3 = every group a phrase in head, 2 = every group in head, then
    1 = every group a phrase in the body (checked for the top `body_check` only: that reads
    the TOASTed tsvector), 0 = scattered. Count capped; facets over the window."""
    cursor.execute(f"SET LOCAL work_mem = '{t.work_mem}'")
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute("SET LOCAL jit = off")
    pins = _pins(cursor, q) if not any_group else ()
    match = q.tsquery(phrase=False, any_group=any_group)
    head_match = q.tsquery(phrase=False, filters=False, any_group=any_group)
    phrase = q.tsquery(phrase=True, filters=False, any_group=any_group)
    cursor.execute(
        "SELECT count(*) FROM (SELECT 1 FROM search_entry "
        "WHERE document @@ to_tsquery('simple', %s) LIMIT %s) AS m",
        [match, t.count_cap + 1],
    )
    count = cursor.fetchone()[0]
    if not count:
        if not any_group and (len(q.groups) > 1):
            return head_design(cursor, q, facets, t, any_group=True)
        if not any_group and len(q.tokens()) > 1 and len(q.groups) == 1:
            loose = Compiled(
                q.kind,
                q.text,
                [[((tok,), False)] for tok in sorted(q.tokens()) if len(tok) > 1],
                q.filter_tokens,
                q.filter_sql,
                q.filter_params,
            )
            return head_design(cursor, loose, facets, t, any_group=True)
        _fetch(cursor, list(pins))
        return list(pins), len(pins), {}
    window = (
        "SELECT item_id, agency_id, statutory_category, subject_id, year, validity, head "
        "FROM search_entry WHERE document @@ to_tsquery('simple', %s) "
        "ORDER BY item_id DESC LIMIT %s"
    )
    heads = (
        "SELECT item_id, agency_id, statutory_category, subject_id, year, validity, head "  # noqa: S608
        f"FROM search_entry WHERE head @@ to_tsquery('simple', %s){q.filter_sql} "
        "ORDER BY item_id DESC LIMIT %s"
    )
    cursor.execute(
        "WITH c AS ((" + window + ") UNION (" + heads + ")) "  # noqa: S608
        "SELECT item_id, "
        "CASE WHEN head @@ to_tsquery('simple', %s) THEN 3 "
        "WHEN head @@ to_tsquery('simple', %s) THEN 2 ELSE 0 END "
        f"+ ts_rank_cd('{WEIGHTS}'::float4[], head, to_tsquery('simple', %s), 1) AS score "
        "FROM c ORDER BY score DESC, item_id DESC LIMIT %s",
        [
            match,
            t.window,
            head_match,
            *q.filter_params,
            t.head_window,
            phrase,
            head_match,
            phrase,
            max(t.body_check, PAGE),
        ],
    )
    ranked = cursor.fetchall()
    # Body phrase check for the top candidates that are not head matches.
    body = [pk for pk, score in ranked if score < 2]
    if body and any(len(tokens) > 1 for g in q.groups for tokens, _ in g):
        cursor.execute(
            "SELECT item_id FROM search_entry WHERE item_id = ANY(%s) "
            "AND document @@ to_tsquery('simple', %s)",
            [body, phrase],
        )
        phrased = {r[0] for r in cursor.fetchall()}
        ranked = sorted(
            ranked, key=lambda r: (r[1] + (1 if r[0] in phrased else 0), r[0]), reverse=True
        )
    ids = list(dict.fromkeys([*pins, *(pk for pk, _ in ranked)]))[:PAGE]
    out_facets = {}
    if facets:
        cursor.execute(FACET_SQL.format(matches=window), [match, t.window])
        for row in cursor.fetchall():
            out_facets.setdefault(row[0], []).append((row[1:6], row[6]))
    _fetch(cursor, ids)
    return ids, min(count, t.count_cap), out_facets


_TOTAL: dict[str, int] = {}
PATHS: dict[str, int] = {}
STATEMENTS: dict[str, float] = {}


def estimate(cursor, q: Compiled, any_group: bool = False) -> tuple[int, int]:
    """(an upper bound on the matches from the token document frequencies, the rows)."""
    if "n" not in _TOTAL:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'search_entry'")
        _TOTAL["n"] = max(1, cursor.fetchone()[0])
    total = _TOTAL["n"]
    tokens = sorted(q.tokens() | set(q.filter_tokens))
    cursor.execute("SELECT token, df FROM search_token_df WHERE token = ANY(%s)", [tokens])
    df = dict(cursor.fetchall())
    bounds = []
    for group in q.groups:
        alternatives = []
        for tokens_, prefix in group:
            known = [df.get(t, 0) for t in (tokens_[:-1] if prefix else tokens_)]
            alternatives.append(min(known) if known else total)
        bounds.append(min(total, sum(alternatives)))
    bound = (sum if any_group else min)(bounds) if bounds else total
    for token in q.filter_tokens:
        bound = min(bound, df.get(token, 0))
    # As if the groups and filters were independent: the expected matches of an AND.
    share = 1.0
    if not any_group:
        for b in bounds:
            share *= b / total
        for token in q.filter_tokens:
            share *= df.get(token, 0) / total
    _TOTAL["expected"] = int(min(bound, share * total))
    return bound, total


def adaptive(cursor, q: Compiled, facets: bool, t: Tuning, any_group: bool = False):
    """One read of the newest `window` matches, by the path the token frequencies choose:
    walking the primary key backwards testing each row (dense: a bound over
    `dense` of the rows) or the GIN index's exact bitmap (sparse). The count ("window+"),
    the facets and the candidates all come from that read; title/number/keywords matches
    (GIN on `head`) are added; ranked by tier then ts_rank_cd over `head`."""
    pins = _pins(cursor, q) if not any_group else ()
    bound, total = estimate(cursor, q, any_group)
    dense = bound >= t.dense * total
    order = "item_id DESC"
    settings = f"SET LOCAL work_mem = '{t.work_mem}'; SET LOCAL enable_seqscan = off; "
    settings += "SET LOCAL jit = off; "
    if dense:
        path = "walk"
        settings += "SET LOCAL enable_bitmapscan = off"
    elif t.rum and (_TOTAL["expected"] if t.independent else bound) > t.sparse:
        # RUM: the index gives the matches newest first (item_id attached, order_by_attach).
        path = "rum"
        settings += "SET LOCAL enable_bitmapscan = off"
        order = "item_id <=| 9223372036854775807::bigint"
    else:
        path = "bitmap"
        settings += "SET LOCAL enable_indexscan = off"
    slice_ = ""
    if path == "bitmap" and t.slices and bound > t.sparse:
        # GIN alone: a BitmapAnd with the primary key over the newest ids, about twice as
        # many as the window needs at the bound's density, so that only those rows are read.
        path = "slice"
        if "max" not in _TOTAL:
            cursor.execute("SELECT max(item_id) FROM search_entry")
            _TOTAL["max"] = cursor.fetchone()[0] or 0
        span = int(2 * (t.window + 1) * total / max(bound, 1))
        slice_ = f" AND item_id > {_TOTAL['max'] - span}"
    cursor.execute(settings)
    PATHS[path] = PATHS.get(path, 0) + 1
    match = q.tsquery(phrase=False, any_group=any_group)
    head_match = q.tsquery(phrase=False, filters=False, any_group=any_group)
    phrase = q.tsquery(phrase=True, filters=False, any_group=any_group)
    cursor.execute(
        # The head is read (and ranked) only for the window's rows: after the LIMIT.
        "SELECT item_id, agency_id, statutory_category, subject_id, year, validity, "  # noqa: S608
        "CASE WHEN head @@ to_tsquery('simple', %s) THEN 3 "
        "WHEN head @@ to_tsquery('simple', %s) THEN 2 ELSE 0 END "
        f"+ ts_rank_cd('{WEIGHTS}'::float4[], head, to_tsquery('simple', %s), 1) "
        "FROM (SELECT item_id, agency_id, statutory_category, subject_id, year, validity, head "
        f"FROM search_entry WHERE document @@ to_tsquery('simple', %s){slice_} "
        f"ORDER BY {order} LIMIT %s) AS w",
        [phrase, head_match, phrase, match, t.window + 1],
    )
    rows = cursor.fetchall()
    if slice_ and len(rows) <= t.window:
        # Sparser than the bound said: the whole index (a second GIN scan).
        PATHS["slice miss"] = PATHS.get("slice miss", 0) + 1
        cursor.execute(
            "SELECT item_id, agency_id, statutory_category, subject_id, year, validity, "  # noqa: S608
            "CASE WHEN head @@ to_tsquery('simple', %s) THEN 3 "
            "WHEN head @@ to_tsquery('simple', %s) THEN 2 ELSE 0 END "
            f"+ ts_rank_cd('{WEIGHTS}'::float4[], head, to_tsquery('simple', %s), 1) "
            "FROM (SELECT item_id, agency_id, statutory_category, subject_id, year, validity, "
            "head FROM search_entry WHERE document @@ to_tsquery('simple', %s) "
            "ORDER BY item_id DESC LIMIT %s) AS w",
            [phrase, head_match, phrase, match, t.window + 1],
        )
        rows = cursor.fetchall()
    if not rows:
        if not any_group and len(q.groups) > 1:
            return adaptive(cursor, q, facets, t, any_group=True)
        if not any_group and len(q.tokens()) > 1 and len(q.groups) == 1:
            loose = Compiled(
                q.kind,
                q.text,
                [[((tok,), False)] for tok in sorted(q.tokens()) if len(tok) > 1],
                q.filter_tokens,
                q.filter_sql,
                q.filter_params,
            )
            return adaptive(cursor, loose, facets, t, any_group=True)
        _fetch(cursor, list(pins))
        return list(pins), len(pins), {}
    count = len(rows)
    rows = rows[: t.window]
    ranked = {r[0]: r[6] for r in rows}
    if count > t.window and t.head_window and not (t.head_unfiltered and q.filter_tokens):
        # More matches than the window: add the newest title/number/keywords matches.
        head_order = "item_id DESC"
        if t.rum:
            head_order = "item_id <=| 9223372036854775807::bigint"
            cursor.execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = on")
        else:
            cursor.execute("SET LOCAL enable_bitmapscan = on; SET LOCAL enable_indexscan = on")
        cursor.execute(
            "SELECT item_id, CASE WHEN head @@ to_tsquery('simple', %s) THEN 3 ELSE 2 END "  # noqa: S608
            f"+ ts_rank_cd('{WEIGHTS}'::float4[], head, to_tsquery('simple', %s), 1) "
            "FROM (SELECT item_id, head FROM search_entry "
            f"WHERE head @@ to_tsquery('simple', %s){q.filter_sql} "
            f"ORDER BY {head_order} LIMIT %s) AS w",
            [phrase, phrase, head_match, *q.filter_params, t.head_window],
        )
        ranked.update(cursor.fetchall())
    order = sorted(ranked.items(), key=lambda r: (r[1], r[0]), reverse=True)
    top = order[: max(t.body_check, PAGE)]
    body = [pk for pk, score in top if score < 2]
    if body and any(len(tokens) > 1 for g in q.groups for tokens, _ in g):
        cursor.execute(
            "SELECT item_id FROM search_entry WHERE item_id = ANY(%s) "
            "AND document @@ to_tsquery('simple', %s)",
            [body, phrase],
        )
        phrased = {r[0] for r in cursor.fetchall()}
        top = sorted(top, key=lambda r: (r[1] + (1 if r[0] in phrased else 0), r[0]), reverse=True)
    ids = list(dict.fromkeys([*pins, *(pk for pk, _ in top)]))[:PAGE]
    out_facets: dict = {}
    if facets:
        for index, name in enumerate(("agency", "category", "subject", "year", "validity"), 1):
            counts: dict = {}
            for r in rows:
                counts[r[index]] = counts.get(r[index], 0) + 1
            out_facets[name] = sorted(counts.items(), key=lambda c: -c[1])
    _fetch(cursor, ids)
    return ids, count, out_facets


# --------------------------------------------------------------------------------------------
# Measuring


class TableCursor:
    """A cursor that reads another table than search_entry (a copy of part of it)."""

    def __init__(self, cursor, table: str) -> None:
        self.cursor, self.table = cursor, table

    def execute(self, sql, params=None):
        started = time.perf_counter()
        if self.table != "search_entry":
            sql = sql.replace("search_token_df", self.table + "_df")
            sql = sql.replace("search_entry", self.table)
        try:
            return self.cursor.execute(sql, params)
        finally:
            key = " ".join(sql.split()[:4])[:60]
            STATEMENTS[key] = STATEMENTS.get(key, 0.0) + time.perf_counter() - started

    def __getattr__(self, name):
        return getattr(self.cursor, name)


def run(design, cursor, queries: list[Compiled], facets: bool) -> list[float]:
    from django.db import transaction

    times = []
    for q in queries:
        started = time.perf_counter()
        with transaction.atomic():  # SET LOCAL lasts one query; the backend nests its own
            design(cursor, q, facets)
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(label: str, times: list[float]) -> str:
    return (
        f"| {label} | {len(times)} | {percentile(times, 0.5):.1f} | {percentile(times, 0.95):.1f} "
        f"| {percentile(times, 0.99):.1f} | {max(times):.0f} |"
    )


def report(name: str, queries: list[Compiled], results: dict[str, list[float]]) -> None:
    print(f"\n#### {name}\n")
    print("| queries | n | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, times in results.items():
        print(row(f"all, {label}", times))
    times = results["results"]
    print(
        row(
            "without a filter",
            [t for t, q in zip(times, queries, strict=True) if not q.filter_tokens],
        )
    )
    print(row("with a filter", [t for t, q in zip(times, queries, strict=True) if q.filter_tokens]))
    for kind in dict.fromkeys(q.kind for q in queries):
        print(row(kind, [t for t, q in zip(times, queries, strict=True) if q.kind == kind]))
    if "facets" in results:
        facet_times = results["facets"]
        for kind in dict.fromkeys(q.kind for q in queries):
            print(
                row(
                    f"{kind}, with facets",
                    [t for t, q in zip(facet_times, queries, strict=True) if q.kind == kind],
                )
            )
    slow = sorted(zip(times, queries, strict=True), key=lambda p: -p[0])[:8]
    print(
        "\nslowest (results page): "
        + "; ".join(
            f"{q.text!r}{' ' + ','.join(q.filter_tokens) if q.filter_tokens else ''} {t:.0f} ms"
            for t, q in slow
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--designs", default="current,head")
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--rum", action="store_true")
    parser.add_argument("--synonyms", type=int, default=100)
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--no-facets", action="store_true")
    parser.add_argument("--hard", action="store_true", help="only filtered, multi, OR groups")
    parser.add_argument("--output")
    parser.add_argument("--table", default="search_entry")
    parser.add_argument("--profile", action="store_true", help="time by statement")
    args = parser.parse_args()
    database(args.database, "unused")
    from django.db import connection

    cursor = connection.cursor()
    if args.prepare:
        print(prepare(cursor, args.rum))
    cursor.execute("SELECT code, id FROM accounts_agency")
    agencies = dict(cursor.fetchall())
    raw = json.loads(Path(args.queries).read_text(encoding="utf-8"))
    raw += synonym_queries(args.synonyms, random.Random(20261203), sorted(agencies))
    if args.limit:
        raw = raw[: args.limit]
    if args.hard:
        raw = [r for r in raw if r["filters"] or r["kind"] in ("multi", "or_groups")]
    queries = compile_queries(raw, agencies)
    print(environment())
    designs = {
        "current": current,
        "head": make_head_design(Tuning()),
        "head_small": make_head_design(Tuning(window=300, head_window=300, count_cap=1000)),
        "adaptive": lambda c, q, f: adaptive(c, q, f, Tuning()),
        "adaptive500": lambda c, q, f: adaptive(c, q, f, Tuning(window=500, head_window=300)),
        "adaptive_nohead": lambda c, q, f: adaptive(c, q, f, Tuning(window=500, head_window=0)),
        "slice500": lambda c, q, f: adaptive(
            c, q, f, Tuning(window=500, head_window=300, slices=True, dense=0.1)
        ),
        "rum500": lambda c, q, f: adaptive(c, q, f, Tuning(window=500, head_window=300, rum=True)),
        "rum500i": lambda c, q, f: adaptive(
            c, q, f, Tuning(window=500, head_window=300, rum=True, independent=True)
        ),
        "rum500n": lambda c, q, f: adaptive(c, q, f, Tuning(window=500, head_window=0, rum=True)),
        "rum300n": lambda c, q, f: adaptive(c, q, f, Tuning(window=300, head_window=0, rum=True)),
        "rum500if": lambda c, q, f: adaptive(
            c,
            q,
            f,
            Tuning(window=500, head_window=300, rum=True, independent=True, head_unfiltered=True),
        ),
        "rum1000": lambda c, q, f: adaptive(
            c, q, f, Tuning(window=1000, head_window=300, rum=True)
        ),
    }
    out = {}
    for name in args.designs.split(","):
        design = designs[name]
        if args.table != "search_entry" or args.profile:
            cursor = TableCursor(connection.cursor(), args.table)
        run(design, cursor, queries[:50], False)  # warm
        results = {"results": run(design, cursor, queries, False)}
        if not args.no_facets:
            results["facets"] = run(design, cursor, queries, True)
        report(name, queries, results)
        print(f"paths taken: {PATHS}")
        if STATEMENTS:
            print(
                "time by statement (s): "
                + "; ".join(
                    f"{k}: {v:.1f}" for k, v in sorted(STATEMENTS.items(), key=lambda i: -i[1])[:8]
                )
            )
            STATEMENTS.clear()
        PATHS.clear()
        out[name] = results
    if args.output:
        Path(args.output).write_text(json.dumps(out), encoding="utf-8")
    print(f"\nload at the end: {statistics.mean([__import__('os').getloadavg()[0]]):.2f}")


if __name__ == "__main__":
    sys.exit(main())

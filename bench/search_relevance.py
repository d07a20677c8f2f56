"""Benchmark: the three tokenisations on the relevance set (MRR, recall@10), index build time
and query latency, on the generated corpus.

    .venv/bin/python bench/search_relevance.py                   # 4,000 items, SQLite
    .venv/bin/python bench/search_relevance.py --items 100000    # judged by the same rules
    .venv/bin/python bench/search_relevance.py --database postgres://postgres@127.0.0.1:5432/gk_rel
    .venv/bin/python bench/search_relevance.py --write           # re-make relevance.jsonl

Without --database, a throwaway SQLite file in /tmp/gongkai-search-bench. At the relevance
set's own size (4,000 items) the judgements are read from gongkai/search/tests/data/
relevance.jsonl; at any other size they are made by the same rules over that corpus
(gongkai.search.tests.relevance.judge). Each tokenisation gets its own full-text table of the same
items; queries go through `gongkai.search.selectors.search`, as the portal's do. Latency: every
query of the set 5 times after one unmeasured round, a first page of 20 with facets.
"""

from __future__ import annotations

import argparse
import time

from search_common import database, environment, load_corpus, percentile

BATCH = 1000
SUBSTRINGS = 300


def substrings(documents, count: int, seed: int = 20261122) -> list[str]:
    """Two- to four-character pieces of the items' titles and bodies (CJK only), as someone
    copying a few characters would type them."""
    import random
    import re

    rng = random.Random(seed)
    runs = re.compile(r"[\u4e00-\u9fff]{4,}")
    out: list[str] = []
    while len(out) < count:
        d = rng.choice(documents)
        found = runs.findall(rng.choice((d.title, d.body)))
        if found:
            run = rng.choice(found)
            size = rng.choice((2, 2, 3, 4))
            start = rng.randrange(len(run) - size + 1)
            out.append(run[start : start + size])
    return out


def substring_recall(backend, documents, pieces) -> float:
    """Share of the items holding each piece (in title, document number, keywords or body,
    normalised) that the index finds: what LIKE '%piece%' finds, and the index should."""
    from django.db import connection

    from gongkai.search.backends import Query, query_terms
    from gongkai.search.query import parse

    found = wanted = 0
    for piece in pieces:
        holding = {
            d.item_id
            for d in documents
            if piece in d.title or piece in d.doc_number or piece in d.keywords or piece in d.body
        }
        query = Query(terms=query_terms(backend.tokeniser, parse(piece).terms))
        where, params = backend._where(query)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"SELECT t.rowid FROM {backend.table} t WHERE {where}", params)  # noqa: S608
            else:
                cursor.execute(
                    "SELECT item_id FROM search_entry, to_tsquery('simple', %s) AS q "  # noqa: S608
                    f"WHERE {where}",
                    params,
                )
            hits = {row[0] for row in cursor.fetchall()}
        found += len(holding & hits)
        wanted += len(holding)
    return found / wanted if wanted else 1.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument("--database")
    parser.add_argument("--tokenisers", default="bigram,jieba,trigram")
    parser.add_argument("--write", action="store_true", help="re-make relevance.jsonl")
    parser.add_argument("--misses", action="store_true", help="list queries not ranked first")
    args = parser.parse_args()

    from gongkai.search.tests import relevance

    if args.write:
        print(f"wrote {relevance.write()} queries to {relevance.DATA}")
        return
    count = args.items or relevance.CORPUS_SIZE
    database(args.database, f"relevance_{count}")

    from django.db import connection

    from gongkai.catalogue.selectors import public_items
    from gongkai.search.backends.sqlite import SqliteBackend
    from gongkai.search.documents import document_for
    from gongkai.search.selectors import search
    from gongkai.search.tokenise import get_tokeniser

    keys = load_corpus(count, seed=relevance.CORPUS_SEED, extra=relevance.extra_items())
    by_pk = {pk: key for key, pk in keys.items()}
    if count == relevance.CORPUS_SIZE:
        judgements = relevance.load()
    else:
        judgements = [
            relevance.Judgement(r["id"], r["kind"], r["query"], frozenset(r["relevant"]))
            for r in relevance.judge(relevance.corpus(count))
        ]
    print(environment())
    started = time.perf_counter()
    documents = [document_for(item, []) for item in public_items().order_by("pk").iterator()]
    print(f"{len(documents):,} documents normalised in {time.perf_counter() - started:.1f} s")

    pieces = substrings(documents, SUBSTRINGS)
    rows = []
    for name in args.tokenisers.split(","):
        tokeniser = get_tokeniser(name)
        if connection.vendor == "postgresql":
            if name == "trigram":
                continue
            from gongkai.search.backends.postgres import PostgresBackend

            backend = PostgresBackend(tokeniser)
        else:
            default = name == "bigram"
            backend = SqliteBackend(
                tokeniser, table="search_fts" if default else f"bench_fts_{name}", entries=default
            )
        # PostgreSQL has one tsvector column: another tokenisation replaces it for its run.
        started = time.perf_counter()
        backend.clear()
        for start in range(0, len(documents), BATCH):
            backend.index(documents[start : start + BATCH])
        backend.optimise()
        build = time.perf_counter() - started

        def run(query, backend=backend):
            page = search(query, page_size=10, facets=False, backend=backend)
            return [by_pk[r.item.pk] for r in page.results]

        score = relevance.evaluate(judgements, run)
        for j in judgements:  # warm-up
            search(j.query, backend=backend)
        times = []
        for _ in range(5):
            for j in judgements:
                t = time.perf_counter()
                search(j.query, backend=backend)
                times.append((time.perf_counter() - t) * 1000)
        like = substring_recall(backend, documents, pieces)
        rows.append((name, score, build, percentile(times, 0.5), percentile(times, 0.95), like))
        print(
            f"{name:8} MRR {score.mrr:.3f}  recall@10 {score.recall:.3f}  "
            f"substrings found {like:.2%}  "
            f"build {build:.1f} s ({len(documents) / build:,.0f} items/s)  "
            f"p50 {percentile(times, 0.5):.1f} ms  p95 {percentile(times, 0.95):.1f} ms",
            flush=True,
        )
        for kind, (n, mrr, recall) in score.per_kind.items():
            print(f"    {kind:12} {n:3} queries  MRR {mrr:.3f}  recall@10 {recall:.3f}")
        if args.misses:
            for qid, query, rank in score.misses:
                print(f"    miss {qid} {query!r}: first relevant at {rank}")
        if connection.vendor == "postgresql" and name != "bigram":
            # Leave the database's index in the tokenisation the application uses.
            backend = PostgresBackend(get_tokeniser("bigram"))
            backend.clear()
            for start in range(0, len(documents), BATCH):
                backend.index(documents[start : start + BATCH])

    print(
        "\n| Tokenisation | MRR | recall@10 | substrings found | index build | query p50 "
        "| query p95 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, score, build, p50, p95, like in rows:
        print(
            f"| {name} | {score.mrr:.3f} | {score.recall:.3f} | {like:.2%} | {build:.1f} s | "
            f"{p50:.1f} ms | {p95:.1f} ms |"
        )


if __name__ == "__main__":
    main()

"""Benchmark: the held-out relevance set (bench/relevance_heldout/: documents and citizen
queries written by a helper that never saw the ranking code; see its README) — MRR and
recall@10 per query kind, on SQLite and on PostgreSQL.

    .venv/bin/python bench/search_heldout.py                  # SQLite, a throwaway file
    .venv/bin/python bench/search_heldout.py --database postgres://postgres@127.0.0.1:5432/gk_heldout

The documents become published catalogue items of one agency (title, document number, body,
date; the category mapped to an Art. 20 category) in a fresh database, and the index is built
by `gongkai.search.services.reindex`, the normal indexing path. Each query goes through
`gongkai.search.selectors.search` as the portal's do, first page of 10. Settings: "before"
(no vocabulary, no splitting, no word-boundary ranking) and "all" (everything on, as shipped).

The held-out judgements measure; they must not be used to tune the ranking. A query is
printed only with --misses, for the report, never to adjust code against.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from search_common import database, environment, percentile

DATA = Path(__file__).parent / "relevance_heldout"
CUTOFF = 10
# The documents' categories as Art. 20 categories (the filters only; not searched).
CATEGORIES = {
    "通知公告": "20-1",
    "政策文件": "20-1",
    "政策解读": "20-1",
    "财政信息": "20-7",
    "行政执法": "20-6",
    "规划计划": "20-3",
    "人事信息": "20-14",
    "统计信息": "20-4",
    "应急管理": "20-12",
    "其他": "20-15",
}


def read(name: str, folder: Path = DATA) -> list[dict]:
    with (folder / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load(documents: list[dict]) -> dict[int, str]:
    """The documents as published items of one agency; returns id → document id."""
    from django.db import transaction

    from gongkai.catalogue.models import Item
    from gongkai.search.tests.corpus_load import corpus_agencies

    if Item.objects.filter(source="heldout").exists():
        ids = Item.objects.filter(source="heldout").order_by("pk").values_list("pk", flat=True)
        return dict(zip(ids, (d["id"] for d in documents), strict=True))
    agency = corpus_agencies()[0]
    items = []
    for serial, d in enumerate(documents, 1):
        published = date.fromisoformat(d["published_on"])
        items.append(
            Item(
                agency=agency,
                title=d["title"][:300],
                doc_number=d["document_number"][:100],
                issuing_agency=agency.name,
                written_on=published,
                published_on=published,
                statutory_category=CATEGORIES.get(d["category"], "20-15"),
                genre="notice",
                body=d["body"],
                validity="in_force",
                attribute="proactive",
                status=Item.Status.PUBLISHED,
                index_number=f"{agency.code}/{published.year}-{900000 + serial:06d}",
                index_year=published.year,
                index_serial=900000 + serial,
                source="heldout",
            )
        )
    with transaction.atomic():
        created = Item.objects.bulk_create(items)
    return {item.pk: d["id"] for item, d in zip(created, documents, strict=True)}


def evaluate(queries: list[dict], run) -> tuple[dict[str, tuple[int, float, float]], list]:
    rows = []
    for q in queries:
        relevant = set(q["relevant"])
        found = run(q["query"])[:CUTOFF]
        rank = next((i for i, key in enumerate(found, 1) if key in relevant), None)
        recall = len(set(found) & relevant) / min(CUTOFF, len(relevant))
        rows.append((q, 1 / rank if rank else 0.0, recall, rank))
    per_kind = {}
    for kind in [*dict.fromkeys(q["kind"] for q in queries), "all"]:
        of = [r for r in rows if kind in ("all", r[0]["kind"])]
        per_kind[kind] = (
            len(of),
            sum(r[1] for r in of) / len(of),
            sum(r[2] for r in of) / len(of),
        )
    misses = [(r[0]["id"], r[0]["kind"], r[0]["query"], r[3], round(r[2], 2)) for r in rows]
    return per_kind, [m for m in misses if m[3] != 1 or m[4] < 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--data", type=Path, default=DATA, help="the set's folder")
    args = parser.parse_args()
    database(args.database, "heldout")

    from gongkai.search.selectors import search
    from gongkai.search.services import reindex
    from gongkai.search.vocabulary import Vocabulary

    documents, queries = read("documents.jsonl", args.data), read("queries.jsonl", args.data)
    by_pk = load(documents)
    print(environment())
    print(f"{len(documents)} documents, {len(queries)} queries")
    started = time.perf_counter()
    reindex()
    print(f"index built in {time.perf_counter() - started:.1f} s", flush=True)
    settings = {
        "before": {"vocabulary": Vocabulary(), "split": False, "boundaries": False},
        "all": {},  # the vocabulary in the database (loaded by the migration), everything on
    }
    results = {}
    for name, options in settings.items():
        times: list[float] = []

        def run(text, options=options, times=times):
            started = time.perf_counter()
            page = search(text, page_size=CUTOFF, facets=False, **options)
            times.append((time.perf_counter() - started) * 1000)
            return [by_pk[r.item.pk] for r in page.results]

        per_kind, misses = evaluate(queries, run)
        results[name] = per_kind
        print(
            f"{name}: MRR {per_kind['all'][1]:.3f} recall@10 {per_kind['all'][2]:.3f} "
            f"p50 {percentile(times, 0.5):.1f} ms p95 {percentile(times, 0.95):.1f} ms",
            flush=True,
        )
        if args.misses:
            for miss in misses:
                print("   ", miss)
    print()
    names = list(results)
    print("| Kind | n | " + " | ".join(f"{n}: MRR / recall@10" for n in names) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in names) + " |")
    for kind in results[names[0]]:
        n = results[names[0]][kind][0]
        cells = [f"{results[x][kind][1]:.3f} / {results[x][kind][2]:.3f}" for x in names]
        label = f"**{kind}**" if kind == "all" else kind
        print(f"| {label} | {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

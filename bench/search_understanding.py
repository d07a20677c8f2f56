"""Benchmark: what each of issue 13's features does to relevance and to latency, on the
relevance set (gongkai/search/tests/data/relevance.jsonl over its 4,000-item corpus and the
word-boundary items of relevance.EXTRA).

    .venv/bin/python bench/search_understanding.py                  # SQLite
    .venv/bin/python bench/search_understanding.py --database postgres://postgres@127.0.0.1:5432/gk_und

Settings compared, each through `gongkai.search.selectors.search` as the portal calls it:
"before" (no vocabulary, no splitting, no word-boundary ranking: the code of issue 13's
report), each feature alone, and all of them. MRR and recall@10 per query kind; latency of a
first page of 20 with facets, every query 3 times after one unmeasured round (p50 / p95).
"""

from __future__ import annotations

import argparse
import time

from search_common import database, environment, load_corpus, percentile

SETTINGS = {
    "before": {"vocabulary": "none", "split": False, "boundaries": False},
    "vocabulary": {"vocabulary": "shipped", "split": False, "boundaries": False},
    "split": {"vocabulary": "none", "split": True, "boundaries": False},
    "boundaries": {"vocabulary": "none", "split": False, "boundaries": True},
    "all": {"vocabulary": "shipped", "split": True, "boundaries": True},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--settings", default=",".join(SETTINGS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()

    from gongkai.search.tests import relevance

    database(args.database, "understanding")

    from gongkai.search.selectors import search
    from gongkai.search.services import reindex
    from gongkai.search.vocabulary import Vocabulary, shipped

    keys = load_corpus(
        relevance.CORPUS_SIZE, seed=relevance.CORPUS_SEED, extra=relevance.extra_items()
    )
    by_pk = {pk: key for key, pk in keys.items()}
    judgements = relevance.load()
    print(environment())
    started = time.perf_counter()
    reindex()
    print(f"index built in {time.perf_counter() - started:.1f} s", flush=True)
    vocabularies = {"none": Vocabulary(), "shipped": Vocabulary(shipped())}
    kinds = list(dict.fromkeys(j.kind for j in judgements))
    table = {}
    for name in args.settings.split(","):
        setting = SETTINGS[name]
        options = {
            "vocabulary": vocabularies[setting["vocabulary"]],
            "split": setting["split"],
            "boundaries": setting["boundaries"],
        }

        def run(query, options=options):
            page = search(query, page_size=10, facets=False, **options)
            return [by_pk[r.item.pk] for r in page.results]

        score = relevance.evaluate(judgements, run)
        times = []
        for round_ in range(args.rounds + 1):
            for j in judgements:
                started = time.perf_counter()
                search(j.query, **options)
                if round_:
                    times.append((time.perf_counter() - started) * 1000)
        table[name] = (score, percentile(times, 0.5), percentile(times, 0.95))
        print(
            f"{name}: MRR {score.mrr:.3f} recall@10 {score.recall:.3f} "
            f"p50 {percentile(times, 0.5):.1f} ms p95 {percentile(times, 0.95):.1f} ms",
            flush=True,
        )
        if args.misses:
            for miss in score.misses:
                print("   ", miss)
    print()
    names = list(table)
    print("| Kind | n | " + " | ".join(names) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in names) + " |")
    for kind in kinds:
        n = table[names[0]][0].per_kind[kind][0]
        cells = [
            f"{table[x][0].per_kind[kind][1]:.3f} / {table[x][0].per_kind[kind][2]:.3f}"
            for x in names
        ]
        print(f"| {kind} | {n} | " + " | ".join(cells) + " |")
    cells = [f"**{table[x][0].mrr:.3f} / {table[x][0].recall:.3f}**" for x in names]
    print(f"| all | {len(judgements)} | " + " | ".join(cells) + " |")
    cells = [f"{table[x][1]:.1f} / {table[x][2]:.1f} ms" for x in names]
    print("| latency p50 / p95 | | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

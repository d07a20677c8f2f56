"""Benchmark: search at scale. N generated items (gongkai.search.tests.corpus) in a throwaway
database; index build time; latency of a mix of queries with and without filters, against a
LIKE '%q%' scan of the same items in the same run, and against PostgreSQL.

    .venv/bin/python bench/search_scale.py --items 1000000
    .venv/bin/python bench/search_scale.py --items 100000 \\
        --postgres postgres://postgres@127.0.0.1:5432/gongkai_search_100k

Without --database, a throwaway SQLite file in the temporary directory (reused by a second
run of the same size: the corpus is loaded and indexed once). With --postgres, the same corpus
is loaded into that PostgreSQL database and measured by a child process of this run with the
same queries.

Queries (seeded): two- and four-character words of the catalogue's vocabulary, person names
and place names drawn from the items, document numbers of items written another way
(brackets, 號, Traditional, spaces), and several words; 30% with a filter (agency, year or
Art. 20 category). Each is timed through `gongkai.search.selectors.search` as the portal calls
it: first page of 20 with the total count ("results"), and the same with the facet counts
("with facets"). The LIKE scan is the query one writes without an index, over the same four
columns of catalogue_item, newest first, with its count; it is timed on a sample of the
plain substrings (single words), and on every query of that sample the items it finds are
compared with the index's (same normalised-free raw text: the index also finds the
Traditional-script items, which LIKE cannot).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from search_common import database, environment, load_corpus, percentile

SEED = 20261122
TWO = [
    "低保", "采购", "预算", "决算", "招聘", "防汛", "抽检", "罚款", "中标", "招标", "询价",
    "收费", "价格", "审批", "规划", "用地", "就业", "创业", "开工", "立项", "增长", "面试",
    "补贴", "通知", "公示", "电梯", "改造", "救助", "餐饮", "河长",
]  # fmt: skip
FOUR = [
    "老旧小区", "加装电梯", "临时救助", "特困人员", "三公经费", "财政收支", "行政处罚",
    "违法行为", "责令改正", "事业单位", "应急预案", "地质灾害", "森林防火", "食品安全",
    "统计公报", "义务教育", "学前教育", "养老保险", "社会保险", "重大项目", "可行性研究",
    "收费标准", "行政许可", "施工许可", "营业执照", "领导分工", "疫苗接种", "家庭医生",
    "垃圾分类", "大气污染", "乡村振兴", "人居环境", "高标准农田", "政务公开", "年度报告",
]  # fmt: skip
LIKE_SAMPLE = 60


def build_queries(count: int, rng: random.Random) -> list[dict]:
    from gongkai.catalogue.models import Item
    from gongkai.search.tests.corpus import AGENCIES, Generator, to_traditional
    from gongkai.search.tests.relevance import CORPUS_SEED

    sample = list(
        Item.objects.filter(source="corpus")
        .order_by("?")[:3000]
        .values("title", "body", "doc_number", "agency__code")
    )
    names = sorted({m for r in sample for m in re.findall(r"联系人：([^，。]{2,3})，", r["body"])})
    places = sorted({Generator(CORPUS_SEED + 1).place() for _ in range(400)})
    numbers = sorted({r["doc_number"] for r in sample if r["doc_number"]})
    codes = sorted({r["agency__code"] for r in sample})
    brackets = [("〔", "〕"), ("[", "]"), ("（", "）"), ("［", "］"), ("(", ")")]

    def variant(number: str) -> str:
        opening, closing = rng.choice(brackets)
        text = re.sub(r"[〔\[（［(](\d{4})[〕\]）］)]", rf"{opening}\1{closing}", number)
        if rng.random() < 0.3:
            text = to_traditional(text)
        if rng.random() < 0.2:
            text = text.replace(opening, f" {opening}").replace("号", " 号")
        return text

    kinds = [
        ("word2", 25, lambda: rng.choice(TWO)),
        ("word4", 20, lambda: rng.choice(FOUR)),
        ("name", 15, lambda: rng.choice(names)),
        ("place", 10, lambda: rng.choice(places)),
        ("doc_number", 15, lambda: variant(rng.choice(numbers))),
        (
            "multi",
            15,
            lambda: " ".join(
                rng.sample(
                    [rng.choice(TWO), rng.choice(FOUR), rng.choice(places),
                     str(rng.randrange(2016, 2026)), rng.choice(AGENCIES)[2]],
                    rng.choice((2, 3)),
                )
            ),
        ),
    ]  # fmt: skip
    weights = [k[1] for k in kinds]
    queries = []
    for _ in range(count):
        kind, _, make = rng.choices(kinds, weights)[0]
        query = {"kind": kind, "q": make(), "filters": {}}
        if rng.random() < 0.3:
            which = rng.choice(("agency", "year", "category"))
            query["filters"] = {
                "agency": {"agency": rng.choice(codes)},
                "year": {"year": rng.randrange(2016, 2026)},
                "category": {"category": rng.choice(["20-3", "20-6", "20-9", "20-11", "20-13"])},
            }[which]
        queries.append(query)
    return queries


def filters_for(spec: dict):
    from gongkai.accounts.models import Agency
    from gongkai.search.selectors import SearchFilters

    return SearchFilters(
        agency=Agency.objects.get(code=spec["agency"]) if "agency" in spec else None,
        year=spec.get("year"),
        category=spec.get("category"),
    )


def time_queries(queries: list[dict], *, facets: bool) -> list[float]:
    from gongkai.search.selectors import search

    times = []
    for query in queries:
        filters = filters_for(query["filters"])
        started = time.perf_counter()
        search(query["q"], filters, facets=facets)
        times.append((time.perf_counter() - started) * 1000)
    return times


def index_hits(text: str) -> set[int]:
    """Every item the index finds for a single-term query (no ranking, no limit)."""
    from django.db import connection

    from gongkai.search.backends import Query, get_backend, query_terms
    from gongkai.search.query import parse

    backend = get_backend()
    query = Query(terms=query_terms(backend.tokeniser, parse(text).terms))
    where, params = backend._where(query)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT t.rowid FROM search_fts t WHERE {where}", params)  # noqa: S608
        else:
            cursor.execute(
                f"SELECT item_id FROM search_entry, to_tsquery('simple', %s) AS q WHERE {where}",  # noqa: S608
                params,
            )
        return {row[0] for row in cursor.fetchall()}


LIKE_COLUMNS = ("title", "body", "doc_number", "keywords")


def like_scan(text: str) -> tuple[list[int], set[int]]:
    """The scan one writes without an index: every published item whose title, body, document
    number or keywords contain `text`, newest first. One pass gives the page (the first 20),
    the count and the whole set of hits (for the comparison with the index)."""
    from django.db import connection

    condition = " OR ".join(f"{c} LIKE %s" for c in LIKE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, published_on FROM catalogue_item WHERE status = 'published' "  # noqa: S608
            f"AND attribute = 'proactive' AND ({condition})",
            [f"%{text}%"] * len(LIKE_COLUMNS),
        )
        rows = cursor.fetchall()
    page = [pk for pk, _ in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)[:20]]
    return page, {pk for pk, _ in rows}


def summary(times: list[float]) -> str:
    return f"p50 {percentile(times, 0.5):.1f} ms, p95 {percentile(times, 0.95):.1f} ms"


def measure(args) -> dict:
    """Load, index and measure on the database this process was set up with."""
    from django.db import connection

    from gongkai.search.services import reindex

    load_corpus(args.items, seed=SEED)
    results: dict = {"vendor": connection.vendor, "environment": environment()}
    from gongkai.search.models import Entry

    if Entry.objects.count() != args.items or args.rebuild:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 30 or done == total:
                last[0] = time.perf_counter()
                print(f"  indexed {done:,}/{total:,}", file=sys.stderr, flush=True)

        started = time.perf_counter()
        reindex(batch_size=2000, progress=progress)
        results["build_s"] = time.perf_counter() - started
        print(f"index build: {results['build_s']:.1f} s", flush=True)
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        results["db_mb"] = path.stat().st_size / 2**20
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_entry')")
            results["index_mb"] = cursor.fetchone()[0] / 2**20

    queries = json.loads(Path(args.queries_file).read_text(encoding="utf-8"))
    time_queries(queries[:50], facets=False)  # warm the caches
    for facets in (False, True):
        times = time_queries(queries, facets=facets)
        label = "facets" if facets else "results"
        results[label] = {
            "all": times,
            "kinds": {
                kind: [t for t, q in zip(times, queries, strict=True) if q["kind"] == kind]
                for kind in dict.fromkeys(q["kind"] for q in queries)
            },
            "filtered": [t for t, q in zip(times, queries, strict=True) if q["filters"]],
            "unfiltered": [t for t, q in zip(times, queries, strict=True) if not q["filters"]],
        }
        print(f"{label}: {summary(times)}", flush=True)

    if connection.vendor == "sqlite":
        plain = [
            q["q"]
            for q in queries
            if not q["filters"] and q["kind"] in ("word2", "word4", "name", "place")
        ]
        plain = list(dict.fromkeys(plain))[: args.like_sample]
        like_times, index_times, found, wanted = [], [], 0, 0
        for text in plain:
            started = time.perf_counter()
            _, like = like_scan(text)
            like_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            time_queries([{"q": text, "filters": {}}], facets=False)
            index_times.append((time.perf_counter() - started) * 1000)
            found += len(like & index_hits(text))
            wanted += len(like)
        results["like"] = {
            "queries": len(plain),
            "like": like_times,
            "index": index_times,
            "found": found,
            "wanted": wanted,
        }
        print(
            f"LIKE scan over {len(plain)} plain substrings: {summary(like_times)}; "
            f"index on the same: {summary(index_times)}; "
            f"hits of LIKE also found: {found:,}/{wanted:,}",
            flush=True,
        )
    return results


def report(items: int, sqlite: dict, postgres: dict | None) -> None:
    def row(label, times):
        return (
            f"| {label} | {len(times)} | {percentile(times, 0.5):.1f} ms "
            f"| {percentile(times, 0.95):.1f} ms |"
        )

    print(f"\n### {items:,} items\n")
    print(f"SQLite: {sqlite['environment']}")
    if "build_s" in sqlite:
        print(f"index build {sqlite['build_s']:.0f} s ({items / sqlite['build_s']:,.0f} items/s)")
    print(f"database file {sqlite['db_mb']:,.0f} MiB\n")
    for name, result in (("SQLite", sqlite), ("PostgreSQL", postgres)):
        if not result:
            continue
        print(f"| {name}: queries | n | p50 | p95 |")
        print("| --- | --- | --- | --- |")
        print(row("all, results page", result["results"]["all"]))
        print(row("all, with facets", result["facets"]["all"]))
        print(row("without filters", result["results"]["unfiltered"]))
        print(row("with a filter", result["results"]["filtered"]))
        for kind, times in result["results"]["kinds"].items():
            print(row(kind, times))
        print()
    like = sqlite["like"]
    like_p50 = percentile(like["like"], 0.5)
    index_p50 = percentile(like["index"], 0.5)
    print(f"LIKE scan, {like['queries']} plain substrings: {summary(like['like'])}")
    print(f"index, same queries: {summary(like['index'])}")
    print(f"median speed-up {like_p50 / index_p50:,.0f}×")
    share = like["found"] / like["wanted"] if like["wanted"] else 1.0
    print(f"LIKE hits also found by the index: {like['found']:,}/{like['wanted']:,} ({share:.2%})")
    if postgres:
        print(f"PostgreSQL: {postgres['environment']}")
        if "build_s" in postgres:
            print(f"PostgreSQL index build {postgres['build_s']:.0f} s")
        print(f"PostgreSQL search_entry with GIN {postgres['index_mb']:,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--database")
    parser.add_argument("--postgres")
    parser.add_argument("--like-sample", type=int, default=LIKE_SAMPLE)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index even if full")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()

    database(args.database, f"scale_{args.items}")
    if args.child:
        Path(args.output).write_text(json.dumps(measure(args)), encoding="utf-8")
        return
    load_corpus(args.items, seed=SEED)
    folder = Path(os.environ["GONGKAI_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    args.queries_file = str(folder / f"queries_{args.items}.json")
    queries = build_queries(args.queries, random.Random(SEED))
    Path(args.queries_file).write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
    sqlite = measure(args)
    postgres = None
    if args.postgres:
        output = folder / f"postgres_{args.items}.json"
        command = [
            sys.executable,
            __file__,
            "--child",
            "--items",
            str(args.items),
            "--database",
            args.postgres,
            "--queries-file",
            args.queries_file,
            "--output",
            str(output),
        ]
        if args.rebuild:
            command.append("--rebuild")
        environment_ = {k: v for k, v in os.environ.items() if k != "GONGKAI_DATABASE_URL"}
        subprocess.run(command, check=True, env=environment_)  # noqa: S603
        postgres = json.loads(output.read_text(encoding="utf-8"))
    report(args.items, sqlite, postgres)


if __name__ == "__main__":
    main()

"""`gongkai search query "QUERY" [--agency CODE] [--limit N] --format json` and
`gongkai search reindex`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from gongkai.accounts.selectors import agency_by_code
from gongkai.core.services import statistics_refresh
from gongkai.search.selectors import MAX_PAGE_SIZE, SearchFilters, search
from gongkai.search.services import reindex, vocabulary_load


def result_json(result) -> dict:
    item = result.item
    return {
        "index_number": item.index_number,
        "title": item.title,
        "doc_number": item.doc_number,
        "agency": item.agency.name,
        "agency_code": item.agency.code,
        "published_on": item.published_on.isoformat(),
        "validity": item.validity,
        "score": result.score,
        "snippet": result.snippet_html,
    }


class ProgressBar:
    """A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise."""

    def __init__(self, stream: OutputWrapper, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        tenth = int(share * 10)
        if not self.tty and tenth == self.shown and done < total:
            return
        self.shown = tenth
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if not self.tty or done >= total else ""
        self.stream.write(f"\r重建索引 [{bar}] {done}/{total} {share:.0%}", ending=end)
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "全文检索：query 检索已公开的条目（按相关度）；reindex 重建检索索引；"
        "vocabulary-load 补充载入内置检索词表。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        query = sub.add_parser("query", help="检索已公开的条目")
        query.add_argument("query", metavar="QUERY")
        query.add_argument("--agency", metavar="CODE", help="只检索该机关的条目")
        query.add_argument("--limit", type=int, default=10, metavar="N")
        query.add_argument("--format", choices=["json", "text"], default="text")
        sub.add_parser("reindex", help="重建检索索引（可重复执行）")
        sub.add_parser(
            "vocabulary-load", help="补充载入内置检索词表（只添加表中没有的词，不覆盖修改）"
        )

    def handle(self, *args, **options):
        if options["action"] == "vocabulary-load":
            added = vocabulary_load()
            self.stdout.write(f"检索词表：新增 {added} 个词")
            return
        if options["action"] == "reindex":
            count = reindex(progress=ProgressBar(self.stderr))
            statistics_refresh()
            self.stdout.write(f"检索索引已重建：{count} 条已公开条目")
            return
        limit = options["limit"]
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise CommandError(f"--limit 应为1至{MAX_PAGE_SIZE}之间的整数")
        filters = SearchFilters()
        if options["agency"]:
            agency = agency_by_code(options["agency"])
            if agency is None:
                raise CommandError(f"机关代码 {options['agency']} 不存在")
            filters = SearchFilters(agency=agency)
        page = search(options["query"], filters, page_size=limit, facets=False)
        if page.notice:
            self.stderr.write(page.notice)
        if options["format"] == "json":
            rows = [result_json(r) for r in page.results]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"共 {page.total} 条")
        for r in page.results:
            item = r.item
            self.stdout.write(
                f"{item.index_number}\t{item.published_on}\t{item.title}"
                + (f"\t{item.doc_number}" if item.doc_number else "")
            )

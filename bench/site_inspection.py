"""Benchmark: the site inspection (gongkai.inspection) over the demo portal and over 100,000
published items, on SQLite.

Run from the repository root against a throwaway database prepared with `gongkai migrate` and
`gongkai demo`, with DEBUG off:

    export GONGKAI_DATA_DIR=/tmp/bench-inspection GONGKAI_DEBUG=0
    .venv/bin/python bench/site_inspection.py stages            # each check timed alone
    .venv/bin/python bench/site_inspection.py crawl [--limit N] # the in-process crawl
    .venv/bin/python bench/site_inspection.py fill 100000       # bulk items (catalogue_pages)
    .venv/bin/python bench/site_inspection.py run               # one whole run, no crawl

`stages` times each check of `gongkai.inspection.checks` on its own (the rules without the
crawl); `crawl` fetches the portal's pages in-process with Django's test Client (the seeds of a
whole-government run: home, catalogue, each agency's catalogue and guide, every public item
page, then every internal link found once) and prints pages and pages per second; `--limit`
crawls only the first N seeds (for 100,000 items, where the whole crawl is an extrapolation).
`fill` uses `bench/catalogue_pages.py`'s bulk generator. Nothing here is asserted by a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def timed(label: str, function, *args):
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    count = len(result) if hasattr(result, "__len__") else result
    print(f"  {label:<36} {seconds:8.2f} s   {count} problems", flush=True)
    return result


def stages() -> None:
    setup()
    from django.utils import timezone

    from gongkai.accounts.models import Agency
    from gongkai.catalogue.models import Item
    from gongkai.inspection import checks
    from gongkai.inspection.standards_checks import check_standard_gaps

    today = timezone.localdate()
    agencies = list(Agency.objects.filter(is_active=True))
    published = Item.objects.filter(status="published").count()
    print(f"published items {published:,}; load avg {load()}")
    started = time.perf_counter()
    timed("columns (栏目更新/空白栏目)", checks.check_columns, agencies, today)
    timed("messages (3 months, 5 working days)", checks.check_messages, None, today)
    timed("publication dates vs audit trail", checks.check_publication_dates, None)
    timed("attachment files", checks.check_attachments, None)
    timed("privacy re-scan", checks.check_privacy, None)
    timed("policies without interpretation", lambda: checks.check_interpretations(None, None)[0])
    timed("standard catalogue gaps", check_standard_gaps, agencies, today)
    print(f"  {'total (no crawl)':<36} {time.perf_counter() - started:8.2f} s; load {load()}")


def crawl(limit: int | None) -> None:
    setup()
    from gongkai.accounts.models import Agency
    from gongkai.inspection import checks
    from gongkai.inspection.crawl import Crawler

    agencies = list(Agency.objects.filter(is_active=True))
    seeds = checks.portal_seeds(agencies, True)
    total = len(seeds)
    if limit:
        seeds = seeds[:limit]
    print(f"seeds {len(seeds):,} of {total:,}; load avg {load()}", flush=True)
    result = Crawler(check_target=checks.target_status()).crawl(seeds)
    links = sum(len(page.links) for page in result.pages.values())
    dead = len(checks.check_links(result, agencies))
    print(
        f"fetched {result.fetched:,} pages ({len(result.pages):,} seeds, "
        f"{result.fetched - len(result.pages):,} other link targets; "
        f"{len(result.targets):,} distinct targets judged) in {result.seconds:.1f} s: "
        f"{result.pages_per_second} pages/s; {links:,} internal links checked; "
        f"{dead} dead; load {load()}"
    )
    if limit and limit < total:
        fetches = total * result.fetched / len(seeds)
        minutes = fetches / result.pages_per_second / 60
        print(f"whole crawl of {total:,} seeds: ~{fetches:,.0f} fetches, ~{minutes:.0f} min")


def run() -> None:
    setup()
    from gongkai.inspection.services import inspection_run

    started = time.perf_counter()
    outcome = inspection_run(crawl=False)
    print(
        f"inspection_run(crawl=False): {time.perf_counter() - started:.1f} s; opened "
        f"{outcome.opened}, closed {outcome.closed}, open {outcome.still_open}; load {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("stages")
    c = sub.add_parser("crawl")
    c.add_argument("--limit", type=int, default=None)
    f = sub.add_parser("fill")
    f.add_argument("total", type=int)
    sub.add_parser("run")
    args = parser.parse_args()
    if args.action == "stages":
        stages()
    elif args.action == "crawl":
        crawl(args.limit)
    elif args.action == "fill":
        sys.path.insert(0, str(ROOT / "bench"))
        from catalogue_pages import fill

        fill(total=args.total)
    else:
        run()


if __name__ == "__main__":
    main()

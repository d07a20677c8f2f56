"""Benchmark: public catalogue pages (item page, catalogue lists) over 1,000,000 published items.

Run from the repository root against a throwaway database prepared with `gongkai migrate` and
`gongkai demo`, with DEBUG off:

    export GONGKAI_DATA_DIR=/tmp/bench1m GONGKAI_DEBUG=0 GONGKAI_ALLOWED_HOSTS=localhost,127.0.0.1
    .venv/bin/python bench/catalogue_pages.py fill      # up to 1,000,000 published items
    .venv/bin/python bench/catalogue_pages.py client    # server time, Django test Client
    .venv/bin/python bench/catalogue_pages.py wrk       # rps under wrk, gunicorn on loopback

`fill` bulk-creates simple realistic published items (batches of 5,000) the way
`demo.catalogue.create` does: index numbers gapless per agency and year in order of publication
(`core.services.reserve_serials` + `index_numbers.render`) and content hashes
(`import_services.unsaved_content_hash`). 住建局 gets 100,000 items, the eleven other demo
agencies share the rest; publication dates are uniform over 2016-01-04..2026-11-20.

`client` times `Client.get` (warm-up, then 200 requests per URL kind) and prints p50/p95/max
and the queries of one request of each kind. `wrk` starts gunicorn (2 workers, production
settings, 127.0.0.1:8099), drives it with wrk for 20 s per URL, and compares with the same page
served as a static file by WhiteNoise and through Django's `cache_page` (the factory
`cached_app` below, loaded by gunicorn; no application code is changed). Each run gets a fresh
gunicorn, stopped after it: a slow run's abandoned requests must not spill into the next.
Targets are printed with PASS/FAIL and never asserted by tests.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20261122
TOTAL = 1_000_000
BIG_AGENCY = "住建局"
BIG_COUNT = 100_000
BATCH = 5_000
FIRST_DAY = date(2016, 1, 4)
LAST_DAY = date(2026, 11, 20)
REQUESTS = 200
WARMUP = int(os.environ.get("BENCH_WARMUP", "20"))
TARGET_P95_MS = 50.0
BUDGET_SECONDS = 30.0  # per URL kind: stop early on slow pages
PORT = 8099
WRK_SECONDS = 20

TOPICS = (
    "老旧小区改造",
    "建筑施工扬尘治理",
    "城市燃气安全",
    "农村生活污水治理",
    "义务教育招生入学",
    "企业职工基本养老保险",
    "食品安全监督抽检",
    "政府采购意向",
    "安全生产专项整治",
    "城市道路占用挖掘",
    "不动产登记便民服务",
    "小微企业融资支持",
    "养老服务设施建设",
    "河湖长制工作",
    "公共租赁住房分配",
)
KINDS = ("通知", "公告", "实施方案", "工作要点", "情况通报", "结果公示", "工作总结", "决定")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


# -- fill ----------------------------------------------------------------------------------------


def _body(rng: random.Random, short: str, topic: str, day: date) -> str:
    n = rng.randint(3, 60)
    money = rng.randint(20, 9000)
    return (
        f"各有关单位：\n　　为进一步做好{topic}工作，根据有关法律法规和上级部门部署，"
        f"结合本区实际，{short}现就有关事项通知如下。\n"
        f"　　一、{day.year}年全区计划完成{topic}项目{n}个，总投资约{money}万元，"
        f"由{short}会同各街道办事处、镇人民政府组织实施。\n"
        f"　　二、各单位应当于{day.month}月{day.day}日前报送工作计划，明确责任人和完成时限，"
        f"每月5日前报送上月进展情况。\n"
        f"　　三、{short}将会同有关部门开展督促检查，对工作推进不力的单位予以通报。\n"
        f"　　联系电话：0571-8{rng.randint(1000000, 9999999)}。"
    )


def fill(total: int = TOTAL, seed: int = SEED) -> None:
    setup()
    from django.db import transaction

    from gongkai.accounts.models import Agency
    from gongkai.catalogue import index_numbers
    from gongkai.catalogue.import_services import unsaved_content_hash
    from gongkai.catalogue.models import Item, Subject
    from gongkai.catalogue.taxonomy import GENRES, STATUTORY_CATEGORIES
    from gongkai.core.services import reserve_serials
    from gongkai.demo.catalogue import AGENCY_WEIGHTS

    have = Item.objects.filter(status=Item.Status.PUBLISHED).count()
    print(f"load avg at start {load()}; published items already {have:,}")
    if have >= total:
        print("nothing to do")
        return
    rng = random.Random(seed)
    agencies = {a.short_name: a for a in Agency.objects.filter(short_name__in=AGENCY_WEIGHTS)}
    assert len(agencies) == 12, sorted(agencies)  # noqa: S101
    others = [short for short in AGENCY_WEIGHTS if short != BIG_AGENCY]
    want = total - have
    quota = {BIG_AGENCY: min(BIG_COUNT, want)}
    rest = want - quota[BIG_AGENCY]
    for i, short in enumerate(others):
        quota[short] = rest // len(others) + (1 if i < rest % len(others) else 0)
    subjects = list(Subject.objects.all()) or [None]
    categories = list(STATUTORY_CATEGORIES)
    genres = [g for g in GENRES if g not in ("rule", "normative_document")] or list(GENRES)
    span = (LAST_DAY - FIRST_DAY).days
    started = time.perf_counter()
    done = 0
    for short, count in quota.items():
        agency = agencies[short]
        days = sorted(FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(count))
        per_year: dict[int, int] = {}
        for day in days:
            per_year[day.year] = per_year.get(day.year, 0) + 1
        with transaction.atomic():
            next_serial = {
                year: reserve_serials(agency, year, "index", n) - n + 1
                for year, n in sorted(per_year.items())
            }
            for start in range(0, count, BATCH):
                items = []
                for day in days[start : start + BATCH]:
                    serial = next_serial[day.year]
                    next_serial[day.year] += 1
                    topic = rng.choice(TOPICS)
                    kind = rng.choice(KINDS)
                    item = Item(
                        agency=agency,
                        title=f"{agency.name}关于{topic}的{kind}（{day.year}年第{serial}号）",
                        doc_number=f"示{short[:2]}〔{day.year}〕{serial}号",
                        issuing_agency=agency.name,
                        written_on=day - timedelta(days=rng.randint(0, 10)),
                        published_on=day,
                        subject=rng.choice(subjects),
                        statutory_category=rng.choice(categories),
                        genre=rng.choice(genres),
                        keywords=f"{topic} {kind}",
                        summary=f"{short}{topic}{kind}，明确{day.year}年工作任务和完成时限。",
                        body=_body(rng, short, topic, day),
                        attribute="proactive",
                        status=Item.Status.PUBLISHED,
                        index_number=index_numbers.render(
                            agency.index_pattern, code=agency.code, published_on=day,
                            serial=serial,
                        ),
                        index_year=day.year,
                        index_serial=serial,
                        source="bench",
                    )  # fmt: skip
                    item.content_hash = unsaved_content_hash(item)
                    items.append(item)
                Item.objects.bulk_create(items, batch_size=BATCH)
                done += len(items)
            rate = done / (time.perf_counter() - started)
            print(f"  {short}: +{count:,} (total added {done:,}, {rate:,.0f} items/s)", flush=True)
    seconds = time.perf_counter() - started
    published = Item.objects.filter(status=Item.Status.PUBLISHED).count()
    print(f"added {done:,} items in {seconds:.0f} s; published items now {published:,}")
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"ANALYZE done; load avg at end {load()}")


# -- URLs ----------------------------------------------------------------------------------------


def sample_items(n: int, seed: int = SEED) -> list[str]:
    from gongkai.catalogue.models import Item

    rng = random.Random(seed)
    top = Item.objects.order_by("-pk").values_list("pk", flat=True).first()
    numbers: list[str] = []
    while len(numbers) < n:
        ids = [rng.randint(1, top) for _ in range(n)]
        numbers += Item.objects.filter(
            pk__in=ids, status="published", attribute="proactive"
        ).values_list("index_number", flat=True)
    return numbers[:n]


def list_urls() -> dict[str, str]:
    from gongkai.accounts.models import Agency

    big = Agency.objects.get(short_name=BIG_AGENCY)
    return {
        "list, first page": "/catalogue/",
        "list, page 2": "/catalogue/?page=2",
        "list, agency filter (住建局)": f"/catalogue/?agency={big.code}",
        "list, category filter": "/catalogue/?category=20-1",
        "list, year 2025": "/catalogue/?year=2025",
        "agency catalogue (住建局)": f"/catalogue/agency/{big.code}/",
        "list, deep page 2,000": "/catalogue/?page=2000",
    }


def item_url(number: str) -> str:
    from django.urls import reverse

    return reverse("portal:item", args=[number])


# -- client ----------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def client(requests: int = REQUESTS) -> None:
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.catalogue.models import Item

    print("Benchmark: catalogue pages, server time with django.test.Client")
    print(f"  load avg at start {load()}; DEBUG={settings.DEBUG}; {connection.vendor}")
    print(f"  published items {Item.objects.filter(status='published').count():,}")
    c = Client(SERVER_NAME="localhost")
    numbers = sample_items(requests + WARMUP)
    kinds: dict[str, list[str]] = {
        "item page (random items)": [item_url(n) for n in numbers],
    }
    for label, url in list_urls().items():
        kinds[label] = [url] * (requests + WARMUP)
    ok = True
    print(f"  {'URL kind':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} queries  n  target")
    for label, urls in kinds.items():
        began = time.perf_counter()
        for url in urls[:WARMUP]:
            response = c.get(url)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101
            if time.perf_counter() - began > BUDGET_SECONDS / 3:
                break
        times: list[float] = []
        began = time.perf_counter()
        for url in urls[WARMUP : WARMUP + requests]:
            if times and time.perf_counter() - began > BUDGET_SECONDS:
                break  # slow page: fewer requests, the count is printed
            started = time.perf_counter()
            response = c.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        with CaptureQueriesContext(connection) as queries:
            c.get(urls[0])
        p95 = pct(times, 95)
        passed = p95 <= TARGET_P95_MS
        ok &= passed
        print(
            f"  {label:32} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f} "
            f"{len(queries):7d} {len(times):3d} {'PASS' if passed else 'FAIL'}",
            flush=True,
        )
        slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
        for q in slow:
            print(f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:160]}")
    print(f"  load avg at end {load()}; all p95 ≤ {TARGET_P95_MS:.0f} ms: {ok}")


# -- cached app (for gunicorn) ---------------------------------------------------------------------

urlpatterns: list = []


def cached_app():
    """A WSGI app: the project with its item page and catalogue also under /cached/...,
    wrapped in Django's cache_page (LocMemCache, per worker). No application code changed."""
    setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.urls import include, path
    from django.views.decorators.cache import cache_page

    from gongkai.portal import views

    urlpatterns[:] = [
        path("cached/catalogue/", cache_page(300)(views.catalogue)),
        path("cached/catalogue/item/<path:index_number>/", cache_page(300)(views.item_page)),
        path("", include("gongkai.urls")),
    ]
    settings.ROOT_URLCONF = __name__
    return get_wsgi_application()


# -- wrk -------------------------------------------------------------------------------------------


def run_wrk(url: str, script: Path | None = None) -> str:
    command = ["wrk", "-t2", "-c8", f"-d{WRK_SECONDS}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, timeout=WRK_SECONDS + 60, check=True
    )
    return result.stdout


def summarise(output: str) -> str:
    keep = []
    for line in output.splitlines():
        s = line.strip()
        if s.startswith(("Latency ", "50%", "90%", "99%", "Requests/sec", "Non-2xx")) or (
            "requests in" in s
        ):
            keep.append(s)
    return " | ".join(keep)


def wrk() -> None:
    setup()
    from django.conf import settings

    data_dir = os.environ["GONGKAI_DATA_DIR"]
    env = dict(
        os.environ,
        GONGKAI_ENV="production",
        GONGKAI_DEBUG="0",
        GONGKAI_SECRET_KEY="".join(
            secrets.choice(string.ascii_letters + string.digits) for _ in range(40)
        ),
        GONGKAI_ALLOWED_HOSTS="127.0.0.1",
        GONGKAI_DATA_DIR=data_dir,
    )
    venv = ROOT / ".venv" / "bin"
    subprocess.run(  # noqa: S603
        [venv / "gongkai", "collectstatic", "--noinput"], env=env, check=True, capture_output=True
    )
    numbers = sample_items(2000)
    paths = [item_url(n) for n in numbers]
    big_list = list_urls()
    # The rendered item page and first catalogue page, saved as static files (WhiteNoise).
    static_root = Path(settings.STATIC_ROOT)
    scratch = Path(tempfile.mkdtemp(prefix="bench-catalogue-"))
    script = scratch / "items.lua"
    cached_script = scratch / "cached.lua"

    def lua(prefix: str) -> str:
        quoted = ",".join(f'"{prefix}{p}"' for p in paths)
        return (
            f"paths = {{{quoted}}}\nmath.randomseed(42)\n"
            "request = function()\n  return wrk.format(nil, paths[math.random(#paths)])\nend\n"
        )

    script.write_text(lua(""))
    cached_script.write_text(lua("/cached"))
    base = f"http://127.0.0.1:{PORT}"

    def start() -> subprocess.Popen:
        """A fresh gunicorn, ready: a slow run leaves abandoned requests queued in the
        workers, which would spill into the next run."""
        server = subprocess.Popen(  # noqa: S603
            [venv / "gunicorn", "catalogue_pages:cached_app()", "--pythonpath",
             str(ROOT / "bench"), "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level",
             "warning", "--timeout", "120"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/", timeout=30)  # noqa: S310
                return server
            except urllib.error.HTTPError:
                return server
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def stop(server: subprocess.Popen) -> None:
        server.terminate()
        server.wait(timeout=60)

    one = paths[0]
    server = start()
    try:
        for name, url in (("bench-item.html", one), ("bench-catalogue.html", "/catalogue/")):
            html = urllib.request.urlopen(base + url, timeout=60).read()  # noqa: S310
            (static_root / name).write_bytes(html)
    finally:
        stop(server)
    runs = [
        ("item page, random items (Django)", base + "/", script),
        ("item page, random items, cache_page", base + "/", cached_script),
        ("item page, one item (Django)", base + one, None),
        ("item page, one item, cache_page", base + "/cached" + one, None),
        ("item page as a static file (WhiteNoise)", base + "/static/bench-item.html", None),
        ("list, first page (Django)", base + "/catalogue/", None),
        ("list, first page, cache_page", base + "/cached/catalogue/", None),
        ("list as a static file (WhiteNoise)", base + "/static/bench-catalogue.html", None),
        ("list, agency filter (Django)", base + big_list["list, agency filter (住建局)"], None),
        ("list, category filter (Django)", base + big_list["list, category filter"], None),
        ("list, deep page 2,000 (Django)", base + big_list["list, deep page 2,000"], None),
    ]
    print("Benchmark: wrk -t2 -c8 -d20s against gunicorn -w 2 on 127.0.0.1 (production),")
    print("  a fresh gunicorn for each run, warmed by one request to the URL (two for cache_page)")
    try:
        for label, url, lua_script in runs:
            server = start()
            try:
                warm = (
                    url
                    if lua_script is None
                    else base + ("/cached" if "cache" in label else "") + one
                )
                for _ in range(2):
                    urllib.request.urlopen(warm, timeout=60).read()  # noqa: S310
                before = load()
                output = run_wrk(url, lua_script)
            finally:
                stop(server)
            print(f"  {label}  [load avg before {before}]")
            print(f"      {summarise(output)}", flush=True)
    finally:
        for name in ("bench-item.html", "bench-catalogue.html"):
            (static_root / name).unlink(missing_ok=True)
    print(f"load avg at end {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["fill", "client", "wrk"])
    parser.add_argument("--total", type=int, default=TOTAL)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    if args.step == "fill":
        fill(args.total)
    elif args.step == "client":
        client(args.requests)
    else:
        wrk()


if __name__ == "__main__":
    main()

"""Benchmark: importing a 100,000-row application ledger (登记台账) with `ledger_import`.

Run from the repository root against a database prepared with `gongkai migrate` and then
`gongkai demo` (throwaway data directory or database), for example:

    export GONGKAI_DATA_DIR=/tmp/gongkai-bench
    .venv/bin/gongkai migrate && .venv/bin/gongkai demo --quiet-logins
    .venv/bin/python bench/ledger_import.py [--runs 2] [--csv /tmp/ledger.csv] [--profile]

PostgreSQL: the same with GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench.

What it does: generates a realistic ledger (fixed seed) through `LedgerRow` and
`write_ledger_csv`, so that it is valid by construction; checks that `read_ledger` gives back
exactly the rows generated; times `read_ledger` alone; then times `ledger_import` into a fresh
agency (created with `agency_create`), once per run, and reports the database's growth.
Everything is printed; the targets are printed with PASS/FAIL and never asserted by tests.

`generate_rows` is also used by bench/work_queue.py to fill one agency's work queue.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
# As deployed: with DEBUG on, Django would also format and keep every SQL statement.
os.environ.setdefault("GONGKAI_DEBUG", "false")

from gongkai.info_requests.fees import per_piece_fee, per_volume_fee  # noqa: E402
from gongkai.info_requests.ledger import LedgerRow  # noqa: E402
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded  # noqa: E402

SEED = 20261122
ROWS = 100_000
OPEN_SHARE = 0.15
FIRST_RECEIVED = date(2019, 6, 3)
LAST_RECEIVED = date(2026, 10, 30)
NUMBER_PREFIX = "示住建依申"
TARGET_SECONDS = 60.0

T = TypeVar("T")

# -- realistic content -------------------------------------------------------------------------

# The most common surnames, roughly by frequency (weights in tenths of a percent), and a few
# two-character ones.
SURNAMES = {
    "王": 72, "李": 72, "张": 69, "刘": 54, "陈": 46, "杨": 31, "黄": 23, "赵": 22, "吴": 20,
    "周": 19, "徐": 15, "孙": 14, "马": 13, "朱": 12, "胡": 12, "郭": 11, "何": 10, "林": 10,
    "罗": 9, "高": 9, "郑": 8, "梁": 8, "谢": 7, "宋": 6, "唐": 6, "许": 6, "韩": 5, "冯": 5,
    "邓": 5, "曹": 5, "彭": 5, "曾": 5, "肖": 5, "田": 4, "董": 4, "袁": 4, "潘": 4, "于": 4,
    "蒋": 4, "蔡": 4, "余": 4, "杜": 4, "叶": 4, "程": 3, "苏": 3, "魏": 3, "吕": 3, "丁": 3,
    "任": 3, "沈": 3, "姚": 3, "卢": 3, "姜": 3, "崔": 3, "钟": 3, "谭": 3, "陆": 3, "汪": 3,
    "范": 2, "金": 2, "石": 2, "廖": 2, "贾": 2, "夏": 2, "韦": 2, "付": 2, "方": 2, "白": 2,
    "邹": 2, "孟": 2, "熊": 2, "秦": 2, "邱": 2, "江": 2, "尹": 2, "薛": 2, "闫": 2, "段": 2,
    "雷": 2, "侯": 2, "龙": 2, "史": 2, "陶": 1, "黎": 1, "贺": 1, "顾": 1, "毛": 1, "郝": 1,
    "龚": 1, "邵": 1, "万": 1, "覃": 1, "莫": 1, "欧阳": 1, "司马": 1, "上官": 1, "诸葛": 1,
}  # fmt: skip
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲鹏红波斌宇浩凯健俊帆旭宁龙林"
    "欣佳雪婷梅琳晨阳子轩怡思雨萱博泽嘉一诗梓睿晓志海春玉兰凤云飞德成永祥福荣金胜光利忠"
)
PLACES = [
    "青山路", "城东片区", "滨江花园", "建设大道", "北门街道", "红星村", "工业园区二期",
    "南湖小区", "文化路", "人民路", "解放北路", "江南新城", "东湖村", "西关片区", "长安街道",
    "翠竹苑", "锦绣华庭", "幸福里小区", "高铁新城", "老城区", "沿江路", "桃源村", "新华路",
    "中山五路", "城西物流园", "金沙湾", "凤凰山片区", "梅林新村",
]  # fmt: skip
BRANDS = [
    "宏达", "恒信", "鑫源", "华美", "金桥", "永盛", "城投", "锦华", "瑞丰", "中恒", "广厦",
    "新世纪", "华润达", "粤华", "兴业", "嘉和", "富力通", "明珠", "天成", "汇丰源",
]  # fmt: skip
INDUSTRIES = [
    "建筑工程", "房地产开发", "物业服务", "建材贸易", "市政工程", "园林绿化", "装饰工程",
    "劳务分包", "混凝土", "工程监理", "工程造价咨询", "置业",
]  # fmt: skip
ORGANISATIONS: dict[str, Callable[[random.Random], str]] = {
    "commercial": lambda r: (
        f"{r.choice(['示范区', '广东', '深圳市', ''])}{r.choice(BRANDS)}{r.choice(INDUSTRIES)}"
        f"{r.choice(['有限公司', '有限公司', '股份有限公司', '有限责任公司'])}"
    ),
    "research": lambda r: r.choice(
        [
            "示范区城市规划设计研究院",
            "南方大学公共管理学院",
            "华南理工大学建筑学院",
            "中山大学法学院",
            "广东省社会科学院",
            "示范区住房政策研究中心",
            "暨南大学经济学院",
        ]
    ),
    "public_interest": lambda r: (
        f"示范区{r.choice(['绿色家园环保志愿者', '消费者权益保护', '老年人权益保障', '公益慈善', '残疾人福利'])}"  # noqa: E501
        + r.choice(["协会", "联合会", "基金会"])
    ),
    "legal_services": lambda r: r.choice(
        [
            f"广东{r.choice(BRANDS)}律师事务所",
            f"北京{r.choice(BRANDS)}（示范区）律师事务所",
            "示范区法律援助中心",
            f"{r.choice(BRANDS)}律师事务所",
        ]
    ),
    "other_org": lambda r: r.choice(
        [
            f"{r.choice(PLACES)}业主委员会",
            f"{r.choice(PLACES)}村民委员会",
            f"示范区{r.choice(['建筑业', '装饰', '房地产'])}商会",
            f"{r.choice(PLACES)}社区居民委员会",
        ]
    ),
}
TOPICS = [
    "{year}年度老旧小区改造项目清单及资金使用情况",
    "{place}棚户区改造项目的征收补偿方案及补偿标准",
    "{place}在建商品房项目的预售许可证及预售资金监管账户信息",
    "{year}年保障性租赁住房分配名单及审核标准",
    "{place}道路改造工程的招标文件、中标结果及施工合同",
    "本人所在小区{place}物业专项维修资金的使用明细",
    "{year}年度部门预算、决算及“三公”经费说明",
    "{place}房屋征收决定及其社会稳定风险评估报告",
    "文号为示住建〔{year}〕{n}号文件的全文",
    "{place}项目的建设工程规划许可证、施工许可证及竣工验收备案表",
    "{year}年建筑施工企业安全生产许可证核发情况",
    "对{place}违法建设的调查处理结果",
    "{year}年度住房公积金归集使用情况",
    "{place}小区电梯加装的审批文件",
    "{place}燃气管道改造工程的验收资料",
    "{year}年城镇住房保障家庭租赁补贴发放情况",
    "本人房屋（位于{place}{n}号）被认定为危房的鉴定报告及依据",
    "{place}商品房项目的容积率调整批复文件",
    "{year}年建筑市场信用评价结果及扣分依据",
    "关于{place}拆迁安置房分配方案的会议纪要",
    "{place}地下管廊项目的财政评审报告",
    "{year}年“双随机、一公开”抽查结果（建筑工程领域）",
    "關於{place}舊城改造項目的規劃許可文件",  # Traditional, as some applicants write
    '{place}项目 "施工图审查合格书" 及审查机构名称',  # ASCII quotes: CSV quoting
]
PURPOSES = [
    "",
    "",
    "",
    "用于维护本人合法权益。",
    "用于房屋征收补偿协商。",
    "用于诉讼举证。",
    "用于学术研究。",
    "用于了解工程进度，保障业主知情权。",
    "申请人系该项目业主，要求以电子邮件方式提供。",
]
APPLICANT_TYPES = {
    "natural_person": 68,
    "commercial": 12,
    "research": 3,
    "public_interest": 3,
    "legal_services": 9,
    "other_org": 5,
}
CHANNELS = {"online": 55, "letter": 20, "in_person": 14, "email": 9, "fax": 2}
# Every outcome of table 三. other_1 (correction not made) and unable_3 (still unclear after a
# correction) come from the correction path, other_2 (fee not paid) carries no fee.
REPLY_OUTCOMES = {
    "granted": 360,
    "partial": 100,
    "refused_1": 5,
    "refused_2": 10,
    "refused_3": 5,
    "refused_4": 30,
    "refused_5": 20,
    "refused_6": 30,
    "refused_7": 10,
    "refused_8": 20,
    "unable_1": 170,
    "unable_2": 30,
    "not_processed_1": 30,
    "not_processed_2": 25,
    "not_processed_3": 10,
    "not_processed_4": 10,
    "not_processed_5": 10,
    "other_2": 6,
    "other_3": 15,
}
APPEAL_RESULTS = {"upheld": 65, "corrected": 15, "other": 10, "pending": 10}


# -- generation --------------------------------------------------------------------------------


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Days:
    """Working-day arithmetic that says "never" (date.max) past the loaded schedules."""

    def __init__(self, calendar: Calendar, today: date) -> None:
        self.calendar = calendar
        self.yesterday = today - timedelta(days=1)

    def add(self, day: date, n: int) -> date:
        if day == date.max:
            return day
        try:
            return self.calendar.add(day, n)
        except ScheduleNotLoaded:
            return date.max

    def happened(self, day: date | None) -> bool:
        return day is not None and day <= self.yesterday

    def workdays(self, first: date, last: date) -> list[date]:
        days = []
        day = first
        while day <= last:
            if self.calendar.is_workday(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def _applicant(rng: random.Random, kind: str) -> str:
    if kind != "natural_person":
        return ORGANISATIONS[kind](rng)
    surname = _pick(rng, SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
    if rng.random() < 0.01:  # a joint application
        return f"{surname}{given}、{_pick(rng, SURNAMES)}{rng.choice(GIVEN_CHARS)}等{rng.randint(3, 40)}人"  # noqa: E501
    return surname + given


def _description(rng: random.Random, received: date) -> str:
    def topic() -> str:
        return rng.choice(TOPICS).format(
            year=received.year - rng.choice((0, 0, 1, 2)),
            place=rng.choice(PLACES),
            n=rng.randint(1, 180),
        )

    roll = rng.random()
    if roll < 0.08:  # several items, one a line: a multi-line cell
        items = "\n".join(f"{i}. {topic()}；" for i in range(1, rng.randint(2, 6)))
        text = f"申请公开以下政府信息：\n{items}"
    elif roll < 0.081:  # starts like a formula: written with an apostrophe, read back without
        text = f"-{topic()}（共{rng.randint(2, 9)}份）"
    else:
        text = f"申请公开{topic()}。"
    return (text + rng.choice(PURPOSES)).strip()


def _fee(rng: random.Random) -> Decimal:
    if rng.random() < 0.5:
        return per_volume_fee(rng.randint(31, 420))
    return per_piece_fee(rng.randint(1, 8), earlier_items_this_month=rng.randint(10, 25))


def _appeal_result(rng: random.Random, filed: date, days: _Days) -> str:
    if days.add(filed, 60) > days.yesterday:
        return "pending"  # not decided yet
    return _pick(rng, APPEAL_RESULTS)


def _closed(rng: random.Random, received: date, days: _Days) -> dict[str, Any] | None:
    """A replied case's cells, or None when its reply would not have happened yet."""
    cells: dict[str, Any] = {}
    start = received
    outcome = None
    if rng.random() < 0.07:  # correction notice
        notice = days.add(received, rng.randint(1, 7))
        cells["correction_notice_on"] = notice
        if rng.random() < 0.3:  # never corrected: other_1 after the 15 working days
            replied = days.add(notice, rng.randint(16, 22))
            if not days.happened(replied):
                return None
            return cells | {"replied_on": replied, "outcome": "other_1"}
        start = days.add(notice, rng.randint(1, 15))
        cells["correction_received_on"] = start
        if rng.random() < 0.3:
            outcome = "unable_3"
    excluded = 0
    answered = None
    if rng.random() < 0.06:  # third-party consultation
        sent = days.add(start, rng.randint(2, 8))
        cells["consultation_sent_on"] = sent
        if rng.random() < 0.9:
            answered = days.add(sent, rng.randint(2, 15))
            cells["consultation_answered_on"] = answered
            excluded = days.calendar.between(sent, answered) if answered != date.max else 15
        else:
            excluded = 15
    extended = rng.random() < 0.08
    cells["extended"] = extended
    total = 20 + (20 if extended else 0) + excluded
    if rng.random() < 0.03:  # late
        n = total + rng.randint(1, 5)
    else:
        n = rng.randint(21 if extended else 1, total)
    replied = days.add(start, n)
    if answered and replied <= answered:
        replied = days.add(answered, rng.randint(1, 5))
    if not days.happened(replied):
        return None
    outcome = outcome or _pick(rng, REPLY_OUTCOMES)
    cells |= {"replied_on": replied, "outcome": outcome}
    if outcome in ("granted", "partial") and rng.random() < 0.04:
        cells["fee_yuan"] = _fee(rng)
    if outcome.startswith(("refused", "unable", "not_processed")):
        roll = rng.random()
        if roll < 0.08:
            filed = days.add(replied, rng.randint(5, 55))
            if days.happened(filed):
                cells["reconsideration_on"] = filed
                cells["reconsideration_result"] = _appeal_result(rng, filed, days)
                if rng.random() < 0.25:
                    sued = days.add(filed, rng.randint(45, 100))
                    if days.happened(sued):
                        cells["litigation_on"] = sued
                        cells["litigation_kind"] = "after_reconsideration"
                        cells["litigation_result"] = _appeal_result(rng, sued, days)
        elif roll < 0.10:
            sued = days.add(replied, rng.randint(10, 120))
            if days.happened(sued):
                cells["litigation_on"] = sued
                cells["litigation_kind"] = "direct"
                cells["litigation_result"] = _appeal_result(rng, sued, days)
    return cells


def _open(rng: random.Random, received: date, days: _Days) -> dict[str, Any]:
    """An open case's cells: in progress, awaiting a correction, or consulting."""
    cells: dict[str, Any] = {}
    start = received
    roll = rng.random()
    if roll < 0.17:
        notice = days.add(received, rng.randint(1, 7))
        if days.happened(notice):
            cells["correction_notice_on"] = notice
            if roll < 0.12:
                return cells  # awaiting the correction: clock stopped
            done = days.add(notice, rng.randint(1, 10))
            if not days.happened(done):
                return cells
            cells["correction_received_on"] = start = done
    if rng.random() < 0.12:
        sent = days.add(start, rng.randint(2, 8))
        if days.happened(sent):
            cells["consultation_sent_on"] = sent
            if rng.random() < 0.4:
                answered = days.add(sent, rng.randint(2, 15))
                if days.happened(answered):
                    cells["consultation_answered_on"] = answered
    extend_on = days.add(start, rng.randint(12, 20))
    cells["extended"] = rng.random() < 0.1 and days.happened(extend_on)
    return cells


def generate_rows(
    count: int,
    *,
    calendar: Calendar,
    today: date,
    seed: int = SEED,
    open_share: float = OPEN_SHARE,
    open_count: int | None = None,
    open_window: tuple[date, date] | None = None,
    first: date = FIRST_RECEIVED,
    last: date = LAST_RECEIVED,
    prefix: str = NUMBER_PREFIX,
) -> list[LedgerRow]:
    """`count` ledger rows in received order, numbered per year.

    Received dates are working days in first..last, volume growing by 8 % a year. About
    `open_share` of the rows are open (unreplied) unless `open_count` fixes the number; open
    rows are received in `open_window` when given (then their due dates fall around today),
    otherwise anywhere in first..last. A row whose reply would fall after yesterday stays open.
    """
    rng = random.Random(seed)
    days = _Days(calendar, today)
    span = days.workdays(first, last)
    weights = [1 + 0.08 * (day - first).days / 365.25 for day in span]
    cumulative = []
    running = 0.0
    for weight in weights:
        running += weight
        cumulative.append(running)
    want_open = round(count * open_share) if open_count is None else open_count
    if open_window:
        window = days.workdays(*open_window)
        open_days = [rng.choice(window) for _ in range(want_open)]
        closed_days = rng.choices(span, cum_weights=cumulative, k=count - want_open)
        plan = [(d, False) for d in closed_days] + [(d, True) for d in open_days]
    else:
        received = rng.choices(span, cum_weights=cumulative, k=count)
        opened = set(rng.sample(range(count), want_open))
        plan = [(d, i in opened) for i, d in enumerate(received)]
    plan.sort(key=lambda item: item[0])

    rows = []
    per_year: Counter[int] = Counter()
    for index, (received, is_open) in enumerate(plan):
        cells = None if is_open else _closed(rng, received, days)
        if cells is None:
            cells = _open(rng, received, days)
        kind = _pick(rng, APPLICANT_TYPES)
        per_year[received.year] += 1
        rows.append(
            LedgerRow(
                row=index + 2,
                number=f"{prefix}〔{received.year}〕{per_year[received.year]:05d}号",
                applicant_type=kind,
                applicant=_applicant(rng, kind),
                channel=_pick(rng, CHANNELS),
                received_on=received,
                description=_description(rng, received),
                correction_notice_on=cells.get("correction_notice_on"),
                correction_received_on=cells.get("correction_received_on"),
                consultation_sent_on=cells.get("consultation_sent_on"),
                consultation_answered_on=cells.get("consultation_answered_on"),
                extended=cells.get("extended", False),
                replied_on=cells.get("replied_on"),
                outcome=cells.get("outcome"),
                reconsideration_on=cells.get("reconsideration_on"),
                reconsideration_result=cells.get("reconsideration_result"),
                litigation_on=cells.get("litigation_on"),
                litigation_kind=cells.get("litigation_kind"),
                litigation_result=cells.get("litigation_result"),
                fee_yuan=cells.get("fee_yuan"),
            )
        )
    return rows


def describe_rows(rows: list[LedgerRow]) -> list[str]:
    """A few lines on the mix generated, for the report."""
    closed = [r for r in rows if r.replied_on]
    outcomes = Counter(r.outcome for r in closed)
    years = Counter(r.received_on.year for r in rows)
    lengths = sorted(len(r.description) for r in rows)
    return [
        f"rows {len(rows):,}: {len(closed):,} replied ({len(closed) / len(rows):.1%}), "
        f"{len(rows) - len(closed):,} open",
        f"received {rows[0].received_on}..{rows[-1].received_on}; per year "
        + ", ".join(f"{y}: {n:,}" for y, n in sorted(years.items())),
        "applicant types " + _shares(Counter(r.applicant_type for r in rows), len(rows)),
        "channels " + _shares(Counter(r.channel for r in rows), len(rows)),
        f"outcomes: all {len(outcomes)} of 21 labels; "
        + _shares(Counter(dict(outcomes.most_common(4))), len(closed))
        + f"; rarest {min(outcomes.values())}",
        f"corrections {sum(1 for r in rows if r.correction_notice_on):,} "
        f"(awaited {sum(1 for r in rows if r.correction_notice_on and not r.correction_received_on and not r.replied_on):,}), "  # noqa: E501
        f"consultations {sum(1 for r in rows if r.consultation_sent_on):,}, "
        f"extensions {sum(1 for r in rows if r.extended):,}, "
        f"reconsiderations {sum(1 for r in rows if r.reconsideration_on):,}, "
        f"suits {sum(1 for r in rows if r.litigation_on):,}, "
        f"fees {sum(1 for r in rows if r.fee_yuan is not None):,}",
        f"description length: median {lengths[len(lengths) // 2]}, max {lengths[-1]} chars; "
        f"multi-line {sum(1 for r in rows if chr(10) in r.description):,}",
    ]


def _shares(tally: Counter[Any], total: int) -> str:
    return ", ".join(f"{k} {n / total:.1%}" for k, n in tally.most_common())


# -- measuring ---------------------------------------------------------------------------------


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_environment(title: str) -> None:
    from django.conf import settings
    from django.db import connection

    print(title)
    print(f"  Python      {sys.version.split()[0]} ({platform.python_implementation()})")
    print(f"  platform    {platform.platform()}")
    print(f"  CPU         {cpu_model()}, os.cpu_count() = {os.cpu_count()}")
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"  load avg    {load} (1, 5, 15 min, at start)")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            version = "SQLite " + cursor.fetchone()[0]
        else:
            cursor.execute("show server_version")
            version = "PostgreSQL " + cursor.fetchone()[0]
    print(f"  database    {version}: {database_label()}")
    print(f"  DEBUG       {settings.DEBUG}")
    print()


def database_label() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    return f"{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def database_bytes() -> int:
    """The database's size on disk (SQLite: after folding the WAL into the main file)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            name = Path(connection.settings_dict["NAME"])
            return sum(p.stat().st_size for p in (name, Path(f"{name}-wal")) if p.exists())
        cursor.execute("select pg_database_size(current_database())")
        return int(cursor.fetchone()[0])


def mib(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MiB"


def fresh_agency(index: int):
    from gongkai.accounts.models import Agency
    from gongkai.accounts.services import agency_create
    from gongkai.demo.organisation import org_code

    names = ["示范区住房保障和房产管理局", "示范区交通运输局", "示范区水务局", "示范区林业局"]
    first8 = 11441090
    while Agency.objects.filter(code=org_code(str(first8))).exists():
        first8 += 1
    name = names[index % len(names)]
    return agency_create(
        code=org_code(str(first8)),
        name=name if not Agency.objects.filter(name=name).exists() else f"{name}（{first8}）",
        short_name=name.removeprefix("示范区")[:4],
        office_name=f"{name}办公室",
    )


def child_counts(agency) -> dict[str, int]:
    from gongkai.info_requests.models import (
        Appeal,
        Consultation,
        Correction,
        InfoRequest,
        RequestEvent,
    )

    return {
        "cases": InfoRequest.objects.filter(agency=agency).count(),
        "events": RequestEvent.objects.filter(request__agency=agency).count(),
        "corrections": Correction.objects.filter(request__agency=agency).count(),
        "consultations": Consultation.objects.filter(request__agency=agency).count(),
        "appeals": Appeal.objects.filter(request__agency=agency).count(),
    }


class Phases:
    """Time spent in ledger_import's steps, by wrapping the module's helpers (a few µs per
    call, each called once)."""

    NAMES = (
        ("read_ledger", "parse (read_ledger)"),
        ("_check_against_database", "numbers already taken? (5,000 per query)"),
        ("_stage", "build cases (clocks), children; write staging tables"),
        ("_check_staged_numbers", "final step: numbers taken since?"),
        ("_reserve_serials", "final step: reserve serial numbers"),
        ("_move", "final step: INSERT ... SELECT into the tables"),
        ("audit_record", "final step: audit record"),
    )

    def __init__(self) -> None:
        from gongkai.info_requests import ledger_services

        self.module = ledger_services
        self.seconds = dict.fromkeys((name for name, _ in self.NAMES), 0.0)
        self.originals = {name: getattr(ledger_services, name) for name, _ in self.NAMES}

    def __enter__(self) -> Phases:
        for name, original in self.originals.items():
            setattr(self.module, name, self._wrap(name, original))
        return self

    def __exit__(self, *exc: object) -> None:
        for name, original in self.originals.items():
            setattr(self.module, name, original)

    def _wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        seconds = self.seconds
        clock = time.perf_counter

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[name] += clock() - started

        return wrapper

    def report(self, total: float) -> list[str]:
        lines = [f"{self.seconds[name]:6.1f} s  {label}" for name, label in self.NAMES]
        rest = total - sum(self.seconds.values())
        lines.append(f"{rest:6.1f} s  commit, drop staging tables, the rest")
        return lines


def profile_import(fn: Callable[[], Any]) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--runs", type=int, default=1, help="imports, each into a new agency")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--csv", type=Path, help="also save the generated ledger here")
    parser.add_argument("--profile", action="store_true", help="cProfile the (last) import")
    args = parser.parse_args(list(argv) if argv is not None else None)

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.info_requests.ledger import read_ledger, write_ledger_csv
    from gongkai.info_requests.ledger_services import ledger_import
    from gongkai.workdays.selectors import get_calendar

    print_environment("Benchmark: ledger_import of a generated application ledger (登记台账)")
    calendar = get_calendar()
    today = timezone.localdate()

    seconds, rows = timed(
        lambda: generate_rows(args.rows, calendar=calendar, today=today, seed=args.seed)
    )
    print(f"Data: random.Random({args.seed}), today {today}, generated in {seconds:.1f} s")
    for line in describe_rows(rows):
        print(f"  {line}")
    seconds, data = timed(lambda: write_ledger_csv(rows))
    print(f"  CSV {len(data):,} bytes ({mib(len(data))}), written in {seconds:.2f} s")
    if args.csv:
        args.csv.write_bytes(data)
        print(f"  saved to {args.csv}")
    print()

    print("Parse: read_ledger(data, '登记台账.csv') alone")
    parse_times = []
    for _ in range(2):
        seconds, parsed = timed(lambda: read_ledger(data, "登记台账.csv"))
        parse_times.append(seconds)
    assert parsed == rows, "read_ledger did not give back the rows generated"
    print(
        f"  best {min(parse_times):.2f} s (runs {', '.join(f'{t:.2f}' for t in parse_times)} s)"
        f" = {len(rows) / min(parse_times):,.0f} rows/s; every row read back equal"
    )
    del parsed
    print(f"  max RSS so far {max_rss_mib():,.0f} MiB")
    print()

    actor = User.objects.filter(username="admin").first()
    results = []
    for run in range(args.runs):
        agency = fresh_agency(run)
        before_bytes = database_bytes()
        before_cases = child_counts(agency)["cases"]
        assert before_cases == 0

        def run_import(agency=agency):
            return ledger_import(agency=agency, data=data, filename="登记台账.csv", actor=actor)

        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        if args.profile and run == args.runs - 1:
            started = time.perf_counter()
            profile_import(run_import)
            print(f"  (profiled run, {time.perf_counter() - started:.1f} s under cProfile)")
            continue
        with Phases() as phases:
            seconds, result = timed(run_import)
        after_bytes = database_bytes()
        counts = child_counts(agency)
        results.append(seconds)
        load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"Import run {run + 1}: into new agency {agency.code} {agency.name} "
            f"({connection.vendor}, 1-min load avg {load:.2f} before, {load_after:.2f} after)"
        )
        print(
            f"  total {seconds:.1f} s = {len(rows) / seconds:,.0f} rows/s; the final step held "
            f"the write lock {result.lock_seconds:.2f} s; of which:"
        )
        for line in phases.report(seconds):
            print(f"    {line}")
        print(
            f"  created {result.created:,} cases, {result.open_cases:,} open; "
            + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        )
        print(
            f"  database {mib(before_bytes)} -> {mib(after_bytes)}: "
            f"+{mib(after_bytes - before_bytes)} "
            f"({(after_bytes - before_bytes) / len(rows):,.0f} bytes per row)"
        )
        print(f"  max RSS {max_rss_mib():,.0f} MiB")
        print()

    if results:
        best = min(results)
        print("Target")
        print(
            f"  ≤ {TARGET_SECONDS:.0f} s for {len(rows):,} rows ({connection.vendor}): "
            f"best {best:.1f} s -> "
            + (verdict(best <= TARGET_SECONDS) if connection.vendor == "sqlite" else "reported")
            + ("" if connection.vendor == "sqlite" else f" (would {verdict(best <= 60)})")
        )


if __name__ == "__main__":
    main()

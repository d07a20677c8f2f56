"""The inspection's rules: what the 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) check on
a government site, as Gongkai can check them on its own portal (docs/law.md §7). Pure: no
Django.

Each rule has a code (stored on a finding), a Chinese label, whether it is a 单项否决 (veto:
one such finding fails the site outright) and where it comes from.

Readings beyond docs/law.md, decided here:
- A *column* (栏目) is an agency's items of one kind (`COLUMNS`): the indicators set the update
  limit by kind of column — 动态/要闻 within 2 weeks, 通知公告/政策文件 within 6 months — and the
  kind is the item's genre (体裁), not its Art. 20 category (news and notices share 20-15).
  The limits are a setting (`GONGKAI_INSPECTION_COLUMN_LIMITS`, in days or months).
- A column is *stale* at D when its newest publication is before the cut-off (D minus the
  limit; a month limit counts calendar months, the month's last day when it is shorter), and
  *empty* when it has never published anything. Stale and empty are counted apart: the veto
  needs 5 stale or 5 empty columns, not 5 of both together.
- A *forged publication date* is an item whose 发布日期 differs from the day its publication
  was recorded in the audit trail (the local date of the `catalogue.item_publish` record). An
  item with no such record (imported history) cannot be contradicted and is not judged.
- A *simple question answered late* is a valid message of type 咨询 replied more than 5 working
  days after it was received (the stricter limit of the indicators, whatever the agency's own
  setting).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.interaction.clock import months_before
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded

VETO_COLUMNS = 5  # 检查指标 单项否决: 5 or more columns stale, or 5 or more empty
SIMPLE_QUESTION_DAYS = 5  # 检查指标: a simple question answered within 5 working days


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    veto: bool
    source: str


_RULES = (
    Rule("dead_link", "链接不可用（死链）", False, "检查指标·网站可用性：首页及栏目链接可用"),
    Rule("missing_attachment", "附件文件缺失", False, "检查指标·网站可用性：附件可下载"),
    Rule("column_stale", "栏目未按时更新", False, "检查指标·信息更新：动态2周、通知公告6个月"),
    Rule("column_empty", "空白栏目", False, "检查指标·信息更新：栏目不得空白"),
    Rule(
        "columns_stale_veto",
        "5个以上栏目未按时更新",
        True,
        "检查指标·单项否决：栏目不更新",
    ),
    Rule("columns_empty_veto", "5个以上空白栏目", True, "检查指标·单项否决：空白栏目"),
    Rule(
        "policy_no_interpretation",
        "政策文件未发布解读",
        False,
        "检查指标·解读回应；《条例》第六条（谁起草谁解读）",
    ),
    Rule(
        "policy_not_linked",
        "政策文件与解读未相互链接",
        False,
        "检查指标·解读回应：政策文件与解读材料相互关联",
    ),
    Rule(
        "privacy_unmasked",
        "已公开信息含未处理的个人信息",
        False,
        "《条例》第十五条；检查指标·信息发布：个人信息未作处理",
    ),
    Rule(
        "message_unanswered",
        "有效留言超过3个月未答复",
        True,
        "检查指标·单项否决：互动回应差",
    ),
    Rule(
        "question_late",
        "简单咨询超过5个工作日答复",
        False,
        "检查指标·互动回应：简单咨询5个工作日内答复",
    ),
    Rule(
        "forged_publication_date",
        "发布日期与审计记录不符（疑似伪造发布日期）",
        True,
        "检查指标·单项否决：严重表述错误（伪造发布时间）",
    ),
    Rule(
        "standard_gap",
        "标准目录事项逾期未公开",
        False,
        "《条例》第二十六条；基层政务公开标准目录（时限）",
    ),
)
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


@dataclass(frozen=True)
class Limit:
    """How soon a column must publish again: `days` calendar days or `months` months."""

    days: int = 0
    months: int = 0

    def cutoff(self, today: date) -> date:
        """The earliest publication date that still keeps the column fresh at `today`."""
        if self.months:
            return months_before(today, self.months)
        return today - timedelta(days=self.days)

    @property
    def label(self) -> str:
        if self.months:
            return f"{self.months}个月"
        if self.days and self.days % 7 == 0:
            return f"{self.days // 7}周"
        return f"{self.days}天"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    genres: frozenset[str]
    limit: Limit


# The columns each agency's part of the portal has, by genre (taxonomy.GENRES).
COLUMNS: tuple[Column, ...] = (
    Column("news", "工作动态", frozenset({"news"}), Limit(days=14)),
    Column("notices", "通知公告", frozenset({"notice"}), Limit(months=6)),
    Column(
        "policies",
        "政策文件",
        frozenset({"rule", "normative_document", "other_document"}),
        Limit(months=6),
    ),
    Column("interpretations", "政策解读", frozenset({"interpretation"}), Limit(months=6)),
    Column("plans", "规划计划", frozenset({"plan_report"}), Limit(months=12)),
    Column("finance", "财政预决算", frozenset({"finance"}), Limit(months=12)),
    Column("personnel", "人事信息", frozenset({"personnel"}), Limit(months=12)),
    Column("annual_report", "年度报告", frozenset({"annual_report"}), Limit(months=12)),
)


def parse_limit(value: str) -> Limit:
    """'14d' → 14 days, '6m' → 6 months (the setting's form). ValueError otherwise."""
    text = value.strip().lower()
    if len(text) < 2 or text[-1] not in "dm" or not text[:-1].isdigit() or int(text[:-1]) < 1:
        raise ValueError(f"栏目更新时限“{value}”无效：应为天数加 d 或月数加 m，如 14d、6m")
    n = int(text[:-1])
    return Limit(days=n) if text[-1] == "d" else Limit(months=n)


def columns_with(overrides: dict[str, str] | None) -> tuple[Column, ...]:
    """COLUMNS with the limits a deployment set (key → '14d' / '6m'); unknown keys refused."""
    if not overrides:
        return COLUMNS
    known = {column.key for column in COLUMNS}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"未知的栏目：{'、'.join(sorted(unknown))}")
    return tuple(
        Column(c.key, c.label, c.genres, parse_limit(overrides[c.key])) if c.key in overrides else c
        for c in COLUMNS
    )


def column_of(genre: str, columns: Iterable[Column] = COLUMNS) -> Column | None:
    for column in columns:
        if genre in column.genres:
            return column
    return None


@dataclass(frozen=True)
class ColumnVerdict:
    stale: tuple[str, ...]  # column keys
    empty: tuple[str, ...]
    stale_veto: bool
    empty_veto: bool


def judge_columns(
    last_published: dict[str, date | None], today: date, columns: Iterable[Column] = COLUMNS
) -> ColumnVerdict:
    """One agency's columns at `today`, given each column's newest publication date (None or
    absent: never published)."""
    stale: list[str] = []
    empty: list[str] = []
    for column in columns:
        last = last_published.get(column.key)
        if last is None:
            empty.append(column.key)
        elif last < column.limit.cutoff(today):
            stale.append(column.key)
    return ColumnVerdict(
        tuple(stale), tuple(empty), len(stale) >= VETO_COLUMNS, len(empty) >= VETO_COLUMNS
    )


def publication_date_forged(published_on: date | None, recorded_on: date | None) -> bool:
    """True when the audit trail recorded the publication on another day than the item shows."""
    if published_on is None or recorded_on is None:
        return False
    return published_on != recorded_on


def question_answered_late(
    *, received_on: date, replied_on: date | None, calendar: Calendar
) -> bool | None:
    """A simple question answered after 5 working days; None when a year's schedule is missing
    (never guessed)."""
    if replied_on is None:
        return False
    try:
        return replied_on > calendar.add(received_on, SIMPLE_QUESTION_DAYS)
    except ScheduleNotLoaded:
        return None

"""Demo catalogue for the demo government: a few thousand published items of the twelve demo
agencies, 2024 to today, as their disclosure pages would show them, and a handful of items in
the workbench (draft, secrecy review, approval) for the demo logins.

The published history is bulk-created (fast enough for `gongkai demo` on every start) with
what publication would have given it: index numbers gapless per agency and year in order of
publication (through `core.services.reserve_serials`), content hashes
(`services.item_content_hash`), policy documents with their interpretations, normative
documents later amended or repealed with links. Everything is in Simplified characters but the
Traditional versions of the few items written for Hong Kong, Macao and Taiwan residents.
Personal data appears only masked, as after review. Everything is synthetic: names, numbers,
companies and figures are drawn from a seeded generator. The workbench items go through the
real services, so their privacy findings are the guard's own. Idempotent: nothing happens if
the demo agencies already have items.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, Department, User
from gongkai.accounts.orgcode import gb32100_check_char
from gongkai.audit.services import Target, audit_record
from gongkai.catalogue import index_numbers
from gongkai.catalogue import services as s
from gongkai.catalogue.import_services import subjects_ensure, unsaved_content_hash
from gongkai.catalogue.models import Item, Subject
from gongkai.core.services import reserve_serials
from gongkai.demo.common import frozen, load, pick, to_traditional
from gongkai.demo.organisation import AGENCIES
from gongkai.workdays.selectors import get_calendar

SEED = 20261123
COUNT = 3000
FIRST_DAY = date(2024, 1, 2)
BATCH = 1000

# --- who publishes what -------------------------------------------------------------------

# How much each agency publishes, and the mix of its kinds of items.
AGENCY_WEIGHTS = {
    "住建局": 15,
    "城管局": 13,
    "市场监管局": 11,
    "区府办": 10,
    "财政局": 7,
    "教育局": 7,
    "人社局": 7,
    "自然资源局": 7,
    "发改局": 6,
    "卫健局": 6,
    "城东街道": 5,
    "青山镇": 5,
}
COMMON_KINDS = {
    "policy": 5,
    "campaign": 10,
    "notice": 9,
    "news": 16,
    "procurement": 6,
    "recruitment": 2,
    "stats": 7,
    "org": 1,
}
EXTRA_KINDS = {
    "区府办": {"emergency": 3, "inspection": 2, "project": 2, "welfare": 1},
    "住建局": {"permit": 8, "inspection": 7, "penalty": 3, "project": 2, "emergency": 1},
    "城管局": {"penalty": 22, "inspection": 5, "permit": 3, "emergency": 1},
    "财政局": {"fees": 2, "welfare": 1},
    "教育局": {"welfare": 5, "permit": 2, "inspection": 2},
    "发改局": {"project": 8, "fees": 2},
    "人社局": {"welfare": 8, "penalty": 2, "permit": 1},
    "卫健局": {"inspection": 6, "permit": 3, "penalty": 2, "welfare": 2, "emergency": 1},
    "市场监管局": {"inspection": 10, "penalty": 12, "permit": 4},
    "自然资源局": {"permit": 8, "project": 3, "penalty": 2, "township": 2},
    "城东街道": {"township": 14, "welfare": 5, "emergency": 2, "penalty": 2},
    "青山镇": {"township": 16, "welfare": 5, "emergency": 2, "project": 2},
}
TOWNSHIPS = frozenset({"城东街道", "青山镇"})


@dataclass(frozen=True)
class Policy:
    name: str  # without the leading 示范区
    purpose: str  # 为……
    basis: str  # 根据……
    scope: str  # 适用于本区行政区域内……
    measures: tuple[str, ...]
    issuer: str = "agency"  # agency / government (示范区人民政府) / office (区府办)
    genre: str = "normative_document"  # or "rule" (规章, 示范区人民政府令)


@dataclass(frozen=True)
class Profile:
    prefix: str  # of document numbers: 示住建〔2025〕12号
    subject: str
    department: str  # the department most items come from
    duty: str  # what the agency is responsible for, in a phrase
    policies: tuple[Policy, ...] = ()
    campaigns: tuple[str, ...] = ()
    notices: tuple[tuple[str, str], ...] = ()  # (title, Art. 20 category)
    news: tuple[str, ...] = ()
    purchases: tuple[str, ...] = ()
    stats: tuple[tuple[str, str], ...] = ()  # (title with {y} {m} {q} {py}, period)
    permits: tuple[str, ...] = ()
    # (facts, the rule broken, the penalty's basis, fines in yuan the basis allows)
    violations: tuple[tuple[str, str, str, tuple[int, ...]], ...] = ()
    inspections: tuple[str, ...] = ()


def _profile(fields: dict) -> Profile:
    policies = tuple(Policy(**frozen(p)) for p in fields.get("policies", ()))
    return Profile(
        **frozen({k: v for k, v in fields.items() if k != "policies"}), policies=policies
    )


# Each agency's texts: its policy documents, campaigns, notices, news, purchases, statistics,
# permits, violations and inspections (data/catalogue/profiles.json).
PROFILES: dict[str, Profile] = {
    short: _profile(fields) for short, fields in load("catalogue/profiles.json").items()
}

WORDS = load("catalogue/words.json")
PLACES: list[str] = WORDS["places"]
PROJECTS: list[str] = WORDS["projects"]
COMPANIES: list[str] = WORDS["companies"]
SHOPS: list[str] = WORDS["shops"]
SURNAMES: str = WORDS["surnames"]
CN_NUMERALS = "零一二三四五六七八九十"
MEETINGS: list[str] = WORDS["meetings"]
WEAKNESSES: tuple[str, ...] = tuple(WORDS["weaknesses"])
DEGREES: tuple[str, ...] = tuple(WORDS["degrees"])
WEATHER: tuple[str, ...] = tuple(WORDS["weather"])
STAGES: tuple[str, ...] = tuple(WORDS["stages"])
# A supplier wins the purchases whose names hold one of its words.
SUPPLIERS: dict[str, tuple[str, ...]] = frozen(WORDS["suppliers"])


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals (一, 十二, 二十)."""
    if n <= 10:
        return CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (CN_NUMERALS[tens] if tens > 1 else "") + "十" + (CN_NUMERALS[ones] if ones else "")


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- the items to be made -----------------------------------------------------------------


@dataclass(eq=False)
class Spec:
    """One published item to be created, before it has its numbers."""

    agency: str  # short name
    genre: str
    category: str
    title: str
    body: str
    summary: str
    keywords: str
    written_on: date
    published_on: date
    subject: str = ""
    series: str = ""  # document-number series; "" = no document number
    doc_number: str = ""
    issuing_agency: str = ""  # "" = the agency's name
    department: str = ""
    is_policy: bool = False
    interprets: Spec | None = None
    amended_by: Spec | None = None
    repealed_by: Spec | None = None
    validity: str = "in_force"
    validity_changed_on: date | None = None
    revisable: bool = False  # an original policy document that may later be amended or repealed
    policy: Policy | None = None
    report_of: int | None = None  # the year an annual report covers
    item: Item | None = None


DOC = "〔文号〕"  # replaced by the item's document number once numbers are assigned
PARENT_DOC = "〔所解读文号〕"  # the document number of the policy document interpreted


class Maker:
    def __init__(self, rng: random.Random, calendar, today: date, names: dict[str, Agency]):
        self.rng = rng
        self.today = today
        self.names = names
        start = FIRST_DAY - timedelta(days=120)
        self.workdays: list[date] = []
        day = start
        while day <= today:
            if calendar.is_workday(day):
                self.workdays.append(day)
            day += timedelta(days=1)
        self.position = {day: i for i, day in enumerate(self.workdays)}
        self.first_index = self.position.get(FIRST_DAY, 0)
        self.used_policies: set[tuple[str, str]] = set()

    # -- dates -------------------------------------------------------------------------------

    def workday_in(self, first: date, last: date) -> date | None:
        """A random working day in [first, last], never after today."""
        days = [d for d in self.workdays if first <= d <= min(last, self.today)]
        return self.rng.choice(days) if days else None

    def random_workday(self) -> date:
        # Slightly more in recent months: disclosure work grows.
        i = self.first_index + int(
            (len(self.workdays) - self.first_index) * self.rng.random() ** 0.9
        )
        return self.workdays[min(i, len(self.workdays) - 1)]

    def before(self, day: date, n: int) -> date:
        return self.workdays[max(self.position[day] - n, 0)]

    def after(self, day: date, n: int) -> date | None:
        i = self.position[day] + n
        return self.workdays[i] if i < len(self.workdays) else None

    def previous_month(self, day: date) -> date:
        """The first day of the month before `day`'s (what a monthly report covers)."""
        return (day.replace(day=1) - timedelta(days=1)).replace(day=1)

    def last_quarter(self, day: date) -> tuple[int, int]:
        """(year, quarter) of the last quarter completed before `day`."""
        quarter = (day.month - 1) // 3
        return (day.year, quarter) if quarter else (day.year - 1, 4)

    def in_month(self, month: int) -> date | None:
        """A working day in the given month of a random demo year."""
        years = [
            y for y in range(FIRST_DAY.year, self.today.year + 1) if date(y, month, 1) <= self.today
        ]
        year = self.rng.choice(years)
        return self.workday_in(date(year, month, 1), date(year, month, 28))

    def delay(self) -> int:
        """Working days from written to published: mostly 1–15, a few late (Art. 26)."""
        roll = self.rng.random()
        if roll < 0.55:
            return self.rng.randint(1, 5)
        if roll < 0.90:
            return self.rng.randint(6, 12)
        if roll < 0.975:
            return self.rng.randint(13, 20)
        return self.rng.randint(21, 38)

    # -- small values ------------------------------------------------------------------------

    def person(self) -> str:
        """A masked name, as published after review: 张*, 李*华."""
        surname = self.rng.choice(SURNAMES)
        return surname + ("*" if self.rng.random() < 0.6 else "*" + self.rng.choice("华明芳丽军"))

    def masked_mobile(self) -> str:
        return (
            f"1{self.rng.choice('3589')}{self.rng.randint(0, 9)}****{self.rng.randint(0, 9999):04d}"
        )

    def credit_code(self, *, individual: bool) -> str:
        """A unified social credit code (GB 32100) with a valid check character: 92… for an
        individual business, 91… for a company."""
        body = "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
        first17 = f"9{'2' if individual else '1'}441200MA{body}"
        return first17 + gb32100_check_char(first17)

    def office_phone(self, short: str) -> str:
        return self.names[short].office_phone

    def wan(self, low: float, high: float) -> str:
        return f"{self.rng.uniform(low, high):,.2f}"

    def percent(self) -> str:
        return f"{self.rng.uniform(0.3, 18.0):.1f}%"

    def change(self) -> str:
        return ("增长" if self.rng.random() < 0.7 else "下降") + self.percent()

    def department(self, short: str, preferred: str = "") -> str:
        departments = list(AGENCY_DEPARTMENTS[short])
        if preferred in departments:
            return preferred
        if preferred == "办公室":  # 党政办公室 in a township
            return next((d for d in departments if "办公室" in d), departments[0])
        others = [d for d in departments if "办公室" not in d] or departments
        return self.rng.choice(others)

    def spec(self, short: str, **fields) -> Spec:
        profile = PROFILES[short]
        fields.setdefault("subject", profile.subject)
        fields.setdefault("department", self.department(short, profile.department))
        return Spec(agency=short, **fields)

    def dated(self, published: date | None = None, delay: int | None = None) -> tuple[date, date]:
        published = published or self.random_workday()
        written = self.before(published, self.delay() if delay is None else delay)
        return written, published


AGENCY_DEPARTMENTS = {short: departments for _, _, short, _, departments in AGENCIES}
AGENCY_NAMES = {short: name for _, name, short, _, _ in AGENCIES}


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _indent(text: str) -> str:
    return "　　" + text if text else ""


def _summary(text: str, limit: int = 90) -> str:
    first = text.replace("　", "").split("\n")[0].strip()
    return first if len(first) <= limit else first[: limit - 1] + "…"


# --- kinds of items -----------------------------------------------------------------------


def kind_policy(m: Maker, short: str) -> list[Spec]:
    """A normative document (or a rule) and its interpretation, published together."""
    profile = PROFILES[short]
    if not profile.policies:
        return kind_campaign(m, short)
    unused = [p for p in profile.policies if (short, p.name) not in m.used_policies]
    if not unused:
        return kind_campaign(m, short)
    policy = m.rng.choice(unused)
    m.used_policies.add((short, policy.name))
    written, published = m.dated()
    return _policy_pair(m, short, policy, written, published, revision=None)


def _issuer(short: str, policy: Policy) -> tuple[str, str, str]:
    """(issuing agency, document series, title prefix) of a policy document."""
    if policy.genre == "rule":
        return "示范区人民政府", "示府令", "示范区人民政府"
    if policy.issuer == "government":
        return "示范区人民政府", "示府规", "示范区人民政府"
    if policy.issuer == "office":
        return "示范区人民政府办公室", "示府办规", "示范区人民政府办公室"
    return AGENCY_NAMES[short], PROFILES[short].prefix + "规", AGENCY_NAMES[short]


def _policy_pair(
    m: Maker, short: str, policy: Policy, written: date, published: date, revision: str | None
) -> list[Spec]:
    issuing, series, who = _issuer(short, policy)
    rng = m.rng
    name = f"示范区{policy.name}"
    if revision == "amend":
        document = f"关于修改《{name}》部分条款的决定"
        title = f"{who}{document}"
    else:
        if revision == "revise":
            name = f"示范区{policy.name}（{published.year}年修订）"
        document = name
        title = name if policy.genre == "rule" else f"{who}关于印发《{name}》的通知"
    # In force from the first day of a following month.
    later = published + timedelta(days=rng.choice((0, 10, 30)))
    effective = (later.replace(day=1) + timedelta(days=32)).replace(day=1)
    years = "五" if policy.genre != "rule" else ""
    article = _articles if policy.name.endswith(("办法", "规定", "细则", "清单")) else _sections
    if revision == "amend":
        text = _amendment(m, short, policy, name, effective)
    else:
        text = article(m, short, policy, name, effective, years)
    if policy.genre == "rule":
        body = _paragraphs(
            _indent(f"《{document}》已经{cn_date(written)}区政府常务会议审议通过，现予公布，"
                    f"自{cn_date(effective)}起施行。"),
            issuing,
            cn_date(written),
            text,
        )  # fmt: skip
    else:
        meeting = rng.choice(MEETINGS) if policy.issuer == "agency" else "区政府常务会议"
        addressee = (
            "各街道办事处、镇人民政府，区直各有关单位："
            if policy.issuer != "agency"
            else "各有关单位："
        )
        body = _paragraphs(
            addressee,
            _indent(
                f"《{document}》已经{meeting}研究同意，现印发给你们，请认真贯彻执行。"
                f"执行中遇到的问题，请径向{AGENCY_NAMES[short]}反映。"
            ),
            issuing,
            cn_date(written),
            text,
        )
    if revision == "revise":
        body += "\n\n" + _indent(f"原《示范区{policy.name}》同时废止。")
    keywords = "，".join(_keywords(policy.name) + (["修订"] if revision else []))
    doc = m.spec(
        short,
        genre=policy.genre,
        category="20-1",
        title=title,
        body=body,
        summary=f"印发{document if revision != 'amend' else '修改决定'}，"
        f"自{cn_date(effective)}起施行。",
        keywords=keywords,
        written_on=written,
        published_on=published,
        series=series,
        issuing_agency=issuing,
        is_policy=True,
        revisable=revision is None,
        policy=policy,
        subject="综合政务" if policy.issuer != "agency" else PROFILES[short].subject,
    )
    interpretation = _interpretation(m, short, policy, doc, document, effective)
    return [doc, interpretation]


def _keywords(name: str) -> list[str]:
    for suffix in ("实施方案", "实施办法", "实施细则", "管理办法", "若干措施", "管理规定", "办法",
                   "清单", "方案", "规定"):  # fmt: skip
        if name.endswith(suffix):
            return [name[: -len(suffix)], suffix]
    return [name]


def _articles(m: Maker, short, policy: Policy, name: str, effective: date, years: str) -> str:
    lines = [name, "第一章　总则"]
    n = 1

    def article(text: str) -> None:
        nonlocal n
        lines.append(_indent(f"第{cn_number(n)}条　{text}"))
        n += 1

    article(f"为{policy.purpose}，根据{policy.basis}等有关规定，结合本区实际，制定本办法。")
    article(f"本办法适用于{policy.scope}。")
    article(
        f"{AGENCY_NAMES[short] if policy.issuer == 'agency' else '区人民政府'}"
        "负责本办法的组织实施；区有关部门按照各自职责做好相关工作。"
    )
    lines.append("第二章　主要规定")
    for measure in policy.measures:
        article(measure + "。")
    lines.append("第三章　监督管理")
    article("有关部门应当加强监督检查，对检查中发现的问题依法依规处理，处理结果依法向社会公开。")
    article("国家机关工作人员在实施本办法过程中玩忽职守、滥用职权、徇私舞弊的，依法给予处分。")
    lines.append("第四章　附则")
    article(f"本办法由{AGENCY_NAMES[short] if policy.issuer == 'agency' else '区司法局'}负责解释。")
    validity = f"，有效期{years}年" if years else ""
    article(f"本办法自{cn_date(effective)}起施行{validity}。")
    return "\n\n".join(lines)


def _sections(m: Maker, short, policy: Policy, name: str, effective: date, years: str) -> str:
    tasks = "\n\n".join(
        _indent(f"（{cn_number(i)}）{measure}。") for i, measure in enumerate(policy.measures, 1)
    )
    return _paragraphs(
        name,
        _indent(f"为{policy.purpose}，根据{policy.basis}，结合本区实际，制定本方案。"),
        "一、总体要求",
        _indent(
            "坚持以人民为中心的发展思想，坚持问题导向、目标导向，统筹推进、分步实施，"
            f"确保各项工作任务落到实处。本方案适用于{policy.scope}。"
        ),
        "二、主要任务",
        tasks,
        "三、保障措施",
        _indent(
            "（一）加强组织领导。成立工作专班，明确责任分工，定期调度工作进展。"
            "（二）强化资金保障。所需经费按规定纳入部门预算。"
            "（三）加强宣传引导。通过政府网站、政务新媒体等渠道做好政策解读和宣传。"
            "（四）严格督促检查。将工作落实情况纳入年度绩效考核。"
        ),
        _indent(
            f"本方案自{cn_date(effective)}起施行" + (f"，有效期{years}年。" if years else "。")
        ),
    )


def _amendment(m: Maker, short, policy: Policy, name: str, effective: date) -> str:
    changes = [
        f"将第{cn_number(m.rng.randint(4, 6))}条修改为：“{policy.measures[0]}，"
        "具体标准由主管部门另行制定并向社会公布。”",
        f"删去第{cn_number(m.rng.randint(7, 9))}条第二款。",
        "将“区行政服务中心”统一修改为“区政务服务中心”。",
    ]
    return _paragraphs(
        _indent(f"经研究，决定对《{name}》作如下修改："),
        "\n\n".join(_indent(f"{cn_number(i)}、{c}") for i, c in enumerate(changes, 1)),
        _indent(f"本决定自{cn_date(effective)}起施行。《{name}》根据本决定作相应修改，重新公布。"),
    )


def _interpretation(
    m: Maker, short: str, policy: Policy, doc: Spec, document: str, effective: date
) -> Spec:
    """谁起草谁解读: the drafting agency explains the document, published with it."""
    form = m.rng.choice(("《{d}》政策解读", "一图读懂《{d}》", "关于《{d}》的解读"))
    title = form.format(d=document)
    points = "；".join(
        f"{cn_number(i)}是{measure}" for i, measure in enumerate(policy.measures[:3], 1)
    )
    body = _paragraphs(
        "一、制定背景",
        _indent(
            f"为{policy.purpose}，{AGENCY_NAMES[short]}在深入调研、广泛征求意见的基础上，"
            f"起草了《{document}》（{PARENT_DOC}）。"
        ),
        "二、制定依据",
        _indent(f"{policy.basis}等法律法规和政策文件。"),
        "三、主要内容",
        _indent(f"文件主要明确了以下内容：{points}。"),
        "四、适用范围",
        _indent(f"适用于{policy.scope}。"),
        "五、施行时间",
        _indent(f"自{cn_date(effective)}起施行。"),
        "六、解读机关及联系方式",
        _indent(f"解读机关：{AGENCY_NAMES[short]}"),
        _indent(f"咨询电话：{m.office_phone(short)}（工作日）"),
    )
    return m.spec(
        short,
        genre="interpretation",
        category="20-1",
        title=title,
        body=body,
        summary=f"对《{document}》的制定背景、主要内容和施行时间作出解读。",
        keywords="，".join([*_keywords(policy.name), "政策解读"]),
        written_on=doc.written_on,
        published_on=doc.published_on,
        issuing_agency=AGENCY_NAMES[short],
        interprets=doc,
        department=doc.department,
        subject=doc.subject,
    )


def kind_campaign(m: Maker, short: str) -> list[Spec]:
    profile = PROFILES[short]
    rng = m.rng
    written, published = m.dated()
    topic = rng.choice(profile.campaigns)
    year = published.year
    form = rng.choice(
        ("关于开展{y}年{t}的通知", "关于印发{y}年{t}工作方案的通知", "关于做好{t}工作的通知")
    )
    title = AGENCY_NAMES[short] + form.format(y=year, t=topic).replace("工作工作", "工作")
    start = written + timedelta(days=rng.randint(5, 15))
    end = start + timedelta(days=rng.randint(30, 120))
    contact = f"联系人：{m.person()}，联系电话：{m.office_phone(short)}"
    body = _paragraphs(
        "各有关单位：",
        _indent(
            f"为切实做好{topic}工作，根据上级有关工作部署，结合我区实际，决定于{cn_date(start)}至"
            f"{cn_date(end)}在全区开展{topic}。现将有关事项通知如下："
        ),
        "一、工作目标",
        _indent(
            f"通过集中整治，及时发现和消除一批突出问题，建立健全长效机制，{profile.duty}水平进一步提升。"
        ),
        "二、工作内容",
        _indent("（一）全面排查。各单位对照工作清单开展自查，建立问题台账。"),
        _indent("（二）集中整治。对排查发现的问题，明确整改责任人和整改时限，逐项销号。"),
        _indent("（三）督导检查。由局领导带队开展督导检查，对整改不力的予以通报。"),
        "三、工作要求",
        _indent(
            f"各单位要高度重视，落实专人负责，于{cn_date(end + timedelta(days=5))}前将工作总结"
            "报送我局。"
        ),
        _indent(contact),
        AGENCY_NAMES[short],
        cn_date(written),
    )
    category = {
        "城管局": "20-13",
        "市场监管局": "20-13",
        "卫健局": "20-13",
        "人社局": "20-11",
        "财政局": "20-7",
        "发改局": "20-15",
        "自然资源局": "20-13",
    }.get(short, "20-15")
    if "安全" in topic or "检查" in topic or "整治" in topic:
        category = "20-13"
    return [
        m.spec(
            short,
            genre="other_document",
            category=category,
            title=title,
            body=body,
            summary=_summary(body.split("\n\n")[1]),
            keywords=f"{topic}，通知",
            written_on=written,
            published_on=published,
            series=profile.prefix if short not in TOWNSHIPS or rng.random() < 0.5 else "",
        )
    ]


def kind_notice(m: Maker, short: str) -> list[Spec]:
    profile = PROFILES[short]
    rng = m.rng
    form, category = rng.choice(profile.notices)
    form, _, month = form.partition("|")
    written, published = m.dated(m.in_month(int(month)) if month else None)
    place = rng.choice(PLACES)
    title = form.format(
        y=published.year,
        py=published.year - 1,
        ny=published.year + (published.month >= 10),
        place=place,
        q=cn_number(m.last_quarter(published)[1]),
    )
    if not title.startswith(("关于城东", "关于青山")):
        title = (AGENCY_NAMES[short] if rng.random() < 0.6 else "") + title
    kind = next(k for k in ("公示", "通告", "通知", "公开", "公告") if title.endswith(k))
    subject = title.split("关于", 1)[-1].removesuffix(kind).removesuffix("的")
    if "征求意见" in title:
        lead = (
            f"现将{subject.removeprefix('征求').removesuffix('意见')}全文公布，征求社会各界意见。"
        )
    elif subject.startswith("公布"):
        lead = f"现将{subject.removeprefix('公布')}公布如下："
    elif subject.startswith("开展"):
        lead = f"决定{subject}。现将有关事项{kind}如下："
    elif kind == "通知":
        lead = f"现将{subject}有关事项通知如下："
    else:
        lead = f"现将{subject}有关情况{kind}如下："
    if kind == "公示":
        closing = (
            f"公示期为{cn_date(published)}至{cn_date(m.after(published, 5) or published)}"
            f"（5个工作日）。公示期间，如有异议，请以书面形式向{AGENCY_NAMES[short]}反映。"
        )
    elif kind in ("通告", "公告") and "征求意见" not in title:
        closing = f"本{kind}自发布之日起施行。" if "调整" in title else f"特此{kind}。"
    else:
        closing = ""
    body = _paragraphs(
        _indent(
            f"根据有关法律法规和政策规定，经{rng.choice(('集体研究', '审核', '会议研究'))}，{lead}"
        ),
        _notice_details(m, short, title, place, published),
        _indent(closing),
        _indent(f"联系电话：{m.office_phone(short)}"),
        AGENCY_NAMES[short],
        cn_date(written),
    )
    return [
        m.spec(
            short,
            genre="notice",
            category=category,
            title=title,
            body=body,
            summary=_summary(body),
            keywords=f"{kind}，{subject.removeprefix('公布')[:12]}",
            written_on=written,
            published_on=published,
        )
    ]


def _notice_details(m: Maker, short: str, title: str, place: str, published: date) -> str:
    rng = m.rng
    if "耕地地力" in title:
        rows = [
            f"{i}. {m.person()}，{rng.choice(PLACES)}，承包耕地{rng.uniform(1, 12):.2f}亩，"
            f"补贴金额{rng.randint(100, 1500)}元"
            for i in range(1, rng.randint(4, 8))
        ]
        return _indent("发放明细如下（姓名已作去标识化处理）：") + "\n\n" + "\n\n".join(rows)
    if "最低生活保障" in title:
        rows = [
            f"{i}. {m.person()}，{rng.choice(PLACES)}，{rng.randint(1, 5)}人，"
            f"月保障金额{rng.randint(5, 30) * 50}元"
            for i in range(1, rng.randint(4, 8))
        ]
        return _indent("名单如下（姓名已作去标识化处理）：") + "\n\n" + "\n\n".join(rows)
    if "财务" in title:
        return _indent(
            f"本期收入合计{m.wan(5, 80)}万元，其中上级补助{m.wan(2, 40)}万元、集体经营收入"
            f"{m.wan(1, 20)}万元；支出合计{m.wan(5, 70)}万元，其中公益事业支出{m.wan(1, 30)}万元、"
            f"管理费用{m.wan(0.5, 5)}万元。期末结余{m.wan(1, 30)}万元。"
        )
    if "出让" in title:
        return _indent(
            f"出让地块位于{place}，出让面积{rng.randint(8, 90) * 1000}平方米，土地用途为"
            f"{rng.choice(('城镇住宅用地', '商服用地', '工业用地'))}，出让年限按法定最高年限确定，"
            f"起始价{rng.randint(800, 20000)}万元，竞买保证金为起始价的20%。"
        )
    if "征收" in title:
        return _indent(
            f"拟征收土地位于{place}，涉及集体土地约{rng.randint(20, 300)}亩。自本公告发布之日起，"
            "任何单位和个人不得在拟征收范围内抢栽抢建；违反规定抢栽抢建的，对抢栽抢建部分不予补偿。"
        )
    if "征求意见" in title:
        until = published + timedelta(days=30)
        return _indent(
            f"征求意见时间为{cn_date(published)}至{cn_date(until)}。社会公众可通过信函、电子邮件等"
            "方式提出意见建议，请注明真实姓名和联系方式。我们将认真研究采纳，并在决策时公开意见"
            "采纳情况。"
        )
    if "节假日" in title:
        return _indent(
            "元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排，按照国务院"
            "办公厅通知执行。节假日期间，各单位要妥善安排好值班和安全保卫等工作，遇有重大突发事件，"
            "要按规定及时报告并妥善处置。"
        )
    if "规划" in title:
        return _indent(
            f"调整地块位于{place}，用地面积约{rng.uniform(1, 30):.2f}公顷，主要调整内容为用地性质和"
            f"容积率，调整后容积率不大于{rng.uniform(1.2, 3.5):.1f}，绿地率不小于30%。"
        )
    if "价格" in title or "工资指导线" in title:
        return _indent(
            f"基准线为{rng.uniform(3, 7):.1f}%，上线为{rng.uniform(8, 12):.1f}%，下线为"
            f"{rng.uniform(1, 3):.1f}%。"
            if "工资" in title
            else f"居民用气价格由每立方米{rng.uniform(3, 4):.2f}元调整为每立方米"
            f"{rng.uniform(3.5, 4.5):.2f}元，自{cn_date(published + timedelta(days=15))}起执行。"
        )
    if "施工" in title or "疏导点" in title or "烟花爆竹" in title:
        return _indent(
            f"涉及范围为{place}及周边区域，实施期间请过往车辆和行人注意安全、服从现场管理。"
            "请相关单位和市民群众予以理解和支持。"
        )
    if "开展" in title:
        return _paragraphs(
            _indent(f"一、时间安排：{cn_date(published)}起至{published.year}年12月31日止。"),
            _indent("二、工作要求：相关单位应当按照要求如实报送材料，对材料的真实性负责。"),
            _indent("三、逾期未按要求完成的，依法依规处理。"),
        )
    many = rng.randint(3, 12) if "项目" in title else rng.randint(6, 160)
    return _indent(
        f"本次共{many}项（家），具体名单详见附件。上述内容实行动态调整，"
        "法律法规依据或有关情况发生变化的，及时更新并向社会公布。"
    )


def kind_news(m: Maker, short: str) -> list[Spec]:
    profile = PROFILES[short]
    rng = m.rng
    form, _, month = rng.choice(profile.news).partition("|")
    published = (m.in_month(int(month)) if month else None) or m.random_workday()
    happened = m.before(published, rng.randint(0, 2))
    title = form.format(
        y=published.year,
        q=cn_number((published.month - 1) // 3 + 1),
        place=rng.choice(PLACES),
        n=rng.randint(10, 60),
    )
    lead = f"{happened.month}月{happened.day}日，{title}。"
    if any(word in title for word in ("会议", "推进会", "分析会", "约谈会")):
        middle = (
            "会议传达学习了上级有关会议精神，通报了前一阶段工作情况，指出今年以来各项工作取得了"
            f"积极成效，同时也存在{rng.choice(WEAKNESSES)}等问题，并对下一阶段重点任务作了部署。"
        )
    else:
        middle = (
            "活动通过设置咨询台、发放宣传资料、现场讲解等方式，向群众宣传相关政策法规，"
            f"共发放宣传资料{rng.randint(3, 30) * 100}份，解答群众咨询{rng.randint(50, 600)}人次。"
        )
    body = _paragraphs(
        _indent(lead + middle),
        _indent(
            "下一步，将进一步压实工作责任，细化工作措施，强化督促检查，确保各项目标任务按期完成，"
            "不断增强人民群众的获得感、幸福感、安全感。"
        ),
    )
    return [
        m.spec(
            short,
            genre="news",
            category="20-15",
            title=title,
            body=body,
            summary=_summary(body),
            keywords="工作动态",
            written_on=happened,
            published_on=published,
        )
    ]


def kind_procurement(m: Maker, short: str) -> list[Spec]:
    profile = PROFILES[short]
    rng = m.rng
    written, published = m.dated(delay=rng.randint(1, 3))
    project = rng.choice(profile.purchases)
    code = f"SFQCG-{published.year}-{rng.randint(1, 999):04d}"
    if rng.random() < 0.4:
        title = f"{AGENCY_NAMES[short]}{published.year}年{published.month}月政府采购意向公开"
        body = _paragraphs(
            _indent("为便于供应商及时了解政府采购信息，根据有关规定，现将本单位采购意向公开如下："),
            _indent(
                f"采购项目名称：{project}；采购需求概况：{project}一项，服务期一年；"
                f"预算金额：{m.wan(20, 500)}万元；预计采购时间：{published.year}年"
                f"{min(published.month + 1, 12)}月。"
            ),
            _indent(
                "本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告"
                "和采购文件为准。"
            ),
            AGENCY_NAMES[short],
            cn_date(written),
        )
    else:
        title = f"{AGENCY_NAMES[short]}{project}{rng.choice(('中标', '成交'))}结果公告"
        body = _paragraphs(
            f"一、项目编号：{code}",
            f"二、项目名称：{project}",
            "三、中标（成交）信息",
            _indent(
                f"供应商名称：{supplier(rng, project)}；中标（成交）金额：{m.wan(15, 480)}万元。"
            ),
            "四、评审专家名单",
            _indent("、".join(m.person() for _ in range(5)) + "（依法公示，已作去标识化处理）"),
            "五、公告期限",
            _indent("自本公告发布之日起1个工作日。"),
            "六、凡对本次公告内容提出询问，请按以下方式联系",
            _indent(
                f"采购人：{AGENCY_NAMES[short]}　联系人：{m.person()}　电话：{m.masked_mobile()}"
            ),
            _indent("采购代理机构：示范区公共资源交易中心　电话：0759-2800000"),
        )
    return [
        m.spec(
            short,
            genre="procurement",
            category="20-9",
            title=title,
            body=body,
            summary=_summary(body.replace("一、项目编号：", "项目编号：")),
            keywords=f"政府采购，{project}",
            written_on=written,
            published_on=published,
            department=m.department(short, "政府采购管理科")
            if short == "财政局"
            else m.department(short, "办公室"),
        )
    ]


def supplier(rng: random.Random, project: str) -> str:
    fitting = [name for name, words in SUPPLIERS.items() if any(w in project for w in words)]
    return rng.choice(fitting or COMPANIES)


def kind_recruitment(m: Maker, short: str) -> list[Spec]:
    """A job posting, and some weeks later the list of people to be hired (names masked)."""
    rng = m.rng
    written, published = m.dated()
    year = published.year
    staff = rng.choice(("编外工作人员", "劳务派遣人员", "事业单位工作人员"))
    posts = rng.randint(2, 8)
    agency = AGENCY_NAMES[short]
    posting = _paragraphs(
        _indent(f"因工作需要，{agency}拟面向社会公开招聘{staff}{posts}名。现将有关事项公告如下："),
        "一、招聘岗位及人数",
        _indent(
            f"综合文员{max(1, posts // 2)}名，{rng.choice(('执法辅助', '窗口服务', '技术'))}岗位"
            f"{posts - max(1, posts // 2) or 1}名。"
        ),
        "二、报名条件",
        _indent(
            "（一）具有中华人民共和国国籍，遵守宪法和法律；（二）年龄18周岁以上、35周岁以下；"
            "（三）大学专科及以上学历；（四）身体健康，具有正常履行岗位职责的身体条件。"
        ),
        "三、报名时间和方式",
        _indent(
            f"报名时间为{cn_date(published)}至{cn_date(m.after(published, 7) or published)}，"
            "报名人员将报名表及相关材料发送至招聘邮箱或现场报名。"
        ),
        "四、咨询方式",
        _indent(f"咨询电话：{m.office_phone(short)}；联系人：{m.person()}"),
        agency,
        cn_date(written),
    )
    specs = [
        m.spec(
            short,
            genre="personnel",
            category="20-14",
            title=f"{agency}{year}年公开招聘{staff}公告",
            body=posting,
            summary=_summary(posting),
            keywords=f"招聘，{staff}",
            written_on=written,
            published_on=published,
            department=m.department(short, "人事科" if short == "教育局" else "办公室"),
        )
    ]
    later = m.after(published, rng.randint(20, 35))
    if later is not None:
        rows = "\n\n".join(
            f"{i}. {m.person()}，{rng.choice('男女')}，{rng.choice(DEGREES)}，"
            f"拟聘岗位：{rng.choice(('综合文员', '窗口服务', '执法辅助'))}"
            for i in range(1, posts + 1)
        )
        listing = _paragraphs(
            _indent(
                f"根据《{agency}{year}年公开招聘{staff}公告》，经报名、资格审查、笔试、面试、体检和"
                "考察等程序，现将拟聘用人员名单公示如下（姓名已作去标识化处理）："
            ),
            rows,
            _indent(
                f"公示期为{cn_date(later)}起5个工作日。如有异议，请在公示期内向{agency}反映，"
                f"电话：{m.office_phone(short)}。"
            ),
        )
        specs.append(
            m.spec(
                short,
                genre="personnel",
                category="20-14",
                title=f"{agency}{year}年公开招聘{staff}拟聘用人员公示",
                body=listing,
                summary=_summary(listing),
                keywords=f"拟聘用人员，公示，{staff}",
                written_on=m.before(later, rng.randint(1, 3)),
                published_on=later,
                department=specs[0].department,
            )
        )
    return specs


def kind_stats(m: Maker, short: str) -> list[Spec]:
    profile = PROFILES[short]
    if not profile.stats:
        return kind_news(m, short)
    rng = m.rng
    form, period = rng.choice(profile.stats)
    published = m.random_workday()
    if period == "year":
        published = (
            m.workday_in(date(published.year, 3, 1), date(published.year, 5, 31)) or published
        )
        year = published.year - 1
        title = form.format(y=published.year, py=year)
        when = f"{year}年"
    elif period == "quarter":
        year, quarter = m.last_quarter(published)
        title = form.format(y=year, q=cn_number(quarter))
        when = f"{year}年第{cn_number(quarter)}季度"
    else:
        of = m.previous_month(published)
        title = form.format(y=of.year, m=of.month).replace("1—1月", "1月")
        when = f"{of.year}年1—{of.month}月" if "1—" in form else f"{of.year}年{of.month}月"
        when = when.replace("1—1月", "1月")
    written = m.before(published, rng.randint(2, 8))
    body = _paragraphs(
        _indent(f"{when}，{_stat_line(m, short)}"),
        _indent(
            f"从结构看，{rng.choice(('城区', '重点领域', '主要行业'))}占比{rng.randint(40, 80)}%，"
            f"比上年同期提高{rng.uniform(0.2, 6):.1f}个百分点；"
            f"其余{rng.choice(('各街道', '各行业', '各类别'))}总体保持平稳。"
        ),
        _indent(
            "注：1. 本资料为初步统计数据，最终数据以年报为准。"
            "2. 部分数据因四舍五入，存在总计与分项合计不等的情况。"
        ),
    )
    return [
        m.spec(
            short,
            genre="statistics",
            category="20-4",
            title=title,
            body=body,
            summary=_summary(body),
            keywords="统计信息，" + profile.subject.split("、")[0],
            written_on=written,
            published_on=published,
        )
    ]


def _stat_line(m: Maker, short: str) -> str:
    rng = m.rng
    lines = {
        "住建局": f"全区商品房网签备案{rng.randint(200, 2600)}套、面积{m.wan(2, 30)}万平方米，"
        f"同比{m.change()}；房地产开发投资{m.wan(1, 40)}亿元，同比{m.change()}。",
        "财政局": f"全区一般公共预算收入{m.wan(3, 60)}亿元，同比{m.change()}；一般公共预算支出"
        f"{m.wan(5, 80)}亿元，同比{m.change()}，其中民生支出占比{rng.randint(70, 82)}%。",
        "发改局": f"全区地区生产总值{m.wan(50, 600)}亿元，同比{m.change()}；"
        f"固定资产投资同比{m.change()}；"
        f"社会消费品零售总额{m.wan(20, 200)}亿元，同比{m.change()}。",
        "人社局": f"全区城镇新增就业{rng.randint(800, 9000)}人，"
        f"失业人员再就业{rng.randint(200, 3000)}人；"
        f"城乡居民基本养老保险参保{rng.randint(10, 40)}万人。",
        "教育局": f"全区共有各级各类学校{rng.randint(80, 200)}所，在校生{rng.randint(5, 12)}万人，"
        f"专任教师{rng.randint(4000, 9000)}人。",
        "卫健局": f"全区居民人均预期寿命{rng.uniform(78, 82):.2f}岁，孕产妇死亡率为0，婴儿死亡率"
        f"{rng.uniform(1, 3):.2f}‰。",
        "市场监管局": f"全区实有经营主体{rng.randint(50000, 180000)}户，"
        f"本期新设立{rng.randint(800, 6000)}户，"
        f"同比{m.change()}。",
        "自然资源局": f"全区耕地{m.wan(10, 40)}万亩，园地{m.wan(2, 10)}万亩，"
        f"林地{m.wan(20, 90)}万亩，"
        f"城镇村及工矿用地{m.wan(5, 20)}万亩。",
        "城管局": f"共受理城市管理类诉求{rng.randint(300, 2500)}件，"
        f"办结率{rng.uniform(96, 100):.1f}%，"
        f"满意率{rng.uniform(90, 99):.1f}%。",
        "区府办": f"共收到评价{rng.randint(5000, 40000)}条，好评率{rng.uniform(99, 100):.2f}%，"
        f"差评{rng.randint(0, 12)}条，已全部整改回访。",
        "城东街道": f"共受理诉求{rng.randint(100, 900)}件，按时办结率{rng.uniform(97, 100):.1f}%。",
        "青山镇": f"全镇粮食作物播种面积{m.wan(1, 5)}万亩，"
        f"总产量{m.wan(1, 3)}万吨，同比{m.change()}。",
    }
    return lines[short]


def kind_org(m: Maker, short: str) -> list[Spec]:
    written, published = m.dated()
    agency = m.names[short]
    title = m.rng.choice(
        (f"{agency.name}机构职能", f"{agency.name}领导分工", f"{agency.name}内设机构及联系方式")
    )
    body = _paragraphs(
        "一、主要职责",
        _indent(f"负责{PROFILES[short].duty}；承办区委、区政府交办的其他事项。"),
        "二、内设机构",
        _indent("、".join(AGENCY_DEPARTMENTS[short]) + "。"),
        "三、办公地址和办公时间",
        _indent(f"办公地址：{agency.office_address}；办公时间：{agency.office_hours}"),
        "四、联系方式",
        _indent(f"联系电话：{agency.office_phone}；传真：{agency.office_fax}"),
    )
    return [
        m.spec(
            short,
            genre="other_document",
            category="20-2",
            title=title,
            body=body,
            summary=_summary(body.split("\n\n")[1]),
            keywords="机构职能，联系方式",
            written_on=written,
            published_on=published,
            subject="综合政务",
            department=m.department(short, "办公室"),
        )
    ]


def kind_permit(m: Maker, short: str) -> list[Spec]:
    profile = PROFILES[short]
    rng = m.rng
    published = m.random_workday()
    written = m.before(published, rng.randint(1, 6))
    of = m.previous_month(published)
    title = rng.choice(profile.permits).format(
        y=of.year, m=of.month, n=rng.randint(1, 12), project=rng.choice(PROJECTS)
    )
    if title[0].isdigit():
        title = AGENCY_NAMES[short] + title
    code = profile.prefix.removeprefix("示")
    rows = "\n\n".join(
        f"{i}. {rng.choice(PROJECTS) if rng.random() < 0.5 else rng.choice(COMPANIES)}，"
        f"许可证编号：{code}{of.year}{rng.randint(1, 999):04d}，"
        f"发证日期：{of.year}-{of.month:02d}-{rng.randint(1, 28):02d}"
        for i in range(1, rng.randint(3, 9))
    )
    body = _paragraphs(
        _indent("根据《中华人民共和国行政许可法》和有关规定，现将行政许可办理结果公示如下："),
        rows,
        _indent(f"如对上述许可结果有异议，请在公示之日起7个工作日内向{AGENCY_NAMES[short]}反映。"),
    )
    return [
        m.spec(
            short,
            genre="enforcement",
            category="20-5",
            title=title,
            body=body,
            summary=_summary(body),
            keywords="行政许可，公示",
            written_on=written,
            published_on=published,
        )
    ]


def kind_penalty(m: Maker, short: str) -> list[Spec]:
    """An administrative penalty decision, public within 7 working days (信用信息公示)."""
    profile = PROFILES[short]
    if not profile.violations:
        return kind_inspection(m, short)
    rng = m.rng
    decided, published = m.dated(delay=rng.randint(1, 7))
    facts, rule, basis, fines = rng.choice(profile.violations)
    place = rng.choice(PLACES)
    facts = facts.format(place=place)
    shop = any(word in facts for word in ("经营", "摆卖", "诊疗"))
    if shop and rng.random() < 0.35:
        party = [f"当事人：{m.person()}", f"住址：示范区{place}（具体门牌号略）"]
    else:
        party = [
            f"当事人：{rng.choice(SHOPS if shop else COMPANIES)}",
            f"统一社会信用代码：{m.credit_code(individual=shop)}",
            f"{'经营者' if shop else '法定代表人'}：{m.person()}",
            f"地址：示范区{place}",
        ]
    found = m.before(decided, rng.randint(15, 40))
    fine = rng.choice(fines)
    agency = AGENCY_NAMES[short]
    body = _paragraphs(
        "\n".join(party),
        _indent(
            f"{cn_date(found)}，本机关执法人员在日常检查中发现，当事人{facts}。经立案调查，上述事实"
            "有现场检查笔录、询问笔录、现场照片等证据证实。"
        ),
        _indent(
            f"当事人的上述行为违反了{rule}的规定。本机关于{cn_date(m.after(found, 5) or found)}"
            "向当事人送达了《行政处罚事先告知书》，告知其拟作出行政处罚的事实、理由、依据及依法享有的"
            "陈述、申辩权利，当事人在法定期限内未提出陈述、申辩意见。"
        ),
        _indent(f"依据{basis}的规定，本机关决定对当事人作出如下行政处罚：罚款人民币{fine:,}元。"),
        _indent(
            "当事人应当自收到本决定书之日起十五日内，到指定银行缴纳罚款。到期不缴纳罚款的，"
            "每日按罚款数额的百分之三加处罚款。"
        ),
        _indent(
            "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向示范区人民政府申请行政复议，"
            "或者在六个月内依法向示范区人民法院提起行政诉讼。"
        ),
        agency,
        cn_date(decided),
    )
    return [
        m.spec(
            short,
            genre="enforcement",
            category="20-6",
            title=f"{agency}行政处罚决定书（{DOC}）",
            body=body,
            summary=f"对当事人{facts}的行为罚款人民币{fine:,}元。",
            keywords="行政处罚，决定书",
            written_on=decided,
            published_on=published,
            series=profile.prefix + "罚",
            department=m.department(
                short,
                {
                    "城管局": "综合执法大队",
                    "人社局": "劳动保障监察大队",
                    "城东街道": "综合行政执法队",
                }.get(short, ""),
            ),
        )
    ]


def kind_inspection(m: Maker, short: str) -> list[Spec]:
    profile = PROFILES[short]
    if not profile.inspections:
        return kind_campaign(m, short)
    rng = m.rng
    published = m.random_workday()
    written = m.before(published, m.delay())
    of = m.previous_month(written)
    year, quarter = m.last_quarter(written)
    form = rng.choice(profile.inspections)
    title = form.format(
        y=year if "{q}" in form else of.year, q=cn_number(quarter), m=of.month, n=rng.randint(1, 24)
    )
    if title[0].isdigit():
        title = AGENCY_NAMES[short] + title
    checked = rng.randint(12, 160)
    problems = rng.randint(3, checked // 2)
    body = _paragraphs(
        _indent(
            f"按照年度工作安排，{AGENCY_NAMES[short]}组织开展了监督检查（抽检）。"
            "现将有关情况通报如下："
        ),
        "一、基本情况",
        _indent(
            f"本次共检查（抽检）{checked}家（批次），发现问题{problems}个，已下达整改通知书"
            f"{max(1, problems // 2)}份，立案查处{rng.randint(0, 5)}宗。"
        ),
        "二、存在的主要问题",
        _indent(
            "一是部分单位主体责任落实不到位，管理制度不健全；二是现场管理不规范，台账记录不完整；"
            "三是个别单位对以往检查发现的问题整改不彻底。"
        ),
        "三、下一步工作",
        _indent(
            "各单位要对照问题清单认真整改，举一反三；我局将适时组织复查，对整改不到位的依法依规"
            "处理，并将结果纳入信用记录。"
        ),
    )
    return [
        m.spec(
            short,
            genre="notice" if title.endswith(("公告", "公示")) else "other_document",
            category="20-13",
            title=title,
            body=body,
            summary=_summary(body),
            keywords="监督检查，通报",
            written_on=written,
            published_on=published,
            subject="市场监管、安全生产监管",
        )
    ]


def kind_emergency(m: Maker, short: str) -> list[Spec]:
    rng = m.rng
    written, published = m.dated(delay=rng.randint(0, 2))
    if rng.random() < 0.5:
        title = f"{AGENCY_NAMES[short]}关于做好{published.year}年防汛防台风工作的通知"
        topic = "防汛防台风"
    else:
        topic = rng.choice(("强降雨天气防御", "寒潮天气防御", "高温天气防范"))
        title = f"{AGENCY_NAMES[short]}关于切实做好{topic}工作的紧急通知"
    body = _paragraphs(
        "各有关单位：",
        _indent(
            f"据气象部门预报，近期我区将出现{rng.choice(WEATHER)}天气。"
            f"为切实做好{topic}工作，确保人民群众生命财产安全，现就有关事项通知如下："
        ),
        _indent(
            "一、落实值班值守。严格执行24小时值班和领导带班制度，确保信息畅通。"
            "二、开展隐患排查。对危险边坡、在建工地、低洼易涝点等重点部位开展排查，发现隐患立即处置。"
            "三、及时转移群众。对危险区域群众做到应转尽转、应撤尽撤。"
            "四、做好信息报送。如遇突发情况，须在第一时间报告。"
        ),
        AGENCY_NAMES[short],
        cn_date(written),
    )
    return [
        m.spec(
            short,
            genre="other_document",
            category="20-12",
            title=title,
            body=body,
            summary=_summary(body.split("\n\n")[1]),
            keywords=f"{topic}，应急",
            written_on=written,
            published_on=published,
            subject="公安、安全、司法",
            series=PROFILES[short].prefix if rng.random() < 0.5 else "",
        )
    ]


def kind_project(m: Maker, short: str) -> list[Spec]:
    rng = m.rng
    written, published = m.dated()
    project = rng.choice(PROJECTS)
    if short == "发改局" and rng.random() < 0.6:
        title = f"{AGENCY_NAMES[short]}关于{project}可行性研究报告的批复"
        body = _paragraphs(
            f"{rng.choice(COMPANIES[:3] + ['示范区城市建设投资有限公司'])}：",
            _indent(f"你单位报来的《{project}可行性研究报告》收悉。经研究，现批复如下："),
            _indent(
                f"一、同意建设{project}。二、建设地点：示范区{rng.choice(PLACES)}。三、主要建设内容"
                f"和规模：总建筑面积约{rng.randint(5, 120) * 1000}平方米及配套设施。四、项目总投资"
                f"{m.wan(1000, 90000)}万元，资金来源为区级财政资金和专项债券资金。"
            ),
            _indent("请据此抓紧开展初步设计等前期工作，严格控制投资规模，确保工程质量和安全。"),
            AGENCY_NAMES[short],
            cn_date(written),
        )
        series = PROFILES[short].prefix + "审批"
    else:
        of = m.previous_month(published)
        title = f"{project}建设进展情况（{of.year}年{of.month}月）"
        body = _paragraphs(
            _indent(
                f"{project}总投资{m.wan(1000, 90000)}万元，{of.year}年计划投资"
                f"{m.wan(500, 20000)}万元。截至{of.month}月底，已完成投资"
                f"{m.wan(200, 15000)}万元，占年度计划的{rng.randint(30, 98)}%。"
            ),
            _indent(
                f"目前项目{rng.choice(STAGES)}"
                "进展顺利，下一步将加快推进施工进度，确保按期完成建设任务。"
            ),
        )
        series = ""
    return [
        m.spec(
            short,
            genre="other_document",
            category="20-10",
            title=title,
            body=body,
            summary=_summary(body),
            keywords=f"重大建设项目，{project}",
            written_on=written,
            published_on=published,
            series=series,
            subject="国民经济管理、国有资产监管",
        )
    ]


def kind_welfare(m: Maker, short: str) -> list[Spec]:
    rng = m.rng
    written, published = m.dated()
    forms = {
        "人社局": "{y}年第{n}批一次性创业补贴发放名单公示",
        "教育局": "{y}年{term}学期学生资助资金发放情况公示",
        "卫健局": "{y}年基本公共卫生服务项目实施情况",
        "城东街道": "城东街道{y}年{mo}月城乡低保、特困人员救助供养金发放情况",
        "青山镇": "青山镇{y}年{mo}月城乡低保、特困人员救助供养金发放情况",
        "区府办": "示范区{y}年民生实事项目进展情况",
        "财政局": "示范区{y}年惠民惠农财政补贴资金发放情况",
    }
    title = forms[short].format(
        y=published.year,
        n=rng.randint(1, 10),
        term="春季" if published.month <= 7 else "秋季",
        mo=max(published.month - 1, 1),
    )
    if "名单" in title:
        rows = "\n\n".join(
            f"{i}. {m.person()}，{rng.choice(COMPANIES[8:] + SHOPS)}，"
            f"补贴金额{rng.choice((5000, 10000))}元"
            for i in range(1, rng.randint(4, 10))
        )
        body = _paragraphs(
            _indent(
                "经审核，以下人员符合一次性创业补贴申领条件，现予公示（姓名已作去标识化处理）："
            ),
            rows,
            _indent(
                f"公示期5个工作日。如有异议，请向{AGENCY_NAMES[short]}反映，电话：{m.office_phone(short)}。"
            ),
        )
    else:
        body = _paragraphs(
            _indent(
                f"本期共发放资金{m.wan(10, 900)}万元，惠及{rng.randint(300, 20000)}人（户），"
                f"资金已通过社会保障卡全部发放到位。"
            ),
            _indent("资金发放情况接受社会监督，如有疑问，请拨打监督电话"
                    f"{m.office_phone(short)}。"),
        )  # fmt: skip
    return [
        m.spec(
            short,
            genre="notice" if "公示" in title else "other_document",
            category="21" if short in TOWNSHIPS else "20-11",
            title=title,
            body=body,
            summary=_summary(body),
            keywords="民生保障，资金发放",
            written_on=written,
            published_on=published,
            subject="民政、扶贫、救灾" if short != "教育局" else "科技、教育",
        )
    ]


def kind_township(m: Maker, short: str) -> list[Spec]:
    specs = kind_notice(m, short)
    for spec in specs:
        spec.category = "21"
    return specs


def kind_fees(m: Maker, short: str) -> list[Spec]:
    rng = m.rng
    written, published = m.dated()
    title = rng.choice(
        (
            f"示范区行政事业性收费目录清单（{published.year}年版）",
            f"{AGENCY_NAMES[short]}关于公布涉企收费目录清单的公告",
        )
    )
    body = _paragraphs(
        _indent("根据国家和省有关规定，现将本区行政事业性收费项目目录清单公布如下："),
        "\n\n".join(
            f"{i}. {item}，收费依据：国家和省有关文件，收费标准：按规定标准执行"
            for i, item in enumerate(
                rng.sample(
                    ["不动产登记费", "土地复垦费", "污水处理费", "考试考务费", "住房租金",
                     "城镇垃圾处理费", "防空地下室易地建设费", "草原植被恢复费"],
                    5,
                ),
                1,
            )
        ),
        _indent("清单之外的行政事业性收费一律不得收取。收费单位应当在收费场所公示收费项目和标准。"),
    )  # fmt: skip
    return [
        m.spec(
            short,
            genre="notice",
            category="20-8",
            title=title,
            body=body,
            summary=_summary(body),
            keywords="行政事业性收费，目录清单",
            written_on=written,
            published_on=published,
            subject="财政、金融、审计",
        )
    ]


KINDS = {
    "policy": kind_policy,
    "campaign": kind_campaign,
    "notice": kind_notice,
    "news": kind_news,
    "procurement": kind_procurement,
    "recruitment": kind_recruitment,
    "stats": kind_stats,
    "org": kind_org,
    "permit": kind_permit,
    "penalty": kind_penalty,
    "inspection": kind_inspection,
    "emergency": kind_emergency,
    "project": kind_project,
    "welfare": kind_welfare,
    "township": kind_township,
    "fees": kind_fees,
}


# --- yearly items -------------------------------------------------------------------------


def yearly(m: Maker, short: str) -> list[Spec]:
    """What every agency publishes each year: the annual disclosure report (by January 31,
    Art. 49), the budget and the final accounts, the work summary."""
    specs: list[Spec] = []
    agency = AGENCY_NAMES[short]
    rng = m.rng
    for year in range(FIRST_DAY.year, m.today.year + 1):
        published = m.workday_in(date(year, 1, 12), date(year, 1, 31))
        if published:
            specs.append(_annual_report(m, short, year - 1, published))
        published = m.workday_in(date(year, 2, 15), date(year, 3, 25))
        if published and short not in TOWNSHIPS:
            specs.append(_budget(m, short, year, published, final=False))
        published = m.workday_in(date(year, 8, 5), date(year, 9, 20))
        if published and short not in TOWNSHIPS:
            specs.append(_budget(m, short, year - 1, published, final=True))
        published = m.workday_in(date(year, 1, 5), date(year, 2, 28))
        if published:
            title = f"{agency}{year - 1}年工作总结和{year}年工作计划"
            body = _paragraphs(
                f"一、{year - 1}年工作开展情况",
                _indent(
                    f"{year - 1}年，{agency}紧紧围绕区委、区政府中心工作，"
                    f"扎实做好{PROFILES[short].duty}各项工作，"
                    f"全年共办理各类事项{rng.randint(800, 12000)}件，主要指标均完成年度目标任务。"
                ),
                "二、存在的问题",
                _indent("一是工作力量与任务要求还不完全匹配；二是信息化建设有待加强；"
                        "三是部分工作的精细化水平有待提升。"),
                f"三、{year}年工作计划",
                _indent("坚持稳中求进工作总基调，聚焦重点任务，强化责任落实，推动各项工作提质增效。"),
            )  # fmt: skip
            specs.append(
                m.spec(
                    short,
                    genre="plan_report",
                    category="20-15",
                    title=title,
                    body=body,
                    summary=_summary(body.split("\n\n")[1]),
                    keywords="工作总结，工作计划",
                    written_on=m.before(published, m.delay()),
                    published_on=published,
                    department=m.department(short, "办公室"),
                )
            )
    return specs


def _annual_report(m: Maker, short: str, year: int, published: date) -> Spec:
    """The report's text is written once everything of its year is known (`fill_reports`)."""
    agency = AGENCY_NAMES[short]
    return m.spec(
        short,
        genre="annual_report",
        category="20-15",
        title=f"{agency}{year}年政府信息公开工作年度报告",
        body="",
        summary=f"{agency}{year}年政府信息公开工作情况。",
        keywords="政府信息公开，年度报告",
        written_on=m.before(published, m.rng.randint(2, 8)),
        published_on=published,
        subject="综合政务",
        department=m.department(short, "政务公开科" if short == "区府办" else "办公室"),
        report_of=year,
    )


@dataclass
class Applications:
    """An agency's applications in a year, as its annual report counts them."""

    received: int = 0
    granted: int = 0
    partial: int = 0
    other: int = 0
    reconsiderations: int = 0
    lawsuits: int = 0


def fill_reports(m: Maker, specs: list[Spec], applications: dict[tuple[str, int], Applications]):
    """Write each annual report from the items and applications of its agency and year, so that
    its figures agree with the catalogue (timeliness, normative documents) and the cases."""
    rng = m.rng
    for report in specs:
        year = report.report_of
        if year is None:
            continue
        short = report.agency
        own = [s for s in specs if s.agency == short and s is not report]
        published = [s for s in own if s.published_on.year == year]
        normative = [s for s in own if s.genre in ("normative_document", "rule")]
        end = date(year, 12, 31)
        if published:
            days = [m.position[s.published_on] - m.position[s.written_on] for s in published]
            timing = (
                f"全年主动公开政府信息{len(published)}条，政府文件从生成到上网公开平均需要"
                f"{round(sum(days) / len(days))}个工作日，最长需要{max(days)}个工作日。"
            )
        else:
            timing = (
                f"全年主动公开政府信息{rng.randint(40, 300)}条，政府文件从生成到上网公开平均需要"
                f"{rng.randint(3, 8)}个工作日，最长需要{rng.randint(12, 20)}个工作日。"
            )
        issued = sum(s.published_on.year == year for s in normative)
        repealed = sum(
            s.validity == "repealed"
            and s.validity_changed_on is not None
            and s.validity_changed_on.year == year
            for s in normative
        )
        in_force = sum(
            s.published_on <= end
            and not (
                s.validity == "repealed"
                and s.validity_changed_on is not None
                and s.validity_changed_on <= end
            )
            for s in normative
        )
        cases = applications.get((short, year), Applications())
        if year < FIRST_DAY.year:  # before the demo's history: figures of the old system
            issued, repealed, in_force = rng.randint(0, 3), rng.randint(0, 1), rng.randint(2, 15)
            received = rng.randint(2, 40)
            granted = rng.randint(0, received // 2)
            partial = rng.randint(0, received // 4)
            cases = Applications(
                received, granted, partial, received - granted - partial, rng.randint(0, 2), 0
            )
        agency = AGENCY_NAMES[short]
        report.body = _paragraphs(
            _indent(
                "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅"
                "政府信息公开办公室有关要求编制。报告全文包括总体情况、主动公开政府信息情况、收到和"
                "处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进"
                f"情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月"
                "31日止。"
            ),
            "一、总体情况",
            _indent(f"{year}年，{agency}坚持以公开为常态、不公开为例外，{timing}"),
            "二、主动公开政府信息情况",
            _indent(
                f"本年制发行政规范性文件（含规章）{issued}件，废止{repealed}件，现行有效{in_force}件。"
            ),
            "三、收到和处理政府信息公开申请情况",
            _indent(
                f"本年新收政府信息公开申请{cases.received}件；本年办结的申请中，予以公开"
                f"{cases.granted}件，部分公开{cases.partial}件，依法作出不予公开、无法提供、不予处理"
                f"或其他处理答复{cases.other}件。"
            ),
            "四、政府信息公开行政复议、行政诉讼情况",
            _indent(
                f"本年因政府信息公开被申请行政复议{cases.reconsiderations}件，被提起行政诉讼"
                f"{cases.lawsuits}件。"
            ),
            "五、存在的主要问题及改进情况",
            _indent(
                "政策解读的形式还不够丰富，基层公开的标准化规范化水平有待提高。下一步，"
                "将进一步加强业务培训，完善公开目录，提升公开质量。"
            ),
            "六、其他需要报告的事项",
            _indent("本年度未收取信息处理费。"),
        )


def _budget(m: Maker, short: str, year: int, published: date, final: bool) -> Spec:
    rng = m.rng
    agency = AGENCY_NAMES[short]
    total = rng.uniform(800, 30000)
    three = rng.uniform(3, 60)
    car = three * rng.uniform(0.5, 0.8)
    what = "决算" if final else "预算"
    body = _paragraphs(
        "第一部分　部门概况",
        _indent(
            f"{agency}主要负责{PROFILES[short].duty}。本部门{what}包括局机关及所属单位{what}。"
        ),
        f"第二部分　{year}年度部门{what}情况说明",
        _indent(
            f"一、收支总体情况：{year}年度收入{what}{total:,.2f}万元，支出{what}{total:,.2f}万元，"
            f"与上年相比{m.change()}。"
        ),
        _indent(
            f"二、“三公”经费情况：{year}年度“三公”经费{what}{three:,.2f}万元，其中因公出国（境）费0万元，"
            f"公务用车购置及运行维护费{car:,.2f}万元，公务接待费{three - car:,.2f}万元，"
            f"比上年减少{rng.uniform(1, 15):.1f}%，主要原因是严格落实过紧日子要求。"
        ),
        _indent(
            f"三、机关运行经费：{year}年度机关运行经费{total * rng.uniform(0.02, 0.06):,.2f}万元。"
        ),
        _indent(
            f"四、政府采购情况：{year}年度政府采购{what}{total * rng.uniform(0.05, 0.2):,.2f}万元。"
        ),
        "第三部分　名词解释",
        _indent(
            "“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。"
        ),
    )
    return m.spec(
        short,
        genre="finance",
        category="20-7",
        title=f"{agency}{year}年度部门决算公开" if final else f"{agency}{year}年部门预算公开",
        body=body,
        summary=f"{agency}{year}年度部门{what}及“三公”经费{what}情况。",
        keywords=f"部门{what}，三公经费",
        written_on=m.before(published, rng.randint(3, 12)),
        published_on=published,
        subject="财政、金融、审计",
        department=m.department(short, "预算科" if short == "财政局" else "办公室"),
    )


# --- validity changes ---------------------------------------------------------------------


def revisions(m: Maker, specs: list[Spec]) -> list[Spec]:
    """Some normative documents are later amended (a decision amending some articles) or
    repealed (a decision repealing them, or a revised version replacing them)."""
    made: list[Spec] = []
    rng = m.rng
    candidates = [
        s for s in specs if s.revisable and s.published_on <= m.today - timedelta(days=200)
    ]
    for original in candidates:
        if rng.random() > 0.3:
            continue
        later = m.after(original.published_on, rng.randint(120, 400))
        if later is None:
            continue
        short, policy = original.agency, original.policy
        if policy is None:
            continue
        roll = rng.random()
        written = m.before(later, m.delay())
        if roll < 0.4:
            pair = _policy_pair(m, short, policy, written, later, revision="amend")
            original.validity, original.amended_by = "amended", pair[0]
        elif roll < 0.7:
            pair = _policy_pair(m, short, policy, written, later, revision="revise")
            original.validity, original.repealed_by = "repealed", pair[0]
        else:
            issuing, _, who = _issuer(short, policy)
            title = f"{who}关于废止《示范区{policy.name}》的决定"
            body = _paragraphs(
                _indent(
                    f"根据行政规范性文件定期清理工作安排，经评估，《示范区{policy.name}》的制定依据已"
                    "发生变化，决定予以废止。"
                ),
                _indent("本决定自公布之日起施行。"),
                issuing,
                cn_date(written),
            )
            pair = [
                m.spec(
                    short,
                    genre="other_document",
                    category="20-1",
                    title=title,
                    body=body,
                    summary=f"废止《示范区{policy.name}》。",
                    keywords=f"废止，{policy.name}",
                    written_on=written,
                    published_on=later,
                    series={"示府令": "示府", "示府规": "示府", "示府办规": "示府办"}.get(
                        _issuer(short, policy)[1], PROFILES[short].prefix
                    ),
                    issuing_agency=issuing,
                    subject=original.subject,
                )
            ]
            original.validity, original.repealed_by = "repealed", pair[0]
        original.validity_changed_on = later
        made.extend(pair)
    return made


# --- Hong Kong, Macao and Taiwan: the one place the demo writes Traditional characters ---------

# Items for Hong Kong, Macao and Taiwan residents, each published as written (Simplified) and
# in a Traditional version for readers there, as agencies near them do. Nothing else an
# agency publishes is in Traditional characters (issue 12 §5).
HONG_KONG_MACAO_TAIWAN: list[dict] = load("catalogue/hong_kong_macao_taiwan.json")
TRADITIONAL_VERSION = "（繁体版）"  # appended to the title before conversion: （繁體版）


def hong_kong_macao_taiwan(m: Maker) -> list[Spec]:
    specs: list[Spec] = []
    for text in HONG_KONG_MACAO_TAIWAN:
        short = text["agency"]
        published = m.in_month(text["month"]) if "month" in text else m.random_workday()
        if published is None:
            continue
        written = m.before(published, m.delay())
        values = {
            "year": published.year,
            "phone": m.office_phone(short),
            "start": cn_date(published + timedelta(days=10)),
        }
        title = text["title"].format(**values)
        if title.startswith("关于"):
            title = AGENCY_NAMES[short] + title
        body = _paragraphs(
            text.get("addressee", ""),
            *(_indent(paragraph.format(**values)) for paragraph in text["paragraphs"]),
            AGENCY_NAMES[short],
            cn_date(written),
        )
        simplified = m.spec(
            short,
            genre=text["genre"],
            category=text["category"],
            title=title,
            body=body,
            summary=_summary(body if "addressee" not in text else body.split("\n\n")[1]),
            keywords=text["keywords"],
            written_on=written,
            published_on=published,
        )
        traditional = replace(
            simplified,
            title=to_traditional(title + TRADITIONAL_VERSION),
            body=to_traditional(simplified.body),
            summary=to_traditional(simplified.summary),
            keywords=to_traditional(f"{simplified.keywords}，繁体版"),
            issuing_agency=to_traditional(AGENCY_NAMES[short]),
        )
        specs += [simplified, traditional]
    return specs


# --- making the items ---------------------------------------------------------------------


MAX_DRAWS_PER_ITEM = 20


def generate(m: Maker, count: int) -> list[Spec]:
    """The published history, in the order it was made up (not yet numbered)."""
    rng = m.rng
    specs: list[Spec] = []
    for short in AGENCY_WEIGHTS:
        specs += yearly(m, short)
    if len(specs) > count // 4:
        specs = rng.sample(specs, count // 4)
    kinds = {short: COMMON_KINDS | EXTRA_KINDS.get(short, {}) for short in AGENCY_WEIGHTS}
    # No agency publishes the same title twice (issue 12 §5): a batch made up with a title
    # its agency has already used is drawn again, whole (a policy and its interpretation
    # come together). The cap only guards against a profile with too little variety.
    taken = {(spec.agency, spec.title) for spec in specs}
    draws = 0
    while len(specs) < count and draws < count * MAX_DRAWS_PER_ITEM:
        draws += 1
        short = pick(rng, AGENCY_WEIGHTS)
        batch = KINDS[pick(rng, kinds[short])](m, short)
        titles = [(spec.agency, spec.title) for spec in batch]
        if len(set(titles)) < len(titles) or taken.intersection(titles):
            continue
        taken.update(titles)
        specs += batch
    specs += revisions(m, specs)
    specs += hong_kong_macao_taiwan(m)
    return specs


def _doc_number(series: str, year: int, n: int) -> str:
    if series == "示府令":
        return f"示范区人民政府令第{n}号"
    return f"{'示府发' if series == '示府' else series}〔{year}〕{n}号"


def assign_doc_numbers(specs: list[Spec]) -> dict[tuple[str, int], int]:
    """Document numbers in each series and year, in order of writing. Returns the last
    number of each series and year."""
    last: dict[tuple[str, int], int] = {}
    numbered = sorted(
        (i for i, spec in enumerate(specs) if spec.series),
        key=lambda i: (specs[i].written_on, i),
    )
    for i in numbered:
        spec = specs[i]
        key = (spec.series, 0 if spec.series == "示府令" else spec.written_on.year)
        last[key] = last.get(key, 20 if spec.series == "示府令" else 0) + 1
        spec.doc_number = _doc_number(spec.series, spec.written_on.year, last[key])
    for spec in specs:
        spec.title = spec.title.replace(DOC, spec.doc_number)
        parent = spec.interprets.doc_number if spec.interprets else ""
        spec.body = spec.body.replace(PARENT_DOC, parent).replace(DOC, spec.doc_number)
        spec.body = spec.body.replace("（）", "")
    return last


def _depth(spec: Spec) -> int:
    refs = [r for r in (spec.interprets, spec.amended_by, spec.repealed_by) if r is not None]
    return 1 + max(_depth(r) for r in refs) if refs else 0


def create(specs: list[Spec], agencies: dict[str, Agency]) -> int:
    """Bulk-create the published items with their index numbers, hashes and links."""
    subjects = {subject.name: subject for subject in Subject.objects.all()}
    departments = {
        (d.agency_id, d.name): d for d in Department.objects.filter(agency__in=agencies.values())
    }
    for spec in specs:
        spec.issuing_agency = spec.issuing_agency or agencies[spec.agency].name
    by_agency_year: dict[tuple[str, int], list[int]] = {}
    for i, spec in enumerate(specs):
        by_agency_year.setdefault((spec.agency, spec.published_on.year), []).append(i)
    for (short, year), indices in sorted(by_agency_year.items()):
        agency = agencies[short]
        indices.sort(key=lambda i: (specs[i].published_on, i))
        first = reserve_serials(agency, year, "index", len(indices)) - len(indices) + 1
        for serial, i in enumerate(indices, start=first):
            spec = specs[i]
            spec.item = Item(
                agency=agency,
                department=departments.get((agency.pk, spec.department)),
                title=spec.title[:300],
                doc_number=spec.doc_number,
                issuing_agency=spec.issuing_agency,
                written_on=spec.written_on,
                published_on=spec.published_on,
                subject=subjects.get(spec.subject),
                statutory_category=spec.category,
                genre=spec.genre,
                keywords=spec.keywords[:200],
                summary=spec.summary,
                body=spec.body,
                validity=spec.validity,
                validity_changed_on=spec.validity_changed_on,
                attribute="proactive",
                is_policy=spec.is_policy,
                status=Item.Status.PUBLISHED,
                index_number=index_numbers.render(
                    agency.index_pattern, code=agency.code, published_on=spec.published_on,
                    serial=serial,
                ),
                index_year=year,
                index_serial=serial,
                source="demo",
            )  # fmt: skip
            spec.item.content_hash = unsaved_content_hash(spec.item)
    levels: dict[int, list[Spec]] = {}
    for spec in specs:
        levels.setdefault(_depth(spec), []).append(spec)
    for depth in sorted(levels):
        items = []
        for spec in levels[depth]:
            item = spec.item
            assert item is not None  # noqa: S101 - every spec got its item above
            item.interprets_id = spec.interprets.item.pk if spec.interprets else None
            item.amended_by_id = spec.amended_by.item.pk if spec.amended_by else None
            item.repealed_by_id = spec.repealed_by.item.pk if spec.repealed_by else None
            items.append(item)
        Item.objects.bulk_create(items, batch_size=BATCH)
    return len(specs)


def applications(agencies: dict[str, Agency]) -> dict[tuple[str, int], Applications]:
    """The demo applications (loaded before the catalogue) as the annual reports count them."""
    from gongkai.info_requests.models import Appeal, InfoRequest

    counts: dict[tuple[str, int], Applications] = {}

    def of(short: str, day: date) -> Applications:
        return counts.setdefault((short, day.year), Applications())

    for short, received, closed, outcome in InfoRequest.objects.filter(
        agency__in=agencies.values()
    ).values_list("agency__short_name", "received_on", "closed_on", "outcome"):
        of(short, received).received += 1
        if closed is not None and outcome:
            cases = of(short, closed)
            if outcome == "granted":
                cases.granted += 1
            elif outcome == "partial":
                cases.partial += 1
            else:
                cases.other += 1
    for short, kind, filed in Appeal.objects.filter(
        request__agency__in=agencies.values()
    ).values_list("request__agency__short_name", "kind", "filed_on"):
        if kind == "reconsideration":
            of(short, filed).reconsiderations += 1
        else:
            of(short, filed).lawsuits += 1
    return counts


@transaction.atomic
def load_demo_items(count: int = COUNT, today: date | None = None) -> int:
    """Create the demo catalogue unless the demo agencies already have items. Returns how
    many items were created (published ones and those in the workbench)."""
    agencies = {a.short_name: a for a in Agency.objects.filter(short_name__in=AGENCY_WEIGHTS)}
    if (
        len(agencies) < len(AGENCY_WEIGHTS)
        or Item.objects.filter(agency__in=agencies.values()).exists()
    ):
        return 0
    today = today or timezone.localdate()
    subjects_ensure()
    m = Maker(random.Random(SEED), get_calendar(), today, agencies)
    specs = generate(m, count)
    fill_reports(m, specs, applications(agencies))
    last_numbers = assign_doc_numbers(specs)
    created = create(specs, agencies)
    created += workbench(m, agencies, last_numbers)
    audit_record(
        actor=None,
        action="catalogue.demo_load",
        target=Target(type="catalogue.item", id="demo", label="演示公开目录"),
        after={"items": created, "seed": SEED},
    )
    return created


# --- the workbench --------------------------------------------------------------------------


def workbench(m: Maker, agencies: dict[str, Agency], last: dict[tuple[str, int], int]) -> int:
    """Items on the demo logins' desks, made through the services so that the privacy guard's
    findings are real: drafts, items in secrecy review (some with a raw phone number for the
    reviewer to mask), and items waiting for approval, among them a policy document with its
    interpretation, which go out together."""
    logins = ("jingban", "shenhe", "chengguan")
    users = {u.username: u for u in User.objects.filter(username__in=logins)}
    if len(users) < len(logins):
        return 0
    clerk, reviewer, city_clerk = (users[name] for name in logins)
    housing, city = agencies["住建局"], agencies["城管局"]
    market = Department.objects.get(agency=housing, name="建筑市场监管科")
    sanitation = Department.objects.get(agency=city, name="市容环境卫生科")
    latest = m.workdays[-1]
    year = latest.year

    def ago(n: int) -> date:
        return m.before(latest, n)

    def number(series: str) -> str:
        last[(series, year)] = last.get((series, year), 0) + 1
        return _doc_number(series, year, last[(series, year)])

    def draft(agency, department, actor, **fields) -> Item:
        return s.item_create(agency=agency, department=department, actor=actor, **fields)

    def reviewed(item: Item, *, mask: bool = True) -> Item:
        s.item_submit(item=item, actor=clerk)
        for finding in item.findings.all():
            if mask:
                s.finding_mask(finding=finding, actor=reviewer)
            else:
                s.finding_justify(
                    finding=finding,
                    actor=reviewer,
                    reason="本机关对外公布的办公电话和邮箱，依法保留",
                )
        return s.item_secrecy_review(
            item=item, actor=reviewer, passed=True, note="经审查，可以公开"
        )

    made = []
    made.append(
        draft(
            housing, market, clerk,
            title="示范区住房和城乡建设局关于开展2026年冬季建筑施工安全专项检查的通知",
            doc_number=number("示住建"),
            written_on=ago(2),
            statutory_category="20-13",
            genre="other_document",
            keywords="建筑施工，安全检查，冬季",
            body=_paragraphs(
                "各建设、施工、监理单位：",
                _indent("为切实做好冬季建筑施工安全生产工作，防范化解重大安全风险，决定在全区开展"
                        "冬季建筑施工安全专项检查。现将有关事项通知如下："),
                _indent("一、检查范围：全区所有在建房屋建筑和市政基础设施工程。"),
                _indent("二、检查重点：深基坑、高支模、起重机械、脚手架等危险性较大的分部分项工程，"
                        "以及冬季施工防火、防冻、防滑措施落实情况。"),
                _indent("三、工作要求：各单位于12月10日前完成自查，并将自查报告报送我局建筑市场监管科。"),
            ),
        )
    )  # fmt: skip
    returned = draft(
        housing, market, clerk,
        title="关于公布2026年第三批建筑业企业资质审批结果的公告",
        written_on=ago(9),
        statutory_category="20-5",
        genre="notice",
        keywords="建筑业企业资质，审批结果",
        body=_paragraphs(
            _indent("根据《建筑业企业资质管理规定》，经审查，示范区宏达建筑工程有限公司等6家企业"
                    "申请的建筑业企业资质符合标准，准予许可，现予公布。"),
            _indent("联系人：王明，联系电话：13800138000"),
        ),
    )  # fmt: skip
    s.item_submit(item=returned, actor=clerk)
    s.item_secrecy_review(
        item=returned,
        actor=reviewer,
        passed=False,
        note="联系人的手机号码请改为科室办公电话后重新送审",
    )
    made.append(returned)
    in_review = draft(
        housing, market, clerk,
        title=f"{year}年第三季度建筑工程质量安全检查情况通报",
        doc_number=number("示住建"),
        written_on=ago(17),
        statutory_category="20-13",
        genre="other_document",
        keywords="质量安全，检查，通报",
        body=_paragraphs(
            "各有关单位：",
            _indent(f"{year}年第三季度，我局共检查在建项目46个，发现质量安全隐患138条，下发整改通知书"
                    "31份，停工整改通知书2份，目前已整改完毕126条。"),
            _indent("滨江路市政道路改造工程项目部安全员李强（联系电话：13900139000）未按要求"
                    "组织班前安全教育，已责令整改。"),
            _indent("请各单位对照通报问题举一反三，认真开展自查自纠。"),
        ),
    )  # fmt: skip
    s.item_submit(item=in_review, actor=clerk)
    made.append(in_review)
    office = draft(
        housing, market, clerk,
        title="示范区住房和城乡建设局关于2026年10月建筑工程施工许可证核发情况的公示",
        written_on=ago(6),
        statutory_category="20-5",
        genre="enforcement",
        keywords="施工许可，公示",
        body=_paragraphs(
            _indent("现将2026年10月建筑工程施工许可证核发情况公示如下：示范区第三中学扩建工程、"
                    "工业园区标准厂房项目等5个项目。"),
            _indent(f"如有异议，请于7个工作日内来电反映。电话：{housing.office_phone}，"
                    f"电子邮箱：{housing.office_email}"),
        ),
    )  # fmt: skip
    made.append(office)

    policy = draft(
        housing, market, clerk,
        title="示范区住房和城乡建设局关于印发《示范区既有住宅加装电梯管理办法》的通知",
        doc_number=number("示住建规"),
        written_on=ago(8),
        statutory_category="20-1",
        genre="normative_document",
        keywords="既有住宅，加装电梯，管理办法",
        is_policy=True,
        body=_paragraphs(
            "各街道办事处、镇人民政府，各有关单位：",
            _indent("《示范区既有住宅加装电梯管理办法》已经局务会议研究同意，现印发给你们，"
                    "请认真贯彻执行。"),
            _indent("第一条　为改善既有住宅使用功能，方便居民生活，结合本区实际，制定本办法。"),
            _indent("第二条　既有住宅加装电梯应当经本单元专有部分占建筑物总面积三分之二以上的业主"
                    "且占总人数三分之二以上的业主同意。"),
            _indent("第三条　本办法自2027年1月1日起施行，有效期五年。"),
        ),
    )  # fmt: skip
    interpretation = draft(
        housing, market, clerk,
        title="《示范区既有住宅加装电梯管理办法》政策解读",
        written_on=ago(8),
        statutory_category="20-1",
        genre="interpretation",
        keywords="既有住宅，加装电梯，政策解读",
        interprets=policy,
        body=_paragraphs(
            "一、制定背景",
            _indent("我区建成于2000年以前的多层住宅约1.2万套，老年居民上下楼困难的问题较为突出。"),
            "二、主要内容",
            _indent("明确了加装电梯的表决规则、申请流程、资金筹集和后续管理责任。"),
            "三、解读机关及联系方式",
            _indent(f"解读机关：示范区住房和城乡建设局　咨询电话：{housing.office_phone}"),
        ),
    )  # fmt: skip
    reviewed(policy)
    reviewed(interpretation, mask=False)
    reviewed(office, mask=False)  # the office's own phone and e-mail are kept, with the reason
    made += [policy, interpretation]

    made.append(
        draft(
            city, sanitation, city_clerk,
            title="示范区城市管理和综合执法局关于调整生活垃圾分类定时定点投放时间的通告",
            written_on=ago(3),
            statutory_category="20-13",
            genre="notice",
            keywords="垃圾分类，投放时间",
            body=_paragraphs(
                _indent("为进一步提升生活垃圾分类实效，自2027年1月1日起，全区居民小区生活垃圾定时"
                        "定点投放时间调整为每日7:00—9:00、18:00—21:00。"),
                _indent("特此通告。"),
            ),
        )
    )  # fmt: skip
    penalty = draft(
        city, sanitation, city_clerk,
        title=f"示范区城市管理和综合执法局行政处罚决定书（{number('示城管罚')}）",
        written_on=ago(4),
        statutory_category="20-6",
        genre="enforcement",
        keywords="行政处罚，决定书",
        body=_paragraphs(
            "当事人：陈志明，联系电话：13700137000",
            _indent("当事人未经批准在人民路临时占用城市道路堆放建筑材料，违反了《城市道路管理条例》"
                    "第三十一条的规定。依据《城市道路管理条例》第四十二条，决定对当事人罚款人民币"
                    "2,000元。"),
        ),
    )  # fmt: skip
    s.item_submit(item=penalty, actor=city_clerk)
    made.append(penalty)
    return len(made)

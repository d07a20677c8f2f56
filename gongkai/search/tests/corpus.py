"""A deterministic generator of realistic catalogue items, for the relevance set and the
benchmarks. Pure: no Django (gongkai.search.tests.corpus_load puts items in a database).

What it makes is what a district's catalogue holds: notices, plans, decisions, procurement
and enforcement notices of the demo government's twelve agencies, with their document numbers
(文号) written with 〔〕, [], （） or ［］, a twentieth of the items in Traditional characters,
person names (表彰, 任免, 处罚, contacts), place names (villages, communities, roads) and
cross-references to other documents in the body. Each item carries the topic and place it was
made from, which is what the relevance judgements of broad queries rest on.

`planted()` adds hand-written items at fixed places, the targets of the precise queries of
the relevance set (a document number, a name, the words of a title); the generated items
around them share their topics, agencies and vocabulary, so they are the distractors.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

# (organisation code's first 8 characters, name, short name, document-number prefix); the same
# agencies as the demo government (gongkai.demo.organisation).
AGENCIES = [
    ("11441001", "示范区人民政府办公室", "区府办", "示府办"),
    ("11441002", "示范区住房和城乡建设局", "住建局", "示住建"),
    ("11441003", "示范区城市管理和综合执法局", "城管局", "示城管"),
    ("11441004", "示范区财政局", "财政局", "示财"),
    ("11441005", "示范区教育局", "教育局", "示教"),
    ("11441006", "示范区发展和改革局", "发改局", "示发改"),
    ("11441007", "示范区人力资源和社会保障局", "人社局", "示人社"),
    ("11441008", "示范区卫生健康局", "卫健局", "示卫健"),
    ("11441009", "示范区市场监督管理局", "市场监管局", "示市监"),
    ("11441010", "示范区自然资源局", "自然资源局", "示自然资源"),
    ("11441011", "示范区城东街道办事处", "城东街道", "城东办"),
    ("11441012", "示范区青山镇人民政府", "青山镇", "青山府"),
]
AGENCY_INDEX = {short: i for i, (_, _, short, _) in enumerate(AGENCIES)}
# Higher authorities whose documents are forwarded (转发) or cited.
AUTHORITIES = [
    ("重庆市人民政府", "渝府发"),
    ("重庆市人民政府办公厅", "渝府办发"),
    ("广东省人民政府", "粤府"),
    ("广东省人民政府办公厅", "粤府办"),
    ("国务院办公厅", "国办发"),
    ("市人民政府", "市府发"),
    ("市人民政府办公室", "市府办"),
    ("市住房和城乡建设局", "市住建发"),
    ("市财政局", "市财预"),
    ("重庆市政府", "庆政发"),
    ("重庆市政府办公厅", "庆政办发"),
]


@dataclass(frozen=True)
class Topic:
    key: str
    words: tuple[str, ...]  # what the items are about: two- and four-character words
    things: tuple[str, ...]  # objects for titles
    category: str  # Art. 20 category
    subject: str
    genres: tuple[str, ...]
    agencies: tuple[str, ...]  # short names


TOPICS = [
    Topic(
        "old_estates",
        ("老旧小区", "改造", "加装电梯"),
        ("老旧小区改造计划", "加装电梯补贴", "老旧小区改造项目", "二次供水设施改造"),
        "20-3",
        "城乡建设、环境保护",
        ("notice", "plan_report", "normative_document"),
        ("住建局", "城东街道"),
    ),
    Topic(
        "minimum_living",
        ("低保", "最低生活保障", "临时救助", "特困人员"),
        ("最低生活保障对象", "临时救助资金", "特困人员供养", "低保金发放"),
        "20-11",
        "民政、扶贫、救灾",
        ("notice", "other_document"),
        ("城东街道", "青山镇"),
    ),
    Topic(
        "procurement",
        ("采购", "中标", "招标", "询价"),
        ("中标结果公告", "公开招标公告", "询价采购公告", "政府采购意向"),
        "20-9",
        "财政、金融、审计",
        ("procurement",),
        ("财政局", "教育局", "卫健局", "住建局"),
    ),
    Topic(
        "budget",
        ("预算", "决算", "三公经费", "财政收支"),
        ("部门预算", "部门决算", "三公经费预算", "财政收支情况"),
        "20-7",
        "财政、金融、审计",
        ("finance",),
        tuple(a[2] for a in AGENCIES),
    ),
    Topic(
        "penalty",
        ("行政处罚", "罚款", "违法行为", "责令改正"),
        ("行政处罚决定书", "行政处罚结果", "责令限期改正通知书", "违法建设查处情况"),
        "20-6",
        "市场监管、安全生产监管",
        ("enforcement",),
        ("城管局", "市场监管局", "自然资源局"),
    ),
    Topic(
        "recruitment",
        ("招聘", "公务员", "事业单位", "面试"),
        ("公开招聘工作人员", "公务员录用", "事业单位公开招聘", "面试成绩"),
        "20-14",
        "劳动、人事、监察",
        ("personnel", "notice"),
        ("人社局", "教育局", "卫健局"),
    ),
    Topic(
        "emergency",
        ("应急预案", "防汛", "地质灾害", "森林防火"),
        ("防汛抗旱应急预案", "地质灾害防治方案", "森林防火工作", "突发事件应急预案"),
        "20-12",
        "公安、安全、司法",
        ("plan_report", "notice"),
        ("区府办", "自然资源局", "青山镇"),
    ),
    Topic(
        "food_safety",
        ("食品安全", "抽检", "不合格", "餐饮"),
        ("食品安全监督抽检", "不合格食品核查处置", "餐饮服务食品安全检查", "食品抽检信息"),
        "20-13",
        "市场监管、安全生产监管",
        ("notice", "enforcement"),
        ("市场监管局",),
    ),
    Topic(
        "statistics",
        ("统计公报", "增长", "固定资产投资", "地区生产总值"),
        ("国民经济和社会发展统计公报", "主要经济指标", "固定资产投资情况", "经济运行情况"),
        "20-4",
        "国民经济管理、国有资产监管",
        ("statistics",),
        ("发改局", "区府办"),
    ),
    Topic(
        "education",
        ("义务教育", "招生", "学前教育", "助学金"),
        ("义务教育招生入学工作", "学前教育资助", "国家助学金", "中小学招生方案"),
        "20-11",
        "科技、教育",
        ("notice", "normative_document"),
        ("教育局",),
    ),
    Topic(
        "employment",
        ("就业", "创业", "养老保险", "社会保险"),
        ("创业担保贷款", "就业补贴", "城乡居民养老保险", "社会保险费征缴"),
        "20-11",
        "劳动、人事、监察",
        ("notice", "normative_document"),
        ("人社局",),
    ),
    Topic(
        "planning",
        ("国土空间规划", "规划", "用地", "控制性详细规划"),
        ("国土空间总体规划", "控制性详细规划", "建设用地规划许可", "土地征收"),
        "20-3",
        "国土资源、能源",
        ("plan_report", "notice"),
        ("自然资源局",),
    ),
    Topic(
        "major_projects",
        ("重大项目", "开工", "立项", "可行性研究"),
        ("重大项目建设计划", "项目立项批复", "可行性研究报告批复", "重点项目开工"),
        "20-10",
        "工业、交通",
        ("other_document", "plan_report"),
        ("发改局",),
    ),
    Topic(
        "fees",
        ("收费", "收费标准", "价格", "行政事业性收费"),
        ("行政事业性收费目录清单", "停车收费标准", "物业服务收费", "价格调整"),
        "20-8",
        "财政、金融、审计",
        ("normative_document", "notice"),
        ("发改局", "财政局"),
    ),
    Topic(
        "licensing",
        ("行政许可", "审批", "施工许可", "营业执照"),
        ("建筑工程施工许可", "行政许可事项清单", "审批结果", "营业执照办理"),
        "20-5",
        "市场监管、安全生产监管",
        ("enforcement", "notice"),
        ("住建局", "市场监管局"),
    ),
    Topic(
        "organisation",
        ("机构职能", "领导分工", "内设机构", "办公地址"),
        ("机构职能", "领导班子分工", "内设机构及职责", "办公地址和时间"),
        "20-2",
        "综合政务",
        ("other_document",),
        tuple(a[2] for a in AGENCIES),
    ),
    Topic(
        "health",
        ("疫苗接种", "家庭医生", "传染病", "医疗机构"),
        ("疫苗接种工作", "家庭医生签约服务", "传染病防控", "医疗机构校验"),
        "20-13",
        "卫生、体育",
        ("notice", "plan_report"),
        ("卫健局",),
    ),
    Topic(
        "environment",
        ("垃圾分类", "河长制", "大气污染", "环境卫生"),
        ("生活垃圾分类工作", "河长制工作", "大气污染防治", "市容环境卫生整治"),
        "20-13",
        "城乡建设、环境保护",
        ("plan_report", "notice"),
        ("城管局", "城东街道", "青山镇"),
    ),
    Topic(
        "rural",
        ("乡村振兴", "人居环境", "高标准农田", "产业发展"),
        ("乡村振兴示范村建设", "农村人居环境整治", "高标准农田建设", "特色产业发展"),
        "21",
        "农业、林业、水利",
        ("plan_report", "notice"),
        ("青山镇", "区府办"),
    ),
    Topic(
        "disclosure",
        ("政务公开", "信息公开", "年度报告", "依申请公开"),
        ("政府信息公开工作年度报告", "政务公开工作要点", "政务公开工作", "依申请公开办理"),
        "20-15",
        "综合政务",
        ("annual_report", "plan_report"),
        tuple(a[2] for a in AGENCIES),
    ),
]
TOPIC_BY_KEY = {t.key: t for t in TOPICS}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强永红晓东海燕"
    "俊峰文斌玉兰春梅振宇子涵浩然雨桐思远嘉怡德胜学文国庆立新"
)
PLACE_HEADS = "东西南北上下前后新老大小石柳桃李杨花龙凤金银青白黄红"
PLACE_TAILS = "湾坪坝塘沟岭山河桥园林坡湖岗口庄铺屯寨"
PLACE_KINDS = ("村", "社区", "路", "街", "组")
STREETS = ("城东街道", "青山镇", "河西街道", "柳林镇", "石门镇", "白沙镇")
GENERIC = (
    "为进一步规范{word}工作，切实维护人民群众合法权益",
    "根据《中华人民共和国政府信息公开条例》和有关规定",
    "经{agency}研究同意，结合我区实际",
    "请各街道、镇及区级有关部门认真贯彻执行",
    "各有关单位要高度重视，明确责任分工，确保各项工作落到实处",
    "现将{year}年{word}有关情况公告如下",
    "联系人：{person}，联系电话：0759-2{phone}",
    "本{genre}自印发之日起施行，有效期五年",
    "{place}{word}工作已按计划推进，群众满意度进一步提升",
    "请于{month}月底前将工作进展情况报送{agency}",
    "对工作中发现的问题，要及时整改并形成长效机制",
    "全年共完成{word}相关事项{count}件，较上年增长{pct}%",
)
CITE = "根据{authority}《关于{thing}的通知》（{number}）精神"
TITLES = (
    "{agency}关于{year}年{thing}的通知",
    "{agency}关于印发《{place}{thing}实施方案》的通知",
    "{agency}关于{place}{thing}的公告",
    "{year}年{place}{thing}情况",
    "关于{thing}有关事项的通知",
    "{agency}{year}年{thing}工作总结",
    "关于做好{year}年度{thing}工作的通知",
    "{place}{year}年{thing}公示",
    "关于转发{authority}《关于{thing}的意见》的通知",
)
GENRE_WORDS = {"normative_document": "办法", "notice": "通知", "plan_report": "方案"}
BRACKETS = [("〔", "〕")] * 16 + [("[", "]")] * 2 + [("（", "）"), ("［", "］")]


@dataclass(frozen=True)
class CorpusItem:
    key: str
    agency: int  # index into AGENCIES
    title: str
    doc_number: str
    keywords: str
    body: str
    written_on: date
    published_on: date
    statutory_category: str
    genre: str
    subject: str
    validity: str
    topic: str
    place: str
    traditional: bool = False
    people: tuple[str, ...] = ()


@cache
def _s2t() -> dict[int, str]:
    """Simplified → Traditional, character by character (OpenCC's table, first candidate):
    good enough to write test text in Traditional; the index's t2s conversion is exact."""
    import opencc

    table = {}
    path = Path(opencc.__file__).parent / "dictionary" / "STCharacters.txt"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            key, _, values = line.rstrip("\n").partition("\t")
            if len(key) == 1 and values:
                table[ord(key)] = values.split(" ")[0]
    return table


def to_traditional(text: str) -> str:
    return text.translate(_s2t())


def doc_number(prefix: str, year: int, serial: int, brackets: tuple[str, str] = ("〔", "〕")):
    return f"{prefix}{brackets[0]}{year}{brackets[1]}{serial}号"


class Generator:
    def __init__(self, seed: int = 20261122, reserved: frozenset[str] = frozenset()) -> None:
        self.random = random.Random(seed)  # noqa: S311 - reproducible test data, not secret
        # Names, places and document numbers only the planted items may use.
        self.reserved = reserved
        self.serials: dict[tuple[str, int], int] = {}

    def person(self) -> str:
        r = self.random
        while True:
            name = r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2, 2))))
            if name not in self.reserved:
                return name

    def place(self) -> str:
        r = self.random
        if r.random() < 0.3:
            return r.choice(STREETS)
        while True:
            name = r.choice(PLACE_HEADS) + r.choice(PLACE_TAILS) + r.choice(PLACE_KINDS)
            if name not in self.reserved:
                return name

    def serial(self, prefix: str, year: int) -> int:
        n = self.serials.get((prefix, year), 0) + 1 + self.random.randrange(3)
        while doc_number(prefix, year, n) in self.reserved:
            n += 1
        self.serials[(prefix, year)] = n
        return n

    def item(self, index: int) -> CorpusItem:
        r = self.random
        topic = r.choice(TOPICS)
        agency = AGENCY_INDEX[r.choice(topic.agencies)]
        _, agency_name, _, prefix = AGENCIES[agency]
        year = r.randrange(2015, 2026)
        written = date(year, 1, 1) + timedelta(days=r.randrange(330))
        published = written + timedelta(days=r.randrange(1, 25))
        place = self.place()
        thing = r.choice(topic.things)
        word = r.choice(topic.words)
        authority, authority_prefix = r.choice(AUTHORITIES)
        genre = r.choice(topic.genres)
        values = {
            "agency": agency_name,
            "year": year,
            "place": place,
            "thing": thing,
            "word": word,
            "authority": authority,
        }
        title = r.choice(TITLES).format(**values)
        people = []
        if topic.key in ("penalty", "recruitment") or r.random() < 0.15:
            person = self.person()
            people.append(person)
            title = (
                f"关于{person}等{r.randrange(2, 30)}名同志拟聘用人员的公示"
                if topic.key == "recruitment" and r.random() < 0.5
                else title
            )
        number = ""
        if genre not in ("procurement", "statistics", "news") and r.random() < 0.75:
            number = doc_number(prefix, year, self.serial(prefix, year), r.choice(BRACKETS))
        # Body: sentences about the topic, a citation, figures, a contact.
        sentences = []
        for _ in range(r.randrange(4, 9)):
            sentences.append(
                r.choice(GENERIC).format(
                    **values,
                    person=people[0] if people else self.person(),
                    phone=f"{r.randrange(1000000):07d}",
                    genre=GENRE_WORDS.get(genre, "通知"),
                    month=r.randrange(1, 13),
                    count=r.randrange(3, 900),
                    pct=r.randrange(1, 30),
                )
            )
        if r.random() < 0.5:
            cited_year = r.randrange(2003, year + 1)
            sentences.insert(
                0,
                CITE.format(
                    authority=authority,
                    thing=r.choice(r.choice(TOPICS).things),
                    number=doc_number(
                        authority_prefix, cited_year, r.randrange(1, 200), r.choice(BRACKETS)
                    ),
                ),
            )
        other = r.choice(TOPICS)  # a passing mention of another topic: a realistic distractor
        sentences.append(f"同时统筹做好{r.choice(other.words)}等相关工作")
        body = "，".join(sentences[:2]) + "。" + "。".join(sentences[2:]) + "。"
        validity = "in_force"
        if genre in ("normative_document", "plan_report") and year < 2022:
            validity = r.choices(("in_force", "amended", "repealed"), (6, 2, 2))[0]
        keywords = "，".join(dict.fromkeys([word, r.choice(topic.words)]))
        item = CorpusItem(
            key=f"g{index:07d}",
            agency=agency,
            title=title,
            doc_number=number,
            keywords=keywords,
            body=body,
            written_on=written,
            published_on=published,
            statutory_category=topic.category,
            genre=genre,
            subject=topic.subject,
            validity=validity,
            topic=topic.key,
            place=place,
            people=tuple(people),
        )
        if r.random() < 0.05:
            item = replace(
                item,
                title=to_traditional(item.title),
                doc_number=to_traditional(item.doc_number),
                keywords=to_traditional(item.keywords),
                body=to_traditional(item.body),
                traditional=True,
            )
        return item


def _planted(
    key,
    agency,
    title,
    number,
    year,
    topic,
    body,
    place="",
    people=(),
    keywords="",
    validity="in_force",
    traditional=False,
    genre=None,
):
    t = TOPIC_BY_KEY[topic]
    written = date(year, 3, 1) + timedelta(days=(sum(map(ord, key)) * 7) % 280)
    return CorpusItem(
        key=key,
        agency=AGENCY_INDEX[agency],
        title=title,
        doc_number=number,
        keywords=keywords or "，".join(t.words[:2]),
        body=body,
        written_on=written,
        published_on=written + timedelta(days=5),
        statutory_category=t.category,
        genre=genre or t.genres[0],
        subject=t.subject,
        validity=validity,
        topic=topic,
        place=place,
        traditional=traditional,
        people=tuple(people),
    )


def planted() -> list[CorpusItem]:
    """Hand-written items: the targets of the relevance set's precise queries."""
    p = _planted
    return [
        p("p-qingzheng", "区府办", "关于转发重庆市政府《关于加强城市管理工作的意见》的通知",
          "庆政发〔2005〕32号", 2005, "environment",
          "现将重庆市政府《关于加强城市管理工作的意见》（庆政发〔2005〕32号）转发给你们，"
          "请结合实际认真贯彻执行。", place="城东街道"),
        p("p-qingzheng-ban", "区府办",
          "关于转发重庆市政府办公厅《关于城市管理考核办法的通知》的通知",
          "庆政办发〔2005〕32号", 2005, "environment",
          "现将《关于城市管理考核办法的通知》转发给你们，请遵照执行。"),
        p("p-qingzheng-31", "区府办", "关于转发重庆市政府《关于加快发展物流产业的意见》的通知",
          "庆政发〔2005〕31号", 2005, "major_projects",
          "现将重庆市政府《关于加快发展物流产业的意见》转发给你们，请认真组织实施。"),
        p("p-yufu", "区府办", "重庆市人民政府关于印发重庆市城乡居民最低生活保障条例实施办法的通知",
          "渝府发〔2019〕12号", 2019, "minimum_living",
          "各区县人民政府，市政府各部门：现将《重庆市城乡居民最低生活保障条例实施办法》印发给你们，"
          "请认真贯彻执行。", genre="normative_document"),
        p("p-zhujian-12", "住建局", "示范区住房和城乡建设局关于2025年老旧小区改造计划的通知",
          "示住建〔2025〕12号", 2025, "old_estates",
          "各街道：现将2025年老旧小区改造计划印发给你们，涉及城东街道枫林苑小区、"
          "青山镇粮站宿舍等17个小区，请认真组织实施。", place="枫林苑小区"),
        p("p-elevator", "住建局", "示范区既有住宅加装电梯财政补贴管理办法",
          "示住建规〔2023〕3号", 2023, "old_estates",
          "为规范既有住宅加装电梯财政补贴资金管理，每台电梯补贴不超过20万元。"
          "本办法自2023年6月1日起施行。", genre="normative_document"),
        p("p-elevator-old", "住建局", "示范区既有住宅加装电梯财政补贴暂行办法",
          "示住建规〔2019〕5号", 2019, "old_estates",
          "为推进既有住宅加装电梯，每台电梯补贴不超过15万元。", validity="repealed",
          genre="normative_document"),
        p("p-zhangfengbiao", "城管局", "关于表彰张凤彪等十名“最美城管人”的决定",
          "示城管〔2018〕45号", 2018, "environment",
          "为弘扬城管队伍先进典型，经研究，决定对二十年来为百姓清掏化粪池和下水道的张凤彪"
          "等十名同志予以表彰。", people=("张凤彪",)),
        p("p-zhangfengying", "城管局", "关于张凤英同志任职的通知",
          "示城管〔2020〕8号", 2020, "organisation",
          "经局党组研究决定：张凤英同志任市容环境卫生科科长。", people=("张凤英",)),
        p("p-ouyang", "市场监管局", "行政处罚决定书（欧阳晓峰经营超过保质期食品案）",
          "示市监处罚〔2024〕117号", 2024, "penalty",
          "当事人欧阳晓峰在其经营的副食店内销售超过保质期的食品，违反了《中华人民共和国"
          "食品安全法》第三十四条规定，决定给予警告并处罚款五千元。", people=("欧阳晓峰",),
          genre="enforcement"),
        p("p-ouyang-2", "市场监管局", "关于欧阳晓峰等3户经营者食品安全抽检不合格的核查处置情况",
          "", 2024, "food_safety",
          "对欧阳晓峰副食店等3户经营者抽检不合格的食品，已依法下架并立案调查。",
          people=("欧阳晓峰",)),
        p("p-sima", "人社局", "关于司马健同志等12人拟聘用为事业单位工作人员的公示",
          "", 2023, "recruitment",
          "经笔试、面试、体检和考察，司马健等12人拟聘用为事业单位工作人员，现予公示。",
          people=("司马健",)),
        p("p-shifosi", "青山镇", "关于石佛寺村高标准农田建设项目的公示",
          "青山府〔2022〕21号", 2022, "rural",
          "石佛寺村高标准农田建设项目建设面积1200亩，总投资360万元，现将项目情况公示如下。",
          place="石佛寺村"),
        p("p-shifosi-road", "青山镇", "青山镇石佛寺村通组公路硬化工程竣工验收情况",
          "", 2023, "rural", "石佛寺村通组公路硬化工程全长3.2公里，已于2023年9月通过竣工验收。",
          place="石佛寺村"),
        p("p-fenglin", "城东街道", "枫林苑小区加装电梯项目公示",
          "", 2025, "old_estates",
          "枫林苑小区3栋2单元申请加装电梯，已征得本单元全体业主同意，现予公示。",
          place="枫林苑小区"),
        p("p-dibao-qs-2024", "青山镇", "青山镇2024年第三季度最低生活保障对象公示",
          "", 2024, "minimum_living",
          "经入户调查、民主评议，青山镇2024年第三季度新增低保对象23户41人，现予公示。",
          place="青山镇"),
        p("p-dibao-cd-2024", "城东街道", "城东街道2024年低保金发放情况",
          "", 2024, "minimum_living", "城东街道2024年共发放低保金386万元，惠及低保对象1207人。",
          place="城东街道"),
        p("p-budget-2024", "财政局", "示范区财政局2024年部门预算公开",
          "", 2024, "budget",
          "按照预算公开要求，现将示范区财政局2024年部门预算及三公经费预算公开如下。"),
        p("p-final-2023", "财政局", "示范区财政局2023年部门决算公开",
          "", 2024, "budget", "现将示范区财政局2023年部门决算公开如下，三公经费支出较上年下降。"),
        p("p-flood", "区府办", "示范区防汛抗旱应急预案（2024年修订）",
          "示府办发〔2024〕9号", 2024, "emergency",
          "为做好防汛抗旱工作，保障人民群众生命财产安全，制定本预案。", genre="plan_report"),
        p("p-garbage", "城管局", "示范区生活垃圾分类工作实施方案",
          "示城管发〔2021〕16号", 2021, "environment",
          "为全面推进生活垃圾分类工作，到2025年全区生活垃圾回收利用率达到35%以上。"),
        p("p-gdp-2024", "发改局", "示范区2024年国民经济和社会发展统计公报",
          "", 2025, "statistics",
          "初步核算，2024年全区地区生产总值达到512.6亿元，比上年增长5.8%。"),
        p("p-enrol-2025", "教育局", "示范区2025年义务教育招生入学工作方案",
          "示教〔2025〕18号", 2025, "education",
          "2025年全区义务教育阶段学校招生坚持免试就近入学，公办民办学校同步招生。"),
        p("p-loan", "人社局", "示范区创业担保贷款实施办法",
          "示人社规〔2022〕2号", 2022, "employment",
          "个人创业担保贷款最高额度为30万元，小微企业最高额度为300万元。",
          genre="normative_document"),
        p("p-parking", "发改局", "示范区机动车停车收费标准的通知",
          "示发改价〔2023〕41号", 2023, "fees",
          "城区一类区域路内停车首小时收费3元，此后每半小时1元。"),
        p("p-annual-2023", "区府办", "示范区人民政府2023年政府信息公开工作年度报告",
          "", 2024, "disclosure",
          "2023年共主动公开政府信息5862条，收到政府信息公开申请124件，均按期答复。",
          genre="annual_report"),
        p("p-trad-hefei", "城管局", "合肥市城管局2018年政務公開年度報告",
          "", 2019, "disclosure",
          "根據政務公開年度考核要求，我局對2018年的政務公開工作進行了總結，"
          "現將年度工作開展情況報告如下。", traditional=True, genre="annual_report"),
        p("p-trad-yuefu", "区府办", "轉發廣東省人民政府關於進一步加強耕地保護的通知",
          "粵府〔2016〕88號", 2016, "planning",
          "現將廣東省人民政府《關於進一步加強耕地保護的通知》轉發給你們，請認真貫徹落實。",
          traditional=True),
        p("p-guobanfa", "区府办", "关于转发《国务院办公厅关于全面推进政务公开工作的意见》的通知",
          "国办发[2016]8号", 2016, "disclosure",
          "现将《国务院办公厅关于全面推进政务公开工作的意见》转发给你们，请认真贯彻落实。"),
        p("p-forest", "青山镇", "青山镇2025年森林防火工作方案",
          "青山府〔2025〕6号", 2025, "emergency",
          "进入森林防火期，严禁野外用火，各村要落实护林员巡山责任。", place="青山镇"),
        p("p-vaccine", "卫健局", "关于开展2025年秋冬季流感疫苗接种工作的通知",
          "示卫健〔2025〕33号", 2025, "health",
          "60岁以上老年人可在社区卫生服务中心免费接种流感疫苗。"),
        p("p-river", "城管局", "示范区2024年河长制工作要点",
          "示城管〔2024〕5号", 2024, "environment", "全面落实河长制，开展清河行动。"),
        p("p-bid-school", "教育局", "示范区第一中学教学楼改扩建工程中标结果公告",
          "", 2024, "procurement",
          "示范区第一中学教学楼改扩建工程中标单位为重庆建工集团股份有限公司，中标价2860万元。"),
        p("p-license", "住建局", "2024年第四季度建筑工程施工许可证核发情况",
          "", 2025, "licensing", "2024年第四季度共核发建筑工程施工许可证46件。"),
        p("p-wujiaying", "城东街道", "关于吴家营社区党群服务中心建设项目的公示",
          "", 2023, "major_projects",
          "吴家营社区党群服务中心建设项目位于吴家营社区，建筑面积1500平方米。",
          place="吴家营社区"),
        p("p-heping-road", "城管局", "和平路夜市占道经营专项整治情况通报",
          "示城管〔2023〕27号", 2023, "penalty",
          "对和平路夜市占道经营、油烟扰民问题开展专项整治，责令改正62起。",
          place="和平路"),
    ]  # fmt: skip


def generate(
    count: int, *, seed: int = 20261122, with_planted: bool = True
) -> Iterator[CorpusItem]:
    """`count` items in a fixed order for a given seed; with the planted items spread among
    them (they count towards `count`)."""
    extra = planted() if with_planted else []
    reserved = frozenset(
        [name for item in extra for name in item.people]
        + [item.place for item in extra]
        + [item.doc_number for item in extra]
    )
    generator = Generator(seed, reserved)
    step = max(1, count // (len(extra) + 1)) if extra else 0
    slots = {step * (i + 1): item for i, item in enumerate(extra)}
    made = 0
    for index in range(count):
        if index in slots:
            yield slots[index]
        else:
            yield generator.item(made)
            made += 1

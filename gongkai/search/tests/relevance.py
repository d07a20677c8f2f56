"""The relevance set: realistic queries over the generated corpus (gongkai.search.tests.corpus) with
the items judged relevant to each, and the measures (MRR, recall@10). Pure: no Django.

The judgements are kept in data/relevance.jsonl, one query a line; this module holds
how they were made, so that they can be re-made if the generator changes
(`bench/search_relevance.py --write`):

- a precise query (a document number in another written form, a person's name, a place,
  the words of a title one remembers) names the planted item(s) it is after;
- a broad query (a two- or four-character word, a few words) is judged on what the items
  are about, not on their words: an item is relevant when it was generated from that topic
  (and place and year, when the query names them). An item that only mentions the word in
  passing is not relevant, and an item on the topic that never uses the word still is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from gongkai.search.tests.corpus import AGENCIES, AGENCY_INDEX, CorpusItem, generate

CORPUS_SIZE = 4000
CORPUS_SEED = 20261122
DATA = Path(__file__).parent / "data" / "relevance.jsonl"
CUTOFF = 10

# (id, kind, query, planted keys, rule over generated items or None)
QUERIES: list[tuple[str, str, str, list[str], dict | None]] = [
    ("d01", "doc_number", "慶政發〔2005〕32號", ["p-qingzheng"], None),
    ("d02", "doc_number", "庆政发[2005]32号", ["p-qingzheng"], None),
    ("d03", "doc_number", "庆政发（2005）32号", ["p-qingzheng"], None),
    ("d04", "doc_number", "庆政办发〔2005〕32号", ["p-qingzheng-ban"], None),
    ("d05", "doc_number", "渝府发〔2019〕12号", ["p-yufu"], None),
    ("d06", "doc_number", "渝府發[2019]12號", ["p-yufu"], None),
    ("d07", "doc_number", "示住建〔2025〕12号", ["p-zhujian-12"], None),
    ("d08", "doc_number", "示住建规〔2023〕3号", ["p-elevator"], None),
    ("d09", "doc_number", "示市监处罚〔2024〕117号", ["p-ouyang"], None),
    ("d10", "doc_number", "粤府〔2016〕88号", ["p-trad-yuefu"], None),
    ("d11", "doc_number", "国办发〔2016〕8号", ["p-guobanfa"], None),
    ("d12", "doc_number", "示府办发（2024）9号", ["p-flood"], None),
    ("d13", "doc_number", "示发改价［2023］41号", ["p-parking"], None),
    ("d14", "doc_number", "示人社规〔2022〕2号", ["p-loan"], None),
    ("d15", "doc_number", "青山府 〔2022〕 21 号", ["p-shifosi"], None),
    ("d16", "doc_number", "示城管发〔2021〕16号", ["p-garbage"], None),
    ("d17", "doc_number", "示教〔2025〕18號", ["p-enrol-2025"], None),
    ("n01", "name", "张凤彪", ["p-zhangfengbiao"], None),
    ("n02", "name", "張鳳彪", ["p-zhangfengbiao"], None),
    ("n03", "name", "欧阳晓峰", ["p-ouyang", "p-ouyang-2"], None),
    ("n04", "name", "司马健", ["p-sima"], None),
    ("n05", "name", "张凤英", ["p-zhangfengying"], None),
    ("n06", "name", "欧阳晓峰 罚款", ["p-ouyang"], None),
    ("n07", "name", "张凤彪 表彰", ["p-zhangfengbiao"], None),
    ("l01", "place", "石佛寺村", ["p-shifosi", "p-shifosi-road"], None),
    ("l02", "place", "石佛寺村 高标准农田", ["p-shifosi"], None),
    ("l03", "place", "枫林苑小区", ["p-zhujian-12", "p-fenglin"], None),
    ("l04", "place", "枫林苑 加装电梯", ["p-fenglin"], None),
    ("l05", "place", "吴家营社区", ["p-wujiaying"], None),
    ("l06", "place", "和平路夜市", ["p-heping-road"], None),
    ("t01", "title", "加装电梯财政补贴管理办法", ["p-elevator"], None),
    ("t02", "title", "加装电梯补贴暂行办法", ["p-elevator-old"], None),
    ("t03", "title", "最美城管人", ["p-zhangfengbiao"], None),
    ("t04", "title", "城乡居民最低生活保障条例实施办法", ["p-yufu"], None),
    ("t05", "title", "防汛抗旱应急预案 2024年修订", ["p-flood"], None),
    ("t06", "title", "示范区生活垃圾分类工作实施方案", ["p-garbage"], None),
    ("t07", "title", "示范区2024年国民经济和社会发展统计公报", ["p-gdp-2024"], None),
    ("t08", "title", "2025年义务教育招生入学工作方案", ["p-enrol-2025"], None),
    ("t09", "title", "创业担保贷款实施办法", ["p-loan"], None),
    ("t10", "title", "机动车停车收费标准", ["p-parking"], None),
    ("t11", "title", "示范区人民政府2023年政府信息公开工作年度报告", ["p-annual-2023"], None),
    ("t12", "title", "合肥市城管局2018年政务公开年度报告", ["p-trad-hefei"], None),
    ("t13", "title", "政務公開年度報告 合肥", ["p-trad-hefei"], None),
    ("t14", "title", "耕地保护 广东省", ["p-trad-yuefu"], None),
    ("t15", "title", "全面推进政务公开工作的意见", ["p-guobanfa"], None),
    ("t16", "title", "流感疫苗接种", ["p-vaccine"], None),
    ("t17", "title", "河长制工作要点 2024", ["p-river"], None),
    ("t18", "title", "第一中学教学楼改扩建工程中标", ["p-bid-school"], None),
    ("t19", "title", "施工许可证核发", ["p-license"], None),
    ("m01", "multi", "森林防火 青山镇 2025", ["p-forest"], None),
    ("m02", "multi", "青山镇 低保 2024", ["p-dibao-qs-2024"],
     {"topic": "minimum_living", "where": "青山镇", "year": 2024}),
    ("m03", "multi", "城东街道 低保金", ["p-dibao-cd-2024"],
     {"topic": "minimum_living", "where": "城东街道"}),
    ("m04", "multi", "财政局 2024 部门预算", ["p-budget-2024"],
     {"topic": "budget", "where": "财政局", "year": 2024}),
    ("m05", "multi", "三公经费 决算 2023", ["p-final-2023"], {"topic": "budget", "year": 2023}),
    ("m06", "multi", "加装电梯 补贴", ["p-elevator", "p-elevator-old"], {"topic": "old_estates"}),
    ("m07", "multi", "食品安全 抽检 不合格", [], {"topic": "food_safety"}),
    ("m08", "multi", "公开招聘 面试", ["p-sima"], {"topic": "recruitment"}),
    ("b01", "body", "吴家营", ["p-wujiaying"], None),
    ("b02", "body", "石佛寺", ["p-shifosi", "p-shifosi-road"], None),
    ("b03", "body", "粮站宿舍", ["p-zhujian-12"], None),
    ("b04", "body", "枫林苑", ["p-zhujian-12", "p-fenglin"], None),
    ("b05", "body", "化粪池", ["p-zhangfengbiao"], None),
    ("b06", "body", "副食店 超过保质期", ["p-ouyang"], None),
    ("b07", "body", "通组公路", ["p-shifosi-road"], None),
    ("b08", "body", "党群服务中心", ["p-wujiaying"], None),
    ("b09", "body", "占道经营 油烟", ["p-heping-road"], None),
    ("b10", "body", "护林员", ["p-forest"], None),
    ("b11", "body", "首小时收费3元", ["p-parking"], None),
    ("b12", "body", "重庆建工", ["p-bid-school"], None),
    ("w01", "word2", "低保", [], {"topic": "minimum_living"}),
    ("w02", "word2", "采购", [], {"topic": "procurement"}),
    ("w03", "word2", "预算", [], {"topic": "budget"}),
    ("w04", "word2", "招聘", [], {"topic": "recruitment"}),
    ("w05", "word2", "防汛", [], {"topic": "emergency"}),
    ("w06", "word2", "抽检", [], {"topic": "food_safety"}),
    ("w07", "word2", "罚款", [], {"topic": "penalty"}),
    ("w08", "word4", "老旧小区", [], {"topic": "old_estates"}),
    ("w09", "word4", "垃圾分类", [], {"topic": "environment"}),
    ("w10", "word4", "乡村振兴", [], {"topic": "rural"}),
    ("w11", "word4", "义务教育", [], {"topic": "education"}),
    ("w12", "word4", "行政处罚", [], {"topic": "penalty"}),
    ("w13", "word4", "统计公报", [], {"topic": "statistics"}),
    ("r01", "traditional", "老舊小區", [], {"topic": "old_estates"}),
    ("r02", "traditional", "垃圾分類", [], {"topic": "environment"}),
    ("r03", "traditional", "預算", [], {"topic": "budget"}),
    ("r04", "traditional", "鄉村振興", [], {"topic": "rural"}),
    # Issue 13: what citizens type. Runs without spaces (the phrase is rare or absent) ...
    ("s01", "nospace", "义务教育招生", [], {"topic": "education"}),
    ("s02", "nospace", "老旧小区加装电梯", ["p-elevator", "p-elevator-old", "p-fenglin"],
     {"topic": "old_estates"}),
    ("s03", "nospace", "食品安全抽检不合格", [], {"topic": "food_safety"}),
    ("s04", "nospace", "事业单位招聘面试", ["p-sima"], {"topic": "recruitment"}),
    ("s05", "nospace", "部门预算三公经费", [], {"topic": "budget"}),
    ("s06", "nospace", "青山镇低保2024", ["p-dibao-qs-2024"],
     {"topic": "minimum_living", "where": "青山镇", "year": 2024}),
    ("s07", "nospace", "乡村振兴产业发展", [], {"topic": "rural"}),
    ("s08", "nospace", "政府采购中标结果", [], {"topic": "procurement"}),
    # ... abbreviations and everyday names for the documents' words ...
    ("v01", "synonym", "社保", [], {"topic": "employment"}),
    ("v02", "synonym", "义教招生", [], {"topic": "education"}),
    ("v03", "synonym", "高标田", [], {"topic": "rural"}),
    ("v04", "synonym", "违建查处", [], {"topic": "penalty"}),
    ("v05", "synonym", "创业贷", ["p-loan"], None),
    ("v06", "synonym", "政务公开年报", [], {"topic": "disclosure"}),
    ("v07", "synonym", "最低生活保障", [], {"topic": "minimum_living"}),
    ("v08", "synonym", "社會保險", [], {"topic": "employment"}),
    # ... and a word that is also the inside of other words (items in EXTRA).
    ("x01", "boundary", "大连", ["x-dalian", "x-dalian-2"], None),
    ("x02", "boundary", "西安", ["x-xian"], None),
    ("x03", "boundary", "长春", ["x-changchun"], None),
]  # fmt: skip

# Items added to the generated corpus for the word-boundary queries: each city's own items,
# and items where the same two characters sit inside another word (五大连池, 江西|安全,
# 延长|春耕). Short titles full of the look-alike, so that bm25 alone would rank them first.
EXTRA: list[tuple[str, str, str, str]] = [
    ("x-dalian", "区府办", "关于组织赴大连考察学习先进经验的通知",
     "经研究，决定组织相关部门赴大连考察学习城市更新和营商环境建设的先进经验。"),
    ("x-dalian-2", "发改局", "大连市代表团来我区洽谈对口合作项目",
     "大连市代表团一行到我区考察，双方就对口合作项目进行了洽谈。"),
    ("x-wudalianchi", "区府办", "五大连池研学",
     "五大连池研学活动安排。五大连池研学报名。五大连池研学须知。"),
    ("x-xian", "发改局", "西安市经贸考察团来我区座谈",
     "西安市经贸考察团与我区企业座谈，就产业合作交换意见。"),
    ("x-jiangxi", "区府办", "江西安全生产督导",
     "江西安全生产督导组经验介绍。江西安全生产督导组来访。"),
    ("x-changchun", "发改局", "长春市客商投资洽谈会在我区举行",
     "来自长春市的二十余家企业参加了投资洽谈会。"),
    ("x-yanchang", "自然资源局", "延长春耕备耕补贴申报",
     "延长春耕备耕补贴申报期限。延长春耕备耕补贴申报材料。"),
]  # fmt: skip


def extra_items() -> list[CorpusItem]:
    out = []
    for number, (key, agency, title, body) in enumerate(EXTRA):
        written = date(2024, 4, 1) + timedelta(days=number)
        out.append(
            CorpusItem(
                key=key,
                agency=AGENCY_INDEX[agency],
                title=title,
                doc_number="",
                keywords="",
                body=body,
                written_on=written,
                published_on=written + timedelta(days=3),
                statutory_category="20-1",
                genre="notice",
                subject="综合政务",
                validity="in_force",
                topic="",
                place="",
            )
        )
    return out


def corpus(size: int = CORPUS_SIZE, seed: int = CORPUS_SEED) -> list[CorpusItem]:
    """The items the relevance set is judged on: the generated corpus and EXTRA."""
    return [*generate(size, seed=seed), *extra_items()]


@dataclass(frozen=True)
class Judgement:
    id: str
    kind: str
    query: str
    relevant: frozenset[str]


def _matches(item: CorpusItem, rule: dict) -> bool:
    if item.topic != rule["topic"]:
        return False
    if "year" in rule and item.written_on.year != rule["year"]:
        return False
    if "where" in rule:
        short = AGENCIES[item.agency][2]
        if rule["where"] not in (short, item.place):
            return False
    return True


def judge(items: Iterable[CorpusItem]) -> list[dict]:
    items = list(items)
    keys = {item.key for item in items}
    out = []
    for qid, kind, query, planted, rule in QUERIES:
        missing = set(planted) - keys
        if missing:
            raise ValueError(f"{qid}: planted items not in the corpus: {sorted(missing)}")
        relevant = set(planted)
        if rule:
            relevant.update(item.key for item in items if _matches(item, rule))
        out.append({"id": qid, "kind": kind, "query": query, "relevant": sorted(relevant)})
    return out


def write(path: Path = DATA) -> int:
    rows = judge(corpus())
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def load(path: Path = DATA) -> list[Judgement]:
    with path.open(encoding="utf-8") as lines:
        return [
            Judgement(row["id"], row["kind"], row["query"], frozenset(row["relevant"]))
            for row in map(json.loads, lines)
            if row
        ]


@dataclass(frozen=True)
class Score:
    queries: int
    mrr: float
    recall: float  # recall@CUTOFF: relevant found in the first CUTOFF / min(CUTOFF, relevant)
    per_kind: dict[str, tuple[int, float, float]]
    misses: list[tuple[str, str, int | None]]  # (id, query, rank of first relevant or None)


def evaluate(judgements: list[Judgement], run: Callable[[str], list[str]]) -> Score:
    """`run(query)` → the keys found, best first (at least CUTOFF of them when there are)."""
    rows = []
    for j in judgements:
        found = run(j.query)
        rank = next((i for i, key in enumerate(found, 1) if key in j.relevant), None)
        top = set(found[:CUTOFF]) & j.relevant
        recall = len(top) / min(CUTOFF, len(j.relevant))
        rows.append((j, 1 / rank if rank else 0.0, recall, rank))
    per_kind: dict[str, tuple[int, float, float]] = {}
    for kind in dict.fromkeys(j.kind for j in judgements):
        of = [r for r in rows if r[0].kind == kind]
        per_kind[kind] = (
            len(of),
            sum(r[1] for r in of) / len(of),
            sum(r[2] for r in of) / len(of),
        )
    n = len(rows)
    return Score(
        n,
        sum(r[1] for r in rows) / n,
        sum(r[2] for r in rows) / n,
        per_kind,
        [(r[0].id, r[0].query, r[3]) for r in rows if r[3] != 1],
    )

"""Yearly assessment (考核, Art. 51–53: the supervising office assesses the agencies and
publishes the results). Pure: no Django.

The supervising office defines each year's **scheme**: criteria rows, each reading one
indicator (indicators.py) for a weight (分值) by one rule from a small fixed set:

- `rate` (按比率得分): weight × the rate (on-time replies, interpretations, message replies);
  a unit with no case in the figure gets the full weight (nothing it could have failed);
- `bands` (按比率分档): the rate falls into threshold bands, e.g. "95:100,80:60" = a rate of 95%
  or more earns 100% of the weight, 80% or more earns 60%, below the last band nothing; no case
  earns the full weight, as for `rate`;
- `deduction` (按件扣分): weight − `per_case` × the number of cases (late items, corrected
  appeals), not below zero.

A rate indicator takes `rate` or `bands`, a count indicator takes `deduction`. The weights sum
to 100.

A **veto** (单项否决, 国办秘函〔2019〕19号: a valid message unanswered over three months at year
end): the scheme may make the grade 不合格 whatever the score (`veto_fails`) and/or deduct
`veto_per_case` points per such message from the total, not below zero. Reading: where the law
is silent on the scheme, the office decides; the default is today's practice (veto fails, no
deduction). Grades: 90 and above 优秀, 80 良好, 60 合格, below 不合格. Scores are Decimals with
one decimal, half up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gongkai.supervision.indicators import Indicators

RULES: dict[str, str] = {
    "rate": "按比率得分",
    "bands": "按比率分档",
    "deduction": "按件扣分",
}

# What each indicator reads: (part, whole) for a rate, (cases, 0) for a count.
READS: dict[str, Callable[[Indicators], tuple[int, int]]] = {
    "applications_on_time": lambda i: (
        i.applications.on_time,
        i.applications.on_time_denominator,
    ),
    "policies_interpreted": lambda i: (
        i.catalogue.policies_with_interpretation,
        i.catalogue.policies,
    ),
    "messages_replied": lambda i: (i.messages.valid_replied, i.messages.valid),
    "catalogue_late": lambda i: (i.catalogue.late, 0),
    "appeals_corrected": lambda i: (i.appeals.corrected, 0),
}

# indicator key -> (Chinese name, kind: "rate" | "count")
INDICATORS: dict[str, tuple[str, str]] = {
    "applications_on_time": ("依申请公开按时答复率", "rate"),
    "catalogue_late": ("主动公开超期发布条数", "count"),
    "policies_interpreted": ("政策文件解读率", "rate"),
    "messages_replied": ("留言答复率", "rate"),
    "appeals_corrected": ("复议诉讼被纠错件数", "count"),
}
RULES_FOR_KIND = {"rate": ("rate", "bands"), "count": ("deduction",)}
MAX_CRITERIA = 10


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    points: Decimal
    rule: str  # rate | bands | deduction
    per_case: Decimal = Decimal(0)
    # (rate floor in %, share of the weight in %), highest floor first
    bands: tuple[tuple[Decimal, Decimal], ...] = ()


@dataclass(frozen=True)
class Scheme:
    criteria: tuple[Criterion, ...]
    veto_fails: bool = True
    veto_per_case: Decimal = Decimal(0)


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("applications_on_time", "依申请公开按时答复率", Decimal(30), "rate"),
    Criterion(
        "catalogue_late",
        "主动公开及时性（超期发布每条扣1分）",
        Decimal(25),
        "deduction",
        Decimal(1),
    ),
    Criterion("policies_interpreted", "政策文件解读率", Decimal(15), "rate"),
    Criterion("messages_replied", "留言答复率", Decimal(20), "rate"),
    Criterion(
        "appeals_corrected", "复议诉讼被纠错（每件扣2分）", Decimal(10), "deduction", Decimal(2)
    ),
)
DEFAULT_SCHEME = Scheme(DEFAULT_CRITERIA)

GRADES = ((Decimal(90), "优秀"), (Decimal(80), "良好"), (Decimal(60), "合格"))
FAIL = "不合格"


@dataclass(frozen=True)
class Line:
    label: str
    points: Decimal  # scored
    maximum: Decimal
    basis: str  # how it was scored, in Chinese


@dataclass(frozen=True)
class Score:
    lines: tuple[Line, ...]
    vetoes: tuple[str, ...]
    veto_fails: bool = True
    deducted: Decimal = Decimal(0)  # veto deductions

    @property
    def total(self) -> Decimal:
        subtotal = sum((line.points for line in self.lines), Decimal(0))
        return _one(max(Decimal(0), subtotal - self.deducted))

    @property
    def grade(self) -> str:
        if self.vetoes and self.veto_fails:
            return FAIL
        for floor, grade in GRADES:
            if self.total >= floor:
                return grade
        return FAIL


def _one(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _band_share(rate_percent: Decimal, bands: tuple[tuple[Decimal, Decimal], ...]) -> Decimal:
    for floor, share in bands:
        if rate_percent >= floor:
            return share
    return Decimal(0)


def score(indicators: Indicators, scheme: Scheme = DEFAULT_SCHEME) -> Score:
    lines = []
    for criterion in scheme.criteria:
        part, whole = READS[criterion.key](indicators)
        if criterion.rule in ("rate", "bands"):
            if not whole:
                points, basis = criterion.points, "无此类事项，得满分"
            elif criterion.rule == "rate":
                points = criterion.points * Decimal(part) / Decimal(whole)
                basis = f"{part}/{whole}"
            else:
                rate = Decimal(part) * 100 / Decimal(whole)
                share = _band_share(rate, criterion.bands)
                points = criterion.points * share / 100
                basis = f"{part}/{whole}（{_one(rate)}%），得该项 {_plain(share)}%"
        else:
            points = max(Decimal(0), criterion.points - criterion.per_case * part)
            basis = f"{part} 件，每件扣 {_plain(criterion.per_case)} 分"
        lines.append(Line(criterion.label, _one(points), criterion.points, basis))
    vetoes = []
    deducted = Decimal(0)
    unanswered = indicators.messages.unanswered_over_3_months
    if unanswered:
        consequence = []
        if scheme.veto_fails:
            consequence.append("单项否决")
        if scheme.veto_per_case:
            deducted = scheme.veto_per_case * unanswered
            consequence.append(f"扣 {_plain(deducted)} 分")
        vetoes.append(
            f"年末有 {unanswered} 条有效留言超过三个月未答复"
            + (f"（{'，'.join(consequence)}）" if consequence else "")
        )
    return Score(tuple(lines), tuple(vetoes), scheme.veto_fails, deducted)


def _plain(value: Decimal) -> str:
    """1.50 -> '1.5', 2.0 -> '2'."""
    text = format(value.normalize(), "f")
    return text


# -- editing a scheme ------------------------------------------------------------------------


class SchemeError(ValueError):
    """The scheme as entered is refused; `messages` are for people, in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite():
        return None
    return value


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_bands(text: str) -> tuple[tuple[Decimal, Decimal], ...] | str:
    """'95:100,80:60' -> ((95, 100), (80, 60)), or a Chinese message."""
    bands: list[tuple[Decimal, Decimal]] = []
    pieces = [p for p in text.replace("，", ",").replace("：", ":").split(",") if p.strip()]
    if not pieces:
        return "请填写分档，例如“95:100,80:60”"
    if len(pieces) > 5:
        return "分档最多 5 档"
    for piece in pieces:
        floor_text, colon, share_text = piece.partition(":")
        floor, share = _decimal(floor_text), _decimal(share_text)
        if not colon or floor is None or share is None:
            return f"分档“{piece.strip()}”格式不对，应为“比率下限:得分比例”，例如“95:100”"
        if not (Decimal(0) <= floor <= 100 and Decimal(0) <= share <= 100):
            return f"分档“{piece.strip()}”的比率下限和得分比例都应在 0 到 100 之间"
        if bands and not (floor < bands[-1][0] and share <= bands[-1][1]):
            return "分档应按比率下限从高到低排列，得分比例不得随比率降低而升高"
        bands.append((floor, share))
    return tuple(bands)


def bands_text(bands: Sequence[tuple[Decimal, Decimal]]) -> str:
    return ",".join(f"{_plain(floor)}:{_plain(share)}" for floor, share in bands)


def parse_scheme(
    rows: Sequence[Mapping[str, str]], *, veto_fails: bool, veto_per_case: str
) -> Scheme:
    """Build a scheme from the edit page's rows (key, label, points, rule, per_case, bands as
    typed). A row with no indicator chosen is skipped. Raises SchemeError listing every
    problem; the weights must sum to 100."""
    errors: list[str] = []
    criteria: list[Criterion] = []
    seen: set[str] = set()
    points_ok = True
    for number, row in enumerate(rows, start=1):
        key = row.get("key", "").strip()
        if not key:
            continue
        where = f"第 {number} 行"
        if key not in INDICATORS:
            errors.append(f"{where}：请选择考核指标")
            continue
        if key in seen:
            errors.append(f"{where}：指标“{INDICATORS[key][0]}”重复")
            continue
        seen.add(key)
        label = row.get("label", "").strip() or INDICATORS[key][0]
        if len(label) > 60:
            errors.append(f"{where}：考核项名称不超过 60 个字")
        points = _decimal(row.get("points", ""))
        if points is None or not Decimal(0) < points <= 100 or _places(points) > 1:
            errors.append(f"{where}：分值应为大于 0、不超过 100 的数，最多一位小数")
            points, points_ok = Decimal(0), False
        rule = row.get("rule", "").strip()
        kind = INDICATORS[key][1]
        per_case = Decimal(0)
        bands: tuple[tuple[Decimal, Decimal], ...] = ()
        if rule not in RULES_FOR_KIND[kind]:
            allowed = "、".join(RULES[r] for r in RULES_FOR_KIND[kind])
            errors.append(f"{where}：指标“{INDICATORS[key][0]}”的计分方法只能是{allowed}")
        elif rule == "deduction":
            value = _decimal(row.get("per_case", ""))
            if value is None or not Decimal(0) < value <= 100 or _places(value) > 1:
                errors.append(f"{where}：每件扣分应为大于 0、不超过 100 的数，最多一位小数")
            else:
                per_case = value
        elif rule == "bands":
            parsed = parse_bands(row.get("bands", ""))
            if isinstance(parsed, str):
                errors.append(f"{where}：{parsed}")
            else:
                bands = parsed
        criteria.append(Criterion(key, label, points, rule, per_case, bands))
    if not criteria and not errors:
        errors.append("考核方案至少要有一个考核项")
    veto = _decimal(veto_per_case or "0")
    if veto is None or not Decimal(0) <= veto <= 100 or _places(veto) > 1:
        errors.append("单项否决每条扣分应为 0 到 100 之间的数，最多一位小数")
        veto = Decimal(0)
    total = sum((c.points for c in criteria), Decimal(0))
    if criteria and points_ok and total != 100:
        errors.append(f"各考核项分值合计应为 100 分，现为 {_plain(total)} 分")
    if errors:
        raise SchemeError(errors)
    return Scheme(tuple(criteria), veto_fails, veto)


# -- JSON (stored scheme, published results) -------------------------------------------------


def scheme_as_json(scheme: Scheme = DEFAULT_SCHEME) -> list[dict[str, str]]:
    return [
        {
            "key": c.key,
            "label": c.label,
            "points": str(c.points),
            "rule": c.rule,
            "per_case": str(c.per_case),
            "bands": bands_text(c.bands),
        }
        for c in scheme.criteria
    ]


def scheme_from_json(
    criteria: Sequence[Mapping[str, str]], *, veto_fails: bool = True, veto_per_case: str = "0"
) -> Scheme:
    """A stored scheme (already validated when saved)."""
    return Scheme(
        tuple(
            Criterion(
                c["key"],
                c["label"],
                Decimal(c["points"]),
                c["rule"],
                Decimal(c.get("per_case") or "0"),
                _stored_bands(c.get("bands", "")),
            )
            for c in criteria
        ),
        veto_fails,
        Decimal(veto_per_case or "0"),
    )


def _stored_bands(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    if not text:
        return ()
    parsed = parse_bands(text)
    return () if isinstance(parsed, str) else parsed


def rule_text(c: Mapping[str, str]) -> str:
    """How a stored criterion scores, in Chinese, for the scheme's description."""
    if c["rule"] == "rate":
        return "按比率得分（无此类事项得满分）"
    if c["rule"] == "bands":
        parts = [
            f"达到 {floor}% 得 {share}%"
            for floor, share in (p.split(":") for p in c.get("bands", "").split(",") if p)
        ]
        return "按比率分档：" + "，".join(parts) + "，低于最低档不得分（无此类事项得满分）"
    return f"每件扣 {_plain(Decimal(c.get('per_case') or '0'))} 分，扣完为止"


def score_as_json(result: Score) -> dict[str, object]:
    return {
        "total": str(result.total),
        "grade": result.grade,
        "vetoes": list(result.vetoes),
        "lines": [
            {
                "label": line.label,
                "points": str(line.points),
                "maximum": str(line.maximum),
                "basis": line.basis,
            }
            for line in result.lines
        ],
    }


def report_sentence(results: Sequence[Mapping[str, object]], published_on: date_type) -> str:
    """The government annual report's sentence on the year's assessment (section 六, 政务公开
    工作考核结果情况), from the published results: how many agencies, how many of each grade,
    the best score, and when the results were published."""
    if not results:
        return ""
    counts = {grade: 0 for _floor, grade in GRADES} | {FAIL: 0}
    for row in results:
        counts[str(row["grade"])] += 1
    grades = "、".join(f"{grade}{n}个" for grade, n in counts.items() if n)
    text = f"本年度对{len(results)}个机关开展政务公开工作考核，其中{grades}"
    passed = [row for row in results if row["grade"] != FAIL]  # a vetoed unit is not "best"
    if passed:
        best = max(passed, key=lambda row: Decimal(str(row["total"])))
        text += f"；{best['name']}得分最高（{best['total']}分）"
    return (
        text
        + f"。考核结果已于{published_on.year}年{published_on.month}月{published_on.day}日公布。"
    )

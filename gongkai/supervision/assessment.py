"""Yearly assessment (考核, Art. 51–53: the supervising office assesses the agencies and
publishes the results). Pure: no Django.

A scheme is a list of criteria, each worth some points and scored from one year's indicators
(indicators.py) by one rule:

- `rate`: points × the rate (on-time replies, interpretations, message replies); a unit with
  no case in the figure gets the full points (nothing it could have failed);
- `deduction`: points − `per_case` × the number of cases (late items, corrected appeals), not
  below zero.

A **veto** (单项否决, 国办秘函〔2019〕19号: a valid message unanswered over three months) makes the
grade 不合格 whatever the score. Grades: 90 and above 优秀, 80 良好, 60 合格, below 不合格.
Scores are Decimals with one decimal, half up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gongkai.supervision.indicators import Indicators


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    points: Decimal
    rule: str  # rate | deduction
    per_case: Decimal = Decimal(0)


# What each criterion reads: (part, whole) for a rate, the cases for a deduction.
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

DEFAULT_SCHEME: tuple[Criterion, ...] = (
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

    @property
    def total(self) -> Decimal:
        return _one(sum((line.points for line in self.lines), Decimal(0)))

    @property
    def grade(self) -> str:
        if self.vetoes:
            return FAIL
        for floor, grade in GRADES:
            if self.total >= floor:
                return grade
        return FAIL


def _one(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def score(indicators: Indicators, scheme: tuple[Criterion, ...] = DEFAULT_SCHEME) -> Score:
    lines = []
    for criterion in scheme:
        part, whole = READS[criterion.key](indicators)
        if criterion.rule == "rate":
            if whole:
                points = _one(criterion.points * Decimal(part) / Decimal(whole))
                basis = f"{part}/{whole}"
            else:
                points, basis = criterion.points, "无此类事项，得满分"
        else:
            points = max(Decimal(0), criterion.points - criterion.per_case * part)
            basis = f"{part} 件，每件扣 {criterion.per_case} 分"
        lines.append(Line(criterion.label, _one(points), criterion.points, basis))
    vetoes = []
    if indicators.messages.unanswered_over_3_months:
        vetoes.append(
            f"年末有 {indicators.messages.unanswered_over_3_months} 条有效留言超过三个月未答复"
            "（单项否决）"
        )
    return Score(tuple(lines), tuple(vetoes))


def scheme_as_json(scheme: tuple[Criterion, ...] = DEFAULT_SCHEME) -> list[dict[str, str]]:
    return [
        {
            "key": c.key,
            "label": c.label,
            "points": str(c.points),
            "rule": c.rule,
            "per_case": str(c.per_case),
        }
        for c in scheme
    ]


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

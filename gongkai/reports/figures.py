"""The annual report's figures, computed from records (docs/law.md §5). Pure: no Django.

Readings, each documented so every figure can be explained to an auditor:
- table 三, which year a case counts in: `new` = received in the year; `carried_in` = received
  before Jan 1 and not replied before Jan 1; an outcome row = replied (closed) in the year;
  `carried_out` = received by Dec 31 and not replied by Dec 31;
- table 四: an appeal counts in the year it was filed, with its current result (none yet =
  尚未审结);
- table 二, 规章 and 行政规范性文件: `issued` = written (成文) in the year; `repealed` = repealed
  in the year (the date the validity changed); `in_force` = written by Dec 31 and not
  repealed by Dec 31 (an amended document stays in force in its amended form).
The checks of docs/law.md §5 are computed and reported, never silently corrected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)
APPLICANT_COLUMNS = COLUMNS[:-1]
OUTCOME_ROWS = (
    "granted",
    "partial",
    *(f"refused_{n}" for n in range(1, 9)),
    *(f"unable_{n}" for n in range(1, 4)),
    *(f"not_processed_{n}" for n in range(1, 6)),
    *(f"other_{n}" for n in range(1, 4)),
)
ROWS = ("new", "carried_in", *OUTCOME_ROWS, "total_handled", "carried_out")
APPEAL_RESULTS = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True)
class CaseFacts:
    number: str
    applicant_type: str
    received_on: date
    closed_on: date | None
    outcome: str | None


@dataclass(frozen=True)
class AppealFacts:
    kind: str  # reconsideration | litigation
    litigation_kind: str  # "" | direct | after_reconsideration
    filed_on: date
    result: str  # upheld | corrected | other | pending


@dataclass(frozen=True)
class DocumentFacts:
    genre: str  # rule | normative_document
    written_on: date
    validity: str  # in_force | amended | repealed
    validity_changed_on: date | None


@dataclass
class Report:
    year: int
    applications: dict[str, dict[str, int]]
    appeals: dict[str, dict[str, int]]
    documents: dict[str, dict[str, int]]
    checks: list[str] = field(default_factory=list)  # problems; empty when every check holds
    traces: dict[str, list[str]] = field(default_factory=dict)  # row -> case numbers

    @property
    def ok(self) -> bool:
        return not self.checks


def _empty_table() -> dict[str, dict[str, int]]:
    return {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}


def applications_table(
    cases: Iterable[CaseFacts],
    year: int,
    problems: list[str] | None = None,
    traces: dict[str, list[str]] | None = None,
) -> dict[str, dict[str, int]]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    table = _empty_table()
    problems = problems if problems is not None else []

    def count(row: str, case: CaseFacts) -> None:
        table[row][case.applicant_type] += 1
        if traces is not None:
            traces.setdefault(row, []).append(case.number)

    for case in cases:
        if case.applicant_type not in APPLICANT_COLUMNS:
            problems.append(f"申请 {case.number} 的申请人类型无效：{case.applicant_type}")
            continue
        if case.closed_on is not None and case.closed_on < case.received_on:
            problems.append(f"申请 {case.number} 的答复日期早于收到日期")
            continue
        if case.received_on > last:
            continue
        open_on_jan_1 = case.closed_on is None or case.closed_on >= first
        if not open_on_jan_1:
            continue
        if case.received_on >= first:
            count("new", case)
        else:
            count("carried_in", case)
        if case.closed_on is not None and case.closed_on <= last:
            if case.outcome not in OUTCOME_ROWS:
                problems.append(f"申请 {case.number} 已答复但办理结果无效：{case.outcome}")
                continue
            count(case.outcome, case)
        else:
            count("carried_out", case)
    for column in APPLICANT_COLUMNS:
        table["total_handled"][column] = sum(table[row][column] for row in OUTCOME_ROWS)
    for row in ROWS:
        table[row]["total"] = sum(table[row][column] for column in APPLICANT_COLUMNS)
    return table


def appeals_table(appeals: Iterable[AppealFacts], year: int) -> dict[str, dict[str, int]]:
    groups = {
        name: dict.fromkeys(APPEAL_RESULTS, 0)
        for name in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    }
    for appeal in appeals:
        if appeal.filed_on.year != year:
            continue
        if appeal.kind == "reconsideration":
            group = "reconsideration"
        elif appeal.litigation_kind == "after_reconsideration":
            group = "litigation_after_reconsideration"
        else:
            group = "litigation_direct"
        result = appeal.result if appeal.result in APPEAL_RESULTS[:4] else "pending"
        groups[group][result] += 1
        groups[group]["total"] += 1
    return groups


def documents_table(documents: Iterable[DocumentFacts], year: int) -> dict[str, dict[str, int]]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    table = {
        genre: {"issued": 0, "repealed": 0, "in_force": 0}
        for genre in ("rules", "normative_documents")
    }
    for document in documents:
        key = "rules" if document.genre == "rule" else "normative_documents"
        if first <= document.written_on <= last:
            table[key]["issued"] += 1
        repealed_on = document.validity_changed_on if document.validity == "repealed" else None
        if repealed_on is not None and first <= repealed_on <= last:
            table[key]["repealed"] += 1
        if document.written_on <= last and (repealed_on is None or repealed_on > last):
            table[key]["in_force"] += 1
    return table


def check_applications(
    table: dict[str, dict[str, int]], previous: dict[str, dict[str, int]] | None
) -> list[str]:
    """docs/law.md §5: 一 + 二 = （七） + 四 in every column; 总计 = the six columns' sum; last
    year's 四 = this year's 二."""
    problems = []
    for column in COLUMNS:
        left = table["new"][column] + table["carried_in"][column]
        right = table["total_handled"][column] + table["carried_out"][column]
        if left != right:
            problems.append(
                f"“{column}”列：本年新收 + 上年结转 = {left}，"
                f"办理结果总计 + 结转下年度 = {right}，二者不等"
            )
    for row in ROWS:
        total = sum(table[row][column] for column in APPLICANT_COLUMNS)
        if table[row]["total"] != total:
            problems.append(f"“{row}”行：总计 {table[row]['total']} ≠ 各类申请人之和 {total}")
    if previous is not None:
        for column in COLUMNS:
            if previous["carried_out"][column] != table["carried_in"][column]:
                problems.append(
                    f"“{column}”列：上年度“结转下年度继续办理” {previous['carried_out'][column]} "
                    f"≠ 本年度“上年结转政府信息公开申请数量” {table['carried_in'][column]}"
                )
    return problems


def build(
    year: int,
    cases: list[CaseFacts],
    appeals: list[AppealFacts],
    documents: list[DocumentFacts],
    *,
    trace: bool = False,
) -> Report:
    problems: list[str] = []
    traces: dict[str, list[str]] | None = {} if trace else None
    table = applications_table(cases, year, problems, traces)
    previous = applications_table(cases, year - 1)
    problems.extend(check_applications(table, previous))
    return Report(
        year=year,
        applications=table,
        appeals=appeals_table(appeals, year),
        documents=documents_table(documents, year),
        checks=problems,
        traces=traces or {},
    )


def roll_up(reports: list[Report], year: int) -> Report:
    """The government's report: its agencies' figures added cell by cell."""
    applications = _empty_table()
    appeals = {
        name: dict.fromkeys(APPEAL_RESULTS, 0)
        for name in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    }
    documents = {
        genre: {"issued": 0, "repealed": 0, "in_force": 0}
        for genre in ("rules", "normative_documents")
    }
    checks: list[str] = []
    for report in reports:
        for row in ROWS:
            for column in COLUMNS:
                applications[row][column] += report.applications[row][column]
        for group, results in report.appeals.items():
            for result, n in results.items():
                appeals[group][result] += n
        for genre, figures in report.documents.items():
            for name, n in figures.items():
                documents[genre][name] += n
        checks.extend(report.checks)
    checks.extend(check_applications(applications, None))
    return Report(
        year=year, applications=applications, appeals=appeals, documents=documents, checks=checks
    )


def wan_yuan(yuan: Decimal) -> str:
    """Fee income as the table writes it: 万元, four decimal places."""
    return f"{(yuan / Decimal(10000)).quantize(Decimal('0.0001'))}"


# -- reports of the 2007 regulation (years up to 2018) ----------------------------------------

OLD_CATEGORIES = (
    "同意公开",
    "同意部分公开",
    "不予公开",
    "信息不存在",
    "非本机关政府信息",
    "申请内容不明确",
    "其他",
)
OLD_CHANNELS = {
    "in_person": "当面",
    "online": "网络",
    "letter": "信函",
    "fax": "传真",
    "email": "电子邮件",
}


@dataclass(frozen=True)
class OldCaseFacts:
    number: str
    channel: str
    received_on: date
    closed_on: date | None
    outcome: str | None
    names_other_agency: bool = False


def old_category(outcome: str, names_other_agency: bool) -> str:
    """How a 2021 outcome reads in the 2007 regulation's categories."""
    if outcome == "granted":
        return "同意公开"
    if outcome == "partial":
        return "同意部分公开"
    if outcome.startswith("refused_"):
        return "不予公开"
    if outcome == "unable_1":
        return "非本机关政府信息" if names_other_agency else "信息不存在"
    if outcome in ("unable_3", "other_1"):
        return "申请内容不明确"
    return "其他"


def applications_2008(cases: Iterable[OldCaseFacts], year: int) -> dict[str, dict[str, int]]:
    """Counts received by channel, and replies by the 2007 categories, for `year`."""
    received = dict.fromkeys(OLD_CHANNELS.values(), 0)
    replied = dict.fromkeys(OLD_CATEGORIES, 0)
    for case in cases:
        if case.received_on.year == year:
            received[OLD_CHANNELS.get(case.channel, "网络")] += 1
        if case.closed_on is not None and case.closed_on.year == year and case.outcome:
            replied[old_category(case.outcome, case.names_other_agency)] += 1
    received["合计"] = sum(received.values())
    replied["合计"] = sum(replied.values())
    return {"received_by_channel": received, "replies": replied}

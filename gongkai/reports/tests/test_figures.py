"""Annual-report figures on constructed data (docs/law.md §5), row by row, with the reading that
decides each case."""

from datetime import date

import pytest

from gongkai.reports.figures import (
    AppealFacts,
    CaseFacts,
    DocumentFacts,
    OldCaseFacts,
    appeals_table,
    applications_2008,
    applications_table,
    build,
    check_applications,
    documents_table,
    roll_up,
    wan_yuan,
)

D = date.fromisoformat


def case(number, received, closed=None, outcome=None, kind="natural_person"):
    return CaseFacts(number, kind, D(received), D(closed) if closed else None, outcome)


# (case, where it counts in the 2025 report: [(row, column)])
YEAR_BOUNDARY_CASES = [
    (
        case("A", "2025-03-02", "2025-03-20", "granted"),
        [("new", "natural_person"), ("granted", "natural_person")],
    ),
    (
        case("B", "2024-12-20", "2025-01-10", "partial", "commercial"),
        [("carried_in", "commercial"), ("partial", "commercial")],
    ),
    (case("C", "2024-12-20", "2024-12-31", "granted"), []),  # replied before Jan 1
    (
        case("D", "2025-12-15", None, None, "research"),
        [("new", "research"), ("carried_out", "research")],
    ),
    (
        case("E", "2025-12-15", "2026-01-05", "refused_4", "legal_services"),
        [("new", "legal_services"), ("carried_out", "legal_services")],
    ),  # replied next year
    (
        case("F", "2024-11-02", None, None, "public_interest"),
        [("carried_in", "public_interest"), ("carried_out", "public_interest")],
    ),
    (case("G", "2026-01-02", None, None), []),  # received after the year
    (
        case("H", "2025-01-01", "2025-01-01", "not_processed_2", "other_org"),
        [("new", "other_org"), ("not_processed_2", "other_org")],
    ),
    (
        case("I", "2025-12-31", "2025-12-31", "other_1"),
        [("new", "natural_person"), ("other_1", "natural_person")],
    ),
    (
        case("J", "2023-06-01", "2025-01-01", "unable_1"),
        [("carried_in", "natural_person"), ("unable_1", "natural_person")],
    ),
]


@pytest.mark.parametrize(
    ("fact", "cells"), YEAR_BOUNDARY_CASES, ids=[c[0].number for c in YEAR_BOUNDARY_CASES]
)
def test_which_year_and_row_a_case_counts_in(fact, cells):
    table = applications_table([fact], 2025)
    counted = sorted(
        (row, column)
        for row, columns in table.items()
        for column, n in columns.items()
        if n and column != "total" and row != "total_handled"
    )
    assert counted == sorted(cells)


def test_every_applicant_type_and_outcome_has_its_cell():
    kinds = [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
    ]
    outcomes = [
        "granted",
        "partial",
        *[f"refused_{n}" for n in range(1, 9)],
        *[f"unable_{n}" for n in range(1, 4)],
        *[f"not_processed_{n}" for n in range(1, 6)],
        *[f"other_{n}" for n in range(1, 4)],
    ]
    cases = [case(f"{k}-{o}", "2025-05-06", "2025-05-20", o, k) for k in kinds for o in outcomes]
    table = applications_table(cases, 2025)
    assert (
        table["new"]["total"],
        table["total_handled"]["total"],
        {table[o]["total"] for o in outcomes},
        {table["new"][k] for k in kinds},
    ) == (126, 126, {6}, {21})


def test_the_invariant_holds_in_every_column():
    cases = [fact for fact, _ in YEAR_BOUNDARY_CASES]
    table = applications_table(cases, 2025)
    assert check_applications(table, applications_table(cases, 2024)) == []


def test_totals_sum_the_six_applicant_columns():
    table = applications_table([fact for fact, _ in YEAR_BOUNDARY_CASES], 2025)
    assert (
        table["new"]["total"],
        table["carried_in"]["total"],
        table["carried_out"]["total"],
        table["total_handled"]["total"],
    ) == (5, 3, 3, 5)


def test_a_broken_table_names_the_failing_check():
    table = applications_table([case("A", "2025-03-02", "2025-03-20", "granted")], 2025)
    table["granted"]["natural_person"] = 0
    table["total_handled"]["natural_person"] = 0
    assert check_applications(table, None) == [
        "“natural_person”列：本年新收 + 上年结转 = 1，办理结果总计 + 结转下年度 = 0，二者不等",
        "“granted”行：总计 1 ≠ 各类申请人之和 0",
        "“total_handled”行：总计 1 ≠ 各类申请人之和 0",
    ]


def test_a_closed_case_without_a_valid_outcome_is_reported_not_hidden():
    report = build(2025, [case("X", "2025-03-02", "2025-03-20", None)], [], [])
    assert report.checks == [
        "申请 X 已答复但办理结果无效：None",
        "“natural_person”列：本年新收 + 上年结转 = 1，办理结果总计 + 结转下年度 = 0，二者不等",
        "“total”列：本年新收 + 上年结转 = 1，办理结果总计 + 结转下年度 = 0，二者不等",
    ]


def test_last_years_carried_out_is_this_years_carried_in():
    cases = [fact for fact, _ in YEAR_BOUNDARY_CASES]
    this, last = applications_table(cases, 2025), applications_table(cases, 2024)
    assert this["carried_in"] == last["carried_out"]


def test_traces_name_the_cases_behind_each_figure():
    report = build(2025, [fact for fact, _ in YEAR_BOUNDARY_CASES], [], [], trace=True)
    assert (sorted(report.traces["carried_in"]), sorted(report.traces["carried_out"])) == (
        ["B", "F", "J"],
        ["D", "E", "F"],
    )


# -- appeals (table 四) -------------------------------------------------------------------------


def test_appeals_count_in_their_filing_year_with_their_current_result():
    appeals = [
        AppealFacts("reconsideration", "", D("2025-02-01"), "upheld"),
        AppealFacts("reconsideration", "", D("2025-11-20"), "pending"),
        AppealFacts("reconsideration", "", D("2024-12-30"), "corrected"),  # filed last year
        AppealFacts("litigation", "direct", D("2025-06-01"), "corrected"),
        AppealFacts("litigation", "after_reconsideration", D("2025-07-01"), "other"),
    ]
    assert appeals_table(appeals, 2025) == {
        "reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2},
        "litigation_direct": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
        "litigation_after_reconsideration": {
            "upheld": 0,
            "corrected": 0,
            "other": 1,
            "pending": 0,
            "total": 1,
        },
    }


# -- documents (table 二) -----------------------------------------------------------------------


def test_rules_and_normative_documents_issued_repealed_and_in_force():
    documents = [
        DocumentFacts("normative_document", D("2025-03-01"), "in_force", None),  # issued
        DocumentFacts("normative_document", D("2023-03-01"), "repealed", D("2025-08-01")),
        DocumentFacts("normative_document", D("2022-03-01"), "amended", D("2024-05-01")),
        DocumentFacts("normative_document", D("2021-03-01"), "repealed", D("2026-02-01")),
        DocumentFacts("normative_document", D("2020-03-01"), "repealed", D("2024-02-01")),
        DocumentFacts("rule", D("2025-12-31"), "in_force", None),
        DocumentFacts("rule", D("2026-01-02"), "in_force", None),  # next year's
    ]
    assert documents_table(documents, 2025) == {
        "rules": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 1, "repealed": 1, "in_force": 3},
    }


# -- the roll-up ---------------------------------------------------------------------------------


def test_the_government_report_is_the_sum_of_its_agencies():
    first = build(
        2025,
        [fact for fact, _ in YEAR_BOUNDARY_CASES[:5]],
        [AppealFacts("reconsideration", "", D("2025-02-01"), "upheld")],
        [],
    )
    second = build(
        2025,
        [fact for fact, _ in YEAR_BOUNDARY_CASES[5:]],
        [AppealFacts("litigation", "direct", D("2025-06-01"), "corrected")],
        [],
    )
    whole = roll_up([first, second], 2025)
    direct = build(
        2025,
        [fact for fact, _ in YEAR_BOUNDARY_CASES],
        [
            AppealFacts("reconsideration", "", D("2025-02-01"), "upheld"),
            AppealFacts("litigation", "direct", D("2025-06-01"), "corrected"),
        ],
        [],
    )
    assert (whole.applications, whole.appeals, whole.checks) == (
        direct.applications,
        direct.appeals,
        [],
    )


def test_fee_income_in_wan_yuan():
    from decimal import Decimal

    assert (wan_yuan(Decimal("4700")), wan_yuan(Decimal("123456.78"))) == ("0.4700", "12.3457")


# -- the 2007 regulation's format ----------------------------------------------------------------


def test_earlier_years_use_the_2007_categories_and_channels():
    cases = [
        OldCaseFacts("1", "in_person", D("2015-03-02"), D("2015-03-10"), "granted"),
        OldCaseFacts("2", "online", D("2015-04-02"), D("2015-04-20"), "unable_1", True),
        OldCaseFacts("3", "online", D("2015-05-02"), D("2015-05-20"), "unable_1", False),
        OldCaseFacts("4", "letter", D("2015-06-02"), D("2015-06-20"), "refused_6"),
        OldCaseFacts("5", "fax", D("2015-07-02"), D("2015-07-20"), "unable_3"),
        OldCaseFacts("6", "email", D("2015-08-02"), D("2015-08-20"), "partial"),
    ]
    figures = applications_2008(cases, 2015)
    assert figures == {
        "received_by_channel": {
            "当面": 1,
            "网络": 2,
            "信函": 1,
            "传真": 1,
            "电子邮件": 1,
            "合计": 6,
        },
        "replies": {
            "同意公开": 1,
            "同意部分公开": 1,
            "不予公开": 1,
            "信息不存在": 1,
            "非本机关政府信息": 1,
            "申请内容不明确": 1,
            "其他": 0,
            "合计": 6,
        },
    }

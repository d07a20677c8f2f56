"""The report from the records: the JSON of docs/interfaces.md, the roll-up, the refusals."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.info_requests.services import (
    Applicant,
    appeal_record,
    request_fee_notice,
    request_fee_paid,
    request_register,
    request_reply,
)
from gongkai.reports.figures import COLUMNS, ROWS
from gongkai.reports.models import AnnualReport, OtherSystemFigures
from gongkai.reports.selectors import agency_report, government_report

D = date.fromisoformat


@pytest.fixture
def cases(agency, other_agency):
    """Applications in two agencies across the 2024/2025 boundary."""
    made = []
    for target in (agency, other_agency):
        office = UserFactory()
        role_grant(user=office, role=Role.DISCLOSURE_OFFICE, agency=target)

        def register(received, kind="natural_person", target=target, office=office):
            case, _ = request_register(
                agency=target,
                actor=office,
                channel="online",
                description="某文件",
                applicant=Applicant(type=kind, name="某申请人", phone="13800138000"),
                confirmed_on=D(received),
            )
            return case

        a = register("2024-12-20", "commercial")  # carried in, replied in 2025
        request_reply(request=a, actor=office, outcome="granted", replied_on=D("2025-01-08"))
        b = register("2025-03-03")
        request_reply(request=b, actor=office, outcome="refused_5", replied_on=D("2025-03-20"))
        appeal_record(request=b, actor=office, kind="reconsideration", filed_on=D("2025-04-01"))
        c = register("2025-12-22", "legal_services")  # carried out
        d = register("2025-06-02")
        fee = request_fee_notice(
            request=d, actor=office, method="per_volume", quantity=100, notice_on=D("2025-06-03")
        )
        request_fee_paid(fee=fee, actor=office, paid_on=D("2025-06-10"))
        request_reply(request=d, actor=office, outcome="partial", replied_on=D("2025-06-20"))
        made.extend([a, b, c, d])
    return made


def test_agency_report_has_the_spec_shape_and_figures(agency, cases):
    data = agency_report(agency, 2025)
    apps = data["applications"]
    assert (
        sorted(apps) == sorted(ROWS),
        sorted(apps["new"]) == sorted(COLUMNS),
        apps["new"]["total"],
        apps["carried_in"]["commercial"],
        apps["granted"]["commercial"],
        apps["refused_5"]["natural_person"],
        apps["partial"]["natural_person"],
        apps["carried_out"]["legal_services"],
        apps["total_handled"]["total"],
        data["appeals"]["reconsideration"],
        data["checks"],
    ) == (
        True,
        True,
        3,
        1,
        1,
        1,
        1,
        1,
        3,
        {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
        [],
    )


def test_processing_fees_feed_section_six(agency, cases):
    assert agency_report(agency, 2025)["processing_fees"] == {
        "notices": 1,
        "notified_yuan": "700.00",
        "collected_yuan": "700.00",
    }


def test_other_system_figures_are_shown_with_their_source(agency, cases):
    OtherSystemFigures.objects.create(
        agency=agency,
        year=2025,
        licensing=812,
        penalties=37,
        enforcement=4,
        fee_income_yuan=Decimal("123456.78"),
        source="省政务服务网导出",
    )
    proactive = agency_report(agency, 2025)["proactive"]
    assert (
        proactive["licensing"],
        proactive["penalties"],
        proactive["enforcement"],
        proactive["fees_wan_yuan"],
        proactive["sources"],
    ) == (812, 37, 4, "12.3457", ["示范区住房和城乡建设局：省政务服务网导出"])


def test_the_government_report_is_the_sum_of_its_agencies(agency, other_agency, cases):
    parts = [agency_report(a, 2025) for a in (agency, other_agency)]
    whole = government_report(2025)
    assert (
        all(
            whole["applications"][row][column] == sum(p["applications"][row][column] for p in parts)
            for row in ROWS
            for column in COLUMNS
        )
        and whole["checks"] == []
    )


def test_last_years_published_carry_out_is_checked(agency, cases):
    published = agency_report(agency, 2024)
    published["applications"]["carried_out"]["commercial"] = 0  # as if published wrongly
    AnnualReport.objects.create(
        agency=agency, year=2024, status="published", published_figures=published
    )
    assert agency_report(agency, 2025)["checks"] == [
        "“commercial”列：2024年度报告已发布的“结转下年度继续办理” 0 ≠ 本年度“上年结转” 1",
    ]


def test_report_command_prints_the_json(agency, cases, capsys):
    call_command("report", "annual", "--agency", agency.code, "--year", "2025", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert (
        data["year"],
        data["format"],
        data["agency"]["code"],
        data["applications"]["new"]["total"],
    ) == (2025, "2021", agency.code, 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "NOPE", "--year", "2025"], "机关代码 NOPE 不存在"),
        (["--agency", "114410025", "--year", "20x5"], "年度无效：“20x5”"),
        (
            ["--agency", "114410025", "--year", "1999"],
            "年度无效：1999（政府信息公开年度报告自 2008 年起）",
        ),
        (
            ["--agency", "114410025", "--year", "2025", "--format", "pdf"],
            "pdf 是二进制文件，请用 -o FILE 指定输出文件",
        ),
    ],
)
def test_report_command_refuses_bad_input(agency, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("report", "annual", *args)
    assert str(raised.value) == message

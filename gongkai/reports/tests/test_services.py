"""Writing, checking and publishing an annual report; deadlines and reminders (Art. 49)."""

from datetime import date

import pytest
from django.core import mail

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.reports import services as s
from gongkai.reports.models import AnnualReport, OtherSystemFigures
from gongkai.reports.tasks import report_reminders
from gongkai.workbench.todos import todos_for

D = date.fromisoformat


@pytest.fixture
def office(agency):
    user = UserFactory(username="gongkaiban", email="gk@shifanqu.gov.cn")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    return user


def test_sections_are_sanitised(agency, office):
    report = s.report_save_sections(
        agency=agency,
        year=2025,
        actor=office,
        overview='<p onclick="x()">总体<script>alert(1)</script><strong>情况</strong></p>',
        problems="<img src=x onerror=alert(1)>问题",
        other_matters="<a href='http://x'>链接</a>",
    )
    assert (report.overview, report.problems, report.other_matters) == (
        "<p>总体<strong>情况</strong></p>",
        "问题",
        "链接",
    )


def test_publication_freezes_the_figures(agency, office):
    report = s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    assert (
        report.status,
        report.published_on,
        report.published_figures["year"],
        report.published_figures["applications"]["new"]["total"],
    ) == ("published", D("2026-01-20"), 2025, 0)


def test_a_report_cannot_be_published_before_its_year_ends(agency, office):
    with pytest.raises(s.ReportError, match="2025年度报告应在该年度结束后发布"):
        s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2025-12-31"))


def test_a_published_report_cannot_be_edited(agency, office):
    s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    with pytest.raises(s.ReportError, match="已发布的年度报告不能修改"):
        s.report_save_sections(
            agency=agency, year=2025, actor=office, overview="改", problems="", other_matters=""
        )


def test_another_agencys_office_cannot_write_the_report(agency, other_agency):
    stranger = UserFactory()
    role_grant(user=stranger, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    with pytest.raises(
        s.PermissionDenied, match="只有示范区住房和城乡建设局的政府信息公开工作机构"
    ):
        s.report_save_sections(
            agency=agency, year=2025, actor=stranger, overview="", problems="", other_matters=""
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"licensing": -1}, "行政许可数量应为非负整数"),
        ({"fee_income_yuan": "12.345"}, "收费金额应为非负数，最多两位小数（单位：元）"),
        ({"fee_income_yuan": "abc"}, "收费金额无效：abc"),
        ({"source": " "}, "请注明数据来源（哪个系统、何时导出）"),
    ],
)
def test_other_figures_refuse_bad_input_and_change_nothing(agency, office, changes, message):
    values = {
        "licensing": 3,
        "penalties": 2,
        "enforcement": 1,
        "fee_income_yuan": "100.50",
        "source": "许可系统",
    } | changes
    with pytest.raises(s.ReportError) as raised:
        s.other_figures_save(agency=agency, year=2025, actor=office, **values)
    assert (str(raised.value), OtherSystemFigures.objects.count()) == (message, 0)


@pytest.mark.parametrize(
    ("year", "government", "due", "rule"),
    [
        (2025, False, "2026-01-31", "2019 条例 Art. 49: departments by January 31"),
        (2025, True, "2026-03-31", "2019 条例 Art. 49: governments by March 31"),
        (2019, False, "2020-01-31", "the first year reported under the 2019 regulation"),
        (2018, False, "2019-03-31", "2007 条例 Art. 32: every agency by March 31"),
        (2018, True, "2019-03-31", "2007 条例 Art. 32"),
    ],
)
def test_deadlines_by_the_regulation_in_force(year, government, due, rule):
    del rule
    assert s.deadline_for(year, government=government) == D(due)


def test_deadlines_follow_article_49():
    assert (s.deadline_for(2025, government=False), s.deadline_for(2025, government=True)) == (
        D("2026-01-31"),
        D("2026-03-31"),
    )


def test_reminders_go_to_offices_that_have_not_published(agency, other_agency, office):
    other_office = UserFactory(email="cz@shifanqu.gov.cn")
    role_grant(user=other_office, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    s.report_publish(agency=other_agency, year=2025, actor=None, published_on=D("2026-01-10"))
    sent = report_reminders(D("2026-01-24"))  # 7 days before January 31
    assert (sent, [m.to for m in mail.outbox], mail.outbox[0].subject) == (
        1,
        [["gk@shifanqu.gov.cn"]],
        "请于1月31日前发布2025年度政府信息公开工作年度报告",
    )


def test_no_reminder_on_an_ordinary_day(agency, office):
    assert report_reminders(D("2026-01-20")) == 0


def test_the_office_sees_the_report_as_a_todo_in_january(agency, office):
    todos = todos_for(office, D("2026-01-26"))
    assert [(t.title, t.urgency, t.due_on) for t in todos if "年度报告" in t.title] == [
        ("发布住建局2025年度报告", "red", D("2026-01-31"))
    ]


def test_the_todo_goes_once_published(agency, office):
    AnnualReport.objects.create(agency=agency, year=2025, status="published")
    assert [t for t in todos_for(office, D("2026-01-26")) if "年度报告" in t.title] == []


def test_a_published_report_is_served_as_published_not_recomputed(agency, office):
    from gongkai.info_requests.services import Applicant, request_register

    s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    request_register(
        agency=agency,
        actor=office,
        channel="online",
        description="某文件",
        applicant=Applicant(type="natural_person", name="甲", phone="1"),
        confirmed_on=D("2025-05-06"),
    )  # a late-registered 2025 case
    data = s.report_data(agency=agency, year=2025)
    assert (data["applications"]["new"]["total"], data["published_on"]) == (0, "2026-01-20")

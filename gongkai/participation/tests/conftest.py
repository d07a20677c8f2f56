from datetime import date, timedelta

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.participation import services as s

TODAY = date(2026, 3, 2)  # a Monday; 7 working days later is Wednesday 2026-03-11
DRAFT = (
    "示范区住宅专项维修资金管理办法（征求意见稿）\n"
    "第一章　总则\n"
    "第一条　为加强住宅专项维修资金管理，制定本办法。\n"
    "第二条　本办法适用于本区行政区域内住宅专项维修资金的交存、使用和管理。\n"
    "第二章　使用\n"
    "第三条　住宅专项维修资金应当专项用于住宅共用部位、共用设施设备的维修。\n"
)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Every participation test runs on Monday 2026-03-02 (services, forms and views read
    the day through django.utils.timezone.localdate)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def office(agency):
    user = UserFactory(username="gongkaiban", display_name="陈志强")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    return user


@pytest.fixture
def other_office(other_agency):
    user = UserFactory(username="caizheng", display_name="周敏")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    return user


def call_values(agency, **overrides):
    values = {
        "agency": agency,
        "title": "示范区住宅专项维修资金管理办法（征求意见稿）",
        "kind": "normative",
        "draft": DRAFT,
        "drafting_note": "为解决维修资金使用难的问题，起草本办法。",
        "opens_on": TODAY,
        "closes_on": TODAY + timedelta(days=30),
        "contact": "房地产市场监管科　0731-88810025",
        "email_address": "zjj@example.gov.cn",
    }
    return values | overrides


@pytest.fixture
def make_call(agency, office):
    def make(status="open", **overrides):
        if status in ("closed", "summarised"):
            overrides.setdefault("opens_on", TODAY - timedelta(days=40))
            overrides.setdefault("closes_on", TODAY - timedelta(days=9))
        call = s.call_create(actor=office, **call_values(agency, **overrides))
        if status == "draft":
            return call
        s.call_open(call=call, actor=office, on=min(call.opens_on, TODAY))
        if status in ("closed", "summarised"):
            s.call_close(call=call, actor=office)
        if status == "summarised":
            s.summary_publish(call=call, actor=office, intro="未收到意见。")
        return call

    return make


@pytest.fixture
def comment_on(make_call):
    def make(call, body="建议明确维修资金的应急使用程序。", **kwargs):
        return s.comment_submit(call=call, body=body, **kwargs)

    return make


@pytest.fixture
def catalogue_item(agency, department):
    """make(publish=True): a catalogue item drafted by a clerk and, when `publish`, reviewed
    and approved through the catalogue's services."""
    from gongkai.catalogue import services as catalogue

    clerk = UserFactory(username="jingban", display_name="张伟")
    role_grant(user=clerk, role=Role.CLERK, department=department)
    reviewer = UserFactory(username="shenhe", display_name="刘芳")
    role_grant(user=reviewer, role=Role.REVIEWER, agency=agency)

    def make(publish=True):
        item = catalogue.item_create(
            agency=agency,
            department=department,
            actor=clerk,
            title="示范区住房和城乡建设局关于印发《示范区住宅专项维修资金管理办法》的通知",
            doc_number="示住建规〔2026〕3号",
            written_on=date(2026, 2, 27),
            statutory_category="20-1",
            genre="normative_document",
            body="各街道：现将《示范区住宅专项维修资金管理办法》印发给你们，请认真贯彻执行。",
        )
        if publish:
            catalogue.item_submit(item=item, actor=clerk)
            catalogue.item_secrecy_review(item=item, actor=reviewer, passed=True)
            item = catalogue.item_approve(item=item, actor=reviewer)
        return item

    return make

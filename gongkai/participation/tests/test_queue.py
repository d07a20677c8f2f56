"""One moderation queue across comment calls: every comment awaiting moderation in the calls
a person may moderate, oldest first. The day is Monday 2026-03-02 (conftest)."""

from datetime import date, timedelta

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.participation import services as s
from gongkai.participation.tests.conftest import TODAY, call_values

pytestmark = pytest.mark.django_db

D = date.fromisoformat
URL = "/workbench/participation/moderation/"


@pytest.fixture
def calls(make_call, comment_on, office, other_agency, other_office):
    """Two calls of 住建局 and one of 财政局, with comments in every state."""
    parking = make_call(
        title="示范区公共停车场收费管理办法（征求意见稿）",
        opens_on=TODAY - timedelta(days=5),
        closes_on=TODAY + timedelta(days=25),
        letter_address="示范区人民路1号",
    )
    repairs = make_call(title="示范区住宅专项维修资金管理办法（征求意见稿）")
    finance = s.call_create(
        actor=other_office,
        **call_values(other_agency, title="示范区政府采购管理办法（征求意见稿）"),
    )
    s.call_open(call=finance, actor=other_office)
    comments = {
        "repairs": comment_on(
            repairs, body="我的电话13912345678，建议增加应急情形。", consent=True
        ),
        "parking": comment_on(parking, consent=True),
        # Entered after the two above, but received on Friday 2026-02-27: first in the queue.
        "letter": s.comment_record(
            call=parking,
            actor=office,
            channel="letter",
            received_on=D("2026-02-27"),
            body="建议夜间停车收费减半。",
            consent=True,
        ),
        "finance": comment_on(finance, body="建议公开采购意向。", consent=True),
        "no_consent": comment_on(repairs, body="不同意公开：建议延长期限。", consent=False),
    }
    published = comment_on(repairs, body="已公开的意见：建议简化程序。", consent=True)
    s.comment_publish(comment=published, actor=office)
    return comments


def receipts(response):
    return [row["comment"].receipt_number for row in response.context["rows"]]


def test_the_office_sees_its_agencys_pending_comments_oldest_first(client, calls, office):
    client.force_login(office)
    response = client.get(URL)
    assert response.status_code == 200
    assert receipts(response) == [
        calls["letter"].receipt_number,
        calls["repairs"].receipt_number,
        calls["parking"].receipt_number,
    ]
    page = response.content.decode()
    assert "建议公开采购意向" not in page
    assert '<span class="flags">手机号码</span>' in page
    letter = calls["letter"]
    link = f"/workbench/participation/{letter.call_id}/moderation/#comment-{letter.pk}"
    assert link in page


def test_another_agencys_office_sees_only_its_own(client, calls, other_office):
    client.force_login(other_office)
    assert receipts(client.get(URL)) == [calls["finance"].receipt_number]


def test_an_administrator_sees_every_agency(client, calls):
    admin = UserFactory(username="xitong", display_name="系统管理员")
    role_grant(user=admin, role=Role.ADMIN)
    client.force_login(admin)
    assert sorted(receipts(client.get(URL))) == sorted(
        calls[k].receipt_number for k in ("letter", "repairs", "parking", "finance")
    )


def test_a_reviewer_who_may_not_moderate_is_refused(client, calls, agency):
    reviewer = UserFactory(username="shenhe", display_name="刘芳")
    role_grant(user=reviewer, role=Role.REVIEWER, agency=agency)
    client.force_login(reviewer)
    assert client.get(URL).status_code == 403


def test_a_withdrawn_calls_comments_leave_the_queue(client, calls, office):
    s.call_withdraw(call=calls["parking"].call, actor=office, reason="上位法修订，暂缓制定")
    client.force_login(office)
    assert receipts(client.get(URL)) == [calls["repairs"].receipt_number]


def test_nothing_to_moderate(client, office):
    client.force_login(office)
    response = client.get(URL)
    assert "没有待审核的意见" in response.content.decode()

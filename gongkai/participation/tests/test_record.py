"""Comments received by letter or e-mail and entered by the drafting unit's staff
(docs/law.md §9). The day is Monday 2026-03-02 (conftest); a closed call of the fixtures ran
from 2026-01-21 to 2026-02-21."""

from datetime import date

import pytest

from gongkai.audit.models import AuditRecord
from gongkai.participation import services as s
from gongkai.participation.models import Comment
from gongkai.participation.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

D = date.fromisoformat
ADDRESS = "示范区人民路1号住建局房地产市场监管科（邮编410000）"
BODY = "建议第三条增加外墙饰面脱落的应急情形。"


def refused(message):
    return pytest.raises(s.CallError, match=f"^{message}$")


def record(call, actor, **overrides):
    values = {"channel": "email", "received_on": TODAY, "body": BODY, "consent": True}
    return s.comment_record(call=call, actor=actor, **(values | overrides))


def test_an_email_comment_gets_a_receipt_and_waits_for_moderation(make_call, office):
    call = make_call()
    comment = record(call, office, article=3, name="王小明", contact="wxm@example.com")
    assert (
        comment.receipt_number,
        comment.channel,
        comment.status,
        comment.article,
        comment.name,
        comment.entered_by,
    ) == ("114410025-YJ2026-00001", "email", "pending", 3, "王小明", office)
    audit = AuditRecord.objects.get(action="participation.comment_record")
    assert (audit.actor, audit.after["channel"], audit.after["receipt_number"]) == (
        office,
        "email",
        "114410025-YJ2026-00001",
    )


def test_portal_and_recorded_comments_share_one_receipt_sequence(make_call, office, comment_on):
    call = make_call()
    comment_on(call)
    assert record(call, office).receipt_number == "114410025-YJ2026-00002"


def test_the_privacy_guard_runs_on_a_recorded_comment(make_call, office):
    comment = record(make_call(), office, body="我的电话13912345678，建议增加应急情形。")
    assert (comment.status, comment.privacy_flags) == ("pending", ["mobile"])


def test_a_letter_without_consent_is_never_shown(make_call, office):
    call = make_call(letter_address=ADDRESS)
    comment = record(call, office, channel="letter", consent=False)
    assert (comment.status, comment.hidden_reason, comment.moderated_on) == (
        "hidden",
        "提交人未同意公开",
        TODAY,
    )


def test_a_letter_received_after_closing_but_postmarked_in_time_counts(make_call, office):
    # Closing date 2026-02-21; postmarked that day, received 2026-02-25.
    call = make_call(status="closed", letter_address=ADDRESS)
    comment = record(
        call, office, channel="letter", received_on=D("2026-02-25"), postmarked_on=D("2026-02-21")
    )
    assert (comment.received_on, comment.postmarked_on, comment.status) == (
        D("2026-02-25"),
        D("2026-02-21"),
        "pending",
    )


def test_a_recorded_comment_is_moderated_like_any_other(make_call, office):
    comment = record(make_call(), office, name="王小明", body="王小明建议增加应急情形。")
    s.comment_publish(comment=comment, actor=office)
    comment.refresh_from_db()
    assert (comment.status, comment.public_body) == ("published", "王**建议增加应急情形。")


@pytest.mark.parametrize(
    "call_overrides, overrides, message",
    [
        ({}, {"channel": "website"}, "请选择信函或电子邮件"),
        ({}, {"channel": "letter"}, "该征求意见未公布信函渠道，不能录入信函意见"),
        ({"email_address": "", "letter_address": ADDRESS}, {},
         "该征求意见未公布电子邮件渠道，不能录入电子邮件意见"),
        ({}, {"received_on": D("2026-03-03")}, "收到日期不能晚于今天"),
        ({"status": "closed"}, {"received_on": D("2026-01-20")},
         "收到日期早于征求意见开始日期（2026年1月21日）"),
        ({"status": "closed"}, {"received_on": D("2026-02-22")},
         "征求意见已于2026年2月21日截止，该电子邮件收到时已过期限"),
        ({"status": "closed", "letter_address": ADDRESS},
         {"channel": "letter", "received_on": D("2026-02-24")},
         "信函收到时已过截止日期（2026年2月21日），请填写邮戳日期"),
        ({"status": "closed", "letter_address": ADDRESS},
         {"channel": "letter", "received_on": D("2026-02-24"), "postmarked_on": D("2026-02-22")},
         "邮戳日期晚于截止日期（2026年2月21日），该意见已过期限"),
        ({"status": "closed", "letter_address": ADDRESS},
         {"channel": "letter", "received_on": D("2026-02-10"), "postmarked_on": D("2026-02-12")},
         "邮戳日期不能晚于收到日期"),
        ({}, {"postmarked_on": D("2026-03-02")}, "只有信函有邮戳日期"),
        ({}, {"body": "同意。"}, "意见内容过短，请至少写5个字"),
        ({}, {"body": "   "}, "意见内容不能为空"),
        ({}, {"name": "王" * 51}, "姓名过长：51 字，最多 50 字"),
        ({}, {"article": 9}, "征求意见稿中没有这一条"),
        ({"status": "summarised"}, {"received_on": D("2026-02-01")},
         "意见采纳情况反馈已发布，不能再录入意见"),
        ({"status": "draft"}, {}, "征求意见当前状态为“草稿”，不能录入意见"),
    ],
)  # fmt: skip
def test_bad_records_are_refused_and_nothing_is_kept(
    make_call, office, call_overrides, overrides, message
):
    call = make_call(**call_overrides)
    with refused(message):
        record(call, office, **overrides)
    assert Comment.objects.count() == 0
    assert not AuditRecord.objects.filter(action="participation.comment_record").exists()


def test_another_agencys_office_may_not_record(make_call, other_office):
    with pytest.raises(s.PermissionDenied):
        record(make_call(), other_office)
    assert Comment.objects.count() == 0


# -- the page --------------------------------------------------------------------------------


def test_the_office_records_a_letter_on_the_page(client, make_call, office):
    call = make_call(letter_address=ADDRESS)
    client.force_login(office)
    page = client.get(f"/workbench/participation/{call.pk}/moderation/")
    assert f"/workbench/participation/{call.pk}/record/" in page.content.decode()
    response = client.post(
        f"/workbench/participation/{call.pk}/record/",
        {
            "channel": "letter",
            "received_on": "2026-03-02",
            "article": "2",
            "body": BODY,
            "name": "李华",
            "consent": "on",
        },
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/workbench/participation/{call.pk}/moderation/#comment-{comment.pk}"
    )
    assert (comment.channel, comment.article, comment.name, comment.consent) == (
        "letter",
        2,
        "李华",
        True,
    )
    moderation = client.get(f"/workbench/participation/{call.pk}/moderation/").content.decode()
    assert "2026-03-02 · 信函 · 第二条" in moderation


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"channel": ""}, "请选择收到渠道"),
        ({"received_on": "2026-3-2"}, "收到日期应为存在的日期，格式为 YYYY-MM-DD"),
        ({"channel": "letter"}, "请从列表中选择收到渠道"),
        ({"body": ""}, "请填写意见内容"),
    ],
)
def test_bad_input_on_the_page_is_refused_in_chinese(client, make_call, office, fields, message):
    call = make_call()
    client.force_login(office)
    data = {"channel": "email", "received_on": "2026-03-02", "body": BODY} | fields
    response = client.post(f"/workbench/participation/{call.pk}/record/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_another_agencys_office_cannot_open_the_page(client, make_call, other_office):
    call = make_call()
    client.force_login(other_office)
    assert client.get(f"/workbench/participation/{call.pk}/record/").status_code == 404

"""Comment call services: periods, states, comments, moderation, the adoption summary
(docs/law.md §9). The day is Monday 2026-03-02 (conftest)."""

from datetime import date, timedelta

import pytest

from gongkai.audit.models import AuditRecord
from gongkai.participation import services as s
from gongkai.participation.models import Comment, CommentCall, Opinion
from gongkai.participation.tests.conftest import TODAY, call_values

D = date.fromisoformat


def refused(message):
    return pytest.raises(s.CallError, match=f"^{message}$")


def test_a_normative_call_one_working_day_short_without_reason_is_refused_and_not_kept(
    agency, office
):
    with refused(
        "行政规范性文件征求意见期限不少于7个工作日：自2026年3月2日开始的，截止日期不得早于"
        "2026年3月11日；确需缩短的，请填写缩短期限的理由（将随征求意见一并公布）"
    ):
        s.call_create(actor=office, **call_values(agency, closes_on=D("2026-03-10")))
    assert CommentCall.objects.count() == 0


def test_a_shortened_period_keeps_its_reason_and_a_full_one_drops_it(agency, office):
    short = s.call_create(
        actor=office,
        **call_values(agency, closes_on=D("2026-03-06"), shortened_reason="汛期将至，须尽快出台"),
    )
    full = s.call_create(
        actor=office,
        **call_values(agency, closes_on=D("2026-03-11"), shortened_reason="汛期将至，须尽快出台"),
    )
    assert (short.shortened_reason, full.shortened_reason) == ("汛期将至，须尽快出台", "")


def test_a_major_decision_needs_thirty_days(agency, office):
    with refused(
        "重大行政决策征求意见期限不少于30日：自2026年3月2日开始的，截止日期不得早于"
        "2026年4月1日；确需缩短的，请填写缩短期限的理由（将随征求意见一并公布）"
    ):
        s.call_create(
            actor=office, **call_values(agency, kind="major_decision", closes_on=D("2026-03-31"))
        )
    call = s.call_create(
        actor=office, **call_values(agency, kind="major_decision", closes_on=D("2026-04-01"))
    )
    assert call.status == "draft"


def test_a_draft_without_articles_is_refused(agency, office):
    with refused("征求意见稿中没有找到条款（如“第一条　……”），请检查格式"):
        s.call_create(actor=office, **call_values(agency, draft="关于调整公交票价的说明"))


def test_a_draft_with_an_article_number_twice_is_refused(agency, office):
    with refused("征求意见稿中第二条出现了不止一次，请检查条款编号"):
        s.call_create(
            actor=office, **call_values(agency, draft="第一条　甲。\n第二条　乙。\n第二条　丙。")
        )


def test_at_least_one_channel(agency, office):
    with refused("请至少提供一种提交意见的渠道：网站、信函地址或电子邮箱"):
        s.call_create(actor=office, **call_values(agency, via_website=False, email_address=""))


def test_another_agencys_office_may_not_create(agency, other_office):
    with pytest.raises(s.PermissionDenied):
        s.call_create(actor=other_office, **call_values(agency))
    assert CommentCall.objects.count() == 0


def test_opening_after_the_opening_date_is_refused(make_call, office):
    call = make_call(status="draft", opens_on=TODAY - timedelta(days=1))
    with refused("开始日期（2026年3月1日）已过，请先修改开始日期和截止日期再发布"):
        s.call_open(call=call, actor=office)
    call.refresh_from_db()
    assert (call.status, call.published_on) == ("draft", None)


def test_closing_before_the_closing_date_is_refused(make_call, office):
    call = make_call(closes_on=TODAY + timedelta(days=30))
    with refused("征求意见期限至2026年4月1日，期限届满前不能截止"):
        s.call_close(call=call, actor=office)


def test_the_nightly_job_closes_calls_whose_date_passed(make_call, office):
    due = make_call(opens_on=TODAY - timedelta(days=31), closes_on=TODAY - timedelta(days=1))
    running = make_call()
    assert s.calls_close_due() == 1
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.status, due.closed_on, running.status) == ("closed", TODAY, "open")


def test_withdrawal_needs_a_reason(make_call, office):
    call = make_call()
    with refused("撤回理由不能为空"):
        s.call_withdraw(call=call, actor=office, reason="  ")
    s.call_withdraw(call=call, actor=office, reason="上位法修订，暂缓制定")
    call.refresh_from_db()
    assert (call.status, call.withdrawn_reason) == ("withdrawn", "上位法修订，暂缓制定")


def test_editing_an_open_call_is_refused(make_call, office):
    call = make_call()
    with refused("征求意见当前状态为“已发布”，不能修改"):
        s.call_update(call=call, actor=office, title="新标题")


# -- comments --------------------------------------------------------------------------------


def test_receipt_numbers_are_sequential_and_unique(make_call, comment_on):
    call = make_call()
    numbers = [
        comment_on(call, body=f"第{i}条意见：建议增加应急情形。").receipt_number for i in range(3)
    ]
    assert numbers == [
        "114410025-YJ2026-00001",
        "114410025-YJ2026-00002",
        "114410025-YJ2026-00003",
    ]


def test_the_same_submission_key_makes_one_comment(make_call, comment_on):
    call = make_call()
    first = comment_on(call, submission_key="k1")
    again = comment_on(call, submission_key="k1", body="另一段文字，也算同一次提交。")
    assert (again.pk, Comment.objects.count()) == (first.pk, 1)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("draft", "该征求意见尚未发布，不接受意见"),
        ("closed", "征求意见已于2026年2月21日截止，不再接受意见"),
    ],
)
def test_no_comment_outside_the_open_period(make_call, comment_on, status, message):
    call = make_call(status=status)
    with refused(message):
        comment_on(call)
    assert Comment.objects.count() == 0


def test_no_comment_before_the_opening_date(make_call, comment_on):
    call = make_call(opens_on=TODAY + timedelta(days=3), closes_on=TODAY + timedelta(days=40))
    with refused("征求意见自2026年3月5日开始，尚未开始接受意见"):
        comment_on(call)


def test_a_comment_on_an_article_the_draft_does_not_have_is_refused(make_call, comment_on):
    with refused("征求意见稿中没有这一条"):
        comment_on(make_call(), article=9)


def test_name_and_contact_required_when_the_call_says_so(make_call, comment_on):
    call = make_call(name_required=True, contact_required=True)
    with refused("姓名不能为空"):
        comment_on(call, contact="13912345678")
    with refused("联系方式不能为空"):
        comment_on(call, name="王小明")
    assert Comment.objects.count() == 0


def test_the_privacy_guard_flags_a_comment(make_call, comment_on):
    comment = comment_on(make_call(), body="我的电话13912345678，建议增加应急情形。", consent=True)
    assert (comment.status, comment.privacy_flags) == ("pending", ["mobile"])


def test_a_comment_without_consent_is_never_shown_and_needs_no_moderation(
    make_call, comment_on, office
):
    comment = comment_on(make_call(), consent=False)
    assert (comment.status, comment.hidden_reason, comment.moderated_on) == (
        "hidden",
        "提交人未同意公开",
        TODAY,
    )
    with refused("提交人未同意公开，不能公开该意见"):
        s.comment_publish(comment=comment, actor=office)


def test_publishing_shows_only_the_masked_text(make_call, comment_on, office):
    comment = comment_on(
        make_call(),
        body="我是王小明，电话13912345678，建议在第三条增加外墙脱落的情形。",
        name="王小明",
        contact="13912345678",
        consent=True,
    )
    s.comment_publish(comment=comment, actor=office)
    comment.refresh_from_db()
    assert comment.public_body == "我是王**，电话139****5678，建议在第三条增加外墙脱落的情形。"
    assert (comment.status, comment.moderated_by, comment.moderated_on) == (
        "published",
        office,
        TODAY,
    )


def test_hiding_needs_a_reason_and_records_who(make_call, comment_on, office):
    comment = comment_on(make_call(), consent=True)
    with refused("不予公开原因不能为空"):
        s.comment_hide(comment=comment, actor=office, reason="")
    s.comment_hide(comment=comment, actor=office, reason="含有广告内容")
    comment.refresh_from_db()
    assert (comment.status, comment.hidden_reason, comment.moderated_by) == (
        "hidden",
        "含有广告内容",
        office,
    )


def test_merging_a_duplicate(make_call, comment_on, office):
    call = make_call()
    first = comment_on(call, consent=True)
    second = comment_on(call, consent=True)
    with refused("不能合并到该意见：请选择一条未被合并的其他意见"):
        s.comment_merge(comment=second, actor=office, into=second, reason="重复意见")
    s.comment_merge(comment=second, actor=office, into=first, reason="重复意见")
    second.refresh_from_db()
    assert (second.status, second.merged_into) == ("merged", first)


def test_another_agencys_office_may_not_moderate(make_call, comment_on, other_office):
    comment = comment_on(make_call(), consent=True)
    with pytest.raises(s.PermissionDenied):
        s.comment_publish(comment=comment, actor=other_office)
    comment.refresh_from_db()
    assert comment.status == "pending"


# -- after closing -----------------------------------------------------------------------------


@pytest.fixture
def closed_with_comments(make_call, office):
    call = make_call(
        status="draft",
        opens_on=TODAY - timedelta(days=40),
        closes_on=TODAY - timedelta(days=9),
    )
    s.call_open(call=call, actor=office, on=call.opens_on)
    comments = [
        s.comment_submit(
            call=call, body=f"建议增加第{i}种应急情形。", consent=True, on=call.opens_on
        )
        for i in range(2)
    ]
    s.call_close(call=call, actor=office)
    return call, comments


def test_an_opinion_not_adopted_needs_a_reason(closed_with_comments, office):
    call, comments = closed_with_comments
    with refused("理由不能为空"):
        s.opinion_save(
            call=call, actor=office, summary="增加应急情形", decision="not_adopted",
            reason="", comments=comments,
        )  # fmt: skip
    assert Opinion.objects.count() == 0


def test_the_summary_waits_for_moderation_and_opinions(closed_with_comments, office):
    call, comments = closed_with_comments
    with refused("还有待审核的意见，请先审核全部意见"):
        s.summary_publish(call=call, actor=office, intro="共收到意见2条。")
    for comment in comments:
        s.comment_publish(comment=comment, actor=office)
    with refused("请先将收到的意见归类并说明采纳情况"):
        s.summary_publish(call=call, actor=office, intro="共收到意见2条。")
    s.opinion_save(
        call=call, actor=office, summary="增加应急情形", decision="partly_adopted",
        reason="外墙脱落已纳入，其余情形已有规定", comments=comments,
    )  # fmt: skip
    s.summary_publish(call=call, actor=office, intro="共收到意见2条。")
    call.refresh_from_db()
    assert (call.status, call.summary_published_on) == ("summarised", TODAY)
    assert [c.opinion.decision for c in Comment.objects.order_by("pk")] == [
        "partly_adopted",
        "partly_adopted",
    ]


def test_only_a_published_item_can_be_the_final_document(
    closed_with_comments, office, catalogue_item
):
    call, _ = closed_with_comments
    with refused("只能关联已公开的正式文件"):
        s.call_link_final(call=call, actor=office, item=catalogue_item(publish=False))
    item = catalogue_item()
    s.call_link_final(call=call, actor=office, item=item)
    call.refresh_from_db()
    assert call.final_item == item


def test_every_write_is_in_the_audit_trail(closed_with_comments, office):
    call, comments = closed_with_comments
    s.comment_hide(comment=comments[0], actor=office, reason="含有广告内容")
    actions = list(
        AuditRecord.objects.filter(action__startswith="participation.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "participation.call_create",
        "participation.call_open",
        "participation.comment_submit",
        "participation.comment_submit",
        "participation.call_close",
        "participation.comment_hide",
    ]
    hide = AuditRecord.objects.get(action="participation.comment_hide")
    assert (hide.actor_id, hide.after["reason"]) == (office.pk, "含有广告内容")

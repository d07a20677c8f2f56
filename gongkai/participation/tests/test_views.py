"""Portal and workbench pages of comment calls. The day is Monday 2026-03-02 (conftest)."""

import secrets
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from gongkai.participation import services as s
from gongkai.participation.models import Comment, CommentCall, Opinion
from gongkai.participation.tests.conftest import TODAY, call_values

pytestmark = pytest.mark.django_db


def form_errors(response):
    return [str(e) for errors in response.context["form"].errors.values() for e in errors]


def post_comment(client, call, **fields):
    data = {"submission_key": fields.pop("key", secrets.token_hex(8))} | {
        "body": "建议在第三条增加外墙饰面脱落的应急情形。",
        "consent": "on",
    }
    data |= fields
    return client.post(f"/participation/{call.pk}/comment/", data)


# -- portal ----------------------------------------------------------------------------------


def test_the_list_shows_open_calls_with_days_left_and_counts(client, make_call, comment_on):
    call = make_call(closes_on=TODAY + timedelta(days=9))
    comment_on(call)
    comment_on(call, body="第二条意见，建议扩大适用范围。")
    page = client.get("/participation/").content.decode()
    assert "剩余 10 天" in page
    assert "已收到意见 2 条" in page


def test_a_draft_call_is_not_public(client, make_call):
    call = make_call(status="draft")
    assert client.get(f"/participation/{call.pk}/").status_code == 404
    assert client.get(f"/participation/{call.pk}/comment/").status_code == 404


def test_the_call_page_shows_articles_with_comment_links(client, make_call):
    call = make_call()
    page = client.get(f"/participation/{call.pk}/").content.decode()
    assert '<h3 class="chapter">第二章　使用</h3>' in page
    assert "<strong>第三条</strong>" in page
    assert f'href="/participation/{call.pk}/comment/?article=3">对本条提意见</a>' in page


def test_a_citizen_comments_on_an_article_and_gets_a_receipt(client, make_call):
    call = make_call()
    response = post_comment(client, call, article="3")
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    comment = Comment.objects.get()
    assert (comment.article, comment.receipt_number) == (3, "114410025-YJ2026-00001")
    assert '<strong class="code" id="receipt-number">114410025-YJ2026-00001</strong>' in done
    assert "第三条的意见" in done


BAD_COMMENTS = [
    ({"body": ""}, "请填写意见内容"),
    ({"body": "同意"}, "意见内容过短，请至少写5个字"),
    ({"body": "x" * 5001}, "意见内容不能超过5000个字（现有5001个字）"),
    ({"article": "9"}, "请从列表中选择意见针对"),
    ({"article": "三"}, "请从列表中选择意见针对"),
    (
        {"body": "建议增加\u202e应急情形的规定"},
        "意见内容含有不可见的控制字符或格式字符（U+202E，第5个字符），请删除后重新填写",
    ),
    ({"name": "王" * 51}, "姓名不能超过50个字（现有51个字）"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_COMMENTS)
def test_bad_comments_are_refused_in_chinese_and_not_kept(client, make_call, fields, message):
    call = make_call()
    response = post_comment(client, call, **fields)
    assert response.status_code == 400
    assert form_errors(response) == [message]
    assert Comment.objects.count() == 0


def test_name_and_contact_required_by_the_call(client, make_call):
    call = make_call(name_required=True, contact_required=True)
    response = post_comment(client, call)
    assert form_errors(response) == ["请填写姓名", "请填写联系方式"]
    assert Comment.objects.count() == 0


def test_a_comment_after_the_closing_date_is_refused(client, make_call):
    call = make_call(status="closed")
    page = client.get(f"/participation/{call.pk}/comment/").content.decode()
    assert "征求意见已于2026年2月21日截止，不再接受意见" in page
    response = post_comment(client, call)
    assert response.status_code == 400
    assert form_errors(response) == ["征求意见已于2026年2月21日截止，不再接受意见"]
    assert Comment.objects.count() == 0


def test_the_same_text_again_from_one_address_is_one_comment(client, make_call):
    call = make_call()
    post_comment(client, call, key="first")
    post_comment(client, call, key="second")  # back, then submit again: a new key
    assert Comment.objects.count() == 1


def test_more_than_ten_comments_an_hour_from_one_address_are_refused(client, make_call):
    call = make_call()
    for i in range(10):
        assert post_comment(client, call, body=f"第{i}条不同的意见，建议修改。").status_code == 302
    response = post_comment(client, call, body="第十一条意见，建议修改。")
    assert form_errors(response) == ["同一地址一小时内提交的意见过多，请稍后再试。"]
    assert Comment.objects.count() == 10


def test_the_portal_shows_no_personal_data(client, make_call, office):
    call = make_call()
    published = s.comment_submit(
        call=call,
        body="我是王小明，电话13912345678，身份证号码430102199001011236，建议增加应急情形。",
        name="王小明",
        contact="wangxm@example.com",
        consent=True,
    )
    s.comment_publish(comment=published, actor=office)
    hidden = s.comment_submit(call=call, body="某物业公司经理是骗子，建议曝光。", consent=True)
    s.comment_hide(comment=hidden, actor=office, reason="含有对他人的人身攻击")
    s.comment_submit(
        call=call, body="不公开的意见：李四，13800138000。", name="李四", consent=False
    )
    pending = s.comment_submit(call=call, body="尚未审核的意见：赵六 13700137000。", consent=True)
    page = client.get(f"/participation/{call.pk}/").content.decode()
    for secret in (
        "王小明",
        "13912345678",
        "430102199001011236",
        "wangxm@example.com",
        "李四",
        "13800138000",
        "骗子",
        "赵六",
        pending.body,
    ):
        assert secret not in page
    assert "我是王**，电话139****5678" in page
    assert "该意见已于2026年3月2日因含有对他人的人身攻击不予公开。" in page
    assert "该意见已于2026年3月2日因提交人未同意公开不予公开。" in page


def test_the_summary_and_the_final_document_link_both_ways(
    client, make_call, office, catalogue_item
):
    call = make_call(status="summarised")
    item = catalogue_item()
    s.call_link_final(call=call, actor=office, item=item)
    page = client.get(f"/participation/{call.pk}/").content.decode()
    assert "意见采纳情况反馈" in page
    assert f'<a href="/catalogue/item/{item.index_number}/">{item.title}</a>' in page
    item_page = client.get(f"/catalogue/item/{item.index_number}/").content.decode()
    assert (
        f'本文件起草过程中曾公开征求意见：<a href="/participation/{call.pk}/">{call.title}</a>'
        in item_page
    )


def test_the_feeds_list_published_calls(client, make_call):
    make_call(title="示范区公共停车场收费管理办法（征求意见稿）")
    make_call(status="draft", title="尚未发布的草稿")
    rss = client.get("/participation/rss/").content.decode()
    atom = client.get("/participation/atom/").content.decode()
    assert "示范区公共停车场收费管理办法（征求意见稿）" in rss
    assert "示范区公共停车场收费管理办法（征求意见稿）" in atom
    assert "尚未发布的草稿" not in rss


# -- workbench -------------------------------------------------------------------------------


def call_post(agency, **overrides):
    values = call_values(agency, **overrides)
    data = {k: v for k, v in values.items() if k != "agency"}
    data["agency"] = agency.pk
    data["via_website"] = "on"
    data["opens_on"] = values["opens_on"].isoformat()
    data["closes_on"] = values["closes_on"].isoformat()
    return {k: v for k, v in data.items() if v is not None}


def test_the_office_creates_a_call(client, office, agency):
    client.force_login(office)
    response = client.post("/workbench/participation/new/", call_post(agency))
    call = CommentCall.objects.get()
    assert response["Location"] == f"/workbench/participation/{call.pk}/"
    assert (call.status, call.created_by) == ("draft", office)


BAD_CALLS = [
    ({"title": ""}, "请填写标题"),
    ({"kind": "memo"}, "请从列表中选择文件类型"),
    ({"opens_on": "2026-3-2"}, "开始日期应为存在的日期，格式为 YYYY-MM-DD，例如 2025-09-26"),
    ({"closes_on": "2026-02-30"}, "截止日期“2026-02-30”不存在，请检查月份和日期"),
    ({"email_address": "not-an-address"}, "电子邮箱格式不正确"),
    (
        {"closes_on": "2026-03-10"},
        "行政规范性文件征求意见期限不少于7个工作日：自2026年3月2日开始的，截止日期不得早于"
        "2026年3月11日；确需缩短的，请填写缩短期限的理由（将随征求意见一并公布）",
    ),
    ({"draft": "没有条款的一段文字"}, "征求意见稿中没有找到条款（如“第一条　……”），请检查格式"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_CALLS)
def test_bad_calls_are_refused_in_chinese_and_not_kept(client, office, agency, fields, message):
    client.force_login(office)
    response = client.post("/workbench/participation/new/", call_post(agency) | fields)
    assert response.status_code == 400
    assert form_errors(response) == [message]
    assert CommentCall.objects.count() == 0


def test_a_bad_attachment_is_refused_and_not_kept(client, office, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.participation.models import CallAttachment

    client.force_login(office)
    upload = SimpleUploadedFile("说明.exe", b"MZ\x90\x00 not a document")
    client.post("/workbench/participation/new/", call_post(agency) | {"attachment": upload})
    assert CallAttachment.objects.count() == 0


def test_another_agencys_office_cannot_see_the_call(client, make_call, other_office):
    call = make_call()
    client.force_login(other_office)
    assert client.get(f"/workbench/participation/{call.pk}/").status_code == 404
    assert client.get(f"/workbench/participation/{call.pk}/moderation/").status_code == 404
    assert client.get(f"/workbench/participation/{call.pk}/comments.xlsx").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, make_call):
    call = make_call()
    response = client.get(f"/workbench/participation/{call.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_moderation_hide_without_reason_is_refused(client, make_call, comment_on, office):
    comment = comment_on(make_call(), consent=True)
    client.force_login(office)
    response = client.post(
        f"/workbench/participation/comments/{comment.pk}/hide/", {f"hide-{comment.pk}-reason": ""}
    )
    assert response.status_code == 400
    assert "请填写不予公开原因" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_moderation_publish_and_merge(client, make_call, comment_on, office):
    call = make_call()
    first = comment_on(call, consent=True)
    second = comment_on(call, consent=True)
    client.force_login(office)
    client.post(f"/workbench/participation/comments/{first.pk}/publish/")
    client.post(
        f"/workbench/participation/comments/{second.pk}/merge/",
        {f"merge-{second.pk}-into": str(first.pk), f"merge-{second.pk}-reason": ""},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.merged_into, second.hidden_reason) == (
        "published",
        "merged",
        first,
        "重复意见",
    )


def test_an_opinion_not_adopted_without_reason_is_refused(client, make_call, office):
    call = make_call(status="closed")
    client.force_login(office)
    response = client.post(
        f"/workbench/participation/{call.pk}/summary/",
        {"form": "new", "new-summary": "建议增加应急情形", "new-decision": "not_adopted"},
    )
    assert response.status_code == 400
    assert "部分采纳或未采纳的，请说明理由" in response.content.decode()
    assert Opinion.objects.count() == 0


def test_linking_an_unknown_index_number_is_refused(client, make_call, office):
    call = make_call(status="summarised")
    client.force_login(office)
    response = client.post(
        f"/workbench/participation/{call.pk}/summary/",
        {"form": "final", "final-index_number": "114410025/2026-99999"},
    )
    assert response.status_code == 400
    assert "公开目录中没有已发布的索引号为“114410025/2026-99999”的信息" in response.content.decode()
    call.refresh_from_db()
    assert call.final_item is None


def test_the_office_publishes_the_summary(client, make_call, office):
    call = make_call(status="closed")
    client.force_login(office)
    response = client.post(
        f"/workbench/participation/{call.pk}/summary/",
        {"form": "summary", "summary-intro": "征求意见期间未收到意见。"},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.summary_intro, call.summary_published_on) == (
        "summarised",
        "征求意见期间未收到意见。",
        TODAY,
    )


def test_the_export_holds_every_comment_with_names(client, make_call, comment_on, office):
    call = make_call()
    comment_on(call, article=2, name="王小明", contact="13912345678", consent=True)
    comment_on(call, body='=HYPERLINK("http://example.com")，建议删除。', consent=False)
    client.force_login(office)
    response = client.get(f"/workbench/participation/{call.pk}/comments.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:7] == [
        "回执编号",
        "提交日期",
        "条款",
        "意见内容",
        "姓名",
        "联系方式",
        "同意公开",
    ]
    assert rows[1][:8] == [
        "114410025-YJ2026-00001", "2026-03-02", "第二条", "建议明确维修资金的应急使用程序。",
        "王小明", "13912345678", "是", "待审核",
    ]  # fmt: skip
    assert rows[2][3] == '=HYPERLINK("http://example.com")，建议删除。'
    assert sheet.cell(row=3, column=4).data_type == "s"


def test_todos_lead_to_the_queue_and_list_closed_calls_without_summary(
    make_call, comment_on, office
):
    from gongkai.workbench.todos import todos_for

    open_call = make_call(title="示范区公共停车场收费管理办法（征求意见稿）")
    comment_on(open_call, consent=True)
    comment_on(open_call, body="第二条意见：建议扩大适用范围。", consent=True)
    comment_on(open_call, body="不同意公开的意见：建议延长期限。", consent=False)
    make_call(status="closed", title="示范区物业服务收费管理办法（征求意见稿）")
    todos = [
        (t.title, t.detail, t.url)
        for t in todos_for(office, TODAY)
        if t.title.startswith("征求意见")
    ]
    closed = CommentCall.objects.get(status="closed")
    # todos_for puts the amber entry (waiting comments) first.
    assert todos == [
        (
            "征求意见待审核的意见",
            "1 项征求意见共 2 条意见待审核，最早的于2026-03-02收到",
            "/workbench/participation/moderation/",
        ),
        (
            "征求意见“示范区物业服务收费管理办法（征求意见稿）”",
            "已截止，尚未发布意见采纳情况反馈",
            f"/workbench/participation/{closed.pk}/summary/",
        ),
    ]


def test_an_attachment_is_kept_and_published_with_the_call(
    client, office, agency, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(office)
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    upload = SimpleUploadedFile("起草说明附件.pdf", pdf)
    client.post("/workbench/participation/new/", call_post(agency) | {"attachment": upload})
    call = CommentCall.objects.get()
    attachment = call.attachments.get()
    assert (attachment.name, attachment.mime, attachment.size) == (
        "起草说明附件.pdf",
        "application/pdf",
        len(pdf),
    )
    assert client.get(f"/participation/attachments/{attachment.pk}/").status_code == 404
    s.call_open(call=call, actor=office)
    response = client.get(f"/participation/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == pdf


def test_the_office_picks_the_final_document_from_the_agencys_latest(
    client, make_call, office, catalogue_item
):
    call = make_call(status="summarised")
    item = catalogue_item()
    client.force_login(office)
    page = client.get(f"/workbench/participation/{call.pk}/summary/").content.decode()
    assert f'<option value="{item.pk}">2026-03-02　{item.title}</option>' in page
    response = client.post(
        f"/workbench/participation/{call.pk}/summary/",
        {"form": "final", "final-item": str(item.pk), "final-index_number": ""},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.final_item == item


@pytest.mark.parametrize(
    ("form", "data", "message"),
    [
        ("summary", {"summary-intro": ""}, "请填写采纳情况说明"),
        ("final", {"final-item": "999999"}, "请从列表中选择本机关近期发布的文件"),
    ],
)
def test_bad_summary_page_forms_are_refused(client, make_call, office, form, data, message):
    call = make_call(status="closed")
    client.force_login(office)
    response = client.post(f"/workbench/participation/{call.pk}/summary/", {"form": form} | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    call.refresh_from_db()
    assert (call.status, call.final_item) == ("closed", None)


def test_merge_into_an_unknown_comment_is_refused(client, make_call, comment_on, office):
    comment = comment_on(make_call(), consent=True)
    client.force_login(office)
    response = client.post(
        f"/workbench/participation/comments/{comment.pk}/merge/",
        {f"merge-{comment.pk}-into": "999999"},
    )
    assert response.status_code == 400
    assert "请从列表中选择合并到" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_the_office_edits_a_draft_and_opens_it(client, make_call, office, agency):
    call = make_call(status="draft")
    client.force_login(office)
    response = client.post(
        f"/workbench/participation/{call.pk}/edit/",
        call_post(agency, title="示范区住宅专项维修资金管理办法（修改稿）"),
    )
    assert response.status_code == 302
    client.post(f"/workbench/participation/{call.pk}/do/open/")
    call.refresh_from_db()
    assert (call.title, call.status, call.published_on) == (
        "示范区住宅专项维修资金管理办法（修改稿）",
        "open",
        TODAY,
    )
    response = client.get(f"/workbench/participation/{call.pk}/edit/")
    assert response["Location"] == f"/workbench/participation/{call.pk}/"


def test_withdrawing_without_a_reason_is_refused(client, make_call, office):
    call = make_call()
    client.force_login(office)
    response = client.post(
        f"/workbench/participation/{call.pk}/do/withdraw/", {"withdraw-reason": ""}
    )
    assert response.status_code == 400
    assert "请填写撤回理由" in response.content.decode()
    call.refresh_from_db()
    assert call.status == "open"

"""Catalogue pages in the workbench: scoping (guessing URLs), the review screen's one-click
masking, batch approval, bad input."""

from datetime import date

import pytest
from lxml import html

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import DepartmentFactory, UserFactory
from gongkai.catalogue import services as s
from gongkai.catalogue.models import Item

D_PUBLISHED = date(2025, 10, 9)


def test_a_clerk_of_another_department_guessing_a_draft_url_gets_404(client, draft, agency):
    item = draft()
    outsider = UserFactory()
    role_grant(user=outsider, role=Role.CLERK, department=DepartmentFactory(agency=agency))
    client.force_login(outsider)
    assert (
        client.get(f"/workbench/catalogue/{item.pk}/").status_code,
        client.post(f"/workbench/catalogue/{item.pk}/do/submit/").status_code,
    ) == (404, 404)


def test_clerk_drafts_an_item_from_the_form(client, clerk):
    client.force_login(clerk)
    response = client.post(
        "/workbench/catalogue/new/",
        {
            "title": "关于公布2025年第三季度建筑市场检查结果的通知",
            "written_on": "2025-10-09",
            "statutory_category": "20-13",
            "genre": "notice",
            "attribute": "proactive",
            "body": "检查结果如下。",
        },
    )
    item = Item.objects.get()
    assert (response.status_code, item.department.name, item.created_by == clerk) == (
        302,
        "建筑市场监管科",
        True,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"written_on": "2025-02-30"}, "成文日期“2025-02-30”不存在，请检查月份和日期"),
        ({"written_on": "2025-1-1"}, "成文日期应为存在的日期，格式为 YYYY-MM-DD，例如 2025-09-26"),
        ({"written_on": "1900-01-01"}, "成文日期不能早于1949-10-01"),
        ({"attribute": "withheld"}, "不予公开的条目须写明法律依据（第十四条至第十六条）"),
        ({"title": ""}, "请填写标题"),
    ],
)
def test_bad_drafts_get_a_message_and_create_nothing(client, clerk, changes, message):
    client.force_login(clerk)
    data = {
        "title": "通知",
        "written_on": "2025-10-09",
        "statutory_category": "20-13",
        "genre": "notice",
        "attribute": "proactive",
    } | changes
    response = client.post("/workbench/catalogue/new/", data)
    assert (response.status_code, message in response.content.decode(), Item.objects.count()) == (
        400,
        True,
        0,
    )


def test_reviewer_masks_a_phone_number_with_one_click(client, draft, clerk, reviewer):
    item = draft(body="咨询电话13800138000。")
    s.item_submit(item=item, actor=clerk)
    client.force_login(reviewer)
    response = client.post(f"/workbench/catalogue/findings/{item.findings.get().pk}/mask/")
    item.refresh_from_db()
    assert (response.status_code, item.body) == (302, "咨询电话138****8000。")


def test_approval_with_open_findings_is_refused_on_the_page(client, draft, clerk, reviewer):
    item = draft(body="咨询电话13800138000。")
    s.item_submit(item=item, actor=clerk)
    client.force_login(reviewer)
    response = client.post(f"/workbench/catalogue/{item.pk}/do/secrecy_pass/")
    assert (
        response.status_code,
        "还有 1 处个人信息未去标识化或说明保留理由，不能通过审查" in response.content.decode(),
    ) == (400, True)


def test_batch_approval_publishes_the_chosen_items(client, approved, reviewer):
    first, second, left = approved(), approved(), approved()
    client.force_login(reviewer)
    client.post("/workbench/catalogue/review/", {"items": [first.pk, second.pk]})
    statuses = [Item.objects.get(pk=i.pk).status for i in (first, second, left)]
    assert statuses == ["published", "published", "approval"]


def test_a_clerk_cannot_open_the_review_queue_items(client, approved, clerk):
    approved()
    client.force_login(clerk)
    assert "没有待审核的条目" in client.get("/workbench/catalogue/review/").content.decode()


def test_a_draft_waiting_15_working_days_is_an_amber_todo(draft, clerk):
    from datetime import date

    from gongkai.workbench.todos import todos_for

    draft(written_on=date(2025, 9, 26))
    # 2025-09-26 + 15 working days = 2025-10-23 (国庆中秋 off, 09-28 and 10-11 worked)
    todos = [t for t in todos_for(clerk, date(2025, 10, 23)) if t.title.startswith("公开时限")]
    assert [(t.detail, t.urgency) for t in todos] == [
        ("成文已 15 个工作日，将满第二十六条规定的20个工作日", "amber")
    ]


def test_the_workbench_catalogue_list_shows_timeliness(client, approved, reviewer, clerk):
    from gongkai.catalogue import services as s

    s.item_approve(item=approved(), actor=reviewer, published_on=D_PUBLISHED)
    client.force_login(clerk)
    page = client.get("/workbench/catalogue/")
    # written 2025-09-26, published 2025-10-09: 09-28, 09-29, 09-30, 10-09 = 4 working days
    assert (
        page.status_code,
        "已发布 1 件，平均 4.0 个工作日，最长 4 个工作日" in page.content.decode(),
    ) == (200, True)


def test_publication_skips_an_index_number_already_imported(approved, reviewer, agency):
    from gongkai.catalogue import services as s
    from gongkai.catalogue.models import Item as ItemModel

    imported = approved(title="历史条目")
    ItemModel.objects.filter(pk=imported.pk).update(
        status="published", index_number="114410025/2025-00001", published_on=D_PUBLISHED
    )
    item = s.item_approve(item=approved(), actor=reviewer, published_on=D_PUBLISHED)
    assert item.index_number == "114410025/2025-00002"


LOW_INCOME_LIST = (
    "申请人：王建国，联系电话13800138000。\n申请人：李秀英，联系电话13900139000。\n"
    "联系人：王建国，电话13800138000。"
)


def test_the_review_screen_names_findings_in_chinese(client, draft, clerk, reviewer):
    item = draft(body="咨询电话13800138000。")
    s.item_submit(item=item, actor=clerk)
    client.force_login(reviewer)
    cells = [
        cell.text_content().strip()
        for cell in html.fromstring(client.get(f"/workbench/catalogue/{item.pk}/").content).xpath(
            '//section[@aria-labelledby="privacy-h"]//tbody/tr/td[position() <= 3]'
        )
    ]
    assert cells == ["正文", "手机号码", "138****8000"]


def test_every_finding_is_masked_at_once(client, draft, clerk, reviewer):
    item = draft(body=LOW_INCOME_LIST)
    s.item_submit(item=item, actor=clerk)
    client.force_login(reviewer)
    response = client.post(f"/workbench/catalogue/{item.pk}/do/mask_all/")
    item.refresh_from_db()
    assert (
        response.status_code,
        item.body,
        set(item.findings.values_list("resolution", flat=True)),
    ) == (
        302,
        "申请人：王**，联系电话138****8000。\n申请人：李**，联系电话139****9000。\n"
        "联系人：王**，电话138****8000。",
        {"masked"},
    )


def test_every_finding_of_one_kind_is_kept_with_one_reason(client, draft, clerk, reviewer):
    item = draft(body=LOW_INCOME_LIST)
    s.item_submit(item=item, actor=clerk)
    client.force_login(reviewer)
    client.post(
        f"/workbench/catalogue/{item.pk}/do/justify_all/",
        {"kind": "name", "reason": "低保对象名单依《社会救助暂行办法》公示"},
    )
    rows = sorted(item.findings.values_list("kind", "resolution", "justification"))
    assert set(rows) == {
        ("mobile", "open", ""),
        ("name", "justified", "低保对象名单依《社会救助暂行办法》公示"),
    }


def test_keeping_all_without_a_reason_changes_nothing(client, draft, clerk, reviewer):
    item = draft(body=LOW_INCOME_LIST)
    s.item_submit(item=item, actor=clerk)
    client.force_login(reviewer)
    response = client.post(
        f"/workbench/catalogue/{item.pk}/do/justify_all/", {"kind": "name", "reason": ""}
    )
    assert (
        response.status_code,
        "全部依法保留：请写明依法保留的理由" in response.content.decode(),
        set(item.findings.values_list("resolution", flat=True)),
    ) == (400, True, {"open"})

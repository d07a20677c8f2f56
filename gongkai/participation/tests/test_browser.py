"""Real-browser tests of comment calls: a citizen comments on one article of a draft; the
disclosure office moderates the comments and publishes the adoption summary, which the
public then reads. Chromium through Playwright against the live server (the day is Monday
2026-03-02, conftest)."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from gongkai.accounts.models import Agency, User
from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation, org_code
from gongkai.participation import services as s
from gongkai.participation.models import Comment
from gongkai.participation.tests.conftest import DRAFT, TODAY
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "示范区住宅专项维修资金管理办法（征求意见稿）"


def label(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*[:：]?\s*$")


def _call(**dates):
    schedule_seed_from_package()
    load_demo_organisation()
    office = User.objects.get(username="gongkaiban")
    call = s.call_create(
        agency=Agency.objects.get(short_name="住建局"),
        actor=office,
        title=TITLE,
        kind="normative",
        draft=DRAFT,
        drafting_note="为解决维修资金使用难的问题，起草本办法。",
        opens_on=dates.get("opens_on", TODAY),
        closes_on=dates.get("closes_on", TODAY + timedelta(days=30)),
        contact="房地产市场监管科　0731-88810025",
    )
    s.call_open(call=call, actor=office, on=min(call.opens_on, TODAY))
    return call, office


def test_a_citizen_comments_on_an_article(live_server, page):
    call, _ = _call()
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="征求意见").click()
    expect(page.get_by_text("剩余 31 天")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    page.locator("#article-3").get_by_role("link", name="对本条提意见").click()
    expect(page.locator("blockquote.quoted")).to_have_text(
        "第三条　住宅专项维修资金应当专项用于住宅共用部位、共用设施设备的维修。"
    )
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_role("alert")).to_have_text("请修改以下标出的内容后重新提交。")
    expect(page.get_by_text("请填写意见内容")).to_be_visible()

    expect(page.get_by_label(label("意见针对"))).to_have_value("3")
    page.get_by_label(label("意见内容")).fill(
        "我是王小明，电话13912345678。建议明确外墙饰面脱落也可以按应急程序使用维修资金。"
    )
    page.get_by_label(label("姓名")).fill("王小明")
    page.get_by_label(re.compile("^同意在网站公开我的意见")).check()
    page.get_by_role("button", name="提交意见").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("意见已提交")
    expect(page.locator("#receipt-number")).to_have_text(f"{org_code('11441002')}-YJ2026-00001")
    comment = Comment.objects.get()
    assert (comment.article, comment.name, comment.consent, comment.privacy_flags) == (
        3,
        "王小明",
        True,
        ["mobile"],
    )
    # Not shown before moderation.
    page.get_by_role("link", name="返回征求意见稿").click()
    expect(page.get_by_text("暂无公开的意见")).to_be_visible()


def test_the_office_moderates_and_publishes_the_summary(live_server, page, browser):
    call, office = _call(opens_on=TODAY - timedelta(days=40), closes_on=TODAY - timedelta(days=9))
    on = call.opens_on + timedelta(days=2)
    s.comment_submit(
        call=call, article=3, consent=True, on=on,
        body="我的电话13912345678。建议明确外墙饰面脱落也可以按应急程序使用维修资金。",
    )  # fmt: skip
    s.comment_submit(call=call, consent=True, on=on, body="物业公司经理就是骗子，建议曝光。")
    s.call_close(call=call, actor=office)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("gongkaiban")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    # 我的待办: the summary to publish, and the comments to moderate through the queue.
    expect(page.get_by_role("link", name=f"征求意见“{TITLE}”")).to_have_count(1)
    page.get_by_role("link", name="征求意见待审核的意见").click()
    queue = page.locator(".comment-queue tbody tr")
    expect(queue).to_have_count(2)
    expect(queue.nth(0).locator(".flags")).to_have_text("手机号码")
    queue.nth(0).get_by_role("link").click()
    expect(page.get_by_role("link", name="意见审核（2 条待审核）")).to_be_visible()

    first = page.locator(".comment-card").nth(0)
    expect(first.locator(".flags")).to_have_text("发现个人信息：手机号码")
    expect(first.locator(".preview")).to_have_text(
        "公开后显示：我的电话139****5678。建议明确外墙饰面脱落也可以按应急程序使用维修资金。"
    )
    first.get_by_role("button", name="公开").click()
    second = page.locator(".comment-card").nth(1)
    second.locator("summary", has_text="不予公开").click()
    second.get_by_role("button", name="不予公开").click()
    expect(page.locator(".comment-card").nth(1).get_by_text("请填写不予公开原因")).to_be_visible()
    second = page.locator(".comment-card").nth(1)
    second.get_by_label(label("不予公开原因")).fill("含有对他人的人身攻击")
    second.get_by_role("button", name="不予公开").click()

    page.get_by_role("link", name="意见采纳情况").click()
    page.locator("summary", has_text="新增意见归类").click()
    form = page.get_by_role("form", name="新增意见归类")
    form.get_by_label(label("意见内容")).fill("建议将外墙饰面脱落纳入应急使用情形。")
    form.get_by_label("未采纳").check()
    form.get_by_label(re.compile(f"{org_code('11441002')}-YJ2026-00001")).check()
    form.get_by_role("button", name="保存归类").click()
    expect(page.get_by_text("部分采纳或未采纳的，请说明理由")).to_be_visible()
    form = page.get_by_role("form", name="新增意见归类")
    form.get_by_label(label("理由")).fill(
        "外墙饰面脱落已属第九条第（五）项“其他危及房屋使用安全的情形”。"
    )
    form.get_by_role("button", name="保存归类").click()
    summary = page.get_by_role("form", name="发布反馈")
    summary.get_by_label(label("采纳情况说明")).fill("共收到意见2条，归纳为1条，未采纳1条。")
    summary.get_by_role("button", name="发布反馈").click()
    expect(
        page.get_by_text(re.compile("^意见采纳情况反馈已于2026年3月2日在网站发布"))
    ).to_be_visible()

    public = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 800}).new_page()
    public.goto(f"{live_server.url}/participation/{call.pk}/")
    expect(public.locator("td.decision")).to_have_text("未采纳")
    body = public.locator("main").inner_text()
    assert "该意见已于2026年3月2日因含有对他人的人身攻击不予公开。" in body
    assert "我的电话139****5678。" in body
    assert "13912345678" not in body and "骗子" not in body

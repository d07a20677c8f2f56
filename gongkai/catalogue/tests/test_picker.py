"""Choosing the item that amends or repeals another: a search over the agency's published
items (title, document number, index number), not a list of every item."""

from datetime import date

import lxml.html
import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import AgencyFactory, UserFactory
from gongkai.catalogue import services as s
from gongkai.catalogue.selectors import amending_candidates

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(approved, reviewer):
    def make(title, **fields):
        return s.item_approve(
            item=approved(title=title, **fields), actor=reviewer, published_on=date(2025, 10, 9)
        )

    return make


@pytest.fixture
def old_rules(publish):
    return publish("示范区既有住宅加装电梯管理办法", doc_number="示住建〔2023〕5号")


def test_candidates_are_found_by_title_number_or_index_number(old_rules, publish):
    new = publish("示范区既有住宅加装电梯管理办法（修订）", doc_number="示住建〔2025〕21号")
    publish("示范区老旧小区改造资金管理办法", doc_number="示住建〔2025〕22号")
    found = [
        [i.title for i in amending_candidates(item=old_rules, query=q)]
        for q in ("加装电梯", "〔2025〕21", new.index_number, "")
    ]
    assert found == [
        ["示范区既有住宅加装电梯管理办法（修订）"],
        ["示范区既有住宅加装电梯管理办法（修订）"],
        ["示范区既有住宅加装电梯管理办法（修订）"],
        [],
    ]


def test_candidates_leave_out_drafts_and_other_agencies(old_rules, draft):
    draft(title="示范区既有住宅加装电梯管理办法（征求意见稿）")
    administrator = UserFactory(username="guanli")
    role_grant(user=administrator, role=Role.ADMIN)
    other = s.item_create(
        agency=AgencyFactory(code="114410049", name="示范区财政局"),
        actor=administrator,
        title="示范区既有住宅加装电梯补助资金管理办法",
        written_on=date(2025, 9, 26),
        statutory_category="20-1",
        genre="notice",
        body="各街道：现将补助资金管理办法印发给你们。",
    )
    s.item_submit(item=other, actor=administrator)
    s.item_secrecy_review(item=other, actor=administrator, passed=True)
    s.item_approve(item=other, actor=administrator, published_on=date(2025, 10, 9))
    assert amending_candidates(item=old_rules, query="电梯") == []


def test_the_item_page_lists_the_search_results_as_choices(client, reviewer, old_rules, publish):
    new = publish("示范区既有住宅加装电梯管理办法（修订）", doc_number="示住建〔2025〕21号")
    client.force_login(reviewer)
    page = lxml.html.fromstring(
        client.get(f"/workbench/catalogue/{old_rules.pk}/", {"by_q": "修订"}).content.decode()
    )
    assert page.xpath('//fieldset[@id="by-choices"]//input[@name="by"]/@value') == ["", str(new.pk)]


def test_a_search_with_no_result_says_so(client, reviewer, old_rules):
    client.force_login(reviewer)
    page = lxml.html.fromstring(
        client.get(
            f"/workbench/catalogue/{old_rules.pk}/", {"by_q": "不存在的文件"}
        ).content.decode()
    )
    assert page.xpath('//p[@class="picker-empty"]/text()') == [
        "没有找到与“不存在的文件”相符的本机关已发布文件。"
    ]


def test_the_picker_json_lists_the_candidates(client, reviewer, old_rules, publish):
    new = publish("示范区既有住宅加装电梯管理办法（修订）", doc_number="示住建〔2025〕21号")
    client.force_login(reviewer)
    response = client.get(f"/workbench/catalogue/{old_rules.pk}/candidates/", {"q": "修订"})
    assert response.json() == {
        "results": [
            {
                "pk": new.pk,
                "title": "示范区既有住宅加装电梯管理办法（修订）",
                "doc_number": "示住建〔2025〕21号",
                "index_number": new.index_number,
                "published_on": "2025-10-09",
            }
        ]
    }


def test_the_chosen_item_is_recorded_as_the_amending_one(client, reviewer, old_rules, publish):
    new = publish("示范区既有住宅加装电梯管理办法（修订）", doc_number="示住建〔2025〕21号")
    client.force_login(reviewer)
    client.post(
        f"/workbench/catalogue/{old_rules.pk}/do/validity/",
        {"validity": "amended", "on": "2025-10-09", "by": str(new.pk)},
    )
    old_rules.refresh_from_db()
    assert (old_rules.validity, old_rules.amended_by_id) == ("amended", new.pk)

"""The disclosure guide (公开指南, Art. 12): generated from the agency's own records — the
catalogue's classification, how to obtain information, and the office's contact details."""

from datetime import date

import pytest

from gongkai.catalogue import services as s
from gongkai.catalogue.models import Subject
from gongkai.portal.tests.pages import definitions, links, section, squash, tree


@pytest.fixture
def office(agency):
    agency.office_name = "示范区住房和城乡建设局办公室"
    agency.office_address = "示范区人民路88号"
    agency.office_postcode = "516001"
    agency.office_hours = "工作日 8:30-12:00，14:30-17:30"
    agency.office_phone = "0752-2100001"
    agency.office_fax = "0752-2100002"
    agency.office_email = "gongkai@zjj.example.gov.cn"
    agency.save()
    agency.government.supervising_office_name = "示范区人民政府办公室"
    agency.government.save()
    return agency


def rows(table) -> list[list[str]]:
    return [
        [squash(cell.text_content()) for cell in tr.xpath("./td")]
        for tr in table.xpath(".//tbody/tr")
    ]


def items(node) -> list[str]:
    return [squash(li.text_content()) for li in node]


def test_guide_gives_the_office_contact_details(client, office):
    response = client.get("/guide/114410025/")
    assert definitions(response, "office-h") == {
        "机构名称": "示范区住房和城乡建设局办公室",
        "办公地址": "示范区人民路88号",
        "邮政编码": "516001",
        "办公时间": "工作日 8:30-12:00，14:30-17:30",
        "联系电话": "0752-2100001",
        "传真": "0752-2100002",
        "电子邮箱": "gongkai@zjj.example.gov.cn",
    }


def test_contact_details_not_yet_entered_say_so(client, agency):
    response = client.get("/guide/114410025/")
    assert definitions(response, "office-h") == {
        "机构名称": "示范区住房和城乡建设局办公室",
        "办公地址": "未公布",
        "邮政编码": "未公布",
        "办公时间": "未公布",
        "联系电话": "未公布",
        "传真": "未公布",
        "电子邮箱": "未公布",
    }


def test_guide_lists_the_categories_and_subjects_the_catalogue_uses_with_counts(
    client, office, published, admin
):
    housing = Subject.objects.create(name="城乡建设、环境保护", sort_order=9)
    finance = Subject.objects.create(name="财政、金融、审计", sort_order=3)
    published(statutory_category="20-6", subject=housing)
    published(statutory_category="20-3", subject=housing)
    published(statutory_category="20-3", subject=finance)
    published(statutory_category="20-7")
    withdrawn = published(statutory_category="20-9", subject=finance)
    s.item_withdraw(item=withdrawn, actor=admin, reason="发布有误，撤回更正")
    proactive = section(client.get("/guide/114410025/"), "proactive-h")
    categories, subjects = proactive.xpath(".//table")
    assert (
        squash(proactive.xpath(".//h3/following-sibling::p[1]")[0].text_content()),
        rows(categories),
        rows(subjects),
        links(categories)[0],
    ) == (
        "本机关已主动公开政府信息 4 条，按《政府信息公开条例》第二十条的类别和主题分类编排。",
        [
            ["（三）国民经济和社会发展规划、专项规划、区域规划及相关政策", "2"],
            ["（六）实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定", "1"],
            ["（七）财政预算、决算信息", "1"],
        ],
        [["财政、金融、审计", "1"], ["城乡建设、环境保护", "2"]],
        (
            "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策",
            "/catalogue/agency/114410025/?category=20-3",
        ),
    )


def test_guide_says_how_to_apply_with_the_article_29_contents(client, office):
    apply = section(client.get("/guide/114410025/"), "apply-h")
    lists = apply.xpath("./ul")
    assert (
        items(lists[0].xpath("./li")),
        links(lists[0])[0],
        items(apply.xpath("./ol/li")),
    ) == (
        [
            "网上申请：在线填写政府信息公开申请，提交后取得申请编号和查询码，可随时查询办理进度；",
            "当面申请：在办公时间到示范区人民路88号提交；",
            "信函申请：邮寄至示范区人民路88号（邮政编码 516001），"
            "请在信封上注明“政府信息公开申请”；",
            "电子邮件申请：发送至 gongkai@zjj.example.gov.cn；",
            "传真申请：传真至 0752-2100002。",
        ],
        ("在线填写政府信息公开申请", f"/apply/?agency={office.pk}"),
        [
            "申请人的姓名或者名称、身份证明、联系方式；",
            "申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；",
            "申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
        ],
    )


def test_guide_states_the_article_33_time_limits(client, office):
    apply = section(client.get("/guide/114410025/"), "apply-h")
    assert items(apply.xpath("./ul")[1].xpath("./li")) == [
        "能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复（第三十三条）。",
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日（第三十三条）。",
        "征求第三方和其他机关意见所需时间不计算在答复期限内（第三十三条）。",
        "申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知申请人补正；答复期限自收到补正的申请之日起计算（第三十条）。",
    ]


def test_guide_names_the_supervising_office_for_complaints(client, office):
    remedy = section(client.get("/guide/114410025/"), "remedy-h")
    assert squash(remedy.xpath("./p")[0].text_content()) == (
        "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关"
        "或者政府信息公开工作主管部门（示范区人民政府办公室）投诉、举报，也可以依法申请行政复议或者"
        "提起行政诉讼（第五十一条）。"
    )


def test_guide_of_an_unknown_agency_is_404(client, db):
    assert client.get("/guide/000000000/").status_code == 404


def test_guide_index_lists_every_agency(client, agency, other_agency):
    page = tree(client.get("/guide/"))
    assert links(page.xpath('//ul[@class="agency-list"]')[0]) == [
        ("示范区住房和城乡建设局政府信息公开指南", "/guide/114410025/"),
        ("公开目录", "/catalogue/agency/114410025/"),
        ("示范区财政局政府信息公开指南", "/guide/114410049/"),
        ("公开目录", "/catalogue/agency/114410049/"),
    ]


def test_guide_of_a_new_agency_lists_no_categories(client, agency):
    proactive = section(client.get("/guide/114410025/"), "proactive-h")
    assert proactive.xpath(".//table") == []


def test_guide_links_to_the_agency_feeds_and_api(client, office, published):
    published(published_on=date(2025, 10, 9))
    proactive = section(client.get("/guide/114410025/"), "proactive-h")
    ways = proactive.xpath("./ul")[0]
    assert links(ways) == [
        ("示范区住房和城乡建设局政府信息公开目录", "/catalogue/agency/114410025/"),
        ("RSS", "/feeds/agency/114410025/rss/"),
        ("Atom", "/feeds/agency/114410025/atom/"),
        ("公开目录数据（JSON）", "/api/items/?agency=114410025"),
    ]

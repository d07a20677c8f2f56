"""`gongkai inspection run` and `gongkai standards import` (docs/interfaces.md §9)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.inspection.models import DisclosureMatter, Finding

pytestmark = pytest.mark.django_db
HEADER = (
    "领域,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道,公开对象,公开方式,"
    "公开层级,责任机关\n"
)
ROW = (
    "义务教育,招生入学,招生政策,招生范围,义务教育法,招生工作开始前,县级教育行政部门,"
    "政府网站,全社会,{way},县级,\n"
)


def test_inspection_run_prints_the_counts(agency, receive):
    receive((timezone.localdate() - timedelta(days=120)).isoformat())
    out = StringIO()
    call_command("inspection", "run", "--agency", agency.code, "--no-crawl", stdout=out)
    assert out.getvalue() == "新发现问题 10 个，已整改关闭 0 个，仍未整改 10 个。\n"
    assert Finding.objects.filter(rule="message_unanswered", veto=True).count() == 1


def test_inspection_run_refuses_an_unknown_agency(db):
    with pytest.raises(CommandError, match="没有代码为“999”的机关"):
        call_command("inspection", "run", "--agency", "999")


def test_standards_import_refuses_a_bad_file_whole(tmp_path):
    path = tmp_path / "目录.csv"
    path.write_text(HEADER + ROW.format(way="主动") + ROW.format(way="公开"), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("standards", "import", str(path))
    assert str(caught.value).splitlines() == [
        "未导入任何事项：",
        "第 3 行「公开方式」：应为“主动”或“依申请”",
        "第 3 行「二级事项」：与第 2 行重复（领域、一级事项、二级事项相同）",
    ]
    assert DisclosureMatter.objects.count() == 0


def test_standards_import_twice_updates(tmp_path):
    path = tmp_path / "目录.csv"
    path.write_text(HEADER + ROW.format(way="主动"), encoding="utf-8")
    out = StringIO()
    call_command("standards", "import", str(path), stdout=out)
    call_command("standards", "import", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "已导入标准目录：新增 1 项，更新 0 项。",
        "已导入标准目录：新增 0 项，更新 1 项。",
    ]


def test_the_supervising_office_edits_a_matter_and_an_agency_may_not(
    client, supervisor, office, agency
):
    client.force_login(office)
    assert client.get(reverse("inspection:standard_new")).status_code == 403
    client.force_login(supervisor)
    data = {
        "area": "义务教育",
        "level1": "招生入学",
        "level2": "招生政策",
        "content": "招生范围、招生条件",
        "basis": "",
        "time_limit": "信息形成之日起十个工作日内",
        "subject": "县级教育行政部门",
        "channels": ["政府网站", "12345热线"],
        "audience": "全社会",
        "way": "主动",
        "levels": ["县级"],
        "agency": str(agency.pk),
    }
    response = client.post(reverse("inspection:standard_new"), data)
    assert response.status_code == 302
    matter = DisclosureMatter.objects.get()
    assert (matter.limit_amount, matter.limit_unit, matter.channels) == (
        10,
        "workdays",
        ["政府网站", "12345热线"],
    )
    refused = client.post(reverse("inspection:standard_new"), data | {"channels": []})
    assert "请至少选择一个公开渠道" in refused.content.decode()

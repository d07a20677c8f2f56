"""The standard catalogue: 时限 read into days, and the file refused whole with every problem."""

import pytest

from gongkai.inspection.standards import (
    StandardFileError,
    TimeLimit,
    chinese_number,
    parse_time_limit,
    read_standards,
)

# (时限 as the guidelines write it, amount, unit)
LIMIT_CASES = [
    ("信息形成或变更之日起20个工作日内", 20, "workdays"),
    ("自信息形成或者变更之日起二十个工作日内予以公开", 20, "workdays"),
    ("作出决定之日起七个工作日内", 7, "workdays"),
    ("批复后20日内", 20, "days"),
    ("审核确认后在申请人所在村（社区）公示7日", 7, "days"),
    ("发放前公示不少于7天", 7, "days"),
    ("采购活动开始前30日", 30, "days"),
    ("每3个月更新", 3, "months"),
    # the first limit in the text is the one that counts
    ("出让活动开始前20日发布公告，成交后10个工作日内公布结果", 20, "days"),
    ("文件印发后十五个工作日内", 15, "workdays"),
    ("及时", 20, "workdays"),  # Art. 26 where the guidelines say only 及时
    ("分配结果确定后及时", 20, "workdays"),
    ("实时更新", None, ""),
    ("长期公开", None, ""),
    ("每月", None, ""),
    ("0个工作日", None, ""),
]


@pytest.mark.parametrize(("text", "amount", "unit"), LIMIT_CASES)
def test_parse_time_limit(text, amount, unit):
    assert parse_time_limit(text) == TimeLimit(amount, unit)


@pytest.mark.parametrize(
    ("text", "n"),
    [("20", 20), ("二十", 20), ("十五", 15), ("十", 10), ("一百二十", 120), ("两", 2)],
)
def test_chinese_number(text, n):
    assert chinese_number(text) == n


def test_limit_label():
    assert (TimeLimit(20, "workdays").label, TimeLimit(None, "").label) == (
        "20个工作日",
        "无固定时限",
    )


HEADER = (
    "领域,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道,公开对象,公开方式,"
    "公开层级,责任机关\n"
)
GOOD = (
    "财政预决算,预算,部门预算,部门预算报表及说明,预算法,批复后20日内,县级各部门,"
    "政府网站、政府公报,全社会,主动,县级,财政局\n"
)


def test_a_good_file_is_read():
    (row,) = read_standards((HEADER + GOOD).encode(), "目录.csv")
    assert (row.row, row.level2, row.channels, row.levels, row.agency) == (
        2,
        "部门预算",
        ("政府网站", "政府公报"),
        ("县级",),
        "财政局",
    )


def test_every_problem_is_listed_by_row_and_column():
    bad = "财政预决算,预算,部门预算,,预算法,批复后20日内,县级各部门,微博,所有人,主动,省级,\n"
    with pytest.raises(StandardFileError) as caught:
        read_standards((HEADER + GOOD + bad + GOOD).encode(), "目录.csv")
    assert str(caught.value).splitlines() == [
        "第 3 行「公开内容」：不能为空",
        "第 3 行「公开渠道」：“微博”不是规定的渠道，应为：政府网站、政府公报、两微一端、"
        "发布会/听证会、广播电视、纸质媒体、公开查阅点、政务服务中心、便民服务站、入户/现场、"
        "社区/村公示栏、精准推送、12345热线、其他",
        "第 3 行「公开对象」：应为“全社会”或“特定对象”",
        "第 3 行「公开层级」：“省级”不是规定的层级，应为：市级、县级、乡级、村级",
        "第 3 行「二级事项」：与第 2 行重复（领域、一级事项、二级事项相同）",
        "第 4 行「二级事项」：与第 2 行重复（领域、一级事项、二级事项相同）",
    ]


def test_another_file_type_is_refused():
    with pytest.raises(StandardFileError, match="不支持的文件类型"):
        read_standards(b"x", "目录.docx")

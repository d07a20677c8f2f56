"""Information often applied for (Art. 44): similar descriptions grouped by bigram Jaccard."""

import pytest

from gongkai.inspection.frequent import Case, bigrams, group_similar, jaccard


def test_bigrams_drop_the_opening_words_and_single_characters():
    assert bigrams("申请公开南湖小区预算") == frozenset({"南湖", "湖小", "小区", "区预", "预算"})


# (a, b, Jaccard worked out by hand over the bigram sets)
JACCARD_CASES = [
    # identical after the opening words: 1
    ("申请公开老旧小区改造资金", "请公开老旧小区改造资金", 1.0),
    # 老旧 旧小 小区 区改 改造 vs 老旧 旧小 小区 区名 名单: 3 shared of 7
    ("申请公开老旧小区改造", "申请公开老旧小区名单", 3 / 7),
    ("预算", "决算", 0.0),
]


@pytest.mark.parametrize(("a", "b", "expected"), JACCARD_CASES)
def test_jaccard(a, b, expected):
    assert jaccard(bigrams(a), bigrams(b)) == pytest.approx(expected)


def test_several_applicants_asking_the_same_are_one_group():
    cases = [
        Case(1, "张三", "申请公开2025年保障性租赁住房分配名单及审核标准。"),
        Case(2, "李四", "请公开2025年保障性租赁住房分配名单和审核标准"),
        Case(3, "王五", "申请公开2025年度部门预算"),
        Case(4, "赵六", "申请公开2025年保障性租赁住房分配名单及审核标准。"),
    ]
    (group,) = group_similar(cases)
    assert ([c.id for c in group.cases], group.applicants, group.signature) == ([1, 2, 4], 3, "1")


def test_one_applicant_asking_three_times_is_not_several():
    cases = [Case(n, "张 三", "申请公开2025年保障性租赁住房分配名单") for n in (1, 2, 3)]
    cases.append(Case(4, "张三", "申请公开2025年保障性租赁住房分配名单"))
    assert group_similar(cases) == []


def test_the_same_request_about_two_places_is_not_the_same_information():
    cases = [
        Case(1, "张三", "申请公开南湖小区道路改造工程的招标文件和中标结果。"),
        Case(2, "李四", "申请公开建设大道道路改造工程的招标文件和中标结果。"),
    ]
    assert group_similar(cases) == []


def test_groups_link_through_a_middle_case_and_come_largest_first():
    cases = [
        Case(1, "甲", "申请公开城东片区农贸市场食品安全抽检结果"),
        Case(2, "乙", "申请公开城东片区农贸市场食品安全抽检结果及处理"),
        Case(3, "丙", "申请公开城东片区农贸市场食品安全抽检结果及处理情况"),
        Case(4, "丁", "申请公开2026年度政府集中采购目录及限额标准"),
        Case(5, "戊", "申请公开2026年度政府集中采购目录及限额标准"),
        Case(6, "己", "申"),
    ]
    assert [[c.id for c in g.cases] for g in group_similar(cases)] == [[1, 2, 3], [4, 5]]

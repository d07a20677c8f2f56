"""Splitting a Chinese legal draft into its articles (articles.py)."""

import pytest

from gongkai.participation.articles import (
    ARTICLE,
    HEADING,
    PREAMBLE,
    Block,
    article_label,
    chinese_number,
    chinese_numeral,
    duplicate_numbers,
    split,
)

NUMBERS = [
    ("一", 1),
    ("九", 9),
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("二十一", 21),
    ("九十九", 99),
    ("一百", 100),
    ("一百零三", 103),
    ("一百一十", 110),
    ("一百二十三", 123),
    ("一千零一十", 1010),
    ("12", 12),
    ("１２", 12),
    ("两百", 200),
]


@pytest.mark.parametrize(("numeral", "expected"), NUMBERS)
def test_chinese_number(numeral, expected):
    assert chinese_number(numeral) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (103, "一百零三"), (110, "一百一十"),
     (1010, "一千零一十")],
)  # fmt: skip
def test_chinese_numeral(number, expected):
    assert chinese_numeral(number) == expected


def test_article_label():
    assert article_label(12) == "第十二条"


SPLITS = [
    (
        "Chinese numerals, full-width space after the label",
        "第一条　为了规范管理，制定本办法。\n第二条　本办法适用于本区。",
        [
            Block(ARTICLE, 1, "第一条", "为了规范管理，制定本办法。"),
            Block(ARTICLE, 2, "第二条", "本办法适用于本区。"),
        ],
    ),
    (
        "Arabic numerals and no space",
        "第1条本办法自公布之日起施行。\n第2条 由区住建局负责解释。",
        [
            Block(ARTICLE, 1, "第1条", "本办法自公布之日起施行。"),
            Block(ARTICLE, 2, "第2条", "由区住建局负责解释。"),
        ],
    ),
    (
        "text before the first article is the preamble; chapters are headings",
        "示范区物业管理办法（征求意见稿）\n第一章　总则\n第一条　为了……\n第二章　附则\n"
        "第十二条　本办法自2026年1月1日起施行。",
        [
            Block(PREAMBLE, None, "", "示范区物业管理办法（征求意见稿）"),
            Block(HEADING, 1, "第一章", "总则"),
            Block(ARTICLE, 1, "第一条", "为了……"),
            Block(HEADING, 2, "第二章", "附则"),
            Block(ARTICLE, 12, "第十二条", "本办法自2026年1月1日起施行。"),
        ],
    ),
    (
        "an article's later paragraphs and items stay with it; blank lines dropped",
        "第三条　申请人应当提交下列材料：\n\n（一）申请书；\n（二）身份证明。\n第四条　略。",
        [
            Block(
                ARTICLE, 3, "第三条", "申请人应当提交下列材料：\n（一）申请书；\n（二）身份证明。"
            ),
            Block(ARTICLE, 4, "第四条", "略。"),
        ],
    ),
    (
        "a reference to an article inside a line does not start one",
        "第五条　依照本办法第三条规定办理。\n第六条　略。",
        [
            Block(ARTICLE, 5, "第五条", "依照本办法第三条规定办理。"),
            Block(ARTICLE, 6, "第六条", "略。"),
        ],
    ),
    (
        "a line starting 第…章 that is a sentence is text, not a heading",
        "第七条　按规定执行。\n第二章规定的补贴标准，由区财政局会同有关部门另行制定并公布。",
        [
            Block(
                ARTICLE,
                7,
                "第七条",
                "按规定执行。\n第二章规定的补贴标准，由区财政局会同有关部门另行制定并公布。",
            ),
        ],
    ),
    (
        "no articles at all",
        "关于调整公交票价的说明",
        [Block(PREAMBLE, None, "", "关于调整公交票价的说明")],
    ),
    (
        "Windows line ends and leading full-width indent",
        "　　第一条　甲。\r\n　　第二条　乙。",
        [Block(ARTICLE, 1, "第一条", "甲。"), Block(ARTICLE, 2, "第二条", "乙。")],
    ),
]


@pytest.mark.parametrize(("why", "text", "expected"), SPLITS)
def test_split(why, text, expected):
    assert split(text) == expected, why


def test_duplicate_numbers_are_listed():
    blocks = split("第一条　甲。\n第二条　乙。\n第二条　丙。")
    assert duplicate_numbers(blocks) == [2]

"""Split a Chinese legal draft into its articles (第X条), for showing a comment call's draft
article by article and letting a citizen comment on one of them. Pure: no Django.

A draft is read line by line:
- a line that starts with 第…条 (Chinese numerals 第一条 … 第一百二十三条, or Arabic 第1条,
  full-width digits too) begins an article; the article runs until the next article or
  heading; its number is the one written, converted to an integer;
- a line that is 第…章 / 第…节 (with its title) is a heading, kept in its place;
- text before the first article or heading (the title, a preamble) is the preamble;
- a line 第…条 inside running text ("依照本办法第三条规定") does not begin an article: only a
  line that *starts* with it does (drafts write 第一条　为了…… or 第一条为了……);
- a heading's title is short (at most 30 characters) and has no 。: a longer line that starts
  with 第…章 is text.

Readings: an article number written twice is kept twice here (`duplicate_numbers` lists
them; the services refuse such a draft, since a comment names its article by number); blank
lines are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREAMBLE = "preamble"
HEADING = "heading"
ARTICLE = "article"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS |= {"七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = r"[零〇一二两三四五六七八九十百千]+|[0-9０-９]+"
_ARTICLE = re.compile(rf"^\s*第\s*({_NUMERAL})\s*条(?:[\s\u3000]+|(?=[^\s\u3000]))?(.*)$")
_MAX_HEADING = 30
_HEADING = re.compile(rf"^\s*第\s*({_NUMERAL})\s*([章节编])(?:[\s\u3000]*)(.*)$")


@dataclass(frozen=True)
class Block:
    kind: str  # preamble | heading | article
    number: int | None  # the article's (or chapter's) number
    label: str  # 第十二条 / 第二章 as written (normalised: no inner spaces)
    text: str  # the article's text without its label; a heading's title


def chinese_number(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103, 12 / １２ → 12. ValueError otherwise."""
    numeral = numeral.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(ch not in _DIGITS and ch not in _UNITS for ch in numeral):
        raise ValueError(f"不是数字：{numeral}")
    total = 0
    current = 0
    for ch in numeral:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            total += (current or 1) * unit  # 十二: the leading 一 is implied
            current = 0
    return total + current


def split(text: str) -> list[Block]:
    blocks: list[Block] = []
    preamble: list[str] = []
    article: tuple[int, str, list[str]] | None = None

    def flush() -> None:
        nonlocal article
        if article is not None:
            number, label, lines = article
            blocks.append(Block(ARTICLE, number, label, "\n".join(lines).strip()))
            article = None

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().strip("\u3000")
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading and (len(heading.group(3)) > _MAX_HEADING or "。" in heading.group(3)):
            heading = None
        if heading:
            flush()
            if preamble:
                blocks.append(Block(PREAMBLE, None, "", "\n".join(preamble)))
                preamble = []
            number = chinese_number(heading.group(1))
            label = f"第{heading.group(1)}{heading.group(2)}"
            blocks.append(Block(HEADING, number, label, heading.group(3).strip()))
            continue
        match = _ARTICLE.match(line)
        if match:
            flush()
            if preamble:
                blocks.append(Block(PREAMBLE, None, "", "\n".join(preamble)))
                preamble = []
            number = chinese_number(match.group(1))
            article = (number, f"第{match.group(1)}条", [match.group(2).strip()])
            continue
        if article is not None:
            article[2].append(line)
        elif blocks:
            # Text after a heading and before the next article: keep it with the heading's
            # section as a preamble of its own (rare: a chapter's introductory sentence).
            blocks.append(Block(PREAMBLE, None, "", line))
        else:
            preamble.append(line)
    flush()
    if preamble:
        blocks.append(Block(PREAMBLE, None, "", "\n".join(preamble)))
    return blocks


def article_numbers(blocks: list[Block]) -> list[int]:
    return [b.number for b in blocks if b.kind == ARTICLE and b.number is not None]


def duplicate_numbers(blocks: list[Block]) -> list[int]:
    seen: set[int] = set()
    twice: list[int] = []
    for number in article_numbers(blocks):
        if number in seen and number not in twice:
            twice.append(number)
        seen.add(number)
    return twice


def article_label(number: int) -> str:
    """12 → 第十二条 (the label a comment on article 12 shows)."""
    return f"第{chinese_numeral(number)}条"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 103 → 一百零三, 110 → 一百一十 (to 9999)."""
    if not 0 < number < 10000:
        raise ValueError(f"条号超出范围：{number}")
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = number // value % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        if not (unit == "十" and d == 1 and number < 20):
            parts.append(digits[d])
        parts.append(unit)
    return "".join(parts)

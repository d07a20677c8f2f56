"""Placeholders left in a report's text: a report that still holds one is not published
(issue 12 §2). Pure: no Django.

What counts is what offices leave in templates and drafts to be filled in later: runs of X or
× standing for a figure or a date (XX件, 20XX年, ×月×日), 某某, fill-in brackets 【…】, blank
lines to write on (＿＿, ___), and the notes 待补充 / 待填写 / 请填写 / 此处… / TODO. Ordinary
text does not: an ellipsis (……), a lone X in a name (X射线), brackets in a title (〔2025〕).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("待填的数字或日期", re.compile(r"[XxＸｘ×]{2,}|[XxＸｘ×][年月日号件条个项]|20[XxＸｘ×]{2}")),
    ("“某某”", re.compile(r"某某")),
    ("填空括号", re.compile(r"【[^】]{0,30}】")),
    ("填空横线", re.compile(r"_{3,}|＿{2,}")),
    (
        "待办批注",
        re.compile(r"待补充|待填写|待完善|请填写|请补充|请修改|此处(?:填写|输入|补充)|TODO|TBD"),
    ),
)
_TAG = re.compile(r"<[^>]*>")
CONTEXT = 8


@dataclass(frozen=True)
class Placeholder:
    kind: str
    text: str  # the placeholder with a few characters around it


def find_placeholders(html: str) -> list[Placeholder]:
    """Every placeholder in a section's text (markup ignored), in the order they stand."""
    text = _TAG.sub("", html or "")
    found: list[tuple[int, Placeholder]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            low = max(0, match.start() - CONTEXT)
            high = min(len(text), match.end() + CONTEXT)
            found.append((match.start(), Placeholder(kind, text[low:high].strip())))
    return [placeholder for _, placeholder in sorted(found, key=lambda pair: pair[0])]

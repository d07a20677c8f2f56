"""Labels of comment calls (docs/law.md §9). Pure."""

from __future__ import annotations

MAJOR_DECISION = "major_decision"
NORMATIVE = "normative"
NORMATIVE_MARKET = "normative_market"
RULES = "rules"
OTHER = "other"

KINDS = {
    MAJOR_DECISION: "重大行政决策",
    NORMATIVE: "行政规范性文件",
    NORMATIVE_MARKET: "行政规范性文件（涉市场主体）",
    RULES: "规章草案",
    OTHER: "其他",
}

CHANNELS = {"website": "网站", "letter": "信函", "email": "电子邮件"}

DECISIONS = {"adopted": "采纳", "partly_adopted": "部分采纳", "not_adopted": "未采纳"}

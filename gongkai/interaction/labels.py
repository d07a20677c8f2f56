"""The message's and the enquiry's vocabularies: identifier → the Chinese label people see
(docs/interfaces.md). Pure."""

from __future__ import annotations

CHANNELS: dict[str, str] = {
    "website": "网站留言",
    "leader_mailbox": "领导信箱",
    "email": "电子邮件",
    "hotline": "12345转办",  # a hotline_order from the 12345 hot-line
    "letter": "信函",
}
# 咨询 as the type of a message is a `question`: an *enquiry* (GLOSSARY) is the register entry.
TYPES: dict[str, str] = {
    "question": "咨询",
    "complaint": "投诉",
    "suggestion": "建议",
    "help": "求助",
    "other": "其他",
}
SATISFACTION: dict[str, str] = {
    "satisfied": "满意",
    "fairly_satisfied": "基本满意",
    "dissatisfied": "不满意",
}
ENQUIRY_CHANNELS: dict[str, str] = {"phone": "电话", "in_person": "当面", "online": "网上"}
INVALID_REASONS = ("垃圾信息", "辱骂攻击", "重复留言", "无实质内容")

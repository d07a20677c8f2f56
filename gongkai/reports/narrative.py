"""Suggested text for sections 一, 五 and 六, drawn from the records. Pure.

The office edits it; what is suggested is only facts (counts and amounts), never claims."""

from __future__ import annotations

import re
from html import escape, unescape

CHANNEL_LABELS = {
    "in_person": "当面",
    "online": "网络",
    "letter": "信函",
    "email": "电子邮件",
    "fax": "传真",
}


def suggested_overview(data: dict) -> str:
    facts = data["facts"]
    year = data["year"]
    by_channel = (
        "，".join(
            f"{CHANNEL_LABELS.get(channel, channel)}{n}件"
            for channel, n in sorted(
                facts["applications_by_channel"].items(), key=lambda pair: -pair[1]
            )
        )
        or "无"
    )
    timeliness = data.get("timeliness") or {}
    parts = [
        f"{year}年，本机关依照《中华人民共和国政府信息公开条例》，主动公开政府信息"
        f"{facts['items_published']}条。",
    ]
    if timeliness.get("items"):
        parts.append(
            f"政府信息从形成到公开平均需要{timeliness['average']}个工作日，"
            f"最长需要{timeliness['longest']}个工作日。"
        )
    parts.append(
        f"全年共收到政府信息公开申请{facts['applications_received']}件"
        f"（{by_channel}），均依法登记、办理和答复。"
    )
    enquiries = facts.get("enquiries") or {}
    if enquiries.get("total"):
        parts.append(
            f"通过电话、当面、网上等渠道答复公众咨询{enquiries['total']}次"
            f"（电话{enquiries.get('phone', 0)}次，当面{enquiries.get('in_person', 0)}次，"
            f"网上{enquiries.get('online', 0)}次）。"
        )
    return "<p>" + escape("".join(parts)) + "</p>"


def suggested_other_matters(data: dict) -> str:
    fees = data["processing_fees"]
    if not fees["notices"]:
        text = "本年度未收取政府信息公开信息处理费。"
    else:
        text = (
            f"依据《政府信息公开信息处理费管理办法》，本年度发出收费通知{fees['notices']}件，"
            f"通知收费金额{fees['notified_yuan']}元，实际收取{fees['collected_yuan']}元。"
        )
    return "<p>" + escape(text) + "</p>"


def suggested_problems(data: dict) -> str:
    late = data["facts"].get("replied_late", 0)
    if late:
        text = f"本年度有{late}件政府信息公开申请超过法定期限答复，下一步将加强办理期限管理。"
    else:
        text = "本年度依申请公开均在法定期限内答复。"
    return "<p>" + escape(text) + "</p>"


# -- plain text <-> the sections' HTML (the editor's fallback without JavaScript) -----------

_BULLET = re.compile(r"^\s*(?:[•·\-－*]|\d+[.、．])\s*")


def plain_to_html(text: str) -> str:
    """Text typed without the editor: one paragraph per line; lines starting with •, - or
    "1." become list items. Everything is escaped: no markup is taken from plain text."""
    blocks: list[str] = []
    items: list[str] = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        if _BULLET.match(line):
            items.append(f"<li>{escape(_BULLET.sub('', line, count=1).strip())}</li>")
            continue
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
            items = []
        blocks.append(f"<p>{escape(line.strip())}</p>")
    if items:
        blocks.append("<ul>" + "".join(items) + "</ul>")
    return "".join(blocks)


def html_to_plain(html: str) -> str:
    """The sections' HTML as the text the fallback textarea shows (no markup)."""
    text = re.sub(r"<li[^>]*>", "• ", html or "")
    text = re.sub(r"</(?:p|li|tr|h\d)>|<br\s*/?>", "\n", text)
    text = re.sub(r"</t[dh]>", "\t", text)
    text = re.sub(r"<[^>]*>", "", text)
    lines = [line.strip() for line in unescape(text).split("\n")]
    return "\n".join(line for line in lines if line)

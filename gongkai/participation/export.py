"""The XLSX of every comment on a call, for the drafting unit (with names and contacts: it is
the office's working copy, never published)."""

from __future__ import annotations

from gongkai.core import tabular
from gongkai.participation import articles, states
from gongkai.participation.models import CommentCall

COLUMNS = [
    "回执编号",
    "提交日期",
    "条款",
    "意见内容",
    "姓名",
    "联系方式",
    "同意公开",
    "审核状态",
    "不予公开或合并原因",
    "合并至",
    "个人信息提示",
    "归入意见",
    "采纳情况",
    "提交渠道",
    "邮戳日期",
]
WIDTHS = [22, 12, 10, 60, 10, 16, 8, 10, 24, 22, 16, 40, 10, 10, 12]


def write_comments_xlsx(call: CommentCall) -> bytes:
    workbook, sheet = tabular.xlsx_sheet("意见", COLUMNS, WIDTHS)
    comments = call.comments.select_related("merged_into", "opinion").order_by("pk")
    for c in comments:
        values = [
            c.receipt_number,
            c.received_on.isoformat(),
            articles.article_label(c.article) if c.article else "全文",
            c.body,
            c.name,
            c.contact,
            "是" if c.consent else "否",
            states.COMMENT_LABELS[c.status],
            c.hidden_reason,
            c.merged_into.receipt_number if c.merged_into else "",
            "、".join(c.privacy_flags),
            c.opinion.summary if c.opinion else "",
            c.opinion.get_decision_display() if c.opinion else "",
            c.get_channel_display(),
            c.postmarked_on.isoformat() if c.postmarked_on else "",
        ]
        sheet.append([tabular.xlsx_text(sheet, v) if v else None for v in values])
    return tabular.xlsx_bytes(workbook)
